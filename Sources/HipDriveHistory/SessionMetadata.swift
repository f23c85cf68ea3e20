import Foundation
import HipDriveAnalysis

/// Where a session's date came from, most trusted first.
public enum DateSource: String, Sendable, Codable, CaseIterable {
    /// The manifest's `date` column.
    case manifest
    /// A `--date` flag.
    case flag
    /// A date token in the file or folder name (`2026-03-02`, `20260302`).
    case fileName = "file-name"
    /// The wall-clock start held in the recording itself.
    case recording
    /// The file's modification time (last resort).
    case modificationTime = "modification-time"
}

/// Who did what, when, with which load: the facts a coach files a session under.
public struct SessionMetadata: Sendable, Codable, Equatable {
    public var athlete: String
    /// Start of the session (UTC when the source gives no zone).
    public var date: Date
    public var dateSource: DateSource
    public var exercise: Exercise
    /// Bell mass, kg, when known.
    public var massKg: Double?
    /// The band as the user wrote it (e.g. `k=300N/m`, `150N@0.45m`), when known.
    public var band: String?
    /// Sensor placement as the user wrote it (`handle`, `wrist`, `belt`, ...).
    public var placement: String?

    public init(athlete: String, date: Date, dateSource: DateSource, exercise: Exercise,
                massKg: Double? = nil, band: String? = nil, placement: String? = nil) {
        self.athlete = athlete
        self.date = date
        self.dateSource = dateSource
        self.exercise = exercise
        self.massKg = massKg
        self.band = band
        self.placement = placement
    }

    /// The load as trends group it: "24 kg", "band k=300N/m", or "unknown load".
    public var loadLabel: String {
        if let massKg { return "\(Self.format(massKg)) kg" }
        if let band { return "band \(band)" }
        return "unknown load"
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}

/// One analysed recording, ready to be filed in the history store.
public struct SessionEntry: Sendable, Equatable {
    public var metadata: SessionMetadata
    /// The recording's path as the batch found it.
    public var sourcePath: String
    /// SHA-256 of the recording's content, hex (see `ContentHash`).
    public var contentHash: String
    public var settings: AnalysisSettings
    public var analysis: SessionAnalysis
    public var analyzedAt: Date

    public init(metadata: SessionMetadata, sourcePath: String, contentHash: String,
                settings: AnalysisSettings, analysis: SessionAnalysis, analyzedAt: Date = Date()) {
        self.metadata = metadata
        self.sourcePath = sourcePath
        self.contentHash = contentHash
        self.settings = settings
        self.analysis = analysis
        self.analyzedAt = analyzedAt
    }

    /// Identifies "same settings and same software" for skip-if-unchanged.
    public var settingsFingerprint: String { SettingsFingerprint.of(settings) }
}

/// SHA-256 of the canonical JSON of the analysis settings plus the software version: a re-run
/// with the same fingerprint and the same content hash has nothing new to compute.
public enum SettingsFingerprint {
    public static func of(_ settings: AnalysisSettings, softwareVersion: String = HipDriveVersion.string) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = (try? encoder.encode(settings)) ?? Data()
        return ContentHash.sha256Hex(json + Data(("|" + softwareVersion).utf8))
    }
}

/// Per-session figures that trends work on, derived from a `SessionAnalysis`.
///
/// Definitions (power in `powerUnit`: W, or W/kg when the mass is unknown):
/// - `peakPower`: the highest rep peak power of the session;
/// - `meanDrivePower`: the mean over all reps of the rep mean drive power;
/// - `powerLossPct`: the mean over sets of the mean-drive-power loss %, positive = weaker;
/// - `breakdownRep`: the earliest breakdown rep of any set (nil when every set held up);
/// - `totalWork`: the sum of rep work (J, or J/kg);
/// - `totalReps`: reps in all sets.
public struct SessionSummary: Sendable, Codable, Equatable {
    public var powerUnit: String
    public var peakPower: Double?
    public var meanDrivePower: Double?
    public var powerLossPct: Double?
    public var breakdownRep: Int?
    public var totalWork: Double?
    public var totalReps: Int
    public var setCount: Int

    public init(powerUnit: String, peakPower: Double?, meanDrivePower: Double?, powerLossPct: Double?,
                breakdownRep: Int?, totalWork: Double?, totalReps: Int, setCount: Int) {
        self.powerUnit = powerUnit
        self.peakPower = peakPower
        self.meanDrivePower = meanDrivePower
        self.powerLossPct = powerLossPct
        self.breakdownRep = breakdownRep
        self.totalWork = totalWork
        self.totalReps = totalReps
        self.setCount = setCount
    }

    public init(_ analysis: SessionAnalysis) {
        let reps = analysis.sets.flatMap(\.reps)
        let perKg = analysis.powerUnit == "W/kg"
        let peaks = reps.compactMap { perKg ? $0.peakPowerWPerKg : $0.peakPowerW }
        let means = reps.compactMap { perKg ? $0.meanDrivePowerWPerKg : $0.meanDrivePowerW }
        let works = reps.compactMap { perKg ? $0.workJPerKg : $0.workJ }
        let losses = analysis.sets.compactMap { $0.fatigue?.powerLossPct.meanDrive }
        self.init(
            powerUnit: analysis.powerUnit,
            peakPower: peaks.max(),
            meanDrivePower: means.isEmpty ? nil : means.reduce(0, +) / Double(means.count),
            powerLossPct: losses.isEmpty ? nil : losses.reduce(0, +) / Double(losses.count),
            breakdownRep: analysis.sets.compactMap { $0.fatigue?.breakdownRep }.min(),
            totalWork: works.isEmpty ? nil : works.reduce(0, +),
            totalReps: reps.count,
            setCount: analysis.sets.count)
    }
}
