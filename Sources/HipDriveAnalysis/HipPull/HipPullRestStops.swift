import Foundation
import HipDriveRecordings

// Banded hip pulls with a gyroscope: sign changes of the pelvis rate while the athlete stands.
//
// Every stop of a hip pull (turnaround or lockout) is a sign change of the pelvis pitch rate,
// and `gyroStops` keeps the sign changes between two half-cycles, dropping the lobes of the rate
// that barely turn the pelvis (wobbles) by comparing each lobe's peak rate with a third of the
// run's typical one. That typical rate is the median over every lobe before any is dropped,
// and a hip pull holds still twice per rep (at the lockout, a moment at the turnaround), each
// hold crossing zero several times in the gyroscope's noise: where those crossings outnumber the
// half-cycles (a noisy or coarsely sampled sensor, 50 Hz), the "typical" peak is the noise's,
// and a wobble while the athlete stands at the end of the set survives as a half-cycle. Its two
// stops then read as an apex and a last turnaround after the real last one: the last drive's
// return is "measured" over the wobble (a fraction of a degree) and the drive is rejected
// (seed 1 session 807682529, 0.16° over 0.8 s of standing, after a 44° drive).
//
// Here the lobes are judged by what a half-cycle of a hip pull must do: turn the pelvis between
// a hinge and the lockout. Against the run's typical half-cycle (the median turn of the lobes
// between two stops, nearly all of them half-cycles once `gyroStops` has run), a lobe turning
// under `restLobeShare` of it is the body at rest, and it is merged with its neighbours as
// `gyroStops` merges a wobble (its two stops go; the lobes either side have the same sign).
extension MotionRepFinder {
    /// `stops` (local indices into the span of `rate`, from `gyroStops`) without the pairs that
    /// bound a lobe turning the pelvis by under `restLobeShare` of the run's typical half-cycle.
    /// `spanStart` is the span's first sample (for the trace).
    func hipPullStopsWithoutRestWobbles(_ stops: [Int], rate: [Double], spanStart: Int) -> [Int] {
        guard stops.count >= 4 else { return stops }
        let dt = 1 / trace.sampleRate
        var kept = stops
        // Lobe k lies between kept[k] and kept[k + 1] (interior lobes only: the first and last
        // of the run are cut by its edges and are not between two stops).
        func turn(_ k: Int) -> Double { abs(Self.integral(rate, from: kept[k], to: kept[k + 1], dt: dt)) }
        guard let typical = SignalMath.median((0..<(kept.count - 1)).map(turn)), typical > 0 else { return stops }
        while kept.count >= 2 {
            let lobes = 0..<(kept.count - 1)
            guard let weakest = lobes.min(by: { turn($0) < turn($1) }), turn(weakest) < Self.restLobeShare * typical else { break }
            if Self.debug {
                print("hip-pull rest wobble", trace.time(at: kept[weakest] + spanStart), "→", trace.time(at: kept[weakest + 1] + spanStart),
                      "turned", turn(weakest) * 180 / .pi, "° of a typical half-cycle", typical * 180 / .pi, "°")
            }
            kept.removeSubrange(weakest...(weakest + 1))
        }
        return kept
    }

    /// Least turn of a hip-pull half-cycle as a share of the run's typical one. Half-cycles turn
    /// the pelvis between a hinge and the lockout: a fatigued drive keeps a quarter of the set's
    /// typical turn (`minimumRelativeExcursion`) and the return into a breakdown's shallower
    /// hinge some 0.4 of the drive before it (HipPullRepAcceptance.swift), so the weakest real
    /// half-cycle turns a fifth of a typical one or more; standing, the pelvis turns by the
    /// gyroscope's bias and posture settling, a degree or less against 30–60°. A tenth lies
    /// between, a factor two from each.
    static let restLobeShare = 0.1
}
