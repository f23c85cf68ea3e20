import Foundation
import HipDriveRecordings
import Testing
@testable import HipDriveAnalysis

/// Accelerometer-only swing turnarounds: a |f| dip where the arm would push the bell is no stop
/// (`MotionRepFinder.accelerometerOnlyArmPushes`, AccelerometerOnlyTurnaroundTime.swift).
@Suite struct AccelerometerOnlyArmPullTests {
    /// The independent simulator's Russian swing, handle sensor, no gyroscope, 8 kg (seed 91
    /// session 9100016, set 1; Tests/CrosscheckFixtures/README.md). Right after each stop the
    /// torso's snap raises |f| to 3–3.5 g, and its deceleration then cancels the bottom pass's load
    /// and leaves a dip 0.15–0.2 s after the stop, more prominent than the stop's own; there the
    /// specific force points away from the shoulder (−0.4 to −0.9 g along the drive's pull), which
    /// a pair of hands holding a bell cannot do. Old code: seven of the eight turnarounds 0.17–0.23
    /// s late at that dip. Now at least five lie within 0.05 s of the stop, and none is late by
    /// 0.1 s. (Two are still put early, on a dip in the fall: the float-to-float pendulum fit
    /// prefers it; see the report of the change.)
    @Test func aDipWhereTheArmWouldPushIsNoTurnaround() throws {
        let recording = try RecordingReader.read(CrosscheckCountingTests.fixture("bell-accel-drive-dip.csv"))
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(load: .init(massKg: 8), placement: .bell))
        #expect(analysis.input.orientationMethod == .accelerometerOnly)
        let truth = [7.38, 9.27, 11.12, 12.89, 14.82, 16.71, 18.64, 20.53]
        let found = analysis.sets.flatMap(\.reps).map(\.turnaround)
        try #require(found.count == truth.count, "found \(found)")
        let errors = zip(found, truth).map { $0 - $1 }
        #expect(errors.filter { abs($0) < 0.05 }.count >= 5, "turnaround errors \(errors)")
        #expect(errors.allSatisfy { $0 < 0.1 }, "turnaround errors \(errors)")
    }
}
