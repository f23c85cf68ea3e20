import Foundation

/// The shape of a delimited text table, read from its first lines.
struct TableLayout: Sendable {
    /// Comma, semicolon, tab or space (runs of spaces).
    var delimiter: UInt8
    /// Header field names as written (quotes and surrounding spaces removed); nil when the first
    /// line is already data.
    var header: [String]?
    /// Number of fields per row the table declares (header count, or the first data row's).
    var fieldCount: Int
    /// Byte offset where data rows start.
    var bodyOffset: Int
    /// 1-based line number of the first data row.
    var bodyLine: Int
    var hadByteOrderMark: Bool

    /// Whether numbers may use a decimal comma (only when the delimiter is not a comma).
    var decimalComma: Bool { delimiter != UInt8(ascii: ",") }

    var delimiterName: String {
        switch delimiter {
        case 0x09: return "tab"
        case 0x3B: return "semicolon"
        case 0x20: return "space"
        default: return "comma"
        }
    }
}

/// What to do with one field of every row.
enum FieldKind: UInt8 {
    case skip = 0
    /// A decimal number (NaN when empty).
    case number = 1
    /// A number or an ISO-8601 date-time (see `TimestampParser`).
    case timestamp = 2
}

/// The parsed body of a table: one array per requested column (column-major, so the cleaner
/// and DSP code can run on a column without copying).
struct TableBody: Sendable {
    /// Values per requested field index, one per row (NaN where empty, unparseable or missing).
    var columns: [Int: [Double]]
    /// How each row's timestamp was written (for the `.timestamp` field), `TimestampKind` raw values.
    var timestampKinds: [UInt8]
    /// 1-based line number of each row.
    var lineNumbers: [Int32]
    /// Rows with fewer fields than the header (their missing cells are NaN).
    var shortRows = 0
    /// Rows with more fields than the header (the extra fields are ignored).
    var longRows = 0
    /// A last line cut off mid-row (no newline and too few fields): dropped.
    var truncatedLastLine = false
    /// Cells that were not numbers, per field index.
    var badCells: [Int: Int] = [:]
    /// The first unreadable cell per field index: line and text, for error messages.
    var firstBadCell: [Int: (line: Int, text: String)] = [:]

    var rowCount: Int { lineNumbers.count }
}

/// Reads delimited text tables straight from bytes: comma, semicolon or tab; UTF-8 byte-order
/// mark; quoted fields; CRLF; decimal commas; empty and trailing lines; short, long and
/// truncated rows. Never traps on any byte sequence: every index is bounds-checked against the
/// buffer, and malformed cells become NaN with their position recorded.
enum DelimitedTable {
    /// Reads the delimiter and header from the first non-empty, non-comment line.
    ///
    /// - Returns: nil when the bytes hold no line at all (empty or whitespace only).
    static func layout(of bytes: UnsafeBufferPointer<UInt8>) -> TableLayout? {
        var offset = 0
        var hadBOM = false
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { offset = 3; hadBOM = true }
        var line = 1
        // Skip empty lines and comment lines ('#').
        while offset < bytes.count {
            let end = lineEnd(bytes, from: offset)
            if isBlank(bytes, offset, end) || bytes[offset] == 0x23 {
                offset = nextLineStart(bytes, end)
                line += 1
                continue
            }
            break
        }
        guard offset < bytes.count else { return nil }
        // Excel's delimiter hint (`sep=,`, sometimes quoted), written by some exporters above the header.
        var forcedDelimiter: UInt8?
        do {
            let end = lineEnd(bytes, from: offset)
            let first = splitFields(bytes, offset, end, delimiter: 0x00).first ?? ""
            if first.lowercased().hasPrefix("sep="), let character = first.utf8.dropFirst(4).first,
               [0x2C, 0x3B, 0x09, 0x20].contains(character) {
                forcedDelimiter = character
                offset = nextLineStart(bytes, end)
                line += 1
                while offset < bytes.count, isBlank(bytes, offset, lineEnd(bytes, from: offset)) {
                    offset = nextLineStart(bytes, lineEnd(bytes, from: offset))
                    line += 1
                }
                guard offset < bytes.count else { return nil }
            }
        }
        let headerEnd = lineEnd(bytes, from: offset)
        let delimiter = forcedDelimiter ?? detectDelimiter(bytes, offset, headerEnd)
        let fields = splitFields(bytes, offset, headerEnd, delimiter: delimiter)
        // A header has at least one field that is not a number (a headerless table starts with data).
        if isDataLine(fields, delimiter: delimiter) {
            // A headerless table's width is its widest row among the first: a first row whose
            // last cells are empty (a gyroscope that starts late) does not make the table narrower.
            var fieldCount = fields.count
            var next = nextLineStart(bytes, headerEnd)
            for _ in 0..<16 where next < bytes.count {
                let end = lineEnd(bytes, from: next)
                let row = splitFields(bytes, next, end, delimiter: delimiter)
                if isDataLine(row, delimiter: delimiter) { fieldCount = max(fieldCount, row.count) }
                next = nextLineStart(bytes, end)
            }
            return TableLayout(delimiter: delimiter, header: nil, fieldCount: fieldCount,
                               bodyOffset: offset, bodyLine: line, hadByteOrderMark: hadBOM)
        }
        if let found = headerBeforeData(bytes, from: offset, line: line, firstFieldCount: fields.count,
                                        forcedDelimiter: forcedDelimiter) {
            return TableLayout(delimiter: found.delimiter, header: found.header, fieldCount: found.header.count,
                               bodyOffset: found.bodyOffset, bodyLine: found.bodyLine, hadByteOrderMark: hadBOM)
        }
        let names = delimiter == 0x20 ? alignedNames(bytes, fields, headerStart: offset, headerEnd: headerEnd) : fields
        return TableLayout(delimiter: rowDelimiter(bytes, after: headerEnd, names: names, headerDelimiter: delimiter),
                           header: names, fieldCount: names.count,
                           bodyOffset: nextLineStart(bytes, headerEnd), bodyLine: line + 1,
                           hadByteOrderMark: hadBOM)
    }

