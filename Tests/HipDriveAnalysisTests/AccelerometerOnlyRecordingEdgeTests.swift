import Foundation
import HipDriveRecordings
import Testing
@testable import HipDriveAnalysis
import HipDriveTestSupport

/// ../shared/realdata beside the package root.
private let kettlebox: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/realdata/kettlebox")

/// Recordings that start at the pick-up (AccelerometerOnlyRecordingEdge.swift): the kettlebox
/// 8 kg swing files begin as the athlete grabs the bell, or already in the set. With their
/// gyroscope columns stripped they must count what the gyroscope counts. Before, swing_right_0
/// counted the bell tipped off its base as the return of a rep that started before the recording
/// (a rep printed at −0.55 s), and swing_right_1 a rep from the bell resting on the floor at
/// 0.07 s to the hike's turnaround: 22 and 13 reps against the gyroscope's 21 and 12.
@Suite struct AccelerometerOnlyRecordingEdgeTests {
    static let files = [
        "csv_100hz_8kg-swing_left_0.csv", "csv_100hz_8kg-swing_left_1.csv", "csv_100hz_8kg-swing_left_2.csv",
        "csv_100hz_8kg-swing_left_3.csv", "csv_100hz_8kg-swing_right_0.csv", "csv_100hz_8kg-swing_right_1.csv",
        "csv_100hz_8kg-swing_right_2.csv", "csv_100hz_8kg-swing_right_3.csv",
        // Two hands, 53 reps and a park whose swing forward reads as a tired low swing's apex
        // (AccelerometerOnlyCounting.swift, the chain's repair must not count it).
        "csv_v3_100hz_8kg-swing_both_0.csv",
    ]

    /// The recording's specific force alone, written as a generic table (time, m/s²) with the
    /// data gaps left out, and read back: what an accelerometer-only logger would have stored.
    static func withoutGyroscope(_ recording: Recording) throws -> Recording {
        guard case .motion(let trace) = recording.content else { throw CocoaError(.fileReadUnknown) }
        let f = trace.specificForce
        var text = "time (s),ax (m/s^2),ay (m/s^2),az (m/s^2)\n"
        for segment in trace.segments {
            for i in segment {
                text += String(format: "%.4f,%.5f,%.5f,%.5f\n", Double(i) / trace.sampleRate, f.x[i], f.y[i], f.z[i])
            }
        }
        let url = TestScratch.root
            .appendingPathComponent("hipdrive-edge-\(UUID().uuidString).csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        return try RecordingReader.read(url)
    }

    @Test(arguments: files)
    func accelerometerOnlyCountsWhatTheGyroscopeCounts(_ name: String) throws {
        let url = kettlebox.appendingPathComponent(name)
        try #require(FileManager.default.fileExists(atPath: url.path), "real recordings not found at \(url.path)")
        let recording = try RecordingReader.read(url)
        let settings = AnalysisSettings(load: .init(massKg: 8))
        let withGyroscope = try SessionAnalyzer.analyze(recording, settings: settings)
        let accelerometerOnly = try SessionAnalyzer.analyze(try Self.withoutGyroscope(recording), settings: settings)
        #expect(accelerometerOnly.input.orientationMethod == .accelerometerOnly)
        #expect(accelerometerOnly.sets.map(\.reps.count) == withGyroscope.sets.map(\.reps.count),
                "\(name): accelerometer only \(accelerometerOnly.sets.map(\.reps.count)), gyroscope \(withGyroscope.sets.map(\.reps.count))")
        // And they stop where the gyroscope says the bell stops: on the eight files 141 of 144
        // turnarounds within 0.1 s (median 0.013 s, 2026-11-27), at most two per file off.
        let found = accelerometerOnly.sets.flatMap(\.reps).map(\.turnaround)
        let off = withGyroscope.sets.flatMap(\.reps).map(\.turnaround).filter { stop in
            !found.contains { abs($0 - stop) <= 0.1 }
        }
        #expect(off.count <= 2, "\(name): turnarounds more than 0.1 s from the gyroscope's: \(off)")
    }

    /// The pick-up's dip (0.41 g at 0.39 s) falls through the hike's pass (2.2 g) with about half
    /// the centripetal load of the set's falls (3.1–3.3 g): no rep's return, so no rep is printed
    /// before the recording's first sample and the set starts at the hike's turnaround (1.3 s).
    @Test func pickUpAtTheRecordingStartIsNoRep() throws {
        let url = kettlebox.appendingPathComponent("csv_100hz_8kg-swing_right_0.csv")
        try #require(FileManager.default.fileExists(atPath: url.path))
        let analysis = try SessionAnalyzer.analyze(try Self.withoutGyroscope(try RecordingReader.read(url)),
                                                   settings: AnalysisSettings(load: .init(massKg: 8)))
        let turnaround = try #require(analysis.sets.first?.reps.first).turnaround
        #expect(turnaround > 1.0 && turnaround < 1.6, "first turnaround \(turnaround) s")
    }

    /// A recording that ends in the park (Tests/CrosscheckFixtures/README.md,
    /// `wrist-accel-cut-park.csv`: independent simulator, wrist, no gyroscope, the recording cut
    /// 0.4 s after the set's last turnaround). The set's last reps are low tired swings: the last
    /// one's fall was measured but its pass window ran past the end, and the drive after its
    /// return (the park's swing forward) was cut off, so neither could be judged and it was not
    /// taken for a low swing, which lost the rep before it too. Old code: 10 reps, to 31.8 s.
    @Test func lastLowSwingBeforeTheRecordingEndsCounts() throws {
        let recording = try RecordingReader.read(CrosscheckCountingTests.fixture("wrist-accel-cut-park.csv"))
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(load: .init(massKg: 32), placement: .wrist))
        #expect(analysis.input.orientationMethod == .accelerometerOnly)
        #expect(analysis.sets.count == 1)
        CrosscheckCountingTests.expectReps(analysis, at: [7.80, 10.03, 12.41, 14.74, 17.12, 19.35, 21.67, 23.97, 26.54, 29.20, 31.80, 34.47],
                                           tolerance: 0.4)
    }
}
