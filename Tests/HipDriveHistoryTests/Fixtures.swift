import Foundation
import HipDriveAnalysis
@testable import HipDriveHistory
import HipDriveTestSupport

/// Builds analyses with known numbers, and fake analyzers for the batch engine.
enum Fixtures {
    /// A one-set swing session whose rep `i` (1-based) has mean drive power `means[i-1]` W,
    /// peak power 2× that, work = mean × 0.5 s.
    static func analysis(path: String = "x.csv", means: [Double], startDate: Date? = nil,
                         powerLoss: Double? = nil, breakdownRep: Int? = nil, unit: String = "W") -> SessionAnalysis {
        let reps = means.enumerated().map { i, p in
            RepMetrics(index: i + 1, start: Double(i) * 1.8, end: Double(i + 1) * 1.8, turnaround: Double(i) * 1.8,
                       apex: Double(i) * 1.8 + 0.5, peakPowerW: 2 * p, meanDrivePowerW: p, workJ: p * 0.5,
                       peakSpeedMps: 3, driveTimeS: 0.5, repTimeS: 1.8, smoothnessSPARC: -1.6, shapeCorrelation: 0.95)
        }
        let fatigue = FatigueBreakdown(powerLossPct: PowerLoss(peak: powerLoss, meanDrive: powerLoss), velocityLossPct: nil,
                                       slopePctPerRep: nil, breakdownRep: breakdownRep, workShare: 0.6, tempoShare: 0.4,
                                       smoothnessDrift: -0.1)
        let set = SetAnalysis(index: 1, start: 0, end: Double(means.count) * 1.8, cadenceRpm: 33, reps: reps, fatigue: fatigue)
        return SessionAnalysis(softwareVersion: HipDriveVersion.string,
                               input: AnalysisInput(path: path, format: "test", kind: "imu", durationS: 60,
                                                    startDate: startDate, quality: nil, orientationMethod: nil),
                               exercise: .swing, load: LoadSpecification(massKg: 24), powerUnit: unit, sets: [set])
    }

    static func entry(hash: String, athlete: String = "anna", date: Date = Date(timeIntervalSince1970: 1_770_000_000),
                      means: [Double] = [500, 510, 490, 470, 450], analyzedAt: Date = Date()) -> SessionEntry {
        SessionEntry(metadata: SessionMetadata(athlete: athlete, date: date, dateSource: .manifest, exercise: .swing, massKg: 24),
                     sourcePath: "\(hash).csv", contentHash: hash, settings: AnalysisSettings(load: LoadSpecification(massKg: 24)),
                     analysis: analysis(means: means), analyzedAt: analyzedAt)
    }

    /// A fake analyzer: throws for files whose content starts with "BROKEN", otherwise returns a
    /// session whose rep powers come from the file's bytes (so different files differ).
    static let fakeAnalyze: BatchAnalyze = { url, settings in
        let data = try Data(contentsOf: url)
        if data.starts(with: Data("BROKEN".utf8)) {
            throw HistoryError.invalidValue(what: "recording", value: url.lastPathComponent, expected: "a readable table")
        }
        let seed = Double(data.reduce(0) { ($0 &* 31 &+ Int($1)) & 0xffff })
        return analysis(path: url.path, means: (0..<6).map { 400 + seed.truncatingRemainder(dividingBy: 100) - Double($0) * 10 })
    }

    static func temporaryDirectory() -> URL {
        let url = TestScratch.root.appendingPathComponent("hipdrive-history-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `files` (relative path → content) under a fresh folder.
    static func folder(_ files: [String: String]) throws -> URL {
        let root = temporaryDirectory()
        for (path, content) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try content.write(to: url, atomically: true, encoding: .utf8)
        }
        return root
    }
}
