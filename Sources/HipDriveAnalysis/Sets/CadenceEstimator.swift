import Foundation

/// Cadence (rep period) of a stretch of motion or onset trace, from its autocorrelation.
///
/// Why autocorrelation and not the tallest spectral peak: a swing has two acceleration peaks per
/// rep (the bell passes the bottom twice), so the spectrum of most channels holds as much energy
/// at 2f as at f. The autocorrelation of a signal with period T peaks at T, 2T, 3T; a 2f-rich
/// signal adds a peak at T/2 as well. Picking the *shortest* lag whose peak is nearly as high as
/// the best one, on a channel whose fundamental dominates (forward acceleration, the arm's
/// angular rate), resolves the f vs 2f ambiguity without any constant fitted to a recording.
enum CadenceEstimator {
    /// Result: the period, seconds, and the normalised autocorrelation at that lag (0…1; a
    /// periodicity strength, below about 0.3 the stretch is not rhythmic).
    struct Estimate: Equatable {
        var periodS: Double
        var strength: Double
        var cadenceRpm: Double { 60 / periodS }
    }

    /// Rep periods the analysis accepts, seconds: 15–80 reps per minute covers slow heavy swings,
    /// paused reps and fast hip pulls.
    static let periodRange: ClosedRange<Double> = 0.75...4.0

    /// A swing's rep periods, s: 15–60 reps a minute. The bell's float and its two passes of the
    /// bottom take over a second even with a light bell on a short arm (a 0.6 m pendulum swings
    /// at 1.55 s; the athlete's pull shortens the fall, not by a third); real sets run 26–45 a
    /// minute. Motion without a gyroscope has two bottom passes a rep in |f|, and where a
    /// breakdown's floats and turnarounds read alike its autocorrelation peaks at half a rep: from
    /// the general range's 0.75 s a lone set then locked on 0.83 s and was counted half again
    /// (independent simulator seed 561, session 56100012's first set alone: 18 of 11). Audio
    /// bounds it higher still (AudioRepFinder.periodRange(for:)): a sound every half period is
    /// its rule, not an exception.
    static let swingPeriodRange: ClosedRange<Double> = 1.0...periodRange.upperBound

    /// Estimates the period of `signals` (one or more channels of the same stretch, summed in
    /// the autocorrelation domain so that each channel votes with its own normalisation).
    /// - Parameters:
    ///   - signals: channels sampled at `sampleRate`, equal lengths.
    ///   - sampleRate: Hz.
    ///   - shortestFraction: a peak at a shorter lag wins when it reaches this fraction of the best.
    /// - Returns: nil when the stretch is shorter than two of the longest periods or not rhythmic.
    static func estimate(_ signals: [[Double]], sampleRate: Double,
                         range: ClosedRange<Double> = periodRange,
                         shortestFraction: Double = 0.85) -> Estimate? {
        guard let first = signals.first, !first.isEmpty else { return nil }
        // Rep rhythms live below 3 Hz; 20 Hz keeps the lag grid at 50 ms (refined parabolically)
        // and makes the direct autocorrelation cheap.
        let factor = max(1, Int((sampleRate / 20).rounded(.down)))
        let rate = sampleRate / Double(factor)
        let n = first.count / factor
        let maxLag = Int((range.upperBound * rate).rounded(.up)) + 1
        let minLag = max(1, Int((range.lowerBound * rate).rounded(.down)))
        guard n >= 2 * minLag + 2 else { return nil }
        var acf = [Double](repeating: 0, count: min(maxLag, n - 1) + 1)
        var used = 0
        for signal in signals {
            let reduced = SignalMath.decimate(signal, factor: factor)
            let r = SignalMath.autocorrelation(reduced, maxLag: maxLag)
            guard r.count == acf.count, r[0] > 0 else { continue }
            for k in 0..<acf.count { acf[k] += r[k] }
            used += 1
        }
        guard used > 0 else { return nil }
        acf = acf.map { $0 / Double(used) }
        let peaks = SignalMath.localMaxima(acf, in: minLag..<acf.count)
            .filter { acf[$0] > 0 }
        guard let best = peaks.max(by: { acf[$0] < acf[$1] }) else { return nil }
        let chosen = peaks.first { acf[$0] >= shortestFraction * acf[best] } ?? best
        let lag = Double(chosen) + SignalMath.parabolicOffset(acf, at: chosen)
        return Estimate(periodS: lag / rate, strength: acf[chosen])
    }

    /// Length of the windows of `estimateAcrossDrift`, s: two of the longest accepted periods,
    /// so each window's autocorrelation still reaches a full period at every accepted lag.
    static let driftWindowS = 2 * periodRange.upperBound

    /// The period of a long stretch whose tempo drifts: a set that breaks down can slow from
    /// 1.8 to 2.4 s a rep, which smears the whole stretch's autocorrelation peak below the
    /// rhythm threshold although every few reps are regular. The stretch is cut into windows of
    /// `driftWindowS` (half overlapping); each window takes the most rhythmic of the channels
    /// (as the whole-run estimate takes the more rhythmic of its channel sets). When most
    /// windows reach `threshold` the stretch is rhythmic: the median window's period and
    /// strength. Nil for a stretch shorter than two windows or when most windows are not
    /// rhythmic (a hike, a park, fidgeting stay below in most windows).
    static func estimateAcrossDrift(_ signals: [[Double]], sampleRate: Double, threshold: Double,
                                    range: ClosedRange<Double> = periodRange) -> Estimate? {
        guard let first = signals.first else { return nil }
        let window = Int((driftWindowS * sampleRate).rounded())
        guard window > 0, first.count >= 2 * window else { return nil }
        var perWindow: [Estimate] = []
        var windowCount = 0
        var start = 0
        while start + window <= first.count {
            windowCount += 1
            let best = signals.filter { $0.count == first.count }
                .compactMap { estimate([Array($0[start..<(start + window)])], sampleRate: sampleRate, range: range) }
                .max { $0.strength < $1.strength }
            if let best, best.strength > threshold { perWindow.append(best) }
            start += window / 2
        }
        guard 2 * perWindow.count > windowCount,
              let period = SignalMath.median(perWindow.map(\.periodS)),
              let strength = SignalMath.median(perWindow.map(\.strength)) else { return nil }
        return Estimate(periodS: period, strength: strength)
    }
}
