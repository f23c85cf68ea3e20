import Foundation
import Testing
@testable import HipDriveRecordings

/// Every fixture holds the same motion (see Fixtures/make_fixtures.py): 1.5 s still with the
/// sensor's z axis up, a 90° roll about the sensor's x axis at π/3 rad/s, 1.5 s still.
@Suite struct FormatTests {
    static let g = ColumnUnit.standardGravityValue

    /// Checks what every format must give: SI units, the roll seen by the gyroscope (when there
    /// is one), and the world frame (gravity removed, z up) before and after the roll.
    func checkKnownMotion(_ recording: Recording, format: String, rate: Double, gyroscope: Bool = true,
                          method: OrientationMethod, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(recording.format == format, sourceLocation: sourceLocation)
        let trace = try #require(recording.motion, sourceLocation: sourceLocation)
        #expect(abs(trace.sampleRate - rate) < 0.02 * rate, "rate \(trace.sampleRate)", sourceLocation: sourceLocation)
        #expect(abs(trace.duration - 4.5) < 0.1, sourceLocation: sourceLocation)
        #expect(abs(restingForce(trace) - Self.g) < 0.05, "resting force \(restingForce(trace))", sourceLocation: sourceLocation)
        #expect(trace.orientationMethod == method, sourceLocation: sourceLocation)
        #expect(trace.quality.hasGyroscope == gyroscope, sourceLocation: sourceLocation)
        if gyroscope, let omega = trace.angularVelocity {
            let middle = Int(2.25 * trace.sampleRate)
            #expect(abs(omega.x[middle] - .pi / 3) < 0.01, "gyro \(omega.x[middle]) rad/s", sourceLocation: sourceLocation)
        }
        // Still before and after the roll: no linear acceleration in the world frame.
        for time in [0.5, 1.0, 3.6, 4.2] {
            let i = Int(time * trace.sampleRate)
            let a = trace.linearAcceleration[i]
            #expect(a.length < (method == .accelerometerOnly ? 0.5 : 0.15), "linear acceleration \(a) at \(time) s", sourceLocation: sourceLocation)
            let world = trace.orientation[i].rotate(trace.specificForce[i])
            #expect(abs(world.z - Self.g) < (method == .accelerometerOnly ? 0.5 : 0.15), sourceLocation: sourceLocation)
        }
    }

    /// Unit-less headers that look like a known logger's take their units from the values, not
    /// from the look-alike's documented units: the kettlebell loggers' `time,gx,…,az` written in
    /// m/s² and rad/s, and phyphox-like words (`accelerometer_x`, `gyroscope_x`) written in g and
    /// deg/s (before: read 9.8× and 57× off, and as phyphox).
    @Test func lookAlikeHeadersTakeTheirUnitsFromTheValues() throws {
        let rows = try RewrittenLog.rows()
        let g = 9.80665, degree = Double.pi / 180
        func table(_ header: String, _ row: ([Double]) -> [Double]) -> String {
            ([header] + rows.map { r in row(r).map { String(format: "%.6f", $0) }.joined(separator: ",") }).joined(separator: "\n")
        }
        // Log columns: time (ms), Gx, Gy, Gz (deg/s), Ax, Ay, Az (g).
        let si = table("time,gx,gy,gz,ax,ay,az") { r in [r[0] / 1000] + r[1...3].map { $0 * degree } + r[4...6].map { $0 * g } }
        let words = table("time,accelerometer_x,accelerometer_y,accelerometer_z,gyroscope_x,gyroscope_y,gyroscope_z") { r in
            [r[0] / 1000] + Array(r[4...6]) + Array(r[1...3])
        }
        let reference = try RewrittenLog.reference()
        for (name, text) in [("si.csv", si), ("words.csv", words)] {
            let recording = try RecordingReader.read(try TestPaths.temporaryFile(name, text: text))
            let trace = try #require(recording.motion)
            #expect(recording.format != "phyphox", "\(name)")
            try reference.expectSameRecording(trace, name, checkDuration: false)
        }
    }

