import Foundation
import Testing
@testable import HipDriveDSP

/// scipy's results for one signal, generated once by Fixtures/make_scipy_fixture.py.
struct ScipyFixture: Decodable {
    struct WelchCase: Decodable {
        var window: String
        var nperseg: Int
        var noverlap: Int?
        var nfft: Int?
        var detrend: String
        var scaling: String
        var frequencies: [Double]
        var power: [Double]
    }
    struct Curve: Decodable { var frequencies: [Double]; var power: [Double] }
    struct SpectrogramCase: Decodable { var frequencies: [Double]; var times: [Double]; var power: [[Double]] }
    struct Analytic: Decodable { var real: [Double]; var imaginary: [Double] }

    var sample_rate: Double
    var signal: [Double]
    var welch: [WelchCase]
    var periodogram: Curve
    var spectrogram: SpectrogramCase
    var hilbert: Analytic

    static func load() throws -> ScipyFixture {
        guard let url = Bundle.module.url(forResource: "scipy_spectral", withExtension: "json", subdirectory: "Fixtures") else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try JSONDecoder().decode(ScipyFixture.self, from: Data(contentsOf: url))
    }
}

/// Largest relative difference over the values above 1e-12 of the peak (the criterion).
func relativeDifference(_ actual: [Double], _ expected: [Double]) -> Double {
    let peak = expected.map(abs).max() ?? 0
    var worst = 0.0
    for (a, e) in zip(actual, expected) where abs(e) > 1e-12 * peak {
        worst = max(worst, abs(a - e) / abs(e))
    }
    return worst
}

@Suite struct WelchTests {
    @Test func matchesScipyWelchOnTheStoredFixture() throws {
        let fixture = try ScipyFixture.load()
        #expect(fixture.welch.count == 6)
        for expected in fixture.welch {
            let options = WelchOptions(window: try WindowFunction(parsing: expected.window), segmentLength: expected.nperseg,
                                       overlap: expected.noverlap, fftLength: expected.nfft,
                                       detrend: Detrend(rawValue: expected.detrend) ?? .none,
                                       scaling: SpectralScaling(rawValue: expected.scaling) ?? .density)
            let psd = welch(fixture.signal, sampleRate: fixture.sample_rate, options: options)
            #expect(psd.frequencies.count == expected.frequencies.count, "\(expected.window)")
            #expect(TestSignals.maxAbsDifference(psd.frequencies, expected.frequencies) < 1e-12)
            #expect(relativeDifference(psd.power, expected.power) < 1e-9, "\(expected.window) \(expected.nperseg)")
        }
    }

    @Test func periodogramAndSpectrogramMatchScipy() throws {
        let fixture = try ScipyFixture.load()
        let single = periodogram(fixture.signal, sampleRate: fixture.sample_rate)
        #expect(relativeDifference(single.power, fixture.periodogram.power) < 1e-9)
        let sxx = spectrogram(fixture.signal, sampleRate: fixture.sample_rate)
        #expect(sxx.times.count == fixture.spectrogram.times.count)
        #expect(TestSignals.maxAbsDifference(sxx.times, fixture.spectrogram.times) < 1e-12)
        for (row, expected) in zip(sxx.power, fixture.spectrogram.power) {
            #expect(relativeDifference(row, expected) < 1e-9)
        }
    }

    @Test func whiteNoiseIsFlatAndIntegratesToTheVariance() {
        // σ = 2 at 50 Hz: the one-sided density is 2σ²/fs = 0.32 units²/Hz at every frequency.
        let sigma = 2.0, rate = 50.0
        let noise = TestSignals.gaussianNoise(count: 200_000, sigma: sigma, seed: 42)
        let psd = welch(noise, sampleRate: rate, options: WelchOptions(segmentLength: 256))
        let level = 2 * sigma * sigma / rate
        // Interior bins (DC and Nyquist are one-sided halves): each is a mean over ~1560
        // segments, so ±15 % holds with a wide margin.
        for k in 1..<(psd.power.count - 1) {
            #expect(abs(psd.power[k] / level - 1) < 0.15)
        }
        let variance = noise.map { $0 * $0 }.reduce(0, +) / Double(noise.count)
        #expect(abs(psd.integratedPower / variance - 1) < 0.01)
        #expect(psd.segmentCount == (200_000 - 128) / 128)
    }

    @Test func streamingInChunksEqualsOneCall() throws {
        let signal = TestSignals.noise(count: 5000, seed: 77)
        let options = WelchOptions(window: .hamming, segmentLength: 300, overlap: 100, detrend: .linear)
        let whole = welch(signal, sampleRate: 10, options: options)
        let streaming = WelchEstimator(sampleRate: 10, options: options)
        var position = 0
        for size in [1, 299, 1000, 17, 3683] {
            streaming.process(Array(signal[position..<(position + size)]))
            position += size
        }
        #expect(try streaming.result() == whole)
        #expect(throws: SpectralEstimateError.signalTooShort(samples: 10, segmentLength: 300)) {
            let short = WelchEstimator(sampleRate: 10, options: options)
            short.process(Array(signal[0..<10]))
            return try short.result()
        }
    }

    @Test func powerSpectrumShowsHalfTheSquaredAmplitude() {
        // A 3-unit sinusoid exactly on bin 50 with a rectangular window: A²/2 = 4.5 units².
        let signal = (0..<1000).map { 3 * cos(2 * Double.pi * 50 * Double($0) / 1000 + 0.2) }
        let spectrum = periodogram(signal, sampleRate: 1000, scaling: .spectrum)
        #expect(abs(spectrum.power[50] - 4.5) < 1e-10)
    }
}

