import Foundation
import HipDriveRecordings

// Which pelvis cycles of a banded hip pull are reps, with a gyroscope (the tests of
// `analyzeRun` and `acceptReps` for the hip pull with a measured pitch rate).
//
// A rep drives from a turnaround (hinged) to the lockout (upright) and returns into the next
// turnaround. Its return is as deep as the NEXT rep's hinge, not its own: at a breakdown the
// hinge can halve from one rep to the next (35° → 14° measured on simulated breakdowns), so the
// last fresh rep returns by 0.4 of its drive. What the return test has to reject is the athlete
// standing up after the last turnaround and staying up: that cycle ends at rest, not at another
// turnaround, and the posture check (`returnsToTheHinge`) sees it upright. So a cycle that ends
// at rest keeps the half-drive return; one that ends at a turnaround from which the set goes on
// needs a return of `minimumRelativeExcursion` of its drive, the least depth a fatigued rep has
// against a fresh one anywhere else in the rep finder.
//
// The arrival test (the hips came back into the turnaround; standing still, then turning is
// not a rep) needs the whole arrival. When the piece of data starts at a gap and no stop of it
// precedes the turnaround, only the arrival's tail after the gap was measured: it is held to
// the same quarter of the drive, pro rata to the share of a half-period that was measured.
//
// Acceptance (`acceptReps`): a cycle is a rep when its drive turns the pelvis by
// `minimumRelativeExcursion` of the set's typical drive. After a breakdown the set goes on at a
// lower level, and its weakest reps fall near that quarter of the fresh reps' median (9.7° of a
// 38.9° median, seed 4 607602296's last rep). Such a rep is among reps like it: it is also kept
// when its drive reaches `neighbourDriveShare` of the median of its neighbouring reps (up to two
// each side that pass the set's test). The hip pull's non-rep cycles (the approach, turning by a
// degree or two, and the stand-up, which the posture test removes) are not near reps like that.
extension MotionRepFinder {
    /// The share of its drive a hip-pull cycle must turn back by (see the file's notes): half when
    /// it ends at rest (a stand-up stays up), `minimumRelativeExcursion` when it ends at the next
    /// turnaround (which a breakdown can make shallow). With or without a gyroscope.
    static func hipPullReturnShare(endsAtRest: Bool) -> Double {
        endsAtRest ? 0.5 : minimumRelativeExcursion
    }

    /// A gyroscope hip-pull cycle's rotations (rad) pass the return and arrival tests (see the
    /// file's notes). `arrivalMeasuredS`: the measured part of an arrival cut by a gap, s (nil: the
    /// whole arrival was measured). `at`: the turnaround's time, s, for tracing.
    func gyroHipPullCycleIsRep(drive: Double, return returnAngle: Double, arrival: Double, endsAtRest: Bool,
                               arrivalMeasuredS: Double?, period: Double, at time: Double) -> Bool {
        let returnShare = Self.hipPullReturnShare(endsAtRest: endsAtRest)
        var arrivalShare = 0.25
        if let measured = arrivalMeasuredS { arrivalShare *= min(1, measured / (0.5 * period)) }
        if Self.debug {
            print("hip-pull cycle", time, "drive", drive * 180 / .pi, "return", returnAngle * 180 / .pi,
                  "arrival", arrival * 180 / .pi, "ends at rest", endsAtRest, "arrival measured s", arrivalMeasuredS as Any)
        }
        return returnAngle >= returnShare * drive && arrival >= arrivalShare * drive
    }

    /// The candidates (all with a `swingAngle`) that are reps against the set's `typical` drive
    /// or against their neighbours (see the file's notes), in order.
    func hipPullRepsKeepingPace(_ candidates: [MotionRep], typical: Double) -> [MotionRep] {
        let angles = candidates.map { $0.swingAngle ?? 0 }
        let passes = angles.map { $0 >= Self.minimumRelativeExcursion * typical }
        return candidates.indices.filter { k in
            if passes[k] { return true }
            let before = (0..<k).reversed().filter { passes[$0] }.prefix(2)
            let after = ((k + 1)..<candidates.count).filter { passes[$0] }.prefix(2)
            guard let local = SignalMath.median((Array(before) + Array(after)).map { angles[$0] }) else { return false }
            if Self.debug { print("hip-pull drive below the set's quarter:", angles[k] * 180 / .pi, "° against neighbours'", local * 180 / .pi, "°") }
            return angles[k] >= Self.neighbourDriveShare * local
        }.map { candidates[$0] }
    }

    /// Least drive of a hip-pull rep against its neighbouring reps' median. Rep to rep a fatigued
    /// set varies by 10–20 % and a breakdown steps the hinge down by about half at once (see
    /// `returnsToTheHinge`); a half keeps a rep that steps down once more, while a cycle at a
    /// tenth of its neighbours (the approach) stays out.
    static let neighbourDriveShare = 0.5
}
