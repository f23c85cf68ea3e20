import Foundation
import HipDriveRecordings
import Testing
@testable import HipDriveAnalysis

/// Accelerometer-only bell counting failures found by the independent simulator
/// (`scripts/crosscheck/`), pinned on short excerpts of its sessions (Tests/CrosscheckFixtures/
/// README.md says where each comes from). HipDrive's own simulator counted these sets exactly.
@Suite struct AccelerometerOnlyCrosscheckTests {
    /// Handle sensor, Russian, one hand, 32 kg, no gyroscope, the whole set and the park. The
    /// last rep's fall is guided into the park: it passes the bottom at 1.1–1.2 g, under the
    /// 1.25 g that the park test asks of the turnaround between a float and the rest, and the
    /// bell stands still 0.94 of a period after that rep's float. The last rep was taken for the
    /// park's float and lost; the park's own float comes 0.2–0.6 of a period before the rest
    /// (AccelerometerOnlySwingPark.swift, `parkRestWithinShare`). Old code: 12 reps, the last
    /// at 23.44 s. (Every turnaround reads about 0.23 s late: that simulator's torso extension
    /// deepens |f| just after the stop, a known difference, hence the tolerance.)
    @Test func aLastRepGuidedIntoTheParkCounts() throws {
        let recording = try RecordingReader.read(CrosscheckCountingTests.fixture("bell-accel-last-rep.csv"))
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(load: .init(massKg: 32), placement: .bell))
        #expect(analysis.input.orientationMethod == .accelerometerOnly)
        CrosscheckCountingTests.expectReps(analysis, at: [3.76, 5.49, 7.25, 9.03, 10.84, 12.54, 14.42, 16.18, 17.91, 19.68,
                                                          21.43, 23.19, 25.02], tolerance: 0.3)
    }
}
