import Foundation
import HipDriveAnalysis
import HipDriveHistory

/// One session with its full analysis, as the report shows it.
public struct ReportSession: Sendable {
    public var session: StoredSession
    public var analysis: SessionAnalysis
    public init(session: StoredSession, analysis: SessionAnalysis) { self.session = session; self.analysis = analysis }
}

/// The fatigue report a coach hands over: per session, power per rep with the breakdown rep and
/// the loss thresholds, the work-versus-tempo decomposition, smoothness and consistency; across
/// sessions, the trends and flags; and plain-language notes with the numbers behind them.
///
/// ```swift
/// let report = try FatigueReport(store: store, athlete: "anna")
/// try report.html().write(toFile: "report.html", atomically: true, encoding: .utf8)
/// ```
public struct FatigueReport: Sendable {
    public var athlete: String
    public var since: Date?
    /// Oldest first.
    public var sessions: [ReportSession]
    public var trends: [TrendGroup]
    public var options: TrendOptions
    public var generatedAt: Date

    public init(athlete: String, since: Date?, sessions: [ReportSession], trends: [TrendGroup],
                options: TrendOptions = TrendOptions(), generatedAt: Date = Date()) {
        self.athlete = athlete; self.since = since; self.sessions = sessions; self.trends = trends
        self.options = options; self.generatedAt = generatedAt
    }

    /// Loads the athlete's sessions (from `since` on) from the store. Trend baselines use the
    /// sessions before `since` too, so the first reported session still has its baseline.
    public init(store: HistoryStore, athlete: String, since: Date? = nil, options: TrendOptions = TrendOptions()) throws {
        let all = try store.sessions(athlete: athlete)
        let shown = all.filter { since == nil || $0.metadata.date >= since! }
        let shownIDs = Set(shown.map(\.id))
        var groups = Trends.compute(all, options: options)
        for i in groups.indices { groups[i].points = groups[i].points.filter { shownIDs.contains($0.sessionID) } }
        groups = groups.filter { !$0.points.isEmpty }
        self.init(athlete: athlete, since: since,
                  sessions: try shown.map { ReportSession(session: $0, analysis: try $0.analysis()) },
                  trends: groups, options: options)
    }

    static let day: DateFormatter = {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f
    }()
    static let dayTime: DateFormatter = {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return f
    }()

    // MARK: - Numbers behind the notes

    /// Which per-rep power the report plots for a session, with its unit and name.
    struct PowerSeries {
        var unit: String
        var name: String
        var mean: (RepMetrics) -> Double?
        var peak: (RepMetrics) -> Double?
        var work: (RepMetrics) -> Double?
        var workUnit: String
    }

    static func series(for analysis: SessionAnalysis) -> PowerSeries {
        switch analysis.powerUnit {
        case "W": return PowerSeries(unit: "W", name: "mean drive power", mean: \.meanDrivePowerW, peak: \.peakPowerW, work: \.workJ, workUnit: "J")
        case "W/kg": return PowerSeries(unit: "W/kg", name: "mean drive power", mean: \.meanDrivePowerWPerKg, peak: \.peakPowerWPerKg, work: \.workJPerKg, workUnit: "J/kg")
        default: return PowerSeries(unit: "index", name: "relative drive index", mean: \.relativeDriveIndex, peak: { _ in nil }, work: { _ in nil }, workUnit: "")
        }
    }

    /// Reference R of a set: mean of the best two of the first three reps (docs/analysis.md).
    static func reference(_ values: [Double]) -> Double? {
        let opening = Array(values.prefix(3)).sorted(by: >)
        guard opening.count >= 2 else { return opening.first }
        return (opening[0] + opening[1]) / 2
    }

    static func n(_ v: Double?, _ digits: Int = 0) -> String { Trends.format(v, digits: digits) }

