import Foundation
import HipDriveRecordings
import HipDriveSimulator
import Testing
@testable import HipDriveAnalysis
@testable import HipDriveValidation

/// Accelerometer-only bell counting failures found by the independent simulator
/// (`scripts/crosscheck/`), pinned on short excerpts of its sessions (Tests/CrosscheckFixtures/
/// README.md says where each comes from). HipDrive's own simulator counted these sets exactly.
@Suite struct AccelerometerOnlyCrosscheckTests {
    /// Handle sensor, Russian, one hand, 32 kg, no gyroscope, the whole set and the park. The
    /// last rep's fall is guided into the park: it passes the bottom at 1.1–1.2 g, under the
    /// 1.25 g that the park test asks of the turnaround between a float and the rest, and the
    /// bell stands still 0.94 of a period after that rep's float. The last rep was taken for the
    /// park's float and lost; the park's own float comes 0.2–0.6 of a period before the rest
    /// (AccelerometerOnlySwingPark.swift, `parkRestWithinShare`). Old code: 12 reps, the last
    /// at 23.44 s. (That simulator's torso extension deepens |f| just after the stop; the
    /// turnaround is now moved to the arm's stop (AccelerometerOnlyTurnaroundTime.swift), but on
    /// this heavy one-hand set the fit is too loose to decide for about half of them, which stay
    /// ~0.23 s late: hence the tolerance.)
    @Test func aLastRepGuidedIntoTheParkCounts() throws {
        let recording = try RecordingReader.read(CrosscheckCountingTests.fixture("bell-accel-last-rep.csv"))
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(load: .init(massKg: 32), placement: .bell))
        #expect(analysis.input.orientationMethod == .accelerometerOnly)
        CrosscheckCountingTests.expectReps(analysis, at: [3.76, 5.49, 7.25, 9.03, 10.84, 12.54, 14.42, 16.18, 17.91, 19.68,
                                                          21.43, 23.19, 25.02], tolerance: 0.3)
    }

    /// Handle sensor, Russian, one hand, 16 kg, no gyroscope, weak swings (2.6–2.8 m/s): every
    /// rep's fall passes the bottom at 1.22–1.23 g, under `bottomPassSpecificForce`, and the reps
    /// after the first count because each is a rep after a kept float (in the set's rhythm, held
    /// to a low swing's passes). The first had no float before it and was lost; it is in the
    /// rhythm when the next float follows it a rep later. 0.4.10: 13 reps, from 7.87 s.
    @Test func aWeakSetsFirstRepIsInItsRhythm() throws {
        let recording = try RecordingReader.read(CrosscheckCountingTests.fixture("bell-accel-weak-fall-first.csv"))
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(load: .init(massKg: 16), placement: .bell))
        #expect(analysis.input.orientationMethod == .accelerometerOnly)
        CrosscheckCountingTests.expectReps(analysis, at: [5.49, 7.91, 10.30, 12.59, 14.98, 17.27, 19.42, 21.71, 23.92, 26.15,
                                                          28.38, 30.68, 33.03, 35.37], tolerance: 0.1)
    }

    /// Validation seed 3, handle sensors, Russian: the set-down after the park is one bottom-pass
    /// "load" of 1.28 g, and a 0.01 g ripple on it, 0.08 s after the park's float, stood for a
    /// turnaround with a bottom pass on both sides, so the park's float was not the park's and
    /// the park was counted as a rep. A turnaround's |f| minimum must lie `parkTurnaroundDip`
    /// below both passes. Old code: 19 of 18 in set 1 (367627326), 9 of 8 in set 2 (146645216).
    @Test(arguments: [(UInt64(367_627_326), SimulatedFormat.physicsToolbox), (UInt64(146_645_216), SimulatedFormat.metawear)])
    func aRippleOnTheSetDownIsNoTurnaround(sessionSeed: UInt64, format: SimulatedFormat) throws {
        var config = try #require(validationDraw(runSeed: 3, sessionSeed: sessionSeed))
        #expect(!config.sensor.hasGyroscope)
        // Since 0.4.7 the validator records one swing session in eight at the hips, 146645216
        // among them; the bell session this test was written for is the same draw on the bell.
        config.sensor.placement = .bell
        config.sensor.bellMount = .handle  // as the validator draws it (see AccelerometerOnlyHandleParkTests)
        let session = Simulator.simulate(config)
        let analysis = try withRecordingThroughFile(session, format: format, name: "swing") { recording in
            try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(exercise: .swing, load: .init(massKg: config.massKg),
                                                                              bellSensorMount: .handle))
        }
        #expect(analysis.input.orientationMethod == .accelerometerOnly)
        #expect(analysis.sets.map(\.reps.count) == session.truth.sets.map(\.reps.count))
    }
}
