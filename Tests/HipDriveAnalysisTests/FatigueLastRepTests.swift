import Foundation
import Testing
@testable import HipDriveAnalysis

/// Without a gyroscope a breakdown that rests on the set's last rep alone is withheld (null,
/// with the rep in `breakdownWithheldRep` and a note); with one it is read as the definition
/// says. A breakdown that holds for two reps or more is reported either way.
@Suite struct FatigueLastRepTests {
    static func context(noisy: Bool) -> FatigueAnalyzer.Context {
        var context = FatigueAnalyzer.Context()
        context.noisyPerRepPower = noisy
        return context
    }

    /// A slow decline (1 % of R per rep, well above the line) whose last rep alone is low.
    static let lowLastRep: [Double] = [100, 99, 101, 98, 97, 96, 95, 94, 93, 92, 91, 70]

    @Test func aLowLastRepAloneIsWithheldWithoutAGyroscope() throws {
        let reps = FatigueDefinitionTests.reps(Self.lowLastRep)
        // The definition on the reps as measured calls rep 12 (checked first, so this test fails
        // for the right reason if the rule stops working).
        let precise = FatigueAnalyzer.analyze(reps, context: Self.context(noisy: false))
        #expect(precise.breakdownRep == 12)
        #expect(precise.breakdownWithheldRep == nil)
        let noisy = FatigueAnalyzer.analyze(reps, context: Self.context(noisy: true))
        #expect(noisy.breakdownRep == nil)
        #expect(noisy.breakdownWithheldRep == 12)
        #expect(noisy.breakdownConfidence == "weak")
        #expect(noisy.confidence != "good")
        #expect(noisy.qualityNotes.contains { $0.contains("last rep alone") })
        // The 20 % loss crossing is the same line and follows the same rule.
        let twenty = try #require(noisy.thresholdCrossings.first { $0.thresholdPct == 20 })
        #expect(twenty.rep == nil)
    }

    @Test func aBreakdownHoldingTwoRepsIsReported() {
        let reps = FatigueDefinitionTests.reps([100, 99, 101, 98, 97, 96, 95, 94, 93, 92, 72, 70])
        let noisy = FatigueAnalyzer.analyze(reps, context: Self.context(noisy: true))
        #expect(noisy.breakdownRep == 11)
        #expect(noisy.breakdownWithheldRep == nil)
        #expect(!noisy.qualityNotes.contains { $0.contains("last rep alone") })
    }

    /// A handle sensor's set that holds up, with runs of reps whose power was measured near half
    /// (validate seed 1, session 965518650, per-rep mean drive power in % of the true R). The
    /// running median follows the low runs, so the denoised series stays below the line from rep
    /// 8; the reps from there, as measured, average 59 against a line of 48: withheld.
    static let lowRunsInAHoldingSet: [Double] = [99, 60, 52, 87, 112, 40, 83, 41, 94, 41]

    @Test func aBreakdownWhoseRepsAverageAboveTheLineIsWithheldWithoutAGyroscope() throws {
        // The denoised series alone calls rep 8 (checked first, so this test fails for the right
        // reason if the rule stops working).
        #expect(FatigueTrend.breakdown(Self.lowRunsInAHoldingSet.map { $0 }, threshold: 0.8)?.rep == 8)
        let reps = FatigueDefinitionTests.reps(Self.lowRunsInAHoldingSet)
        let noisy = FatigueAnalyzer.analyze(reps, context: Self.context(noisy: true))
        #expect(noisy.breakdownRep == nil)
        #expect(noisy.breakdownWithheldRep == 8)
        #expect(noisy.breakdownConfidence == "weak")
        #expect(noisy.qualityNotes.contains { $0.contains("average above") })
        let twenty = try #require(noisy.thresholdCrossings.first { $0.thresholdPct == 20 })
        #expect(twenty.rep == nil)
        #expect(FatigueTrend.measuredTailHoldsUp(8, Self.lowRunsInAHoldingSet.map { $0 }, level: 48))
        #expect(!FatigueTrend.measuredTailHoldsUp(8, Self.lowRunsInAHoldingSet.map { $0 }, level: 60))
        #expect(!FatigueTrend.measuredTailHoldsUp(nil, Self.lowRunsInAHoldingSet.map { $0 }, level: 48))
    }

    @Test func theLastMeasuredRepCountsAsTheLast() {
        // Rep 12 unmeasured (a gap): rep 11 is the last that was measured.
        #expect(FatigueTrend.restsOnLastRepAlone(11, [100, 99, 98, 97, 96, 95, 94, 93, 92, 91, 70, nil]))
        #expect(!FatigueTrend.restsOnLastRepAlone(10, [100, 99, 98, 97, 96, 95, 94, 93, 92, 71, 70, nil]))
        #expect(!FatigueTrend.restsOnLastRepAlone(nil, [100, 99, 98, 97]))
    }

    @Test func theWithheldRepIsInTheJSON() throws {
        let reps = FatigueDefinitionTests.reps(Self.lowLastRep)
        let withheld = FatigueAnalyzer.analyze(reps, context: Self.context(noisy: true))
        let json = try #require(String(data: try JSONEncoder().encode(withheld), encoding: .utf8))
        #expect(json.contains("\"breakdownWithheldRep\":12"))
        let reported = FatigueAnalyzer.analyze(reps, context: Self.context(noisy: false))
        let plain = try #require(String(data: try JSONEncoder().encode(reported), encoding: .utf8))
        #expect(plain.contains("\"breakdownWithheldRep\":null"))
    }
}
