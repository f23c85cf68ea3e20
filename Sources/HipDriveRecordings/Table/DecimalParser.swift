import Foundation

/// Reads decimal numbers straight from bytes.
///
/// Why hand-written: `Double(String)` needs a `String` per field (an allocation and UTF-8
/// validation per cell) and `strtod` needs a NUL-terminated copy and honours the C locale; on
/// numeric tables both spend most of the time outside the numbers. This parser reads the digits
/// in place and takes Clinger's exact fast path (an integer mantissa of at most 15 significant
/// digits times or divided by an exactly representable power of ten is correctly rounded, because
/// both operands are exact doubles and IEEE multiplication/division round once). Anything else
/// (more digits, large exponents) falls back to `strtod` on a copy, which is correctly rounded, so
/// the result is always the nearest double. A decimal comma is accepted when the table's
/// delimiter is not a comma (European locales).
enum DecimalParser {
    /// 10^exponent for 0 ≤ exponent ≤ 22 (every one an exact double). A switch rather than a
    /// global array: no lazy-initialisation check or reference counting in the hot loop.
    @inline(__always)
    static func powerOfTen(_ exponent: Int) -> Double {
        switch exponent {
        case 0: return 1e0
        case 1: return 1e1
        case 2: return 1e2
        case 3: return 1e3
        case 4: return 1e4
        case 5: return 1e5
        case 6: return 1e6
        case 7: return 1e7
        case 8: return 1e8
        case 9: return 1e9
        case 10: return 1e10
        case 11: return 1e11
        case 12: return 1e12
        case 13: return 1e13
        case 14: return 1e14
        case 15: return 1e15
        case 16: return 1e16
        case 17: return 1e17
        case 18: return 1e18
        case 19: return 1e19
        case 20: return 1e20
        case 21: return 1e21
        default: return 1e22
        }
    }

    /// Parses `bytes[start..<end]` as a decimal number.
    ///
    /// - Returns: the value; `.nan` for an empty cell or a NaN token; nil when the text is not a
    ///   number (so that the caller can try a timestamp or report the cell).
    @inline(__always)
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
                      decimalComma: Bool) -> Double? {
        var index = start
        var stop = end
        // Trim spaces and quotes around the number.
        while index < stop, bytes[index] == 0x20 || bytes[index] == 0x22 || bytes[index] == 0x09 { index += 1 }
        while stop > index, bytes[stop - 1] == 0x20 || bytes[stop - 1] == 0x22 || bytes[stop - 1] == 0x09 || bytes[stop - 1] == 0x0D { stop -= 1 }
        if index == stop { return .nan }
        var negative = false
        if bytes[index] == 0x2D { negative = true; index += 1 }        // '-'
        else if bytes[index] == 0x2B { index += 1 }                    // '+'
        if index == stop { return nil }

        // Digits before and after the point go into one integer mantissa; two tight loops
        // (no per-digit state tests) keep the common case branch-predictable.
        var mantissa: UInt64 = 0
        var digitCount = 0
        var exponent = 0
        let integerStart = index
        while index < stop {
            let digit = bytes[index] &- 0x30
            if digit >= 10 { break }
            mantissa = mantissa &* 10 &+ UInt64(digit)
            index += 1
        }
        digitCount = index - integerStart
        if index < stop, bytes[index] == 0x2E || (decimalComma && bytes[index] == 0x2C) {
            index += 1
            let fractionStart = index
            while index < stop {
                let digit = bytes[index] &- 0x30
                if digit >= 10 { break }
                mantissa = mantissa &* 10 &+ UInt64(digit)
                index += 1
            }
            digitCount += index - fractionStart
            exponent = fractionStart - index
        }
        if digitCount == 0 {
            return parseSpecial(bytes, index, stop, negative: negative)
        }
        if index < stop {
            let byte = bytes[index]
            guard byte == 0x65 || byte == 0x45 else { return nil }       // 'e' / 'E'
            index += 1
            var exponentNegative = false
            if index < stop, bytes[index] == 0x2D { exponentNegative = true; index += 1 }
            else if index < stop, bytes[index] == 0x2B { index += 1 }
            guard index < stop else { return nil }
            var written = 0
            while index < stop, bytes[index] &- 0x30 < 10 {
                if written < 100_000 { written = written * 10 + Int(bytes[index] &- 0x30) }
                index += 1
            }
            guard index == stop else { return nil }
            exponent += exponentNegative ? -written : written
        }
        // More than 19 digits may have overflowed the mantissa: the slow path reads them all.
        if digitCount > 19 { return slowPath(bytes, start, end, decimalComma: decimalComma) }
        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        if mantissa <= 1 << 53 && exponent >= -22 && exponent <= 22 {
            let value = Double(mantissa)
            let result = exponent >= 0 ? value * powerOfTen(exponent) : value / powerOfTen(-exponent)
            return negative ? -result : result
        }
        return slowPath(bytes, start, end, decimalComma: decimalComma)
    }

    /// NaN, inf and friends; anything else is not a number.
    private static func parseSpecial(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ stop: Int,
                                     negative: Bool) -> Double? {
        let length = stop - start
        guard length >= 3 && length <= 8 else { return nil }
        var word: UInt64 = 0
        for i in start..<stop { word = word << 8 | UInt64(bytes[i] | 0x20) }   // lowercase
        switch word {
        case 0x6E_61_6E: return .nan                                         // "nan"
        case 0x69_6E_66, 0x69_6E_66_69_6E_69_74_79:                          // "inf", "infinity"
            return negative ? -.infinity : .infinity
        default: return nil
        }
    }

    /// Correctly rounded conversion through `strtod` for the rare long or extreme numbers.
    private static func slowPath(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
                                 decimalComma: Bool) -> Double? {
        var text = [CChar]()
        text.reserveCapacity(end - start + 1)
        for i in start..<end {
            var byte = bytes[i]
            if byte == 0x22 || byte == 0x20 || byte == 0x0D || byte == 0x09 { continue }
            if decimalComma && byte == 0x2C { byte = 0x2E }
            text.append(CChar(bitPattern: byte))
        }
        text.append(0)
        return text.withUnsafeBufferPointer { buffer -> Double? in
            guard let base = buffer.baseAddress else { return nil }
            var endPointer: UnsafeMutablePointer<CChar>?
            let value = strtod(base, &endPointer)
            guard let endPointer, endPointer - UnsafeMutablePointer(mutating: base) == buffer.count - 1 else { return nil }
            return value
        }
    }

    /// Convenience for tests and small inputs.
    static func parse(_ text: String, decimalComma: Bool = false) -> Double? {
        var utf8 = Array(text.utf8)
        if utf8.isEmpty { utf8 = [] }
        return utf8.withUnsafeBufferPointer { parse($0, 0, $0.count, decimalComma: decimalComma) }
    }
}
