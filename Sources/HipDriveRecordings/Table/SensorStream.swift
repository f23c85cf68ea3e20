import Foundation

/// Which way a recorded gravity vector points. Phones disagree: Android's gravity sensor reads
/// like an accelerometer (+9.81 m/s² along the upward axis at rest); CoreMotion (iPhone, Apple
/// Watch, SensorLog) reports the gravity acceleration itself (−1 g along the upward axis) and its
/// user acceleration with the same sign, i.e. the negative of specific force.
enum GravityConvention: String, Sendable {
    case pointsUp
    case pointsDown
}

/// One sensor table as read: raw timestamps and channels converted to SI, not yet cleaned.
struct SensorStream: Sendable {
    /// File name for messages.
    var source: String
    /// Seconds: since 1970 when `isEpoch`, else on the recording's own elapsed clock.
    var time: [Double]
    var isEpoch: Bool
    /// SI channels per quantity: three arrays (x, y, z) or four for quaternions (w, x, y, z).
    var channels: [Quantity: [[Double]]]
    /// Columns used, with units as found, e.g. "Ax (g)".
    var columnsUsed: [String]
    var gravityConvention: GravityConvention = .pointsUp
    /// Rows dropped while reading (unreadable time, NaN cells, truncated line).
    var droppedRows = 0
    var notes: [String] = []

    var count: Int { time.count }
}

/// The export flavours HipDrive recognises, with their documented default units.
enum TableFlavour: String, Sendable, CaseIterable {
    case physicsToolbox = "Physics Toolbox Sensor Suite"
    case phyphox = "phyphox"
    case metaWear = "MetaWear"
    case sensorLogger = "Sensor Logger"
    case sensorLoggerWrist = "Sensor Logger (WristMotion)"
    case sensorLog = "SensorLog (CoreMotion)"
    case imuLoggerSemicolon = "IMU logger (semicolon, ISO-8601 times)"
    case imuLoggerTab = "IMU logger (tab, millisecond counter)"
    case imuLoggerComma = "IMU logger (comma, epoch ms)"
    case generic = "generic table"

    /// Names accepted by `--format`.
    static func named(_ name: String) -> TableFlavour? {
        switch name.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "physics-toolbox", "physicstoolbox", "ptss": return .physicsToolbox
        case "phyphox": return .phyphox
        case "metawear", "metamotion", "mbientlab": return .metaWear
        case "sensor-logger", "sensorlogger": return .sensorLogger
        case "wristmotion", "sensor-logger-wrist": return .sensorLoggerWrist
        case "sensorlog", "coremotion": return .sensorLog
        case "imu-logger", "kettlebox", "imu-logger-semicolon": return .imuLoggerSemicolon
        case "imu-logger-tab": return .imuLoggerTab
        case "imu-logger-comma": return .imuLoggerComma
        case "generic", "table", "csv": return .generic
        default: return nil
        }
    }

    static let acceptedNames = "physics-toolbox, phyphox, metawear, sensor-logger, wristmotion, sensorlog, imu-logger, imu-logger-tab, imu-logger-comma, generic"

    /// Units the format documents for columns whose header does not say.
    var defaultAccelerationUnit: ColumnUnit? {
        switch self {
        case .physicsToolbox, .imuLoggerSemicolon, .imuLoggerTab, .imuLoggerComma, .sensorLog: return .standardGravity
        case .phyphox, .sensorLogger: return .metresPerSecondSquared
        case .metaWear, .sensorLoggerWrist, .generic: return nil
        }
    }

    var defaultGyroscopeUnit: ColumnUnit? {
        switch self {
        case .imuLoggerSemicolon, .imuLoggerTab, .imuLoggerComma, .metaWear: return .degreesPerSecond
        case .phyphox, .sensorLogger, .sensorLoggerWrist, .sensorLog: return .radiansPerSecond
        case .physicsToolbox, .generic: return nil
        }
    }

    var defaultTimeUnit: ColumnUnit? {
        switch self {
        case .physicsToolbox, .phyphox: return .seconds
        case .sensorLogger, .sensorLoggerWrist: return .nanoseconds
        // The IMU loggers write a millisecond counter, epoch milliseconds or ISO-8601 times; the
        // reader tells these apart from the values (see `TableReader.convertTimes`).
        case .imuLoggerTab, .imuLoggerComma: return nil
        case .metaWear: return .milliseconds
        case .sensorLog: return .seconds
        case .imuLoggerSemicolon, .generic: return nil
        }
    }

    /// Detects the flavour from header keys (see `HeaderName.key`), the delimiter and the file name.
    /// `statesUnits`: whether the header's motion columns carry units (`(m/s^2)`, `_g`, …).
    static func detect(keys: [String], delimiter: UInt8, fileName: String, statesUnits: Bool = true) -> TableFlavour {
        let set = Set(keys)
        let lowerName = fileName.lowercased()
        if set.contains("gfx") || set.contains("tgf") { return .physicsToolbox }
        if set.contains("secondselapsed") {
            if set.contains("rotationratex") || set.contains("quaternionw") || lowerName.contains("wristmotion") { return .sensorLoggerWrist }
            return .sensorLogger
        }
        if keys.contains(where: { $0.hasPrefix("motionuseracceleration") || $0.hasPrefix("accelerometeracceleration") || $0.hasPrefix("motiongravity") }) {
            return .sensorLog
        }
        if set.contains("rotationratex") && set.contains("gravityx") { return .sensorLoggerWrist }
        if set.contains("epoch") && (set.contains("xaxis")) { return .metaWear }
        // phyphox always writes the unit: `"Acceleration x (m/s^2)"`. A hand-made
        // `time,accelerometer_x,…,gyroscope_x` without units is no phyphox export, and phyphox's
        // units (m/s², rad/s, s) must not be assumed for it (in g and deg/s it read 9.8× off).
        if statesUnits, keys.contains(where: { $0.hasPrefix("accelerationx") || $0.hasPrefix("gyroscopex") || $0.hasPrefix("linearaccelerationx") }),
           set.contains("time") {
            return .phyphox
        }
        let kettlebox: Set<String> = ["time", "gx", "gy", "gz", "ax", "ay", "az"]
        if kettlebox.isSubset(of: set) {
            switch delimiter {
            case 0x3B: return .imuLoggerSemicolon
            case 0x09: return .imuLoggerTab
            case 0x2C: return .imuLoggerComma
            default: return .generic
            }
        }
        return .generic
    }
}
