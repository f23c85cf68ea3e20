import Foundation
import HipDriveHistory

/// Terminal, CSV and JSON renderings of trends.
public enum TrendsFormatter {
    static var day: DateFormatter { FatigueReport.day }

    static func num(_ v: Double?, _ digits: Int = 0) -> String { Trends.format(v, digits: digits) }

    /// A plain-text table, one row per athlete/exercise/load, then the flagged sessions.
    public static func table(_ groups: [TrendGroup], options: TrendOptions) -> String {
        guard !groups.isEmpty else { return "No sessions match. Run `hipdrive batch` first or widen the filters.\n" }
        let header = ["athlete", "exercise", "load", "sessions", "reps", "peak best", "peak typ", "mean best", "mean typ",
                      "unit", "loss typ %", "breakdown typ", "work", "vs baseline %", "slope/week ± SE", "flags"]
        var rows: [[String]] = [header]
        for g in groups {
            let slope = g.slopePerWeek.map { String(format: "%+.1f ± %.1f", $0, g.slopeStandardError ?? 0) } ?? "–"
            let workUnit = g.powerUnit == "W/kg" ? "J/kg" : "J"
            rows.append([
                g.athlete, g.exercise.rawValue, g.load, "\(g.sessions)", "\(g.totalReps)",
                num(g.bestPeakPower), num(g.typicalPeakPower), num(g.bestMeanDrivePower), num(g.typicalMeanDrivePower),
                g.powerUnit, num(g.typicalPowerLossPct, 1),
                g.typicalBreakdownRep.map { "\(num($0, 1)) (\(g.sessionsWithBreakdown)/\(g.sessions))" } ?? "none",
                g.totalWork.map { "\(num($0 / 1000, 1)) k\(workUnit)" } ?? "–",
                g.latestChangePct.map { String(format: "%+.1f", $0) } ?? "–", slope, "\(g.flaggedSessions)",
            ])
        }
        let widths = header.indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        var out = rows.enumerated().map { i, row in
            let line = row.enumerated().map { c, cell in
                c < 3 || c == 9 ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[c] - cell.count) + cell
            }.joined(separator: "  ")
            return i == 0 ? line + "\n" + String(repeating: "-", count: line.count) : line
        }.joined(separator: "\n") + "\n"
        let weeks = options.baselineDays / 7
        out += "\npeak/mean: session peak power and mean drive power (best = highest, typ = median over sessions); "
            + "loss: mean-drive-power loss within sets; vs baseline: latest session against the mean of the "
            + "\(num(weeks, weeks == weeks.rounded() ? 0 : 1)) weeks before it; slope: least squares over all sessions.\n"
        let flagged = groups.flatMap { g in g.points.filter { !$0.flags.isEmpty }.map { (g, $0) } }
        if !flagged.isEmpty {
            out += "\nFlagged sessions:\n"
            for (g, p) in flagged {
                out += "  \(day.string(from: p.date))  \(g.athlete)  \(g.exercise.rawValue) \(g.load)  \(p.sourcePath): "
                    + p.flags.joined(separator: "; ") + "\n"
            }
        }
        return out
    }

    /// CSV, one row per session with its group and baseline (units in the column names).
    public static func csv(_ groups: [TrendGroup]) -> String {
        var lines = ["athlete,exercise,load,power_unit,date,source_path,peak_power,mean_drive_power,power_loss_pct,"
            + "breakdown_rep,total_work,total_reps,baseline_mean_drive_power,baseline_sessions,change_pct,"
            + "group_slope_per_week,group_slope_se,flags"]
        for g in groups {
            for p in g.points {
                let cells: [String] = [
                    g.athlete, g.exercise.rawValue, g.load, g.powerUnit, day.string(from: p.date), p.sourcePath,
                    num(p.peakPower, 2), num(p.meanDrivePower, 2), num(p.powerLossPct, 2),
                    p.breakdownRep.map(String.init) ?? "", num(p.totalWork, 2), "\(p.totalReps)",
                    num(p.baselineMeanDrivePower, 2), "\(p.baselineSessions)", num(p.changePct, 2),
                    num(g.slopePerWeek, 3), num(g.slopeStandardError, 3), p.flags.joined(separator: "; "),
                ].map { $0 == "–" ? "" : $0 }
                lines.append(cells.map(csvEscape).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func csvEscape(_ s: String) -> String {
        s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
