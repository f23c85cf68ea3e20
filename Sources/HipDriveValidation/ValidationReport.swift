import Foundation
import HipDriveAnalysis
import HipDriveRecordings
import HipDriveSimulator

/// How one simulated session compared with its truth.
public struct SessionOutcome: Sendable {
    /// "swing/bell/gyro", "hip-pull/hips/accel-only", …
    public var group: String
    /// Where a bell sensor sat on the bell ("handle", "centre"); nil for the wrist and the hips.
    public var bellMount: String? = nil
    public var seed: UInt64
    public var format: String
    /// Per true set: true and found rep counts (0 found when the set was missed).
    public var setCounts: [(truth: Int, found: Int)]
    /// Found reps that match no true rep (hike, park, idle, clatter counted as reps).
    public var falseReps: Int
    public var turnaroundErrorsS: [Double]
    /// Relative errors (found/true − 1) of matched reps with measured values.
    public var meanDrivePowerErrors: [Double]
    public var peakPowerErrors: [Double]
    public var workErrors: [Double]
    /// Absolute peak-speed errors, m/s.
    public var peakSpeedErrorsMps: [Double]
    /// Per true set with a profile breakdown: found within ±1. Per set without: none found.
    public var breakdownProfileHits: [Bool]
    /// Per true set: the found breakdown rep agrees (±1, or both none) with the threshold
    /// definition applied to the true per-rep values.
    public var breakdownDefinitionHits: [Bool]
    /// Per true set: |found − true| mean-drive-power loss, percentage points.
    public var powerLossErrorsPct: [Double]
    /// Per true set (not for swings at the hips): the breakdown rep found, the profile's and the
    /// definition's on the true values, for `validate --verbose` (nil: none).
    public var breakdownReps: [(found: Int?, profile: Int?, definition: Int?)] = []
    /// The same session heard through its WAV audio, when validated.
    public var audio: AudioOutcome?

    /// Audio rep counts per true set, and reps heard where the truth has none.
    public struct AudioOutcome: Sendable {
        public var setCounts: [(truth: Int, found: Int)]
        public var falseReps: Int
    }

    static func compareAudio(analysis: SessionAnalysis, truth: SimulationTruth) -> AudioOutcome {
        var counts: [(Int, Int)] = []
        var used = 0
        for trueSet in truth.sets {
            // Audio rep times sit at the sound (near the float), inside the true set's span.
            let heard = analysis.sets.flatMap(\.reps).filter { $0.start >= trueSet.start - 0.5 && $0.start <= trueSet.end + 0.5 }
            counts.append((trueSet.reps.count, heard.count))
            used += heard.count
        }
        return AudioOutcome(setCounts: counts, falseReps: max(0, analysis.totalReps - used))
    }

