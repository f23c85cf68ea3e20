import Foundation
import Testing
@testable import HipDriveAnalysis

/// The breakdown rep on per-rep power series with the structure of real measurement noise:
/// clean series must read exactly as the definition on the reps; noisy ones (15–20 % rep-to-rep
/// scatter, as without a gyroscope) must not break down by one rep's noise. Each noisy series is
/// chosen so that the definition applied to the raw reps gets it wrong (checked first), so the
/// test fails if the denoising stops doing its job.
@Suite struct FatigueTrendTests {
    static func breakdown(_ power: [Double?]) -> Int? {
        FatigueTrend.breakdown(power, threshold: 0.8)?.rep
    }

    /// The definition on the raw reps (the behaviour before FatigueTrend).
    static func rawBreakdown(_ power: [Double?]) -> Int? {
        guard let r = FatigueAnalyzer.reference(power) else { return nil }
        return FatigueAnalyzer.firstRepStayingBelow(power, level: 0.8 * r)
    }

    @Test func aCleanSteadyDeclineReadsAsTheDefinition() {
        // 2 % of R per rep: 80 at rep 11 (not below), 78 at rep 12.
        let power = (0..<15).map { Double?(100 - 2 * Double($0)) }
        #expect(Self.breakdown(power) == 12)
        #expect(FatigueTrend.denoised(power) == power)
        #expect(FatigueTrend.breakdown(power, threshold: 0.8)?.confidence == "good")
    }

    @Test func cleanSetsKeepTheirOwnReps() {
        // A clean step and a clean drop at the very last rep: a precise sensor's single reps count.
        #expect(Self.breakdown([100, 101, 99, 100, 102, 98, 100, 70, 69, 71, 70, 68]) == 8)
        #expect(Self.breakdown([100, 99, 101, 100, 98, 100, 99, 101, 75]) == 9)
        #expect(Self.breakdown([100, 99, 101, 100, 98, 100, 99, 101, 97]) == nil)
    }

    @Test func aLateBreakdownSurvivesOneHighRepAfterIt() {
        // Power steps from ~100 to ~60 at rep 10; rep 13 is measured 50 % high.
        let power: [Double?] = [100, 112, 95, 88, 104, 97, 115, 90, 102, 62, 55, 70, 90, 58, 61]
        #expect(Self.rawBreakdown(power) == 14)
        let found = try? #require(Self.breakdown(power))
        #expect(found.map { abs($0 - 10) <= 1 } == true)
    }

    @Test func aFlatNoisySetWithALowLastRepHoldsUp() {
        // No fatigue, ~19 % rep-to-rep scatter, the last rep measured 30 % low.
        let power: [Double?] = [100, 85, 115, 92, 108, 120, 88, 97, 111, 104, 98, 68]
        #expect(Self.rawBreakdown(power) == 12)
        let call = FatigueTrend.breakdown(power, threshold: 0.8)
        #expect(call?.rep == nil)
        #expect((call?.repNoisePct ?? 0) > 10)
    }

    @Test func oneBadOpeningRepDoesNotSetTheReference() {
        // Rep 1 measured 70 % high inflates R (best two of the first three) so the set "breaks".
        let power: [Double?] = [170, 100, 88, 112, 95, 104, 118, 86, 99, 109, 92, 101]
        #expect(Self.rawBreakdown(power) != nil)
        #expect(Self.breakdown(power) == nil)
    }

    @Test func unmeasuredRepsAreSkippedNotBridged() {
        let power: [Double?] = [100, 112, 95, 88, 104, 97, 115, 90, nil, 62, 55, 70, 90, 58, 61]
        let clean = FatigueTrend.denoised(power)
        #expect(clean[8] == nil)
        let found = try? #require(Self.breakdown(power))
        #expect(found.map { abs($0 - 10) <= 1 } == true)
    }

    @Test func theConfidenceFollowsTheMarginOverTheNoise() throws {
        // A deep, clean drop is "good"; a noisy flat set whose last three reps sit within one
        // standard error of the line (the low last rep) holds up, but only "weak"ly, and says so.
        #expect(FatigueTrend.breakdown([100, 101, 99, 100, 102, 98, 100, 60, 59, 61, 60, 58], threshold: 0.8)?.confidence == "good")
        let marginal: [Double?] = [100, 85, 115, 92, 108, 120, 88, 97, 111, 104, 98, 68]
        let call = try #require(FatigueTrend.breakdown(marginal, threshold: 0.8))
        #expect(call.rep == nil)
        #expect(call.confidence == "weak")
        let reps = FatigueDefinitionTests.reps(marginal.map { $0 ?? 0 })
        var noisy = FatigueAnalyzer.Context()
        noisy.noisyPerRepPower = true
        let fatigue = FatigueAnalyzer.analyze(reps, context: noisy)
        #expect(fatigue.breakdownRep == nil)
        #expect(fatigue.breakdownConfidence == "weak")
        #expect(fatigue.qualityNotes.contains { $0.contains("uncertain") })
    }

    /// Precisely measured reps (a gyroscope) are read as they are, even when the athlete's own
    /// reps jitter: the same series from a precise sensor keeps the definition's breakdown (the
    /// last rep below the line), from an accelerometer alone the low last rep is noise.
    @Test func preciseRepsAreReadAsTheDefinitionSays() {
        let reps = FatigueDefinitionTests.reps([100, 85, 115, 92, 108, 120, 88, 97, 111, 104, 98, 68])
        #expect(FatigueAnalyzer.analyze(reps, context: .init()).breakdownRep == 12)
        var noisy = FatigueAnalyzer.Context()
        noisy.noisyPerRepPower = true
        #expect(FatigueAnalyzer.analyze(reps, context: noisy).breakdownRep == nil)
    }

    @Test func runningMedianKeepsStepsAndTrendsAndDropsSingleExcursions() {
        #expect(FatigueTrend.runningMedian3R([1, 2, 3, 4, 5]) == [1, 2, 3, 4, 5])
        #expect(FatigueTrend.runningMedian3R([5, 5, 5, 1, 1, 1]) == [5, 5, 5, 1, 1, 1])
        #expect(FatigueTrend.runningMedian3R([5, 5, 9, 5, 5]) == [5, 5, 5, 5, 5])
        // End-point rule: a last value off the trend is pulled back, one on it is kept.
        #expect(FatigueTrend.runningMedian3R([5, 5, 5, 5, 1]) == [5, 5, 5, 5, 5])
        #expect(FatigueTrend.runningMedian3R([5, 4, 3, 2, 1]) == [5, 4, 3, 2, 1])
    }
}
