import Foundation
import HipDriveRecordings
import Testing
@testable import HipDriveAnalysis

/// Swing counting failures found by the independent simulator (`scripts/crosscheck/`), pinned
/// on short excerpts of its sessions (Tests/CrosscheckFixtures/README.md says where each comes
/// from). HipDrive's own simulator counted every swing set of these kinds exactly, so these are
/// the only tests that see them.
@Suite struct CrosscheckCountingTests {
    static func fixture(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("CrosscheckFixtures").appendingPathComponent(name)
    }

    /// The swing excerpt `name`, a bell sensor without a gyroscope (`mount`: where it sits, the
    /// analysis's default when nil), analysed with a `massKg` bell; expects the accelerometer-only
    /// orientation.
    static func analyzeBellWithoutGyroscope(_ name: String, massKg: Double, mount: BellSensorMount? = nil,
                                            sourceLocation: SourceLocation = #_sourceLocation) throws -> SessionAnalysis {
        let recording = try RecordingReader.read(fixture(name))
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(exercise: .swing, load: .init(massKg: massKg),
                                                                                          placement: .bell, bellSensorMount: mount))
        #expect(analysis.input.orientationMethod == .accelerometerOnly, sourceLocation: sourceLocation)
        return analysis
    }

    /// A hip-pull fixture analysed as a belt sensor with the band's stiffness and slack given.
    static func analyzeBandedHipPull(_ name: String, stiffness: Double, slackM: Double) throws -> SessionAnalysis {
        let recording = try RecordingReader.read(fixture(name))
        return try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(
            exercise: .hipPull, load: .init(band: .stiffness(newtonsPerMetre: stiffness, slackM: slackM)), placement: .hips))
    }

    /// The true turnarounds (s from the excerpt's start) that a found rep must match within
    /// `tolerance`; every found rep must match one, and every true one be found.
    static func expectReps(_ analysis: SessionAnalysis, at truth: [Double], tolerance: Double,
                           sourceLocation: SourceLocation = #_sourceLocation) {
        let found = analysis.sets.flatMap(\.reps).map(\.turnaround)
        #expect(found.count == truth.count, "found \(found), true \(truth)", sourceLocation: sourceLocation)
        for t in truth {
            let nearest = found.map { abs($0 - t) }.min() ?? .infinity
            #expect(nearest < tolerance, "true rep at \(t) s: nearest found \(nearest) s away (found \(found))",
                    sourceLocation: sourceLocation)
        }
    }

    /// F6: wrist with a gyroscope, American, the end of a set. After the last rep the bell swings
    /// forward onto the floor and the athlete stands up; the forearm turned 60–90° each way and
    /// the park passed the drive/return test as a sixth rep. It never rises above the bottom of
    /// its arc (GyroSwingPark.swift). Old code: 6 reps, the sixth at 12.48 s (the park).
    @Test func theParkAfterTheLastRepIsNoRep() throws {
        let recording = try RecordingReader.read(Self.fixture("wrist-gyro-park.csv"))
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(load: .init(massKg: 20), placement: .wrist))
        #expect(analysis.input.orientationMethod != .accelerometerOnly)
        Self.expectReps(analysis, at: [0.50, 2.72, 5.06, 7.50, 10.02], tolerance: 0.1)
    }

    /// Bell with a gyroscope, the start of a set: the hike flicks the bell back from the floor
    /// in 0.55 s, under a quarter of the set's period, and its rate lobe was removed as a glitch
    /// together with the first turnaround, so the set's first rep was lost (GyroSwingArc.swift's
    /// neighbour, `gyroStops`: a short lobe is a glitch only if it barely turns the sensor).
    /// Old code: 8 reps from 10.1 s.
    @Test func theFirstRepAfterAQuickHikeCounts() throws {
        let recording = try RecordingReader.read(Self.fixture("bell-gyro-hike.csv"))
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(load: .init(massKg: 32), placement: .bell, bellSensorMount: .centre))
        Self.expectReps(analysis, at: [8.07, 10.11, 12.17, 14.20, 16.59, 18.94, 21.24, 23.58, 25.91], tolerance: 0.2)
    }

    /// Bell without a gyroscope (sensor on the ball's side), American, a set started straight
    /// from the hanging bell with no hike: the rest before it, |f| ≈ 1 g with no bottom pass
    /// before it, was the deepest minimum of the average and kept the first rep's float, 1.4 s
    /// later, out of its spacing. It yields to a float the set's swing reached. Old code: 14
    /// reps from 10.89 s.
    @Test func aSetStartedFromTheHangingBellCountsItsFirstRep() throws {
        let recording = try RecordingReader.read(Self.fixture("bell-accel-start-from-rest.csv"))
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(load: .init(massKg: 12), placement: .bell,
                                                                                         bellSensorMount: .centre))
        Self.expectReps(analysis, at: [8.81, 10.90, 13.07, 15.24, 17.38, 19.46, 21.73, 23.96, 26.04, 28.14, 30.21, 32.28, 34.77,
                                       37.15, 39.52], tolerance: 0.1)
    }

    /// Wrist with a gyroscope, a set of 20 at 1.65 s a rep followed by 15 s of walking at
    /// 1.07 s a step in the same active stretch: the stretch's autocorrelation peaked at a common
    /// multiple, 3.28 s, and at twice the period the windows a rep is judged in took in its
    /// neighbours. Its reps (the rate's sign changes) came 1.64 s apart, so the run is analysed
    /// again at that (`findRuns`' double-period check). Old code: 17 reps, the set's cadence
    /// 18.3 reps/min.
    @Test func aWalkAfterTheSetDoesNotDoubleItsPeriod() throws {
        let recording = try RecordingReader.read(Self.fixture("wrist-gyro-walk-after-set.csv"))
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(load: .init(massKg: 20), placement: .wrist))
        Self.expectReps(analysis, at: [7.27, 8.82, 10.35, 11.92, 13.57, 15.27, 16.82, 18.44, 20.11, 21.70, 23.30, 24.90, 26.65,
                                       28.25, 29.91, 31.61, 33.26, 34.92, 36.62, 38.34], tolerance: 0.1)
        let cadence = try #require(analysis.sets.first?.cadenceRpm)
        #expect((34...40).contains(cadence), "set cadence \(cadence) reps/min (its reps are 1.64 s apart)")
    }

    /// Wrist with a gyroscope, the end of a set: the bell swings forward onto the floor and the
    /// athlete stands up, and standing up ended in a stop read as a turnaround, so the park was
    /// not a cycle that ends at rest and was counted as a 20th rep. Its "apex" is the bell on the
    /// floor, 0.02 m above the bottom of its arc (GyroSwingPark.swift, `droppingParks`).
    @Test func theParkBeforeStandingUpIsNoRep() throws {
        let recording = try RecordingReader.read(Self.fixture("wrist-gyro-standup.csv"))
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(load: .init(massKg: 16), placement: .wrist))
        Self.expectReps(analysis, at: [6.94, 8.75, 10.58, 12.41, 14.19, 15.91, 17.73, 19.57, 21.38, 23.38, 25.30,
                                       27.20, 29.11, 30.94, 32.79, 34.73, 36.59, 38.52, 40.49], tolerance: 0.1)
    }

    /// Wrist with a gyroscope, a breakdown set's park and then a walk into the next set: the arm
    /// swinging at the steps' rhythm kept the active stretch going into set 2, so the park's
    /// cycle ended in a stop (not at rest) and was not the run's last candidate, and it counted
    /// as a 15th rep (38.64 s, floating 0.03 m against the set's 1 m). A cycle that closes a
    /// stretch of reps is judged as the park wherever it stands in the run (GyroSwingPark.swift,
    /// `droppingParks`). Old code: 15 reps in set 1.
    @Test func theParkBeforeAWalkIntoTheNextSetIsNoRep() throws {
        let recording = try RecordingReader.read(Self.fixture("wrist-gyro-park-walk-next-set.csv"))
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(load: .init(massKg: 28), placement: .wrist))
        Self.expectReps(analysis, at: [8.20, 10.24, 12.37, 14.49, 16.71, 18.82, 20.87, 22.91, 24.98, 27.09, 29.19, 31.58,
                                       33.89, 36.35, 60.68, 62.83, 64.89], tolerance: 0.1)
    }

    /// Bell sensor on the ball's side with a gyroscope, the bell turning in the grip, a
    /// breakdown at rep 10: the tired swings still float the bell 0.4 m but turn the sensor only
    /// 53–59° per drive, under the 60° that separates swings from deadlifts, and the last three
    /// reps were lost (GyroSwingArc.swift: a drive of 40–60° counts when its cycle floats).
    /// Old code: 10 reps.
    @Test func tiredSwingsWithAShortArcStillCount() throws {
        let recording = try RecordingReader.read(Self.fixture("bell-gyro-breakdown-arc.csv"))
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(load: .init(massKg: 20), placement: .bell, bellSensorMount: .centre))
        Self.expectReps(analysis, at: [4.63, 7.13, 9.66, 12.18, 14.63, 17.08, 19.56, 21.93, 24.47, 26.90, 29.61, 32.48, 35.40],
                        tolerance: 0.15)  // the first turnaround, out of the hike, reads 0.10 s early
    }

    /// Bell sensor at the centre of mass with a gyroscope, 16 kg, two hands, a breakdown at rep 4
    /// (the bell turning in the grip): the tired swings turn the bell only 53–56° per drive and
    /// never unload below 0.73 g (the arm reaching some 40° in front), yet still rise 0.43 m in the
    /// set's rhythm. Under 60° and without a float they were taken for deadlifts and the set's
    /// last five reps were lost (GyroSwingArc.swift: after full swings in the same run, a drive of
    /// 40–60° that continues the set counts). Old code: 3 reps.
    @Test func tiredSwingsThatNoLongerFloatStillCount() throws {
        let recording = try RecordingReader.read(Self.fixture("bell-gyro-tired-short-arc.csv"))
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(load: .init(massKg: 16), placement: .bell, bellSensorMount: .centre))
        Self.expectReps(analysis, at: [7.84, 9.72, 11.67, 13.61, 16.03, 18.28, 20.59, 22.88], tolerance: 0.1)
    }

    /// Hip pull, belt sensor with a gyroscope, a breakdown at rep 9 (the hinge falls from 40° to
    /// 23°). The drive's turn was measured to the sensor's integrated apex, which on this belt
    /// lever peaks a third of the drive early: two tired drives read 1–2° of their 23° and were
    /// dropped (35.10 s). The lockout posture was read there too, some 15° into the hinge, so the
    /// breakdown's shallower turnarounds looked upright and the last fresh rep, which returns into
    /// the first of them, was dropped as a stand-up (6.70 s). Both now use the pelvis's stop, the
    /// rate's sign change (MotionRepFinder.swift, HipPullKinematics.swift `lockoutAttitude`).
    /// Old code: 10 reps.
    @Test func tiredHipPullsAfterABreakdownCount() throws {
        let recording = try RecordingReader.read(Self.fixture("hip-gyro-breakdown.csv"))
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(exercise: .hipPull, placement: .hips))
        #expect(analysis.input.orientationMethod != .accelerometerOnly)
        Self.expectReps(analysis, at: [3.45, 6.70, 9.85, 13.39, 17.06, 20.57, 24.02, 27.60, 31.40, 35.10, 38.88, 42.59],
                        tolerance: 0.1)
    }

    /// Bell at the handle without a gyroscope (independent simulator seed 638, session 63800039:
    /// Russian, one hand, 8 kg, the bell turning in the grip, 200 Hz Physics Toolbox taken every
    /// 4th sample, 0–30 s; a data gap at 11.12–11.66 s). The piece before the gap counted the rep
    /// from its last turnaround (its return in the gap), the piece after it counted the same rep
    /// from its measured end (its drive in the gap): two unmeasured reps 0.37 s apart at a 2 s
    /// period. They are one (SessionAnalyzer `sameRepAcrossGapShare`). Old code: 10 reps of 9.
    /// (Every other turnaround, 10.29 s before the gap among them, reads 0.4 s early, at a dip of
    /// the one-hand swing's bell turning in the grip: the tolerance; the count is what this is
    /// about.)
    @Test func aRepCountedFromBothSidesOfAGapIsOneRep() throws {
        let analysis = try Self.analyzeBellWithoutGyroscope("bell-accel-gap-rep-both-sides.csv", massKg: 8, mount: .handle)
        Self.expectReps(analysis, at: [6.24, 8.24, 10.29, 12.39, 14.49, 16.46, 18.59, 20.71, 22.91], tolerance: 0.45)
    }

    /// Independent simulator seed 668, session 66800030 (handle, Russian, one hand, 20 kg, 4 g
    /// range, 200 Hz taken every 4th sample; Tests/CrosscheckFixtures/README.md): a breakdown at
    /// rep 9 slows the reps from 2.4 to 2.8 s, and a 1.13 s data gap falls at rep 12. The piece
    /// after the gap opens on a float at 0.63 g along the arm, just under a float's bound, and the
    /// low swings after it did not go on from it: the five reps after the gap were lost (10). With
    /// the piece counted, the 6.04 s between the measured reps either side of the gap read as 2.50
    /// of the run's period (2.41 s, its fresh reps'), and three reps were counted in it (17); at
    /// the pace of the reps next to the gap (2.4–2.9 s), two. (Turnarounds next to the gap read
    /// up to 0.46 s early: the tolerance; the count is what this is about.)
    @Test func repsAcrossAGapAfterABreakdownAreCountedAtTheTiredPace() throws {
        let analysis = try Self.analyzeBellWithoutGyroscope("bell-accel-gap-after-breakdown.csv", massKg: 20, mount: .handle)
        Self.expectReps(analysis, at: [6.34, 8.70, 11.01, 13.45, 15.84, 18.18, 20.61, 23.00, 25.44, 28.19, 31.03, 33.84, 36.59,
                                       39.50, 42.36, 45.08], tolerance: 0.5)
    }
}
