import Foundation
import HipDriveRecordings
import HipDriveSimulator
import Testing
@testable import HipDriveAnalysis

/// The last drive of a banded hip-pull set with a gyroscope (HipPullRestStops.swift,
/// HipPullPosture.swift, HipPullGapEdge.swift): validation draws whose count was wrong, analysed
/// through the file format the miss was seen in.
@Suite struct HipPullLastDriveTests {
    /// Validation seed 1, session 807682529 (50 Hz, the set ends standing at the last lockout):
    /// a 0.16° wobble of the pelvis rate while the athlete stood after the set made two stops,
    /// so the last drive's "return" was the wobble and the drive was dropped (15 of 16).
    @Test func aWobbleWhileStandingIsNoTurnaround() throws {
        let result = try analysedHipPullDraw(runSeed: 1, sessionSeed: 807_682_529, format: .metawear)
        #expect(result.found == result.truth, "found \(result.found), truth \(result.truth)")
    }

    /// Validation seed 3, session 746340178: a 1.7 s gap leaves the set's last two reps in a
    /// piece of their own, and the last ends standing at its lockout. With one other drive in the
    /// piece it could not be compared with the set's drives, so it was dropped (7 of 8); it is
    /// judged against the drives before the gap now.
    @Test func theLastDriveAfterAGapIsJudgedWithTheSetsDrives() throws {
        let result = try analysedHipPullDraw(runSeed: 3, sessionSeed: 746_340_178, format: .sensorLogger)
        #expect(result.found == result.truth, "found \(result.found), truth \(result.truth)")
    }

    /// Validation seed 1, session 924853649 (the sets end in a last turnaround and a stand-up
    /// with a step back): in set 3 the stand-up was measured to the sensor's furthest point,
    /// early in the stand-up before the step took over, and passed as a drive (7 of 6). Measured
    /// to the pelvis's arrival upright it is not one.
    @Test func theStandUpIsMeasuredToThePelvissArrival() throws {
        let result = try analysedHipPullDraw(runSeed: 1, sessionSeed: 924_853_649, format: .metawear)
        #expect(result.found == result.truth, "found \(result.found), truth \(result.truth)")
    }

    /// Independent simulator seed 669, session 66900020 (belt sensor, gyroscope, 50 Hz phyphox;
    /// Tests/CrosscheckFixtures/README.md): set 3 breaks down at rep 6 of 8 and ends standing at
    /// the last lockout. The tired drives keep the pelvis's turn (0.57–0.63 rad against 1.0) but
    /// read half the sensor's travel per radian (0.084–0.093 m against 0.175 fresh), and the last
    /// drive (0.077) was judged against the whole run's median and dropped (7 of 8); against the
    /// three drives before it, as its turn already was, it is a drive.
    @Test func aTiredLastDriveIsJudgedAgainstTheDrivesBeforeIt() throws {
        let recording = try RecordingReader.read(CrosscheckCountingTests.fixture("hip-gyro-tired-last-drive"))
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(
            exercise: .hipPull, load: .init(band: .stiffness(newtonsPerMetre: 372.830, slackM: -0.1717)), placement: .hips))
        #expect(analysis.sets.map(\.reps.count) == [18, 9, 8])
        let last = try #require(analysis.sets.last?.reps.last)
        #expect(abs(last.turnaround - 237.37) < 0.1, "last turnaround \(last.turnaround) s")
    }
}
