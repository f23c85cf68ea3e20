import Foundation
import HipDriveRecordings
import Testing
@testable import HipDriveAnalysis

/// Accelerometer-only WRIST: the park is no rep (AccelerometerOnlySwingPark.swift). After the
/// set's last turnaround the bell swings forward onto the floor, the hand holds it there a moment
/// and lets go, and the athlete stands up. Seen from the forearm, standing up lifts the hanging
/// arm with the shoulders and stops it: |f| 1.5–1.7 g, then 0.4–0.6 g, a pass and a float; the
/// forearm then hangs still. No rep's float is followed by rest before the bell has swung back
/// and forward again. Excerpts of the independent simulator (Tests/CrosscheckFixtures/README.md).
@Suite struct AccelerometerOnlyWristParkTests {
    static func analyze(_ name: String, massKg: Double) throws -> SessionAnalysis {
        let recording = try RecordingReader.read(CrosscheckCountingTests.fixture(name))
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(exercise: .swing, load: .init(massKg: massKg),
                                                                                         placement: .wrist))
        #expect(analysis.input.orientationMethod == .accelerometerOnly)
        return analysis
    }

    /// The recording ends 7 s after the park, so the set's last turnaround counted as a rep whose
    /// return was cut off (`accelerometerOnlyGapReps`), its "float" the stand-up's. Old code:
    /// 14 reps, the 14th at 31.34 s (the park).
    @Test func standingUpBeforeTheRecordingEndsIsNoRep() throws {
        let analysis = try Self.analyze("wrist-accel-standup-end.csv", massKg: 32)
        #expect(analysis.sets.count == 1)
        CrosscheckCountingTests.expectReps(analysis, at: [4.09, 5.95, 7.86, 9.74, 11.68, 13.60, 15.78, 18.00, 20.21, 22.41,
                                                          24.68, 26.91, 29.03], tolerance: 0.4)
    }

    /// Standing up after the park, then walking: the stand-up's stop (0.6 g) continued the set as a
    /// low swing and the steps after it as more. Old code: 13 reps, at 33.99 and 37.94 s after the
    /// set's last turnaround at 33.86 s.
    @Test func standingUpAndWalkingOffAreNoLowSwings() throws {
        let analysis = try Self.analyze("wrist-accel-walk-off.csv", massKg: 24)
        #expect(analysis.sets.count == 1)
        CrosscheckCountingTests.expectReps(analysis, at: [4.82, 7.39, 9.92, 12.51, 15.06, 17.61, 20.35, 23.06, 25.84, 28.63, 31.16],
                                           tolerance: 0.4)
    }

    /// Walking after the park: the forearm swings ±12–25° at a step's rhythm and bobs with the
    /// hips, and between two steps its load along the arm dipped to 0.46 g, under a forearm's
    /// float bound, while |f| averaged over the float's window stayed at 1.18 g, more than
    /// standing's 1 g, which no float reaches (`wristFloatAverageBound`). 0.4.9: 10 reps, the
    /// tenth at 39.74 s (the walk) and the last rep's, at 32.84 s, lost.
    @Test func aStepOfTheWalkAfterTheSetIsNoFloat() throws {
        let analysis = try Self.analyze("wrist-accel-walk-after-set.csv", massKg: 8)
        CrosscheckCountingTests.expectReps(analysis, at: [6.59, 9.56, 12.44, 15.26, 18.18, 21.07, 24.05, 27.01, 29.88, 32.84],
                                           tolerance: 0.15)  // the first, out of the hike, reads 0.12 s early
    }

    /// American swings at a watch, 31 a minute: the turnaround's dip between the two bottom
    /// passes reads as deep as the float overhead, and the run's autocorrelation peaked at half
    /// a rep (0.96 s). The floats, told apart by their load along the arm, still came 1.93 s
    /// apart, so the run is analysed again at that spacing (`findRuns`). 0.4.9: 19 reps, the
    /// first lost and four turnarounds 0.28–0.31 s early.
    @Test func aRunLockedOnHalfARepIsAnalysedAtItsFloatsSpacing() throws {
        let analysis = try Self.analyze("wrist-accel-half-period.csv", massKg: 28)
        CrosscheckCountingTests.expectReps(analysis, at: [6.93, 8.84, 10.70, 12.61, 14.54, 16.44, 18.36, 20.30, 22.24, 24.10,
                                                          26.04, 28.00, 29.96, 31.81, 33.75, 35.69, 37.71, 39.74, 41.66, 43.57],
                                           tolerance: 0.1)
        let cadence = try #require(analysis.sets.first?.cadenceRpm)
        #expect((28...34).contains(cadence), "set cadence \(cadence) reps/min (its reps are 1.93 s apart)")
    }
}
