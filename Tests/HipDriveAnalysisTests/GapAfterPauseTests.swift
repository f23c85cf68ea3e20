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
        let session = Simulator.simulate(config)
        #expect(session.truth.gaps.count == 1)
        let analysis = try withRecordingThroughFile(session, format: .metawear, name: "pause-gap") { recording in
            try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(exercise: .swing, load: .init(massKg: config.massKg),
                                                                              placement: .bell, bellSensorMount: .centre))
        }
        #expect(analysis.sets.map(\.reps.count) == session.truth.sets.map(\.reps.count),
                "found \(analysis.sets.map(\.reps.count)), truth \(session.truth.sets.map(\.reps.count))")
    }
}
