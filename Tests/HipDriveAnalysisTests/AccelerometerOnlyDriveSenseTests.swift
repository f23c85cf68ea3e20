import Foundation
import HipDriveRecordings
import HipDriveSimulator
import Testing
@testable import HipDriveAnalysis
@testable import HipDriveValidation

/// Accelerometer-only swings: every rep of a set turns the same way, so a rep whose pendulum fit
/// turned the other way is fitted again (AccelerometerOnlyDriveSense.swift).
@Suite struct AccelerometerOnlyDriveSenseTests {
    @Test func theRunsSenseIsWhatTwoThirdsOfItsRepsTurnAbout() throws {
        let up = Vector3(0, 0, 1), down = Vector3(0, 0, -1), tilted = Vector3(0.3, 0, 0.95).normalized
        let sense = try #require(MotionRepFinder.runDriveSense([up, tilted, up, down, up]))
        #expect(sense.dot(up) > 0.9)
        // Four of six is two thirds; three of five is not.
        #expect(MotionRepFinder.runDriveSense([up, up, up, up, down, down]) != nil)
        #expect(MotionRepFinder.runDriveSense([up, up, up, down, down]) == nil)
        // Two reps are no set's habit.
        #expect(MotionRepFinder.runDriveSense([up, up]) == nil)
    }

    /// `hipdrive validate --seed 3`, session 683775342: American swings, two hands, 12 kg, the
    /// sensor on the handle without a gyroscope, 100 Hz Physics Toolbox, three sets of 20 with a
    /// breakdown at rep 12. The second rep of each set held two fits of nearly the same cost (0.2 %
    /// apart), one turning the bell through 335° like its neighbours, the other 229° the other
    /// way, which won and read 0.29, 0.39 and 0.28 of the rep's true mean drive power; with the
    /// breakdown rep read from that series, the three sets called it at 8, 15 and 15 (truth 12).
    @Test func aRepThatTurnedAgainstItsSetIsFittedAgain() throws {
        var config = try #require(validationDraw(runSeed: 3, sessionSeed: 683_775_342))
        #expect(config.style == .american && !config.sensor.hasGyroscope && config.sensor.placement == .bell)
        config.sensor.bellMount = .handle  // as the validator draws it (see AccelerometerOnlyHandleParkTests)
        let session = Simulator.simulate(config)
        let analysis = try withRecordingThroughFile(session, format: .physicsToolbox, name: "american") { recording in
            try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(exercise: .swing, load: .init(massKg: config.massKg),
                                                                              bellSensorMount: .handle))
        }
        #expect(analysis.input.orientationMethod == .accelerometerOnly)
        try #require(analysis.sets.map(\.reps.count) == session.truth.sets.map(\.reps.count))
        for (found, truth) in zip(analysis.sets, session.truth.sets) {
            let power = try #require(found.reps[1].meanDrivePowerW)
            let ratio = power / truth.reps[1].meanDrivePowerW
            #expect(abs(ratio - 1) < 0.2, "set \(truth.index): second rep's mean drive power \(ratio) of the truth")
        }
    }
}
