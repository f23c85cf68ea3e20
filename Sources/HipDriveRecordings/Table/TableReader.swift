import Foundation

/// Turns one delimited table (bytes) into a `SensorStream`: finds the columns, reads the body,
/// converts time and units to SI.
struct TableReader {
    /// Path shown in messages.
    var displayName: String
    var options: ReadOptions
    /// Roles imposed by the container (Sensor Logger's bare `x,y,z` in `Gyroscope.csv`).
    var impliedQuantity: Quantity?

    /// The flavour detected (or forced), set by `read`.
    private(set) var flavour: TableFlavour = .generic
    /// How the time column was read ("ISO-8601 times", "epoch ms", "millisecond counter", …),
    /// set by `read`.
    private(set) var timeDescription: String?

    /// The format's name as shown to users: the flavour, and for the IMU loggers, which write
    /// their times several ways, the delimiter and the times actually read (a comma table of
    /// the loggers' columns is labelled by its times, not by the epoch milliseconds one such
    /// logger writes).
    var formatLabel: String {
        let delimiter: String
        switch flavour {
        case .imuLoggerSemicolon: delimiter = "semicolon"
        case .imuLoggerTab: delimiter = "tab"
        case .imuLoggerComma: delimiter = "comma"
        default: return flavour.rawValue
        }
        guard let timeDescription else { return flavour.rawValue }
        return "IMU logger (\(delimiter), \(timeDescription))"
    }

    init(displayName: String, options: ReadOptions, impliedQuantity: Quantity? = nil) {
        self.displayName = displayName
        self.options = options
        self.impliedQuantity = impliedQuantity
    }

