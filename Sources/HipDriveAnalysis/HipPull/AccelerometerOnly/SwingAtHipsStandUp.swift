import Foundation
import HipDriveRecordings

// A swing recorded at the hips without a gyroscope: counting it with the hip-pull rep finder.
//
// A swing's hinge is a hip pull's movement at 30–40 a minute, the hips snapping through in a
// fifth of the cycle. Three of the accelerometer-only hip pull's tests could not follow it
// (HipDrive's own simulator, `simulate_sweep.py --mode swing-hips --seed 1`: 60.3 % of sets
// exact, every miss without a gyroscope; the independent simulator, `independent_sim.py
// --exercise swing --placement hips --gyro no --seed 480`: 17.6 %):
//
// 1. Standing up. `returnsToTheHinge` (HipPullKinematics.swift) drops the "rep" that stands up
//    out of a set's last turnaround: its end is upright, where a rep's end is back in the hinge.
//    It reads the pelvis's tilt from the trace's orientation, which without a gyroscope is the
//    specific force low-passed at 0.3 Hz: fine for a banded hip pull at 20–30 a minute, but at a
//    swing's cadence it moves 1–4° where the pelvis pitches 35–45°, so most reps' ends looked
//    upright and were dropped. Here the tilt is the specific force's own direction in the
//    hinge's plane, averaged over a fifth of the run's period (noise and impacts are shorter;
//    the hinge is not). That direction carries the hips' acceleration as well as the pitch,
//    forward as they reverse at a turnaround and backward as they brake into the lockout, alike
//    at every rep, so a rep's end is compared with the run's: it must lie at least half-way from
//    the lockouts' median direction to the turnarounds', on the turnarounds' side.
// 2. The arrival. A set's first turnaround follows the hike, whose wobble can split the hips'
//    way back into it among stops a few tenths of a second apart, the pick-up's hinge itself
//    coming up to a second before; the arrival is the furthest the tilt was from the
//    turnaround's over the period before it (`furthestTiltBefore`; over 0.7 of it, validation
//    seed 5 session 756373503 lost a set's first rep to an arrival of 0.27 rad against 1.23).
// 3. The first drive. It starts from the hike's hold (the hips stay back while the arms hike
//    the bell), and the integrated apex of so long a drive can lie early, leaving most of its
//    turn as "return". A cycle passes judged to that apex or to the tilt's stop (where the
//    pelvis stops turning upright), and its drive is the turn to the stop: the hinge's size,
//    which `acceptReps` holds to half the run's typical (`swingAtHipsLeastDriveShare`; the
//    hike's pick-up turns the pelvis by about a third of a swing's hinge).
// SessionAnalyzer then drops a run's first or last drive that moves the hips at under 0.35 of
// the run's typical speed: the hike or the park (`droppingSlowEdgeDrives`), and starts a first
// rep held at the pick-up one typical period before the second turnaround
// (`firstDriveFromTheSetsRhythm`).
// After: own simulator 98.3 % and 97.6 % of sets exact (sweep seeds 1 and 2, accelerometer-only
// and gyroscope sessions together; 60.3 % before on seed 1), independent simulator 95.2–97.3 %
// (seeds 480–483, accelerometer only; seed 480 17.6 % before).

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
        let lo = max(0, Int(first.turnaroundPosition)), hi = min(trace.count, Int(last.endPosition) + 1)
        // The hinge's plane: the force turns about its least-varying axis (the accelerometer-only
        // hip pull's, HipPullAccelerometerOnlyParity.swift).
        guard hi > lo, let (e1, e2) = hipPullMotionPlane(span: lo..<hi, active: 0..<(hi - lo)) else { return reps }
        func tilt(_ position: Double) -> Double? {
            forceDirection(at: position, window: window).map { atan2($0.dot(e2), $0.dot(e1)) }
        }
        guard let lockout = SignalMath.median(reps.compactMap { tilt($0.apexPosition) }),
              let hinge = SignalMath.median(reps.compactMap { tilt($0.turnaroundPosition) }) else { return reps }
        let side: Double = hinge >= lockout ? 1 : -1, depth = abs(hinge - lockout)
        return reps.filter { rep in
            guard !rep.endsStanding, let end = tilt(rep.endPosition) else { return true }
            let back = side * (end - lockout)
            if Self.debug { print("swing at the hips, force tilt: hinge \(depth * 180 / .pi)°, rep at \(rep.turnaroundPosition / trace.sampleRate) s ends \(back * 180 / .pi)°") }
            return back >= 0.5 * depth
        }
    }

    /// The largest turn of the tilt (|∫rate|) from any sample in the `window` samples before the
    /// local index `index` (not before `floor`) to it, rad: how far the hips came into this
    /// turnaround, through any wobble's stops on the way.
    func furthestTiltBefore(_ index: Int, rate: [Double], window: Int, floor: Int, dt: Double) -> Double {
        let from = max(floor, max(0, index - window))
        guard from < index, index <= rate.count else { return 0 }
        var angle = 0.0, furthest = 0.0
        for i in stride(from: index - 1, through: from, by: -1) {
            angle += rate[i] * dt
            furthest = max(furthest, abs(angle))
        }
        return furthest
    }
}
