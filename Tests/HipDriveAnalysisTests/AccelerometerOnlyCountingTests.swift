import Foundation
import HipDriveRecordings
import HipDriveSimulator
import Testing
@testable import HipDriveAnalysis
import HipDriveTestSupport

/// Accelerometer-only swing counting (AccelerometerOnlyCounting.swift) on simulated files,
/// two sessions that the |f|-only float test and the height-parity turnarounds got wrong:
/// * a fatigued American swing (|f| ≈ 1 g overhead, the arms stacked under the bell; the
///   integrated height put late floats below the turnaround): 6 of 12 reps were found;
/// * a set that ends standing up with the bell (no park): standing up was counted as a rep.
@Suite struct AccelerometerOnlyCountingTests {
    struct Case: Sendable, CustomStringConvertible {
        var seed: UInt64
        var style: SimulationConfig.SwingStyle
        var massKg: Double
        var reps: Int
        var sets: Int
        var cadence: Double
        var breakdownRep: Int?
        var park: Bool
        var description: String { "\(style) \(massKg) kg seed \(seed)" }
    }

    static let cases = [
        Case(seed: 976_404_813, style: .american, massKg: 16, reps: 12, sets: 1, cadence: 33.3, breakdownRep: 8, park: true),
        Case(seed: 562_786_809, style: .american, massKg: 8, reps: 7, sets: 2, cadence: 28.3, breakdownRep: nil, park: false),
    ]

    static func analyse(_ c: Case) throws -> (SessionAnalysis, SimulationTruth) {
        var config = SimulationConfig(seed: c.seed)
        config.exercise = .swing
        config.style = c.style
        config.hands = .two
        config.massKg = c.massKg
        config.sets = c.sets
        config.restS = 45
        config.repsPerSet = c.reps
        config.cadencePerMin = c.cadence
        if let k = c.breakdownRep {
            config.fatigue = .init(kind: .breakdown, lossFraction: 0.35, breakdownRep: k, workShare: 0.6)
        }
        config.includeHike = true
        config.includePark = c.park
        config.sensor.hasGyroscope = false
        config.sensor.placement = .bell
        let session = Simulator.simulate(config)
        let folder = TestScratch.root.appendingPathComponent("hipdrive-acc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try RecordingWriter.write(session, format: .physicsToolbox, to: folder, name: "swing")
        let recording = try RecordingReader.read(url)
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(load: .init(massKg: c.massKg)))
        return (analysis, session.truth)
    }

    @Test(arguments: cases)
    func countsEveryFloatAndNothingElse(_ c: Case) throws {
        let (analysis, truth) = try Self.analyse(c)
        #expect(analysis.input.orientationMethod == .accelerometerOnly)
        #expect(analysis.sets.map(\.reps.count) == truth.sets.map(\.reps.count))
        // Each found turnaround sits on a true one (the median within 0.1 s, as the issue asks).
        let trueTurnarounds = truth.sets.flatMap(\.reps).map(\.turnaround)
        let errors = analysis.sets.flatMap(\.reps).map { rep in
            trueTurnarounds.map { abs($0 - rep.turnaround) }.min() ?? .infinity
        }.sorted()
        #expect(!errors.isEmpty && errors[errors.count / 2] < 0.1)
    }
}