    /// What other exporters put around the numbers: a preamble above the header, Excel's `sep=`
    /// line with a units row under the header (Shimmer's calibrated export), whitespace-aligned
    /// columns, times of day without a date, milli-g. Each reads as the same recording.
    @Test func exporterLayoutsReadAsTheSameRecording() throws {
        let rows = try RewrittenLog.rows()
        let g = 9.80665
        // Log columns: time (ms), Gx, Gy, Gz (deg/s), Ax, Ay, Az (g).
        func lines(_ separator: String, _ row: ([Double]) -> [String]) -> [String] {
            rows.map { row($0).joined(separator: separator) }
        }
        func f(_ v: Double) -> String { String(format: "%.5f", v) }
        func clock(_ ms: Double) -> String {
            let t = 7 * 3600 + 15 * 60 + ms / 1000
            return String(format: "%02d:%02d:%06.3f", Int(t) / 3600, Int(t) / 60 % 60, t.truncatingRemainder(dividingBy: 60))
        }
        let variants: [(String, [String])] = [
            ("preamble.csv", ["Device: logger v2", "Sampling rate: 50 Hz", "", "time (ms),ax (g),ay (g),az (g),gx (deg/s),gy (deg/s),gz (deg/s)"]
                + lines(",") { r in [f(r[0])] + r[4...6].map(f) + r[1...3].map(f) }),
            ("shimmer.csv", ["\"sep=,\"",
                             "Shimmer_A1B2_Timestamp_Unix_CAL,Shimmer_A1B2_Accel_LN_X_CAL,Shimmer_A1B2_Accel_LN_Y_CAL,Shimmer_A1B2_Accel_LN_Z_CAL,Shimmer_A1B2_Gyro_X_CAL,Shimmer_A1B2_Gyro_Y_CAL,Shimmer_A1B2_Gyro_Z_CAL",
                             "ms,m/(s^2),m/(s^2),m/(s^2),deg/s,deg/s,deg/s"]
                + lines(",") { r in [f(1.7e12 + r[0])] + r[4...6].map { f($0 * g) } + r[1...3].map(f) }),
            ("aligned.txt", ["  time        ax        ay        az        gx        gy        gz  "]
                + lines("  ") { r in [String(format: "%9.3f", r[0] / 1000)] + r[4...6].map(f) + r[1...3].map(f) }.map { "  " + $0 + "  " }),
            ("clock.csv", ["time,ax,ay,az,gx,gy,gz"] + lines(",") { r in [clock(r[0])] + r[4...6].map(f) + r[1...3].map(f) }),
            ("milli-g.csv", ["time_ms,acc_x_mg,acc_y_mg,acc_z_mg,gyro_x_dps,gyro_y_dps,gyro_z_dps"]
                + lines(",") { r in [f(r[0])] + r[4...6].map { f($0 * 1000) } + r[1...3].map(f) }),
            // A German export: "Zeit" for time, semicolons and decimal commas.
            ("zeit.csv", ["Zeit (ms);Ax (g);Ay (g);Az (g);Gx (deg/s);Gy (deg/s);Gz (deg/s)"]
                + lines(";") { r in ([f(r[0])] + r[4...6].map(f) + r[1...3].map(f)).map { $0.replacingOccurrences(of: ".", with: ",") } }),
            // A time column named for its unit.
            ("seconds.csv", ["seconds,ax,ay,az,gx,gy,gz"] + lines(",") { r in [f(r[0] / 1000)] + r[4...6].map(f) + r[1...3].map(f) }),
            ("relative.csv", ["relative_time,AccX,AccY,AccZ,GyrX,GyrY,GyrZ"] + lines(",") { r in [f(r[0] / 1000)] + r[4...6].map(f) + r[1...3].map(f) }),
            // phyphox in the phone's language (German, Spanish).
            ("beschleunigung.csv", ["\"Zeit (s)\",\"Beschleunigung x (m/s^2)\",\"Beschleunigung y (m/s^2)\",\"Beschleunigung z (m/s^2)\",\"Gyroskop x (rad/s)\",\"Gyroskop y (rad/s)\",\"Gyroskop z (rad/s)\""]
                + lines(",") { r in [f(r[0] / 1000)] + r[4...6].map { f($0 * g) } + r[1...3].map { f($0 * Double.pi / 180) } }),
            ("aceleracion.csv", ["\"Tiempo (s)\",\"Aceleración x (m/s^2)\",\"Aceleración y (m/s^2)\",\"Aceleración z (m/s^2)\",\"Giroscopio x (rad/s)\",\"Giroscopio y (rad/s)\",\"Giroscopio z (rad/s)\""]
                + lines(",") { r in [f(r[0] / 1000)] + r[4...6].map { f($0 * g) } + r[1...3].map { f($0 * Double.pi / 180) } }),
        ]
        let reference = try RewrittenLog.reference()
        for (name, text) in variants {
            let recording = try RecordingReader.read(try TestPaths.temporaryFile(name, text: text.joined(separator: "\r\n")))
            let trace = try #require(recording.motion, "\(name)")
            try reference.expectSameRecording(trace, name)
        }
    }

