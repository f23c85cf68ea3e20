import Foundation
import HipDriveAnalysis
import HipDriveHistory
import Testing
@testable import HipDriveReports
import HipDriveTestSupport

/// Sessions with known numbers: every rep of a session has the same mean drive power, so the
/// session mean is that value; peak = 2 × mean; work = mean × 0.5 s per rep; 5 reps each.
enum ReportFixtures {
    static let day0 = MetadataParsing.date("2026-03-02")!

    static func analysis(mean: Double, loss: Double?, breakdown: Int?, reps: Int = 5) -> SessionAnalysis {
        let r = (1...reps).map { (i: Int) -> RepMetrics in
            let k = Double(i)
            let meanPower: Double = mean * (1 + (3 - k) * 0.03)  // averages to `mean` over 5 reps
            let sparc: Double = -1.5 - k * 0.05
            let shape: Double = 0.98 - k * 0.01
            return RepMetrics(index: i, start: k, end: k + 1.8, turnaround: k, apex: k + 0.5,
                              peakPowerW: 2 * mean, meanDrivePowerW: meanPower, workJ: mean * 0.5,
                              peakSpeedMps: 3, driveTimeS: 0.5, repTimeS: 1.8, smoothnessSPARC: sparc,
                              shapeCorrelation: shape)
        }
        let f = FatigueBreakdown(powerLossPct: PowerLoss(peak: loss, meanDrive: loss), velocityLossPct: 5, slopePctPerRep: -3,
                                 breakdownRep: breakdown, workShare: 0.7, tempoShare: 0.3, smoothnessDrift: -0.15,
                                 shapeConsistencyLast: 0.95, repVariabilityCVPct: 4,
                                 thresholdCrossings: [ThresholdCrossing(thresholdPct: 10, rep: 4), ThresholdCrossing(thresholdPct: 20, rep: nil),
                                                      ThresholdCrossing(thresholdPct: 30, rep: nil)])
        return SessionAnalysis(softwareVersion: HipDriveVersion.string,
                               input: AnalysisInput(path: "x.csv", format: "test", kind: "imu", durationS: 60, quality: nil, orientationMethod: nil),
                               exercise: .swing, load: LoadSpecification(massKg: 24), powerUnit: "W",
                               sets: [SetAnalysis(index: 1, start: 1, end: Double(reps) + 2.8, cadenceRpm: 33, reps: r, fatigue: f)])
    }

    /// Session means 400, 420, 410, 430, 360 W on days 0, 7, 14, 21, 35; power loss 5, 6, 7, 8, 20 %;
    /// breakdown only in the last (rep 4).
    static let plan: [(day: Double, mean: Double, loss: Double, breakdown: Int?)] = [
        (0, 400, 5, nil), (7, 420, 6, nil), (14, 410, 7, nil), (21, 430, 8, nil), (35, 360, 20, 4),
    ]

    static func sessions() -> [StoredSession] {
        plan.enumerated().map { i, p in
            let summary = SessionSummary(powerUnit: "W", peakPower: 2 * p.mean, meanDrivePower: p.mean, powerLossPct: p.loss,
                                         breakdownRep: p.breakdown, totalWork: 5 * 0.5 * p.mean, totalReps: 5, setCount: 1)
            return StoredSession(id: Int64(i + 1),
                                 metadata: SessionMetadata(athlete: "anna", date: day0.addingTimeInterval(p.day * 86_400),
                                                           dateSource: .manifest, exercise: .swing, massKg: 24),
                                 sourcePath: "anna/s\(i).csv", contentHash: "h\(i)", summary: summary)
        }
    }

    static func store() throws -> HistoryStore {
        let dir = TestScratch.root.appendingPathComponent("hipdrive-reports-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = try HistoryStore(path: dir.appendingPathComponent("s.sqlite").path)
        for (i, p) in plan.enumerated() {
            try store.save(SessionEntry(
                metadata: SessionMetadata(athlete: "anna", date: day0.addingTimeInterval(p.day * 86_400), dateSource: .manifest,
                                          exercise: .swing, massKg: 24, placement: "handle"),
                sourcePath: "anna/s\(i).csv", contentHash: "h\(i)", settings: AnalysisSettings(),
                analysis: analysis(mean: p.mean, loss: p.loss, breakdown: p.breakdown)))
        }
        return store
    }
}

@Suite struct TrendsTests {
    @Test func trendArithmeticMatchesHandComputedValues() throws {
        let groups = Trends.compute(ReportFixtures.sessions())
        #expect(groups.count == 1)
        let g = try #require(groups.first)
        #expect(g.athlete == "anna" && g.load == "24 kg" && g.sessions == 5 && g.totalReps == 25)
        #expect(g.bestMeanDrivePower == 430)
        #expect(g.typicalMeanDrivePower == 410)  // median of 360, 400, 410, 420, 430
        #expect(g.bestPeakPower == 860 && g.typicalPeakPower == 820)
        #expect(g.bestPowerLossPct == 5 && g.typicalPowerLossPct == 7)
        #expect(g.typicalBreakdownRep == 4 && g.sessionsWithBreakdown == 1)
        #expect(g.totalWork == 2.5 * 2020)
        // Baselines (28 days before, this session excluded): —, 400, (400+420)/2, (400+420+410)/3,
        // and for day 35 the sessions of days 7, 14, 21: (420+410+430)/3 = 420.
        let baselines = g.points.map(\.baselineMeanDrivePower)
        #expect(baselines[0] == nil)
        #expect(baselines[1] == 400 && baselines[2] == 410 && baselines[3] == 410 && baselines[4] == 420)
        #expect(g.points.map(\.baselineSessions) == [0, 1, 2, 3, 3])
        #expect(abs(g.points[1].changePct! - 5) < 1e-9)
        #expect(abs(g.points[3].changePct! - 100 * (430.0 / 410 - 1)) < 1e-9)  // +4.878 %
        #expect(abs(g.latestChangePct! - (-14.285714285714286)) < 1e-9)       // 360/420 − 1
        // Slope over x = 0, 1, 2, 3, 5 weeks: Sxx = 14.8, Sxy = −114 → −7.7027 W/week;
        // SE = sqrt(SSR/3/Sxx) with SSR = 2041.89 → 6.7815.
        #expect(abs(g.slopePerWeek! - (-114.0 / 14.8)) < 1e-9)
        #expect(abs(g.slopeStandardError! - 6.781486276893232) < 1e-9)
        // Only the last session departs: −14.3 % (≥ 10 %) and loss 20 % vs baseline 7 % (+13 points).
        #expect(g.points.map(\.flags.count) == [0, 0, 0, 0, 2])
        #expect(g.flaggedSessions == 1)
        #expect(g.points[4].flags[0].contains("14.3 % below the 4-week baseline"))
        #expect(g.points[4].flags[1].contains("+13.0 points"))
    }

