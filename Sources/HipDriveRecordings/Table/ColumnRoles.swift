import Foundation

/// A physical quantity a table column can hold.
enum Quantity: String, Sendable, CaseIterable {
    case time
    /// Total specific force (what an accelerometer measures, gravity included).
    case acceleration
    /// Acceleration with gravity removed (phone "user"/"linear" acceleration).
    case userAcceleration
    /// The gravity vector estimated by the phone.
    case gravity
    case gyroscope
    case quaternion

    var label: String {
        switch self {
        case .time: return "time"
        case .acceleration: return "acceleration"
        case .userAcceleration: return "user acceleration"
        case .gravity: return "gravity"
        case .gyroscope: return "gyroscope"
        case .quaternion: return "quaternion"
        }
    }
}

/// Units a column can be written in. Raw values are multiplied by `siFactor` to get SI
/// (seconds, m/s², rad/s) except for time kinds that need the column's context.
enum ColumnUnit: String, Sendable {
    case seconds = "s", milliseconds = "ms", microseconds = "us", nanoseconds = "ns"
    case standardGravity = "g", metresPerSecondSquared = "m/s^2", milliG = "mg"
    case degreesPerSecond = "deg/s", radiansPerSecond = "rad/s"
    case dimensionless = "1"

    /// Standard gravity, m/s² (the value accelerometers' "g" means; ISO 80000-3).
    static let standardGravityValue = 9.80665

    var siFactor: Double {
        switch self {
        case .seconds, .metresPerSecondSquared, .radiansPerSecond, .dimensionless: return 1
        case .milliseconds: return 1e-3
        case .microseconds: return 1e-6
        case .nanoseconds: return 1e-9
        case .standardGravity: return ColumnUnit.standardGravityValue
        case .milliG: return ColumnUnit.standardGravityValue / 1000
        case .degreesPerSecond: return Double.pi / 180
        }
    }

    /// The acceleration unit a total acceleration's median magnitude is written in: about 1 in g,
    /// 9.8 in m/s², 1000 in mg (the nearest on a log scale).
    static func acceleration(forMedianMagnitude typical: Double) -> ColumnUnit {
        let candidates: [(ColumnUnit, Double)] = [(.standardGravity, 1), (.metresPerSecondSquared, standardGravityValue), (.milliG, 1000)]
        let size = log(max(typical, 1e-6))
        return candidates.min { abs(size - log($0.1)) < abs(size - log($1.1)) }?.0 ?? .metresPerSecondSquared
    }

    /// Reads a unit as users and apps write it: "(g)", "m/s^2", "m/s²", "deg/s", "°/s", "dps",
    /// "rad/s", "ms", "ns", "us", "µs", "s", "sec".
    static func parse(_ text: String) -> ColumnUnit? {
        let unit = text.lowercased().replacingOccurrences(of: " ", with: "")
        switch unit {
        case "s", "sec", "secs", "second", "seconds": return .seconds
        case "ms", "msec", "millis", "milliseconds": return .milliseconds
        case "us", "µs", "μs", "microseconds": return .microseconds
        case "ns", "nanoseconds": return .nanoseconds
        case "g", "gs", "g-force", "gforce": return .standardGravity
        case "mg", "milli-g", "millig", "milligravity": return .milliG
        case "m/s^2", "m/s²", "m/s2", "ms^-2", "m.s^-2", "m/s/s", "mps2", "m/s**2", "ms2", "ms-2": return .metresPerSecondSquared
        case "deg/s", "°/s", "dps", "degrees/s", "deg/sec", "º/s": return .degreesPerSecond
        case "rad/s", "rads", "rad/sec", "radians/s": return .radiansPerSecond
        case "r", "1", "": return .dimensionless
        default: return nil
        }
    }
}

/// What one column of a table holds.
struct ColumnRole: Sendable, Equatable {
    var quantity: Quantity
    /// 0 = x, 1 = y, 2 = z, 3 = w (quaternion scalar); 0 for time.
    var component: Int
    /// The unit the header states, if any.
    var unit: ColumnUnit?
}