    /// Layouts users' files have that the exporter layouts above do not cover, each of which
    /// read wrongly or not at all before: a tab after the last column of a whitespace-aligned
    /// export, a preamble line with as many fields as the data, a units row with a unit we do
    /// not know under a preamble, times of day crossing midnight, milli-g under a stated "(g)",
    /// whitespace-aligned names that hold single spaces, and a preamble over first rows whose
    /// gyroscope cells are still empty.
    @Test func userLayoutsReadAsTheSameRecording() throws {
        let rows = try RewrittenLog.rows()
        // Log columns: time (ms), Gx, Gy, Gz (deg/s), Ax, Ay, Az (g).
        func f(_ v: Double) -> String { String(format: "%.5f", v) }
        func lines(_ separator: String, time: (Double) -> String = { f($0 / 1000) }, accelerationScale: Double = 1,
                   extra: [String] = []) -> [String] {
            rows.map { r in ([time(r[0])] + r[4...6].map { f($0 * accelerationScale) } + r[1...3].map(f) + extra).joined(separator: separator) }
        }
        func clock(_ ms: Double) -> String {
            let t = (23 * 3600 + 59 * 60 + 30 + ms / 1000).truncatingRemainder(dividingBy: 86_400)
            return String(format: "%02d:%02d:%06.3f", Int(t) / 3600, Int(t) / 60 % 60, t.truncatingRemainder(dividingBy: 60))
        }
        let variants: [(String, [String])] = [
            ("trailing-tab.txt", ["time ax ay az gx gy gz\t"] + lines(" ").map { $0 + "\t" }),
            ("preamble-same-count.csv", ["Device,MyIMU,Rate,50 Hz,Subject,A,Notes",
                                         "time (s),ax (g),ay (g),az (g),gx (deg/s),gy (deg/s),gz (deg/s)"] + lines(",")),
            ("units-row-unknown-unit.csv", ["Device: logger v2", "time,ax,ay,az,gx,gy,gz,temp", "s,g,g,g,deg/s,deg/s,deg/s,°C"]
                + lines(",", extra: ["21.5"])),
            ("midnight.csv", ["time,ax,ay,az,gx,gy,gz"] + lines(",", time: clock)),
            ("milli-g-stated-g.csv", ["time (s),ax (g),ay (g),az (g),gx (deg/s),gy (deg/s),gz (deg/s)"]
                + lines(",", accelerationScale: 1000)),
            ("aligned-names.txt", ["Time      Acc X     Acc Y     Acc Z     Gyro X    Gyro Y    Gyro Z"] + lines("  ")),
            ("preamble-late-gyroscope.csv", ["Device: logger v2", "time (s),ax (g),ay (g),az (g),gx (deg/s),gy (deg/s),gz (deg/s)"]
                + (1...5).reversed().map { i in ([f(rows[0][0] / 1000 - 0.02 * Double(i))] + rows[0][4...6].map(f)).joined(separator: ",") + ",,," }
                + lines(",")),
        ]
        let reference = try RewrittenLog.reference()
        for (name, text) in variants {
            let file = try TestPaths.temporaryFile(name, text: text.joined(separator: "\n"))
            // Each layout on its own: one that fails to read does not hide the others.
            guard let trace = try? RecordingReader.read(file).motion else {
                Issue.record("\(name) was not read")
                continue
            }
            try reference.expectSameRecording(trace, name)
        }
    }

    @Test func physicsToolbox() throws {
        let recording = try RecordingReader.read(TestPaths.fixture("physics_toolbox.csv"))
        try checkKnownMotion(recording, format: "Physics Toolbox Sensor Suite", rate: 100, gyroscope: false, method: .accelerometerOnly)
        #expect(recording.motion?.quality.notes.contains { $0.contains("reduced accuracy") } == true)
        #expect(recording.columns.contains("gFx (g)"))
    }

