import Foundation

/// The fatigue breakdown of one set, exactly as docs/analysis.md defines it.
///
/// Reference R = mean of the best two of the first three reps; loss = 100·(1 − mean(last three)/R);
/// slope = least-squares slope of mean drive power over rep index, in % of R per rep; breakdown
/// rep = the first rep of the tail that stays below `breakdownThreshold`·R to the end of the set,
/// read on the series with its measurement scatter taken out (FatigueTrend), with its own confidence
/// (without a gyroscope a call resting on the last rep alone, or one whose reps as measured average
/// above the line, is withheld: `breakdownWithheldRep`; a change point the data shows, down
/// below the line, places it instead: FatigueTrend.changePoint);
/// decomposition ln(P_last/P_ref) = ln(W_last/W_ref) − ln(T_last/T_ref) with P = W/T aggregated
/// over the same reps, so that the two shares add up to one exactly.
enum FatigueAnalyzer {
    /// Context that lowers confidence, gathered by the analyzer.
    struct Context {
        var breakdownThreshold: Double = 0.8
        var lossThresholdsPct: [Double] = [10, 20, 30]
        /// Speed profiles per rep (same order as the reps), for shape consistency.
        var shapes: [[Double]?] = []
        var notes: [String] = []
        /// Name of the quantity used as "power" when no watts exist (for the notes).
        var powerQuantityName: String = "mean drive power"
        /// True when the per-rep power carries measurement scatter well beyond an athlete's own
        /// rep-to-rep variation (accelerometer only: 15–25 % per rep in validation), so the
        /// breakdown is read on the denoised series (FatigueTrend). With a gyroscope the reps are
        /// measured to 1–2 % and a set's scatter is the athlete's own: the definition is applied
        /// to the reps as they are (denoising a 10 %-jittery but precisely measured set moved its
        /// breakdown away from the definition's: wrist+gyro, validate seed 2).
        var noisyPerRepPower = false
    }

