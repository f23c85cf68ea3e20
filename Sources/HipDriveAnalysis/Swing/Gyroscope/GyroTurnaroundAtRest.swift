import Foundation
import HipDriveRecordings

// A bell sensor with a gyroscope: which of the rate's reversals at the backswing is the stop.
//
// Why: with a gyroscope the stops are the zero crossings of the bell's rotation rate, and a
// short lobe of rate between two crossings (under a quarter period) is a wobble at a stop, not a
// half-cycle: `gyroStops` removes it with its two crossings. A bell that turns in the grip can
// wobble twice at the turnaround. The arm stops behind the legs and the bell with it (the rate
// crosses zero), the bell tips on forward in the hand, then the hip snap yanks the handle forward
// and the bell, lagging, turns back against the arm before the big forward lobe of the drive:
// three crossings within 0.2–0.4 s, of which the first and the third reverse the same way and
// either can be the stop. `gyroStops` keeps the one next to the larger wobble lobe, a coin toss
// when the two lobes are alike. The independent simulator's bell turning in the grip (seed 639
// session 63900034: the lobes 47 and 69 °/s) put 40 of 47 turnarounds of a session 0.2–0.35 s
// late, at the third crossing, the bell already moving at a metre per second there; its drives
// ran short and mean drive power read 10–60 % off per rep.
//
// What decides instead: the turnaround is "the instant the bell stops behind the legs at the
// end of the backswing" (analysis.md), so the first stop: a later same-sense crossing is the
// bell turning in the grip while the arm already drives, or a tired bell hanging at the back
// before the snap. Two checks keep that first crossing honest:
// - it must be past the fall: a pendulum takes half its period from one extreme to the other,
//   so the drive takes about half of the apex-to-apex cycle (real bells timed by their gyroscope
//   0.43–0.54, HipDrive's simulator 0.46–0.55, the independent simulator 0.40–0.60); a crossing
//   that leaves the drive more than two thirds comes while the bell still falls (the grip can
//   wobble before the stop too: three same-sense crossings, the first at 0.61–0.65);
// - the bell must not clearly still move there: the apexes on either side are stops too (the bell
//   floats to rest at the top of each swing), so the acceleration integrated from one to the
//   other with zero velocity at both (`gyroVelocityBetweenStops`) gives its velocity through the
//   backswing, good to 0.1–0.4 m/s (0.27 m/s median at the true stops: accelerometer scale and
//   clipping, the sensor's own turn); a crossing where it reads 0.5 m/s more than at the slowest
//   is not a stop. Alone the velocity picks the slowest crossing right only 1527 times in 1992:
//   a tired bell hanging at the back reads as slow at the later crossing as at the stop.
// On the independent simulator's 1992 turnarounds with more than one same-sense crossing in the
// middle half of the cycle (755 swing sessions with a gyroscope): the rate's own choice was right
// 1219 times, this one 1982, moving 6 the rate had right. Only between two apexes a regular cycle
// apart (not the hike, the park's rest or a pause: those stops are placed from rest by
// GyroHikeTurnaround.swift).
//
// Real bells (the kettlebox files) and HipDrive's own simulator never show two same-sense
// crossings there: nothing changes for them.
extension MotionRepFinder {
    /// The stops with each turnaround moved, where needed, to the same-sense crossing of the
    /// rate where the bell is nearer rest and the swing's rhythm (see above).
    ///
    /// - Parameters:
    ///   - stops: local indices of the run's stops (alternately turnarounds and apexes).
    ///   - isTurnaround: which stops are turnarounds.
    ///   - rate: the principal rotation rate over the span (rad/s).
    ///   - spanStart: global index of the span's start (for the debug trace).
    func gyroTurnaroundsAtRest(stops: [Int], isTurnaround: [Bool], rate: [Double], period: Double,
                               spanStart: Int) -> [Int] {
        let fs = trace.sampleRate
        // The same smoothing as `gyroStops`, so the crossings are the ones it chose among.
        let smooth = SignalMath.movingAverage(rate, window: max(1, Int(0.04 * period * fs)))
        var moved = stops
        for k in stops.indices.dropFirst().dropLast() where isTurnaround[k] && !isTurnaround[k - 1] && !isTurnaround[k + 1] {
            let before = stops[k - 1], stop = stops[k], after = stops[k + 1]
            // A full cycle between the two apexes (a missed stop, a pause or the park make it
            // longer; a wobble left as a stop, shorter).
            let cycle = Double(after - before)
            guard cycle >= 0.6 * period * fs, cycle <= 1.5 * period * fs, stop - before >= 2, after - stop >= 2,
                  after < smooth.count else { continue }
            let rising = smooth[min(smooth.count - 1, stop + 1)] > smooth[max(0, stop - 1)]
            // Crossings of the same sense in the middle half of the cycle: the turnaround lies
            // near its middle (a pendulum takes half its period from one extreme to the other).
            let lo = before + Int(0.25 * cycle), hi = after - Int(0.25 * cycle)
            guard lo < hi else { continue }
            var candidates: [Int] = []
            for i in max(lo, 1)...hi where (smooth[i - 1] < 0) != (smooth[i] < 0) && (smooth[i] > smooth[i - 1]) == rising {
                candidates.append(abs(smooth[i - 1]) < abs(smooth[i]) ? i - 1 : i)
            }
            guard candidates.count >= 2 || (candidates.count == 1 && candidates[0] != stop) else { continue }
            guard let velocity = gyroVelocityBetweenStops(from: before + spanStart, to: after + spanStart) else { continue }
            func speed(_ i: Int) -> Double { velocity[i - before].length }
            func driveShare(_ i: Int) -> Double { Double(after - i) / cycle }
            // The backswing ends at the bell's first stop: the earliest crossing that is past the
            // fall (it leaves the drive at most `turnaroundLongestDriveShare` of the cycle) and
            // where the bell is not clearly still moving (within `turnaroundRestSlackMps` of the
            // slowest crossing).
            let slowest = candidates.map(speed).min() ?? 0
            let chosen = candidates.first { driveShare($0) <= Self.turnaroundLongestDriveShare && speed($0) <= slowest + Self.turnaroundRestSlackMps }
            if Self.debug {
                print("gyro turnaround at rest", Double(stop + spanStart) / fs, "share", driveShare(stop), "speed", speed(stop), "candidates",
                      candidates.map { (Double($0 + spanStart) / fs, driveShare($0), speed($0)) }, "->", chosen.map { Double($0 + spanStart) / fs } as Any)
            }
            if let chosen, chosen != stop { moved[k] = chosen }
        }
        return moved
    }

