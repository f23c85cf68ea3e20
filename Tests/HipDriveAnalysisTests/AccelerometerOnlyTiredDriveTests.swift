import Foundation
import HipDriveRecordings
import HipDriveSimulator
@testable import HipDriveValidation
import Testing
@testable import HipDriveAnalysis

/// A tired one-hand drive inside a set, without a gyroscope (AccelerometerOnlyCounting.swift):
/// validation seed 2, session 735685274 (bell, Russian, one hand, breakdown at rep 5). The
/// ninth rep of the second set drives through the bottom at only 1.24 g (under the 1.25 g
/// bottom-pass bound) yet floats and falls back through a 2.6 g pass; its turnaround was not
/// placed and the rep was lost (11 + 10 of 11 + 11).
@Suite struct AccelerometerOnlyTiredDriveTests {
    @Test func aTiredDriveBetweenTwoRepsIsCounted() throws {
        let config = try #require(validationDraw(runSeed: 2, sessionSeed: 735_685_274))
        let session = Simulator.simulate(config)
        // Through the validation's own file (MetaWear, accelerometer only), as the miss was seen there.
        let analysis = try withRecordingThroughFile(session, format: .metawear) { recording in
            try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(exercise: .swing))
        }
        #expect(analysis.sets.map { $0.reps.count } == session.truth.sets.map { $0.reps.count })
        // And every counted turnaround is a true one (within a tenth of a second): the rescued
        // rep is the real one, not the park.
        let truth = session.truth.sets.flatMap { $0.reps.map(\.turnaround) }
        for rep in analysis.sets.flatMap(\.reps) {
            let nearest = truth.map { abs($0 - rep.turnaround) }.min() ?? .infinity
            #expect(nearest < 0.1, "rep at \(rep.turnaround) s is \(nearest) s from any true turnaround")
        }
    }
}
