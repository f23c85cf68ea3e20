import Foundation
import HipDriveRecordings
import HipDriveSimulator
import Testing
@testable import HipDriveAnalysis
@testable import HipDriveValidation

/// A set whose tempo changes mid-way (a breakdown that slows the reps by a third) must still
/// be found rhythmic: the whole run's autocorrelation smears, its windows do not.
@Suite struct DriftingCadenceTests {
    /// Six reps of 1.8 s then six of 2.4 s, two pulses a rep (the two bottom passes).
    static func drifting(sampleRate: Double) -> [Double] {
        var signal: [Double] = []
        for period in Array(repeating: 1.8, count: 6) + Array(repeating: 2.4, count: 6) {
            let n = Int(period * sampleRate)
            for k in 0..<n {
                let phase = Double(k) / Double(n)
                signal.append(exp(-pow((phase - 0.2) / 0.05, 2)) + 0.3 * exp(-pow((phase - 0.7) / 0.05, 2)))
            }
        }
        return signal
    }

    @Test func windowsFindTheRhythmTheWholeRunSmears() throws {
        let fs = 100.0
        let signal = Self.drifting(sampleRate: fs)
        let whole = CadenceEstimator.estimate([signal], sampleRate: fs)
        let windows = try #require(CadenceEstimator.estimateAcrossDrift([signal], sampleRate: fs, threshold: MotionRepFinder.minimumRhythm))
        #expect(windows.strength > MotionRepFinder.minimumRhythm)
        #expect(windows.strength > (whole?.strength ?? 0))
        #expect((1.7...2.5).contains(windows.periodS))
    }

    @Test func noiseStaysUnrhythmic() {
        var generator = SplitMix64(seed: 7)
        let noise = (0..<3000).map { _ in generator.uniform(-1...1) }
        #expect(CadenceEstimator.estimateAcrossDrift([noise], sampleRate: 100, threshold: MotionRepFinder.minimumRhythm) == nil)
    }

    /// Validation seed 3, session 130949377 (bell, accelerometer only, American, breakdown at
    /// rep 4): the second set slows from 1.8 to 2.4 s a rep, its whole-run autocorrelation
    /// reached 0.28 and the set was not found at all (7 + 0 of 7 + 7 reps).
    @Test func aBrokenDownSetWithoutAGyroscopeIsFound() throws {
        var config = try #require(validationDraw(runSeed: 3, sessionSeed: 130_949_377))
        // Pinned with the sensor at the bell's centre of mass, before the validator drew a handle
        // mount (the handle version is an open counting miss, notes/bellhandle.md).
        config.sensor.bellMount = .centre
        let session = Simulator.simulate(config)
        // Through the validation's own file (phyphox, accelerometer only), as the miss was seen there.
        let analysis = try withRecordingThroughFile(session, format: .phyphox) { recording in
            try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(exercise: .swing, bellSensorMount: .centre))
        }
        #expect(analysis.sets.map { $0.reps.count } == session.truth.sets.map { $0.reps.count })
    }
}
