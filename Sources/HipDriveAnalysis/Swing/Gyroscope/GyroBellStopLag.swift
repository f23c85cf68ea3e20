import Foundation

// A bell sensor with a gyroscope: where the bell's centre of mass really stops.
//
// Why: the turnaround is the instant the bell stops behind the legs (analysis.md), and with a
// gyroscope it is taken at the zero crossing of the measured rate. That is exact for a bell
// that turns with the arm. A real bell also turns in the grip, and then its rotation and its
// centre of mass do not reverse together: the centre moves with the grip plus the bell's own
// turn about it (v = v_grip + ω_bell × d). A bell that swings on past the hand's reversal, as a
// pendulum hanging from it would, stops between the hand's reversal and its own: before its
// rotation reverses (the real kettlebox bell files: 14–18 ms, the cycles agreeing to ~1.5 ms).
// A bell the grip turns towards the load ahead of the arm reverses first and stops after (the
// independent simulator's grip pivot: 6–25 ms, its arm reversing 1–3 ms after the bell stops).
// Either way a zero-velocity update at the rate's crossing holds the bell at rest while it
// still moves at a·δ (0.1–0.2 m/s at 10–13 m/s² of reversal), and over the drive that constant
// shifts the integrated float: on the independent simulator mean drive power read 5–17 % low on
// bell sensors at the centre of mass with 200 Hz data (seed 101; 1.7 % with its grip pivot
// switched off); on the real files it reads 12–13 % lower with the lag applied.
//
// What measures the lag: the bell comes back to the same place every cycle, so over a whole
// cycle from one turnaround to the next ∫v dt = 0. With both ends placed δ early the
// zero-velocity update leaves v_est = v_true + a_T·δ (a_T the reversal's acceleration), whose
// mean over the cycle is a_T·δ: δ = (v̄ · a_T) / |a_T|². On the independent simulator's exact
// accelerations this recovers the lag to 2–3 ms. A single cycle also carries its own change of
// place (a backswing a few centimetres shallower than the last: ~1 ms), so the run's median
// over its interior cycles is used, and the same lag shifts every turnaround of the run.
//
// The first turnaround, out of the hike, is the exception: the bell comes off the floor at rest
// in the hand and the grip settles during the hike, so its lag differs (on the independent
// simulator the rate reversed 13 ms *after* the bell stopped there, and the first rep read
// 15–25 % off while the others read 2–4 %). The first cycle's closure measures the mean of its
// two ends' lags weighted by their reversals, c·a₀ = ½(|a₀|²·δ₀ + (a₁·a₀)·δ₁), and with δ₁ the
// run's lag it gives δ₀. Where the bell's centre of mass still moves at the rate's stop out of
// the hike (the bell wobbling in the grip as the arm creeps back), the velocity from the rest
// before the hike places the first turnaround instead (GyroHikeTurnaround.swift).
extension MotionRepFinder {
    /// One cycle's closure: its mean velocity and the reversal accelerations at its two ends
    /// (the slopes of the velocity through its zeros there over 40 ms: a least-squares line
    /// through the origin, steadier than one sample of acceleration); nil for a cycle too short
    /// or with a reversal under 3 m/s² at its start (a slow hike, a rest: no clear stop to time).
    private func cycleClosure(_ rep: MotionRep) -> (mean: [Double], startReversal: [Double], endReversal: [Double])? {
        let dt = 1 / trace.sampleRate
        guard rep.positions.count > 8 else { return nil }
        let times = rep.positions.map { ($0 - rep.positions[0]) * dt }
        let duration = times[times.count - 1]
        guard duration > 0 else { return nil }
        let velocity = [rep.forwardVelocity, rep.lateralVelocity, rep.verticalVelocity]
        let mean = velocity.map { v -> Double in
            var sum = 0.0
            for k in 1..<v.count { sum += 0.5 * (v[k] + v[k - 1]) * (times[k] - times[k - 1]) }
            return sum / duration
        }
        func reversal(near edge: Double) -> [Double]? {
            let window = times.indices.filter { abs(times[$0] - edge) > 0 && abs(times[$0] - edge) <= 0.04 }
            guard window.count >= 2 else { return nil }
            let tt = window.reduce(0.0) { $0 + (times[$1] - edge) * (times[$1] - edge) }
            return velocity.map { v in window.reduce(0.0) { $0 + v[$1] * (times[$1] - edge) } / tt }
        }
        guard let start = reversal(near: 0), let end = reversal(near: duration),
              start.reduce(0.0, { $0 + $1 * $1 }) > 9 else { return nil }
        return (mean, start, end)
    }

