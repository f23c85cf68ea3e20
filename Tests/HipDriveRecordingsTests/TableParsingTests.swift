import Foundation
import Testing
@testable import HipDriveRecordings

@Suite struct DecimalParserTests {
    @Test func readsPlainNumbers() {
        #expect(DecimalParser.parse("0") == 0)
        #expect(DecimalParser.parse("-0.64087") == -0.64087)
        #expect(DecimalParser.parse("+12.5") == 12.5)
        #expect(DecimalParser.parse(" 3.25 ") == 3.25)
        #expect(DecimalParser.parse("\"1.5\"") == 1.5)
        #expect(DecimalParser.parse("9.806650E+00") == 9.80665)
        #expect(DecimalParser.parse("1e-3") == 0.001)
        #expect(DecimalParser.parse(".5") == 0.5)
        #expect(DecimalParser.parse("5.") == 5)
        #expect(DecimalParser.parse("1598551331653") == 1598551331653)
        #expect(DecimalParser.parse("1700000000123456789") == 1700000000123456789)
    }

    @Test func decimalCommaOnlyWhenAllowed() {
        #expect(DecimalParser.parse("0,5", decimalComma: true) == 0.5)
        #expect(DecimalParser.parse("0,5", decimalComma: false) == nil)
    }

    @Test func emptyAndNaNCellsAreMissing() {
        #expect(DecimalParser.parse("")?.isNaN == true)
        #expect(DecimalParser.parse("  ")?.isNaN == true)
        #expect(DecimalParser.parse("NaN")?.isNaN == true)
        #expect(DecimalParser.parse("nan")?.isNaN == true)
        #expect(DecimalParser.parse("-inf") == -.infinity)
    }

    @Test func rejectsText() {
        #expect(DecimalParser.parse("abc") == nil)
        #expect(DecimalParser.parse("1.2.3") == nil)
        #expect(DecimalParser.parse("1e") == nil)
        #expect(DecimalParser.parse("-") == nil)
        #expect(DecimalParser.parse("2020-08-13T22:11:03.298") == nil)
        #expect(DecimalParser.parse("12abc") == nil)
    }

    /// The fast path and the strtod fallback must both give the correctly rounded double, the
    /// same value Swift's own parser gives, for every kind of number a logger writes.
    @Test func agreesWithSwiftsParserOnRandomNumbers() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let value = Double.random(in: -1e6...1e6, using: &generator) * pow(10, Double(Int.random(in: -12...12, using: &generator)))
            for text in [String(value), String(format: "%.5f", value), String(format: "%.17g", value), String(format: "%.6E", value)] {
                #expect(DecimalParser.parse(text) == Double(text), "\(text)")
            }
        }
    }
}

@Suite struct TimestampParserTests {
    @Test func readsTimesOfDay() {
        #expect(TimestampParser.parseTimeOfDay("07:15:00.125") == 26_100.125)
        #expect(TimestampParser.parseTimeOfDay("7:15:00,5") == 26_100.5)
        #expect(TimestampParser.parseTimeOfDay("\"23:59:59\"") == 86_399)
        #expect(TimestampParser.parseTimeOfDay("24:00:00") == nil)
        #expect(TimestampParser.parseTimeOfDay("07:15") == nil)
        #expect(TimestampParser.parseTimeOfDay("2026-03-02T07:15:00") == nil)
    }

    @Test func readsISO8601Variants() throws {
        let base = try #require(TimestampParser.parseISO("2020-08-13T22:11:03.298"))
        #expect(!base.zoned)
        #expect(abs(base.seconds - 1_597_356_663.298) < 1e-6)
        let zoned = try #require(TimestampParser.parseISO("2020-08-13T22:11:03.298+02:00"))
        #expect(zoned.zoned)
        #expect(abs(zoned.seconds - (1_597_356_663.298 - 7200)) < 1e-6)
        #expect(TimestampParser.parseISO("2020-08-13T20:11:03.298Z")?.seconds == zoned.seconds)
        #expect(abs((TimestampParser.parseISO("2017-05-31 14:04:27.437 +0200")?.seconds ?? 0) - 1_496_232_267.437) < 1e-6)
        #expect(TimestampParser.parseISO("2019-02-20T16.06.51.419") != nil)            // MetaWear
        #expect(TimestampParser.parseISO("2020-08-13") == nil)
        #expect(TimestampParser.parseISO("2020-13-13T22:11:03") == nil)
        #expect(TimestampParser.parseISO("hello") == nil)
    }
}