    static func compare(analysis: SessionAnalysis, truth: SimulationTruth, config: SimulationConfig,
                        format: String) -> SessionOutcome {
        let method = analysis.input.orientationMethod == .accelerometerOnly ? "accel-only" : "gyro"
        let group = "\(truth.exercise)/\(truth.placement)/\(method)"
        var outcome = SessionOutcome(group: group, seed: truth.seed, format: format, setCounts: [], falseReps: 0,
                                     turnaroundErrorsS: [], meanDrivePowerErrors: [], peakPowerErrors: [],
                                     workErrors: [], peakSpeedErrorsMps: [], breakdownProfileHits: [],
                                     breakdownDefinitionHits: [], powerLossErrorsPct: [])
        outcome.bellMount = truth.bellSensorMount
        let foundReps = analysis.sets.flatMap { $0.reps }
        let swingAtHips = truth.exercise == "swing" && truth.placement == "hips"
        var matched = Set<Int>()
        for trueSet in truth.sets {
            // The found set overlapping this true set most.
            let found = analysis.sets.max { overlap($0, trueSet) < overlap($1, trueSet) }
                .flatMap { overlap($0, trueSet) > 0 ? $0 : nil }
            outcome.setCounts.append((trueSet.reps.count, found?.reps.count ?? 0))
            for rep in trueSet.reps {
                guard let k = foundReps.indices.min(by: { abs(foundReps[$0].turnaround - rep.turnaround) < abs(foundReps[$1].turnaround - rep.turnaround) }),
                      abs(foundReps[k].turnaround - rep.turnaround) < 0.4 * rep.repTimeS, !matched.contains(k) else { continue }
                matched.insert(k)
                let f = foundReps[k]
                guard f.apex != nil else { continue }   // counted across a gap, not measured
                outcome.turnaroundErrorsS.append(abs(f.turnaround - rep.turnaround))
                // A swing recorded at the hips measures the hips, not the bell: its speeds and
                // relative index have no counterpart in the bell's truth. Counts and times only.
                guard !swingAtHips else { continue }
                if let p = f.meanDrivePowerW, rep.meanDrivePowerW > 0 { outcome.meanDrivePowerErrors.append(p / rep.meanDrivePowerW - 1) }
                if let p = f.peakPowerW, rep.peakPowerW > 0 { outcome.peakPowerErrors.append(p / rep.peakPowerW - 1) }
                if let w = f.workJ, rep.workJ > 0 { outcome.workErrors.append(w / rep.workJ - 1) }
                if let s = f.peakSpeedMps { outcome.peakSpeedErrorsMps.append(abs(s - rep.peakSpeedMps)) }
            }
            guard !swingAtHips else { continue }
            let foundBreakdown = found?.fatigue?.breakdownRep
            outcome.breakdownReps.append((foundBreakdown, trueSet.breakdownRep, trueSet.breakdownRepByThreshold))
            if let profile = trueSet.breakdownRep {
                outcome.breakdownProfileHits.append(foundBreakdown.map { abs($0 - profile) <= 1 } ?? false)
            } else if truth.fatigueProfile.kind == "none" {
                outcome.breakdownProfileHits.append(foundBreakdown == nil)
            }
            switch (trueSet.breakdownRepByThreshold, foundBreakdown) {
            case (nil, nil): outcome.breakdownDefinitionHits.append(true)
            case let (t?, f?): outcome.breakdownDefinitionHits.append(abs(t - f) <= 1)
            default: outcome.breakdownDefinitionHits.append(false)
            }
            if let t = trueSet.meanDrivePowerLossPct, let f = found?.fatigue?.powerLossPct.meanDrive {
                outcome.powerLossErrorsPct.append(abs(f - t))
            }
        }
        outcome.falseReps = foundReps.indices.filter { !matched.contains($0) && foundReps[$0].apex != nil }.count
        return outcome
    }

    static func overlap(_ set: SetAnalysis, _ truth: SetTruth) -> Double {
        max(0, min(set.end, truth.end) - max(set.start, truth.start))
    }
}

/// The accuracy table over all sessions, by group, against the targets.
public struct ValidationReport: Sendable {
    public var outcomes: [SessionOutcome] = []

    public init() {}

