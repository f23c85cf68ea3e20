import Foundation
import HipDriveRecordings
import HipDriveSimulator
@testable import HipDriveAnalysis
@testable import HipDriveValidation
import HipDriveTestSupport

/// Runs `body` on a simulated session written to a temporary folder in `format` and read back
/// through the readers, as `hipdrive validate` does: the tests that pin a validation miss go
/// through the same kind of file the miss was seen in. The folder is removed afterwards.
func withRecordingThroughFile<T>(_ session: SimulatedSession, format: SimulatedFormat, name: String = "session",
                                 _ body: (Recording) throws -> T) throws -> T {
    let folder = TestScratch.root.appendingPathComponent("hipdrive-fixture-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    return try body(try RecordingReader.read(try RecordingWriter.write(session, format: format, to: folder, name: name)))
}

/// The configuration `hipdrive validate --seed runSeed` draws for its session `sessionSeed`
/// (the seed printed by `validate --verbose`), so a test can pin a miss seen in a validation run.
func validationDraw(runSeed: UInt64, sessionSeed: UInt64, sessions: Int = 200) -> SimulationConfig? {
    let options = ValidationOptions(sessions: sessions, seed: runSeed)
    var random = SplitMix64(seed: options.seed)
    for k in 0..<options.sessions {
        let config = SessionDraw.draw(&random, index: k, options: options)
        if config.seed == sessionSeed { return config }
    }
    return nil
}

/// Simulates `config`, writes the session in `format`, reads it back and analyses it with
/// `settings` (`withRecordingThroughFile`).
func simulateAndAnalyse(_ config: SimulationConfig, format: SimulatedFormat, settings: AnalysisSettings,
                        name: String = "session") throws -> (session: SimulatedSession, analysis: SessionAnalysis) {
    let session = Simulator.simulate(config)
    let analysis = try withRecordingThroughFile(session, format: format, name: name) { recording in
        try SessionAnalyzer.analyze(recording, settings: settings)
    }
    return (session, analysis)
}

/// Rep counts per set, found and true, for a test's message.
func repCounts(_ analysis: SessionAnalysis, _ session: SimulatedSession) -> String {
    "found \(analysis.sets.map(\.reps.count)), truth \(session.truth.sets.map(\.reps.count))"
}


/// A banded hip-pull session of `scripts/sweep/simulate_sweep.py --mode hip`, as `hipdrive
/// simulate` builds it from the options the sweep drew (`--exercise hip-pull --seed S --style
/// --hands --mass --sets --reps --rate [--cadence] --pauses --fatigue --fatigue-loss
/// --breakdown-rep --rest 30 [--no-hike] --hip-pull-finish --band-stiffness [--no-gyro]`; the
/// style, hands and mass are drawn for swings too and move the simulator's random draws).
func sweptHipPull(seed: UInt64, style: SimulationConfig.SwingStyle, hands: SimulationConfig.Hands, massKg: Double,
                  sets: Int, reps: Int, rateHz: Double, cadencePerMin: Double? = nil, pauses: Int = 0,
                  fatigue: SimulationConfig.Fatigue, finish: SimulationConfig.HipPullFinish, stiffnessNPerM: Double,
                  gyroscope: Bool = false, hike: Bool = true) -> SimulationConfig {
    var config = SimulationConfig(seed: seed)
    config.exercise = .hipPull
    config.style = style
    config.hands = hands
    config.massKg = massKg
    config.band = .init(stiffnessNPerM: stiffnessNPerM)
    config.hipPullFinish = finish
    config.sets = sets
    config.repsPerSet = reps
    config.restS = 30
    if let cadencePerMin { config.cadencePerMin = cadencePerMin }
    config.pausesPerSet = pauses
    config.includeHike = hike
    config.fatigue = fatigue
    config.sensor.placement = .hips
    config.sensor.sampleRateHz = rateHz
    config.sensor.hasGyroscope = gyroscope
    return config
}

/// Simulates a hip-pull `config`, writes it in `format` and analyses it with the band's stiffness
/// as the sweep gives it (`--band-stiffness`, no slack).
func simulateAndAnalyseHipPull(_ config: SimulationConfig, format: SimulatedFormat) throws -> (session: SimulatedSession, analysis: SessionAnalysis) {
    try simulateAndAnalyse(config, format: format, settings: AnalysisSettings(
        exercise: .hipPull, load: .init(band: .stiffness(newtonsPerMetre: config.band?.stiffnessNPerM ?? 0, slackM: 0))))
}
