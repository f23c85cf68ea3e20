import Foundation
import HipDriveRecordings
import HipDriveSimulator
import Testing
@testable import HipDriveValidation

/// Writes drawn validation sessions to files (the format the validator would choose, plus
/// truth.json) so a developer can trace them with `HIPDRIVE_DEBUG_REPS=1 hipdrive analyze`.
/// Runs only when HIPDRIVE_DUMP_SEEDS=<session seed,…> and HIPDRIVE_DUMP_DIR=<folder> are set
/// (the seeds are the ones `hipdrive validate --verbose` prints; HIPDRIVE_DUMP_RUN_SEED is the
/// validate --seed, default 1; HIPDRIVE_DUMP_SESSIONS the validate --sessions, default 200, for a
/// session beyond the first 200). A developer's tool, not a check.
@Test func dumpValidationSessions() throws {
    let environment = ProcessInfo.processInfo.environment
    guard let list = environment["HIPDRIVE_DUMP_SEEDS"], let folder = environment["HIPDRIVE_DUMP_DIR"] else { return }
    let wanted = Set(list.split(separator: ",").compactMap { UInt64($0) })
    let runSeed = environment["HIPDRIVE_DUMP_RUN_SEED"].flatMap { UInt64($0) } ?? 1
    let sessions = environment["HIPDRIVE_DUMP_SESSIONS"].flatMap { Int($0) } ?? 200
    let options = ValidationOptions(sessions: sessions, seed: runSeed)
    var random = SplitMix64(seed: options.seed)
    for k in 0..<options.sessions {
        let config = SessionDraw.draw(&random, index: k, options: options)
        guard wanted.contains(config.seed) else { continue }
        let session = Simulator.simulate(config)
        let gyroFormats: [SimulatedFormat] = [.kettlebox, .tsvLogger, .phyphox, .sensorLogger, .metawear]
        let accelFormats: [SimulatedFormat] = [.physicsToolbox, .phyphox, .metawear]
        let choices = session.sensor.angularVelocity != nil ? gyroFormats : accelFormats
        let chosen = choices[Int(config.seed % UInt64(choices.count))]
        let out = URL(fileURLWithPath: folder).appendingPathComponent("\(config.seed)")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let url = try RecordingWriter.write(session, format: chosen, to: out, name: "session")
        if config.exercise == .swing {
            // The validator's audio leg of the same session (it writes one for a third of them).
            _ = try RecordingWriter.write(session, format: .wav, to: out, name: "session-audio")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(session.truth).write(to: out.appendingPathComponent("truth.json"))
        print("dumped", k, config.seed, SessionDraw.group(of: config), chosen.rawValue, url.path,
              config.exercise, config.style, config.hands, config.fatigue)
    }
}
