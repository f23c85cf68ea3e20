import Foundation
import HipDriveAnalysis

/// A manifest: a CSV with a header naming some of the columns
/// `path,athlete,date,exercise,mass_kg,band,placement,bell_sensor_offset_m` (any order; extra
/// columns ignored). `placement` takes `handle` (a bell sensor strapped to the handle, the
/// default for a bell) or `bell-centre` (at the bell's centre of mass) besides bell, wrist, hips;
/// `bell_sensor_offset_m` is a handle sensor's distance from the bell's centre of mass, m.
/// `path` is required and relative to the manifest's folder (or absolute). Empty cells mean
/// "not given here". Quoted cells (RFC 4180) and a UTF-8 byte-order mark are accepted.
public struct Manifest: Sendable {
    public struct Row: Sendable, Equatable {
        /// 1-based line number in the manifest (for messages).
        public var line: Int
        public var url: URL
        public var path: String
        public var athlete: String?
        public var date: Date?
        public var exercise: Exercise?
        public var massKg: Double?
        public var band: String?
        public var placement: String?
        /// A handle sensor's distance from the bell's centre of mass, m (`bell_sensor_offset_m`).
        public var bellSensorOffsetM: Double?
    }

    public var path: String
    public var rows: [Row]
    /// Rows that could not be used, each naming its line; the batch lists them as failures.
    public var problems: [HistoryError]

    /// Reads a manifest. Throws only when the file cannot be read or has no `path` column; bad
    /// rows become `problems`.
    public init(contentsOf url: URL) throws {
        path = url.path
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw HistoryError.manifest(path: url.path, line: 1, reason: "cannot read the manifest: \(error.localizedDescription)")
        }
        let records = Self.parseCSV(text)
        guard let header = records.first else {
            throw HistoryError.manifest(path: url.path, line: 1, reason: "empty manifest: expected a header with at least a `path` column")
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let pathColumn = names.firstIndex(of: "path") else {
            throw HistoryError.manifest(path: url.path, line: header.line,
                                        reason: "no `path` column in the header (found: \(names.joined(separator: ", ")))")
        }
        func column(_ name: String) -> Int? { names.firstIndex(of: name) }
        let base = url.deletingLastPathComponent()
        var rows: [Row] = []
        var problems: [HistoryError] = []
        for record in records.dropFirst() {
            func cell(_ index: Int?) -> String? {
                guard let index, index < record.fields.count else { return nil }
                let v = record.fields[index].trimmingCharacters(in: .whitespaces)
                return v.isEmpty ? nil : v
            }
            if record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            func fail(_ reason: String) {
                problems.append(.manifest(path: url.path, line: record.line, reason: reason))
            }
            guard let relative = cell(pathColumn) else { fail("empty path"); continue }
            let fileURL = relative.hasPrefix("/") ? URL(fileURLWithPath: relative)
                : base.appendingPathComponent(relative)
            guard FileManager.default.fileExists(atPath: fileURL.path) else {
                fail("'\(relative)' does not exist (paths are relative to the manifest's folder)"); continue
            }
            var row = Row(line: record.line, url: fileURL.standardizedFileURL, path: relative)
            row.athlete = cell(column("athlete"))
            if let text = cell(column("date")) {
                guard let d = MetadataParsing.date(text) else {
                    fail("date '\(text)' not understood: use 2026-03-02 or 2026-03-02T07:15:00Z"); continue
                }
                row.date = d
            }
            if let text = cell(column("exercise")) {
                guard let e = MetadataParsing.exercise(text) else {
                    fail("unknown exercise '\(text)': use one of \(Exercise.allCases.map(\.rawValue).joined(separator: ", "))"); continue
                }
                row.exercise = e
            }
            if let text = cell(column("mass_kg") ?? column("mass")) {
                guard let m = MetadataParsing.massKg(text) else {
                    fail("mass '\(text)' not understood: give kilograms, e.g. 24"); continue
                }
                row.massKg = m
            }
            if let text = cell(column("band")) {
                guard MetadataParsing.band(text) != nil else {
                    fail("band '\(text)' not understood: use k=300N/m[,slack=0.2m] or 150N@0.45m"); continue
                }
                row.band = text
            }
            row.placement = cell(column("placement"))
            if let text = cell(column("bell_sensor_offset_m")) {
                guard let offset = Double(text), offset >= 0, offset <= BellSensorMount.largestOffsetM else {
                    fail("bell_sensor_offset_m '\(text)' not understood: give metres from the sensor to the bell's centre of mass, "
                         + "0 to \(BellSensorMount.largestOffsetM) (e.g. 0.14)"); continue
                }
                row.bellSensorOffsetM = offset
            }
            rows.append(row)
        }
        self.rows = rows
        self.problems = problems
    }

    struct Record { var line: Int; var fields: [String] }

    /// Minimal RFC 4180 reader: commas, double-quoted cells with "" escapes and embedded
    /// newlines, CRLF or LF, a leading BOM.
    static func parseCSV(_ text: String) -> [Record] {
        var records: [Record] = []
        var field = ""
        var fields: [String] = []
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var chars = Array(text.unicodeScalars)
        if chars.first == "\u{FEFF}" { chars.removeFirst() }
        var i = 0
        func endRecord() {
            fields.append(field)
            field = ""
            records.append(Record(line: recordLine, fields: fields))
            fields = []
        }
        while i < chars.count {
            let c = chars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < chars.count && chars[i + 1] == "\"" { field.unicodeScalars.append("\""); i += 1 } else { inQuotes = false }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" {
                inQuotes = true
            } else if c == "," {
                fields.append(field); field = ""
            } else if c == "\r" {
                // swallowed; "\n" ends the record
            } else if c == "\n" {
                endRecord(); line += 1; recordLine = line
            } else {
                field.unicodeScalars.append(c)
            }
            i += 1
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }
}
