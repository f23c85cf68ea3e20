import Foundation
import HipDriveAnalysis
import HipDriveHistory

/// How trends are computed.
public struct TrendOptions: Sendable, Codable, Equatable {
    /// Length of the rolling baseline before each session, days (default 28 = four weeks).
    public var baselineDays: Double
    /// Sessions the baseline needs before a session can be flagged (default 2).
    public var minimumBaselineSessions: Int
    /// Flag a session whose mean drive power departs from the baseline by at least this, % (default 10).
    public var flagChangePct: Double
    /// Flag a session whose power loss exceeds the baseline's by at least this, percentage points (default 10).
    public var flagLossPoints: Double

    public init(baselineDays: Double = 28, minimumBaselineSessions: Int = 2, flagChangePct: Double = 10,
                flagLossPoints: Double = 10) {
        precondition(baselineDays > 0 && minimumBaselineSessions >= 1)
        self.baselineDays = baselineDays
        self.minimumBaselineSessions = minimumBaselineSessions
        self.flagChangePct = flagChangePct
        self.flagLossPoints = flagLossPoints
    }
}

/// One session in a trend, with its baseline.
public struct TrendPoint: Sendable, Codable, Equatable {
    public var sessionID: Int64
    public var date: Date
    public var sourcePath: String
    /// Session figures (see `SessionSummary`), power in the group's `powerUnit`.
    public var peakPower: Double?
    public var meanDrivePower: Double?
    public var powerLossPct: Double?
    public var breakdownRep: Int?
    public var totalWork: Double?
    public var totalReps: Int
    /// Mean of the session mean drive power over the group's sessions in the `baselineDays`
    /// before this one (this one excluded); nil without any.
    public var baselineMeanDrivePower: Double?
    /// Mean power loss % over the same sessions.
    public var baselinePowerLossPct: Double?
    public var baselineSessions: Int
    /// 100 · (meanDrivePower / baseline − 1), %.
    public var changePct: Double?
    /// Departures from the baseline, in words ("mean drive power 14.2 % below the 4-week baseline").
    public var flags: [String]
}

/// Trends for one athlete, exercise and load.
public struct TrendGroup: Sendable, Codable, Equatable {
    public var athlete: String
    public var exercise: Exercise
    /// "24 kg", "band k=300N/m", "unknown load".
    public var load: String
    /// Unit of every power figure: "W", "W/kg" or "none"; work is in J or J/kg accordingly.
    public var powerUnit: String
    public var sessions: Int
    public var firstDate: Date
    public var lastDate: Date
    /// Highest session peak power, and the median of session peak powers.
    public var bestPeakPower: Double?
    public var typicalPeakPower: Double?
    /// Highest session mean drive power, and the median.
    public var bestMeanDrivePower: Double?
    public var typicalMeanDrivePower: Double?
    /// Lowest and median session power loss, %.
    public var bestPowerLossPct: Double?
    public var typicalPowerLossPct: Double?
    /// Median breakdown rep over the sessions that broke down, and how many did.
    public var typicalBreakdownRep: Double?
    public var sessionsWithBreakdown: Int
    public var totalWork: Double?
    public var totalReps: Int
    /// Least-squares slope of session mean drive power against time, power unit per week, with
    /// its standard error (nil below 3 sessions or when all sessions share one date).
    public var slopePerWeek: Double?
    public var slopeStandardError: Double?
    /// The latest session's change against its baseline, %.
    public var latestChangePct: Double?
    public var flaggedSessions: Int
    public var points: [TrendPoint]
}

/// Trend arithmetic across stored sessions.
public enum Trends {
    /// Groups `sessions` by athlete, exercise and load (and power unit) and computes each group's
    /// figures. Groups are sorted by athlete, exercise, load; points by date.
    public static func compute(_ sessions: [StoredSession], options: TrendOptions = TrendOptions()) -> [TrendGroup] {
        struct Key: Hashable { var athlete: String, exercise: Exercise, load: String, unit: String }
        let grouped = Dictionary(grouping: sessions) {
            Key(athlete: $0.metadata.athlete, exercise: $0.metadata.exercise, load: $0.metadata.loadLabel,
                unit: $0.summary.powerUnit)
        }
        return grouped.map { key, members in
            group(members.sorted { ($0.metadata.date, $0.id) < ($1.metadata.date, $1.id) },
                  athlete: key.athlete, exercise: key.exercise, load: key.load, unit: key.unit, options: options)
        }.sorted { ($0.athlete, $0.exercise.rawValue, $0.load, $0.powerUnit) < ($1.athlete, $1.exercise.rawValue, $1.load, $1.powerUnit) }
    }

