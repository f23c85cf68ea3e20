import Foundation
import HipDriveRecordings
import HipDriveSimulator
import Testing
@testable import HipDriveAnalysis
@testable import HipDriveValidation

/// Audio of a set whose tempo drifts (AudioRepFinder.sameSoundPeriod): the onset trace's
/// autocorrelation can settle on twice the rep period, and the chain then hears every other rep.
@Suite struct AudioDriftingTempoTests {
    @Test func sameTimbreSoundsAtHalfThePeriodHalveIt() {
        let rate = 100.0
        // Rep sounds every 1.6–1.9 s (a slowing set) while the estimate says 3.5 s.
        let steady: [Int] = (0..<12).map { (k: Int) -> Int in
            let step = 1.6 + 0.025 * Double(k)
            return Int((5 + Double(k) * step) * rate)
        }
        #expect(abs(AudioRepFinder.sameSoundPeriod(steady, rate: rate, period: 3.5) - 1.75) < 1e-9)
        // The same sounds with the right period: unchanged.
        #expect(AudioRepFinder.sameSoundPeriod(steady, rate: rate, period: 1.75) == 1.75)
        // Two sounds per rep, 0.5 s and 1.3 s apart in turn (an exhale and a whoosh of the same
        // timbre, say): not a steady half period of 1.8 s, unchanged.
        var alternating: [Int] = []
        for r in 0..<8 {
            let t = 5 + Double(r) * 1.8
            alternating += [Int(t * rate), Int((t + 0.5) * rate)]
        }
        #expect(AudioRepFinder.sameSoundPeriod(alternating, rate: rate, period: 1.8) == 1.8)
        // Half of a period would be shorter than any swing's: unchanged.
        #expect(AudioRepFinder.sameSoundPeriod(steady, rate: rate, period: 1.2) == 1.2)
    }

    /// Validation seed 4, session 448238712 (wrist, Russian, breakdown at rep 6; its audio leg):
    /// both sets of 11 reps were heard as 6.
    @Test func aSlowingSetIsHeardWhole() throws {
        let config = try #require(validationDraw(runSeed: 4, sessionSeed: 448_238_712))
        let session = Simulator.simulate(config)
        let analysis = try withRecordingThroughFile(session, format: .wav) { recording in
            try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(exercise: .swing))
        }
        #expect(analysis.sets.map { $0.reps.count } == session.truth.sets.map { $0.reps.count })
    }
}