    /// The delimiter of the rows under a header: the header's, unless the first row does not
    /// split into a data row of the header's width with it and does with its own (a header written by a
    /// program, `time,ax,…`, over rows a spreadsheet saved in a decimal-comma locale, `0,01;1,2;…`):
    /// read with the header's, every row was one unreadable field.
    static func rowDelimiter(_ bytes: UnsafeBufferPointer<UInt8>, after headerEnd: Int, names: [String],
                             headerDelimiter: UInt8) -> UInt8 {
        guard names.count >= 2, headerEnd < bytes.count else { return headerDelimiter }
        var offset = nextLineStart(bytes, headerEnd)
        while offset < bytes.count, isBlank(bytes, offset, lineEnd(bytes, from: offset)) {
            offset = nextLineStart(bytes, lineEnd(bytes, from: offset))
        }
        guard offset < bytes.count else { return headerDelimiter }
        let end = lineEnd(bytes, from: offset)
        let asHeader = splitFields(bytes, offset, end, delimiter: headerDelimiter)
        if asHeader.count == names.count && isDataLine(asHeader, delimiter: headerDelimiter) { return headerDelimiter }
        let own = detectDelimiter(bytes, offset, end)
        let row = splitFields(bytes, offset, end, delimiter: own)
        return own != headerDelimiter && row.count == names.count && isDataLine(row, delimiter: own) ? own : headerDelimiter
    }

    /// A whitespace-aligned header whose names hold single spaces (`Acc X     Acc Y`): split at
    /// runs of two or more spaces when single spaces give more names than the first data row
    /// has fields and the runs give exactly as many. Other headers are returned as they are.
    static func alignedNames(_ bytes: UnsafeBufferPointer<UInt8>, _ fields: [String], headerStart: Int, headerEnd: Int) -> [String] {
        guard headerEnd < bytes.count else { return fields }
        var offset = nextLineStart(bytes, headerEnd)
        while offset < bytes.count, isBlank(bytes, offset, lineEnd(bytes, from: offset)) {
            offset = nextLineStart(bytes, lineEnd(bytes, from: offset))
        }
        guard offset < bytes.count else { return fields }
        let data = splitFields(bytes, offset, lineEnd(bytes, from: offset), delimiter: 0x20)
        guard data.count < fields.count, isDataLine(data, delimiter: 0x20) else { return fields }
        let names = text(bytes, headerStart, headerEnd).components(separatedBy: "  ")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        return names.count == data.count ? names : fields
    }

    /// Whether a line's fields are all numbers or ISO-8601 times (a data row).
    static func isDataLine(_ fields: [String], delimiter: UInt8) -> Bool {
        let decimalComma = delimiter != UInt8(ascii: ",")
        return fields.allSatisfy { field in
            let utf8 = Array(field.utf8)
            return utf8.withUnsafeBufferPointer { buffer in
                field.isEmpty || DecimalParser.parse(buffer, 0, buffer.count, decimalComma: decimalComma) != nil
                    || TimestampParser.parseISO(buffer, 0, buffer.count) != nil
                    || TimestampParser.parseTimeOfDay(buffer, 0, buffer.count) != nil
            }
        }
    }

