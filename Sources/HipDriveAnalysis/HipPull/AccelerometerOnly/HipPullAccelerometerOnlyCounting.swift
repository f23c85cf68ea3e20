import Foundation
import HipDriveRecordings

// Accelerometer-only hip pulls: a pelvis-angle rate for finding the stops (turnaround, lockout).
//
// Without a gyroscope the rep finder needs a stand-in for the pelvis pitch rate, whose sign
// changes are the stops. Why the specific force can give one: a hip pull is a hinge, the pelvis
// pitches 30–60° as the hips go back, which turns gravity in the frame of a belt (or hand-held)
// sensor by g·sin(30–60°) = 5–8 m/s², while the hips' own acceleration over a 0.3 m stroke stays
// near 3 m/s²; averaged over a fifth of a period (the rep's rhythm kept, sensor noise dropped)
// the force's direction follows the pitch. The direction of the specific force in the sensor's plane of motion is
// the obvious one: it turns with the pelvis, θ = φ + atan(a/g), but it also carries the hips'
// horizontal acceleration a. In a hinge a = L·φ̈ (HipPullAccelerometerOnly.swift), and at the
// turnaround, where the band and the athlete reverse the hips, a is at its largest (3–5 m/s²,
// 15–30° of apparent tilt) and points the way the drive goes. Early in the drive the pelvis has
// barely started to turn back while that apparent tilt is already fading, so θ swings back for a
// moment: a spurious short lobe of the rate at every turnaround. A fast drive (0.5–0.7 s of a
// 2 s cycle) loses a fifth of its lobe to it, the lobe then looks like a wobble, and a pair of
// stops (a whole rep) is merged away (validate seeds 2 and 3: sets 14/18, 9/10, 8/10).
//
// The hips' acceleration is horizontal and the specific force's radial part is gravity, so its
// size is measurable without any orientation: |f|² = g² + a² (to first order in the sensor's
// lever), |a| = √(|f|² − g²). The apparent tilt atan(|a|/g) is removed with the drive's sign:
//     φ ≈ θ − s·atan(√max(0, |f|² − g²) / g).
// Where |f| ≤ g (the return, the lockout's deceleration, rest) nothing is removed: there the
// hips' acceleration is small next to the pelvis's turning. The drive's sign s is not known
// before the stops are: the right sign removes the turnaround's bump, the wrong one doubles it,
// and at a slow cadence neither helps (see `hipPullPelvisRate`); the candidate whose sign
// changes come nearest to two per cycle is taken.
extension MotionRepFinder {
    /// Accelerometer alone, hip pull: the rate of the pelvis angle estimated from the specific
    /// force (see the file's notes) over `span`, rad/s, its sign arbitrary; nil when there is no
    /// plane of motion. Smoothed over a fifth of a period.
    func hipPullPelvisRate(span: Range<Int>, active: Range<Int>, period: Double) -> [Double]? {
        let fs = trace.sampleRate, g = standardGravity
        let f = trace.specificForce
        guard active.lowerBound >= 0, active.upperBound <= span.count, active.count > 2 else { return nil }
        let force = span.map { f[$0] }
        // The plane of motion: its normal is the axis along which the specific force varies least
        // over the active run (the pitch axis; neither gravity nor the hips' acceleration turns
        // about it); the reference direction is the mean force (gravity at the mean posture).
        guard let (e1, e2) = hipPullMotionPlane(span: span, active: active) else { return nil }
        let window = max(1, Int(0.2 * period * fs))
        // A phone export's recorded orientation (the phone's own gravity or attitude, fused with
        // its gyroscope even where the export left the rates out) turns the world's up in the
        // sensor frame by the pelvis's pitch alone: no hips' acceleration in it, and no sign to
        // guess (analysis.md: gravity or orientation columns in the input are used). HipDrive's
        // own simulator, Sensor Logger folders (`simulate_sweep.py --mode hip --seed 2`, session
        // 103): from the specific force the first five reps of a set hinged to 45° showed no
        // sign changes (the hips' acceleration read as tilt cancelled the turn), and 3 of 8 reps
        // were found.
        if trace.orientationMethod == .recordedOrientation {
            var tilt: [Double] = []
            tilt.reserveCapacity(span.count)
            for i in span {
                let up = trace.orientation[i].conjugate.rotate(Vector3(0, 0, 1))
                var angle = atan2(up.dot(e2), up.dot(e1))
                if let last = tilt.last { angle += 2 * Double.pi * ((last - angle) / (2 * Double.pi)).rounded() }
                tilt.append(angle)
            }
            let angle = SignalMath.movingAverage(tilt, window: window)
            return angle.indices.map { i in
                let before = angle[max(0, i - 1)], after = angle[min(angle.count - 1, i + 1)]
                return (after - before) * fs / Double(max(1, min(angle.count - 1, i + 1) - max(0, i - 1)))
            }
        }
        var direction: [Double] = []
        direction.reserveCapacity(force.count)
        for v in force {
            var angle = atan2(v.dot(e2), v.dot(e1))
            if let last = direction.last { angle += 2 * Double.pi * ((last - angle) / (2 * Double.pi)).rounded() }
            direction.append(angle)
        }
        let apparent = force.map { v -> Double in
            let excess = v.dot(v) - g * g
            return excess > 0 ? atan(excess.squareRoot() / g) : 0
        }
        let rateWindow = max(1, Int(0.04 * period * fs))
        func rate(_ sign: Double) -> [Double] {
            let angle = SignalMath.movingAverage(zip(direction, apparent).map { $0 - sign * $1 }, window: window)
            return angle.indices.map { i in
                let before = angle[max(0, i - 1)], after = angle[min(angle.count - 1, i + 1)]
                return (after - before) * fs / Double(max(1, min(angle.count - 1, i + 1) - max(0, i - 1)))
            }
        }
        /// Sign changes of the rate over the active run, smoothed as `gyroStops` smooths it.
        func crossings(_ rate: [Double]) -> Int {
            let smooth = SignalMath.movingAverage(rate, window: rateWindow)
            return active.dropFirst().filter { (smooth[$0 - 1] < 0) != (smooth[$0] < 0) }.count
        }
        /// Root-mean-square angular acceleration of the angle over the active run, rad/s².
        func roughness(_ rate: [Double]) -> Double {
            let smooth = SignalMath.movingAverage(rate, window: rateWindow)
            var sum = 0.0
            for i in active.dropFirst() { let d = (smooth[i] - smooth[i - 1]) * fs; sum += d * d }
            return (sum / Double(max(1, active.count - 1))).squareRoot()
        }
        // The candidates: the apparent tilt removed either way, or not at all. At a slow cadence
        // the hips' reversal is gentle, and √(|f|² − g²) is then mostly the sensor's noise
        // rectified (0.1 m/s² of noise on |f| near g reads as 1.4 m/s²), which only adds wobbles.
        // A pelvis rate has two sign changes per cycle (the turnaround and the lockout): the
        // candidate whose count of sign changes is nearest to that is taken, the smoother of two
        // equally near ones.
        let expected = 2 * Double(active.count) / (period * fs)
        let candidates = [1.0, -1.0, 0.0].map { sign -> (rate: [Double], miss: Double, roughness: Double) in
            let r = rate(sign)
            return (r, abs(Double(crossings(r)) - expected), roughness(r))
        }
        if Self.debug { print("hip-pull pelvis rate: expected sign changes", expected, "misses (+, −, none)", candidates.map(\.miss), "roughness", candidates.map(\.roughness)) }
        return candidates.min { ($0.miss, $0.roughness) < ($1.miss, $1.roughness) }?.rate
    }
}
