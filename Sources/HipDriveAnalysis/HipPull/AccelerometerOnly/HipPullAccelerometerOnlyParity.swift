import Foundation
import HipDriveRecordings

// Accelerometer-only hip pulls: which stops are the turnarounds, from the side of standing the
// hinge lies on.
//
// Without a gyroscope the sensor's attitude at a stop is not measurable: the specific force's
// direction there is the pelvis angle plus the hips' reversal, ψ = φ + atan(A/g), and at the
// turnaround A points the drive's way and cancels part of the hinge, at the lockout it points
// back and reads as a lean back. On the independent simulator both stops read some 25° from the
// standing attitude (unsigned), so the distance from standing (HipPullPosture.swift) cannot tell
// them apart, and neither can the tempo (a drive in 45 % of the cycle) or |f| at the stops (both
// reversals are hard): a fifth of its sets had their turnarounds and lockouts swapped.
//
// The SIDE of standing can. Two things are measured without any orientation:
// * the standing attitude beside the run (the mean specific force while the athlete stands,
//   walks in and sets the stance: gravity alone, the steps' accelerations average out);
// * the run's mean attitude (the mean specific force over the run: the hips' acceleration
//   averages to zero over whole cycles, as their velocity returns each cycle), the mean pelvis
//   angle, which lies on the hinge side of standing (the pelvis swings between upright and
//   20–70° of hinge, so its mean is 10–35° into the hinge).
// Together they give the sense of the hinge in the sensor's plane of motion. The turnaround is
// where the pelvis angle turns back from its deepest hinge: a stop at which the angle's rate
// changes from "into the hinge" to "out of it". The rate is the stops' own signal (the smoothed
// force direction, `hipPullPelvisRate`): its fundamental is the pelvis's times (1 − L·ω²/g), with
// L ≤ 0.75 m/rad and a cycle of 2 s or more L·ω²/g < 0.75, so its extremes keep the pelvis's
// sense; the apparent tilt shrinks the swing but does not reverse it.
extension MotionRepFinder {
    /// The sensor's plane of motion over the active part of `span` (its normal is the axis along
    /// which the specific force varies least: the pitch axis) with `e1` the mean force's direction
    /// in it (angle 0: the run's mean attitude) and `e2` the normal × e1; nil without one.
    /// `active` is local to the span.
    func hipPullMotionPlane(span: Range<Int>, active: Range<Int>) -> (e1: Vector3, e2: Vector3)? {
        let f = trace.specificForce
        guard active.lowerBound >= 0, active.upperBound <= span.count, active.count > 2 else { return nil }
        let activeForce = active.map { f[span.lowerBound + $0] }
        guard let axes = PlanarSwingFit.principalAxes(activeForce) else { return nil }
        let normal = axes.smallest
        let mean = activeForce.reduce(Vector3.zero, +) * (1 / Double(activeForce.count))
        let radial = mean - normal * normal.dot(mean)
        guard radial.length > 0 else { return nil }
        let e1 = radial.normalized
        return (e1, normal.cross(e1))
    }

    /// Accelerometer alone: true when the even stops are the turnarounds, false when the odd ones
    /// are, from the side of standing the hinge lies on (see the file's notes); nil when the run
    /// has no standing measured beside it, its mean attitude is not a hinge away from standing
    /// (`minimumMeanHingeRad`), or the stops do not agree (`minimumParityAgreement`).
    /// `rate` is the tilt-derived pelvis rate over the span (`hipPullPelvisRate`), `stops` local
    /// indices into it; `run` and `segment` are global sample ranges.
    func accelerometerOnlyHingeSideParity(rate: [Double], stops: [Int], span: Range<Int>, active: Range<Int>,
                                          run: Range<Int>, segment: Range<Int>, period: Double) -> Bool? {
        guard stops.count >= 3, let plane = hipPullMotionPlane(span: span, active: active),
              let standing = standingForce(beside: run, segment: segment) else { return nil }
        // The standing attitude's angle in the plane; the run's mean is at angle 0, so the hinge
        // lies the other way from standing.
        let standingAngle = atan2(standing.dot(plane.e2), standing.dot(plane.e1))
        guard abs(standingAngle) >= Self.minimumMeanHingeRad else {
            if Self.debug { print("hip-pull hinge side: mean attitude only", standingAngle * 180 / .pi, "° from standing") }
            return nil
        }
        let intoHinge: Double = standingAngle < 0 ? 1 : -1
        let votes = hingeSideVotes(rate: rate, stops: stops, intoHinge: intoHinge, period: period)
        if Self.debug {
            print("hip-pull hinge side: mean attitude", standingAngle * 180 / .pi, "° from standing; stops as even turnarounds",
                  votes.even, "as odd", votes.odd, "of", votes.judged)
        }
        return Self.parity(votes)
    }

