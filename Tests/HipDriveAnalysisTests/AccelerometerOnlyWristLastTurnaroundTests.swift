import Foundation
import HipDriveRecordings
import Testing
@testable import HipDriveAnalysis

/// Accelerometer-only WRIST: the set's last turnaround sits where the fall's centripetal load is
/// gone (AccelerometerOnlyWristLastTurnaround.swift), not at the later minimum of the flat |f|
/// before the park, which put the last rep's zero-velocity update where the arm already swings
/// forward.
@Suite struct AccelerometerOnlyWristLastTurnaroundTests {
    /// `wrist-accel-cut-park.csv` (Tests/CrosscheckFixtures/README.md): the last rep ends at
    /// 37.18 s. Old code: 37.33 s, and the last rep's mean drive power 34 W against 97–106 W for
    /// the three tired reps before it.
    @Test func theLastRepEndsWhereTheBellStops() throws {
        let recording = try RecordingReader.read(CrosscheckCountingTests.fixture("wrist-accel-cut-park.csv"))
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(load: .init(massKg: 32), placement: .wrist))
        #expect(analysis.input.orientationMethod == .accelerometerOnly)
        let reps = try #require(analysis.sets.last?.reps)
        #expect(reps.count == 12)
        let last = try #require(reps.last)
        #expect(abs(last.end - 37.18) < 0.1, "last rep ends at \(last.end) s")
        let before = reps.dropLast().suffix(3).compactMap(\.meanDrivePowerW)
        let power = try #require(last.meanDrivePowerW)
        #expect(before.count == 3 && power > 0.6 * before.reduce(0, +) / 3, "last rep \(power) W, the three before \(before)")
    }
}
