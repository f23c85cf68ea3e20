import Foundation
import HipDriveRecordings
import Testing
@testable import HipDriveAnalysis

/// A hip pull's last drive, which ends standing at its lockout, is kept when it moved the sensor
/// as far per radian of pelvis turn as the set's drives (HipPullPosture.swift,
/// `confirmFinalStandingRep`). Fixture `hip-gyro-gap-last-drive.log`
/// (Tests/CrosscheckFixtures/README.md): the independent simulator's session 50500012, a belt
/// sensor with a gyroscope, one set of 15 and a 1.7 s data gap in its middle. Every drive moved
/// the sensor 0.19–0.22 m; measured on the fused orientation to the reps' integrated apexes, the
/// drives after the gap read 0.27–0.44 m and the last one 0.15 m, and it was dropped as a stand-up.
@Suite struct HipPullFinalDriveTravelTests {
    static let turnarounds = [6.94, 9.38, 11.70, 14.16, 16.64, 19.09, 21.56, 23.87, 26.22, 28.52, 30.91, 33.45,
                              35.92, 38.26, 40.73]

    @Test func aLastDriveAfterADataGapIsCounted() throws {
        let recording = try RecordingReader.read(CrosscheckCountingTests.fixture("hip-gyro-gap-last-drive.log"))
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(
            exercise: .hipPull, load: .init(band: .stiffness(newtonsPerMetre: 346.617, slackM: -0.0948)), placement: .hips))
        CrosscheckCountingTests.expectReps(analysis, at: Self.turnarounds, tolerance: 0.15)
    }

    /// The travel the test compares, per drive, against the simulator's: the sensor's forward
    /// travel from each turnaround to its lockout, in a frame carried by the gyroscope through
    /// the drive (`gyroRepWorldAcceleration`), within 20 % of the true 0.19–0.22 m.
    @Test func eachDrivesTravelIsTheSensorsOwn() throws {
        let recording = try RecordingReader.read(CrosscheckCountingTests.fixture("hip-gyro-gap-last-drive.log"))
        guard case .motion(let trace) = recording.content else { throw CocoaError(.fileReadUnknown) }
        let finder = MotionRepFinder(exercise: .hipPull, trace: trace)
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(
            exercise: .hipPull, load: .init(band: .stiffness(newtonsPerMetre: 346.617, slackM: -0.0948)), placement: .hips))
        let reps = analysis.sets.flatMap(\.reps)
        try #require(reps.count >= 10)
        // The simulator's own sensor travel per drive (independent_sim.py, session 50500012).
        let truth = [0.195, 0.213, 0.192, 0.203, 0.204, 0.199, 0.214, 0.223, 0.197, 0.206, 0.210, 0.198, 0.206, 0.208, 0.201]
        var checked = 0
        for rep in reps {
            guard let k = Self.turnarounds.firstIndex(where: { abs($0 - rep.turnaround) < 0.15 }), let apex = rep.apex else { continue }
            let from = Int((rep.turnaround * trace.sampleRate).rounded()), to = Int((apex * trace.sampleRate).rounded())
            guard trace.segments.contains(where: { $0.contains(from) && $0.contains(to) }) else { continue }
            let axis = try #require(Self.forwardAxis(trace, from: from, to: to))
            let world = try #require(finder.gyroRepWorldAcceleration(samples: from...to, start: Double(from), end: Double(to)))
            let forward = (0..<world.count).map { axis.x * world.x[$0] + axis.y * world.y[$0] }
            let travel = abs(MotionRepFinder.restToRestExcursion(forward, from: 0, to: forward.count - 1, dt: 1 / trace.sampleRate))
            #expect(abs(travel / truth[k] - 1) < 0.2, "rep \(k + 1): travel \(travel) m against \(truth[k]) m")
            checked += 1
        }
        #expect(checked >= 12)
    }

    /// The horizontal direction of the sensor's largest acceleration over a drive (the hinge's
    /// forward axis, sign free).
    static func forwardAxis(_ trace: MotionTrace, from: Int, to: Int) -> (x: Double, y: Double)? {
        var xx = 0.0, xy = 0.0, yy = 0.0
        for i in from...to {
            let a = trace.linearAcceleration[i]
            xx += a.x * a.x; xy += a.x * a.y; yy += a.y * a.y
        }
        let angle = 0.5 * atan2(2 * xy, xx - yy)
        return xx + yy > 0 ? (cos(angle), sin(angle)) : nil
    }
}
