// DSP benchmarks: FFT sizes 256…65536, the STFT of 10 minutes of 44.1 kHz audio (2048/512,
// Hann) next to bare FFTW executing the same frames, and Welch of one hour of 100 Hz data.
// Run from Benchmarks/: swift package --disable-sandbox benchmark --target DSPBenchmarks
// Peers (scipy.signal.stft/welch, bare FFTW in C): python3 peers/dsp_peers.py
import Benchmark
import CFFTW
import HipDriveDSP

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Deterministic test audio: three tones and noise from a linear congruential generator, so
/// the peer scripts can make the same signal (the FFT's speed does not depend on the values).
func syntheticSignal(count: Int, sampleRate: Double) -> [Float] {
    var state: UInt32 = 12345
    return (0..<count).map { index in
        state = state &* 1_664_525 &+ 1_013_904_223
        let noise = Double(state >> 8) / Double(1 << 24) - 0.5
        let t = Double(index) / sampleRate
        return Float(0.3 * sin(2 * Double.pi * 440 * t) + 0.2 * sin(2 * Double.pi * 97 * t)
                     + 0.1 * sin(2 * Double.pi * 3000 * t) + 0.05 * noise)
    }
}

let audioRate = 44_100.0
let stftFrame = 2048
let stftHop = 512
/// 10 minutes of 44.1 kHz mono audio (26.46 M samples, 106 MB as Float).
let tenMinutesOfAudio = syntheticSignal(count: 600 * 44_100, sampleRate: audioRate)
let oneHourAt100Hz = syntheticSignal(count: 3600 * 100, sampleRate: 100).map(Double.init)
let stftFrameCount = (tenMinutesOfAudio.count - stftFrame) / stftHop + 1

/// The floor for this work: bare FFTW on the same frames (window, r2c execute). Both sides plan
/// with FFTW_ESTIMATE, which picks the same algorithm every time: package-benchmark runs each
/// benchmark in its own process, and FFTW_MEASURE on a busy machine picks a different plan in
/// each (±20 % apart), which would compare planner luck rather than the STFT's overhead. Returns a checksum so nothing is optimised away.
final class BareFFTWSTFT {
    let input: UnsafeMutablePointer<Float>
    let output: UnsafeMutablePointer<fftwf_complex>
    let plan: OpaquePointer
    let window: [Float] = WindowFunction.hann.coefficients(length: stftFrame)

    init() {
        input = fftwf_malloc(stftFrame * 4)!.bindMemory(to: Float.self, capacity: stftFrame)
        output = fftwf_malloc((stftFrame / 2 + 1) * 8)!.bindMemory(to: fftwf_complex.self, capacity: stftFrame / 2 + 1)
        plan = fftwf_plan_dft_r2c_1d(Int32(stftFrame), input, output, 1 << 6 /* FFTW_ESTIMATE */)!
    }

    func run(_ signal: UnsafeBufferPointer<Float>) -> Float {
        var checksum: Float = 0
        var start = 0
        window.withUnsafeBufferPointer { window in
            while start + stftFrame <= signal.count {
                for n in 0..<stftFrame { input[n] = signal[start + n] * window[n] }
                fftwf_execute_dft_r2c(plan, input, output)
                checksum += output[1].0
                start += stftHop
            }
        }
        return checksum
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .cpuTotal, .mallocCountTotal],
                                           timeUnits: .nanoseconds, maxDuration: .seconds(3))

    // MARK: FFT sizes, one transform per iteration on a reused workspace.
    for exponent in 8...16 {
        let size = 1 << exponent
        Benchmark("RealFFT<Double> forward \(size)") { benchmark in
            let workspace = RealFFT<Double>.Workspace(RealFFT<Double>(size: size))
            for index in 0..<size { workspace.input[index] = Double(index % 7) }
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(workspace.forwardInPlace()[1].real) }
        }
        Benchmark("RealFFT<Float> forward \(size)") { benchmark in
            let workspace = RealFFT<Float>.Workspace(RealFFT<Float>(size: size))
            for index in 0..<size { workspace.input[index] = Float(index % 7) }
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(workspace.forwardInPlace()[1].real) }
        }
    }

    // MARK: STFT of 10 minutes of 44.1 kHz audio, 2048/512 Hann, and the bare-FFTW floor.
    let long = Benchmark.Configuration(metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
                                       timeUnits: .milliseconds, warmupIterations: 1,
                                       maxDuration: .seconds(20), maxIterations: 10)
    /// The HipDrive STFT over ten minutes of audio, fed as a file reader would (65 536 samples at a
    /// time); the serial and the threaded variants differ only in `concurrency`.
    func measureHipDriveSTFT(_ benchmark: Benchmark, concurrency: Int) {
        let stft = ShortTimeFourierTransform<Float>(frameLength: stftFrame, hop: stftHop, window: .hann, rigor: .estimate,
                                                    concurrency: concurrency)
        var checksum: Float = 0
        benchmark.startMeasurement()
        tenMinutesOfAudio.withUnsafeBufferPointer { signal in
            var start = 0
            while start < signal.count {
                let end = min(start + 65_536, signal.count)
                stft.process(UnsafeBufferPointer(rebasing: signal[start..<end])) { frame in checksum += frame.bins[1].real }
                start = end
            }
        }
        stft.finish(padLastFrame: false) { frame in checksum += frame.bins[1].real }
        benchmark.stopMeasurement()
        precondition(stft.frameCount == stftFrameCount, "frame count \(stft.frameCount) ≠ \(stftFrameCount)")
        blackHole(checksum)
    }
    Benchmark("STFT 10 min 44.1 kHz 2048/512 Hann (HipDrive, Float)", configuration: long) { benchmark in
        measureHipDriveSTFT(benchmark, concurrency: 1)
    }
    Benchmark("STFT 10 min 44.1 kHz 2048/512 Hann (HipDrive, Float, 2 threads)", configuration: long) { benchmark in
        measureHipDriveSTFT(benchmark, concurrency: 2)
    }
    Benchmark("STFT 10 min 44.1 kHz 2048/512 Hann (bare FFTW, same frames)", configuration: long) { benchmark in
        let bare = BareFFTWSTFT()
        benchmark.startMeasurement()
        let checksum = tenMinutesOfAudio.withUnsafeBufferPointer { bare.run($0) }
        benchmark.stopMeasurement()
        blackHole(checksum)
    }

    // MARK: Welch of one hour of 100 Hz data (1024-point Hann segments, half overlap).
    let welchConfiguration = Benchmark.Configuration(metrics: [.wallClock, .cpuTotal, .mallocCountTotal],
                                                     timeUnits: .microseconds, warmupIterations: 1,
                                                     maxDuration: .seconds(5), maxIterations: 50)
    Benchmark("Welch 1 h 100 Hz nperseg 1024 (HipDrive, Double)", configuration: welchConfiguration) { benchmark in
        let options = WelchOptions(window: .hann, segmentLength: 1024)
        for _ in benchmark.scaledIterations {
            blackHole(welch(oneHourAt100Hz, sampleRate: 100, options: options).power[10])
        }
    }
}
