import Foundation

// A bell sensor with a gyroscope: where the bell's centre of mass really stops.
//
// Why: the turnaround is the instant the bell stops behind the legs (analysis.md), and with a
// gyroscope it is taken at the zero crossing of the measured rate. That is exact for a bell
// that turns with the arm. A real bell also turns in the grip: at the back of the swing the
// hand reverses first and the bell, hanging from the handle, lags and swings through its own
// small arc, so the sensor's rotation reverses some milliseconds before the centre of mass
// stops (the independent simulator's grip pivot: 6–15 ms; the arm's own rate reverses 1–3 ms
// after it). A zero-velocity update at the rate's crossing then holds the bell at rest while
// it still moves at a·δ (0.1–0.2 m/s at 10–13 m/s² of reversal), and over the drive that
// constant lowers the integrated float: mean drive power read 5–17 % low on bell sensors at
// the centre of mass with 200 Hz data (independent simulator seed 101; 1.7 % with its grip
// pivot switched off).
//
// What measures the lag: the bell comes back to the same place every cycle, so over a whole
// cycle from one turnaround to the next ∫v dt = 0. With both ends placed δ early the
// zero-velocity update leaves v_est = v_true + a_T·δ (a_T the reversal's acceleration), whose
// mean over the cycle is a_T·δ: δ = (v̄ · a_T) / |a_T|². On the independent simulator's exact
// accelerations this recovers the lag to 2–3 ms. A single cycle also carries its own change of
// place (a backswing a few centimetres shallower than the last: ~1 ms), so the run's median
// over its interior cycles is used, and the same lag shifts every turnaround of the run.
extension MotionRepFinder {
    /// The run's lag of the bell's stop behind the rate's zero crossing, in samples (positive:
    /// the bell stops after the rate reverses); 0 when fewer than three interior cycles measure
    /// it, the lag is implausible for a bell turning in the hand, or the cycles do not agree that
    /// it differs from zero.
    ///
    /// - Parameter cycles: the interior cycles as (turnaround position, next turnaround position,
    ///   apex index), local positions; the rate crossings, not yet shifted.
    /// - Parameter integrate: integrates one cycle with zero-velocity updates at both ends.
    func gyroBellStopLag(cycles: [(start: Double, end: Double, apex: Int)],
                         integrate: (Double, Double, Int) -> MotionRep?) -> Double {
        let dt = 1 / trace.sampleRate
        var lags: [Double] = []
        for cycle in cycles {
            guard let rep = integrate(cycle.start, cycle.end, cycle.apex), rep.positions.count > 8 else { continue }
            let times = rep.positions.map { ($0 - rep.positions[0]) * dt }
            let duration = times[times.count - 1]
            guard duration > 0 else { continue }
            let velocity = [rep.forwardVelocity, rep.lateralVelocity, rep.verticalVelocity]
            // The mean velocity over the cycle (trapezoid on the rep's grid).
            let mean = velocity.map { v -> Double in
                var sum = 0.0
                for k in 1..<v.count { sum += 0.5 * (v[k] + v[k - 1]) * (times[k] - times[k - 1]) }
                return sum / duration
            }
            // The reversal's acceleration: the slope of the velocity through its zero at the
            // turnaround over the first 40 ms (a least-squares line through the origin, steadier
            // than one sample of acceleration).
            let window = times.indices.filter { $0 > 0 && times[$0] <= 0.04 }
            guard window.count >= 2 else { continue }
            let tt = window.reduce(0.0) { $0 + times[$1] * times[$1] }
            let reversal = velocity.map { v in window.reduce(0.0) { $0 + v[$1] * times[$1] } / tt }
            let squared = reversal.reduce(0.0) { $0 + $1 * $1 }
            // A reversal of less than 3 m/s² is no clear stop to time (a slow hike, a rest).
            guard squared > 9 else { continue }
            lags.append(zip(mean, reversal).reduce(0.0) { $0 + $1.0 * $1.1 } / squared)
        }
        guard lags.count >= 3, let lag = SignalMath.median(lags) else { return 0 }
        // The hand cannot hold the bell back or let it run on for longer than a small part of
        // the reversal; a larger value means the cycles do not close for another reason (a
        // step, a drifting athlete) and the rate's crossing is kept.
        guard abs(lag) <= Self.largestBellStopLagS else { return 0 }
        // Only a lag the cycles agree on: the median's standard error from the cycles' spread
        // (1.253·σ/√n, σ from the median absolute deviation), and the lag at least three of
        // them away from zero. A bell that turns with the arm gives a scatter of ±1–2 ms around
        // zero, which must not move the turnarounds.
        let spread = 1.4826 * (SignalMath.median(lags.map { abs($0 - lag) }) ?? 0)
        let standardError = 1.253 * spread / Double(lags.count).squareRoot()
        if Self.debug { print("gyro bell stop lag", lag, "s from", lags.count, "cycles, standard error", standardError) }
        guard abs(lag) > 3 * standardError else { return 0 }
        return lag / dt
    }

    /// The largest lag of the bell's stop behind the rate's crossing accepted, s: a bell turning
    /// in the grip through ±40° at the reversal lags by tens of milliseconds at most.
    static let largestBellStopLagS = 0.05
}
