import Foundation
import HipDriveRecordings
import Testing
@testable import HipDriveAnalysis

/// A bell sensor with a gyroscope, the set's last turnaround, into the park (GyroHikeTurnaround.swift,
/// `gyroParkTurnaround`): the bell turns in the grip as the arm creeps into the last backswing, the
/// rate's stop came 0.07–0.16 s after the centre of mass's, and the last rep's drive read long and
/// its work high. The park tests still judge the lift from the rate's stop (GyroSwingPark.swift).
@Suite struct GyroParkTurnaroundTests {
    static func analyze(_ name: String) throws -> [[RepMetrics]] {
        let recording = try RecordingReader.read(CrosscheckCountingTests.fixture(name))
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(load: .init(massKg: 32), placement: .bell))
        return analysis.sets.map(\.reps)
    }

    /// Independent simulator, seed 142 session 14200029 (`--sessions 60 --seed 142 --exercise swing
    /// --gyro yes --placement bell`: sensor on the ball's side, grip pivot 0.38, Russian, two hands,
    /// 32 kg, 50 Hz tab logger; Tests/CrosscheckFixtures/README.md), 80–124 s: set 2 and the park.
    /// Old code: the last rep ended at 36.28 s (true 36.20 s), mean drive power 300 W (true
    /// 250.4 W, +20 %); now 36.21 s, 252 W.
    @Test func lastRepEndsWhereTheBellStopsBeforeThePark() throws {
        let sets = try Self.analyze("bell-gyro-park-side.log")
        #expect(sets.map(\.count) == [15])
        let last = try #require(sets.last?.last)
        #expect(abs(last.turnaround - 34.053) < 0.02, "last turnaround \(last.turnaround) s, true 34.053 s")
        #expect(abs(last.end - 36.200) < 0.03, "last rep ends \(last.end) s, true 36.200 s")
        let power = try #require(last.meanDrivePowerW)
        #expect(abs(power / 250.4 - 1) < 0.06, "last rep \(power) W, true 250.4 W")
    }

    /// The same session, 0–38 s: set 1, which breaks down at rep 8, and the park. Its last rep is
    /// low and tired; measured from the centre of mass's stop its float read 0.09–0.15 m and the
    /// trailing-park rule dropped it, judged from the rate's stop it stays (11 reps). Old code
    /// ended it at 30.88 s (true 30.72 s); now 30.77 s.
    @Test func lowTiredLastRepIsNotTakenForThePark() throws {
        let sets = try Self.analyze("bell-gyro-park-low-last.log")
        #expect(sets.map(\.count) == [11])
        let last = try #require(sets.last?.last)
        #expect(abs(last.turnaround - 28.348) < 0.02, "last turnaround \(last.turnaround) s, true 28.348 s")
        #expect(abs(last.end - 30.719) < 0.08, "last rep ends \(last.end) s, true 30.719 s")
    }
}
