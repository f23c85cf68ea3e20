import Foundation
import HipDriveRecordings

// A bell sensor with a gyroscope: the first turnaround, out of the hike.
//
// Why: the turnaround is the instant the bell's centre of mass stops behind the legs
// (analysis.md); inside a set the rate's zero crossing (plus the run's bell-stop lag,
// GyroBellStopLag.swift) times it to a few milliseconds, because the arm reverses briskly and
// the bell reverses with it. Out of the hike that fails: the arm creeps into the first backswing
// and the bell, still settling in the grip, turns against it, so the bell's rotation crosses
// zero inside a near-still stretch where its centre of mass still moves back, once or several
// times, and the crossing nearest the stop can be 0.1–0.3 s from it either way. On the
// independent simulator (seeds 140 and 142, 175 first turnarounds of bell sensors with a
// gyroscope) the placed turnaround was 0.07 s off (median, 90th percentile 0.21 s) against
// 0.002–0.003 s for the other turnarounds, and the first rep's mean drive power read 10–22 % low:
// the drive ran long and its zero-velocity update held a bell that still moved.
//
// What locates it instead: the bell rests on the floor before the hike, and there its attitude
// is known (the accelerometer reads gravity alone) and its velocity is zero. Strapdown from that
// rest — the gyroscope turns the attitude, the accelerometer gives the specific force, gravity
// (as the accelerometer read it at rest, which absorbs its scale and offset along the vertical)
// is removed — gives the sensor's velocity through the hike with only a second or two of
// drift, the rigid lever of a handle sensor (BellHandleLever.swift) gives the centre of mass's,
// and its slowest instant near the rate's stop is the turnaround. No rate crossing, no fused
// orientation (whose accelerometer correction the hike's swing corrupts) and no lag model is
// involved. Measured on the same first turnarounds: 0.019 s median error (90th percentile
// 0.08 s). A slow, smooth approach (the hike's arm can arrive with almost no deceleration) leaves
// the minimum flat, and the drift then decides where in it the minimum falls: that is the
// remaining error, and why the rate's stop is kept wherever the bell is found still there.
//
// It is used only where it can hold: the stretch at the start of the run's span is still (the
// bell at rest, not carried or rocking), the gyroscope does not saturate on the way, the slowest
// speed found is one a resting bell plus a few seconds of drift can have, and the bell clearly
// still moves at the rate's stop; otherwise the rate's stop stays.
//
// The set's last turnaround, into the park, has the same fault mirrored: the arm creeps into the
// last backswing and the bell turns in the grip, so the rate's stop came about 0.1 s after the
// centre of mass's (independent simulator: 30.88 s against 30.72 s) and the last rep's work read
// 3–12 % high. The bell rests on the floor after the park, so the same strapdown runs backward
// from that rest (`gyroParkTurnaround`), under the same conditions. Whether the last cycle is
// the park is still judged from the rate's stop (GyroSwingPark.swift).
extension MotionRepFinder {
    /// The first turnaround of a run out of the hike, local fractional position: the slowest
    /// instant of the bell's centre of mass within `radius` samples of the stop `index`, its
    /// velocity integrated from the rest at the start of the span; nil when the span does not
    /// start at rest or the velocity cannot be trusted.
    ///
    /// - Parameters:
    ///   - index: the first turnaround's stop (local index, from the rate).
    ///   - spanStart: global index of the run's span start (local 0).
    ///   - radius: how far from `index` the stop is searched, samples.
    func gyroHikeTurnaround(near index: Int, spanStart: Int, radius: Int, rateStop: Double?) -> Double? {
        let restLength = max(3, Int(Self.hikeRestS * trace.sampleRate))
        guard index - radius > restLength else { return nil }
        return gyroTurnaroundFromRest(near: index, spanStart: spanStart, radius: radius, rateStop: rateStop,
                                      rest: spanStart..<(spanStart + restLength))
    }

    /// The last turnaround of a run before the park, local fractional position: as
    /// `gyroHikeTurnaround`, the velocity integrated backward from the rest at the end of the
    /// span (`spanEnd`, global, exclusive), where the bell lies parked on the floor.
    func gyroParkTurnaround(near index: Int, spanStart: Int, spanEnd: Int, radius: Int, rateStop: Double?) -> Double? {
        let restLength = max(3, Int(Self.hikeRestS * trace.sampleRate))
        guard spanStart + index + radius + 1 < spanEnd - restLength else { return nil }
        return gyroTurnaroundFromRest(near: index, spanStart: spanStart, radius: radius, rateStop: rateStop,
                                      rest: (spanEnd - restLength)..<spanEnd)
    }