    /// Reads `data` as a sensor table.
    mutating func read(_ data: Data) throws(RecordingError) -> SensorStream {
        if data.isEmpty { throw .empty(file: displayName) }
        if let reason = Self.binaryReason(data) { throw .notATable(file: displayName, reason: reason) }
        let outcome: Result<SensorStream, RecordingError> = data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            do throws(RecordingError) {
                return .success(try self.read(bytes: bytes))
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    /// Says why bytes are not a text table (NUL bytes, known binary signatures), or nil.
    static func binaryReason(_ data: Data) -> String? {
        let prefix = data.prefix(4096)
        let signatures: [([UInt8], String)] = [
            ([0x50, 0x4B, 0x03, 0x04], "a zip archive; pass the zip as a recording (phyphox or Sensor Logger export) or unzip it"),
            ([0x52, 0x49, 0x46, 0x46], "a RIFF/WAV audio file; give it a .wav name so it is read as audio"),
            ([0x1F, 0x8B], "a gzip file; decompress it first (gunzip)"),
            ([0x25, 0x50, 0x44, 0x46], "a PDF document, not a sensor table"),
            ([0x89, 0x50, 0x4E, 0x47], "a PNG image, not a sensor table"),
        ]
        for (signature, reason) in signatures where prefix.starts(with: signature) { return reason }
        if prefix.count >= 8, Array(prefix.dropFirst(4).prefix(4)) == Array("ftyp".utf8) {
            return "an MP4/M4A container (AAC audio or video); extract the sound with: ffmpeg -i INPUT -vn -ac 1 OUTPUT.wav"
        }
        var controlBytes = 0
        for byte in prefix {
            if byte == 0 { return "binary data (NUL bytes), not a text table; export the recording as CSV" }
            if byte < 0x09 || (byte > 0x0D && byte < 0x20) { controlBytes += 1 }
        }
        if controlBytes * 20 > max(prefix.count, 1) {
            return "binary data, not a text table; export the recording as CSV"
        }
        return nil
    }

    private mutating func read(bytes: UnsafeBufferPointer<UInt8>) throws(RecordingError) -> SensorStream {
        guard let layout = DelimitedTable.layout(of: bytes) else { throw .empty(file: displayName) }
        let header = layout.header ?? (0..<layout.fieldCount).map { "column \($0)" }
        var roles: [Int: ColumnRole]
        if let map = options.columnMap {
            roles = try Self.parseColumnMap(map, header: layout.header, fieldCount: layout.fieldCount)
        } else if let names = layout.header {
            roles = ColumnRoles.assign(names)
            if let implied = impliedQuantity { roles = Self.applyImplied(implied, header: names, roles: roles) }
        } else {
            throw .noUsableColumns(file: displayName, found: [],
                                   hint: "the table has no header (\(layout.fieldCount) numeric columns); " + RecordingError.columnMapExample)
        }
        let keys = layout.header?.map { HeaderName($0).key } ?? []
        if let forced = options.format {
            guard let named = TableFlavour.named(forced) else {
                throw .badOption(option: "--format", value: forced, reason: "unknown format; use one of \(TableFlavour.acceptedNames)")
            }
            flavour = named
        } else {
            let statesUnits = roles.values.contains { $0.quantity != .time && $0.quantity != .quaternion && $0.unit != nil }
            flavour = TableFlavour.detect(keys: keys, delimiter: layout.delimiter, fileName: displayName, statesUnits: statesUnits)
        }
        guard let timeField = roles.first(where: { $0.value.quantity == .time })?.key else {
            throw .noUsableColumns(file: displayName, found: header, hint: "no time column; " + RecordingError.columnMapExample)
        }
        let motionRoles = roles.filter { $0.value.quantity != .time }
        guard !motionRoles.isEmpty else {
            throw .noUsableColumns(file: displayName, found: header, hint: RecordingError.columnMapExample)
        }
        var kinds: [Int: FieldKind] = [timeField: .timestamp]
        for field in motionRoles.keys { kinds[field] = .number }
        let body = DelimitedTable.body(of: bytes, layout: layout, kinds: kinds)
        return try makeStream(layout: layout, header: header, roles: roles, timeField: timeField, body: body)
    }

    /// Sensor Logger writes bare `x,y,z` (in the order z,y,x) and `qx…qw`: the file name says what they are.
    static func applyImplied(_ quantity: Quantity, header: [String], roles: [Int: ColumnRole]) -> [Int: ColumnRole] {
        var result = roles
        for (index, name) in header.enumerated() {
            let key = HeaderName(name).key
            let component: Int?
            switch key {
            case "x": component = 0
            case "y": component = 1
            case "z": component = 2
            default: component = nil
            }
            if let component, result[index] == nil, quantity != .quaternion {
                result[index] = ColumnRole(quantity: quantity, component: component, unit: HeaderName(name).unitText.flatMap(ColumnUnit.parse))
            }
        }
        return result
    }

    /// Parses `time=0,ax=1,ay=2,az=3,gx=4,...` (indices from 0 or header names).
    static func parseColumnMap(_ map: String, header: [String]?, fieldCount: Int) throws(RecordingError) -> [Int: ColumnRole] {
        var roles: [Int: ColumnRole] = [:]
        let keys: [String: (Quantity, Int)] = [
            "time": (.time, 0), "t": (.time, 0),
            "ax": (.acceleration, 0), "ay": (.acceleration, 1), "az": (.acceleration, 2),
            "gx": (.gyroscope, 0), "gy": (.gyroscope, 1), "gz": (.gyroscope, 2),
            "ux": (.userAcceleration, 0), "uy": (.userAcceleration, 1), "uz": (.userAcceleration, 2),
            "gravx": (.gravity, 0), "gravy": (.gravity, 1), "gravz": (.gravity, 2),
            "qw": (.quaternion, 3), "qx": (.quaternion, 0), "qy": (.quaternion, 1), "qz": (.quaternion, 2),
        ]
        for entry in map.split(separator: ",") {
            let parts = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let (quantity, component) = keys[parts[0].lowercased()] else {
                throw .badOption(option: "--columns", value: map,
                                 reason: "each entry is NAME=COLUMN with NAME one of time, ax, ay, az, gx, gy, gz, ux, uy, uz, gravx, gravy, gravz, qw, qx, qy, qz")
            }
            let index: Int
            if let number = Int(parts[1]) {
                index = number
            } else if let found = header?.firstIndex(where: { $0.caseInsensitiveCompare(parts[1]) == .orderedSame }) {
                index = found
            } else {
                throw .badOption(option: "--columns", value: map, reason: "no column named \"\(parts[1])\"")
            }
            guard index >= 0 && index < fieldCount else {
                throw .badOption(option: "--columns", value: map, reason: "column \(index) does not exist (the table has \(fieldCount) columns, numbered from 0)")
            }
            let unit = header.flatMap { HeaderName($0[index]).unitText.flatMap(ColumnUnit.parse) }
            roles[index] = ColumnRole(quantity: quantity, component: component, unit: unit)
        }
        return roles
    }

    // MARK: Body → stream

    private mutating func makeStream(layout: TableLayout, header: [String], roles: [Int: ColumnRole],
                            timeField: Int, body: TableBody) throws(RecordingError) -> SensorStream {
        var notes: [String] = []
        if body.shortRows > 0 { notes.append("\(body.shortRows) rows had fewer fields than the header") }
        if body.longRows > 0 { notes.append("\(body.longRows) rows had more fields than the header (extra fields ignored)") }
        if body.truncatedLastLine { notes.append("the last line was cut off and was dropped") }
        let rowCount = body.rowCount
        guard rowCount > 0 else { throw .tooFewSamples(file: displayName, count: 0) }
        guard let rawTime = body.columns[timeField] else { throw .tooFewSamples(file: displayName, count: 0) }

        // Group the motion columns by quantity.
        var groups: [Quantity: [Int: Int]] = [:]            // quantity → component → field
        for (field, role) in roles where role.quantity != .time {
            groups[role.quantity, default: [:]][role.component] = field
        }
        // Columns with no numbers at all: an error for the only acceleration, else the group goes.
        for (quantity, fields) in groups.sorted(by: { ($0.value.values.min() ?? 0) < ($1.value.values.min() ?? 0) }) {
            for field in fields.values.sorted() {
                let column = body.columns[field] ?? []
                if !column.contains(where: { !$0.isNaN }) {
                    let name = field < header.count ? header[field] : "column \(field)"
                    let hasOtherMotion = groups.keys.contains { $0 != quantity && $0 != .quaternion }
                    if !hasOtherMotion {
                        throw .emptyColumn(file: displayName, column: field + 1, columnName: name)
                    }
                    notes.append("column \"\(name)\" holds no numbers: \(quantity.label) ignored")
                    groups[quantity] = nil
                    break
                }
            }
        }
        // Incomplete groups (an x without y, z) cannot be used.
        for (quantity, fields) in groups {
            let needed = quantity == .quaternion ? [0, 1, 2, 3] : [0, 1, 2]
            if !needed.allSatisfy({ fields[$0] != nil }) {
                notes.append("\(quantity.label) columns incomplete: ignored")
                groups[quantity] = nil
            }
        }
        guard !groups.isEmpty else {
            throw .noUsableColumns(file: displayName, found: header, hint: RecordingError.columnMapExample)
        }

        // Time: every row must carry one.
        let timeRole = roles[timeField]
        let timeName = timeField < header.count ? header[timeField] : "column \(timeField)"
        let kinds = body.timestampKinds
        let validTimes = kinds.reduce(0) { $0 + ($1 == TimestampKind.invalid.rawValue ? 0 : 1) }
        if validTimes == 0 {
            let bad = body.firstBadCell[timeField]
            throw .badCell(file: displayName, line: bad?.line ?? Int(body.lineNumbers.first ?? 1), column: timeField + 1,
                           columnName: timeName, text: bad?.text ?? "",
                           reason: "no row has a readable time (numbers or ISO-8601 date-times); map the time column with --columns time=N")
        }
        let timeUnitOverride = try Self.flagUnit("time", options: options)
        let (seconds, isEpoch, timeNotes, timeRead) = Self.convertTimes(rawTime, kinds: kinds,
                                                                        unit: timeUnitOverride ?? timeRole?.unit ?? flavour.defaultTimeUnit)
        notes += timeNotes
        timeDescription = timeRead

        // Keep rows with a time and every used channel present.
        var usedFields: [(Quantity, Int, Int)] = []          // quantity, component, field
        for (quantity, fields) in groups { for (component, field) in fields { usedFields.append((quantity, component, field)) } }
        var keep = [Bool](repeating: true, count: rowCount)
        var dropped = 0
        // The used columns looked up once, not per row (a hashed dictionary lookup per cell was
        // about 6 % of reading a 30-minute file); a column the body does not hold reads as NaN,
        // as before.
        let usedColumns = usedFields.map { body.columns[$0.2] }
        if usedColumns.contains(where: { $0 == nil }) {
            keep = [Bool](repeating: false, count: rowCount)
            dropped = rowCount
        } else {
            let columns = usedColumns.compactMap { $0 }
            for row in 0..<rowCount {
                var ok = !seconds[row].isNaN && seconds[row].isFinite
                if ok {
                    for column in columns where row >= column.count || !column[row].isFinite {
                        ok = false
                        break
                    }
                }
                if !ok { keep[row] = false; dropped += 1 }
            }
        }
        if dropped > 0 { notes.append("\(dropped) rows dropped (missing time or NaN/empty cells)") }
        let time = zip(seconds, keep).compactMap { $1 ? $0 : nil }

        var channels: [Quantity: [[Double]]] = [:]
        var columnsUsed: [String] = [timeName]
        // Gravity first: acceleration columns without a stated unit share the gravity's.
        var gravityUnit: ColumnUnit?
        for (quantity, fields) in groups.sorted(by: { ($0.key == .gravity ? "" : $0.key.rawValue) < ($1.key == .gravity ? "" : $1.key.rawValue) }) {
            let order = quantity == .quaternion ? [3, 0, 1, 2] : [0, 1, 2]   // quaternion stored w, x, y, z
            var arrays: [[Double]] = []
            for component in order {
                guard let field = fields[component], let column = body.columns[field] else { continue }
                arrays.append(zip(column, keep).compactMap { $1 ? $0 : nil })
            }
            let unit = try resolveUnit(quantity: quantity, fields: fields, roles: roles, arrays: arrays,
                                       gravityUnit: gravityUnit, acceleration: channels[.acceleration], notes: &notes)
            if quantity == .gravity { gravityUnit = unit }
            if unit.siFactor != 1 {
                for i in arrays.indices { arrays[i] = arrays[i].map { $0 * unit.siFactor } }
            }
            channels[quantity] = arrays
            for component in [0, 1, 2, 3] {
                guard let field = fields[component] else { continue }
                let name = field < header.count ? header[field] : "column \(field)"
                columnsUsed.append(quantity == .quaternion || name.contains("(") ? name : "\(name) (\(unit.rawValue))")
            }
        }
        var stream = SensorStream(source: displayName, time: time, isEpoch: isEpoch, channels: channels,
                                  columnsUsed: columnsUsed, droppedRows: dropped + (body.truncatedLastLine ? 1 : 0), notes: notes)
        switch flavour {
        case .sensorLog, .sensorLoggerWrist: stream.gravityConvention = .pointsDown
        default: stream.gravityConvention = .pointsUp
        }
        return stream
    }

    /// The unit of a channel group: flag, header, the format's documented default, or (last) a
    /// physical guess from the values (resting accelerometers read 1 g = 9.81 m/s²; hand-held
    /// gyroscopes never reach 40 rad/s, so larger values are deg/s).
    private func resolveUnit(quantity: Quantity, fields: [Int: Int], roles: [Int: ColumnRole],
                             arrays: [[Double]], gravityUnit: ColumnUnit?, acceleration: [[Double]]? = nil,
                             notes: inout [String]) throws(RecordingError) -> ColumnUnit {
        if quantity == .quaternion { return .dimensionless }
        let isAcceleration = quantity != .gyroscope
        let flagKey = isAcceleration ? "accel" : "gyro"
        if let unit = try Self.flagUnit(flagKey, options: options) { return unit }
        var magnitudes: [Double] = []
        func computeMagnitudes() {
            guard magnitudes.isEmpty, arrays.count >= 3 else { return }
            let (x, y, z) = (arrays[0], arrays[1], arrays[2])
            magnitudes.reserveCapacity(x.count)
            for row in 0..<x.count {
                let squared: Double = x[row] * x[row] + y[row] * y[row] + z[row] * z[row]
                magnitudes.append(squared.squareRoot())
            }
        }
        if let stated = fields.values.compactMap({ roles[$0]?.unit }).first {
            // A stated g or m/s² on milli-g values (exporters that label mg columns "(g)"): a
            // total acceleration whose median magnitude is near 1000 cannot be in g (the sensor
            // would sit at 1000 g) nor in m/s² (100 g); only mg reads it as the 1 g it is.
            if quantity == .acceleration || quantity == .gravity, stated == .standardGravity || stated == .metresPerSecondSquared {
                computeMagnitudes()
                let typical = Statistics.median(magnitudes)
                if typical.isFinite, ColumnUnit.acceleration(forMedianMagnitude: typical) == .milliG {
                    notes.append("\(quantity.label) read as mg, not the stated \(stated.rawValue): median magnitude \(String(format: "%.3g", typical))")
                    return .milliG
                }
            }
            return stated
        }
        let documented = isAcceleration ? flavour.defaultAccelerationUnit : flavour.defaultGyroscopeUnit
        if documented == nil, isAcceleration, quantity != .gravity, let gravityUnit { return gravityUnit }
        computeMagnitudes()
        // The format's documented unit, unless the values cannot be in it: the flavour was
        // recognised from unit-less column names, and a file that only looks like that logger's
        // (time,gx,…,az in m/s² and rad/s; the kettlebell loggers write g and deg/s) read 9.8× or
        // 57× off. Total acceleration has a median magnitude near 1 g (1 in g, 9.8 in m/s²; the
        // boundary is their geometric mean); no hand-held gyroscope reads 40 rad/s.
        if let documented {
            if isAcceleration, quantity != .userAcceleration, !magnitudes.isEmpty {
                let typical = Statistics.median(magnitudes)
                let fromValues = ColumnUnit.acceleration(forMedianMagnitude: typical)
                if fromValues != documented, typical.isFinite, typical > 0 {
                    notes.append("\(quantity.label) read as \(fromValues.rawValue), not the format's usual \(documented.rawValue): median magnitude \(String(format: "%.3g", typical))")
                    return fromValues
                }
            } else if !isAcceleration, documented == .radiansPerSecond, let peak = magnitudes.max(), peak > 40 {
                notes.append("gyroscope read as deg/s, not the format's usual rad/s: peak \(String(format: "%.3g", peak))")
                return .degreesPerSecond
            } else if !isAcceleration, documented == .degreesPerSecond, let peak = magnitudes.max(), peak < 20,
                      let swing = Self.swingLoad(acceleration), swing >= 1.8 * ColumnUnit.standardGravityValue {
                // A sensor swung hard enough to feel 1.8 g turns at hundreds of deg/s (a bell at
                // 2 g on a 0.7 m arm: about 4 rad/s, 230 deg/s): a peak under 20 is rad/s.
                notes.append("gyroscope read as rad/s, not the format's usual deg/s: peak \(String(format: "%.3g", peak)) while the accelerometer reaches \(String(format: "%.2g", swing / ColumnUnit.standardGravityValue)) g")
                return .radiansPerSecond
            }
            return documented
        }
        if isAcceleration {
            if quantity == .userAcceleration {
                notes.append("user acceleration unit not stated: assumed m/s^2")
                return .metresPerSecondSquared
            }
            let typical = Statistics.median(magnitudes)
            let unit = ColumnUnit.acceleration(forMedianMagnitude: typical)
            notes.append("\(quantity.label) unit not stated: \(unit.rawValue) (median magnitude \(String(format: "%.3g", typical)))")
            return unit
        } else {
            let peak = magnitudes.max() ?? 0
            let unit: ColumnUnit = peak > 40 ? .degreesPerSecond : .radiansPerSecond
            notes.append("gyroscope unit not stated: \(unit.rawValue) (peak \(String(format: "%.3g", peak)))")
            return unit
        }
    }

    /// The unit `--units` gives for `time`, `accel` or `gyro`, nil without one. A unit of the
    /// wrong kind (`accel=deg/s`, `time=g`) or an unknown one is an error, not a scale factor
    /// applied silently (deg/s on an acceleration scaled it by π/180; an unknown time unit was
    /// ignored and the unit guessed).
    static func flagUnit(_ key: String, options: ReadOptions) throws(RecordingError) -> ColumnUnit? {
        guard let text = options.units[key] else { return nil }
        let allowed: [ColumnUnit]
        let spelled: String
        switch key {
        case "time": allowed = [.seconds, .milliseconds, .microseconds, .nanoseconds]; spelled = "s, ms, us or ns for time"
        case "accel": allowed = [.standardGravity, .metresPerSecondSquared, .milliG]; spelled = "g, m/s^2 or mg for accel"
        default: allowed = [.degreesPerSecond, .radiansPerSecond]; spelled = "deg/s or rad/s for gyro"
        }
        guard let unit = ColumnUnit.parse(text), allowed.contains(unit) else {
            throw .badOption(option: "--units", value: "\(key)=\(text)",
                             reason: "\(ColumnUnit.parse(text) == nil ? "unknown unit" : "not a unit of \(key)"); use \(spelled)")
        }
        return unit
    }

    /// The 99th percentile of |f| of acceleration columns already in m/s², nil without them.
    static func swingLoad(_ acceleration: [[Double]]?) -> Double? {
        guard let a = acceleration, a.count >= 3, !a[0].isEmpty else { return nil }
        let (x, y, z) = (a[0], a[1], a[2])
        var magnitudes: [Double] = []
        magnitudes.reserveCapacity(x.count)
        for i in 0..<min(x.count, y.count, z.count) {
            let squared: Double = x[i] * x[i] + y[i] * y[i] + z[i] * z[i]
            magnitudes.append(squared.squareRoot())
        }
        guard !magnitudes.isEmpty else { return nil }
        magnitudes.sort()
        return magnitudes[min(magnitudes.count - 1, Int(0.99 * Double(magnitudes.count)))]
    }

    /// Converts a time column to seconds.
    ///
    /// Numbers take the stated unit, or a guess: epoch values are recognised by size (ns > 1e17,
    /// µs > 1e14, ms > 1e11, s > 1e8); elapsed counters by their median step (a step under 0.5
    /// reads as seconds, under 500 as milliseconds, under 5e5 as microseconds, else nanoseconds),
    /// which keeps the rate between 2 Hz and 20 kHz. ISO-8601 times without a zone are local
    /// times of an unknown zone; when a column mixes epoch numbers and such times (a logger that
    /// changed firmware mid-file), the zone offset is the multiple of 15 minutes that joins them.
    static func convertTimes(_ raw: [Double], kinds: [UInt8], unit stated: ColumnUnit?)
        -> (seconds: [Double], isEpoch: Bool, notes: [String], description: String) {
        var notes: [String] = []
        let numericValues = zip(raw, kinds).compactMap { $1 == TimestampKind.number.rawValue ? $0 : nil }
        var unit = stated
        // Times of day carry no date: no epoch (they are seconds already, never scaled by a unit).
        let timesOfDay = kinds.reduce(0) { $0 + ($1 == TimestampKind.timeOfDay.rawValue ? 1 : 0) }
        var isEpoch = numericValues.isEmpty && timesOfDay == 0
        if !numericValues.isEmpty {
            let typical = Statistics.median(numericValues.map(abs))
            if unit == nil {
                if typical > 1e17 { unit = .nanoseconds; isEpoch = true }
                else if typical > 1e14 { unit = .microseconds; isEpoch = true }
                else if typical > 1e11 { unit = .milliseconds; isEpoch = true }
                else if typical > 1e8 { unit = .seconds; isEpoch = true }
                else {
                    var steps: [Double] = []
                    steps.reserveCapacity(numericValues.count)
                    for i in 1..<max(numericValues.count, 1) {
                        let step = numericValues[i] - numericValues[i - 1]
                        if step > 0 { steps.append(step) }
                    }
                    let step = Statistics.median(steps)
                    if step < 0.5 { unit = .seconds } else if step < 500 { unit = .milliseconds }
                    else if step < 5e5 { unit = .microseconds } else { unit = .nanoseconds }
                    notes.append("time unit not stated: read as \(unit?.rawValue ?? "s") (median step \(String(format: "%.4g", step)))")
                }
            } else {
                isEpoch = typical * (unit?.siFactor ?? 1) > 1e8
            }
        }
        let factor = unit?.siFactor ?? 1
        var seconds = [Double](repeating: .nan, count: raw.count)
        for i in 0..<raw.count where kinds[i] != TimestampKind.invalid.rawValue {
            seconds[i] = kinds[i] == TimestampKind.number.rawValue ? raw[i] * factor : raw[i]
        }
        let hasLocal = kinds.contains(TimestampKind.isoLocal.rawValue)
        if hasLocal && !numericValues.isEmpty && isEpoch {
            // Find the first switch between a number and a zone-less time, and the offset that joins them.
            var offsets: [Double] = []
            for i in 1..<kinds.count {
                let previous = kinds[i - 1], current = kinds[i]
                if previous == TimestampKind.number.rawValue && current == TimestampKind.isoLocal.rawValue {
                    offsets.append(seconds[i] - seconds[i - 1])
                } else if previous == TimestampKind.isoLocal.rawValue && current == TimestampKind.number.rawValue {
                    offsets.append(seconds[i - 1] - seconds[i])
                }
            }
            if let first = offsets.first {
                let zone = (first / 900).rounded() * 900
                for i in 0..<kinds.count where kinds[i] == TimestampKind.isoLocal.rawValue { seconds[i] -= zone }
                notes.append("time column mixes epoch numbers and zone-less ISO-8601 times: local zone taken as UTC\(zone >= 0 ? "+" : "")\(String(format: "%.2g", zone / 3600)) h")
            }
        } else if hasLocal {
            notes.append("ISO-8601 times without a zone: read as UTC")
        }
        if timesOfDay > 0, let stated, stated != .seconds {
            notes.append("times of day read as clock times, not as \(stated.rawValue)")
        }
        // What the column held, by its most common kind of cell.
        let isoCount = kinds.reduce(0) { $0 + ($1 == TimestampKind.isoLocal.rawValue || $1 == TimestampKind.isoZoned.rawValue ? 1 : 0) }
        let names: [ColumnUnit: (epoch: String, elapsed: String)] = [
            .seconds: ("epoch s", "seconds"), .milliseconds: ("epoch ms", "millisecond counter"),
            .microseconds: ("epoch µs", "microsecond counter"), .nanoseconds: ("epoch ns", "nanosecond counter"),
        ]
        let numberName = names[unit ?? .seconds].map { isEpoch ? $0.epoch : $0.elapsed } ?? "numbers"
        // Each kind that holds at least a twentieth of the rows, the most common first (one
        // kettlebox logger mixes epoch milliseconds with zone-less ISO-8601 times).
        let shares = [(isoCount, "ISO-8601 times"), (numericValues.count, numberName), (timesOfDay, "times of day")]
        let total = max(1, isoCount + numericValues.count + timesOfDay)
        let present = shares.filter { $0.0 > 0 && 20 * $0.0 >= total }.sorted { $0.0 > $1.0 }.map(\.1)
        let description = present.isEmpty ? "times" : present.joined(separator: " and ")
        return (seconds, isEpoch || hasLocal, notes, description)
    }
}

/// Small robust statistics used while cleaning.
enum Statistics {
    static func median(_ values: [Double]) -> Double {
        var finite = values.filter { $0.isFinite }
        guard !finite.isEmpty else { return .nan }
        let middle = finite.count / 2
        // The middle element(s) of the sorted order by selection, O(n) instead of a sort: written
        // by hand because the readers take the median of every sample interval and magnitude
        // (180,000 of each for 30 minutes at 100 Hz), and sorting them was 2 % of reading and
        // analysing such a file. The same values as sorting: selection places the element that
        // sorting would put at `middle` there, with everything before it no larger.
        let upper = select(&finite, middle)
        guard finite.count % 2 == 0 else { return upper }
        let lower = finite[0..<middle].max() ?? upper
        return 0.5 * (lower + upper)
    }

    /// Rearranges `values` so that `values[k]` is the k-th smallest and no element before it is
    /// larger (Hoare partitioning around a median-of-three pivot, narrowing to the side that holds
    /// k; falls back to sorting a range that does not shrink fast enough). Returns `values[k]`.
    static func select(_ values: inout [Double], _ k: Int) -> Double {
        var low = 0, high = values.count - 1
        var rounds = 0
        while high > low {
            rounds += 1
            if rounds > 64 {
                values[low...high].sort()
                break
            }
            let mid = low + (high - low) / 2
            // Median of three as the pivot value.
            let a = values[low], b = values[mid], c = values[high]
            let pivot = max(min(a, b), min(max(a, b), c))
            var i = low, j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            // Now values[low...j] ≤ pivot ≤ values[i...high], and values[j+1..<i] == pivot.
            if k <= j {
                high = j
            } else if k >= i {
                low = i
            } else {
                break
            }
        }
        return values[k]
    }

    static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
    }

    static func standardDeviation(_ values: [Double]) -> Double {
        guard values.count > 1 else { return 0 }
        let average = mean(values)
        return (values.reduce(0) { $0 + ($1 - average) * ($1 - average) } / Double(values.count - 1)).squareRoot()
    }
}