    /// Plain-language notes on one set, with the numbers and units behind them.
    static func setNotes(_ set: SetAnalysis, series: PowerSeries, estimate: Bool) -> [String] {
        var notes: [String] = []
        let values = set.reps.compactMap(series.mean)
        let est = estimate ? " (estimated)" : ""
        var first = "Set \(set.index): \(set.reps.count) reps over \(n(set.end - set.start)) s"
        if let cadence = set.cadenceRpm { first += " at \(n(cadence)) reps/min" }
        notes.append(first + ".")
        guard let f = set.fatigue else { return notes }
        if let loss = f.powerLossPct.meanDrive, let r = reference(values), values.count >= 3 {
            let last = values.suffix(3).reduce(0, +) / Double(values.suffix(3).count)
            let direction = loss >= 0 ? "fell" : "rose"
            notes.append("\(series.name.capitalizedFirst)\(est) \(direction) \(n(abs(loss), 1)) % from \(n(r)) \(series.unit) "
                + "(best two of the first three reps) to \(n(last)) \(series.unit) (last three reps).")
        }
        let crossings = f.thresholdCrossings.map { c in
            c.rep.map { "the \(n(c.thresholdPct)) % loss line at rep \($0)" } ?? "never the \(n(c.thresholdPct)) % line"
        }
        if !crossings.isEmpty { notes.append("It crossed " + crossings.joined(separator: ", ") + ".") }
        if let b = f.breakdownRep {
            notes.append("Breakdown at rep \(b): from there on, power stayed below \(n(f.breakdownThreshold * 100)) % of the reference.")
        } else {
            notes.append("No breakdown: power never stayed below \(n(f.breakdownThreshold * 100)) % of the reference.")
        }
        if let w = f.workShare, let t = f.tempoShare {
            notes.append("Of the change, \(n(w * 100)) % came from less work per rep (lower float or less speed) and "
                + "\(n(t * 100)) % from a slower drive.")
        }
        if let v = f.velocityLossPct { notes.append("Peak speed loss: \(n(v, 1)) %.") }
        var form: [String] = []
        if let d = f.smoothnessDrift { form.append("smoothness (SPARC) changed by \(String(format: "%+.2f", d)) (negative = less smooth)") }
        if let c = f.shapeConsistencyLast { form.append("the last reps' shape matched the opening reps at r = \(n(c, 2))") }
        if let cv = f.repVariabilityCVPct { form.append("rep-to-rep variability was \(n(cv, 1)) % (CV)") }
        if let d = f.cadenceDriftPct { form.append("cadence changed \(String(format: "%+.1f", d)) %") }
        if !form.isEmpty { notes.append("Form indicators (not diagnoses): " + form.joined(separator: "; ") + ".") }
        if f.confidence != "good" {
            notes.append("Confidence: \(f.confidence)" + (f.qualityNotes.isEmpty ? "." : " — " + f.qualityNotes.joined(separator: "; ") + "."))
        }
        return notes
    }

    /// Plain-language notes on one trend group.
    static func trendNotes(_ g: TrendGroup, options: TrendOptions) -> [String] {
        var notes: [String] = []
        let what = "\(g.exercise == .swing ? "Swings" : "Hip pulls") with \(g.load == "unknown load" ? "an unknown load" : g.load)"
        guard g.powerUnit != "none" else {
            return ["\(what): \(g.sessions) sessions, \(g.totalReps) reps; no power (no load given)."]
        }
        notes.append("\(what): \(g.sessions) session\(g.sessions == 1 ? "" : "s") from \(day.string(from: g.firstDate)) to "
            + "\(day.string(from: g.lastDate)), \(g.totalReps) reps. Mean drive power typically \(n(g.typicalMeanDrivePower)) \(g.powerUnit) "
            + "(best \(n(g.bestMeanDrivePower)) \(g.powerUnit)); peak power typically \(n(g.typicalPeakPower)) \(g.powerUnit) "
            + "(best \(n(g.bestPeakPower)) \(g.powerUnit)).")
        if let last = g.points.last, let change = last.changePct, let base = last.baselineMeanDrivePower {
            let weeks = options.baselineDays / 7
            notes.append("Latest session (\(day.string(from: last.date))): \(n(last.meanDrivePower)) \(g.powerUnit), "
                + "\(n(abs(change), 1)) % \(change < 0 ? "below" : "above") the \(n(weeks, weeks == weeks.rounded() ? 0 : 1))-week "
                + "baseline of \(n(base)) \(g.powerUnit) (\(last.baselineSessions) session\(last.baselineSessions == 1 ? "" : "s")).")
        }
        if let slope = g.slopePerWeek, let se = g.slopeStandardError {
            let clear = abs(slope) > 2 * se
            notes.append("Trend: \(String(format: "%+.1f", slope)) ± \(n(se, 1)) \(g.powerUnit) per week (± one standard error); "
                + (clear ? "clearly \(slope < 0 ? "falling" : "rising") (more than two standard errors)." : "not clearly different from flat."))
        } else {
            notes.append("Trend: too few sessions for a slope (needs three on different days).")
        }
        if let loss = g.typicalPowerLossPct {
            notes.append("Within sets, power typically fell \(n(loss, 1)) %; \(g.sessionsWithBreakdown) of \(g.sessions) sessions had a breakdown rep"
                + (g.typicalBreakdownRep.map { " (typically rep \(n($0)))" } ?? "") + ".")
        }
        for p in g.points where !p.flags.isEmpty {
            notes.append("Flag \(day.string(from: p.date)): " + p.flags.joined(separator: "; ") + ".")
        }
        return notes
    }

