import Foundation
import HipDriveRecordings
import HipDriveSimulator
import Testing
@testable import HipDriveAnalysis
@testable import HipDriveValidation

/// Prints truth against found reps for one drawn validation session; runs only when
/// HIPDRIVE_DEBUG_SESSION=<index> is set (a developer's tool, not a check).
@Test func debugValidationSession() throws {
    guard let value = ProcessInfo.processInfo.environment["HIPDRIVE_DEBUG_SESSION"], let index = Int(value) else { return }
    let options = ValidationOptions(sessions: index + 1, seed: 1, throughFiles: ProcessInfo.processInfo.environment["HIPDRIVE_DEBUG_FILES"] != nil)
    var random = SplitMix64(seed: options.seed)
    var config = SessionDraw.draw(&random, index: 0, options: options)
    for k in 0..<index { config = SessionDraw.draw(&random, index: k + 1, options: options) }
    let session = Simulator.simulate(config)
    print("config", config.exercise, config.style, config.hands, config.sensor.placement, config.sensor.hasGyroscope, config.fatigue, config.sensor.sampleRateHz)
    for interval in session.truth.nonRepIntervals { print("nonrep", interval.kind, interval.start, interval.end) }
    var recording = Recording(source: URL(fileURLWithPath: "x"), format: "ideal", columns: [], content: .motion(session.idealTrace))
    if options.throughFiles {
        let url = try RecordingWriter.write(session, format: .tsvLogger, to: FileManager.default.temporaryDirectory, name: "debug")
        recording = try RecordingReader.read(url)
        if case let .motion(trace) = recording.content { print("quality", trace.quality, trace.segments) }
    }
    var load = LoadSpecification(massKg: config.massKg)
    if config.exercise == .hipPull {
        let band = config.effectiveBand
        load = LoadSpecification(band: .stiffness(newtonsPerMetre: band.stiffnessNPerM, slackM: band.slackM - band.distanceAtTurnaroundM))
    }
    let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(exercise: config.exercise == .swing ? .swing : .hipPull, load: load))
    for set in session.truth.sets {
        print("TRUE set", set.index, set.start, set.end, set.breakdownRep as Any, set.breakdownRepByThreshold as Any)
        for r in set.reps { print(String(format: "  T %2d turn %.3f apex %.3f end %.3f MDP %.1f peak %.1f work %.1f v %.2f disp %.2f", r.index, r.turnaround, r.apex, r.end, r.meanDrivePowerW, r.peakPowerW, r.workJ, r.peakSpeedMps, r.displacementM)) }
    }
    for set in analysis.sets {
        print("FOUND set", set.index, set.start, set.end, set.cadenceRpm ?? 0, set.fatigue?.breakdownRep as Any)
        for r in set.reps { print(String(format: "  F %2d turn %.3f apex %.3f end %.3f MDP %.1f peak %.1f work %.1f v %.2f disp %.2f", r.index, r.turnaround, r.apex ?? -1, r.end, r.meanDrivePowerW ?? -1, r.peakPowerW ?? -1, r.workJ ?? -1, r.peakSpeedMps ?? -1, r.displacementM ?? -1)) }
    }
}
