import Foundation
import HipDriveRecordings
import Testing
@testable import HipDriveAnalysis
import HipDriveTestSupport

/// ../shared/realdata beside the package root.
private let realData: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/realdata/kettlebox")

/// Laws a real recording must obey: how a sensor is strapped on and which units its app writes
/// say nothing about the swing, so neither may change what HipDrive reports.
///
/// The file is the 20 kg two-hand swing file 2 (29 reps, 50 Hz, gyroscope and accelerometer,
/// neither saturating; the 8 kg files saturate, and a rotated copy of a saturated recording is
/// no recording a real sensor could make: its clipped samples no longer sit at the range on any
/// axis). It is rewritten as a generic CSV table three ways: as recorded, with every vector
/// turned by one fixed rotation (the sensor strapped on another way round), and in SI units
/// (m/s², rad/s) instead of g and deg/s.
@Suite struct RealDataInvarianceTests {
    struct Samples {
        var time: [Double] = []  // s
        var acceleration: [(Double, Double, Double)] = []  // g
        var rate: [(Double, Double, Double)] = []  // deg/s
    }

    /// The kettlebox TSV layout: Time (ms), Gx Gy Gz (deg/s), Ax Ay Az (g).
    static func readKettleboxLog(_ url: URL) throws -> Samples {
        let text = try String(contentsOf: url, encoding: .utf8)
        var samples = Samples()
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let fields = line.split(separator: "\t").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard fields.count >= 7 else { continue }
            samples.time.append(fields[0] / 1000)
            samples.rate.append((fields[1], fields[2], fields[3]))
            samples.acceleration.append((fields[4], fields[5], fields[6]))
        }
        return samples
    }

    /// A rotation matrix (rows) from Euler angles in degrees: z, then y, then x.
    static func rotation(degreesZ z: Double, y: Double, x: Double) -> [[Double]] {
        let (a, b, c) = (z * .pi / 180, y * .pi / 180, x * .pi / 180)
        let rz = [[cos(a), -sin(a), 0], [sin(a), cos(a), 0], [0, 0, 1.0]]
        let ry = [[cos(b), 0, sin(b)], [0, 1.0, 0], [-sin(b), 0, cos(b)]]
        let rx = [[1.0, 0, 0], [0, cos(c), -sin(c)], [0, sin(c), cos(c)]]
        func product(_ p: [[Double]], _ q: [[Double]]) -> [[Double]] {
            (0..<3).map { i in (0..<3).map { j in (0..<3).reduce(0) { $0 + p[i][$1] * q[$1][j] } } }
        }
        return product(rz, product(ry, rx))
    }

    static func turned(_ v: (Double, Double, Double), by r: [[Double]]) -> (Double, Double, Double) {
        (r[0][0] * v.0 + r[0][1] * v.1 + r[0][2] * v.2,
         r[1][0] * v.0 + r[1][1] * v.1 + r[1][2] * v.2,
         r[2][0] * v.0 + r[2][1] * v.1 + r[2][2] * v.2)
    }

    /// Writes a generic CSV with units in the header and returns its analysis.
    static func analyse(_ samples: Samples, rotation: [[Double]]? = nil, si: Bool = false, in folder: URL,
                        name: String) throws -> SessionAnalysis {
        let (accelerationUnit, rateUnit) = si ? ("m/s^2", "rad/s") : ("g", "deg/s")
        let (accelerationScale, rateScale) = si ? (9.80665, Double.pi / 180) : (1.0, 1.0)
        var text = "time (s),acc_x (\(accelerationUnit)),acc_y (\(accelerationUnit)),acc_z (\(accelerationUnit)),"
            + "gyro_x (\(rateUnit)),gyro_y (\(rateUnit)),gyro_z (\(rateUnit))\n"
        for k in samples.time.indices {
            var a = samples.acceleration[k], w = samples.rate[k]
            if let rotation { a = turned(a, by: rotation); w = turned(w, by: rotation) }
            text += String(format: "%.4f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f\n", samples.time[k],
                           a.0 * accelerationScale, a.1 * accelerationScale, a.2 * accelerationScale,
                           w.0 * rateScale, w.1 * rateScale, w.2 * rateScale)
        }
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return try SessionAnalyzer.analyze(try RecordingReader.read(url), settings: AnalysisSettings(load: .init(massKg: 20)))
    }

    @Test func mountingAndUnitsDoNotChangeTheAnalysis() throws {
        let url = realData.appendingPathComponent("tsv_50hz_20kg-swing-both-hands-2.log")
        try #require(FileManager.default.fileExists(atPath: url.path), "real recordings not found at \(url.path)")
        let samples = try Self.readKettleboxLog(url)
        let folder = TestScratch.root.appendingPathComponent("hipdrive-invariance-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        let recorded = try Self.analyse(samples, in: folder, name: "recorded.csv")
        let variants = [
            ("turned", try Self.analyse(samples, rotation: Self.rotation(degreesZ: 130, y: -70, x: 35), in: folder, name: "turned.csv")),
            ("SI units", try Self.analyse(samples, si: true, in: folder, name: "si.csv")),
        ]
        #expect(recorded.totalReps >= 27, "the file has about 29 cycles; \(recorded.totalReps) reps")
        for (label, analysis) in variants {
            #expect(analysis.sets.count == recorded.sets.count, "\(label): \(analysis.sets.count) sets, recorded \(recorded.sets.count)")
            for (set, reference) in zip(analysis.sets, recorded.sets) {
                #expect(set.reps.count == reference.reps.count, "\(label): \(set.reps.count) reps, recorded \(reference.reps.count)")
                for (rep, expected) in zip(set.reps, reference.reps) {
                    // One sample at 50 Hz.
                    #expect(abs(rep.turnaround - expected.turnaround) <= 0.02, "\(label) rep \(rep.index): turnaround \(rep.turnaround) s vs \(expected.turnaround) s")
                    if let power = rep.meanDrivePowerW, let reference = expected.meanDrivePowerW {
                        // Fusion starts from the first samples' gravity in either frame; what is
                        // left is rounding of the written values.
                        #expect(abs(power - reference) <= 0.01 * reference, "\(label) rep \(rep.index): \(power) W vs \(reference) W")
                    } else {
                        #expect(rep.meanDrivePowerW == nil && expected.meanDrivePowerW == nil, "\(label) rep \(rep.index): measured in one and not the other")
                    }
                }
            }
        }
    }
}
