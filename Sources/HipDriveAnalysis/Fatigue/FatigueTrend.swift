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
/// The definition also allows "a change point if the data shows one". With measurement scatter
/// the series is first searched for one (`changePoint`): one level, then a lower one, fitted by
/// maximum likelihood with a noise model that knows failed reps read low, and judged against a
/// straight line (a set that holds or declines steadily) with the set's own rep-to-rep noise.
/// When the data shows a change point down below the line, it places the breakdown; otherwise the
/// definition reads the denoised series as above.
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
        /// Set when a change point placed the rep (`changePoint`): its evidence against a steady
        /// trend, 2·ln(likelihood ratio), and the level after it as a fraction of the level before.
        var changePointEvidence: Double? = nil
        var changePointLevelRatio: Double? = nil
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
        var level = threshold * r
        var rep = FatigueAnalyzer.firstRepStayingBelow(clean, level: level)
        // Measurement scatter (denoise): a change point the data shows, down below the line,
        // decides the rep; the line is then drawn from the level before it.
        let step = denoise ? changePoint(values, threshold: threshold) : nil
        if let step {
            rep = step.breakdownRep
            level = threshold * step.levelBefore
        }
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
        return Breakdown(rep: rep, confidence: confidence, repNoisePct: noisePct, marginSE: margin,
                         changePointEvidence: step?.evidence, changePointLevelRatio: step?.levelRatio)
    }

    /// A breakdown the data shows as a change point: the set's per-rep power holds one level and
    /// then drops to a lower one that is below the line.
    struct ChangePoint: Equatable {
        /// 1-based first rep of the lower level.
        var rep: Int
        /// The breakdown rep: `rep`, or earlier when the reps just before it are already below
        /// the line (a rep partway down the drop, which neither level fits).
        var breakdownRep: Int
        /// 2·ln(likelihood ratio) of the two levels against a straight line (a steady trend).
        var evidence: Double
        /// Level before the change (power units) and after it as a fraction of that.
        var levelBefore: Double
        var levelRatio: Double
    }

    /// Evidence a change point needs against a steady trend: a likelihood ratio of e² (about 7,
    /// "substantial" on Jeffreys' scale). On step-free sets simulated with this noise model (a
    /// steady 0–40 % decline, 5–20 % core scatter, one rep in ten failed low; 300 sets per
    /// length) the best of all splits reaches it in 5 % (6–8 reps) to 12 % (20 reps) of sets, and
    /// with its lower level below 80 % of the upper in 2 % to 7 %: the false step calls.
    static let changePointEvidence = 4.0
    /// Share of reps whose measurement failed (read low), and how far down in ln units (e⁻³ = 5 %)
    /// such a reading may land.
    static let failedRepShare = 0.1
    static let failedRepDepth = 3.0
    /// The shortest levels: three reps before (the reference's), two after (one low rep is
    /// `restsOnLastRepAlone`'s case).
    static let changePointMinimumBefore = 3
    static let changePointMinimumAfter = 2

    /// The change point of a set's per-rep power when the data shows one below the line
    /// (`threshold` of the level before it); nil otherwise.
    ///
    /// Model: ln(power) per measured rep is a level plus measurement noise. Without a gyroscope
    /// that noise has two parts, and the cost must follow both: a Gaussian core (the set's own
    /// rep-to-rep noise, `repNoiseScale` of the ln values) and failed reps that read low. A
    /// failure reads low because a drive integrated from the wrong instant, or cut short, loses
    /// work; it does not double it: validate seeds 1–3, bell sensors without a gyroscope, ln of
    /// measured/true about the set's median error has its 5th percentile at −0.60 and its 95th at
    /// +0.23. So each residual r costs −ln[(1−ε)·N(r; 0, σ) + ε/D for r < 0] (ε = one rep in
    /// ten, D = 3 ln units), and a run of two or three failed reps costs little wherever it sits.
    /// Two models are fitted by maximum likelihood (EM: each rep weighted by the chance it is not
    /// a failure): a straight line (a set that holds, or declines steadily) and two levels with
    /// a split at every rep (three reps before, two after at least). The best split is a change
    /// point when it beats the line by `changePointEvidence` and its lower level is below
    /// `threshold` of the one before. A steady decline is a line and is left to the definition; a
    /// low run that returns to the level leaves the levels equal.
    static func changePoint(_ values: [Double?], threshold: Double) -> ChangePoint? {
        changePoint(values, threshold: threshold, fit: changePointFit(values))
    }

    /// The best split of a set's per-rep power and its evidence against a straight line (see
    /// `changePoint`), before any threshold: the fits do not depend on the line, so a set's
    /// breakdown and its 10/20/30 % crossings share one.
    struct ChangePointFit: Equatable {
        /// 1-based reps of the measured values, in order.
        var reps: [Int]
        /// Index into `reps` of the first rep of the lower level.
        var split: Int
        /// 2·ln(likelihood ratio) of the two levels against the line.
        var evidence: Double
        /// The two levels, ln(power).
        var before: Double
        var after: Double
    }

    /// The best two-level split of `values` (see `changePoint`); nil when the set is too short or
    /// has no noise estimate.
    static func changePointFit(_ values: [Double?]) -> ChangePointFit? {
        var x: [Double] = [], y: [Double] = [], reps: [Int] = []
        for (i, value) in values.enumerated() {
            guard let value, value > 0 else { continue }
            x.append(Double(i + 1)); y.append(log(value)); reps.append(i + 1)
        }
        let n = y.count
        guard n >= changePointMinimumBefore + changePointMinimumAfter + 1,
              let noise = repNoiseScale(y) else { return nil }
        // At least an athlete's own variation: a set measured cleaner than that is not more certain.
        let sigma = max(noise, athleteRepVariation)
        let line = fitLine(x, y, sigma: sigma)
        var best: (cost: Double, split: Int, before: Double, after: Double)?
        for split in changePointMinimumBefore...(n - changePointMinimumAfter) {
            let before = fitLevel(Array(y[..<split]), sigma: sigma)
            let after = fitLevel(Array(y[split...]), sigma: sigma)
            let cost = before.cost + after.cost
            if cost < best?.cost ?? .infinity { best = (cost, split, before.level, after.level) }
        }
        guard let best else { return nil }
        return ChangePointFit(reps: reps, split: best.split, evidence: 2 * (line.cost - best.cost),
                              before: best.before, after: best.after)
    }

    /// The change point of `values` below the line at `threshold` of the level before it, from
    /// their `fit` (`changePointFit(values)`); nil when the fit's evidence or drop falls short.
    static func changePoint(_ values: [Double?], threshold: Double, fit: ChangePointFit?) -> ChangePoint? {
        guard let fit else { return nil }
        let ratio = exp(fit.after - fit.before)
        guard fit.evidence > changePointEvidence, ratio < threshold else { return nil }
        // The rep partway down the drop (the first tired rep) fits neither level; the definition
        // reads it: reps just before the split that are already below the line join the breakdown.
        let levelBefore = exp(fit.before)
        let cut = threshold * levelBefore
        let first = fit.reps[fit.split]
        var breakdownRep = first
        for i in stride(from: first - 2, through: 0, by: -1) {
            guard let value = values[i] else { continue }
            if value < cut { breakdownRep = i + 1 } else { break }
        }
        return ChangePoint(rep: first, breakdownRep: breakdownRep, evidence: fit.evidence,
                           levelBefore: levelBefore, levelRatio: ratio)
    }

    /// Cost (negative log-likelihood) of a residual under the noise model of `changePoint`.
    static func residualCost(_ r: Double, sigma: Double) -> Double {
        -log(coreDensity(r, sigma: sigma) + failureDensity(r) + 1e-300)
    }

    /// Probability that a residual is measurement scatter rather than a failed rep.
    static func coreWeight(_ r: Double, sigma: Double) -> Double {
        let core = coreDensity(r, sigma: sigma)
        return core / (core + failureDensity(r) + 1e-300)
    }

    static func coreDensity(_ r: Double, sigma: Double) -> Double {
        (1 - failedRepShare) * exp(-0.5 * (r / sigma) * (r / sigma)) / (sigma * (2 * Double.pi).squareRoot())
    }

    static func failureDensity(_ r: Double) -> Double {
        r < 0 ? failedRepShare / failedRepDepth : 0
    }

    /// Maximum-likelihood level of `y` under the noise model (EM from the median) and its cost.
    static func fitLevel(_ y: [Double], sigma: Double) -> (level: Double, cost: Double) {
        var m = y.sorted()[y.count / 2]
        for _ in 0..<100 {
            let w = y.map { coreWeight($0 - m, sigma: sigma) }
            let sw = w.reduce(0, +)
            guard sw > 1e-9 else { break }
            let next = zip(w, y).map { $0 * $1 }.reduce(0, +) / sw
            if abs(next - m) < 1e-10 { m = next; break }
            m = next
        }
        return (m, y.map { residualCost($0 - m, sigma: sigma) }.reduce(0, +))
    }

    /// Maximum-likelihood line a + b·x under the noise model (EM from the Theil–Sen line) and its cost.
    static func fitLine(_ x: [Double], _ y: [Double], sigma: Double) -> (a: Double, b: Double, cost: Double) {
        let n = x.count
        var slopes: [Double] = []
        for i in 0..<n { for j in (i + 1)..<n where x[j] != x[i] { slopes.append((y[j] - y[i]) / (x[j] - x[i])) } }
        var b = SignalMath.median(slopes) ?? 0
        var a = SignalMath.median(zip(x, y).map { $1 - b * $0 }) ?? 0
        for _ in 0..<100 {
            let w = zip(x, y).map { coreWeight($1 - a - b * $0, sigma: sigma) }
            let sw = w.reduce(0, +)
            guard sw > 1e-9 else { break }
            let mx = zip(w, x).map { $0 * $1 }.reduce(0, +) / sw
            let my = zip(w, y).map { $0 * $1 }.reduce(0, +) / sw
            var sxx = 0.0, sxy = 0.0
            for k in 0..<n { sxx += w[k] * (x[k] - mx) * (x[k] - mx); sxy += w[k] * (x[k] - mx) * (y[k] - my) }
            guard sxx > 1e-12 else { break }
            let nb = sxy / sxx, na = my - nb * mx
            let done = abs(na - a) + abs(nb - b) < 1e-10
            a = na; b = nb
            if done { break }
        }
        let cost = zip(x, y).map { residualCost($1 - a - b * $0, sigma: sigma) }.reduce(0, +)
        return (a, b, cost)
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
