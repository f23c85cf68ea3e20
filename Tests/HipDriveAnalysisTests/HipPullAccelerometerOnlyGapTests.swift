import Foundation
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
}
