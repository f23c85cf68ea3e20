import Foundation
import HipDriveAudio
import HipDriveRecordings
import Testing
@testable import HipDriveSimulator
import HipDriveTestSupport

private func temporaryDirectory() -> URL {
    let url = TestScratch.root.appendingPathComponent("hipdrive-sim-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

private func smallSession(gyroRate: Double? = nil) -> SimulatedSession {
    var config = SimulationConfig(seed: 17, repsPerSet: 5)
    config.idleBeforeS = 2
    config.idleAfterS = 2
    config.sensor.gyroSampleRateHz = gyroRate
    return Simulator.simulate(config)
}

/// Every IMU layout the simulator writes is read back by the project's reader with the same
/// number of samples, rate and sensors.
@Test(arguments: [SimulatedFormat.physicsToolbox, .phyphox, .sensorLogger, .metawear, .kettlebox, .tsvLogger])
func writtenTablesReadBack(format: SimulatedFormat) throws {
    let session = smallSession()
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = try RecordingWriter.write(session, format: format, to: directory, name: "swings")
    let recording = try RecordingReader.read(url)
    guard case let .motion(trace) = recording.content else {
        Issue.record("\(format) read back as audio")
        return
    }
    #expect(abs(trace.quality.effectiveSampleRateHz - session.config.sensor.sampleRateHz) < 2, "\(format): \(trace.quality.effectiveSampleRateHz) Hz")
    #expect(abs(trace.duration - session.sensor.time.last!) < 0.5, "\(format): \(trace.duration) s")
    #expect(trace.quality.hasGyroscope == (format != .physicsToolbox), "\(format) gyroscope")
    // At rest on the floor the reader sees 1 g (the tsv layout keeps two decimals of g).
    let f = trace.specificForce[Int(trace.sampleRate / 2)]
    #expect(abs(f.norm - standardGravity) < 0.25, "\(format): |f| at rest \(f.norm)")
}

@Test func metaWearGyroscopeKeepsItsOwnRate() throws {
    let session = smallSession(gyroRate: 50)
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let folder = try RecordingWriter.write(session, format: .metawear, to: directory, name: "mw")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    #expect(names.count == 2)
    #expect(names.contains { $0.contains("Accelerometer_100.000Hz") })
    #expect(names.contains { $0.contains("Gyroscope_50.000Hz") })
    let gyroRows = session.sensor.gyroTime!.count
    #expect(abs(Double(gyroRows) - Double(session.sensor.time.count) / 2) < 5)
}

@Test func layoutsWithGyroColumnsRefuseAnAccelerometerOnlySession() {
    var config = SimulationConfig(seed: 2, repsPerSet: 2)
    config.sensor.hasGyroscope = false
    let session = Simulator.simulate(config)
    #expect(throws: SimulatorError.formatNeedsGyroscope(format: "kettlebox")) {
        try RecordingWriter.write(session, format: .kettlebox, to: temporaryDirectory(), name: "x")
    }
}

@Test func audioHasExhalesNearEachFloatAndClatter() throws {
    var config = SimulationConfig(seed: 5, repsPerSet: 6, clatterCount: 2)
    config.idleBeforeS = 4
    config.idleAfterS = 4
    config.audio.sampleRateHz = 8000
    let session = Simulator.simulate(config)
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = try RecordingWriter.write(session, format: .wav, to: directory, name: "session")
    let reader = try AudioFileReader(url: url)
    let samples = try reader.readAllMono()
    #expect(abs(Double(samples.count) / 8000 - session.truth.durationS) < 0.01)
    func rms(_ from: Double, _ to: Double) -> Double {
        let a = max(0, Int(from * 8000)), b = min(samples.count, Int(to * 8000))
        return (samples[a..<b].reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(1, b - a))).squareRoot()
    }
    // The room alone: the quietest half second of the file.
    let quiet = stride(from: 0.0, to: session.truth.durationS - 0.5, by: 0.5).map { rms($0, $0 + 0.5) }.min()!
    for rep in session.truth.sets[0].reps {
        #expect(rms(rep.apex - 0.05, rep.apex + 0.15) > 4 * quiet, "exhale at \(rep.apex)")
    }
    let clatter = session.truth.nonRepIntervals.filter { $0.kind == "clatter" }
    #expect(clatter.count == 3)  // two random knocks and the park
    for event in clatter { #expect(rms(event.start, event.start + 0.05) > 4 * quiet) }
}

@Test func truthJSONRoundTrips() throws {
    let session = smallSession()
    let data = try RecordingWriter.truthJSON(session.truth)
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    let decoded = try decoder.decode(SimulationTruth.self, from: data)
    #expect(decoded.sets == session.truth.sets)
    let text = String(decoding: data, as: UTF8.self)
    for key in ["\"peakPowerW\"", "\"meanDrivePowerW\"", "\"workJ\"", "\"peakSpeedMps\"", "\"driveTimeS\"", "\"turnaround\"", "\"apex\"", "\"nonRepIntervals\""] {
        #expect(text.contains(key))
    }
}
