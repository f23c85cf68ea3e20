import Foundation
import HipDriveRecordings
import Testing
@testable import HipDriveAnalysis

@Suite struct SwingAnalysisTests {
    static func steadySwing(reps: Int = 12, noise: Double = 0.05) -> PendulumSwing {
        PendulumSwing(frontAngles: Array(repeating: 1.5, count: reps),
                      driveTimes: Array(repeating: 0.85, count: reps),
                      returnTimes: Array(repeating: 0.95, count: reps), noiseStd: noise)
    }

    @Test func countsRepsNotTheHikeOrThePark() throws {
        let swing = Self.steadySwing()
        let analysis = try SessionAnalyzer.analyze(swing.recording(), settings: AnalysisSettings(load: .init(massKg: 16)))
        #expect(analysis.sets.count == 1)
        #expect(analysis.sets.first?.reps.count == 12)
        #expect(analysis.powerUnit == "W")
    }

    @Test func turnaroundsApexesAndPowerMatchTheClosedForm() throws {
        let swing = Self.steadySwing()
        let truth = swing.truth
        let analysis = try SessionAnalyzer.analyze(swing.recording(), settings: AnalysisSettings())
        let reps = try #require(analysis.sets.first?.reps)
        try #require(reps.count == truth.turnarounds.count)
        #expect(analysis.powerUnit == "W/kg")
        for (rep, k) in zip(reps, reps.indices) {
            #expect(abs(rep.turnaround - truth.turnarounds[k]) < 0.05)
            #expect(abs((rep.apex ?? 0) - truth.apexes[k]) < 0.05)
            let power = try #require(rep.meanDrivePowerWPerKg)
            #expect(abs(power / truth.meanDrivePowerPerKg[k] - 1) < 0.05)
            let work = try #require(rep.workJPerKg)
            #expect(abs(work / truth.workPerKg[k] - 1) < 0.05)
            let speed = try #require(rep.peakSpeedMps)
            #expect(abs(speed - truth.peakSpeed[k]) < 0.05)
            #expect(rep.meanDrivePowerW == nil)
        }
        let cadence = try #require(analysis.sets.first?.cadenceRpm)
        #expect(abs(cadence - 60 / 1.8) < 1)
    }

    @Test func fatigueFindsTheBreakdown() throws {
        // Twelve reps; from rep 8 the float drops, so the work and the mean drive power fall.
        var fronts = Array(repeating: 1.5, count: 12)
        for k in 7..<12 { fronts[k] = 1.15 }
        let swing = PendulumSwing(frontAngles: fronts, driveTimes: Array(repeating: 0.85, count: 12),
                                  returnTimes: Array(repeating: 0.95, count: 12), noiseStd: 0.05)
        let analysis = try SessionAnalyzer.analyze(swing.recording(), settings: AnalysisSettings(load: .init(massKg: 20)))
        let set = try #require(analysis.sets.first)
        #expect(set.reps.count == 12)
        let fatigue = try #require(set.fatigue)
        #expect(fatigue.breakdownRep == 8)
        #expect((fatigue.powerLossPct.meanDrive ?? 0) > 30)
        // Same drive time, less work: the loss is all work.
        #expect(abs((fatigue.workShare ?? 0) - 1) < 0.1)
    }

    @Test func steadySetHasNoBreakdown() throws {
        let analysis = try SessionAnalyzer.analyze(Self.steadySwing().recording(), settings: AnalysisSettings())
        let fatigue = try #require(analysis.sets.first?.fatigue)
        #expect(fatigue.breakdownRep == nil)
        #expect(abs(fatigue.powerLossPct.meanDrive ?? 100) < 5)
    }

    @Test func restIsNotASet() throws {
        let swing = PendulumSwing(frontAngles: [], driveTimes: [], returnTimes: [], noiseStd: 0.1)
        let analysis = try SessionAnalyzer.analyze(swing.recording(), settings: AnalysisSettings())
        #expect(analysis.totalReps == 0)
    }
}

