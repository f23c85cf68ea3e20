import Foundation
import HipDriveRecordings
import Testing
@testable import HipDriveSimulator
import HipDriveTestSupport

/// Contract between the simulator's files and the readers: what the readers make of a written
/// recording (world-frame vertical linear acceleration, after their orientation estimate) agrees
/// with the model's truth. Vertical only, because an IMU cannot know the heading.
@Test(arguments: [SimulatedFormat.sensorLogger, .kettlebox, .phyphox])
func readersRecoverTheTrueVerticalAcceleration(format: SimulatedFormat) throws {
    var config = SimulationConfig(seed: 7, repsPerSet: 8)
    config.idleBeforeS = 3
    config.idleAfterS = 2
    let session = Simulator.simulate(config)
    let directory = TestScratch.root.appendingPathComponent("hipdrive-agree-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = try RecordingWriter.write(session, format: format, to: directory, name: "recording")
    guard case let .motion(trace) = try RecordingReader.read(url).content else {
        Issue.record("\(format) did not read as motion")
        return
    }
    let ideal = session.idealTrace
    let set = session.truth.sets[0]
    var squaredError = 0.0, squaredSignal = 0.0
    for index in 0..<trace.count {
        let time = trace.time(at: index)
        let k = Int((time * ideal.sampleRate).rounded())
        guard time > set.start, time < set.end, k < ideal.count else { continue }
        let difference = trace.linearAcceleration.z[index] - ideal.linearAcceleration.z[k]
        squaredError += difference * difference
        squaredSignal += ideal.linearAcceleration.z[k] * ideal.linearAcceleration.z[k]
    }
    let relative = (squaredError / squaredSignal).squareRoot()
    #expect(relative < 0.1, "\(format): vertical acceleration error \(relative * 100) % of the signal")
}
