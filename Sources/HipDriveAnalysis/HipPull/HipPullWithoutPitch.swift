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
// at 10° of pitch mean drive power read 90 % low. Without a gyroscope the tilt's rate times the
// stops (`hipPullPelvisRate`), which on a level pelvis is the rate of the hips' own acceleration
// read as tilt. There
// - the run's acceleration comes from one strapdown integration of the gyroscope, levelled by
//   the run's mean specific force (`levelPelvisAcceleration`), not from the fused orientation;
//   without a gyroscope, where the specific force's direction swings under 18° over the run, from
//   one rotation of the held-still sensor frame (`levelPelvisAccelerationWithoutGyroscope`);
// - the stops are the coarse speed's deep minima, the turnarounds the ones where the hips sit
//   lower (`levelPelvisTurnaroundsSink`), and a cycle is judged on the coarse forward position
//   (MotionRepFinder: its drive, return and arrival);
// - the set's last drive, which ends standing at lockout, ends where the forward velocity falls
//   to a tenth of its peak (`levelPelvisFinalLockout`), looked for up to `levelPelvisTrailS`
//   past the activity's end;
// - the sensor's own kinematics are the hips' (a lever that does not turn moves with the hips),
//   integrated with zero-velocity updates and the loop closed at each turnaround.

extension MotionRepFinder {
    /// For a hip pull whose pelvis barely turns over `run` (with a gyroscope: the pelvis angle's
    /// swing, between its 5th and 95th percentiles, under `minimumLeverPitchRad`, judged on
    /// `span`): the analysis's span, `span` reaching on to `trailingEnd` (see
    /// `levelPelvisTrailS`), and the world-frame linear acceleration over it (m/s², gravity
    /// removed, one value per sample) from one strapdown integration of the gyroscope across it,
    /// levelled so that the run's mean specific force is vertical (without a gyroscope see
    /// `levelPelvisAccelerationWithoutGyroscope`). nil for a hinge that turns, or where the
    /// gyroscope saturates.
    ///
    /// Why not the trace's fused orientation: its accelerometer correction pulls the tilt towards
    /// the specific force, which on a level pelvis is the hips' own acceleration, a/g in step with
    /// it; at 0.05–0.15 g that cancels much of the forward acceleration the stops are timed on.
    /// Over a run the hips come back to where they started every cycle, so the mean specific
    /// force is gravity, and the gyroscope's residual offset (measured at rest and removed) turns
    /// the frame by a degree or two over a minute, which the coarse velocity's one-period
    /// detrending removes.
    func levelPelvisAcceleration(span: Range<Int>, run: Range<Int>, trailingEnd: Int) -> (span: Range<Int>, acceleration: Axes)? {
        guard exercise == .hipPull, span.count > 3 else { return nil }
        let extended = span.lowerBound..<max(span.upperBound, trailingEnd)
        guard let gyro = trace.angularVelocity else {
            return levelPelvisAccelerationWithoutGyroscope(span: extended, run: run).map { (extended, $0) }
        }
        guard let rate = principalRate(span: span, active: (run.lowerBound - span.lowerBound)..<(run.upperBound - span.lowerBound)),
              !gyroSaturates(gyro, in: extended.lowerBound...(extended.upperBound - 1)) else { return nil }
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
        var q = trace.orientation[extended.lowerBound]
        var world: [Vector3] = []
        world.reserveCapacity(extended.count)
        for i in extended {
            if i > extended.lowerBound { q = q.integrated(omega: (gyro[i - 1] + gyro[i]) * 0.5, dt: dt) }
            world.append(q.rotate(f[i]))
        }
        let mean = run.reduce(Vector3.zero) { $0 + world[$1 - extended.lowerBound] } * (1 / Double(run.count))
        guard mean.length > 0, abs(mean.length - standardGravity) < 0.1 * standardGravity else { return nil }
        let levelling = Quaternion.aligning(mean, to: Vector3(0, 0, 1))
        var out = Axes(count: world.count)
        for (offset, w) in world.enumerated() {
            let levelled = levelling.rotate(w)
            out[offset] = Vector3(levelled.x, levelled.y, levelled.z - mean.length)
        }
        return (extended, out)
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

extension MotionRepFinder {
    /// The same without a gyroscope: where the specific force's direction swings by less than
    /// `levelPelvisForceSwingRad` over the run, the pelvis cannot be pitching like a hinge (a
    /// hinge turns gravity in the sensor frame by 30–70°), and whatever turns it is the hips' own
    /// acceleration (a/g: 0.05–0.3 g is 3–17°). The sensor frame then holds still, and one
    /// rotation taking the run's mean specific force onto the vertical gives the linear
    /// acceleration, f − g, for every sample of `span`. nil for a hinge's tilt.
    ///
    /// Why: without a gyroscope the rep finder times a hip pull's stops by the tilt's rate
    /// (`hipPullPelvisRate`), which on a level pelvis is the rate of the hips' acceleration, and
    /// its stops lie a quarter cycle off (independent simulator, pelvis held level, no gyroscope:
    /// 63 % of sets exact, 22 reps that were not).
    func levelPelvisAccelerationWithoutGyroscope(span: Range<Int>, run: Range<Int>) -> Axes? {
        let f = trace.specificForce
        let mean = run.reduce(Vector3.zero) { $0 + f[$1] } * (1 / Double(max(1, run.count)))
        guard mean.length > 0, abs(mean.length - standardGravity) < 0.1 * standardGravity else { return nil }
        let up = mean * (1 / mean.length)
        // The direction's swing: twice the 95th percentile of its angle from the mean, over the
        // run smoothed over 0.1 s (sensor noise and impacts are shorter than any tilt).
        let window = max(1, Int((0.1 * trace.sampleRate).rounded()))
        let x = SignalMath.movingAverage(run.map { f.x[$0] }, window: window)
        let y = SignalMath.movingAverage(run.map { f.y[$0] }, window: window)
        let z = SignalMath.movingAverage(run.map { f.z[$0] }, window: window)
        let angles = x.indices.map { k -> Double in
            let v = Vector3(x[k], y[k], z[k])
            return v.length > 0 ? acos(max(-1, min(1, v.dot(up) / v.length))) : 0
        }.sorted()
        guard angles.count >= 20 else { return nil }
        let swing = 2 * angles[Int(0.95 * Double(angles.count - 1))]
        if Self.debug { print("hip pull without a gyroscope: specific force swings \(swing * 180 / .pi)° over the run") }
        guard swing < Self.levelPelvisForceSwingRad else { return nil }
        let levelling = Quaternion.aligning(up, to: Vector3(0, 0, 1))
        var out = Axes(count: span.count)
        for (offset, i) in span.enumerated() {
            let levelled = levelling.rotate(f[i])
            out[offset] = Vector3(levelled.x, levelled.y, levelled.z - mean.length)
        }
        return out
    }

    /// Largest swing of the specific force's direction over a run (peak to peak) that is read as
    /// a level pelvis without a gyroscope, rad: 18°, the hips' own acceleration up to about 0.3 g
    /// either way (fast pulls at 30 a minute reach 0.25–0.3 g: 13–16°); a hinge's pelvis turns
    /// gravity by 30–70°.
    static let levelPelvisForceSwingRad = 18 * Double.pi / 180
}

extension MotionRepFinder {
    /// Which stops of a level pelvis's run are the turnarounds: true when the `back` ones (one
    /// parity of the alternating stops) sit lower on the coarse `height` than the others, false
    /// when higher, nil when the two differ by under `levelPelvisLeastDropM`.
    ///
    /// Why: a hinge unlocks the knees as the hips go back, so the hip joint sinks a few
    /// centimetres at the turnaround and rises to standing at lockout (both simulators model it:
    /// 2–8 cm). The rule that the drive is the faster half-cycle fails where it is not: the
    /// independent simulator's drives take 40–60 % of a cycle, and on a level pelvis a quarter of
    /// its sets had turnarounds and lockouts swapped.
    func levelPelvisTurnaroundsSink(stops: [Int], back: [Bool], height: [Double]) -> Bool? {
        let backHeights = zip(stops, back).filter { $0.1 }.map { height[$0.0] }
        let frontHeights = zip(stops, back).filter { !$0.1 }.map { height[$0.0] }
        guard let backLevel = SignalMath.median(backHeights), let frontLevel = SignalMath.median(frontHeights),
              abs(backLevel - frontLevel) >= Self.levelPelvisLeastDropM else { return nil }
        if Self.debug { print("level pelvis: back stops at \(backLevel) m, front stops at \(frontLevel) m") }
        return backLevel < frontLevel
    }

    /// Least difference in height between a level pelvis's two kinds of stop that tells the
    /// turnaround (lower) from the lockout, m.
    static let levelPelvisLeastDropM = 0.01

    /// Seconds after a level pelvis's run that its analysis still covers:
    /// the set's last drive ends standing, slowing into the lockout with accelerations the
    /// activity detector no longer counts (independent simulator: up to 1.7 s of drive, 0.3 s of
    /// it inside the run).
    static let levelPelvisTrailS = 3.0
}
