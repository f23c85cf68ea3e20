import Foundation

/// Everything a user can cause while reading: each names the file, and the line and column
/// where there is one, and says what to do.
public enum RecordingError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The recording is of a kind HipDrive cannot read; `reason` says why and what to do.
    case unsupported(file: String, reason: String)
    /// The file is empty or holds only blank lines.
    case empty(file: String)
    /// The bytes are not a text table (binary data, or an unknown container).
    case notATable(file: String, reason: String)
    /// The header names no usable columns: lists what was found and shows a column map.
    case noUsableColumns(file: String, found: [String], hint: String)
    /// A cell could not be read where a value is required.
    case badCell(file: String, line: Int, column: Int, columnName: String, text: String, reason: String)
    /// A column holds no numbers at all.
    case emptyColumn(file: String, column: Int, columnName: String)
    /// Too few samples to make a trace.
    case tooFewSamples(file: String, count: Int)
    /// Timestamps do not give a plausible sampling rate.
    case implausibleRate(file: String, rateHz: Double, hint: String)
    /// The time column goes backwards too often to be a clock.
    case notMonotonic(file: String, backwards: Int, total: Int)
    /// A folder or zip held no sensor file HipDrive knows.
    case noSensorFile(file: String, found: [String])
    /// The sensor files of one recording do not overlap in time.
    case streamsDoNotOverlap(file: String)
    /// An option given by the user is malformed (e.g. `--columns`).
    case badOption(option: String, value: String, reason: String)
    /// An audio file HipDrive cannot use.
    case audio(file: String, reason: String)
    /// The file cannot be opened.
    case cannotOpen(file: String, reason: String)

    public var description: String {
        switch self {
        case let .unsupported(file, reason):
            return "\(file): \(reason)"
        case let .empty(file):
            return "\(file): the file is empty; export the recording again or check that the copy finished"
        case let .notATable(file, reason):
            return "\(file): \(reason)"
        case let .noUsableColumns(file, found, hint):
            let list = found.isEmpty ? "none" : found.map { "\"\($0)\"" }.joined(separator: ", ")
            return "\(file): line 1: no usable time and acceleration columns (found \(list)); \(hint)"
        case let .badCell(file, line, column, columnName, text, reason):
            return "\(file): line \(line), column \(column) (\"\(columnName)\"): cannot read \"\(text)\": \(reason)"
        case let .emptyColumn(file, column, columnName):
            return "\(file): column \(column) (\"\(columnName)\") holds no numbers (all empty or NaN); map another column with --columns or re-export the recording"
        case let .tooFewSamples(file, count):
            return "\(file): only \(count) usable sample\(count == 1 ? "" : "s"); a trace needs at least a second of data at a steady rate"
        case let .implausibleRate(file, rate, hint):
            return "\(file): timestamps give an implausible sampling rate of \(String(format: "%.4g", rate)) Hz; \(hint)"
        case let .notMonotonic(file, backwards, total):
            return "\(file): time is not monotonic (\(backwards) of \(total) steps go backwards); map the real time column with --columns time=N, or fix the export"
        case let .noSensorFile(file, found):
            let list = found.isEmpty ? "nothing" : found.prefix(12).joined(separator: ", ")
            return "\(file): holds no sensor table HipDrive knows (found \(list)); pass the accelerometer CSV itself, or a phyphox / Sensor Logger export"
        case let .streamsDoNotOverlap(file):
            return "\(file): the sensor files do not overlap in time; pass files from the same recording"
        case let .badOption(option, value, reason):
            return "\(option) \(value): \(reason)"
        case let .audio(file, reason):
            return "\(file): \(reason)"
        case let .cannotOpen(file, reason):
            return "\(file): cannot open: \(reason)"
        }
    }

    /// The example column map shown when the reader cannot decide.
    static let columnMapExample = "map them with --columns time=0,ax=1,ay=2,az=3[,gx=4,gy=5,gz=6] and --units time=ms,accel=g,gyro=deg/s (indices from 0, or header names)"
}