    static func analyze(_ reps: [RepMetrics], context: Context) -> FatigueBreakdown {
        var notes = context.notes
        let n = reps.count
        // The power series: W when known, else W/kg, else the relative index (hip pull, no band).
        let meanDrive: [Double?] = reps.map { $0.meanDrivePowerW ?? $0.meanDrivePowerWPerKg ?? $0.relativeDriveIndex }
        let peak: [Double?] = reps.map { $0.peakPowerW ?? $0.peakPowerWPerKg }
        let speed: [Double?] = reps.map { $0.peakSpeedMps }
        let work: [Double?] = reps.map { $0.workJ ?? $0.workJPerKg }
        let drive: [Double?] = reps.map { $0.driveTimeS }

        let peakLoss = loss(peak)
        let meanLoss = loss(meanDrive)
        let velocityLoss = loss(speed)

        var slope: Double?
        var breakdown: Int?
        var crossings: [ThresholdCrossing] = context.lossThresholdsPct.map { ThresholdCrossing(thresholdPct: $0, rep: nil) }
        var cv: Double?
        var breakdownCall: FatigueTrend.Breakdown?
        var withheldBreakdown: Int?
        var withheldAboveLine = false
        if let r = reference(meanDrive), r > 0 {
            let measured = meanDrive.compactMap { $0 }
            if measured.count == n, let s = SignalMath.slope(measured) { slope = 100 * s / r }
            // "Stays below for the rest of the set" is read on the series with its measurement
            // scatter taken out (FatigueTrend: noise must not start or end a breakdown).
            breakdownCall = FatigueTrend.breakdown(meanDrive, threshold: context.breakdownThreshold,
                                                   denoise: context.noisyPerRepPower)
            breakdown = breakdownCall?.rep
            let smooth = context.noisyPerRepPower ? FatigueTrend.denoised(meanDrive) : meanDrive
            let smoothReference = reference(smooth)
            // Without a gyroscope a call resting on the set's last rep alone is withheld
            // (FatigueTrend.restsOnLastRepAlone says why), and so is one whose reps, as measured,
            // do not average below the line (FatigueTrend.measuredTailHoldsUp); either is
            // reported as withheld.
            // A change point (FatigueTrend.changePoint) already weighed the set's whole course,
            // failed reps included, and its lower level holds at least two reps: not withheld.
            let byChangePoint = breakdownCall?.changePointEvidence != nil
            if !byChangePoint, context.noisyPerRepPower, FatigueTrend.restsOnLastRepAlone(breakdown, meanDrive) {
                withheldBreakdown = breakdown
                breakdown = nil
            } else if !byChangePoint, context.noisyPerRepPower, let smoothReference,
                      FatigueTrend.measuredTailHoldsUp(breakdown, meanDrive, level: context.breakdownThreshold * smoothReference) {
                withheldBreakdown = breakdown
                withheldAboveLine = true
                breakdown = nil
            }
            if let smoothReference, smoothReference > 0 {
                // One split fit for every threshold (only the drop it must reach differs).
                let stepFit = context.noisyPerRepPower ? FatigueTrend.changePointFit(meanDrive) : nil
                crossings = context.lossThresholdsPct.map { pct in
                    let level = (1 - pct / 100) * smoothReference
                    var rep = firstRepStayingBelow(smooth, level: level)
                    // The same rules as the breakdown, so the 20 % crossing and the 80 % breakdown
                    // agree: a change point below this line places it, else the withholding rules.
                    if let step = FatigueTrend.changePoint(meanDrive, threshold: 1 - pct / 100, fit: stepFit) {
                        rep = step.breakdownRep
                    } else if context.noisyPerRepPower, FatigueTrend.restsOnLastRepAlone(rep, meanDrive)
                        || FatigueTrend.measuredTailHoldsUp(rep, meanDrive, level: level) { rep = nil }
                    return ThresholdCrossing(thresholdPct: pct, rep: rep)
                }
            }
            let m = SignalMath.mean(measured)
            if m > 0 { cv = 100 * SignalMath.standardDeviation(measured) / m }
        }
        if let withheldBreakdown, withheldAboveLine {
            notes.append("breakdown at rep \(withheldBreakdown) not reported: only the smoothed \(context.powerQuantityName) stays below the \(Int((100 * context.breakdownThreshold).rounded())) % line; the reps from there, as measured, average above it")
            breakdownCall?.rep = nil
            breakdownCall?.confidence = "weak"
        } else if let withheldBreakdown {
            notes.append("breakdown at the last rep alone (rep \(withheldBreakdown)) not reported: without a gyroscope one low last rep cannot be told from a measurement error of that rep")
            breakdownCall?.rep = nil
            breakdownCall?.confidence = "weak"
        } else if let call = breakdownCall, let rep = call.rep, let evidence = call.changePointEvidence,
                  let ratio = call.changePointLevelRatio {
            notes.append("breakdown at rep \(rep) placed by a change point in \(context.powerQuantityName): its level drops to \(Int((100 * ratio).rounded())) % of the level before, evidence against a steady trend 2·ln LR = \(String(format: "%.1f", evidence))")
        } else if let call = breakdownCall, call.confidence == "weak", let noise = call.repNoisePct {
            let what = call.rep.map { "breakdown at rep \($0)" } ?? "no breakdown"
            notes.append("\(what) is uncertain: the rep-to-rep noise of \(context.powerQuantityName) (\(Int(noise.rounded())) %) is as large as its distance from the \(Int((100 * context.breakdownThreshold).rounded())) % line")
        }

        if let referenceReps = bestTwoOfFirstThree(meanDrive), referenceReps.contains(where: { $0 >= 3 }) {
            notes.append("reference from the first measured reps (\(referenceReps.sorted().map { "\($0 + 1)" }.joined(separator: ", "))): the opening reps were not measured")
        }
        // Decomposition over the same reps as the loss: reference reps = best two of the first
        // three by mean drive power, last = the last three.
        var workShare: Double?, tempoShare: Double?
        if n >= 4, let referenceReps = bestTwoOfFirstThree(meanDrive) {
            let lastReps = Array((n - 3)..<n)
            if let wRef = meanOf(work, referenceReps), let tRef = meanOf(drive, referenceReps),
               let wLast = meanOf(work, lastReps), let tLast = meanOf(drive, lastReps),
               wRef > 0, tRef > 0, wLast > 0, tLast > 0 {
                let workTerm = log(wLast / wRef)
                let tempoTerm = -log(tLast / tRef)
                let total = workTerm + tempoTerm
                // Below a 5 % change the shares are noise divided by noise (rep-to-rep CV of work
                // and drive time is itself a few percent).
                if abs(total) > 0.05 {
                    workShare = workTerm / total
                    tempoShare = tempoTerm / total
                } else {
                    notes.append("power changed by less than 5 %: no work/tempo split")
                }
            }
        }

        var smoothnessDrift: Double?
        let sparc = reps.map { $0.smoothnessSPARC }
        if n >= 4, let first = meanOf(sparc, Array(0..<3)), let last = meanOf(sparc, Array((n - 3)..<n)) {
            smoothnessDrift = last - first
        }
        var shapeLast: Double?
        if n >= 4 {
            let lastCorrelations = reps[(n - 3)...].compactMap { $0.shapeCorrelation }
            if !lastCorrelations.isEmpty { shapeLast = SignalMath.mean(lastCorrelations) }
        }

        var cadenceStart: Double?, cadenceEnd: Double?, cadenceDrift: Double?
        if n >= 2 {
            let k = min(3, n)
            let startTime = SignalMath.mean(reps.prefix(k).map(\.repTimeS))
            let endTime = SignalMath.mean(reps.suffix(k).map(\.repTimeS))
            if startTime > 0, endTime > 0 {
                cadenceStart = 60 / startTime
                cadenceEnd = 60 / endTime
                cadenceDrift = 100 * (60 / endTime - 60 / startTime) / (60 / startTime)
            }
        }

        var confidence = "good"
        if n < 6 {
            notes.append("only \(n) reps: the reference and the last three overlap")
            confidence = n < 4 ? "weak" : "fair"
        }
        let missing = meanDrive.filter { $0 == nil }.count
        if missing > 0 {
            notes.append("\(missing) of \(n) reps without a measured \(context.powerQuantityName)")
            if Double(missing) > 0.2 * Double(n) { confidence = "weak" } else if confidence == "good" { confidence = "fair" }
        }
        if !context.notes.isEmpty, confidence == "good" { confidence = "fair" }
        // A breakdown call within one standard error of the line is the set's weakest number.
        if breakdownCall?.confidence == "weak", confidence == "good" { confidence = "fair" }
        if let cv, cv > 25, confidence == "good" {
            notes.append("rep-to-rep variability \(Int(cv.rounded())) %: trends within the set are uncertain")
            confidence = "fair"
        }

        return FatigueBreakdown(
            powerLossPct: PowerLoss(peak: peakLoss, meanDrive: meanLoss), velocityLossPct: velocityLoss,
            slopePctPerRep: slope, breakdownRep: breakdown, breakdownThreshold: context.breakdownThreshold,
            workShare: workShare, tempoShare: tempoShare, smoothnessDrift: smoothnessDrift,
            shapeConsistencyLast: shapeLast, repVariabilityCVPct: cv, cadenceStartRpm: cadenceStart,
            cadenceEndRpm: cadenceEnd, cadenceDriftPct: cadenceDrift, thresholdCrossings: crossings,
            confidence: confidence, qualityNotes: notes, breakdownConfidence: breakdownCall?.confidence,
            repNoisePct: breakdownCall?.repNoisePct, breakdownWithheldRep: withheldBreakdown,
            breakdownChangePointEvidence: breakdownCall?.changePointEvidence)
    }

