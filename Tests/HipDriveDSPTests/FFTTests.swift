import Foundation
import Testing
@testable import HipDriveDSP

@Suite struct RealFFTTests {
    @Test(arguments: [1, 2, 3, 7, 8, 15, 16, 31, 64, 100, 127])
    func matchesNaiveDFT(size: Int) {
        let signal = TestSignals.noise(count: size, seed: UInt64(size))
        let fast = RealFFT<Double>(size: size).forward(signal)
        let slow = TestSignals.naiveDFT(signal)
        #expect(fast.count == size / 2 + 1)
        for (bin, expected) in zip(fast, slow) {
            #expect(abs(bin.real - expected.re) < 1e-10 * Double(size))
            #expect(abs(bin.imaginary - expected.im) < 1e-10 * Double(size))
        }
    }

    @Test func singlePrecisionMatchesNaiveDFT() {
        let signal = TestSignals.noise(count: 48, seed: 9)
        let fast = RealFFT<Float>(size: 48).forward(signal.map(Float.init))
        let slow = TestSignals.naiveDFT(signal)
        for (bin, expected) in zip(fast, slow) {
            #expect(abs(Double(bin.real) - expected.re) < 1e-4)
            #expect(abs(Double(bin.imaginary) - expected.im) < 1e-4)
        }
    }

    @Test(arguments: [16, 17, 1000, 4096])
    func parseval(size: Int) {
        // Σ|x|² = (1/N)·Σ_{all N bins}|X|²; the half spectrum counts bins 1…⌈N/2⌉−1 twice.
        let signal = TestSignals.noise(count: size, seed: 3)
        let spectrum = RealFFT<Double>(size: size).forward(signal)
        let timeEnergy = signal.reduce(0) { $0 + $1 * $1 }
        var frequencyEnergy = 0.0
        for (k, bin) in spectrum.enumerated() {
            let isUnpaired = k == 0 || (size % 2 == 0 && k == size / 2)
            frequencyEnergy += (isUnpaired ? 1 : 2) * bin.squaredMagnitude
        }
        frequencyEnergy /= Double(size)
        #expect(abs(timeEnergy - frequencyEnergy) < 1e-10 * timeEnergy)
    }

    @Test(arguments: [1, 5, 64, 999, 65536])
    func inverseOfForwardIsIdentity(size: Int) {
        let signal = TestSignals.noise(count: size, seed: 11)
        let fft = RealFFT<Double>(size: size)
        let back = fft.inverse(fft.forward(signal))
        #expect(TestSignals.maxAbsDifference(signal, back) < 1e-12)
    }

    @Test func complexFFTRoundTripAndBinOrder() {
        // e^(+2πi·3n/8) puts all its energy in bin 3 with the e^(−2πi·kn/N) forward sign.
        let size = 8
        let signal = (0..<size).map { n in
            ComplexValue(cos(2 * Double.pi * 3 * Double(n) / 8), sin(2 * Double.pi * 3 * Double(n) / 8))
        }
        let fft = ComplexFFT<Double>(size: size)
        let spectrum = fft.forward(signal)
        #expect(abs(spectrum[3].real - 8) < 1e-12)
        for k in 0..<size where k != 3 { #expect(spectrum[k].magnitude < 1e-12) }
        let back = fft.inverse(spectrum)
        for (a, b) in zip(signal, back) {
            #expect(abs(a.real - b.real) < 1e-14 && abs(a.imaginary - b.imaginary) < 1e-14)
        }
    }

    @Test func eightThreadsGiveTheSerialResults() async {
        // Many sizes at once from 8 tasks: planning (first use) and execution race for real.
        let sizes = [96, 128, 250, 256, 384, 1000, 1024, 2048]
        let signals = sizes.map { TestSignals.noise(count: $0, seed: UInt64($0)) }
        let concurrent = await withTaskGroup(of: (Int, [[ComplexValue<Double>]]).self) { group in
            for task in 0..<8 {
                group.addTask {
                    var results: [[ComplexValue<Double>]] = []
                    for round in 0..<20 {
                        let index = (task + round) % sizes.count
                        results.append(RealFFT<Double>(size: sizes[index]).forward(signals[index]))
                    }
                    return (task, results)
                }
            }
            var collected: [Int: [[ComplexValue<Double>]]] = [:]
            for await (task, results) in group { collected[task] = results }
            return collected
        }
        for task in 0..<8 {
            for round in 0..<20 {
                let index = (task + round) % sizes.count
                let serial = RealFFT<Double>(size: sizes[index]).forward(signals[index])
                #expect(concurrent[task]?[round] == serial)
            }
        }
    }
}

@Suite struct STFTTests {
    /// Direct computation of one frame: window, zero-pad, DFT.
    private func directFrame(_ signal: [Double], start: Int, window: [Double], fftLength: Int) -> [ComplexValue<Double>] {
        var frame = [Double](repeating: 0, count: fftLength)
        for n in 0..<window.count {
            let index = start + n
            frame[n] = (index >= 0 && index < signal.count ? signal[index] : 0) * window[n]
        }
        return RealFFT<Double>(size: fftLength).forward(frame)
    }

