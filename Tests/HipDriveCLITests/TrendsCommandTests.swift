import Foundation
import Testing

@Suite struct TrendsCommandTests {
    @Test func tableJSONAndCSVFromABatch() throws {
        let root = try BatchCommandTests.archive(count: 9)
        _ = try CLITestSupport.run(["batch", "data", "--debug-fake-analysis-ms", "1"], in: root)
        let table = try CLITestSupport.run(["trends"], in: root)
        #expect(table.status == 0)
        #expect(table.stdout.contains("athlete0") && table.stdout.contains("24 kg") && table.stdout.contains("slope/week"))
        let json = try CLITestSupport.run(["trends", "--athlete", "athlete1", "--json"], in: root)
        let groups = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(groups?.count == 1)
        #expect(groups?.first?["athlete"] as? String == "athlete1")
        #expect((groups?.first?["points"] as? [Any])?.count == 3)
        let csv = try CLITestSupport.run(["trends", "--csv"], in: root)
        #expect(csv.stdout.split(separator: "\n").count == 1 + 9)
    }

    @Test func missingStoreIsAClearError() throws {
        let run = try CLITestSupport.run(["trends", "--store", "nothing.sqlite"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("nothing.sqlite: no history store here"))
    }
}
