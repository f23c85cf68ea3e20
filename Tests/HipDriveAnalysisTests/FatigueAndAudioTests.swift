import Foundation
import HipDriveRecordings
import Testing
@testable import HipDriveAnalysis

@Suite struct FatigueDefinitionTests {
    static func reps(_ power: [Double], driveTime: [Double]? = nil) -> [RepMetrics] {
        power.enumerated().map { k, p in
            let t = driveTime?[k] ?? 0.8
            return RepMetrics(index: k + 1, start: Double(k) * 2, end: Double(k + 1) * 2, turnaround: Double(k) * 2,
                              apex: Double(k) * 2 + t, meanDrivePowerW: p, workJ: p * t, peakSpeedMps: 3,
                              driveTimeS: t, repTimeS: 2)
        }
    }

    @Test func referenceIsTheBestTwoOfTheFirstThree() {
        #expect(FatigueAnalyzer.reference([100, 90, 110, 50]) == 105)
        #expect(FatigueAnalyzer.reference([nil, 90, 110]) == 100)
        // A gap swallowed two of the first three: the first three measured reps stand in.
        #expect(FatigueAnalyzer.reference([nil, nil, 100, 110, 80, 60]) == 105)
        #expect(FatigueAnalyzer.reference([nil, nil, nil, nil]) == nil)
    }

    @Test func lossUsesTheLastThree() throws {
        // R = 100; last three mean 70 → 30 % loss.
        let f = FatigueAnalyzer.analyze(Self.reps([100, 100, 90, 95, 80, 70, 70, 70]), context: .init())
        #expect(abs((f.powerLossPct.meanDrive ?? 0) - 30) < 1e-9)
        #expect(f.velocityLossPct == 0)
    }

    @Test func breakdownIsTheFirstRepOfTheTailBelowThreshold() {
        // Dips below 80 at rep 4 but recovers; stays below from rep 7.
        let f = FatigueAnalyzer.analyze(Self.reps([100, 100, 100, 75, 95, 90, 70, 72, 65]), context: .init())
        #expect(f.breakdownRep == 7)
        #expect(f.thresholdCrossings.first { $0.thresholdPct == 20 }?.rep == 7)
        #expect(f.thresholdCrossings.first { $0.thresholdPct == 30 }?.rep == 9)
        let steady = FatigueAnalyzer.analyze(Self.reps([100, 98, 101, 99, 97, 100, 98]), context: .init())
        #expect(steady.breakdownRep == nil)
    }

    @Test func slopeIsPercentOfReferencePerRep() throws {
        let f = FatigueAnalyzer.analyze(Self.reps([100, 98, 96, 94, 92, 90]), context: .init())
        // R = mean(100, 98) = 99; slope −2 W/rep → −2/99·100 %/rep.
        #expect(abs((f.slopePctPerRep ?? 0) + 200.0 / 99) < 1e-9)
    }

    @Test func sharesSplitTheLogLossExactly() throws {
        // Same work per rep, drive 25 % slower at the end: all of the loss is tempo.
        let power = [100, 100, 100, 100, 80, 80, 80.0]
        let drive = [0.8, 0.8, 0.8, 0.8, 1.0, 1.0, 1.0]
        let f = FatigueAnalyzer.analyze(Self.reps(power, driveTime: drive), context: .init())
        #expect(abs((f.tempoShare ?? 0) - 1) < 1e-9)
        #expect(abs((f.workShare ?? 1)) < 1e-9)
    }
}

@Suite struct CadenceAndSmoothnessTests {
    @Test func cadencePrefersTheFundamentalOverItsHarmonic() throws {
        // A rep period of 1.8 s whose second harmonic is stronger than the fundamental (two
        // acceleration peaks per rep): the estimate must still say 1.8 s.
        let fs = 100.0
        let signal = (0..<3000).map { i -> Double in
            let phase: Double = 2 * Double.pi * (Double(i) / fs) / 1.8
            let fundamental: Double = 0.6 * sin(phase)
            let harmonic: Double = sin(2 * phase + 0.3)
            return fundamental + harmonic
        }
        let estimate = try #require(CadenceEstimator.estimate([signal], sampleRate: fs))
        #expect(abs(estimate.periodS - 1.8) < 0.03)
    }

    @Test func sparcOfASmoothBellIsNearMinusOnePointFive() throws {
        let speed: [Double] = (0..<100).map { i in sin(Double.pi * Double(i) / 99) }
        let jerky: [Double] = speed.enumerated().map { i, v in v * (1 + 0.3 * sin(Double(i) * 0.19)) }
        let smooth = try #require(Smoothness.sparc(speed, sampleRate: 100))
        let rough = try #require(Smoothness.sparc(jerky, sampleRate: 100))
        #expect(smooth < -1.3 && smooth > -1.8)
        #expect(rough < smooth)
    }
}

@Suite struct AudioRepTests {
    /// An onset trace at 100 Hz: one burst per rep every `period` seconds for `reps` reps,
    /// plus knocks (clatter) in the rest and between two reps.
    static func onsetTrace(reps: Int, period: Double, knocks: [Double]) -> AudioTrace {
        let rate = 100.0
        let duration = 5 + Double(reps) * period + 10
        var onset = [Double](repeating: 0, count: Int(duration * rate))
        var generator = SplitMix(seed: 3)
        for i in onset.indices { onset[i] = 0.05 * generator.uniform() }
        func burst(_ t: Double, _ height: Double) {
            let c = Int(t * rate)
            for k in -3...3 where c + k >= 0 && c + k < onset.count { onset[c + k] += height * exp(-Double(k * k) / 4) }
        }
        for r in 0..<reps {
            let t = 5 + Double(r) * period
            burst(t, 1.0)                       // exhale near the float
            burst(t + 0.45 * period, 0.4)       // the whoosh at the bottom
        }
        for t in knocks { burst(t, 1.5) }
        return AudioTrace(traceRate: rate, onsetStrength: onset, rmsEnvelope: onset, audioSampleRate: 44100,
                          channels: 1, duration: duration, formatDescription: "test")
    }

    @Test func countsRepsAndRejectsClatter() throws {
        let period = 1.8
        let trace = Self.onsetTrace(reps: 15, period: period, knocks: [2.0, 5 + 6.3 * period, 5 + 15 * period + 6])
        let result = AudioRepFinder.findReps(trace)
        #expect(result.sets.count == 1)
        #expect(result.sets.first?.count == 15)
        #expect(abs((result.period ?? 0) - period) < 0.05)
    }

    @Test func audioReportsNoWattsWithoutCalibration() throws {
        let trace = Self.onsetTrace(reps: 10, period: 2, knocks: [])
        let recording = Recording(source: URL(fileURLWithPath: "/tmp/a.wav"), format: "WAV", columns: [], content: .audio(trace))
        let plain = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(load: .init(massKg: 16)))
        #expect(plain.powerUnit == "none")
        #expect(plain.sets.first?.reps.allSatisfy { $0.meanDrivePowerW == nil } == true)
        let calibrated = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(load: .init(massKg: 16, audioFloatHeightM: 0.8)))
        #expect(calibrated.powerIsEstimate)
        let work = try #require(calibrated.sets.first?.reps.first?.workJ)
        #expect(abs(work - 16 * 9.80665 * 0.8) < 1e-9)
    }
}