    @Test(arguments: [false, true])
    func framesMatchDirectComputationWhateverTheChunking(centered: Bool) {
        let signal = TestSignals.noise(count: 1000, seed: 5)
        let window: [Double] = WindowFunction.hann.coefficients(length: 64)
        let whole = ShortTimeFourierTransform<Double>.frames(of: signal, frameLength: 64, hop: 24, fftLength: 100,
                                                             centered: centered)
        // The same stream pushed in uneven chunks (1, 7, 63, 200, … samples).
        let stft = ShortTimeFourierTransform<Double>(frameLength: 64, hop: 24, fftLength: 100, centered: centered)
        var chunked: [[ComplexValue<Double>]] = []
        var starts: [Int] = []
        var position = 0
        for size in [1, 7, 63, 200, 3, 500, 226] {
            stft.process(Array(signal[position..<(position + size)])) { frame in
                chunked.append(Array(frame.bins))
                starts.append(frame.startSample)
            }
            position += size
        }
        stft.finish { frame in chunked.append(Array(frame.bins)); starts.append(frame.startSample) }
        #expect(whole == chunked)
        // Every sample is covered, as with scipy's padded=True.
        #expect(starts.first == (centered ? -32 : 0))
        #expect((starts.last ?? 0) + 64 >= 1000 + (centered ? 32 : 0))
        for (frame, start) in zip(chunked, starts) {
            let expected = directFrame(signal, start: start, window: window, fftLength: 100)
            for (a, b) in zip(frame, expected) {
                #expect(abs(a.real - b.real) < 1e-12 && abs(a.imaginary - b.imaginary) < 1e-12)
            }
        }
    }

    @Test(arguments: [2, 3, 8])
    func threadedBatchesEqualSerialFrames(concurrency: Int) {
        // 300 frames: several full batches of 64 and a partial one, fed in uneven chunks.
        let signal = TestSignals.noise(count: 300 * 16 + 77, seed: 12).map(Float.init)
        let serial = ShortTimeFourierTransform<Float>.frames(of: signal, frameLength: 50, hop: 16, fftLength: 75, centered: true)
        let stft = ShortTimeFourierTransform<Float>(frameLength: 50, hop: 16, fftLength: 75, centered: true,
                                                    concurrency: concurrency)
        var threaded: [[ComplexValue<Float>]] = []
        var indices: [Int] = []
        var position = 0
        while position < signal.count {
            let end = min(signal.count, position + 333)
            stft.process(Array(signal[position..<end])) { threaded.append(Array($0.bins)); indices.append($0.index) }
            position = end
        }
        stft.finish { threaded.append(Array($0.bins)); indices.append($0.index) }
        #expect(threaded == serial)
        #expect(indices == Array(0..<serial.count))
    }

    @Test func hopLongerThanFrameSkipsSamples() {
        let signal = (0..<100).map(Double.init)
        let frames = ShortTimeFourierTransform<Double>.frames(of: signal, frameLength: 4, hop: 10, window: .rectangular,
                                                              padLastFrame: false)
        // Frame m is samples 10m…10m+3: its DC bin is their sum.
        #expect(frames.count == 10)
        for (m, frame) in frames.enumerated() {
            #expect(frame[0].real == Double(4 * 10 * m + 6))
        }
    }

    @Test func floatSTFTAgreesWithDouble() {
        let signal = TestSignals.noise(count: 4096, seed: 8)
        let single = ShortTimeFourierTransform<Float>.frames(of: signal.map(Float.init), frameLength: 256, hop: 64)
        let double = ShortTimeFourierTransform<Double>.frames(of: signal, frameLength: 256, hop: 64)
        #expect(single.count == double.count)
        for (a, b) in zip(single, double) {
            for (x, y) in zip(a, b) { #expect(abs(Double(x.real) - y.real) < 1e-4) }
        }
    }
}