    private func gyroTurnaroundFromRest(near index: Int, spanStart: Int, radius: Int, rateStop: Double?, rest: Range<Int>) -> Double? {
        let fs = trace.sampleRate
        let backward = rest.lowerBound > spanStart + index
        guard let integrated = gyroVelocityFromRest(rest: rest, through: spanStart + index + (backward ? -radius - 1 : radius + 1))
        else { return nil }
        // local index → the integral's sample
        let velocity = Array(integrated.velocity[(spanStart + index - radius - 1 - integrated.first)...(spanStart + index + radius + 1 - integrated.first)])
        let offset = index - radius - 1
        func speed(_ k: Int) -> Double { velocity[k - offset].length }
        var slowest = index, slowestSpeed = Double.infinity
        for k in (index - radius)...(index + radius) where speed(k) < slowestSpeed {
            (slowest, slowestSpeed) = (k, speed(k))
        }
        if Self.debug { print(backward ? "gyro park turnaround" : "gyro hike turnaround", Double(slowest + spanStart) / fs, "s, speed", slowestSpeed, "m/s") }
        // A bell at rest a second or two before reads some centimetres per second of drift here
        // (independent simulator: 0.08 m/s median, 90 % under 0.2 m/s; own simulator up to
        // 0.3 m/s); far more means the integration started from motion or went wrong (0.8 and
        // 1.4 m/s where it put the stop 0.13–0.15 s late), and the rate's crossing is kept.
        guard slowestSpeed <= Self.largestHikeStopSpeedMps else { return nil }
        // The rate's stop stands unless the bell's centre of mass clearly still moves there:
        // where it is the stop (a brisk hike, or one the bell does not wobble out of) it is timed
        // to a few milliseconds, better than a minimum the drift can shift along a slow approach.
        // The two instants are tenths of a second apart, so the drift is nearly the same at both,
        // and at a true stop the speed read is that drift alone. So the rate's stop is moved only
        // when it reads faster than the slowest instant by more than the drift's typical size
        // (0.1 m/s) and at least twice as fast (a large drift, as after a long or rough hike,
        // lifts both alike). Own simulator: the rate's stop right to 1–3 ms, read 0.02–0.12 m/s
        // and 1.1–1.8× faster than the slowest; independent simulator: 0.1–0.5 m/s and 3–8×
        // where it sat 0.07–0.13 s off (median).
        if let rateStop, rateStop >= Double(offset), Int(rateStop) + 1 - offset < velocity.count {
            let k = Int(rateStop), frac = rateStop - Double(k)
            let rateStopSpeed = (velocity[k - offset] * (1 - frac) + velocity[k + 1 - offset] * frac).length
            if Self.debug { print("gyro hike turnaround: rate stop", (rateStop + Double(spanStart)) / fs, "s, speed", rateStopSpeed, "m/s") }
            guard rateStopSpeed - slowestSpeed > Self.hikeStopSpeedMarginMps, rateStopSpeed > 2 * slowestSpeed else { return nil }
        }
        // Between samples: the vertex of the parabola through the squared speeds around the
        // slowest sample (the speed is smooth through the stop, its square nearly quadratic).
        let s0 = speed(slowest - 1) * speed(slowest - 1), s1 = slowestSpeed * slowestSpeed, s2 = speed(slowest + 1) * speed(slowest + 1)
        let curvature = s0 - 2 * s1 + s2
        let shift = curvature > 0 ? min(0.5, max(-0.5, 0.5 * (s0 - s2) / curvature)) : 0
        return Double(slowest) + shift
    }

