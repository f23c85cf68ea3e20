import Foundation
import HipDriveRecordings
import Testing
@testable import HipDriveAnalysis

/// A bell sensor with a gyroscope, the set's last turnaround, into the park (GyroHikeTurnaround.swift,
/// `gyroParkTurnaround`): the bell turns in the grip as the arm creeps into the last backswing, the
/// rate's stop came 0.1–0.2 s after the centre of mass's, and the last rep's drive read long and
/// its work high. The park tests still judge the lift from the rate's stop (GyroSwingPark.swift).
@Suite struct GyroParkTurnaroundTests {
    static func analyze(_ name: String, massKg: Double) throws -> [[RepMetrics]] {
        let recording = try RecordingReader.read(CrosscheckCountingTests.fixture(name))
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(load: .init(massKg: massKg), placement: .bell,
                                                                                         bellSensorMount: .centre))
        return analysis.sets.map(\.reps)
    }

    /// Independent simulator, seed 142 session 14200004 (sensor at the bell's centre of mass,
    /// gyroscope, grip pivot 0.57, American, one hand, 24 kg, 200 Hz generic CSV, every 4th
    /// sample; Tests/CrosscheckFixtures/README.md): the rest, the hike, set 1 and the park.
    /// Old code: the last rep ended at 40.26 s (true 40.05 s), mean drive power 343 W (true
    /// 285.2 W, +20 %); now 40.04 s, 278 W.
    @Test func lastRepEndsWhereTheBellStopsBeforeThePark() throws {
        let sets = try Self.analyze("bell-gyro-park-com.csv", massKg: 24)
        #expect(sets.map(\.count) == [14])
        let last = try #require(sets.last?.last)
        #expect(abs(last.turnaround - 37.658) < 0.02, "last turnaround \(last.turnaround) s, true 37.658 s")
        #expect(abs(last.end - 40.051) < 0.04, "last rep ends \(last.end) s, true 40.051 s")
        let power = try #require(last.meanDrivePowerW)
        #expect(abs(power / 285.2 - 1) < 0.06, "last rep \(power) W, true 285.2 W")
    }

    /// Seed 142 session 14200029 (sensor on the ball's side, analysed as at the centre of mass,
    /// gyroscope, grip pivot 0.38, Russian, two hands, 32 kg, 50 Hz tab logger), 0–45 s: the rest,
    /// the hike, set 1 (breakdown at rep 8) and the park. Its last rep is low and tired: with its
    /// end at the centre of mass's stop its float read too low and the trailing-park rule dropped
    /// it (10 reps); judged from the rate's stop it stays. Old code ended it at 30.88 s (true
    /// 30.72 s); now 30.76 s.
    @Test func lowTiredLastRepIsNotTakenForThePark() throws {
        let sets = try Self.analyze("bell-gyro-park-low-last.log", massKg: 32)
        #expect(sets.map(\.count) == [11])
        let last = try #require(sets.last?.last)
        #expect(abs(last.turnaround - 28.348) < 0.02, "last turnaround \(last.turnaround) s, true 28.348 s")
        #expect(abs(last.end - 30.719) < 0.08, "last rep ends \(last.end) s, true 30.719 s")
    }
}
