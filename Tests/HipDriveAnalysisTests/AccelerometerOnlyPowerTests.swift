import Foundation
import HipDriveRecordings
import HipDriveSimulator
import Testing
@testable import HipDriveAnalysis
@testable import HipDriveValidation

/// Accelerometer-only swing power on a bell sensor: the bell turns in the grip, so its attitude
/// is fitted apart from the arm's angle (AccelerometerOnlySwingPath.swift). With the attitude
/// tied to the arm (the rigid pendulum fit alone) the work per rep came out about a quarter high
/// in the validation run (median |error| 25.6 %, signed about +24 %; with the two-angle fit
/// 15.8 %, seed 1).
@Suite struct AccelerometerOnlyPowerTests {
    @Test func bellWorkWithoutGyroscopeIsNotBiased() throws {
        // The first two bell sessions without a gyroscope of the validation run (seed 1), as
        // ideal traces (the readers are not what is tested here), with the simulator's standard
        // athlete (the sessions the numbers below were measured on).
        let options = ValidationOptions(sessions: 200, seed: 1, varyAthlete: false)
        var random = SplitMix64(seed: options.seed)
        var ratios: [Double] = []
        var sessions = 0
        for k in 0..<options.sessions where sessions < 2 {
            let config = SessionDraw.draw(&random, index: k, options: options)
            guard SessionDraw.group(of: config) == "swing/bell/accel-only" else { continue }
            sessions += 1
            let session = Simulator.simulate(config)
            let recording = Recording(source: URL(fileURLWithPath: "bell"), format: "ideal", columns: [],
                                      content: .motion(session.idealTrace))
            let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(
                exercise: .swing, load: LoadSpecification(massKg: config.massKg), placement: .bell))
            let truth = session.truth.sets.flatMap(\.reps)
            for rep in analysis.sets.flatMap(\.reps) {
                guard let work = rep.workJ,
                      let match = truth.first(where: { abs($0.turnaround - rep.turnaround) < 0.2 }) else { continue }
                ratios.append(work / match.workJ)
            }
        }
        #expect(ratios.count >= 20, "only \(ratios.count) reps matched")
        let median = try #require(SignalMath.median(ratios))
        let absolute = try #require(SignalMath.median(ratios.map { abs($0 - 1) }))
        print("bell accelerometer-only work / true work: median", median, "median |error|", absolute)
        #expect(abs(median - 1) < 0.12, "work / true work, median \(median)")
        // Measured on these 2 sessions: rigid fit alone 0.197 (signed +4.6 %), with the bell's
        // attitude fitted apart from the arm 0.149 (signed +1.1 %).
        #expect(absolute < 0.17, "median |work error| \(absolute)")
    }
}
