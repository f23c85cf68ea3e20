import Foundation
import HipDriveRecordings
import Testing
@testable import HipDriveAnalysis

/// Accelerometer-only swings after a breakdown: the tired reps still swing, but lower, and no
/// longer float (AccelerometerOnlyCounting.swift, "low swings").
@Suite struct AccelerometerOnlyLowSwingTests {
    /// Independent simulator, seed 91 session 9100009, set 2 (Tests/CrosscheckFixtures/README.md):
    /// bell sensor on the ball's side, no gyroscope, Russian, a breakdown at rep 5. From rep 5
    /// on the arm reaches about 50° in front, the float load stays at 0.6–0.8 g (above the
    /// g·cos 50° of a float) and the bottom passes at 1.3–1.7 g: the last seven reps were lost.
    /// Old code: 4 reps, to 12.9 s. (The side mount's turnarounds read 0.3–0.45 s late, hence
    /// the tolerance, still under a quarter of the 2.1–2.5 s period; that timing is not what this
    /// test is about.)
    @Test func lowTiredSwingsAfterABreakdownCount() throws {
        let recording = try RecordingReader.read(CrosscheckCountingTests.fixture("bell-accel-tired.csv"))
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(load: .init(massKg: 20), placement: .bell,
                                                                                         bellSensorMount: .centre))
        #expect(analysis.input.orientationMethod == .accelerometerOnly)
        #expect(analysis.sets.count == 1)
        CrosscheckCountingTests.expectReps(analysis, at: [4.13, 6.25, 8.26, 10.46, 12.46, 14.80, 17.01, 19.41, 21.82, 24.26, 26.64],
                                           tolerance: 0.5)
    }
}