    /// How the stops vote on the parity, given the sense of the pelvis rate that turns into the
    /// hinge (`intoHinge`, ±1 on `rate`): a stop at which the rate turns from into the hinge to
    /// out of it is the deepest hinge, a turnaround; the reverse, a lockout. `even`/`odd`: the
    /// stops that say the even (odd) ones are the turnarounds; `judged`: the stops where the rate
    /// changes sense over a tenth of a period either side.
    func hingeSideVotes(rate: [Double], stops: [Int], intoHinge: Double, period: Double) -> (even: Int, odd: Int, judged: Int) {
        let w = max(1, Int(0.1 * period * trace.sampleRate))
        var evenTurnarounds = 0, oddTurnarounds = 0, judged = 0
        for (k, stop) in stops.enumerated() {
            guard stop - w >= 0, stop + w < rate.count else { continue }
            let before = SignalMath.mean(Array(rate[(stop - w)..<stop])) * intoHinge
            let after = SignalMath.mean(Array(rate[(stop + 1)...(stop + w)])) * intoHinge
            guard (before > 0) != (after > 0) else { continue }
            judged += 1
            // Into the hinge before, out of it after: the deepest hinge, a turnaround.
            let turnaround = before > 0
            if turnaround == (k % 2 == 0) { evenTurnarounds += 1 } else { oddTurnarounds += 1 }
        }
        return (evenTurnarounds, oddTurnarounds, judged)
    }

    /// The parity the votes give (true: the even stops are the turnarounds), nil without a vote
    /// or when fewer than `minimumParityAgreement` of them agree.
    static func parity(_ votes: (even: Int, odd: Int, judged: Int)) -> Bool? {
        guard votes.judged > 0 else { return nil }
        let agreement = Double(max(votes.even, votes.odd)) / Double(votes.judged)
        guard agreement >= minimumParityAgreement else { return nil }
        return votes.even > votes.odd
    }

    /// The mean specific force while the athlete stands beside `run` (up to `standingWindowS`
    /// before it and as long after it, inside `segment`), m/s²; nil when neither side has half a
    /// second. The raw force, not the trace's low-passed tilt: that one is blurred by the run
    /// next to it.
    func standingForce(beside run: Range<Int>, segment: Range<Int>) -> Vector3? {
        let f = trace.specificForce
        var sum = Vector3.zero
        var used = 0
        for side in standingSides(beside: run, segment: segment) {
            for i in side { sum = sum + f[i] }
            used += side.count
        }
        guard used > 0, sum.length > 0 else { return nil }
        return sum * (1 / Double(used))
    }

    /// The run's mean attitude must lie this far from standing for its side to tell the hinge's
    /// sense, rad (5°): a hinge's mean is 10–35° into it; a few degrees are the stance's own
    /// lean and the rest's residual accelerations.
    static let minimumMeanHingeRad = 5 * Double.pi / 180

    /// Share of the stops that must agree on the parity: the stops are the rate's sign changes,
    /// so they alternate by construction, and a few can be wobbles at a tired set's end.
    static let minimumParityAgreement = 0.75
}