    @Test func smallSamplesGiveNoSlopeAndMedianAveragesTheMiddle() {
        #expect(Trends.linearFit([(0, 1), (1, 2)]) == nil)
        #expect(Trends.linearFit([(2, 1), (2, 2), (2, 3)]) == nil)
        let exact = Trends.linearFit([(0, 1), (1, 3), (2, 5)])
        #expect(exact?.slope == 2 && exact?.standardError == 0)
        #expect(Trends.median([4, 1, 3, 2]) == 2.5)
        #expect(Trends.median([]) == nil)
    }

    @Test func groupsSplitByLoadAndCSVHasOneRowPerSession() {
        var sessions = ReportFixtures.sessions()
        sessions[0].metadata.massKg = 32
        let groups = Trends.compute(sessions)
        #expect(groups.map(\.load) == ["24 kg", "32 kg"])
        let csv = TrendsFormatter.csv(groups)
        #expect(csv.split(separator: "\n").count == 1 + 5)
        #expect(csv.hasPrefix("athlete,exercise,load,power_unit,date"))
        let table = TrendsFormatter.table(groups, options: TrendOptions())
        #expect(table.contains("Flagged sessions") && table.contains("anna"))
    }
}

@Suite struct ReportTests {
    @Test func htmlIsSelfContainedWithChartsAndNotes() throws {
        let report = try FatigueReport(store: try ReportFixtures.store(), athlete: "anna")
        #expect(report.sessions.count == 5)
        let html = report.html()
        // 5 sessions × (power + form + decomposition) + trend + loss trend.
        #expect(html.components(separatedBy: "<svg class=\"chart\"").count - 1 == 5 * 3 + 2)
        #expect(html.contains("data-chart=\"rep-power\"") && html.contains("breakdown rep 4"))
        #expect(html.contains("−10 %") && html.contains("−20 %") && html.contains("−30 %"))
        #expect(!html.contains("<script") && !html.contains("src=\"http") && !html.contains("href=\"http"))
        #expect(html.contains("@media print"))
        let hasBaselineNote = html.contains("14.3 % below the 4-week baseline of 420 W")
        let hasDecompositionNote = html.contains("Of the change, 70 % came from less work per rep")
        #expect(hasBaselineNote && hasDecompositionNote)
    }

    @Test func sinceKeepsEarlierSessionsForTheBaseline() throws {
        let since = ReportFixtures.day0.addingTimeInterval(30 * 86_400)
        let report = try FatigueReport(store: try ReportFixtures.store(), athlete: "anna", since: since)
        #expect(report.sessions.count == 1)
        #expect(report.trends.first?.points.first?.baselineMeanDrivePower == 420)
    }

    @Test func markdownAndSessionCSV() throws {
        let report = try FatigueReport(store: try ReportFixtures.store(), athlete: "anna")
        let md = report.markdown()
        #expect(md.hasPrefix("# Fatigue report: anna"))
        #expect(md.contains("| rep | mean drive power (W) |"))
        let files = report.sessionCSVFiles()
        #expect(files.count == 5)
        #expect(files[0].name == "2026-03-02_anna_swing_1.csv")
        let lines = files[0].text.split(separator: "\n")
        #expect(lines.count == 6)
        #expect(lines[1].hasPrefix("1,1,1,2.8,1,1.5,800,424,200,"))
    }

    static var chromium: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Renders the report in headless Chromium through scripts/check-report-render.sh. .ci/run
    /// installs chromium; without it this test is skipped (and says so).
    @Test(.enabled(if: chromium != nil, "chromium is not installed (apt-get install chromium)"))
    func reportRendersInHeadlessChromium() throws {
        let report = try FatigueReport(store: try ReportFixtures.store(), athlete: "anna")
        let dir = TestScratch.root.appendingPathComponent("hipdrive-render-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let html = dir.appendingPathComponent("report.html")
        try report.html().write(to: html, atomically: true, encoding: .utf8)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [root.appendingPathComponent("scripts/check-report-render.sh").path, html.path, "17",
                             dir.appendingPathComponent("render").path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(output.contains("OK: 17 charts"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("render/report.png").path))
    }
}