    @Test func phyphoxFolderAndZip() throws {
        for name in ["phyphox", "phyphox.zip"] {
            let recording = try RecordingReader.read(TestPaths.fixture(name))
            try checkKnownMotion(recording, format: "phyphox", rate: 100, method: .sensorFusion)
            #expect(recording.columns.contains { $0.contains("Gyroscope x (rad/s)") })
        }
    }

    @Test func metaWearPairAtDifferentRatesIsMerged() throws {
        let recording = try RecordingReader.read(TestPaths.fixture("metawear"))
        try checkKnownMotion(recording, format: "MetaWear", rate: 100, method: .sensorFusion)
        #expect(recording.motion?.startDate != nil)
        #expect(recording.columns.contains { $0.contains("x-axis (deg/s)") })
    }

    @Test func sensorLoggerFolderAndZipWithZYXOrder() throws {
        for name in ["sensorlogger", "sensorlogger.zip"] {
            let recording = try RecordingReader.read(TestPaths.fixture(name))
            try checkKnownMotion(recording, format: "Sensor Logger", rate: 100, method: .recordedOrientation)
            let trace = try #require(recording.motion)
            #expect(trace.quality.hasGravity && trace.quality.hasOrientation)
            // After the roll the sensor's y axis points up: z,y,x order must not swap axes.
            let i = Int(4 * trace.sampleRate)
            #expect(abs(trace.specificForce.y[i] - Self.g) < 0.05)
            #expect(abs(trace.specificForce.z[i]) < 0.05)
        }
    }

    @Test func sensorLoggerWatchWristMotion() throws {
        let recording = try RecordingReader.read(TestPaths.fixture("WristMotion.csv"))
        try checkKnownMotion(recording, format: "Sensor Logger (WristMotion)", rate: 100, method: .recordedOrientation)
        #expect(recording.columns.contains("gravityX (g)"))
    }

    /// A watch-only Sensor Logger export (a folder holding just WristMotion.csv) must still say
    /// it came from the watch: the analysis reads the placement (wrist) from the format.
    @Test func sensorLoggerWatchOnlyFolderKeepsTheWatchFormat() throws {
        let data = try Data(contentsOf: TestPaths.fixture("WristMotion.csv"))
        let file = try TestPaths.temporaryFile("WristMotion.csv", contents: data)
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let recording = try RecordingReader.read(file.deletingLastPathComponent())
        #expect(recording.format == "Sensor Logger (WristMotion)")
    }

    @Test func sensorLogCoreMotion() throws {
        let recording = try RecordingReader.read(TestPaths.fixture("sensorlog.csv"))
        try checkKnownMotion(recording, format: "SensorLog (CoreMotion)", rate: 100, method: .recordedOrientation)
    }

    @Test func semicolonLoggerWithBOMCRLFAndDecimalCommas() throws {
        let recording = try RecordingReader.read(TestPaths.fixture("imu_semicolon.csv"))
        try checkKnownMotion(recording, format: "IMU logger (semicolon, ISO-8601 times)", rate: 100, method: .sensorFusion)
        #expect(recording.columns.contains("Gx (deg/s)") && recording.columns.contains("Ax (g)"))
    }

    @Test func tabLoggerWithTrailingTabsAndTruncatedLine() throws {
        let recording = try RecordingReader.read(TestPaths.fixture("imu_tab.log"))
        try checkKnownMotion(recording, format: "IMU logger (tab, millisecond counter)", rate: 50, method: .sensorFusion)
        #expect(recording.motion?.quality.notes.contains { $0.contains("cut off") } == true)
    }

    @Test func headerlessTableWithColumnMap() throws {
        let url = TestPaths.fixture("headerless.csv")
        #expect(throws: RecordingError.self) { try RecordingReader.read(url) }
        let recording = try RecordingReader.read(url, options: ReadOptions(columnMap: "time=0,ax=1,ay=2,az=3", units: ["time": "ms", "accel": "g"]))
        let trace = try #require(recording.motion)
        #expect(abs(trace.sampleRate - 100) < 1)
        #expect(recording.format == "generic table")
    }

