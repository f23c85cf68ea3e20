import Foundation
import Testing

@Suite struct ReportCommandTests {
    @Test func htmlMarkdownAndCSVExports() throws {
        let root = try BatchCommandTests.archive(count: 6)
        _ = try CLITestSupport.run(["batch", "data", "--debug-fake-analysis-ms", "1"], in: root)
        let html = try CLITestSupport.run(["report", "--athlete", "athlete0", "--out", "r.html", "--csv-dir", "csv"], in: root)
        #expect(html.status == 0, "\(html.stderr)")
        let text = try String(contentsOf: root.appendingPathComponent("r.html"), encoding: .utf8)
        #expect(text.contains("<svg class=\"chart\"") && text.contains("Fatigue report: athlete0"))
        let csvFiles = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("csv").path)
        #expect(csvFiles.count == 2)
        let md = try CLITestSupport.run(["report", "--athlete", "athlete0", "--format", "md", "--out", "-"], in: root)
        #expect(md.stdout.hasPrefix("# Fatigue report: athlete0"))
        let ambiguous = try CLITestSupport.run(["report"], in: root)
        #expect(ambiguous.status == 1 && ambiguous.stderr.contains("--athlete is required"))
    }
}