    /// Indices (0-based) of the best two of the first three reps that have a value. When a
    /// gap in the data left fewer than two of the first three measured, the first three
    /// measured reps stand in for them (the set's opening as far as it was measured; the
    /// analysis notes it), rather than no fatigue figures at all.
    static func bestTwoOfFirstThree(_ values: [Double?]) -> [Int]? {
        var first = (0..<min(3, values.count)).filter { values[$0] != nil }
        if first.count < 2 { first = Array(values.indices.filter { values[$0] != nil }.prefix(3)) }
        guard first.count >= 2 else { return nil }
        let sorted = first.sorted { (values[$0] ?? 0) > (values[$1] ?? 0) }
        return Array(sorted.prefix(2))
    }

    /// R = mean of the best two of the first three reps.
    static func reference(_ values: [Double?]) -> Double? {
        guard let best = bestTwoOfFirstThree(values) else { return nil }
        return meanOf(values, best)
    }

    /// 100·(1 − mean(last three)/R); nil with fewer than four reps (the windows would coincide).
    static func loss(_ values: [Double?]) -> Double? {
        let n = values.count
        guard n >= 4, let r = reference(values), r > 0,
              let last = meanOf(values, Array((n - 3)..<n)) else { return nil }
        return 100 * (1 - last / r)
    }

    static func meanOf(_ values: [Double?], _ indices: [Int]) -> Double? {
        let picked = indices.compactMap { $0 < values.count ? values[$0] : nil }
        return picked.isEmpty ? nil : SignalMath.mean(picked)
    }

    /// 1-based index of the first rep from which every measured rep to the end of the set is
    /// below `level`; nil when the last measured rep is not below it. Unmeasured reps (gaps)
    /// neither break nor start the run.
    static func firstRepStayingBelow(_ values: [Double?], level: Double) -> Int? {
        var first: Int?
        for (i, value) in values.enumerated().reversed() {
            guard let value else { continue }
            if value < level { first = i + 1 } else { break }
        }
        return first
    }
}
