import ArgumentParser
import Foundation
import HipDriveHistory
import HipDriveReports

/// `hipdrive report`: the fatigue report for one athlete.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write an athlete's fatigue report: one self-contained HTML file (or Markdown).",
        discussion: """
            For each session: power per rep with the breakdown rep and the 10/20/30 % loss lines, \
            the fatigue decomposition (less work per rep versus a slower drive), smoothness (SPARC) \
            and shape consistency; across sessions: mean drive power and power loss trends with the \
            rolling baseline and flags; plain-language notes with their numbers and units. The HTML \
            has inline SVG charts and CSS, no scripts and no network access, and prints to PDF.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Athlete (may be omitted when the store holds only one).") var athlete: String?
    @Option(help: ArgumentHelp("Only sessions on or after this date (earlier ones still feed the baselines).", valueName: "date"))
    var since: String?
    @Option(help: ArgumentHelp("Output file. Default: report.html (report.md with --format md).", valueName: "file"))
    var out: String?
    @Option(help: ArgumentHelp("html or md.", valueName: "format")) var format: String = "html"
    @Option(help: ArgumentHelp("Also write one per-rep CSV per session into this folder.", valueName: "folder"))
    var csvDir: String?
    @Option(help: ArgumentHelp("Rolling baseline length, weeks.", valueName: "weeks")) var baselineWeeks: Double = 4

    func validate() throws {
        guard ["html", "md", "markdown"].contains(format) else { throw ValidationError("--format must be html or md") }
        if let since, MetadataParsing.date(since) == nil { throw ValidationError("date '\(since)' not understood: use 2026-03-02") }
        guard baselineWeeks > 0 else { throw ValidationError("--baseline-weeks must be positive") }
    }

    func run() async throws {
        try await CommandSupport.failingCleanly {
            let store = try HistoryStore(path: storeOptions.resolvedPath, create: false)
            let athletes = try store.athletes()
            let name: String
            if let athlete {
                guard athletes.contains(athlete) else {
                    throw CommandProblem("no sessions for athlete '\(athlete)' in \(store.path); athletes: \(athletes.joined(separator: ", "))")
                }
                name = athlete
            } else if athletes.count == 1 {
                name = athletes[0]
            } else {
                throw CommandProblem("--athlete is required: \(store.path) holds \(athletes.isEmpty ? "no athletes" : athletes.joined(separator: ", "))")
            }
            let report = try FatigueReport(store: store, athlete: name, since: since.flatMap(MetadataParsing.date),
                                           options: TrendOptions(baselineDays: baselineWeeks * 7))
            let markdown = format != "html"
            let path = out ?? (markdown ? "report.md" : "report.html")
            try CommandSupport.write(markdown ? report.markdown() : report.html(), to: path)
            if let csvDir {
                try FileManager.default.createDirectory(atPath: csvDir, withIntermediateDirectories: true)
                for file in report.sessionCSVFiles() {
                    try CommandSupport.write(file.text, to: (csvDir as NSString).appendingPathComponent(file.name))
                }
            }
            let target = path == "-" ? "standard output" : path
            print("Report for \(name): \(report.sessions.count) sessions written to \(target)"
                + (csvDir.map { "; per-session CSV in \($0)/" } ?? "") + ".")
        }
    }
}
