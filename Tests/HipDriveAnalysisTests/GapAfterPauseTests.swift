import Foundation
import HipDriveRecordings
import HipDriveSimulator
import Testing
@testable import HipDriveAnalysis

/// Reps counted across a gap in the data are the gap's, not the measured time before it
/// (SessionAnalyzer.assembleSets).
@Suite struct GapAfterPauseTests {
    /// `hipdrive simulate --seed 3021 --sets 3 --reps 16 --rate 50 --pauses 1 --gaps 1 --mass 24
    /// --rest 30 --bell-sensor centre --format metawear` (with a gyroscope): in set 1 the athlete
    /// stands holding the bell from 25.7 to 30.7 s and the data drop out from 30.3 to 31.8 s. The
    /// reps "across the gap" were counted from the cadence over the whole 5 s from the rep before
    /// the pause: three reps nobody swung (19 of 16). Measured data without a rep in it holds none.
    @Test func aPauseBeforeAGapHoldsNoReps() throws {
        var config = SimulationConfig(seed: 3021)
        config.sets = 3
        config.repsPerSet = 16
        config.restS = 30
        config.massKg = 24
        config.pausesPerSet = 1
        config.sensor.sampleRateHz = 50
        config.sensor.gapCount = 1
        config.sensor.bellMount = .centre
        let (session, analysis) = try Self.centreBell(config)
        #expect(session.truth.gaps.count == 1)
        #expect(analysis.sets.map(\.reps.count) == session.truth.sets.map(\.reps.count), "\(repCounts(analysis, session))")
    }

    /// `scripts/sweep/simulate_sweep.py --mode gyro --seed 1`, session 36 (`hipdrive simulate
    /// --seed 10036 --hands one --mass 32 --sets 2 --reps 8 --rate 50 --pauses 1 --gaps 1 --clatter 2
    /// --fatigue breakdown --breakdown-rep 6 --fatigue-loss 50 --rest 30 --bell-sensor centre
    /// --format metawear`): the data drop out for 1.5 s in the middle of set 2's 5 s pause, the
    /// bell still in the hand on both sides of the gap; three reps were counted in it (11 of 8).
    @Test func aGapInsideAPauseHoldsNoReps() throws {
        var config = SimulationConfig(seed: 10036)
        config.hands = .one
        config.massKg = 32
        config.sets = 2
        config.repsPerSet = 8
        config.restS = 30
        config.clatterCount = 2
        config.pausesPerSet = 1
        config.fatigue = .init(kind: .breakdown, lossFraction: 0.5, breakdownRep: 6)
        config.sensor.sampleRateHz = 50
        config.sensor.gapCount = 1
        config.sensor.bellMount = .centre
        let (session, analysis) = try Self.centreBell(config)
        #expect(analysis.sets.map(\.reps.count) == session.truth.sets.map(\.reps.count), "\(repCounts(analysis, session))")
    }

    /// A bell sensor at the centre of mass, with its gyroscope, written as a MetaWear pair.
    static func centreBell(_ config: SimulationConfig) throws -> (session: SimulatedSession, analysis: SessionAnalysis) {
        try simulateAndAnalyse(config, format: .metawear, settings: AnalysisSettings(exercise: .swing, load: .init(massKg: config.massKg),
                                                                                      placement: .bell, bellSensorMount: .centre))
    }

    /// `hipdrive simulate --exercise hip-pull --seed 1054 --sets 3 --reps 8 --pauses 1 --cadence
    /// 20 --rest 30 --band-stiffness 150 --format kettlebox` (a belt sensor with a gyroscope): in
    /// set 2 the athlete holds the lockout for 3 s after two reps, which cut the set into two
    /// pieces of activity; the two reps before the hold were too few for their own rhythm and
    /// were lost (6 of 8). A piece next to a pause takes the set's rhythm as one across a data
    /// gap does (MotionRepFinder.findRuns).
    @Test func repsBeforeAPauseTakeTheSetsRhythm() throws {
        var config = SimulationConfig(seed: 1054)
        config.exercise = .hipPull
        config.band = .init(stiffnessNPerM: 150)
        config.sets = 3
        config.repsPerSet = 8
        config.restS = 30
        config.cadencePerMin = 20
        config.pausesPerSet = 1
        config.sensor.placement = .hips
        let (session, analysis) = try simulateAndAnalyse(config, format: .kettlebox, settings: AnalysisSettings(
            exercise: .hipPull, load: .init(band: .stiffness(newtonsPerMetre: 150, slackM: 0))))
        #expect(session.truth.nonRepIntervals.contains { $0.kind == "pause" })
        try #require(analysis.sets.count == 3, "\(repCounts(analysis, session))")
        #expect(analysis.sets[1].reps.count == session.truth.sets[1].reps.count,
                "set 2: found \(analysis.sets[1].reps.count), truth \(session.truth.sets[1].reps.count)")
        // In set 3 the rep between its first and the hold ends in the hold, judged as a set's last
        // drive standing, with one other drive in its piece: it is judged with the drives of the
        // piece after the pause (`judgeFinalDrivesAcrossGaps`; 7 of 8 before).
        #expect(analysis.sets.map(\.reps.count) == session.truth.sets.map(\.reps.count), "\(repCounts(analysis, session))")
    }

    /// `scripts/sweep/simulate_sweep.py --mode hip --seed 2`, session 58 (`hipdrive simulate
    /// --exercise hip-pull --seed 20058 --style american --hands one --mass 16 --sets 2 --reps 8
    /// --rate 50 --pauses 1 --fatigue none --fatigue-loss 20 --breakdown-rep 6 --rest 30 --no-hike
    /// --hip-pull-finish lockout --band-stiffness 400 --no-gyro --format metawear`): each set pauses
    /// after its sixth rep, and the piece after the pause holds one drive and the set's last, which
    /// ends standing. One drive fits no hinge to judge the last by, and the set's drives across the
    /// pause were used only for a piece with none of its own: both last drives were lost (7, 7 of 8).
    @Test func aLastDriveAfterAPauseIsJudgedByTheSetsDrives() throws {
        let config = sweptHipPull(seed: 20058, style: .american, hands: .one, massKg: 16, sets: 2, reps: 8, rateHz: 50, pauses: 1,
                                  fatigue: .init(kind: .none, lossFraction: 0.2, breakdownRep: 6), finish: .lockout,
                                  stiffnessNPerM: 400, hike: false)
        let (session, analysis) = try simulateAndAnalyseHipPull(config, format: .metawear)
        #expect(session.truth.nonRepIntervals.contains { $0.kind == "pause" })
        #expect(analysis.sets.map(\.reps.count) == session.truth.sets.map(\.reps.count), "\(repCounts(analysis, session))")
    }
}
