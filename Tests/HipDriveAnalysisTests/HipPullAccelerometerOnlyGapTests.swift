import Foundation
import HipDriveRecordings
import Testing
@testable import HipDriveAnalysis

/// Banded hip pulls without a gyroscope at a data gap (HipPullAccelerometerOnlyGap.swift): a
/// validation draw whose count was wrong, analysed through the same file format the miss was
/// seen in.
@Suite struct HipPullAccelerometerOnlyGapTests {
    /// Validation seed 1, session 420816880: a 1.8 s gap swallows rep 8's turnaround and drive;
    /// the piece after it holds rep 8's return, the turnaround and the set's last drive, which
    /// ends standing at lockout: one stop, which the piece could not tell a turnaround from a
    /// lockout by (its mean attitude is not a hinge's over whole cycles). It now takes the set's
    /// sense into the hinge, checked against the set's rhythm projected across the gap; the last
    /// drive counts and so does rep 8, from the cadence. Old code: 7 of 9, none after the gap.
    @Test func theLastDriveAfterAGapAndTheRepInTheGapCount() throws {
        let result = try analysedHipPullDraw(runSeed: 1, sessionSeed: 420_816_880, format: .phyphox, withGyroscope: false)
        #expect(result.found == result.truth, "found \(result.found), truth \(result.truth)")
        let last = try #require(result.session.truth.sets.last?.reps.last)
        #expect(result.turnarounds.contains { abs($0 - last.turnaround) < 0.3 }, "the last drive, after the gap, is counted")
    }

    /// The same draw ending in a stand-up out of the last turnaround instead of a last drive (the
    /// validator draws both finishes): the piece after the gap holds a lockout, the set's last
    /// turnaround and the stand-up. Its last "drive" was kept with no drive of its own to judge
    /// it by (10 of 9); judged by the hinge of the set's drives before the gap, it explains the
    /// mirrored hinge (the hips travel back as the pelvis comes upright) and is dropped.
    @Test func aStandUpAfterAGapIsNoRep() throws {
        let result = try analysedHipPullDraw(runSeed: 1, sessionSeed: 420_816_880, format: .phyphox, finish: .hinge, withGyroscope: false)
        #expect(result.found == result.truth, "found \(result.found), truth \(result.truth), at \(result.turnarounds)")
    }

    /// Independent simulator seed 92, session 9200011 (the fixture of
    /// `HipPullAccelerometerOnlyCrosscheckTests.theLastDriveAfterAGapCounts`): the piece after a
    /// 1.8 s gap holds one rep, the set's last drive, which ends standing. With no drive of its
    /// own to fit a hinge to, it was kept on its integrated kinematics: peak speed 1.14 m/s for a
    /// true 0.34 (mean drive power 234 W for 35 W). It is now judged and measured by the hinge of
    /// the set's drives before the gap (the same body and belt). Since 0.4.6 at the sensor's own
    /// point (the band's point, 0.34 m/s, is the belt's front; the sensor sits at its side and
    /// peaks at 0.284 m/s; this reads 0.23).
    @Test func theLastDriveAfterAGapIsMeasuredWithTheSetsHinge() throws {
        let recording = try RecordingReader.read(CrosscheckCountingTests.fixture("hip-accel-gap-last-drive.csv"))
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(exercise: .hipPull, placement: .hips))
        let last = try #require(analysis.sets.last?.reps.last)
        #expect(abs(last.turnaround - 29.76) < 0.1)
        let speed = try #require(last.peakSpeedMps)
        #expect(abs(speed - 0.284) < 0.1, "peak speed \(speed) m/s, the sensor's point's true 0.284")
    }

    /// Independent simulator seed 506, session 50600005 (`independent_sim.py --sessions 20 --seed
    /// 506 --exercise hip-pull --gyro no`; belt sensor at the side, 50 Hz generic CSV, the whole
    /// file; band 374.583 N/m, pre-stretched 0.2301 m): a 0.9 s gap at 29.0 s, two drives after it,
    /// the set's last ending standing. The piece after the gap had one drive of its own to judge
    /// that last drive by, and (the pieces lying in different data segments) took no judgement
    /// from the drives before the gap, which only a pause allowed. Old code: 12 of 13, the last
    /// (34.52 s) lost.
    @Test func aLastDriveTwoRepsAfterAGapIsJudgedByTheSetsDrives() throws {
        let analysis = try CrosscheckCountingTests.analyzeBandedHipPull("hip-accel-gap-before-last-drive.csv", stiffness: 374.583, slackM: -0.2301)
        CrosscheckCountingTests.expectReps(analysis, at: [7.43, 9.59, 11.79, 14.03, 16.24, 18.59, 20.77, 22.99, 25.20, 27.45, 29.81,
                                                          32.15, 34.52], tolerance: 0.2)
    }
}
