import ArgumentParser
import Foundation
import HipDriveAnalysis
import HipDriveHistory
import HipDriveReports

/// `hipdrive trends`: per athlete, exercise and load, across sessions.
struct TrendsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trends",
        abstract: "Trends per athlete, exercise and load across the stored sessions.",
        discussion: """
            Per group: best and typical (median) session peak power and mean drive power (W, or \
            W/kg when the bell mass is unknown), typical power loss within sets (%), typical \
            breakdown rep, total work (J) and reps; for each session the rolling baseline (mean of \
            the group's sessions in the --baseline-weeks before it) and the change against it (%); \
            the least-squares slope of session mean drive power per week with its standard error; \
            and flags for sessions that depart from their baseline.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Only this athlete.") var athlete: String?
    @Option(help: ArgumentHelp("Only this exercise: swing or hip-pull.", valueName: "name")) var exercise: String?
    @Option(help: ArgumentHelp("Only this load, as shown in the table (e.g. \"24 kg\").", valueName: "label")) var load: String?
    @Option(help: ArgumentHelp("Only sessions on or after this date.", valueName: "date")) var since: String?
    @Option(help: ArgumentHelp("Rolling baseline length, weeks.", valueName: "weeks")) var baselineWeeks: Double = 4
    @Option(help: ArgumentHelp("Flag sessions whose mean drive power departs from the baseline by at least this, %.", valueName: "pct"))
    var flagChangePct: Double = 10
    @Option(help: ArgumentHelp("Flag sessions whose power loss exceeds the baseline's by at least this, percentage points.", valueName: "points"))
    var flagLossPoints: Double = 10
    @Option(help: "Sessions the baseline needs before a session can be flagged.") var minBaselineSessions: Int = 2
    @Flag(help: "Write JSON (groups with their sessions) instead of a table.") var json = false
    @Flag(help: "Write CSV (one row per session) instead of a table.") var csv = false
    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file")) var out: String?

    func validate() throws {
        if json && csv { throw ValidationError("choose one of --json and --csv") }
        if let exercise, MetadataParsing.exercise(exercise) == nil { throw ValidationError("unknown exercise '\(exercise)': use swing or hip-pull") }
        if let since, MetadataParsing.date(since) == nil { throw ValidationError("date '\(since)' not understood: use 2026-03-02") }
        guard baselineWeeks > 0 else { throw ValidationError("--baseline-weeks must be positive") }
        guard minBaselineSessions >= 1 else { throw ValidationError("--min-baseline-sessions must be at least 1") }
    }

    func run() async throws {
        try await CommandSupport.failingCleanly {
            let store = try HistoryStore(path: storeOptions.resolvedPath, create: false)
            let options = TrendOptions(baselineDays: baselineWeeks * 7, minimumBaselineSessions: minBaselineSessions,
                                       flagChangePct: flagChangePct, flagLossPoints: flagLossPoints)
            // Baselines need the sessions before --since, so filter the points afterwards.
            let sessions = try store.sessions(athlete: athlete, exercise: exercise.flatMap(MetadataParsing.exercise))
            var groups = Trends.compute(sessions, options: options)
            if let load { groups = groups.filter { $0.load.replacingOccurrences(of: " ", with: "") == load.replacingOccurrences(of: " ", with: "") } }
            if let sinceDate = since.flatMap(MetadataParsing.date) {
                groups = groups.compactMap { g in
                    var g = g
                    g.points = g.points.filter { $0.date >= sinceDate }
                    return g.points.isEmpty ? nil : g
                }
            }
            let text: String
            if json {
                text = String(decoding: try CommandSupport.jsonEncoder().encode(groups), as: UTF8.self) + "\n"
            } else if csv {
                text = TrendsFormatter.csv(groups)
            } else {
                text = TrendsFormatter.table(groups, options: options)
            }
            try CommandSupport.write(text, to: out)
        }
    }
}