    /// The bell's velocity (world frame, m/s; its centre of mass for a handle sensor) from one
    /// stop to another (global indices), zero at both: strapdown from the first stop's attitude,
    /// the gyroscope turning it, gravity removed, the linear drift taken out so that the velocity
    /// is zero at the second stop too. Nil across a gap or where the gyroscope saturates.
    ///
    /// Why not the trace's fused orientation: its accelerometer correction pulls the attitude
    /// about in the hip snap's 2–4 g, so its world-frame acceleration errs by a different amount
    /// at each instant, which no end-to-end correction removes (on the independent simulator's
    /// ball-side sensor of session 65600027 it read the bell 0.3 m/s faster at its stop than
    /// 0.3 s later). From one attitude the gyroscope alone keeps the error a constant rotation:
    /// it tilts gravity by a constant, which the two zero-velocity ends remove.
    func gyroVelocityBetweenStops(from first: Int, to last: Int) -> [Vector3]? {
        guard let gyro = trace.angularVelocity, first >= 0, last < trace.count, last > first + 1,
              trace.segments.contains(where: { $0.contains(first) && $0.contains(last) }),
              !gyroSaturates(gyro, in: first...last) else { return nil }
        let (sensor, turn) = strapdown(from: first, through: last, attitude: trace.orientation[first],
                                       gravity: Vector3(0, 0, standardGravity))
        // Zero at both stops: the sensor's drift taken out linearly, the lever's turn kept (the
        // bell barely turns at a stop, so it is near zero there anyway).
        let drift = sensor[last - first]
        let span = Double(last - first)
        return sensor.indices.map { k in sensor[k] - drift * (Double(k) / span) + turn[k] }
    }

    /// The longest drive a turnaround may leave, as a share of the apex-to-apex cycle: the fall
    /// from the apex takes about half of it (a pendulum, from one extreme to the other: real bells
    /// timed by their gyroscope 0.43–0.54 drive share, HipDrive's simulator 0.46–0.55, the
    /// independent simulator 0.40–0.60, up to 0.63 in tired sets); a crossing that leaves more
    /// than two thirds comes while the bell still falls (a wobble in the grip before the stop).
    static let turnaroundLongestDriveShare = 0.66
    /// How much faster than at the slowest crossing the bell may move at the turnaround, m/s: the
    /// velocity between two apex updates errs by 0.1–0.4 m/s (independent simulator: 0.27 m/s
    /// median at the true stops); 0.5 m/s more is a bell clearly still moving.
    static let turnaroundRestSlackMps = 0.5
}
