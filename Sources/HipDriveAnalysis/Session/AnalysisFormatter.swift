import Foundation
import HipDriveRecordings

/// Human and spreadsheet renderings of an analysis (the JSON is the `Codable` conformance).
public enum AnalysisFormatter {
    /// Header of `csv(_:)`: one row per rep, SI units in the column names, empty where not measured.
    public static let csvHeader = [
        "file", "exercise", "set", "rep", "start_s", "end_s", "turnaround_s", "apex_s", "drive_time_s", "rep_time_s",
        "peak_power_w", "mean_drive_power_w", "work_j", "peak_power_w_per_kg", "mean_drive_power_w_per_kg",
        "work_j_per_kg", "peak_speed_mps", "displacement_m", "relative_drive_index", "sparc", "shape_correlation",
    ].joined(separator: ",")

    /// One CSV row per rep of every analysis, after `csvHeader`.
    public static func csv(_ analyses: [SessionAnalysis]) -> String {
        var lines = [csvHeader]
        func cell(_ value: Double?, _ digits: Int = 4) -> String {
            guard let value, value.isFinite else { return "" }
            return String(format: "%.\(digits)f", value)
        }
        for analysis in analyses {
            let file = "\"" + analysis.input.path.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            for set in analysis.sets {
                for rep in set.reps {
                    lines.append([
                        file, analysis.exercise.rawValue, "\(set.index)", "\(rep.index)", cell(rep.start, 3), cell(rep.end, 3),
                        cell(rep.turnaround, 3), cell(rep.apex, 3), cell(rep.driveTimeS, 3), cell(rep.repTimeS, 3),
                        cell(rep.peakPowerW, 1), cell(rep.meanDrivePowerW, 1), cell(rep.workJ, 1),
                        cell(rep.peakPowerWPerKg, 2), cell(rep.meanDrivePowerWPerKg, 2), cell(rep.workJPerKg, 2),
                        cell(rep.peakSpeedMps, 3), cell(rep.displacementM, 3), cell(rep.relativeDriveIndex, 3),
                        cell(rep.smoothnessSPARC, 3), cell(rep.shapeCorrelation, 3),
                    ].joined(separator: ","))
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A readable summary: input and its quality, each set with its per-rep table and fatigue,
    /// and the notes. Units on every number; per-kg output says so.
    public static func summary(_ analysis: SessionAnalysis) -> String {
        var out: [String] = []
        let input = analysis.input
        var head = "\(input.path): \(input.format), \(fmt(input.durationS, 1)) s"
        if let quality = input.quality {
            head += ", IMU \(fmt(quality.effectiveSampleRateHz, 0)) Hz"
            head += quality.hasGyroscope ? " with gyroscope" : " accelerometer only"
            if quality.gapCount > 0 { head += ", \(quality.gapCount) gap(s) (longest \(fmt(quality.longestGapS, 1)) s)" }
            if quality.clippedPercent > 0 { head += ", \(fmt(quality.clippedPercent, 1)) % clipped" }
        } else {
            head += ", audio"
        }
        out.append(head)
        var load = "exercise: \(analysis.exercise.rawValue)"
        if let placement = input.placement { load += ", sensor on the \(placement.rawValue)" }
        if let bell = input.bellSensor {
            load += bell.mount == .handle && bell.leverM > 0
                ? " handle (moved \(fmt(bell.leverM, 3)) m to the bell's centre of mass)" : " at its centre of mass"
        }
        if let mass = analysis.load.massKg { load += ", bell \(fmt(mass, 1)) kg" }
        switch analysis.load.band {
        case let .stiffness(k, slack)?: load += ", band \(fmt(k, 0)) N/m (slack \(fmt(slack, 2)) m)"
        case let .lockoutTension(tension, stroke)?: load += ", band \(fmt(tension, 0)) N at lockout over \(fmt(stroke, 2)) m"
        case nil: break
        }
        switch analysis.powerUnit {
        case "W": load += analysis.powerIsEstimate ? "; power in W (estimate)" : "; power in W"
        case "W/kg": load += "; power PER KILOGRAM of bell (W/kg, J/kg): give --mass for watts"
        default: load += "; no power (speeds and timing only)"
        }
        out.append(load)
        if analysis.sets.isEmpty { out.append("no sets found") }
        let perKg = analysis.powerUnit == "W/kg"
        for set in analysis.sets {
            out.append("")
            var line = "Set \(set.index): \(set.reps.count) reps, \(fmt(set.start, 1))–\(fmt(set.end, 1)) s"
            if let cadence = set.cadenceRpm { line += ", cadence \(fmt(cadence, 1)) reps/min" }
            out.append(line)
            let powerUnit = perKg ? "W/kg" : "W"
            let workUnit = perKg ? "J/kg" : "J"
            let columns = ["rep", "turn s", "apex s", "drive s", "rep s", "peak \(powerUnit)", "mean \(powerUnit)",
                           "work \(workUnit)", "speed m/s"]
            out.append("  " + columns.map { pad($0, 10) }.joined())
            for rep in set.reps {
                let peak = perKg ? rep.peakPowerWPerKg : rep.peakPowerW
                let mean = perKg ? rep.meanDrivePowerWPerKg : (rep.meanDrivePowerW ?? (analysis.powerUnit == "none" ? nil : nil))
                let work = perKg ? rep.workJPerKg : rep.workJ
                let cells = ["\(rep.index)", fmt(rep.turnaround, 2), fmt(rep.apex, 2), fmt(rep.driveTimeS, 2), fmt(rep.repTimeS, 2),
                             fmt(peak, perKg ? 1 : 0), fmt(mean, perKg ? 1 : 0), fmt(work, perKg ? 2 : 0), fmt(rep.peakSpeedMps, 2)]
                out.append("  " + cells.map { pad($0, 10) }.joined())
            }
            // Without watts (a hip pull without a band, a swing recorded at the hips) the losses
            // are read on relativeDriveIndex, and say so.
            if let fatigue = set.fatigue {
                out.append(contentsOf: fatigueLines(fatigue, quantity: analysis.powerUnit == "none" ? "relativeDriveIndex" : "mean drive power")
                    .map { "  " + $0 })
            }
        }
        if !analysis.notes.isEmpty {
            out.append("")
            out.append("notes:")
            out.append(contentsOf: analysis.notes.map { "  - " + $0 })
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func fatigueLines(_ f: FatigueBreakdown, quantity: String = "mean drive power") -> [String] {
        var lines: [String] = []
        var loss = "fatigue: \(quantity) loss \(pct(f.powerLossPct.meanDrive)), peak power loss \(pct(f.powerLossPct.peak)), "
        loss += "velocity loss \(pct(f.velocityLossPct)), slope \(f.slopePctPerRep.map { fmt($0, 2) + " %/rep" } ?? "–")"
        lines.append(loss)
        var second = "breakdown rep \(f.breakdownRep.map(String.init) ?? "none") (below \(fmt(100 * f.breakdownThreshold, 0)) % of the reference"
        if let call = f.breakdownConfidence { second += "; confidence \(call)" }
        if let noise = f.repNoisePct { second += ", rep-to-rep noise \(fmt(noise, 0)) %" }
        second += ")"
        if let work = f.workShare, let tempo = f.tempoShare {
            second += "; loss from less work \(fmt(100 * work, 0)) %, from a slower drive \(fmt(100 * tempo, 0)) %"
        }
        lines.append(second)
        var third = "cadence \(fmt(f.cadenceStartRpm, 1)) → \(fmt(f.cadenceEndRpm, 1)) reps/min (\(signed(f.cadenceDriftPct)) %)"
        if let cv = f.repVariabilityCVPct { third += ", rep-to-rep CV \(fmt(cv, 1)) %" }
        if let drift = f.smoothnessDrift { third += ", smoothness (SPARC) drift \(signed(drift, 2))" }
        if let shape = f.shapeConsistencyLast { third += ", shape vs opening reps r = \(fmt(shape, 2))" }
        lines.append(third)
        let crossings = f.thresholdCrossings.map { "\(fmt($0.thresholdPct, 0)) % at \($0.rep.map { "rep \($0)" } ?? "–")" }
        if !crossings.isEmpty { lines.append("loss thresholds: " + crossings.joined(separator: ", ")) }
        var confidence = "confidence: \(f.confidence)"
        if !f.qualityNotes.isEmpty { confidence += " (" + f.qualityNotes.joined(separator: "; ") + ")" }
        lines.append(confidence)
        return lines
    }

    static func fmt(_ value: Double?, _ digits: Int) -> String {
        guard let value, value.isFinite else { return "–" }
        return String(format: "%.\(digits)f", value)
    }
    static func pct(_ value: Double?) -> String { value.map { fmt($0, 1) + " %" } ?? "–" }
    static func signed(_ value: Double?, _ digits: Int = 1) -> String {
        guard let value, value.isFinite else { return "–" }
        return String(format: "%+.\(digits)f", value)
    }
    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