    // MARK: - Charts

    static let palette = (bar: "#4C78A8", peak: "#F58518", ref: "#333333", loss: ["#72B7B2", "#E45756", "#B279A2", "#9D755D"],
                          breakdown: "#D62728", baseline: "#54A24B", flag: "#D62728", fit: "#888888")

    static func repPowerChart(_ set: SetAnalysis, series: PowerSeries, id: String) -> String {
        let means = set.reps.compactMap { r in series.mean(r).map { (Double(r.index), $0) } }
        let peaks = set.reps.compactMap { r in series.peak(r).map { (Double(r.index), $0) } }
        var marks: [SVGChart.Mark] = [.bars(means.map { (x: $0.0, y: $0.1) }, color: palette.bar, label: "\(series.name) (\(series.unit))")]
        if !peaks.isEmpty { marks.append(.line(peaks.map { (x: $0.0, y: $0.1) }, color: palette.peak, label: "peak power (\(series.unit))")) }
        if let r = reference(means.map(\.1)) {
            marks.append(.hLine(y: r, color: palette.ref, label: "reference \(n(r))", dashed: false))
            let thresholds = set.fatigue?.thresholdCrossings.map(\.thresholdPct) ?? [10, 20, 30]
            for (i, t) in (thresholds.isEmpty ? [10, 20, 30] : thresholds).enumerated() {
                marks.append(.hLine(y: r * (1 - t / 100), color: palette.loss[i % palette.loss.count], label: "−\(n(t)) %", dashed: true))
            }
        }
        if let b = set.fatigue?.breakdownRep { marks.append(.vLine(x: Double(b), color: palette.breakdown, label: "breakdown rep \(b)")) }
        return SVGChart(id: id, kind: "rep-power", title: "Set \(set.index): power per rep", xLabel: "rep",
                        yLabel: "\(series.name) (\(series.unit))", marks: marks, integerXTicks: true).render()
    }

    static func formChart(_ set: SetAnalysis, id: String) -> String {
        let sparc = set.reps.compactMap { r in r.smoothnessSPARC.map { (x: Double(r.index), y: $0) } }
        let shape = set.reps.compactMap { r in r.shapeCorrelation.map { (x: Double(r.index), y: $0) } }
        guard !sparc.isEmpty || !shape.isEmpty else { return "" }
        var marks: [SVGChart.Mark] = []
        if !sparc.isEmpty { marks.append(.line(sparc, color: palette.bar, label: "smoothness SPARC")) }
        if !shape.isEmpty { marks.append(.line(shape, color: palette.peak, label: "shape correlation r")) }
        return SVGChart(id: id, kind: "form", title: "Set \(set.index): smoothness (SPARC, 0 = smoothest) and shape consistency (r)",
                        xLabel: "rep", yLabel: "dimensionless", marks: marks, height: 200, integerXTicks: true).render()
    }

