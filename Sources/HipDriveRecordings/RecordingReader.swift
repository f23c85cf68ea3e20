import Foundation

/// How the user overrides what the reader would detect.
public struct ReadOptions: Sendable, Equatable {
    /// Force a format by name instead of detecting it from the header (see `hipdrive inspect --help`).
    public var format: String?
    /// Explicit column map for headerless or unknown tables, e.g. "time=0,ax=1,ay=2,az=3".
    public var columnMap: String?
    /// Units that override the header: keys "time", "accel", "gyro" (e.g. "ms", "g", "deg/s").
    public var units: [String: String]

    public init(format: String? = nil, columnMap: String? = nil, units: [String: String] = [:]) {
        self.format = format
        self.columnMap = columnMap
        self.units = units
    }
}

/// Reads a recording (one file, or a folder or zip holding one recording's files) into a clean
/// trace. PLACEHOLDER: the readers issue replaces this body.
public enum RecordingReader {
    public static func read(_ url: URL, options: ReadOptions = ReadOptions()) throws -> Recording {
        throw RecordingError.unsupported(file: url.path, reason: "readers not built yet")
    }
}

/// Everything a user can cause while reading: each names the file, and the line and column
/// where there is one, and says what to do.
public enum RecordingError: Error, CustomStringConvertible, Sendable {
    case unsupported(file: String, reason: String)

    public var description: String {
        switch self {
        case let .unsupported(file, reason): return "\(file): \(reason)"
        }
    }
}