/// A header name split into a comparable key and a unit, e.g. `"Acceleration x (m/s^2)"` →
/// key `accelerationx`, unit `m/s^2`; `accelerometerAccelerationX(G)` → `accelerometeraccelerationx`, `G`.
struct HeaderName: Sendable {
    var original: String
    var key: String
    var unitText: String?

    init(_ name: String) {
        original = name
        var base = name
        var unit: String?
        if let open = name.lastIndex(where: { $0 == "(" || $0 == "[" }) {
            let after = name[name.index(after: open)...]
            if let close = after.firstIndex(where: { $0 == ")" || $0 == "]" }) {
                unit = String(after[..<close]).trimmingCharacters(in: .whitespaces)
                base = String(name[..<open])
            }
        }
        // Loggers and hand-made exports often put the unit after an underscore instead:
        // `accX_g`, `gyro_z_rad_s`, `time_ms`, `acc_x_m_s2`.
        if unit == nil, let suffix = Self.underscoreUnit(of: name) {
            unit = suffix.unit
            base = suffix.base
        }
        unitText = unit
        key = String(base.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) })
    }

    /// A unit written as the name's last one or two `_`-separated tokens ("rad_s" → "rad/s"),
    /// with the name before it; nil when the tail is not a unit (`acc_x`, `seconds_elapsed`).
    static func underscoreUnit(of name: String) -> (base: String, unit: String)? {
        let tokens = name.trimmingCharacters(in: .whitespaces).split(separator: "_", omittingEmptySubsequences: false).map(String.init)
        guard tokens.count >= 2 else { return nil }
        func isUnit(_ text: String) -> Bool {
            guard let unit = ColumnUnit.parse(text) else { return false }
            return unit != .dimensionless
        }
        if tokens.count >= 3 {
            let pair = tokens[tokens.count - 2] + "/" + tokens[tokens.count - 1]
            if isUnit(pair) { return (tokens.dropLast(2).joined(separator: "_"), pair) }
        }
        let last = tokens[tokens.count - 1]
        if isUnit(last) { return (tokens.dropLast().joined(separator: "_"), last) }
        return nil
    }
}

/// Maps header names to roles. The names come from the apps' documented exports
/// (../shared/docs/formats.md): Physics Toolbox, phyphox, MetaWear, Sensor Logger, SensorLog and
/// the kettlebell IMU loggers; anything resembling `ax`, `acc_x`, `gyro x` is recognised too.
enum ColumnRoles {
    /// Name stems (the key without the trailing axis letter) per quantity.
    static let accelerationStems: Set<String> = [
        "a", "acc", "accel", "acceleration", "accelerometer", "accelerometeracceleration", "gf",
        "totalacceleration", "rawacceleration", "accelerationincludinggravity", "acceleromete",
        "accelerometerraw", "accraw",
        // phyphox exports in the phone's language: German, Spanish, French, Italian, Dutch,
        // Portuguese, Polish.
        "beschleunigung", "aceleración", "aceleracion", "accélération", "accelerazione", "versnelling",
        "aceleração", "aceleracao", "przyspieszenie",
    ]
    static let userAccelerationStems: Set<String> = [
        "linearacceleration", "linacc", "useracceleration", "motionuseracceleration", "useracc",
        "linear", "lin",
        "linearebeschleunigung", "aceleraciónlineal", "aceleracionlineal", "accélérationlinéaire",
        "accelerazionelineare", "lineaireversnelling", "aceleraçãolinear", "przyspieszenieliniowe",
    ]
    static let gravityStems: Set<String> = ["gravity", "motiongravity", "grav", "schwerkraft", "gravedad", "gravité", "gravità",
                                            "zwaartekracht", "gravidade", "grawitacja"]
    static let gyroscopeStems: Set<String> = [
        "g", "gyr", "gyro", "gyroscope", "rotationrate", "motionrotationrate", "gyrorotation",
        "w", "omega", "angularvelocity", "gyroscoperotation", "rot",
        "gyroskop", "giroscopio", "giroscópio", "gyroscoop", "żyroskop", "drehrate",
    ]
    static let quaternionStems: Set<String> = [
        "q", "quaternion", "motionquaternion", "quat", "orientationq", "attitudequaternion",
    ]