    /// Work-versus-tempo decomposition: one stacked bar per set, shares of the change in
    /// ln(mean drive power) (clamped to 0…100 % for drawing; the note gives the raw numbers).
    static func decompositionChart(_ sets: [SetAnalysis], id: String) -> String {
        let rows = sets.compactMap { s -> (Int, Double, Double)? in
            guard let w = s.fatigue?.workShare, let t = s.fatigue?.tempoShare else { return nil }
            return (s.index, w, t)
        }
        guard !rows.isEmpty else { return "" }
        let width = 640.0, rowH = 26.0, left = 70.0, barW = 420.0
        let height = 40 + Double(rows.count) * rowH + 10
        var svg = "<svg class=\"chart\" id=\"\(id)\" data-chart=\"decomposition\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"Fatigue decomposition: work versus tempo\">"
        svg += "<title>Fatigue decomposition: work versus tempo</title><text x=\"\(left)\" y=\"18\" class=\"ct\">Where the power change came from: less work per rep vs slower drive</text>"
        for (i, row) in rows.enumerated() {
            let y = 30 + Double(i) * rowH
            let w = min(1, max(0, row.1)), t = min(1, max(0, row.2))
            let total = max(w + t, 1e-9)
            svg += "<text x=\"\(left - 8)\" y=\"\(y + 16)\" class=\"tick\" text-anchor=\"end\">set \(row.0)</text>"
            svg += "<rect x=\"\(left)\" y=\"\(y + 4)\" width=\"\(String(format: "%.1f", barW * w / total))\" height=\"16\" fill=\"\(palette.bar)\"/>"
            svg += "<rect x=\"\(String(format: "%.1f", left + barW * w / total))\" y=\"\(y + 4)\" width=\"\(String(format: "%.1f", barW * t / total))\" height=\"16\" fill=\"\(palette.peak)\"/>"
            svg += "<text x=\"\(left + barW + 8)\" y=\"\(y + 16)\" class=\"ml\">work \(n(row.1 * 100)) % · tempo \(n(row.2 * 100)) %</text>"
        }
        return svg + "</svg>"
    }

    static func trendChart(_ g: TrendGroup, id: String) -> String {
        guard let origin = g.points.first?.date else { return "" }
        func x(_ d: Date) -> Double { d.timeIntervalSince(origin) / 86_400 }
        let values = g.points.compactMap { p in p.meanDrivePower.map { (x: x(p.date), y: $0) } }
        let flagged = g.points.filter { !$0.flags.isEmpty }.compactMap { p in p.meanDrivePower.map { (x: x(p.date), y: $0) } }
        let baseline = g.points.compactMap { p in p.baselineMeanDrivePower.map { (x: x(p.date), y: $0) } }
        var marks: [SVGChart.Mark] = [.line(values, color: palette.bar, label: "session mean drive power"),
                                      .points(values, color: palette.bar, label: "", radius: 3.5)]
        if !baseline.isEmpty { marks.append(.line(baseline, color: palette.baseline, label: "rolling baseline", dashed: true)) }
        if let slope = g.slopePerWeek, values.count >= 3 {
            let mx = values.reduce(0) { $0 + $1.x } / Double(values.count), my = values.reduce(0) { $0 + $1.y } / Double(values.count)
            let xs = [values.first!.x, values.last!.x]
            marks.append(.line(xs.map { (x: $0, y: my + slope / 7 * ($0 - mx)) }, color: palette.fit, label: "trend", dashed: true))
        }
        if !flagged.isEmpty { marks.append(.points(flagged, color: palette.flag, label: "flagged", radius: 6)) }
        var chart = SVGChart(id: id, kind: "trend", title: "\(g.exercise.rawValue), \(g.load): mean drive power per session",
                             xLabel: "date", yLabel: "mean drive power (\(g.powerUnit))", marks: marks)
        chart.yIncludesZero = false
        chart.xTickFormat = { d in
            let f = DateFormatter(); f.locale = Locale(identifier: "en_US_POSIX"); f.timeZone = TimeZone(identifier: "UTC"); f.dateFormat = "MM-dd"
            return f.string(from: origin.addingTimeInterval(d * 86_400))
        }
        return chart.render()
    }

    static func lossTrendChart(_ g: TrendGroup, id: String) -> String {
        guard let origin = g.points.first?.date else { return "" }
        let values = g.points.compactMap { p in p.powerLossPct.map { (x: p.date.timeIntervalSince(origin) / 86_400, y: $0) } }
        guard !values.isEmpty else { return "" }
        var chart = SVGChart(id: id, kind: "trend-loss", title: "\(g.exercise.rawValue), \(g.load): power loss within sets per session",
                             xLabel: "date", yLabel: "power loss (%)",
                             marks: [.bars(values, color: palette.peak, label: "power loss %")], height: 200)
        chart.xTickFormat = { d in
            let f = DateFormatter(); f.locale = Locale(identifier: "en_US_POSIX"); f.timeZone = TimeZone(identifier: "UTC"); f.dateFormat = "MM-dd"
            return f.string(from: origin.addingTimeInterval(d * 86_400))
        }
        return chart.render()
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