@Suite struct AnalysisToolTests {
    @Test func hilbertOfACosineIsASine() {
        let count = 1000
        let signal = (0..<count).map { cos(2 * Double.pi * 37 * Double($0) / Double(count)) }
        let z = analyticSignal(signal)
        for n in 0..<count {
            #expect(abs(z[n].real - signal[n]) < 1e-12)
            #expect(abs(z[n].imaginary - sin(2 * Double.pi * 37 * Double(n) / Double(count))) < 1e-12)
        }
        // An amplitude-modulated tone: the envelope is the modulation.
        let modulated = (0..<count).map { (1 + 0.5 * cos(2 * Double.pi * 3 * Double($0) / Double(count))) * cos(2 * Double.pi * 100 * Double($0) / Double(count)) }
        let amplitude = envelope(of: modulated)
        for n in 0..<count { #expect(abs(amplitude[n] - (1 + 0.5 * cos(2 * Double.pi * 3 * Double(n) / Double(count)))) < 1e-10) }
        let frequency = instantaneousFrequency(of: signal, sampleRate: Double(count))
        #expect(frequency.allSatisfy { abs($0 - 37) < 1e-9 })
    }

    @Test func hilbertMatchesScipy() throws {
        let fixture = try ScipyFixture.load()
        let z = analyticSignal(Array(fixture.signal[0..<301]))
        #expect(TestSignals.maxAbsDifference(z.map(\.real), fixture.hilbert.real) < 1e-12)
        #expect(TestSignals.maxAbsDifference(z.map(\.imaginary), fixture.hilbert.imaginary) < 1e-12)
    }

    @Test(arguments: [0.0, 0.13, 0.37, 0.5, 0.71, 0.99])
    func sinusoidFrequencyToAThousandthOfABin(fraction: Double) throws {
        // 1024 samples at 1 kHz: a bin is 0.9765625 Hz; the tone sits `fraction` of a bin above bin 87.
        let count = 1024, rate = 1000.0
        let bin = rate / Double(count)
        let frequency = (87 + fraction) * bin
        let signal = (0..<count).map { 0.7 * sin(2 * Double.pi * frequency * Double($0) / rate + 1.1) + 0.1 }
        let estimate = try #require(dominantFrequency(of: signal, sampleRate: rate))
        #expect(abs(estimate - frequency) < 0.001 * bin)
    }

    @Test func peaksAreFoundWithProminenceAndDistance() {
        let values: [Double] = [0, 1, 0, 5, 5, 5, 2, 3, 2.5, 9, 1, 1.2, 0]
        let peaks = findPeaks(in: values)
        #expect(peaks.map(\.index) == [1, 4, 7, 9, 11])
        // The flat top at 5 has a deeper valley left (0) than right (2): prominence 5 − 2.
        #expect(TestSignals.maxAbsDifference(peaks.map(\.prominence), [1, 3, 0.5, 9, 0.2]) < 1e-12)
        #expect(findPeaks(in: values, minimumProminence: 1).map(\.index) == [1, 4, 9])
        #expect(findPeaks(in: values, minimumDistance: 4).map(\.index) == [4, 9])
        #expect(findPeaks(in: values, minimumHeight: 4).map(\.index) == [4, 9])
        // Parabola through (−1, 0), (0, 4), (1, 2) is 4 + x − 3x²: vertex at x = 1/6, height 4 + 1/12.
        let vertex = parabolicVertex(in: [0, 4, 2], at: 1)
        #expect(abs(vertex.position - (1 + 1.0 / 6)) < 1e-12)
        #expect(abs(vertex.height - (4 + 1.0 / 12)) < 1e-12)
    }

    @Test func autocorrelationEqualsTheDirectSum() {
        let signal = TestSignals.noise(count: 777, seed: 4)
        let mean = signal.reduce(0, +) / 777
        let fast = autocorrelation(signal, maximumLag: 100, normalization: .none)
        for lag in [0, 1, 17, 100] {
            var direct = 0.0
            for n in 0..<(777 - lag) { direct += (signal[n] - mean) * (signal[n + lag] - mean) }
            #expect(abs(fast[lag] - direct) < 1e-9)
        }
        // A periodic signal correlates with itself one period later.
        let periodic = (0..<1000).map { sin(2 * Double.pi * Double($0) / 50) }
        let coefficients = autocorrelation(periodic, maximumLag: 120)
        #expect(coefficients[0] == 1)
        let peak = findPeaks(in: coefficients).first
        #expect(peak?.index == 50)
    }

    @Test func windowsMatchTheirDefinitions() throws {
        let hann: [Double] = WindowFunction.hann.coefficients(length: 4)
        #expect(TestSignals.maxAbsDifference(hann, [0, 0.5, 1, 0.5]) < 1e-15)
        let symmetric: [Double] = WindowFunction.hann.coefficients(length: 5, periodic: false)
        #expect(TestSignals.maxAbsDifference(symmetric, [0, 0.5, 1, 0.5, 0]) < 1e-15)
        #expect(try WindowFunction(parsing: "Tukey:0.3") == .tukey(alpha: 0.3))
        #expect(throws: WindowParseError.self) { try WindowFunction(parsing: "triangle") }
    }
}
