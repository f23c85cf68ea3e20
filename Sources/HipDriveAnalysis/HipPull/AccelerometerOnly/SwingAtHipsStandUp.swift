import Foundation
import HipDriveRecordings

// A swing recorded at the hips without a gyroscope: telling the set's reps from standing up.
//
// `returnsToTheHinge` (HipPullKinematics.swift) drops the "rep" that stands up out of a set's
// last turnaround: its end is upright, where a rep's end is back in the hinge. It reads the
// pelvis's tilt from the trace's orientation, which without a gyroscope is the specific force
// low-passed at 0.3 Hz (`OrientationEstimator`): fine for a banded hip pull at 20–30 a minute,
// but a swing hinges at 30–40 a minute and snaps through in a fifth of the cycle, so the
// low-passed tilt moves 1–4° where the pelvis pitches 35–45°. Every rep's end then looked
// upright and most reps were dropped (HipDrive's own simulator, `simulate_sweep.py --mode
// swing-hips --seed 1`: 60.3 % of sets exact, all misses without a gyroscope).
//
// Here the tilt is the specific force's own direction, averaged over a fifth of the run's
// period (noise and impacts are shorter; the hinge is not). That direction carries the hips'
// acceleration as well as the pitch: forward as they reverse at a turnaround (the same at every
// turnaround, so turnarounds compare fairly with each other) and backward as they brake into
// the lockout. So the end of a rep is judged against its own start and the lockout together: a
// rep ends at least half as far from the lockout's direction as it started. Standing still
// after the last drive reads gravity alone, which lies between the lockout's braking tilt and
// the turnaround's and nearer the lockout's; the absolute 10° rule of the gyroscope's path is
// not used (the lockout's direction is tilted by its braking, so an upright stance is not
// within a few degrees of it).
extension MotionRepFinder {
    /// True when this run is a swing recorded at the hips with neither a gyroscope nor a
    /// recorded orientation: the case the force-direction tilt serves.
    var swingAtHipsTiltFromForce: Bool {
        swingAtHips && trace.angularVelocity == nil && trace.orientationMethod != .recordedOrientation
    }

    /// The specific force's direction in the sensor frame at a fractional sample position,
    /// averaged over `window` samples centred there; nil outside the trace.
    func forceDirection(at position: Double, window: Int) -> Vector3? {
        let f = trace.specificForce
        let centre = Int(position.rounded())
        let lo = max(0, centre - window / 2), hi = min(trace.count - 1, centre + window / 2)
        guard lo <= hi else { return nil }
        let sum = (lo...hi).reduce(Vector3.zero) { $0 + f[$1] }
        return sum.length > 0 ? sum * (1 / sum.length) : nil
    }

    /// The reps of one run that end back in the hinge (see the file's notes); a run of fewer than
    /// three reps is kept whole (too few to outvote the stand-up in the lockout's direction).
    func swingAtHipsRepsReturningToTheHinge(_ reps: [MotionRep]) -> [MotionRep] {
        guard reps.count >= 3, let first = reps.first, let last = reps.last else { return reps }
        let period = first.runPeriodS
        let window = max(1, Int((0.2 * period * trace.sampleRate).rounded()))
        let f = trace.specificForce
        let lo = max(0, Int(first.turnaroundPosition)), hi = min(trace.count, Int(last.endPosition) + 1)
        guard hi - lo > 2, let axes = PlanarSwingFit.principalAxes((lo..<hi).map { f[$0] }) else { return reps }
        // The hinge's plane: the force turns about its least-varying axis.
        let normal = axes.smallest
        let mean = (lo..<hi).reduce(Vector3.zero) { $0 + f[$1] }
        let radial = mean - normal * normal.dot(mean)
        guard radial.length > 0 else { return reps }
        let e1 = radial.normalized, e2 = normal.cross(e1)
        func tilt(_ position: Double) -> Double? {
            forceDirection(at: position, window: window).map { atan2($0.dot(e2), $0.dot(e1)) }
        }
        guard let lockout = SignalMath.median(reps.compactMap { tilt($0.apexPosition) }),
              let hinge = SignalMath.median(reps.compactMap { tilt($0.turnaroundPosition) }) else { return reps }
        let side: Double = hinge >= lockout ? 1 : -1, depth = abs(hinge - lockout)
        return reps.filter { rep in
            guard !rep.endsStanding, let end = tilt(rep.endPosition) else { return true }
            let back = side * (end - lockout)
            if Self.debug { print("swing at the hips, force tilt: hinge \(depth * 180 / .pi)°, rep's end \(back * 180 / .pi)°") }
            return back >= 0.5 * depth
        }
    }
}
