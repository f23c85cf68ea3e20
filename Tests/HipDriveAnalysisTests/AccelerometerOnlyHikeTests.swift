import Foundation
import HipDriveRecordings
import HipDriveSimulator
@testable import HipDriveValidation
import Testing
@testable import HipDriveAnalysis

/// The set's first turnaround after the hike, without a gyroscope (AccelerometerOnlyCounting.swift):
/// validation seed 2, session 562786809 (American swing, sensor on the handle, 8 kg). Before
/// the hike the bell, tipped towards the athlete on the floor, reads a float's load along the
/// arm (0.59 g at 6.9 s) with no bottom pass before it; the minimum of the averaged |f| at
/// 7.46 s had the hike's own pass (1.4 g) before it, so that "float" was kept and the first
/// turnaround was put on the floor at 6.88 s, a second before the true one (7.86 s): a false
/// rep in place of the set's first rep.
@Suite struct AccelerometerOnlyHikeTests {
    @Test func theFirstTurnaroundIsTheHikesNotTheFloor() throws {
        let config = try #require(validationDraw(runSeed: 2, sessionSeed: 562_786_809))
        let session = Simulator.simulate(config)
        let analysis = try withRecordingThroughFile(session, format: .physicsToolbox) { recording in
            try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(exercise: .swing))
        }
        #expect(analysis.sets.map { $0.reps.count } == session.truth.sets.map { $0.reps.count })
        let truth = session.truth.sets.flatMap { $0.reps.map(\.turnaround) }
        for rep in analysis.sets.flatMap(\.reps) {
            let nearest = truth.map { abs($0 - rep.turnaround) }.min() ?? .infinity
            #expect(nearest < 0.15, "rep at \(rep.turnaround) s is \(nearest) s from any true turnaround")
        }
    }
}
