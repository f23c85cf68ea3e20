import Foundation
import Testing
@testable import HipDriveRecordings

/// Done-when check: every file in ../shared/realdata/kettlebox is read with the right channels,
/// units (accelerometer in g, gyroscope in deg/s), rates and its gaps reported.
@Suite struct RealDataTests {
    static let g = ColumnUnit.standardGravityValue

    static var files: [URL] {
        ((try? FileManager.default.contentsOfDirectory(at: TestPaths.kettlebox, includingPropertiesForKeys: nil)) ?? [])
            .filter { ["csv", "log"].contains($0.pathExtension) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test func everyKettleboxFileIsRead() throws {
        let files = Self.files
        #expect(files.count == 14, "expected the 14 kettlebox recordings in \(TestPaths.kettlebox.path)")
        for file in files {
            let name = file.lastPathComponent
            let recording = try RecordingReader.read(file)
            let trace = try #require(recording.motion, "\(name)")
            // Channels and units as the README says: accelerometer in g, gyroscope in deg/s.
            #expect(recording.columns.contains { $0.hasPrefix("A") || $0.hasPrefix("a") }, "\(name)")
            #expect(recording.columns.contains { $0.lowercased().hasPrefix("ax") && $0.hasSuffix("(g)") }, "\(name) \(recording.columns)")
            #expect(recording.columns.contains { $0.lowercased().hasPrefix("gx") && $0.hasSuffix("(deg/s)") }, "\(name) \(recording.columns)")
            #expect(trace.quality.hasGyroscope && trace.orientationMethod == .sensorFusion, "\(name)")
            // In SI the bell's median specific force is about 1 g (it spends most time near rest or
            // passing through), and the peak rotation rate is hundreds of deg/s, i.e. rad/s units.
            var magnitudes: [Double] = []
            for segment in trace.segments { for i in segment { magnitudes.append(trace.specificForce[i].length) } }
            let medianForce = Statistics.median(magnitudes)
            #expect(medianForce > 0.6 * Self.g && medianForce < 1.6 * Self.g, "\(name): median |f| \(medianForce)")
            let peakRate = (0..<trace.count).map { trace.angularVelocity?[$0].length ?? 0 }.max() ?? 0
            #expect(peakRate > 1 && peakRate < 20, "\(name): peak |ω| \(peakRate) rad/s")
            // Rates: the 8 kg loggers deliver 60–100 Hz (nominal 100 Hz, BLE losses), the 20 kg
            // ones about 50 Hz (file 3 logs every 41 ms, about 25 Hz).
            let rate = trace.quality.effectiveSampleRateHz
            if name.hasPrefix("csv") {
                #expect(rate > 60 && rate < 105, "\(name): \(rate) Hz")
            } else if name.contains("swing-both-hands-3") {
                #expect(rate > 20 && rate < 30, "\(name): \(rate) Hz")
            } else {
                #expect(rate > 45 && rate < 60, "\(name): \(rate) Hz")
            }
            // The world frame puts gravity on +z: the mean world specific force is about g·ẑ.
            var sum = Vector3.zero
            var count = 0.0
            for segment in trace.segments { for i in segment { sum = sum + trace.orientation[i].rotate(trace.specificForce[i]); count += 1 } }
            let mean = sum * (1 / count)
            #expect(abs(mean.z - Self.g) < 0.15 * Self.g, "\(name): mean world f \(mean)")
        }
    }

    @Test func formatsAreDetected() throws {
        let byName = Dictionary(uniqueKeysWithValues: Self.files.map { ($0.lastPathComponent, $0) })
        let semicolonURL = try #require(byName["csv_100hz_8kg-swing_left_1.csv"])
        let semicolon = try RecordingReader.read(semicolonURL)
        #expect(semicolon.format == "IMU logger (semicolon, ISO-8601 times)")
        let commaURL = try #require(byName["csv_v3_100hz_8kg-swing_both_0.csv"])
        let comma = try RecordingReader.read(commaURL)
        #expect(comma.format == "IMU logger (comma, ISO-8601 times and epoch ms)")
        #expect(comma.motion?.quality.notes.contains { $0.contains("more fields than the header") } == true)
        #expect(comma.motion?.quality.notes.contains { $0.contains("UTC+2") } == true)
        #expect(comma.motion?.quality.clippedPercent ?? 0 > 0)
        let tabURL = try #require(byName["tsv_50hz_20kg-swing-both-hands-3.log"])
        let tab = try RecordingReader.read(tabURL)
        #expect(tab.format == "IMU logger (tab, millisecond counter)")
    }

    @Test func gapsAreReported() throws {
        let byName = Dictionary(uniqueKeysWithValues: Self.files.map { ($0.lastPathComponent, $0) })
        // README: gaps of one to two seconds in swing_left_0 near 7–9 s and swing_right_0 near 35–36 s.
        for (name, near) in [("csv_100hz_8kg-swing_left_0.csv", 7.0...9.5), ("csv_100hz_8kg-swing_right_0.csv", 34.0...37.0)] {
            let url = try #require(byName[name])
            let trace = try #require(try RecordingReader.read(url).motion)
            #expect(trace.quality.gapCount >= 1, "\(name)")
            #expect(trace.quality.longestGapS > 0.5, "\(name)")
            #expect(trace.segments.count >= 2, "\(name)")
            let boundaries = trace.segments.dropFirst().map { trace.time(at: $0.lowerBound) - trace.time(at: 0) }
            #expect(boundaries.contains { near.contains($0) }, "\(name): segments start at \(boundaries)")
        }
    }

    @Test func saturationIsDetected() throws {
        let byName = Dictionary(uniqueKeysWithValues: Self.files.map { ($0.lastPathComponent, $0) })
        let url = try #require(byName["csv_100hz_8kg-swing_right_2.csv"])
        let trace = try #require(try RecordingReader.read(url).motion)
        #expect(trace.quality.clippedPercent > 0)
        #expect((trace.quality.gyroClippedPercent ?? 0) > 0)
    }
}
