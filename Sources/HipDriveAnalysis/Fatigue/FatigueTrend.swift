import Foundation

/// The breakdown rep of a set read from per-rep mean drive power that carries measurement noise.
///
/// docs/analysis.md defines the breakdown rep as the first rep after which mean drive power stays
/// below a threshold (80 % of R) for the rest of the set, R = mean of the best two of the first
/// three reps. Applied to single noisy reps that reading breaks in three ways: one low last rep
/// makes a set that holds up "break down" at its last rep; one high rep after the breakdown
/// pushes it late (or removes it); one high opening rep inflates R so the whole set sits below
/// the line. An athlete's own reps do vary (a few percent), and with a precise sensor the reps
/// must be read as they are; only the part of the rep-to-rep scatter beyond that is measurement.
///
/// So each rep is pulled toward the set's local level, Tukey's repeated running median of three
/// ("3R", with his end-point rule; Tukey 1977, Exploratory Data Analysis, ch. 7), by the share of
/// its scatter that is measurement: value = level + w·(rep − level), w = σ_athlete² / σ², where
/// σ is the rep-to-rep noise the set itself shows (robust, from neighbouring differences) and
/// σ_athlete the variation of an athlete's own repeated efforts. This is the best linear
/// predictor of a rep's true value given its level (shrinkage, as in empirical Bayes). With σ at
/// or below σ_athlete (a gyroscope set) w = 1 and the definition is applied to the reps
/// themselves; with 15–30 % scatter (accelerometer only) a rep keeps a tenth or less of its
/// excursion. The running median keeps a step (a breakdown) at its rep and a steady trend
/// unchanged, so the definition still reads the set's real course.
///
/// The confidence compares the margin by which the deciding reps are below (or the set's end
/// above) the line with the set's rep-to-rep noise.
enum FatigueTrend {
    /// How sure the breakdown call is, with the numbers behind it.
    struct Breakdown: Equatable {
        /// 1-based rep; nil when the set holds up.
        var rep: Int?
        /// "good", "fair" or "weak".
        var confidence: String
        /// Rep-to-rep noise of the power series, percent of its median; nil with fewer than four
        /// measured reps.
        var repNoisePct: Double?
        /// Distance of the deciding reps' mean from the threshold, in standard errors of that mean
        /// (positive = on the reported side); nil without a noise estimate.
        var marginSE: Double?
    }

    /// Rep-to-rep variation of an athlete's own repeated maximal efforts, fraction of the level:
    /// the test–retest CV of mean power in repeated jumps and ballistic lifts is about 3–7 %
    /// (e.g. Hopkins, Schabort & Hawley 2001, Sports Med 31:211), so 5 %.
    static let athleteRepVariation = 0.05

    /// The breakdown rep from the denoised series and its confidence.
    /// `threshold` is the fraction of R (0.8 by default).
    /// `denoise` false applies the definition to the reps as measured (precise per-rep power),
    /// still with the confidence from the set's scatter.
    static func breakdown(_ values: [Double?], threshold: Double, denoise: Bool = true) -> Breakdown? {
        let clean = denoise ? denoised(values) : values
        guard let r = FatigueAnalyzer.reference(clean), r > 0 else { return nil }
        let level = threshold * r
        let rep = FatigueAnalyzer.firstRepStayingBelow(clean, level: level)
        let measured = values.compactMap { $0 }
        let noise = repNoiseScale(measured)
        // The reps that decide: the tail from the breakdown rep, or the set's last three when it
        // holds up (the same three the loss uses), as measured.
        let deciding: [Double]
        if let rep {
            deciding = values[(rep - 1)...].compactMap { $0 }
        } else {
            deciding = Array(measured.suffix(3))
        }
        var margin: Double?
        if let noise, !deciding.isEmpty {
            let distance = rep == nil ? SignalMath.mean(deciding) - level : level - SignalMath.mean(deciding)
            let standardError = noise / Double(deciding.count).squareRoot()
            margin = standardError > 0 ? distance / standardError : (distance > 0 ? .infinity : -.infinity)
        }
        let median = SignalMath.median(measured) ?? 0
        let noisePct = noise.flatMap { median > 0 ? 100 * $0 / median : nil }
        // Margins of 2 and 1 standard errors: one-sided, the deciding reps' true mean is on the
        // reported side of the line with about 98 % and 84 % probability.
        let confidence: String
        switch margin {
        case let m? where m >= 2: confidence = "good"
        case let m? where m >= 1: confidence = "fair"
        case nil: confidence = measured.count >= 3 ? "fair" : "weak"
        default: confidence = "weak"
        }
        return Breakdown(rep: rep, confidence: confidence, repNoisePct: noisePct, marginSE: margin)
    }