    @Test func columnMapByHeaderName() throws {
        var text = "stamp,foo,bar,baz\n"
        for i in 0..<200 { text += "\(Double(i) * 0.02),0,0,9.81\n" }
        let url = try TestPaths.temporaryFile("custom.csv", text: text)
        let recording = try RecordingReader.read(url, options: ReadOptions(columnMap: "time=stamp,ax=foo,ay=bar,az=baz"))
        let trace = try #require(recording.motion)
        #expect(abs(trace.sampleRate - 50) < 0.5)
        #expect(abs(restingForce(trace) - 9.81) < 0.01)            // unit guessed from the magnitude
    }

    @Test func epochMillisecondsAndISOWithZone() throws {
        var text = "timestamp,ax,ay,az\n"
        for i in 0..<300 { text += "\(1_598_551_331_653 + i * 10),0,0,1\n" }
        let recording = try RecordingReader.read(try TestPaths.temporaryFile("epoch.csv", text: text))
        let trace = try #require(recording.motion)
        #expect(abs(trace.sampleRate - 100) < 0.5)
        #expect(abs((trace.startDate?.timeIntervalSince1970 ?? 0) - 1_598_551_331.653) < 1e-3)

        var iso = "time;ax;ay;az\n"
        for i in 0..<300 { iso += String(format: "2021-03-04T05:06:%02d.%03d+01:00;0;0;1\n", 7 + i / 100, (i % 100) * 10) }
        let zoned = try #require(try RecordingReader.read(try TestPaths.temporaryFile("iso.csv", text: iso)).motion)
        #expect(abs((zoned.startDate?.timeIntervalSince1970 ?? 0) - 1_614_830_767) < 1e-3)
    }

    @Test func gapsAreMarkedNotInterpolated() throws {
        var text = "time,ax,ay,az\n"
        for i in 0..<300 { text += "\(Double(i) * 0.01),0,0,1\n" }
        for i in 0..<300 { text += "\(5 + Double(i) * 0.01),0,0,1\n" }            // a 2 s gap
        let trace = try #require(try RecordingReader.read(try TestPaths.temporaryFile("gap.csv", text: text)).motion)
        #expect(trace.quality.gapCount == 1)
        #expect(abs(trace.quality.longestGapS - 2.01) < 0.01)
        #expect(trace.segments.count == 2)
        let middle = Int(4 * trace.sampleRate)
        #expect(!trace.segments.contains { $0.contains(middle) })
        #expect(trace.specificForce[middle] == .zero)
    }

    @Test func clippingAtTheSensorsRangeIsDetected() throws {
        var text = "time,ax,ay,az,gx,gy,gz\n"
        for i in 0..<1000 {
            let t = Double(i) * 0.01
            let ax = max(-4, min(4, 6 * sin(2 * .pi * 0.5 * t)))
            text += "\(t),\(ax),0,1,\(300 * sin(t)),0,0\n"
        }
        let trace = try #require(try RecordingReader.read(try TestPaths.temporaryFile("clip.csv", text: text), options: ReadOptions(units: ["accel": "g", "gyro": "deg/s"])).motion)
        #expect(trace.quality.clippedPercent > 20)
        #expect(trace.quality.gyroClippedPercent == 0)
    }

    @Test func jitteryRepeatedAndBackwardTimestamps() throws {
        var text = "time,ax,ay,az\n"
        var rows: [String] = []
        for i in 0..<500 { rows.append("\(Double(i) * 0.01 + (i % 3 == 0 ? 0.002 : 0)),0,0,1") }
        rows.swapAt(100, 101)                                                       // backwards
        rows.insert(rows[200], at: 201)                                             // repeated
        text += rows.joined(separator: "\n")
        let trace = try #require(try RecordingReader.read(try TestPaths.temporaryFile("jitter.csv", text: text)).motion)
        #expect(abs(trace.quality.effectiveSampleRateHz - 100) < 1)
        #expect(trace.quality.timestampJitterS > 0.0005)
        #expect(trace.quality.droppedSamples >= 1)
        #expect(trace.quality.notes.contains { $0.contains("backwards") })
    }

