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

    /// Russian swings at a watch, two hands, 28 kg, 35 a minute: right after a
    /// turnaround the forearm, turning at the bottom of the drive, read a push along the arm
    /// (−0.77 g) for a moment, a float-like minimum whose |f| averaged over a third of a period
    /// was a bottom pass's, 1.67 g. Overhead, where a forearm's load is a push, the arm stopping
    /// the bell reads 1.24 g at most (`wristOverheadFloatAverageBound`). Taken for a float, it
    /// displaced the set's phases: 0.4.9 found 14 reps, two of them 0.3–0.4 s from any true
    /// turnaround. (The set's phases stay loose at this pace: some turnarounds 0.2–0.46 s off.)
    @Test func aPushAlongTheArmInTheDriveIsNoFloat() throws {
        let analysis = try Self.analyze("wrist-accel-drive-push.csv", massKg: 28)
        CrosscheckCountingTests.expectReps(analysis, at: [8.00, 9.59, 11.35, 13.04, 14.79, 16.61, 18.50, 20.17, 22.11, 23.98,
                                                          25.82, 27.71, 29.57], tolerance: 0.5)
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

    /// American swings at a watch, 28 kg, slowing to 20 a minute after a breakdown at rep 10: in
    /// the slow drive after rep 12's float |f| held 1.06–1.09 g for half a second while the
    /// forearm turned up through some 40°, which the park test took for the forearm at rest after
    /// the park, and a rep was lost (0.4.11: 14 of 15 in this excerpt). At rest f also holds its
    /// direction in the sensor's frame (`parkRestDirectionSpread`); here its components moved by
    /// 0.4–0.7 g.
    @Test func aSlowDriveHoveringNearOneGIsNoRest() throws {
        let analysis = try Self.analyze("wrist-accel-slow-drive-hover.csv", massKg: 28)
        CrosscheckCountingTests.expectReps(analysis, at: [7.48, 10.06, 12.48, 15.06, 17.78, 20.32, 22.92, 25.53, 28.16, 30.78,
                                                          33.83, 36.72, 39.59, 42.76, 45.82], tolerance: 0.1)
    }

    /// Russian swings at a watch, one hand, 28 kg, 24 a minute, whose falls hover at 1.0–1.1 g for
    /// most of a second as the torso re-hinges: taken for rest after the park, they cut the set
    /// into pieces (0.4.11: 7 of the 13 whole reps in this excerpt, 7 of 20 in the session).
    /// Several turnarounds here read 0.3 s late (the set's phases stay loose at this pace).
    @Test func fallsHoveringNearOneGAreNoRest() throws {
        let analysis = try Self.analyze("wrist-accel-hovering-falls.csv", massKg: 28)
        CrosscheckCountingTests.expectReps(analysis, at: [5.70, 8.31, 10.91, 13.42, 15.89, 18.39, 20.90, 23.33, 25.96, 28.53,
                                                          31.16, 33.76, 36.50], tolerance: 0.4)
    }

    /// Russian swings at a watch, one hand, 8 kg, 26 a minute, a breakdown at rep 5: the last rep
    /// is a low swing, and the test of its return took the deepest |f| within a period after its
    /// apex for the turnaround, here the stand-up's dip after the park, with no drive after it,
    /// so the last rep was lost (0.4.12 before this: 9 of 10). The turnaround is now the deepest
    /// minimum that a pass leads into and a drive leaves (`lowSwingReturns`).
    @Test func aLastLowSwingIsNotJudgedByTheStandUp() throws {
        let analysis = try Self.analyze("wrist-accel-last-low-swing.csv", massKg: 8)
        CrosscheckCountingTests.expectReps(analysis, at: [6.45, 8.79, 11.10, 13.41, 15.61, 18.12, 20.76, 23.29, 25.94, 28.55],
                                           tolerance: 0.1)
    }

    /// American swings at a watch, two hands, 8 kg, 29 a minute (independent simulator seed 678,
    /// session 67800018, set 1): after the park the forearm hangs still for 2 s, then the athlete
    /// walks, and each step dips the load along the hanging arm to a float's (0.47–0.49 g, under
    /// the forearm's g·cos 60°) for a tenth of a second between passes of 1.4–1.5 g. Two such
    /// "floats", 7.5 and 12.5 s after the set's last, were counted as reps at 52.97 and 57.01 s.
    /// A float that does not go on from the set must now hold its load for ±0.1 s (these held
    /// 0.59–0.62 g). Two turnarounds (20.83 and 29.49 s) are found 0.27 and 0.29 s late, hence
    /// the tolerance; the count and the walk are what this is about.
    @Test func walkingAfterTheParkIsNoRep() throws {
        let analysis = try Self.analyze("wrist-accel-walk-after-park.csv", massKg: 8)
        CrosscheckCountingTests.expectReps(analysis, at: [5.89, 8.10, 10.20, 12.28, 14.46, 16.57, 18.69, 20.83, 23.13, 25.30,
                                                          27.46, 29.49, 31.82, 34.07, 36.36, 38.59, 40.89, 43.22, 45.48],
                                           tolerance: 0.35)
        #expect(analysis.sets.allSatisfy { $0.end < 49 }, "sets end at \(analysis.sets.map(\.end)) s")
    }

    /// American swings at a watch, two hands, 32 kg, 31 a minute (independent simulator seed 687,
    /// session 68700013, set 1). After the last rep's fall the bell swings back between the legs
    /// further than in the set, into the park: the load along the arm drops to 0.61 g (0.63 g
    /// held) and the averaged |f| to 0.91 g, below the overhead floats' 1.0 g, so that stop was
    /// chosen first and kept the last float (overhead, −1.07 g, 1.2 s before it) out of its
    /// spacing: old code found 8, not the last. The stop, the last before the park, reached
    /// through the last fall's 2.4 g pass and left through the swing to the floor's 1.2 g, now
    /// gives its place to that float.
    @Test func theLastBackswingIntoTheParkGivesWayToTheLastFloat() throws {
        let analysis = try Self.analyze("wrist-accel-american-last-rep-before-park.csv", massKg: 32)
        CrosscheckCountingTests.expectReps(analysis, at: [7.29, 9.17, 11.03, 12.97, 14.84, 16.76, 18.76, 20.76, 22.68],
                                           tolerance: 0.1)
    }

    /// The same with a last fall the athlete brakes: American swings at a watch, one hand, 32 kg
    /// (independent simulator seed 690 session 69000004, set 2). The last fall's pass reads 1.81 g
    /// against the set's 2.7–2.8 g, and the park's backswing holds 0.48 g along the arm (the
    /// last float −1.05 g): old code found 10, not the last. The stop need not be reached
    /// through a swing's pass; it must hold half a g more along the arm than the float it gives
    /// way to.
    @Test func theLastBackswingAfterABrakedFallGivesWayToTheLastFloat() throws {
        let analysis = try Self.analyze("wrist-accel-american-braked-last-fall.csv", massKg: 32)
        CrosscheckCountingTests.expectReps(analysis, at: [10.50, 12.58, 14.69, 16.92, 19.17, 21.37, 23.65, 25.80, 27.92, 30.17, 32.32],
                                           tolerance: 0.15)
    }
}