    private static func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0.0) { $0 + $1.0 * $1.1 } }

    /// The run's lag of the bell's stop behind the rate's zero crossing, and the first
    /// turnaround's own, in samples (positive: the bell stops after the rate reverses).
    ///
    /// - Parameter cycles: the interior cycles as (turnaround position, next turnaround position,
    ///   apex index), local positions; the rate crossings, not yet shifted.
    /// - Parameter firstCycle: the run's first cycle, out of the hike (nil after a data gap).
    /// - Parameter integrate: integrates one cycle with zero-velocity updates at both ends.
    /// - Returns: the run's lag: nil when fewer than three interior cycles measure it (a piece
    ///   of a set cut by a gap then takes its neighbour's), 0 when the lag is implausible for a
    ///   bell turning in the hand or the cycles do not agree that it differs from zero. The
    ///   first turnaround's: nil where the first cycle does not measure it or it agrees with the
    ///   run's.
    func gyroBellStopLags(cycles: [(start: Double, end: Double, apex: Int)],
                          firstCycle: (start: Double, end: Double, apex: Int)?,
                          integrate: (Double, Double, Int) -> MotionRep?) -> (run: Double?, first: Double?) {
        let dt = 1 / trace.sampleRate
        var lags: [Double] = []
        for cycle in cycles {
            guard let rep = integrate(cycle.start, cycle.end, cycle.apex), let closure = cycleClosure(rep) else { continue }
            lags.append(Self.dot(closure.mean, closure.startReversal) / Self.dot(closure.startReversal, closure.startReversal))
        }
        var run: Double?
        var cycleScatter: Double?
        if lags.count >= 3, let lag = SignalMath.median(lags) {
            guard abs(lag) <= Self.largestBellStopLagS else { return (0, nil) }
            // The hand cannot hold the bell back or let it run on for longer than a small part
            // of the reversal; a larger value means the cycles do not close for another reason (a
            // step, a drifting athlete) and the rate's crossing is kept. And only a lag the
            // cycles agree on: the median's standard error from the cycles' spread (1.253·σ/√n,
            // σ from the median absolute deviation), the lag at least three of them from zero.
            // A bell that turns with the arm gives ±1–2 ms around zero, which must not move
            // the turnarounds.
            let spread = 1.4826 * (SignalMath.median(lags.map { abs($0 - lag) }) ?? 0)
            cycleScatter = spread
            let standardError = 1.253 * spread / Double(lags.count).squareRoot()
            if Self.debug { print("gyro bell stop lag", lag, "s from", lags.count, "cycles, standard error", standardError) }
            run = abs(lag) > 3 * standardError ? lag : 0
        }
        // The first turnaround keeps the run's lag unless its own differs clearly: by more than
        // three times its uncertainty, twice one cycle's scatter (it is solved from one cycle,
        // whose closure halves it).
        var first: Double?
        if let scatter = cycleScatter, let cycle = firstCycle, let rep = integrate(cycle.start, cycle.end, cycle.apex),
           let closure = cycleClosure(rep) {
            let a0 = closure.startReversal
            let lag = (2 * Self.dot(closure.mean, a0) - Self.dot(closure.endReversal, a0) * (run ?? 0)) / Self.dot(a0, a0)
            if Self.debug { print("gyro bell stop lag, first turnaround", lag, "s, uncertainty", 2 * scatter) }
            if abs(lag) <= Self.largestBellStopLagS, abs(lag - (run ?? 0)) > 3 * 2 * scatter { first = lag / dt }
        }
        return (run.map { $0 / dt }, first)
    }

    /// The largest lag of the bell's stop behind the rate's crossing accepted, s: a bell turning
    /// in the grip through ±40° at the reversal lags by tens of milliseconds at most.
    static let largestBellStopLagS = 0.05
}
