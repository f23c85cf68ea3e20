import Foundation
import HipDriveRecordings
import HipDriveSimulator
import Testing
@testable import HipDriveAnalysis
@testable import HipDriveValidation

/// Accelerometer-only American (overhead) swings on a bell sensor, through a file as the
/// validator reads them. The bell passes the bottom at 5–7 g and turns in the grip; the rigid
/// pendulum fit's residual then exceeds the 0.45 g gate on most reps, and a rep that failed the
/// gate fell back to the trace's low-pass tilt, which read about twice the work (validation seed 3:
/// 8 of 9 American sessions at +50…+114 % mean drive power). A bell rep now keeps its fitted
/// attitude whenever it turned like a swing (`accelerometerOnlyFitHolds`,
/// AccelerometerOnlyKinematics.swift). Measured here: median |MDP error| 0.76 (signed +0.76) on
/// the old gate, 0.13 (signed −0.13) now.
@Suite struct AccelerometerOnlyAmericanSwingTests {
    @Test func overheadSwingMeanDrivePowerWithoutGyroscope() throws {
        // Validation seed 3, session 211227590: American, two hands, 8 kg, 100 Hz, 8 g range (no
        // clipping), its own athlete (sensor 0.79 m from the shoulder); the validator wrote it as
        // MetaWear. Truth: work 121–127 J, peak speed 5.3–7.2 m/s per rep.
        let config = try #require(validationDraw(runSeed: 3, sessionSeed: 211_227_590))
        #expect(config.style == .american && !config.sensor.hasGyroscope && config.sensor.placement == .bell)
        let session = Simulator.simulate(config)
        let analysis = try withRecordingThroughFile(session, format: .metawear, name: "american") { recording in
            try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(exercise: .swing,
                                                                              load: .init(massKg: config.massKg)))
        }
        #expect(analysis.input.orientationMethod == .accelerometerOnly)
        let truth = session.truth.sets.flatMap(\.reps)
        var errors: [Double] = []
        for rep in analysis.sets.flatMap(\.reps) {
            guard let power = rep.meanDrivePowerW,
                  let match = truth.first(where: { abs($0.turnaround - rep.turnaround) < 0.2 }) else { continue }
            errors.append(power / match.meanDrivePowerW - 1)
        }
        #expect(errors.count >= 8, "only \(errors.count) reps matched")
        let absolute = try #require(SignalMath.median(errors.map(abs)))
        let signed = try #require(SignalMath.median(errors))
        print("American swing, accelerometer only: median |MDP error|", absolute, "signed", signed)
        // The fallback to the low-pass tilt reads +50…+110 %; a fit that holds is within the
        // accelerometer-only target (15 %) give or take a rep's scatter. 30 % lies between the two
        // and is no coin toss for either.
        #expect(absolute < 0.30, "median |mean drive power error| \(absolute)")
        #expect(abs(signed) < 0.30, "median signed mean drive power error \(signed)")
    }
}