    /// Time column keys in order of preference (a lower index wins).
    static let timeKeys: [String] = [
        "epoch", "time", "timestamp", "t", "datetime", "date", "unixtime", "epochtime", "timems",
        "times", "secondselapsed", "elapsed", "elapsedtime", "motiontimestampsincereboot",
        "accelerometertimestampsincereboot", "loggingtime", "ts", "tick",
        "seconds", "secs", "sec", "milliseconds", "millis", "timesec", "timeseconds",
        "relativetime", "reltime", "timerelative", "timeelapsed", "elapsedseconds", "sampletime", "timesincestart",
        // Phone apps export with localised headers (phyphox writes "Zeit (s)" in German).
        "zeit", "zeitstempel", "tiempo", "temps", "horodatage", "tempo", "tijd", "tid", "czas", "aika",
    ]

    /// The role of one header name, without context (see `assign` for the whole header).
    static func role(of name: HeaderName) -> ColumnRole? {
        guard let role = unsanitizedRole(of: name) else { return nil }
        // A stated unit of the wrong kind (a time unit on an acceleration column: `acc_x_ms`
        // meant m/s², not milliseconds) is no statement: the unit is then resolved as for a
        // header without one (flags, the format's default, the values).
        guard let unit = role.unit else { return role }
        let fits: Bool
        switch role.quantity {
        case .time: fits = [.seconds, .milliseconds, .microseconds, .nanoseconds].contains(unit)
        case .acceleration, .userAcceleration, .gravity: fits = [.standardGravity, .metresPerSecondSquared, .milliG].contains(unit)
        case .gyroscope: fits = unit == .degreesPerSecond || unit == .radiansPerSecond
        case .quaternion: fits = true
        }
        return fits ? role : ColumnRole(quantity: role.quantity, component: role.component, unit: nil)
    }

    private static func unsanitizedRole(of name: HeaderName) -> ColumnRole? {
        let key = name.key
        let unit = name.unitText.flatMap(ColumnUnit.parse)
        // Shimmer's exports: `Shimmer_A1B2_Accel_LN_X_CAL`, `…_Gyro_Y_CAL`, `…_Timestamp_Unix_CAL`
        // (device id in the name, units in a row under the header; the calibrated columns only).
        if key.hasPrefix("shimmer"), key.hasSuffix("cal"), !key.hasSuffix("uncal") {
            let body = key.dropLast(3)
            if body.contains("timestamp") { return ColumnRole(quantity: .time, component: 0, unit: unit) }
            if let axis = splitAxis(String(body))?.component, axis < 3 {
                if body.contains("accel") { return ColumnRole(quantity: .acceleration, component: axis, unit: unit) }
                if body.contains("gyro") { return ColumnRole(quantity: .gyroscope, component: axis, unit: unit) }
            }
            return nil
        }
        if let rank = timeKeys.firstIndex(of: key), rank >= 0 {
            return ColumnRole(quantity: .time, component: 0, unit: unit)
        }
        if key.hasPrefix("loggingtime") || key.hasSuffix("timestampsincereboot") {
            return ColumnRole(quantity: .time, component: 0, unit: unit)
        }
        guard let (stem, component) = splitAxis(key) else { return nil }
        // An axis column whose unit names the quantity (MetaWear's `x-axis (g)`, Sensor
        // Logger's bare `x`).
        if stem.isEmpty || stem == "axis" {
            switch unit {
            case .standardGravity?, .metresPerSecondSquared?, .milliG?: return ColumnRole(quantity: .acceleration, component: component, unit: unit)
            case .degreesPerSecond?, .radiansPerSecond?: return ColumnRole(quantity: .gyroscope, component: component, unit: unit)
            default: return nil
            }
        }
        if quaternionStems.contains(stem) {
            return ColumnRole(quantity: .quaternion, component: component, unit: nil)
        }
        if component == 3 { return nil }
        if userAccelerationStems.contains(stem) { return ColumnRole(quantity: .userAcceleration, component: component, unit: unit) }
        if gravityStems.contains(stem) { return ColumnRole(quantity: .gravity, component: component, unit: unit) }
        if accelerationStems.contains(stem) {
            // Physics Toolbox's gFx is g-force: always in g.
            return ColumnRole(quantity: .acceleration, component: component, unit: unit ?? (stem == "gf" ? .standardGravity : nil))
        }
        if gyroscopeStems.contains(stem) {
            // A unit in g on a "G" column means acceleration written as Gx (g-force), not gyro.
            if unit == .standardGravity || unit == .metresPerSecondSquared || unit == .milliG {
                return ColumnRole(quantity: .acceleration, component: component, unit: unit)
            }
            return ColumnRole(quantity: .gyroscope, component: component, unit: unit)
        }
        // Units decide what unknown stems are (e.g. "sensor1 x (deg/s)").
        switch unit {
        case .degreesPerSecond?, .radiansPerSecond?: return ColumnRole(quantity: .gyroscope, component: component, unit: unit)
        default: return nil
        }
    }