    /// True when `rep` (1-based, from the definition) is the set's last measured rep: the
    /// "stays below for the rest of the set" then rests on that one rep alone.
    ///
    /// Without a gyroscope one rep cannot carry that call. The set's scatter (`repNoiseScale`)
    /// describes its interior reps, and the last rep is measured worse than those: its drive
    /// ends in the park or the stand, so it has no following turnaround to close its
    /// integration. Measured against the truth (validate seeds 1–3, error relative to the set's
    /// own median error), the last rep is biased low or wider than the reps inside the set:
    /// wrist −14 % median, hip pull 11 % standard deviation against 3 % inside, handle 20 %
    /// robust scatter against 16 %; on the independent simulator, bell −18 % median. A single low rep there is as likely a
    /// measurement error as a breakdown. An athlete's breakdown lasts (the drop holds to the end
    /// of the set), so one that starts before the last rep is still reported; only the one-rep
    /// call cannot be decided. With a gyroscope the last rep is measured like the
    /// others (±1–4 %) and the definition reads it as it is.
    static func restsOnLastRepAlone(_ rep: Int?, _ values: [Double?]) -> Bool {
        guard let rep, let last = values.lastIndex(where: { $0 != nil }) else { return false }
        return rep == last + 1
    }

    /// True when a breakdown at `rep` (1-based, read on the denoised series) is not borne out by
    /// the reps themselves: the measured reps from `rep` to the end of the set average at or
    /// above `level`.
    ///
    /// Denoising pulls each rep toward its running median. Without a gyroscope a handle sensor's
    /// per-rep power fails in runs (validate seed 3: one rep in five reads 30 % or more below its
    /// set's typical error, with about half its work and its timing right, often two or three
    /// in a row), and a running median follows a run of two low reps as if it were the athlete's
    /// level; the tail then "stays below" while its reps, high ones included, average above the
    /// line. An athlete's breakdown lowers every rep after it, so their mean
    /// falls below the line as well; when it does not, the data cannot tell a breakdown from
    /// measurement failures, and the call is "none" (the confidence's margin, `marginSE`, is
    /// then negative: the same mean against the same line). nil `rep` is never withheld.
    static func measuredTailHoldsUp(_ rep: Int?, _ values: [Double?], level: Double) -> Bool {
        guard let rep, rep >= 1, rep <= values.count else { return false }
        let tail = values[(rep - 1)...].compactMap { $0 }
        guard !tail.isEmpty else { return false }
        return SignalMath.mean(tail) >= level
    }

    /// The series with each measured rep pulled toward its running-median level by the share of
    /// the set's scatter that is measurement (see the type's comment). Unmeasured reps stay nil
    /// and are skipped, not bridged. Fewer than four measured reps (no noise estimate) are
    /// returned as they are.
    static func denoised(_ values: [Double?]) -> [Double?] {
        let indices = values.indices.filter { values[$0] != nil }
        let x = indices.compactMap { values[$0] }
        guard let noise = repNoiseScale(x), let median = SignalMath.median(x) else { return values }
        let level = runningMedian3R(x)
        // A set whose typical rep is not positive has no relative scale: use the level alone.
        var weight = 0.0
        if median > 0 {
            let relative = noise / median
            weight = relative <= athleteRepVariation ? 1 : (athleteRepVariation / relative) * (athleteRepVariation / relative)
        }
        var out = values
        for (k, i) in indices.enumerated() { out[i] = level[k] + weight * (x[k] - level[k]) }
        return out
    }

    /// Repeated running median of three until nothing changes. The ends use Tukey's end-point
    /// rule: the median of the end value, its smoothed neighbour and the straight-line
    /// extrapolation from the two smoothed neighbours, so an end rep that continues the set's
    /// trend is kept and one that leaves it alone is pulled back.
    static func runningMedian3R(_ values: [Double]) -> [Double] {
        let n = values.count
        guard n >= 3 else { return values }
        var x = values
        // Each pass can only move values toward their neighbours; a handful of passes settle any
        // set (the bound only guards against an endless loop).
        for _ in 0..<(2 * n) {
            var s = x
            for i in 1..<(n - 1) { s[i] = median3(x[i - 1], x[i], x[i + 1]) }
            s[0] = median3(x[0], s[1], 3 * s[1] - 2 * s[2])
            s[n - 1] = median3(x[n - 1], s[n - 2], 3 * s[n - 2] - 2 * s[n - 3])
            if s == x { break }
            x = s
        }
        return x
    }

    static func median3(_ a: Double, _ b: Double, _ c: Double) -> Double {
        max(min(a, b), min(max(a, b), c))
    }

    /// Rep-to-rep noise of a power series (its units): the median absolute deviation of the
    /// rep-to-rep differences about their median, scaled to a standard deviation (1.4826) and
    /// divided by √2 (a difference carries the noise of two reps). Differences remove a steady
    /// trend (their median is the trend per rep) and the median ignores the one or two large
    /// differences at a breakdown. nil with fewer than four values (three differences).
    static func repNoiseScale(_ values: [Double]) -> Double? {
        guard values.count >= 4 else { return nil }
        let differences = zip(values.dropFirst(), values).map { $0 - $1 }
        guard let centre = SignalMath.median(differences),
              let mad = SignalMath.median(differences.map { abs($0 - centre) }) else { return nil }
        return 1.4826 * mad / 2.0.squareRoot()
    }
}
