import Foundation
import HipDriveRecordings

// Hip pulls whose pelvis barely turns: the stops and the kinematics come from the hips' travel.
//
// With a gyroscope the rep finder times a hip pull's stops by the pelvis pitch rate
// (MotionRepFinder) and measures the hips' travel from the pelvis angle (HipPullGyroHinge.swift):
// in a hinge the pelvis pitches 30–70° and the rate changes sign exactly when the hips stop, at the
// turnaround and at lockout. A pelvis that swings less than `minimumLeverPitchRad` over a cycle (a
// standing hip extension with the torso upright, a sensor that rides on the hips without turning
// with the pelvis) leaves the gyroscope with sway and noise, whose sign changes are not the hips'
// stops: on the independent simulator's hips held level (`independent_sim.py --exercise hip-pull
// --gyro yes --set hip_pitch_deg=0 --set hip_sensor_at_joint=true`) no set was found at all, and
// at 10° of pitch mean drive power read 90 % low. There
// - the run's acceleration comes from one strapdown integration of the gyroscope, levelled by
//   the run's mean specific force (`levelPelvisAcceleration`), not from the fused orientation;
// - the stops are the coarse speed's deep minima, as without a gyroscope, and a cycle is judged
//   on the coarse forward position (MotionRepFinder: its drive, return and arrival);
// - the set's last drive, which ends standing at lockout, ends where the forward velocity falls
//   to a tenth of its peak (`levelPelvisFinalLockout`);
// - the sensor's own kinematics are the hips' (a lever that does not turn moves with the hips),
//   integrated with zero-velocity updates and the loop closed at each turnaround.

extension MotionRepFinder {
    /// For a hip pull with a gyroscope whose pelvis barely turns over `run` (a typical cycle's
    /// swing of the pelvis angle under `minimumLeverPitchRad`): the world-frame linear
    /// acceleration over `span` (m/s², gravity removed, one value per sample of `span`) from one
    /// strapdown integration of the gyroscope across the span, levelled so that the run's mean
    /// specific force is vertical. nil for a hinge that turns, without a gyroscope, or where the
    /// gyroscope saturates.
    ///
    /// Why not the trace's fused orientation: its accelerometer correction pulls the tilt towards
    /// the specific force, which on a level pelvis is the hips' own acceleration, a/g in step with
    /// it; at 0.05–0.15 g that cancels much of the forward acceleration the stops are timed on.
    /// Over a run the hips come back to where they started every cycle, so the mean specific
    /// force is gravity, and the gyroscope's residual offset (measured at rest and removed) turns
    /// the frame by a degree or two over a minute, which the coarse velocity's one-period
    /// detrending removes.
    func levelPelvisAcceleration(span: Range<Int>, run: Range<Int>) -> Axes? {
        guard exercise == .hipPull, let gyro = trace.angularVelocity, span.count > 3,
              let rate = principalRate(span: span, active: (run.lowerBound - span.lowerBound)..<(run.upperBound - span.lowerBound)),
              !gyroSaturates(gyro, in: span.lowerBound...(span.upperBound - 1)) else { return nil }
        let fs = trace.sampleRate, dt = 1 / fs
        // The pelvis angle's swing per cycle: the integrated rate with its slow drift (a
        // three-second moving average, longer than any hip pull's cycle) removed; the range
        // between its 5th and 95th percentiles over the run is twice the cycle's amplitude.
        let local = Array(rate[(run.lowerBound - span.lowerBound)..<(run.upperBound - span.lowerBound)])
        let angle = SignalMath.removingMovingAverage(SignalMath.cumulativeIntegral(local, dt: dt),
                                                     window: max(3, Int((3 * fs).rounded())))
        let sorted = angle.sorted()
        guard sorted.count >= 20 else { return nil }
        let swing = sorted[Int(0.95 * Double(sorted.count - 1))] - sorted[Int(0.05 * Double(sorted.count - 1))]
        if Self.debug { print("hip pull: pelvis swing \(swing * 180 / .pi)° over the run") }
        guard swing < Self.minimumLeverPitchRad else { return nil }
        let f = trace.specificForce
        var q = trace.orientation[span.lowerBound]
        var world: [Vector3] = []
        world.reserveCapacity(span.count)
        for i in span {
            if i > span.lowerBound { q = q.integrated(omega: (gyro[i - 1] + gyro[i]) * 0.5, dt: dt) }
            world.append(q.rotate(f[i]))
        }
        let mean = run.reduce(Vector3.zero) { $0 + world[$1 - span.lowerBound] } * (1 / Double(run.count))
        guard mean.length > 0, abs(mean.length - standardGravity) < 0.1 * standardGravity else { return nil }
        let levelling = Quaternion.aligning(mean, to: Vector3(0, 0, 1))
        var out = Axes(count: world.count)
        for (offset, w) in world.enumerated() {
            let levelled = levelling.rotate(w)
            out[offset] = Vector3(levelled.x, levelled.y, levelled.z - mean.length)
        }
        return out
    }
}


extension MotionRepFinder {
    /// The run's typical drive on a level pelvis: the median rise of the coarse forward position
    /// from each turnaround to the stop after it, m (0 without one).
    func levelPelvisTypicalDrive(stops: [Int], isTurnaround: [Bool], coarsePosition: [Double]) -> Double {
        let drives = stops.indices.dropLast().filter { isTurnaround[$0] }.map { coarsePosition[stops[$0 + 1]] - coarsePosition[stops[$0]] }
        return SignalMath.median(drives) ?? 0
    }

    /// Least share of the run's typical drive a level-pelvis cycle must travel to be a rep: a
    /// breakdown shortens the drive by up to half; walking into position sways the hips by a
    /// tenth of a drive.
    static let levelPelvisLeastDriveShare = 0.35
}

extension MotionRepFinder {
    /// The set's last lockout on a level pelvis when the set ends standing there: after the last
    /// turnaround `turnaround`, where the hips' coarse forward velocity (oriented so the drive is
    /// positive) falls to a tenth of its peak in the drive (the hips decelerate smoothly into the
    /// lockout and stand: the velocity need not change sign), within one period and before `end`;
    /// nil when no drive follows.
    func levelPelvisFinalLockout(after turnaround: Int, forwardVelocity: [Double], period: Double, end: Int) -> Int? {
        let fs = trace.sampleRate
        let to = min(end, turnaround + Int(period * fs), forwardVelocity.count - 1)
        guard turnaround + 1 < to, let peak = (turnaround...to).max(by: { forwardVelocity[$0] < forwardVelocity[$1] }),
              forwardVelocity[peak] > 0, peak < to else { return nil }
        return (peak...to).first { forwardVelocity[$0] <= 0.1 * forwardVelocity[peak] } ?? to
    }
}