    /// Splits `accelerationx` into (`acceleration`, 0); `xaxis` into (`axis`, 0); `qw` into (`q`, 3).
    static func splitAxis(_ key: String) -> (stem: String, component: Int)? {
        func component(of character: Character?) -> Int? {
            switch character {
            case "x"?: return 0
            case "y"?: return 1
            case "z"?: return 2
            case "w"?: return 3
            default: return nil
            }
        }
        if key.hasSuffix("axis"), key.count >= 5 {
            let prefix = key.dropLast(4)
            if let axis = component(of: prefix.last), axis < 3 { return ("axis" + String(prefix.dropLast()), axis) }
        }
        if let axis = component(of: key.last) { return (String(key.dropLast()), axis) }
        // "acc_x1"-style suffix digits are not axes; "ax1" not supported.
        return nil
    }

    /// Assigns roles to a whole header: each (quantity, component) at most once, the preferred
    /// time column, and the columns nobody claims listed for error messages.
    static func assign(_ header: [String]) -> [Int: ColumnRole] {
        var roles: [Int: ColumnRole] = [:]
        var taken: Set<String> = []
        var bestTime: (index: Int, rank: Int)?
        var slotOwner: [String: Int] = [:]
        for (index, raw) in header.enumerated() {
            let name = HeaderName(raw)
            guard let role = role(of: name) else { continue }
            if role.quantity == .time {
                let rank = timeKeys.firstIndex(of: name.key) ?? timeKeys.count
                // Zone-like units ("time (-05:00)") are MetaWear's formatted local time: prefer epoch.
                let penalty = (name.unitText?.contains(":") ?? false) ? 100 : 0
                if rank + penalty < (bestTime?.rank ?? Int.max) { bestTime = (index, rank + penalty) }
                continue
            }
            let slot = "\(role.quantity.rawValue)\(role.component)"
            if taken.contains(slot) {
                // CoreMotion's processed ("motion…") channels beat the raw ones (bias-corrected).
                guard name.key.hasPrefix("motion"), let previous = slotOwner[slot],
                      !HeaderName(header[previous]).key.hasPrefix("motion") else { continue }
                roles[previous] = nil
            }
            taken.insert(slot)
            slotOwner[slot] = index
            roles[index] = role
        }
        if let bestTime, let role = role(of: HeaderName(header[bestTime.index])) { roles[bestTime.index] = role }
        return roles
    }
}
