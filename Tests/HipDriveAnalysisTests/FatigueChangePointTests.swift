import Foundation
import Testing
@testable import HipDriveAnalysis

/// The breakdown rep as a change point (FatigueTrend.changePoint) on per-rep power measured
/// without a gyroscope: a step the data shows is placed at its rep, a steady decline with the same
/// noise gets no step, and a run of failed (low) reps in a set that holds up is not a breakdown.
@Suite struct FatigueChangePointTests {
    static func noisyContext() -> FatigueAnalyzer.Context {
        var context = FatigueAnalyzer.Context()
        context.noisyPerRepPower = true
        return context
    }

    /// The definition read on the denoised series (the behaviour before the change point).
    static func denoisedDefinition(_ power: [Double?]) -> Int? {
        let clean = FatigueTrend.denoised(power)
        guard let r = FatigueAnalyzer.reference(clean) else { return nil }
        return FatigueAnalyzer.firstRepStayingBelow(clean, level: 0.8 * r)
    }

    /// Wrist without a gyroscope, validate seed 1, session 810300873: true power (% of the true R)
    /// 91 97 103 96 | 61 54 57 53 49, a breakdown at rep 5; rep 7 was measured 84, just above the
    /// line, so the definition read rep 8.
    static let wristStepAtFive: [Double?] = [101, 104, 105, 103, 77, 75, 84, 56, 55]
    /// Bell handle without a gyroscope, validate seed 2: true 100 100 100 98 101 | 77 64 67 65,
    /// a breakdown at rep 6, measured 93 there (above 80 % of the level before).
    static let bellStepAtSix: [Double?] = [112, 113, 119, 111, 118, 93, 79, 78, 83]

    @Test func aStepInANoisySetIsFoundAtItsRep() throws {
        #expect(Self.denoisedDefinition(Self.wristStepAtFive) == 8)
        #expect(Self.denoisedDefinition(Self.bellStepAtSix) == 7)
        let five = try #require(FatigueTrend.changePoint(Self.wristStepAtFive, threshold: 0.8))
        #expect(five.breakdownRep == 5)
        #expect(five.evidence > FatigueTrend.changePointEvidence)
        #expect(five.levelRatio < 0.8)
        #expect(FatigueTrend.breakdown(Self.wristStepAtFive, threshold: 0.8)?.rep == 5)
        #expect(FatigueTrend.breakdown(Self.bellStepAtSix, threshold: 0.8)?.rep == 6)

        let fatigue = FatigueAnalyzer.analyze(FatigueDefinitionTests.reps(Self.wristStepAtFive.map { $0 ?? 0 }),
                                              context: Self.noisyContext())
        #expect(fatigue.breakdownRep == 5)
        #expect(fatigue.breakdownWithheldRep == nil)
        #expect(fatigue.qualityNotes.contains { $0.contains("change point") })
        // The 20 % loss crossing is the same line and follows the same rule.
        let twenty = try #require(fatigue.thresholdCrossings.first { $0.thresholdPct == 20 })
        #expect(twenty.rep == 5)
    }

    @Test func theEvidenceIsInTheJSON() throws {
        let reps = FatigueDefinitionTests.reps(Self.wristStepAtFive.map { $0 ?? 0 })
        let noisy = FatigueAnalyzer.analyze(reps, context: Self.noisyContext())
        let evidence = try #require(noisy.breakdownChangePointEvidence)
        #expect(evidence > FatigueTrend.changePointEvidence)
        let json = try #require(String(data: try JSONEncoder().encode(noisy), encoding: .utf8))
        #expect(json.contains("\"breakdownChangePointEvidence\":\(evidence)"))
        let decoded = try JSONDecoder().decode(FatigueBreakdown.self, from: try JSONEncoder().encode(noisy))
        #expect(decoded.breakdownChangePointEvidence == evidence)
        let precise = FatigueAnalyzer.analyze(reps, context: .init())
        let plain = try #require(String(data: try JSONEncoder().encode(precise), encoding: .utf8))
        #expect(plain.contains("\"breakdownChangePointEvidence\":null"))
    }

    /// With a gyroscope the reps are read as the definition says (no change point is sought).
    @Test func preciseRepsKeepTheDefinition() {
        let reps = FatigueDefinitionTests.reps(Self.wristStepAtFive.map { $0 ?? 0 })
        #expect(FatigueAnalyzer.analyze(reps, context: .init()).breakdownRep == 8)
        #expect(FatigueTrend.breakdown(Self.wristStepAtFive, threshold: 0.8, denoise: false)?.changePointEvidence == nil)
    }

    @Test func aSteadyDeclineWithTheSameNoiseHasNoStep() {
        // 2.6 % of R per rep with ±6 % alternating scatter: a line, so the definition reads it.
        let decline: [Double?] = [104, 93, 101, 90, 97, 84, 92, 80, 86, 75, 82, 70, 76, 66]
        #expect(FatigueTrend.changePoint(decline, threshold: 0.8) == nil)
        #expect(FatigueTrend.breakdown(decline, threshold: 0.8)?.rep == Self.denoisedDefinition(decline))
        #expect(FatigueTrend.breakdown(decline, threshold: 0.8)?.changePointEvidence == nil)
        // A clean steady decline, too.
        let clean = (0..<15).map { Double?(100 - 2 * Double($0)) }
        #expect(FatigueTrend.changePoint(clean, threshold: 0.8) == nil)
    }

    @Test func aRunOfTwoLowRepsInAHoldingSetIsNotABreakdown() {
        // Two reps measured at half (a handle sensor's failures) that return to the level.
        let holding: [Double?] = [100, 106, 95, 103, 52, 48, 101, 97, 108, 94, 99, 103]
        #expect(FatigueTrend.changePoint(holding, threshold: 0.8) == nil)
        let deep: [Double?] = [100, 106, 95, 103, 98, 22, 30, 101, 97, 108, 94, 99]
        #expect(FatigueTrend.changePoint(deep, threshold: 0.8) == nil)
        for power in [holding, deep] {
            let fatigue = FatigueAnalyzer.analyze(FatigueDefinitionTests.reps(power.map { $0 ?? 0 }),
                                                  context: Self.noisyContext())
            #expect(fatigue.breakdownRep == nil)
        }
    }

    @Test func failedRepsCostLittleWhereverTheySit() {
        // The noise model: a reading far below its level costs a bounded amount (a failure), one
        // as far above costs the Gaussian's growing price.
        let sigma = 0.1
        let low = FatigueTrend.residualCost(-1.0, sigma: sigma)
        let lower = FatigueTrend.residualCost(-2.0, sigma: sigma)
        #expect(abs(lower - low) < 1e-6)
        #expect(FatigueTrend.residualCost(1.0, sigma: sigma) > 10 * low)
        #expect(FatigueTrend.coreWeight(0, sigma: sigma) > 0.9)
        #expect(FatigueTrend.coreWeight(-1, sigma: sigma) < 0.01)
    }
}
