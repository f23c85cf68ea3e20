import Foundation
import HipDriveRecordings
import Testing
@testable import HipDriveAnalysis

/// A bell sensor with a gyroscope on a bell that turns in the grip (GyroBellStopLag.swift): the
/// sensor's rate reverses about 16 ms before the bell's centre of mass stops, and a zero-velocity
/// update at the rate's crossing read every rep's mean drive power 6–10 % low.
@Suite struct GyroBellStopLagTests {
    /// Independent simulator, seed 101 session 10100000 (sensor at the centre of mass, gyroscope,
    /// grip pivot 0.25, Russian, two hands, 12 kg, 200 Hz phyphox; Tests/CrosscheckFixtures/README.md),
    /// the reps of set 1 before its data gap at 23.3 s, first rep (out of the hike) left out.
    /// Old code: median error −8.8 % (−6 to −10 %); now −2 %.
    @Test func meanDrivePowerIsMeasuredFromTheBellsStop() throws {
        let recording = try RecordingReader.read(CrosscheckCountingTests.fixture("bell-gyro-grip-lag.csv"))
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(load: .init(massKg: 12), placement: .bell,
                                                                                         bellSensorMount: .centre))
        let truth: [(turnaround: Double, meanDrivePowerW: Double)] = [
            (9.46, 190.7), (11.13, 174.2), (12.85, 153.7), (14.63, 175.9), (16.33, 157.0), (18.08, 150.2), (19.86, 144.9),
        ]
        let reps = analysis.sets.flatMap(\.reps)
        var errors: [Double] = []
        for rep in truth {
            guard let found = reps.first(where: { abs($0.turnaround - rep.turnaround) < 0.05 }) else {
                Issue.record("no rep found at \(rep.turnaround) s"); continue
            }
            guard let power = found.meanDrivePowerW else { Issue.record("no power at \(rep.turnaround) s"); continue }
            errors.append(abs(power / rep.meanDrivePowerW - 1))
        }
        let median = SignalMath.median(errors) ?? .infinity
        #expect(median < 0.05, "median mean-drive-power error \(median * 100) %, each \(errors.map { ($0 * 1000).rounded() / 10 })")
    }
}
