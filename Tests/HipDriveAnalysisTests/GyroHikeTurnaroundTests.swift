import Foundation
import HipDriveRecordings
import Testing
@testable import HipDriveAnalysis

/// A bell sensor with a gyroscope, the first turnaround out of the hike (GyroHikeTurnaround.swift):
/// the bell wobbles in the grip while the arm still creeps back, its rate crosses zero 0.14 s
/// before its centre of mass stops, and the first rep's drive read long and its power low.
@Suite struct GyroHikeTurnaroundTests {
    /// Independent simulator, seed 140 session 14000013 (sensor on the ball's side analysed as at
    /// the centre of mass, gyroscope, grip pivot 0.32, American, one hand, 16 kg, 100 Hz generic
    /// CSV; Tests/CrosscheckFixtures/README.md): the rest, the hike and set 1's first nine reps.
    /// Old code: first turnaround 4.77 s (true 4.898 s: the rate's first crossing in the wobble),
    /// its mean drive power 161 W (true 237.1 W, −32 %); now 4.89 s, 232 W.
    @Test func firstTurnaroundIsWhereTheBellStopsOutOfTheHike() throws {
        let recording = try RecordingReader.read(CrosscheckCountingTests.fixture("bell-gyro-hike-wobble.csv"))
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(load: .init(massKg: 16), placement: .bell,
                                                                                         bellSensorMount: .centre))
        let reps = analysis.sets.flatMap(\.reps)
        let first = try #require(reps.first)
        #expect(abs(first.turnaround - 4.898) < 0.03, "first turnaround \(first.turnaround) s, true 4.898 s")
        let power = try #require(first.meanDrivePowerW)
        #expect(abs(power / 237.1 - 1) < 0.08, "first rep \(power) W, true 237.1 W")

        // The reps after it keep their turnarounds and power (the rate's crossings, within 5 %).
        let truth: [(turnaround: Double, meanDrivePowerW: Double)] = [
            (6.964, 229.2), (9.058, 228.3), (11.079, 230.3), (13.225, 219.2), (15.264, 215.3), (17.448, 202.7), (19.681, 209.8),
        ]
        for rep in truth {
            let found = reps.first { abs($0.turnaround - rep.turnaround) < 0.02 }
            #expect(found?.meanDrivePowerW.map { abs($0 / rep.meanDrivePowerW - 1) < 0.05 } == true,
                    "rep at \(rep.turnaround) s: \(String(describing: found?.meanDrivePowerW)) W, true \(rep.meanDrivePowerW) W")
        }
    }
}
