import Foundation
import HipDriveRecordings
import HipDriveSimulator
import Testing
@testable import HipDriveAnalysis

/// Accelerometer-only swing power on a wrist sensor: the planar pendulum fit's rotation about the
/// shoulder carries the wrist's acceleration out to the bell (AccelerometerOnlyKinematics.swift).
/// Before, the wrist's own speed was reported as the bell's: about 0.72 of it (the wrist sits
/// at 0.5 m from the shoulder, the bell at 0.7 m), 1.3 m/s low in the validation run.
@Suite struct AccelerometerOnlyPowerTests {
    @Test func wristSensorWithoutGyroscopeReportsTheBellsSpeed() throws {
        var config = SimulationConfig(seed: 4_242)
        config.exercise = .swing
        config.style = .russian
        config.hands = .two
        config.massKg = 16
        config.sets = 1
        config.repsPerSet = 8
        config.cadencePerMin = 34
        config.includeHike = true
        config.includePark = true
        config.sensor.hasGyroscope = false
        config.sensor.placement = .wrist
        let session = Simulator.simulate(config)
        let recording = Recording(source: URL(fileURLWithPath: "wrist"), format: "ideal", columns: [],
                                  content: .motion(session.idealTrace))
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(
            exercise: .swing, load: LoadSpecification(massKg: 16), placement: .wrist))
        let truth = session.truth.sets.flatMap(\.reps)
        var ratios: [Double] = []
        for rep in analysis.sets.flatMap(\.reps) {
            guard let speed = rep.peakSpeedMps,
                  let match = truth.first(where: { abs($0.turnaround - rep.turnaround) < 0.2 }) else { continue }
            ratios.append(speed / match.peakSpeedMps)
        }
        #expect(ratios.count >= 6, "only \(ratios.count) reps matched")
        let median = try #require(SignalMath.median(ratios))
        // The wrist alone reads about the radius ratio, ~0.7, of the bell's speed; with the lever
        // it must come out above that (0.82 measured: the fit still under-reads the rotation a
        // little, and the bell's turn in the grip is not seen), and not overshoot.
        #expect(median > 0.77 && median < 1.2, "peak speed / true bell peak speed, median \(median)")
    }
}