    mutating func add(_ outcome: SessionOutcome) { outcomes.append(outcome) }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let s = values.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : 0.5 * (s[s.count / 2 - 1] + s[s.count / 2])
    }

    /// Summary numbers over a subset of outcomes.
    public struct Summary: Sendable {
        public var sessions = 0
        public var sets = 0
        public var exactSets = 0
        public var withinOneSets = 0
        public var falseReps = 0
        public var medianTurnaroundErrorS: Double?
        public var medianMeanDrivePowerErrorPct: Double?
        public var medianPeakPowerErrorPct: Double?
        public var medianWorkErrorPct: Double?
        public var medianPeakSpeedErrorMps: Double?
        public var breakdownProfileRate: Double?
        public var breakdownDefinitionRate: Double?
        public var medianPowerLossErrorPct: Double?

        public var exactRate: Double { sets > 0 ? Double(exactSets) / Double(sets) : 0 }
        public var withinOneRate: Double { sets > 0 ? Double(withinOneSets) / Double(sets) : 0 }
    }

    public func summary(_ filter: (SessionOutcome) -> Bool = { _ in true }) -> Summary {
        let picked = outcomes.filter(filter)
        var s = Summary()
        s.sessions = picked.count
        for o in picked {
            for c in o.setCounts {
                s.sets += 1
                if c.truth == c.found { s.exactSets += 1 }
                if abs(c.truth - c.found) <= 1 { s.withinOneSets += 1 }
            }
            s.falseReps += o.falseReps
        }
        s.medianTurnaroundErrorS = Self.median(picked.flatMap(\.turnaroundErrorsS))
        s.medianMeanDrivePowerErrorPct = Self.median(picked.flatMap(\.meanDrivePowerErrors).map { 100 * abs($0) })
        s.medianPeakPowerErrorPct = Self.median(picked.flatMap(\.peakPowerErrors).map { 100 * abs($0) })
        s.medianWorkErrorPct = Self.median(picked.flatMap(\.workErrors).map { 100 * abs($0) })
        s.medianPeakSpeedErrorMps = Self.median(picked.flatMap(\.peakSpeedErrorsMps))
        let profile = picked.flatMap(\.breakdownProfileHits)
        if !profile.isEmpty { s.breakdownProfileRate = Double(profile.filter { $0 }.count) / Double(profile.count) }
        let definition = picked.flatMap(\.breakdownDefinitionHits)
        if !definition.isEmpty { s.breakdownDefinitionRate = Double(definition.filter { $0 }.count) / Double(definition.count) }
        s.medianPowerLossErrorPct = Self.median(picked.flatMap(\.powerLossErrorsPct))
        return s
    }

    /// The printed table: one row per group and a total, then the targets.
    public func table() -> String {
        func f(_ v: Double?, _ format: String) -> String { v.map { String(format: format, $0) } ?? "–" }
        let groups = Array(Set(outcomes.map(\.group))).sorted()
        var lines: [String] = []
        let header = ["group", "sess", "sets", "exact%", "±1%", "false", "turn s", "MDP %", "peakP %", "work %",
                      "speed m/s", "bd-prof%", "bd-def%", "loss pp"]
        lines.append(header.map { $0.padding(toLength: $0 == "group" ? 26 : 11, withPad: " ", startingAt: 0) }.joined())
        func row(_ name: String, _ s: Summary) -> String {
            let cells = [name, "\(s.sessions)", "\(s.sets)", f(100 * s.exactRate, "%.1f"), f(100 * s.withinOneRate, "%.1f"),
                         "\(s.falseReps)", f(s.medianTurnaroundErrorS, "%.3f"), f(s.medianMeanDrivePowerErrorPct, "%.1f"),
                         f(s.medianPeakPowerErrorPct, "%.1f"), f(s.medianWorkErrorPct, "%.1f"),
                         f(s.medianPeakSpeedErrorMps, "%.3f"), f(s.breakdownProfileRate.map { 100 * $0 }, "%.0f"),
                         f(s.breakdownDefinitionRate.map { 100 * $0 }, "%.0f"), f(s.medianPowerLossErrorPct, "%.1f")]
            return cells.enumerated().map { $0.element.padding(toLength: $0.offset == 0 ? 26 : 11, withPad: " ", startingAt: 0) }.joined()
        }
        for g in groups {
            lines.append(row(g, summary { $0.group == g }))
            // A bell sensor's rows by where it sat on the bell, when the group holds both.
            let mounts = Array(Set(outcomes.filter { $0.group == g }.compactMap(\.bellMount))).sorted(by: >)
            if mounts.count > 1 {
                for mount in mounts { lines.append(row("  \(mount)", summary { $0.group == g && $0.bellMount == mount })) }
            }
        }
        lines.append(row("all", summary()))
        let audio = outcomes.compactMap(\.audio)
        if !audio.isEmpty {
            let sets = audio.flatMap(\.setCounts)
            let exact = sets.filter { $0.truth == $0.found }.count
            let withinOne = sets.filter { abs($0.truth - $0.found) <= 1 }.count
            let falseReps = audio.reduce(0) { $0 + $1.falseReps }
            lines.append(String(format: "audio (WAV): %d sessions, %d sets, exact %.1f %%, within ±1 %.1f %%, reps heard outside sets %d",
                                audio.count, sets.count, 100 * Double(exact) / Double(max(1, sets.count)),
                                100 * Double(withinOne) / Double(max(1, sets.count)), falseReps))
        }
        lines.append("")
        lines.append("columns: exact%/±1% = sets whose rep count is exact / within one; false = reps found where the")
        lines.append("truth has none (hike, park, idle, clatter); turn s = median |turnaround error|; MDP, peakP, work =")
        lines.append("median |relative error| of mean drive power, peak power, work; speed = median |peak speed error|;")
        lines.append("bd-prof = breakdown rep within ±1 of the profile's (none where the profile has none);")
        lines.append("bd-def = breakdown rep within ±1 of the analysis.md threshold definition applied to the true values;")
        lines.append("loss pp = median |mean-drive-power loss error|, percentage points. Indented rows: a bell group")
        lines.append("split by where the sensor sat on the bell (handle, centre of mass). swing/hips: a swing recorded")
        lines.append("at the hips is counted and timed only (the bell's power is not in the data).")
        lines.append("audio target: exact ≥ 95 % of sets, no reps from clatter.")
        lines.append("targets: exact ≥ 99 % (IMU), ±1 = 100 %, false = 0, turn ≤ 0.1 s, gyro: MDP ≤ 5 %, peakP ≤ 10 %,")
        lines.append("speed ≤ 0.05 m/s; accel-only: MDP ≤ 15 %; breakdown ≥ 90 %.")
        return lines.joined(separator: "\n")
    }
}