    @Test func formatCanBeForced() throws {
        var text = "Time\tGx\tGy\tGz\tAx\tAy\tAz\n"
        for i in 0..<200 { text += "\(i * 20)\t0\t0\t0\t0\t0\t1\n" }
        let url = try TestPaths.temporaryFile("forced.log", text: text)
        let recording = try RecordingReader.read(url, options: ReadOptions(format: "imu-logger-tab"))
        #expect(recording.format == "IMU logger (tab, millisecond counter)")
        #expect(throws: RecordingError.self) { try RecordingReader.read(url, options: ReadOptions(format: "nonsense")) }
    }
}

/// A real kettlebox log (tsv_50hz_20kg-swing-both-hands-2.log) rewritten in other layouts by the
/// format tests: its rows, and what every rewrite must read back as.
enum RewrittenLog {
    static var source: URL { TestPaths.kettlebox.appendingPathComponent("tsv_50hz_20kg-swing-both-hands-2.log") }

    /// The log's rows: time (ms), Gx, Gy, Gz (deg/s), Ax, Ay, Az (g).
    static func rows() throws -> [[Double]] {
        try String(contentsOf: source, encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: "\t").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) } }
            .filter { $0.count == 7 }
    }

    struct Reference {
        var duration: Double
        var restingForce: Double
        var peakRate: Double

        /// The same recording within 1 %: duration, resting load (first 20 s), peak rotation rate.
        func expectSameRecording(_ trace: MotionTrace, _ name: String, checkDuration: Bool = true) throws {
            if checkDuration { #expect(abs(trace.duration / duration - 1) < 0.01, "\(name)") }
            #expect(abs(HipDriveRecordingsTests.restingForce(trace, seconds: 20) / restingForce - 1) < 0.01, "\(name)")
            #expect(abs(try RewrittenLog.peakRate(trace) / peakRate - 1) < 0.01, "\(name)")
        }
    }

    static func reference() throws -> Reference {
        let trace = try #require(try RecordingReader.read(source).motion)
        return Reference(duration: trace.duration, restingForce: HipDriveRecordingsTests.restingForce(trace, seconds: 20),
                         peakRate: try peakRate(trace))
    }

    static func peakRate(_ trace: MotionTrace) throws -> Double {
        let w = try #require(trace.angularVelocity)
        return w.x.indices.map { (w.x[$0] * w.x[$0] + w.y[$0] * w.y[$0] + w.z[$0] * w.z[$0]).squareRoot() }.max() ?? 0
    }
}

/// The IMU loggers write their times several ways; a comma table with their column names is
/// labelled by the times it holds (it was "IMU logger (comma, epoch ms)" whatever they were), and
/// a time of day is a clock time whatever unit the header states (under `time (ms)` it was
/// scaled by 0.001 and the file refused: "implausible sampling rate of 1e+05 Hz").
@Suite struct LoggerTimeLabelTests {
    static func table(header: String, time: (Double) -> String) -> Data {
        var text = header + "\n"
        for i in 0..<600 {
            let t = Double(i) * 0.01
            text += "\(time(t)),\(0.1 * sin(t)),0.0,1.0,\(5 * sin(t)),0.0,0.0\n"
        }
        return Data(text.utf8)
    }

    @Test func aCommaLoggerTableIsLabelledByItsTimes() throws {
        let cases: [(String, (Double) -> String, String)] = [
            ("time,ax,ay,az,gx,gy,gz", { String(Int((1000 * $0).rounded())) }, "IMU logger (comma, millisecond counter)"),
            ("time,ax,ay,az,gx,gy,gz", { String(1_600_000_000_000 + Int((1000 * $0).rounded())) }, "IMU logger (comma, epoch ms)"),
            ("time,ax,ay,az,gx,gy,gz", { String(format: "2026-01-01T10:00:%06.3f", $0) }, "IMU logger (comma, ISO-8601 times)"),
            ("time (ms),ax,ay,az,gx,gy,gz", { String(format: "10:00:%06.3f", $0) }, "IMU logger (comma, times of day)"),
        ]
        for (header, time, label) in cases {
            let recording = try RecordingReader.readTable(Self.table(header: header, time: time),
                                                          source: URL(fileURLWithPath: "/tmp/logger.csv"))
            #expect(recording.format == label)
            let trace = try #require(recording.motion)
            #expect(abs(trace.duration - 6.0) < 0.05, "\(label): \(trace.duration) s")
        }
    }
}
