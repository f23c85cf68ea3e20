import Foundation
import HipDriveAnalysis
import HipDriveHistory

extension FatigueReport {
    static let css = """
        :root { color-scheme: light; }
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #222; margin: 24px auto; max-width: 900px; padding: 0 16px; }
        h1 { font-size: 24px; margin-bottom: 4px; } h2 { font-size: 19px; border-bottom: 1px solid #ccc; padding-bottom: 3px; margin-top: 28px; }
        h3 { font-size: 16px; margin: 18px 0 6px; } .meta { color: #555; }
        table { border-collapse: collapse; margin: 8px 0; font-size: 13px; } th, td { border: 1px solid #ccc; padding: 3px 7px; text-align: right; }
        th:first-child, td:first-child, td:nth-child(2) { text-align: left; } th { background: #f2f2f2; }
        .flag { color: #b00; text-align: left; } ul.notes li { margin: 3px 0; }
        svg.chart { width: 100%; height: auto; display: block; margin: 6px 0 12px; background: #fff; }
        svg .grid { stroke: #e6e6e6; } svg .axis { stroke: #444; } svg .tick { font-size: 11px; fill: #444; }
        svg .al { font-size: 12px; fill: #333; } svg .ct { font-size: 13px; font-weight: 600; fill: #222; } svg .ml { font-size: 11px; }
        section.session { page-break-inside: avoid; break-inside: avoid-page; }
        @page { size: A4; margin: 14mm; }
        @media print { body { margin: 0; max-width: none; font-size: 11pt; } section.session { break-before: page; } h2 { break-after: avoid; } svg.chart { break-inside: avoid; } }
        """

