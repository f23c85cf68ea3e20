import Foundation
import Testing
import HipDriveRecordings
import HipDriveSimulator
@testable import HipDriveAnalysis

/// A swing recorded by a sensor at the hips (`--placement hips`, a phone in a pocket or on the
/// belt): counted from the hip hinge, no bell power (SessionAnalyzer.analyzeSwingAtHips). Before,
/// the swing's bell analysis ran on the hips' motion: seed 3 (two sets of 15, Sensor Logger with
/// a gyroscope) found one rep and printed W/kg of a bell the sensor never moved with.
@Suite struct SwingAtHipsTests {
    func swingAtHips(seed: UInt64, style: SimulationConfig.SwingStyle) -> SimulationConfig {
        var config = SimulationConfig(seed: seed)
        config.style = style
        config.sets = 2
        config.repsPerSet = 12
        config.fatigue = .init(kind: .decline, lossFraction: 0.3, workShare: 0.6)
        config.sensor.placement = .hips
        config.sensor.hasGyroscope = true
        return config
    }

    @Test(arguments: [(UInt64(11), SimulationConfig.SwingStyle.russian), (12, .american), (3, .russian)])
    func swingsAtTheHipsAreCountedFromTheHingeWithoutBellPower(seed: UInt64, style: SimulationConfig.SwingStyle) throws {
        let (session, analysis) = try simulateAndAnalyse(swingAtHips(seed: seed, style: style), format: .sensorLogger,
                                                         settings: AnalysisSettings(load: .init(massKg: 16), placement: .hips))
        #expect(analysis.sets.map(\.reps.count) == session.truth.sets.map(\.reps.count), "\(repCounts(analysis, session))")
        #expect(analysis.exercise == .swing)
        #expect(analysis.powerUnit == "none")
        let reps = analysis.sets.flatMap(\.reps)
        #expect(reps.allSatisfy { $0.meanDrivePowerW == nil && $0.peakPowerW == nil && $0.workJ == nil && $0.meanDrivePowerWPerKg == nil })
        #expect(analysis.notes.contains { $0.hasPrefix("swing recorded at the hips") })
        // The hips are furthest back as the bell reaches the backswing: every turnaround after a
        // set's first (which the hips reach already at the bell's pick-up) within 0.1 s of the bell's.
        for (found, truth) in zip(analysis.sets, session.truth.sets) where found.reps.count == truth.reps.count {
            for (rep, trueRep) in zip(found.reps, truth.reps).dropFirst() {
                #expect(abs(rep.turnaround - trueRep.turnaround) < 0.1, "rep \(rep.index): \(rep.turnaround) s, truth \(trueRep.turnaround) s")
            }
        }
    }
}