    /// Lines exporters put around the header that are not data: a preamble above it (device,
    /// rate, subject: `Device: MyIMU v2`) and a row of units below it (`s,m/s^2,…`). Looked for
    /// only when the first line does not have the data's field count, or when a units row
    /// follows it: the header is then the last line before the first two data rows with their
    /// field count, and a units row's units are written into its names (`ax (m/s^2)`). Nil
    /// when the first line is the header as it stands (the usual case), or no data is found
    /// within the first 64 lines.
    static func headerBeforeData(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, line startLine: Int,
                                 firstFieldCount: Int, forcedDelimiter: UInt8?)
        -> (delimiter: UInt8, header: [String], bodyOffset: Int, bodyLine: Int)? {
        var lines: [(offset: Int, line: Int, end: Int)] = []
        var offset = start, line = startLine
        while offset < bytes.count, lines.count < 64 {
            let end = lineEnd(bytes, from: offset)
            if !isBlank(bytes, offset, end) && bytes[offset] != 0x23 { lines.append((offset, line, end)) }
            offset = nextLineStart(bytes, end)
            line += 1
        }
        // The first data row that another data row with the same field count follows.
        for k in 1..<max(1, lines.count) {
            let delimiter = forcedDelimiter ?? detectDelimiter(bytes, lines[k].offset, lines[k].end)
            let fields = splitFields(bytes, lines[k].offset, lines[k].end, delimiter: delimiter)
            guard fields.count >= 2, isDataLine(fields, delimiter: delimiter) else { continue }
            if k + 1 < lines.count {
                let next = splitFields(bytes, lines[k + 1].offset, lines[k + 1].end, delimiter: delimiter)
                guard next.count == fields.count, isDataLine(next, delimiter: delimiter) else { continue }
            }
            let count = fields.count
            func fieldsOf(_ j: Int) -> [String] { splitFields(bytes, lines[j].offset, lines[j].end, delimiter: delimiter) }
            // A line above fits the data when it has the data row's field count, or more where
            // the row has empty cells at its end (`0,1,2,3,,,`: a gyroscope that starts late;
            // `splitFields` drops them).
            var written = 1, quoted = false
            if delimiter != 0x20 {
                for index in lines[k].offset..<lines[k].end {
                    if bytes[index] == 0x22 { quoted.toggle() } else if bytes[index] == delimiter && !quoted { written += 1 }
                }
            }
            func fits(_ line: [String]) -> Bool { line.count == count || (line.count > count && written >= line.count) }
            let before = fieldsOf(k - 1)
            // A units row: no number in it, and most of its cells units we know (a temperature's
            // `°C` or a counter's `counts` beside them does not make it a header).
            let unitCells = before.filter { !$0.isEmpty && ColumnUnit.parse(Self.unitText($0)) != nil }.count
            let unitsRow = fits(before) && k >= 2 && unitCells > 0
                && 2 * unitCells >= before.filter { !$0.isEmpty }.count
                && !before.contains { cell in
                    !cell.isEmpty && ColumnUnit.parse(Self.unitText(cell)) == nil && isDataLine([cell], delimiter: delimiter)
                }
            var header = before
            if unitsRow {
                let names = fieldsOf(k - 2)
                guard names.count == before.count else { return nil }
                header = zip(names, before).map { name, unit in
                    unit.isEmpty || name.contains("(") ? name : "\(name) (\(Self.unitText(unit)))"
                }
            }
            // The first line has the data's field count: it is the header as it stands (a bad
            // cell further down is the data's problem, not a sign of a preamble), unless a units
            // row sits right under it, or it names no time column while the line above the data
            // does (a preamble line that happens to have as many fields as the data).
            if firstFieldCount == count && !(unitsRow && k == 2) {
                let namesTime = { (names: [String]) in ColumnRoles.assign(names).values.contains { $0.quantity == .time } }
                if k == 1 || namesTime(splitFields(bytes, lines[0].offset, lines[0].end, delimiter: delimiter))
                    || !namesTime(header) { return nil }
            }
            guard fits(header) else { return nil }
            return (delimiter, header, lines[k].offset, lines[k].line)
        }
        return nil
    }

    /// A units-row cell as a unit: brackets dropped (`[m/s^2]`, `(ms)`), `m/(s^2)` as `m/s^2`.
    static func unitText(_ cell: String) -> String {
        var text = cell.trimmingCharacters(in: CharacterSet(charactersIn: "()[] "))
        text = text.replacingOccurrences(of: "(", with: "").replacingOccurrences(of: ")", with: "")
        return text
    }