    /// The report as one self-contained HTML file: inline CSS and SVG, no scripts, nothing
    /// fetched from the network.
    public func html() -> String {
        var body = "<header><h1>Fatigue report: \(escape(athlete))</h1><p class=\"meta\">"
        body += sessions.isEmpty ? "No sessions." : "\(sessions.count) session\(sessions.count == 1 ? "" : "s") from "
            + "\(Self.day.string(from: sessions.first!.session.metadata.date)) to \(Self.day.string(from: sessions.last!.session.metadata.date))"
        if let since { body += " (since \(Self.day.string(from: since)))" }
        body += " · HipDrive \(HipDriveVersion.string) · generated \(Self.dayTime.string(from: generatedAt))</p></header>"

        body += "<section id=\"summary\"><h2>What changed</h2>"
        for g in trends {
            body += "<ul class=\"notes\">" + Self.trendNotes(g, options: options).map { "<li>\(escape($0))</li>" }.joined() + "</ul>"
        }
        if trends.isEmpty { body += "<p>No sessions for this athlete in the store.</p>" }
        body += "</section>"

        body += "<section id=\"trends\"><h2>Across sessions</h2>"
        for (i, g) in trends.enumerated() {
            body += "<h3>\(escape(g.exercise.rawValue)), \(escape(g.load))</h3>"
            if g.powerUnit != "none" {
                body += Self.trendChart(g, id: "trend-\(i)") + Self.lossTrendChart(g, id: "trend-loss-\(i)")
            }
            body += "<table><tr><th>date</th><th>file</th><th>reps</th><th>peak (\(g.powerUnit))</th><th>mean drive (\(g.powerUnit))</th>"
                + "<th>baseline (\(g.powerUnit))</th><th>change %</th><th>loss %</th><th>breakdown rep</th><th>flags</th></tr>"
            for p in g.points {
                body += "<tr><td>\(Self.day.string(from: p.date))</td><td>\(escape(p.sourcePath))</td><td>\(p.totalReps)</td>"
                    + "<td>\(Self.n(p.peakPower))</td><td>\(Self.n(p.meanDrivePower))</td><td>\(Self.n(p.baselineMeanDrivePower))</td>"
                    + "<td>\(p.changePct.map { String(format: "%+.1f", $0) } ?? "–")</td><td>\(Self.n(p.powerLossPct, 1))</td>"
                    + "<td>\(p.breakdownRep.map(String.init) ?? "–")</td><td class=\"flag\">\(escape(p.flags.joined(separator: "; ")))</td></tr>"
            }
            body += "</table>"
        }
        body += "</section>"

        for (i, item) in sessions.enumerated() {
            let s = item.session, a = item.analysis
            let series = Self.series(for: a)
            body += "<section class=\"session\" id=\"session-\(s.id)\"><h2>\(Self.dayTime.string(from: s.metadata.date)): "
                + "\(escape(s.metadata.exercise.rawValue)), \(escape(s.metadata.loadLabel))</h2>"
            body += "<p class=\"meta\">File \(escape(s.sourcePath)) · \(escape(a.input.format)) (\(escape(a.input.kind)))"
                + (s.metadata.placement.map { " · sensor on \(escape($0))" } ?? "")
                + " · \(Self.n(a.input.durationS)) s · \(a.sets.count) set\(a.sets.count == 1 ? "" : "s"), \(a.totalReps) reps"
                + (a.powerIsEstimate ? " · power is an estimate" : "") + "</p>"
            for set in a.sets {
                body += "<h3>Set \(set.index)</h3>"
                body += Self.repPowerChart(set, series: series, id: "s\(i)-set\(set.index)-power")
                body += Self.formChart(set, id: "s\(i)-set\(set.index)-form")
                body += "<ul class=\"notes\">" + Self.setNotes(set, series: series, estimate: a.powerIsEstimate)
                    .map { "<li>\(escape($0))</li>" }.joined() + "</ul>"
            }
            body += Self.decompositionChart(a.sets, id: "s\(i)-decomposition")
            let caveats = a.notes + (a.input.quality?.notes ?? [])
            if !caveats.isEmpty {
                body += "<p class=\"meta\">Notes on the data: " + caveats.map(escape).joined(separator: "; ") + "</p>"
            }
            body += "</section>"
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Fatigue report: \(escape(athlete))</title><style>\(Self.css)</style></head>
            <body>\(body)</body></html>

            """
    }

    /// The same report in Markdown (notes and tables; no charts).
    public func markdown() -> String {
        var md = "# Fatigue report: \(athlete)\n\n"
        if let first = sessions.first, let last = sessions.last {
            md += "\(sessions.count) sessions from \(Self.day.string(from: first.session.metadata.date)) to "
                + "\(Self.day.string(from: last.session.metadata.date)); HipDrive \(HipDriveVersion.string), generated "
                + "\(Self.dayTime.string(from: generatedAt)).\n\n"
        }
        md += "## What changed\n\n"
        for g in trends { md += Self.trendNotes(g, options: options).map { "- \($0)\n" }.joined() + "\n" }
        md += "## Across sessions\n\n"
        for g in trends {
            md += "### \(g.exercise.rawValue), \(g.load)\n\n"
            md += "| date | file | reps | peak (\(g.powerUnit)) | mean drive (\(g.powerUnit)) | baseline (\(g.powerUnit)) | change % | loss % | breakdown rep | flags |\n"
            md += "|---|---|--:|--:|--:|--:|--:|--:|--:|---|\n"
            for p in g.points {
                md += "| \(Self.day.string(from: p.date)) | \(p.sourcePath) | \(p.totalReps) | \(Self.n(p.peakPower)) | \(Self.n(p.meanDrivePower)) | "
                    + "\(Self.n(p.baselineMeanDrivePower)) | \(p.changePct.map { String(format: "%+.1f", $0) } ?? "–") | "
                    + "\(Self.n(p.powerLossPct, 1)) | \(p.breakdownRep.map(String.init) ?? "–") | \(p.flags.joined(separator: "; ")) |\n"
            }
            md += "\n"
        }
        for item in sessions {
            let s = item.session, a = item.analysis
            let series = Self.series(for: a)
            md += "## \(Self.dayTime.string(from: s.metadata.date)): \(s.metadata.exercise.rawValue), \(s.metadata.loadLabel)\n\n"
            md += "File `\(s.sourcePath)`, \(a.sets.count) sets, \(a.totalReps) reps.\n\n"
            for set in a.sets {
                md += Self.setNotes(set, series: series, estimate: a.powerIsEstimate).map { "- \($0)\n" }.joined() + "\n"
                md += "| rep | \(series.name) (\(series.unit)) | peak (\(series.unit)) | work (\(series.workUnit)) | drive time (s) | SPARC | shape r |\n"
                md += "|--:|--:|--:|--:|--:|--:|--:|\n"
                for r in set.reps {
                    md += "| \(r.index) | \(Self.n(series.mean(r))) | \(Self.n(series.peak(r))) | \(Self.n(series.work(r))) | "
                        + "\(Self.n(r.driveTimeS, 2)) | \(Self.n(r.smoothnessSPARC, 2)) | \(Self.n(r.shapeCorrelation, 2)) |\n"
                }
                md += "\n"
            }
        }
        return md
    }

    /// Per-rep CSV of one session (SI units in the column names; empty = not measured).
    public static func sessionCSV(_ analysis: SessionAnalysis) -> String {
        let header = "set,rep,start_s,end_s,turnaround_s,apex_s,peak_power_w,mean_drive_power_w,work_j,peak_power_w_per_kg,"
            + "mean_drive_power_w_per_kg,work_j_per_kg,peak_speed_mps,drive_time_s,rep_time_s,displacement_m,"
            + "relative_drive_index,smoothness_sparc,shape_correlation"
        func c(_ v: Double?) -> String { v.map { String(format: "%.6g", $0) } ?? "" }
        var lines = [header]
        for set in analysis.sets {
            for r in set.reps {
                lines.append(["\(set.index)", "\(r.index)", c(r.start), c(r.end), c(r.turnaround), c(r.apex), c(r.peakPowerW),
                              c(r.meanDrivePowerW), c(r.workJ), c(r.peakPowerWPerKg), c(r.meanDrivePowerWPerKg), c(r.workJPerKg),
                              c(r.peakSpeedMps), c(r.driveTimeS), c(r.repTimeS), c(r.displacementM), c(r.relativeDriveIndex),
                              c(r.smoothnessSPARC), c(r.shapeCorrelation)].joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One CSV per session, named `<date>_<athlete>_<exercise>_<session id>.csv`.
    public func sessionCSVFiles() -> [(name: String, text: String)] {
        sessions.map { item in
            let m = item.session.metadata
            let safeAthlete = m.athlete.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "-" }
            return ("\(Self.day.string(from: m.date))_\(String(safeAthlete))_\(m.exercise.rawValue)_\(item.session.id).csv",
                    Self.sessionCSV(item.analysis))
        }
    }
}