    /// The bell's centre-of-mass velocity (world frame, m/s) from the rest `rest` (global
    /// indices) to `end`, before or after it, by strapdown integration from the rest's own
    /// attitude: one per sample from `first` through the rest; nil when the stretch is not at
    /// rest, crosses a gap or the gyroscope saturates.
    func gyroVelocityFromRest(rest: Range<Int>, through end: Int) -> (first: Int, velocity: [Vector3])? {
        guard let gyro = trace.angularVelocity else { return nil }
        let first = min(rest.lowerBound, end), last = max(rest.upperBound - 1, end)
        guard first >= 0, last < trace.count, rest.count >= 3, end >= rest.upperBound || end < rest.lowerBound,
              trace.segments.contains(where: { $0.contains(first) && $0.contains(last) }),
              !gyroSaturates(gyro, in: first...last) else { return nil }
        let f = trace.specificForce
        var mean = Vector3.zero
        for i in rest { mean = mean + f[i] * (1 / Double(rest.count)) }
        // At rest: the bell does not turn and the specific force is steady (gravity alone, plus
        // the accelerometer's noise: 0.13–0.15 m/s² per axis in the independent simulator's files).
        var spread = 0.0
        for i in rest {
            guard gyro[i].length <= Self.restRateRadps else { return nil }
            spread += (f[i] - mean).dot(f[i] - mean) / Double(rest.count)
        }
        guard spread.squareRoot() <= Self.restForceSpreadMps2 else { return nil }
        // Integrated away from the rest: forward from its first sample, or backward from its last.
        let backward = end < rest.lowerBound
        let anchor = backward ? rest.upperBound - 1 : rest.lowerBound
        var q = trace.orientation[anchor]
        q = (Quaternion.aligning(q.rotate(mean), to: Vector3(0, 0, 1)) * q).normalized
        let path = strapdown(from: anchor, through: backward ? first : last, attitude: q, gravity: Vector3(0, 0, mean.length))
        return (first, zip(path.sensor, path.turn).map { $0 + $1 })
    }

    /// Strapdown from `anchor` to `end` (global indices, either way; the gyroscope and the
    /// segment checked by the caller): the attitude `attitude` at the anchor turned by the
    /// gyroscope, `gravity` removed from the rotated specific force, the velocity integrated by
    /// trapezoids from zero at the anchor. One value per sample from min(anchor, end) through
    /// max(anchor, end): the sensor's velocity, and the turn of the lever from a handle sensor to
    /// the bell's centre of mass, R·(ω × d) (zero on a wrist or without a lever), which the
    /// caller adds for the centre of mass's velocity (GyroHikeTurnaround.swift,
    /// GyroTurnaroundAtRest.swift).
    func strapdown(from anchor: Int, through end: Int, attitude: Quaternion, gravity: Vector3)
        -> (sensor: [Vector3], turn: [Vector3]) {
        guard let gyro = trace.angularVelocity else { return ([], []) }
        let f = trace.specificForce
        let dt = 1 / trace.sampleRate
        let first = min(anchor, end), last = max(anchor, end)
        let step = end < anchor ? -1 : 1
        // handle → centre of mass: v_com = v_sensor + R·(ω × d), d the lever in the sensor frame.
        let lever = sensorOnWrist ? nil
            : WristToBell.lever(for: first...last, among: bellLevers.map(\.asArmLever)).map { $0.direction * bellLeverLengthM }
        var q = attitude
        var velocity = Vector3.zero
        var previous = q.rotate(f[anchor]) - gravity
        var sensor = [Vector3](repeating: .zero, count: last - first + 1)
        var turn = sensor
        var i = anchor
        while true {
            sensor[i - first] = velocity
            if let lever { turn[i - first] = q.rotate(gyro[i].cross(lever)) }
            let next = i + step
            guard next >= first, next <= last else { break }
            q = q.integrated(omega: (gyro[i] + gyro[next]) * (0.5 * Double(step)), dt: dt)
            let acceleration = q.rotate(f[next]) - gravity
            velocity = velocity + (acceleration + previous) * (0.5 * dt * Double(step))
            previous = acceleration
            i = next
        }
        return (sensor, turn)
    }

    /// The still stretch the hike's velocity starts from, s.
    static let hikeRestS = 0.2
    /// The largest rate of a bell at rest, rad/s (gyroscope noise and residual offset: 0.01).
    static let restRateRadps = 0.1
    /// The largest root-mean-square departure of the specific force from its mean over the rest,
    /// m/s² (noise 0.05–0.25; a bell that is picked up, carried or rocked moves by metres per
    /// second squared).
    static let restForceSpreadMps2 = 0.5
    /// How much faster than the slowest instant the bell may move at the rate's stop for the
    /// rate's stop to stand, m/s: the drift of the velocity from rest (median 0.08 m/s).
    static let hikeStopSpeedMarginMps = 0.1
    /// The largest speed accepted at the hike's stop found from rest, m/s.
    static let largestHikeStopSpeedMps = 0.5
}