    /// Parses every data row, converting only the fields named in `kinds` (index → kind).
    static func body(of bytes: UnsafeBufferPointer<UInt8>, layout: TableLayout,
                     kinds: [Int: FieldKind]) -> TableBody {
        let fieldCount = layout.fieldCount
        var kindOfField = [UInt8](repeating: 0, count: max(fieldCount, 1))
        var slotOfField = [Int](repeating: -1, count: max(fieldCount, 1))
        var fieldOfSlot: [Int] = []
        var timestampSlot = -1
        for (field, kind) in kinds.sorted(by: { $0.key < $1.key }) where field >= 0 && field < fieldCount && kind != .skip {
            kindOfField[field] = kind.rawValue
            slotOfField[field] = fieldOfSlot.count
            if kind == .timestamp { timestampSlot = fieldOfSlot.count }
            fieldOfSlot.append(field)
        }
        let slotCount = fieldOfSlot.count
        let estimatedRows = max(16, (bytes.count - layout.bodyOffset) / max(8, fieldCount * 6))
        var values = [[Double]](repeating: [], count: slotCount)
        for slot in 0..<slotCount { values[slot].reserveCapacity(estimatedRows) }
        var timestampKinds: [UInt8] = []
        var lineNumbers: [Int32] = []
        lineNumbers.reserveCapacity(estimatedRows)
        var rowValues = [Double](repeating: .nan, count: slotCount)
        var result = TableBody(columns: [:], timestampKinds: [], lineNumbers: [])
        let delimiter = layout.delimiter
        let collapsesSpaces = delimiter == 0x20
        let decimalComma = layout.decimalComma
        let count = bytes.count
        var offset = layout.bodyOffset
        var line = layout.bodyLine
        // Times of day restart at 0 after midnight: a step back of more than half a day between
        // rows is the clock's wrap, not rows out of order (a logger's reordering is seconds), so
        // the following times are read on the next day.
        var dayOffset = 0.0
        var lastTimeOfDay = -Double.infinity

        while offset < count {
            // One row.
            var field = 0
            var position = offset
            var rowKind = TimestampKind.invalid.rawValue
            var sawContent = false
            var endedWithNewline = false
            for slot in 0..<slotCount { rowValues[slot] = .nan }
            while true {
                if collapsesSpaces {
                    // Whitespace-aligned text: a run of spaces is one delimiter, and spaces at the
                    // start or end of a line are none.
                    while position < count && bytes[position] == 0x20 { position += 1 }
                    if field > 0 && (position >= count || bytes[position] == 0x0A || bytes[position] == 0x0D) {
                        if position < count && bytes[position] == 0x0D { position += 1 }
                        if position < count && bytes[position] == 0x0A { endedWithNewline = true; position += 1 }
                        break
                    }
                }
                // One field: [fieldStart, fieldEnd).
                var fieldStart = position
                var fieldEnd = position
                if position < count && bytes[position] == 0x22 {
                    // Quoted field: runs to the closing quote ("" is an escaped quote).
                    position += 1
                    fieldStart = position
                    while position < count {
                        if bytes[position] == 0x22 {
                            if position + 1 < count && bytes[position + 1] == 0x22 { position += 2; continue }
                            break
                        }
                        if bytes[position] == 0x0A { break }       // unterminated quote: stop at the line end
                        position += 1
                    }
                    fieldEnd = position
                    if position < count && bytes[position] == 0x22 { position += 1 }
                    while position < count && bytes[position] != delimiter && bytes[position] != 0x0A { position += 1 }
                } else {
                    while position < count {
                        let byte = bytes[position]
                        if byte == delimiter || byte == 0x0A { break }
                        position += 1
                    }
                    fieldEnd = position
                }
                if fieldEnd > fieldStart { sawContent = sawContent || !isBlank(bytes, fieldStart, fieldEnd) }
                if field < fieldCount {
                    let kind = kindOfField[field]
                    if kind != 0 {
                        let slot = slotOfField[field]
                        if let value = DecimalParser.parse(bytes, fieldStart, fieldEnd, decimalComma: decimalComma) {
                            rowValues[slot] = value
                            if kind == FieldKind.timestamp.rawValue && !value.isNaN { rowKind = TimestampKind.number.rawValue }
                        } else if kind == FieldKind.timestamp.rawValue,
                                  let parsed = TimestampParser.parseISO(bytes, fieldStart, fieldEnd) {
                            rowValues[slot] = parsed.seconds
                            rowKind = parsed.zoned ? TimestampKind.isoZoned.rawValue : TimestampKind.isoLocal.rawValue
                        } else if kind == FieldKind.timestamp.rawValue,
                                  var seconds = TimestampParser.parseTimeOfDay(bytes, fieldStart, fieldEnd) {
                            seconds += dayOffset
                            if seconds < lastTimeOfDay - 43_200 { dayOffset += 86_400; seconds += 86_400 }
                            lastTimeOfDay = seconds
                            rowValues[slot] = seconds
                            rowKind = TimestampKind.timeOfDay.rawValue
                        } else {
                            result.badCells[field, default: 0] += 1
                            if result.firstBadCell[field] == nil {
                                result.firstBadCell[field] = (line, text(bytes, fieldStart, min(fieldEnd, fieldStart + 40)))
                            }
                        }
                    }
                }
                field += 1
                if position >= count { break }
                if bytes[position] == 0x0A { endedWithNewline = true; position += 1; break }
                position += 1                                    // the delimiter
            }
            offset = position
            defer { line += 1 }
            if !sawContent { continue }                          // empty line (or only delimiters)
            if field < fieldCount {
                if !endedWithNewline && offset >= count {
                    result.truncatedLastLine = true
                    continue
                }
                result.shortRows += 1
            } else if field > fieldCount {
                // Trailing delimiters with nothing after them are not extra fields.
                result.longRows += 1
            }
            for slot in 0..<slotCount { values[slot].append(rowValues[slot]) }
            if timestampSlot >= 0 { timestampKinds.append(rowKind) }
            lineNumbers.append(Int32(truncatingIfNeeded: line))
        }
        for slot in 0..<slotCount { result.columns[fieldOfSlot[slot]] = values[slot] }
        result.timestampKinds = timestampKinds
        result.lineNumbers = lineNumbers
        return result
    }

