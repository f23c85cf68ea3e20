import Foundation
import HipDriveRecordings

/// What really happened in a simulated session, computed from the model itself (never from the
/// simulated sensor). Written as `truth.json` next to every simulated recording.
///
/// Times are seconds from the first sample. For swings every energy quantity is the bell's
/// (its centre of mass, at radius `bellRadiusM` from the shoulder; a bell sensor on the handle
/// sits `sensorToCentreOfMassM` nearer the shoulder): E = ½m|v|² + m·g·z, P = m·v·(a + g·ẑ). For banded hip pulls it is the band's:
/// P = F_band·v_x with F_band = k·max(0, d − slack), work = the band's elastic energy gained.
public struct SimulationTruth: Codable, Sendable, Equatable {
    /// Version of this JSON layout.
    public var schemaVersion: Int = 1
    public var seed: UInt64
    /// "swing" or "hip-pull".
    public var exercise: String
    /// "russian" / "american" for swings, nil for hip pulls.
    public var style: String?
    /// "one" / "two".
    public var hands: String
    /// Bell mass, kg (nil for hip pulls).
    public var massKg: Double?
    public var band: BandTruth?
    /// "bell", "wrist" or "hips".
    public var placement: String
    /// Shoulder to the bell's centre of mass with the bell in line with the arm, m (swings).
    public var bellRadiusM: Double?
    /// Shoulder to the sensor, m (bell or wrist placement on a swing).
    public var sensorRadiusM: Double?
    /// Sensor-to-(bell/forearm/pelvis) mounting rotation.
    public var mountingRotation: Quaternion
    public var sampleRateHz: Double
    public var gyroSampleRateHz: Double?
    public var hasGyroscope: Bool
    public var accelRangeG: Double
    public var gyroRangeDps: Double
    /// Wall-clock time of t = 0.
    public var startDate: Date
    /// Session length, s.
    public var durationS: Double
    public var fatigueProfile: FatigueProfileTruth
    public var sets: [SetTruth]
    /// Movement and stillness that is not a rep: idle, rest, approach, hike, park, clatter.
    public var nonRepIntervals: [IntervalTruth]
    /// Sensor dropouts (no samples), s.
    public var gaps: [IntervalTruth]
    /// Share of accelerometer samples at the range on any axis, percent (what a reader's data
    /// quality report should find).
    public var clippedPercent: Double = 0
    /// Share of gyroscope samples at the range on any axis, percent (nil without a gyroscope).
    public var gyroClippedPercent: Double?
    /// Where a bell sensor sat on the bell: "handle" (at the grip) or "centre" (at the centre of
    /// mass); nil for the wrist and the hips. The energy quantities are the centre of mass's.
    public var bellSensorMount: String?
    /// A bell sensor's distance from the bell's centre of mass along its axis, m (0 at the centre);
    /// nil for the wrist and the hips.
    public var sensorToCentreOfMassM: Double?
    /// Total number of reps over all sets.
    public var totalReps: Int { sets.reduce(0) { $0 + $1.reps.count } }

    private enum CodingKeys: String, CodingKey {
        case schemaVersion, seed, exercise, style, hands, massKg, band, placement, bellRadiusM,
             sensorRadiusM, mountingRotation, sampleRateHz, gyroSampleRateHz, hasGyroscope,
             accelRangeG, gyroRangeDps, startDate, durationS, fatigueProfile, sets, nonRepIntervals, gaps,
             clippedPercent, gyroClippedPercent, bellSensorMount, sensorToCentreOfMassM
    }
}

/// The band of a hip pull, in both forms a user may give it.
public struct BandTruth: Codable, Sendable, Equatable {
    public var stiffnessNPerM: Double
    public var slackM: Double
    /// Tension at the mean lockout of the session's reps, N.
    public var lockoutTensionN: Double
    /// Mean pull distance from turnaround to lockout, m.
    public var strokeM: Double
}

/// The fatigue profile the session was generated with.
public struct FatigueProfileTruth: Codable, Sendable, Equatable {
    /// "none", "decline" or "breakdown".
    public var kind: String
    public var lossFraction: Double
    /// The configured breakdown rep (breakdown profiles only).
    public var breakdownRep: Int?
    public var workShare: Double
}

/// One interval that is not a rep.
public struct IntervalTruth: Codable, Sendable, Equatable {
    /// "idle", "rest", "approach", "hike", "park", "clatter", "gap".
    public var kind: String
    public var start: Double
    public var end: Double
    /// 1-based set the interval belongs to (hike, park), nil otherwise.
    public var set: Int?
}

/// One set: from the first rep's turnaround to the last rep's end.
public struct SetTruth: Codable, Sendable, Equatable {
    public var index: Int
    public var start: Double
    public var end: Double
    /// Reps per minute over the whole set (reps / (end − start) · 60).
    public var cadenceRpm: Double
    public var reps: [RepTruth]
    /// The profile's breakdown rep for this set; nil where the profile has none (none, decline).
    public var breakdownRep: Int?
    /// First rep from which the true mean drive power stays below 80 % of the reference R
    /// (mean of the best two of the first three reps) to the end of the set: the analysis.md
    /// definition applied to the true values. nil when it never does. A steep decline can have
    /// one even though the profile has no breakdown.
    public var breakdownRepByThreshold: Int?
    /// analysis.md fatigue metrics applied to the true per-rep values (nil with under 4 reps).
    public var peakPowerLossPct: Double?
    public var meanDrivePowerLossPct: Double?
    public var velocityLossPct: Double?
    /// Least-squares slope of mean drive power over rep index, % of R per rep.
    public var slopePctPerRep: Double?
    /// Share of ln(P_last/P_ref) that comes from less work (the rest: slower drive), where the
    /// last and reference are the means of the last three and first three reps.
    public var workShare: Double?
}

/// One rep from turnaround (bell at rest behind the legs / hips furthest back) to the next.
public struct RepTruth: Codable, Sendable, Equatable {
    /// 1-based within the set.
    public var index: Int
    public var start: Double
    public var end: Double
    /// Start of the drive (equals `start`), s.
    public var turnaround: Double
    /// Float / lockout: the moment of lowest bell speed near the top (lockout for hip pulls), s.
    public var apex: Double
    /// Max of P(t) over the drive, W (nil for swings only when no mass — never here).
    public var peakPowerW: Double
    /// (E(apex) − E(turnaround)) / (apex − turnaround), W.
    public var meanDrivePowerW: Double
    /// E(apex) − E(turnaround), J.
    public var workJ: Double
    /// Max |v| of the bell (hips for hip pulls) over the rep, m/s.
    public var peakSpeedMps: Double
    /// apex − turnaround, s.
    public var driveTimeS: Double
    /// end − start, s.
    public var repTimeS: Double
    /// Rise of the bell from turnaround to apex (hip travel for hip pulls), m.
    public var displacementM: Double
    /// Bell speed at the apex, m/s (small, not zero: the shoulder still moves).
    public var apexSpeedMps: Double
    /// Per kilogram of bell (swings), W/kg and J/kg.
    public var peakPowerWPerKg: Double?
    public var meanDrivePowerWPerKg: Double?
    public var workJPerKg: Double?
    /// Max |v| of the sensor's own point over the rep, m/s (differs from the bell's on a wrist).
    public var sensorPeakSpeedMps: Double
}
