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
