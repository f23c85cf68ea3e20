import Foundation

/// How a timestamp cell was written.
enum TimestampKind: UInt8, Sendable {
    /// A plain number (seconds, ms, ns, epoch or elapsed: decided per column later).
    case number = 0
    /// ISO-8601 date and time without a zone: local time of an unknown zone (read as UTC).
    case isoLocal = 1
    /// ISO-8601 date and time with `Z` or an offset: an exact instant.
    case isoZoned = 2
    /// A time of day without a date (`07:15:00.125`), already in seconds since midnight: no
    /// stated unit of the column scales it, and the date stays unknown.
    case timeOfDay = 3
    /// Not a timestamp.
    case invalid = 255
}

/// Reads ISO-8601 date-times from bytes without allocating, e.g. `2020-08-13T22:11:03.298`,
/// `2020-08-13 22:11:03,298+02:00`, `2017-05-31 14:04:27.437 +0200`, and MetaWear's
/// `2019-02-20T16.06.51.419`. Hand-written for the same reason as `DecimalParser`: `DateFormatter`
/// and `ISO8601DateFormatter` cost microseconds per cell and reject half of what loggers write.
enum TimestampParser {
    /// Seconds since 1970-01-01T00:00:00Z (zone-less times are taken as UTC) and whether the
    /// text carried a zone; nil when the text is not an ISO-8601 date-time.
    static func parseISO(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (seconds: Double, zoned: Bool)? {
        var index = start
        var stop = end
        while index < stop, bytes[index] == 0x20 || bytes[index] == 0x22 { index += 1 }
        while stop > index, bytes[stop - 1] == 0x20 || bytes[stop - 1] == 0x22 || bytes[stop - 1] == 0x0D { stop -= 1 }

        func digits(_ count: Int) -> Int? {
            guard index + count <= stop else { return nil }
            var value = 0
            for i in index..<(index + count) {
                let digit = bytes[i] &- 0x30
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            index += count
            return value
        }
        func expect(_ choices: UInt8...) -> Bool {
            guard index < stop, choices.contains(bytes[index]) else { return false }
            index += 1
            return true
        }

        guard let year = digits(4), expect(0x2D), let month = digits(2), expect(0x2D),
              let day = digits(2), (1...12).contains(month), (1...31).contains(day) else { return nil }
        guard expect(0x54, 0x20, 0x74) else { return nil }                   // 'T', ' ', 't'
        guard let hour = digits(2), expect(0x3A, 0x2E), let minute = digits(2) else { return nil }
        var second = 0
        if expect(0x3A, 0x2E) { guard let s = digits(2) else { return nil }; second = s }
        guard hour < 24, minute < 60, second < 61 else { return nil }
        guard let fraction = secondsFraction(bytes, &index, stop) else { return nil }
        while index < stop, bytes[index] == 0x20 { index += 1 }
        var offsetSeconds = 0
        var zoned = false
        if index < stop {
            let sign = bytes[index]
            if sign == 0x5A || sign == 0x7A {                                 // 'Z'
                zoned = true
                index += 1
            } else if sign == 0x2B || sign == 0x2D {                          // '+' / '-'
                index += 1
                guard let offsetHours = digits(2) else { return nil }
                _ = expect(0x3A)
                let offsetMinutes = digits(2) ?? 0
                guard offsetHours <= 18, offsetMinutes < 60 else { return nil }
                offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (sign == 0x2D ? -1 : 1)
                zoned = true
            } else {
                return nil
            }
        }
        guard index == stop else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Double(days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds) + fraction
        return (seconds, zoned)
    }

    /// Seconds since midnight of a time of day without a date (`07:15:00.125`, `7:15:00,125`),
    /// as loggers that keep the date in the file name or another column write it; nil otherwise.
    /// Read as an elapsed-seconds number: the recording's date stays unknown.
    static func parseTimeOfDay(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        var index = start
        var stop = end
        while index < stop, bytes[index] == 0x20 || bytes[index] == 0x22 { index += 1 }
        while stop > index, bytes[stop - 1] == 0x20 || bytes[stop - 1] == 0x22 || bytes[stop - 1] == 0x0D { stop -= 1 }
        func number(maxDigits: Int) -> Int? {
            var value = 0, count = 0
            while index < stop, count < maxDigits, bytes[index] &- 0x30 < 10 {
                value = value * 10 + Int(bytes[index] &- 0x30)
                index += 1
                count += 1
            }
            return count > 0 ? value : nil
        }
        guard let hour = number(maxDigits: 2), index < stop, bytes[index] == 0x3A else { return nil }
        index += 1
        guard let minute = number(maxDigits: 2), index < stop, bytes[index] == 0x3A else { return nil }
        index += 1
        guard let second = number(maxDigits: 2), hour < 24, minute < 60, second < 61 else { return nil }
        guard let fraction = secondsFraction(bytes, &index, stop) else { return nil }
        guard index == stop else { return nil }
        return Double(hour * 3600 + minute * 60 + second) + fraction
    }

    /// The fraction of a second after `.` or `,` at `index` (advanced past it): 0 when none is
    /// written, nil for a separator without digits.
    static func secondsFraction(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int, _ stop: Int) -> Double? {
        guard index < stop, bytes[index] == 0x2E || bytes[index] == 0x2C else { return 0 }
        index += 1
        var fraction = 0.0, scale = 0.1
        var any = false
        while index < stop, bytes[index] &- 0x30 < 10 {
            fraction += Double(bytes[index] &- 0x30) * scale
            scale *= 0.1
            index += 1
            any = true
        }
        return any ? fraction : nil
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Convenience for tests.
    static func parseTimeOfDay(_ text: String) -> Double? {
        let utf8 = Array(text.utf8)
        return utf8.withUnsafeBufferPointer { parseTimeOfDay($0, 0, $0.count) }
    }

    /// Convenience for tests.
    static func parseISO(_ text: String) -> (seconds: Double, zoned: Bool)? {
        let utf8 = Array(text.utf8)
        return utf8.withUnsafeBufferPointer { parseISO($0, 0, $0.count) }
    }
}