@Suite struct DelimitedTableTests {
    func parse(_ text: String, kinds: [Int: FieldKind]) -> (TableLayout?, TableBody?) {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            guard let layout = DelimitedTable.layout(of: buffer) else { return (nil, nil) }
            return (layout, DelimitedTable.body(of: buffer, layout: layout, kinds: kinds))
        }
    }

    @Test func semicolonQuotedBOMCRLFDecimalComma() throws {
        let text = "\u{FEFF}\"Time\";\"Ax\";\"Ay\"\r\n\"2020-08-13T22:11:03.298\";0,5;-1,25\r\n\"2020-08-13T22:11:03.308\";1;2\r\n\r\n\r\n"
        let (layout, body) = parse(text, kinds: [0: .timestamp, 1: .number, 2: .number])
        let l = try #require(layout), b = try #require(body)
        #expect(l.delimiter == UInt8(ascii: ";"))
        #expect(l.header == ["Time", "Ax", "Ay"])
        #expect(l.hadByteOrderMark)
        #expect(b.rowCount == 2)
        #expect(b.columns[1] == [0.5, 1])
        #expect(b.columns[2] == [-1.25, 2])
        #expect(b.timestampKinds == [TimestampKind.isoLocal.rawValue, TimestampKind.isoLocal.rawValue])
        #expect(b.lineNumbers == [2, 3])
    }

    @Test func shortLongAndTruncatedRows() throws {
        let text = "t\tax\tay\taz\t\t\n0\t1\t2\t3\t\n10\t1\t2\n20\t1\t2\t3\t4\t5\n30\t1"
        let (layout, body) = parse(text, kinds: [0: .timestamp, 1: .number, 2: .number, 3: .number])
        let l = try #require(layout), b = try #require(body)
        #expect(l.delimiter == 0x09)
        #expect(l.fieldCount == 4)
        #expect(b.rowCount == 3)
        #expect(b.shortRows == 1)
        #expect(b.truncatedLastLine)
        #expect(b.columns[3]?[1].isNaN == true)
        #expect(b.longRows >= 1)
    }

    @Test func badCellsAreRecordedWithTheirLine() throws {
        let text = "time,ax\n0,1\n1,oops\n2,3\n"
        let (_, body) = parse(text, kinds: [0: .timestamp, 1: .number])
        let b = try #require(body)
        #expect(b.badCells[1] == 1)
        #expect(b.firstBadCell[1]?.line == 3)
        #expect(b.firstBadCell[1]?.text == "oops")
    }

    @Test func headerlessTablesAreRecognised() throws {
        let (layout, _) = parse("0,1,2,3\n1,1,2,3\n", kinds: [:])
        #expect(try #require(layout).header == nil)
    }

    /// A headerless table whose first rows end in empty cells (a gyroscope that starts late) is
    /// as wide as its full rows: `--columns gx=4` must find column 4.
    @Test func headerlessWidthIgnoresAFirstRowsEmptyEnd() throws {
        let (layout, body) = parse("0,1,2,3,,,\n1,1,2,3,,,\n2,1,2,3,4,5,6\n", kinds: [0: .timestamp, 4: .number])
        #expect(try #require(layout).fieldCount == 7)
        #expect(try #require(body).columns[4]?[2] == 4)
    }

    /// Times of day crossing midnight keep counting up (the clock wraps, the rows are in order).
    @Test func timesOfDayCrossingMidnightKeepIncreasing() throws {
        let (_, body) = parse("time,ax\n23:59:59.50,1\n23:59:59.75,1\n00:00:00.00,1\n00:00:00.25,1\n", kinds: [0: .timestamp, 1: .number])
        #expect(try #require(body).columns[0] == [86_399.5, 86_399.75, 86_400, 86_400.25])
    }

    /// A comma header over rows a decimal-comma spreadsheet saved with semicolons: the rows are
    /// read with their own delimiter (with the header's, each row was one unreadable field).
    @Test func rowsWithAnotherDelimiterThanTheHeaderAreRead() throws {
        let (layout, body) = parse("time,ax,ay\n0,00;1,5;2\n0,01;3;4,25\n", kinds: [0: .timestamp, 1: .number, 2: .number])
        let l = try #require(layout), b = try #require(body)
        #expect(l.header == ["time", "ax", "ay"])
        #expect(l.delimiter == UInt8(ascii: ";"))
        #expect(b.columns[0] == [0, 0.01])
        #expect(b.columns[2] == [2, 4.25])
    }

    /// A whitespace-aligned table with a tab after its last column is space-delimited.
    @Test func trailingTabDoesNotMakeAlignedTextTabDelimited() throws {
        let (layout, body) = parse("time ax ay\t\n0.00 1 2\t\n0.01 3 4\t\n", kinds: [0: .timestamp, 2: .number])
        let l = try #require(layout)
        #expect(l.delimiter == 0x20)
        #expect(l.header == ["time", "ax", "ay"])
        #expect(try #require(body).columns[2] == [2, 4])
    }

    @Test func headerNamesMapToRoles() {
        let roles = ColumnRoles.assign(["time", "gFx", "gFy", "gFz", "TgF"])
        #expect(roles[1] == ColumnRole(quantity: .acceleration, component: 0, unit: .standardGravity))
        #expect(roles[4] == nil)
        let phyphox = ColumnRoles.assign(["Time (s)", "Gyroscope x (rad/s)", "Gyroscope y (rad/s)", "Gyroscope z (rad/s)"])
        #expect(phyphox[1] == ColumnRole(quantity: .gyroscope, component: 0, unit: .radiansPerSecond))
        let metawear = ColumnRoles.assign(["epoch (ms)", "time (-05:00)", "elapsed (s)", "x-axis (deg/s)", "y-axis (deg/s)", "z-axis (deg/s)"])
        #expect(metawear[0]?.quantity == .time)
        #expect(metawear[1] == nil && metawear[2] == nil)
        #expect(metawear[5] == ColumnRole(quantity: .gyroscope, component: 2, unit: .degreesPerSecond))
        let sensorLog = ColumnRoles.assign(["gyroRotationX(rad/s)", "motionRotationRateX(rad/s)", "motionYaw(rad)"])
        #expect(sensorLog[0] == nil)
        #expect(sensorLog[1]?.quantity == .gyroscope)
        #expect(sensorLog[2] == nil)
    }

    /// Units written after an underscore, as hand-made exports and small loggers do.
    @Test func underscoreUnitsAreRead() {
        let roles = ColumnRoles.assign(["time_ms", "accX_g", "accY_g", "accZ_g", "gyro_x_rad_s", "gyro_y_rad_s", "gyro_z_rad_s"])
        #expect(roles[0] == ColumnRole(quantity: .time, component: 0, unit: .milliseconds))
        #expect(roles[1] == ColumnRole(quantity: .acceleration, component: 0, unit: .standardGravity))
        #expect(roles[6] == ColumnRole(quantity: .gyroscope, component: 2, unit: .radiansPerSecond))
        let metric = ColumnRoles.assign(["t_s", "acc_x_m_s2", "acc_y_ms2", "acc_z_mps2", "gyr_x_dps"])
        #expect(metric[0] == ColumnRole(quantity: .time, component: 0, unit: .seconds))
        #expect(metric[1] == ColumnRole(quantity: .acceleration, component: 0, unit: .metresPerSecondSquared))
        #expect(metric[2]?.unit == .metresPerSecondSquared && metric[3]?.unit == .metresPerSecondSquared)
        #expect(metric[4] == ColumnRole(quantity: .gyroscope, component: 0, unit: .degreesPerSecond))
        // Not units: an axis letter, Sensor Logger's seconds_elapsed.
        #expect(ColumnRoles.assign(["seconds_elapsed", "acc_x"])[1] == ColumnRole(quantity: .acceleration, component: 0, unit: nil))
        // A unit of the wrong kind states nothing (acc_x_ms is not milliseconds).
        #expect(ColumnRoles.assign(["time", "acc_x_ms"])[1] == ColumnRole(quantity: .acceleration, component: 0, unit: nil))
    }
}