    // MARK: Helpers

    static func lineEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while index < bytes.count && bytes[index] != 0x0A { index += 1 }
        return index
    }

    static func nextLineStart(_ bytes: UnsafeBufferPointer<UInt8>, _ end: Int) -> Int {
        min(end + 1, bytes.count)
    }

    static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte != 0x20 && byte != 0x0D && byte != 0x09 && byte != 0x3B && byte != 0x2C { return false }
            index += 1
        }
        return true
    }

    /// Tab if the line has one outside quotes, else semicolon, else comma.
    static func detectDelimiter(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt8 {
        var tabs = 0, semicolons = 0, commas = 0
        var quoted = false
        var index = start
        // Whitespace at the ends of a line separates nothing: a whitespace-aligned export with a
        // tab after its last column (`time ax ay az<TAB>`) is space-delimited, not one tab field.
        var end = end
        while index < end, bytes[index] == 0x09 || bytes[index] == 0x20 { index += 1 }
        while end > index, bytes[end - 1] == 0x09 || bytes[end - 1] == 0x20 || bytes[end - 1] == 0x0D { end -= 1 }
        let contentStart = index
        while index < end {
            switch bytes[index] {
            case 0x22: quoted.toggle()
            case 0x09 where !quoted: tabs += 1
            case 0x3B where !quoted: semicolons += 1
            case 0x2C where !quoted: commas += 1
            default: break
            }
            index += 1
        }
        if tabs > 0 { return 0x09 }
        if semicolons > 0 { return 0x3B }
        if commas > 0 { return 0x2C }
        // Whitespace-aligned text (MATLAB, R and logger .txt exports): spaces between fields.
        let words = text(bytes, contentStart, end).split(whereSeparator: { $0 == " " || $0 == "\t" })
        return words.count >= 2 ? 0x20 : 0x2C
    }

    /// Splits one line into trimmed, unquoted fields (header lines; not the hot path).
    static func splitFields(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
                            delimiter: UInt8) -> [String] {
        var fields: [String] = []
        var current: [UInt8] = []
        var quoted = false
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte == 0x22 {
                if quoted && index + 1 < end && bytes[index + 1] == 0x22 { current.append(0x22); index += 2; continue }
                quoted.toggle()
            } else if byte == delimiter && !quoted {
                fields.append(String(decoding: current, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
                current.removeAll(keepingCapacity: true)
            } else if byte != 0x0D {
                current.append(byte)
            }
            index += 1
        }
        fields.append(String(decoding: current, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        // Runs of spaces separate one pair of fields in whitespace-aligned text.
        if delimiter == 0x20 { fields.removeAll { $0.isEmpty } }
        // Trailing delimiters (tab-separated loggers) leave empty names at the end: drop them.
        while fields.count > 1, fields.last?.isEmpty == true { fields.removeLast() }
        return fields
    }

    static func text(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        guard start < end else { return "" }
        let slice = UnsafeBufferPointer(rebasing: bytes[start..<end])
        return String(decoding: slice, as: UTF8.self)
    }
}
