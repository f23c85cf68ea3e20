import Foundation
import HipDriveRecordings
import HipDriveSimulator
import Testing
@testable import HipDriveAnalysis
@testable import HipDriveValidation

/// Accelerometer-only bell sensor on the HANDLE: the park is no rep (AccelerometerOnlySwingPark.swift).
/// At the grip the athlete's crouch while lowering the bell takes the load along the arm to
/// 0.4–0.5 g, so the park's forward swing passed the float test and was counted as one more
/// rep; the bell comes to rest after it with no turnaround between, which a rep never does.
/// Validation draws as the validator made them (handle mount, its file format).
@Suite struct AccelerometerOnlyHandleParkTests {
    @Test func theParkAtTheHandleIsNoRep() throws {
        // Seed 1, session 617254681: Russian, two hands, 32 kg, 50 Hz phyphox; two sets of 10.
        // Main counted 11 in set 1 (the park at 25.9–27.2 s).
        var config = try #require(validationDraw(runSeed: 1, sessionSeed: 617_254_681))
        #expect(!config.sensor.hasGyroscope && config.sensor.placement == .bell)
        config.sensor.bellMount = .handle
        let session = Simulator.simulate(config)
        let analysis = try withRecordingThroughFile(session, format: .phyphox, name: "swing") { recording in
            try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(exercise: .swing,
                                                                              load: .init(massKg: config.massKg),
                                                                              bellSensorMount: .handle))
        }
        #expect(analysis.input.orientationMethod == .accelerometerOnly)
        #expect(analysis.sets.map(\.reps.count) == session.truth.sets.map(\.reps.count))
        // No rep starts inside a park.
        let parks = session.truth.nonRepIntervals.filter { $0.kind == "park" }
        #expect(!parks.isEmpty)
        for rep in analysis.sets.flatMap(\.reps) {
            #expect(!parks.contains { rep.turnaround > $0.start - 0.1 && rep.turnaround < $0.end },
                    "rep at \(rep.turnaround) s starts in a park")
        }
    }
}
