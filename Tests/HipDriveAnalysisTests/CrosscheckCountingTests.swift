import Foundation
import HipDriveRecordings
import Testing
@testable import HipDriveAnalysis

/// Swing counting failures found by the independent simulator (`scripts/crosscheck/`), pinned
/// on short excerpts of its sessions (Tests/CrosscheckFixtures/README.md says where each comes
/// from). HipDrive's own simulator counted every swing set of these kinds exactly, so these are
/// the only tests that see them.
@Suite struct CrosscheckCountingTests {
    static func fixture(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("CrosscheckFixtures").appendingPathComponent(name)
    }

    /// The true turnarounds (s from the excerpt's start) that a found rep must match within
    /// `tolerance`; every found rep must match one, and every true one be found.
    static func expectReps(_ analysis: SessionAnalysis, at truth: [Double], tolerance: Double,
                           sourceLocation: SourceLocation = #_sourceLocation) {
        let found = analysis.sets.flatMap(\.reps).map(\.turnaround)
        #expect(found.count == truth.count, "found \(found), true \(truth)", sourceLocation: sourceLocation)
        for t in truth {
            let nearest = found.map { abs($0 - t) }.min() ?? .infinity
            #expect(nearest < tolerance, "true rep at \(t) s: nearest found \(nearest) s away (found \(found))",
                    sourceLocation: sourceLocation)
        }
    }

    /// F6: wrist with a gyroscope, American, the end of a set. After the last rep the bell swings
    /// forward onto the floor and the athlete stands up; the forearm turned 60–90° each way and
    /// the park passed the drive/return test as a sixth rep. It never rises above the bottom of
    /// its arc (GyroSwingPark.swift). Old code: 6 reps, the sixth at 12.48 s (the park).
    @Test func theParkAfterTheLastRepIsNoRep() throws {
        let recording = try RecordingReader.read(Self.fixture("wrist-gyro-park.csv"))
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(load: .init(massKg: 20), placement: .wrist))
        #expect(analysis.input.orientationMethod != .accelerometerOnly)
        Self.expectReps(analysis, at: [0.50, 2.72, 5.06, 7.50, 10.02], tolerance: 0.1)
    }
}
