import Foundation
import HipDriveRecordings
import Testing
@testable import HipDriveAnalysis

/// Accelerometer-only swing turnarounds timed at the arm's stop, not at a competing |f| dip
/// (AccelerometerOnlyTurnaroundTime.swift).
@Suite struct AccelerometerOnlyTurnaroundTimeTests {
    /// The independent simulator's Russian swing, handle sensor, no gyroscope (the fixture of
    /// `AccelerometerOnlyCrosscheckTests.aLastRepGuidedIntoTheParkCounts`, Tests/CrosscheckFixtures/
    /// README.md). Its torso extension decelerates the shoulder's rise at the bottom of the drive
    /// and leaves a second |f| dip about 0.23 s after each stop, more prominent than the stop's
    /// own; the turnaround was put there. The float-to-float pendulum fit moved seven of the 13
    /// (0.4.15), but this heavy one-hand bell's fit is too loose to say which dip is the stop at
    /// the other six (at four of them no pendulum fits at all), and those kept the late dip
    /// (0.23–0.26 s late, their drives 0.34–0.38 of the float-to-float time). The swing's halves
    /// (`turnaroundDriveShare`) now move them: every turnaround within 0.05 s.
    @Test func theTurnaroundIsTheArmsStopNotTheDriveDip() throws {
        let recording = try RecordingReader.read(CrosscheckCountingTests.fixture("bell-accel-last-rep.csv"))
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(load: .init(massKg: 32), placement: .bell))
        #expect(analysis.input.orientationMethod == .accelerometerOnly)
        let truth = [3.76, 5.49, 7.25, 9.03, 10.84, 12.54, 14.42, 16.18, 17.91, 19.68, 21.43, 23.19, 25.02]
        let found = analysis.sets.flatMap(\.reps).map(\.turnaround)
        try #require(found.count == truth.count, "found \(found)")
        let errors = zip(found, truth).map { abs($0 - $1) }
        #expect(errors.allSatisfy { $0 < 0.05 }, "turnaround errors \(errors)")
    }

    /// The other way: a tired set's fall re-hinges the torso, and the shoulder's drop leaves a
    /// dip 0.36–0.40 s before the stop, as deep as the stop's (the independent simulator after a
    /// breakdown, whose drives lengthen by a fifth: seed 645 session 64500016, Tests/
    /// CrosscheckFixtures/README.md). Neither the fit (both dips far back and slow) nor the set's
    /// fresh rhythm could tell them apart, and three of the tired turnarounds sat on the early
    /// dip, their drives 0.66 of the float-to-float time. Now they are at the stop.
    @Test func aTiredFallsReHingeDipIsNoTurnaround() throws {
        let recording = try RecordingReader.read(CrosscheckCountingTests.fixture("bell-accel-tired-rehinge-dip.csv"))
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(load: .init(massKg: 28), placement: .bell))
        #expect(analysis.input.orientationMethod == .accelerometerOnly)
        let found = analysis.sets.flatMap(\.reps).map(\.turnaround)
        try #require(found.count == 15, "found \(found)")
        // Reps 11–14, the tired reps between two floats found right.
        let truth = [24.51, 26.99, 29.43, 32.03]
        let errors = zip(found[10..<14], truth).map { abs($0 - $1) }
        #expect(errors.allSatisfy { $0 < 0.05 }, "turnaround errors \(errors)")
    }

    /// A single start is the grid's best swing, found without sorting the grid: the same
    /// candidate as the first of the sorted grid.
    @Test func oneStartIsTheGridsBest() {
        let dt = 0.01
        let times = (0..<150).map { Double($0) * dt }
        // A pendulum-like swing: up angle φ = 1 − 1.2 cos(2π t / 1.5), radius 0.7 m.
        let w = 2 * Double.pi / 1.5
        let phi = times.map { 1 - 1.2 * cos(w * $0) }
        let rate = times.map { 1.2 * w * sin(w * $0) }
        let acceleration = times.map { 1.2 * w * w * cos(w * $0) }
        let g = standardGravity
        let forceX = times.indices.map { rate[$0] * rate[$0] * 0.7 + g * cos(phi[$0]) }
        let forceY = times.indices.map { acceleration[$0] * 0.7 + g * sin(phi[$0]) }
        let samples = Array(times.indices)
        let sorted = PlanarSwingFit.startingSwings(forceX: forceX, forceY: forceY, times: times, t0: 0, frequency: w, samples: samples)
        let unsorted = PlanarSwingFit.startingSwings(forceX: forceX, forceY: forceY, times: times, t0: 0, frequency: w,
                                                     samples: samples, sorted: false)
        let best = unsorted.min { $0.cost < $1.cost }
        #expect(best?.cost == sorted.first?.cost && best?.c == sorted.first?.c && best?.amplitude == sorted.first?.amplitude)
    }
}