    static func group(_ sessions: [StoredSession], athlete: String, exercise: Exercise, load: String, unit: String,
                      options: TrendOptions) -> TrendGroup {
        let window = options.baselineDays * 86_400
        let weeks = options.baselineDays / 7
        let windowName = weeks == weeks.rounded() ? "\(Int(weeks))-week" : "\(Int(options.baselineDays))-day"
        var points: [TrendPoint] = []
        for session in sessions {
            let s = session.summary
            let date = session.metadata.date
            let prior = sessions.filter { $0.metadata.date < date && $0.metadata.date >= date.addingTimeInterval(-window) }
            let baseline = mean(prior.compactMap(\.summary.meanDrivePower))
            let baselineLoss = mean(prior.compactMap(\.summary.powerLossPct))
            var change: Double?
            if let baseline, let value = s.meanDrivePower, baseline != 0 { change = 100 * (value / baseline - 1) }
            var flags: [String] = []
            if prior.count >= options.minimumBaselineSessions {
                if let change, abs(change) >= options.flagChangePct {
                    flags.append(String(format: "mean drive power %.1f %% %@ the %@ baseline (%@ vs %@ %@)",
                                        abs(change), change < 0 ? "below" : "above", windowName,
                                        format(s.meanDrivePower), format(baseline), unit))
                }
                if let loss = s.powerLossPct, let baselineLoss, loss - baselineLoss >= options.flagLossPoints {
                    flags.append(String(format: "power loss %.1f %% vs %.1f %% baseline (+%.1f points)",
                                        loss, baselineLoss, loss - baselineLoss))
                }
            }
            points.append(TrendPoint(
                sessionID: session.id, date: date, sourcePath: session.sourcePath, peakPower: s.peakPower,
                meanDrivePower: s.meanDrivePower, powerLossPct: s.powerLossPct, breakdownRep: s.breakdownRep,
                totalWork: s.totalWork, totalReps: s.totalReps, baselineMeanDrivePower: baseline,
                baselinePowerLossPct: baselineLoss, baselineSessions: prior.count, changePct: change, flags: flags))
        }
        let peaks = sessions.compactMap(\.summary.peakPower)
        let means = sessions.compactMap(\.summary.meanDrivePower)
        let losses = sessions.compactMap(\.summary.powerLossPct)
        let breakdowns = sessions.compactMap(\.summary.breakdownRep).map(Double.init)
        let works = sessions.compactMap(\.summary.totalWork)
        let origin = sessions.first?.metadata.date ?? Date()
        let series = sessions.compactMap { s in
            s.summary.meanDrivePower.map { (s.metadata.date.timeIntervalSince(origin) / (7 * 86_400), $0) }
        }
        let fit = linearFit(series)
        return TrendGroup(
            athlete: athlete, exercise: exercise, load: load, powerUnit: unit, sessions: sessions.count,
            firstDate: sessions.first?.metadata.date ?? origin, lastDate: sessions.last?.metadata.date ?? origin,
            bestPeakPower: peaks.max(), typicalPeakPower: median(peaks),
            bestMeanDrivePower: means.max(), typicalMeanDrivePower: median(means),
            bestPowerLossPct: losses.min(), typicalPowerLossPct: median(losses),
            typicalBreakdownRep: median(breakdowns), sessionsWithBreakdown: breakdowns.count,
            totalWork: works.isEmpty ? nil : works.reduce(0, +),
            totalReps: sessions.reduce(0) { $0 + $1.summary.totalReps },
            slopePerWeek: fit?.slope, slopeStandardError: fit?.standardError,
            latestChangePct: points.last?.changePct,
            flaggedSessions: points.filter { !$0.flags.isEmpty }.count, points: points)
    }

    /// Arithmetic mean; nil when empty.
    public static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// Median (mean of the two middle values for an even count); nil when empty.
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    /// Ordinary least squares y = a + b·x. Returns the slope b and its standard error
    /// sqrt(SSR / (n − 2) / Sxx); nil below 3 points or when every x is equal.
    public static func linearFit(_ points: [(x: Double, y: Double)]) -> (slope: Double, standardError: Double)? {
        let n = Double(points.count)
        guard points.count >= 3 else { return nil }
        let mx = points.reduce(0) { $0 + $1.x } / n
        let my = points.reduce(0) { $0 + $1.y } / n
        let sxx = points.reduce(0) { $0 + ($1.x - mx) * ($1.x - mx) }
        guard sxx > 0 else { return nil }
        let sxy = points.reduce(0) { $0 + ($1.x - mx) * ($1.y - my) }
        let slope = sxy / sxx
        let intercept = my - slope * mx
        let ssr = points.reduce(0) { $0 + pow($1.y - intercept - slope * $1.x, 2) }
        return (slope, (ssr / (n - 2) / sxx).squareRoot())
    }

    static func format(_ value: Double?, digits: Int = 0) -> String {
        guard let value else { return "–" }
        return String(format: "%.\(digits)f", value)
    }
}
