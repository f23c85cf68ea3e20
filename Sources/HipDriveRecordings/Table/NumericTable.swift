import Foundation

/// A delimited text table read into numeric columns, without interpreting what they hold.
///
/// The same byte-level parser the recording readers use (delimiter, byte-order mark, quotes,
/// CRLF, decimal commas, short and truncated rows), exposed for tools that need raw columns
/// (a manifest, a custom export) and for the parsing benchmark.
///
/// ```swift
/// let table = try NumericTable(data: Data(contentsOf: url), name: url.path)
/// print(table.header, table.rowCount)
/// ```
public struct NumericTable: Sendable {
    /// Header names (or "column N" for a headerless table).
    public var header: [String]
    /// One array per column, `rowCount` values each: numbers as written, ISO-8601 date-times as
    /// seconds since 1970 (zone-less ones read as UTC), NaN where a cell is empty or unreadable.
    public var columns: [[Double]]
    public var rowCount: Int

    /// Parses `data`.
    /// - Throws: `RecordingError` when the bytes are empty or not a text table.
    public init(data: Data, name: String) throws {
        if data.isEmpty { throw RecordingError.empty(file: name) }
        if let reason = TableReader.binaryReason(data) { throw RecordingError.notATable(file: name, reason: reason) }
        let parsed: (TableLayout, TableBody)? = data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard let layout = DelimitedTable.layout(of: bytes) else { return nil }
            var kinds: [Int: FieldKind] = [:]
            for field in 0..<layout.fieldCount { kinds[field] = .timestamp }
            return (layout, DelimitedTable.body(of: bytes, layout: layout, kinds: kinds))
        }
        guard let (layout, body) = parsed else { throw RecordingError.empty(file: name) }
        header = layout.header ?? (0..<layout.fieldCount).map { "column \($0)" }
        columns = (0..<layout.fieldCount).map { body.columns[$0] ?? [] }
        rowCount = body.rowCount
    }
}
