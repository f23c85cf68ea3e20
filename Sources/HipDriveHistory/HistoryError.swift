import Foundation

/// Everything a user can cause while using the history store or preparing a batch. Each case
/// names the file (and the line for a manifest) and says what to do.
public enum HistoryError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The store was written by a newer HipDrive (it holds schema migrations this one does not know).
    case newerStore(path: String, unknownMigrations: [String], writtenBy: String?)
    /// The file exists but is not a SQLite database, or cannot be opened.
    case cannotOpen(path: String, reason: String)
    /// A read-only command was pointed at a store that does not exist.
    case missingStore(path: String)
    /// Another process held the store's write lock for longer than the busy timeout.
    case storeBusy(path: String, waitedS: Double)
    /// A manifest problem, with its 1-based line number.
    case manifest(path: String, line: Int, reason: String)
    /// A flag or file-name value that cannot be understood.
    case invalidValue(what: String, value: String, expected: String)

    public var description: String {
        switch self {
        case let .newerStore(path, unknown, writtenBy):
            let by = writtenBy.map { " (written by HipDrive \($0))" } ?? ""
            return "\(path): this store was written by a newer HipDrive\(by); it holds schema "
                + "changes this version (\(HistoryStore.softwareVersion)) does not know "
                + "(\(unknown.joined(separator: ", "))). It was not modified. Upgrade HipDrive, "
                + "or pass --store with another path."
        case let .cannotOpen(path, reason):
            return "\(path): cannot open the history store: \(reason). Check the path, or pass "
                + "--store with another one."
        case let .missingStore(path):
            return "\(path): no history store here. Run `hipdrive batch` first, or pass --store "
                + "(or set \(HistoryStore.environmentVariable)) to point at one."
        case let .storeBusy(path, waited):
            return "\(path): another hipdrive process kept the store locked for more than "
                + "\(Int(waited)) s. Wait for it to finish and run again (finished files are kept)."
        case let .manifest(path, line, reason):
            return "\(path):\(line): \(reason)"
        case let .invalidValue(what, value, expected):
            return "invalid \(what) '\(value)': expected \(expected)"
        }
    }
}
