/// Forward and inverse DFT of real signals of one length, on cached FFTW plans.
///
/// - Forward: X[k] = Σₙ x[n]·e^(−2πi·k·n/N), k = 0…N/2, unnormalised (FFTW_FORWARD; numpy's
///   `rfft`). Bin k is at k·sampleRate/N Hz; bin 0 is DC and, for even N, bin N/2 is Nyquist.
///   Units: the signal's units (a sinusoid of amplitude A on a bin gives |X[k]| = A·N/2).
/// - Inverse: x[n] = (1/N)·Σₖ X[k]·e^(+2πi·k·n/N) over the Hermitian-extended spectrum, so
///   `inverse(forward(x)) == x` (numpy's `irfft`). The imaginary parts of bin 0 and, for even
///   N, bin N/2 are ignored, as in numpy.
///
/// Creating a `RealFFT` looks up (or makes, once per process) the FFTW plans; a value is cheap to
/// copy and safe to use from many threads at once: every call executes on its own aligned
/// buffers. For repeated transforms in a loop, use a `RealFFT.Workspace` to reuse the buffers.
///
/// ```swift
/// let fft = RealFFT<Double>(size: 1024)
/// let spectrum = fft.forward(signal)          // 513 bins
/// let back = fft.inverse(spectrum)            // == signal, to rounding
/// ```
public struct RealFFT<Scalar: FFTScalar>: Sendable {
    /// Transform length N, samples.
    public let size: Int
    let forwardPlan: FFTWPlan
    let inversePlan: FFTWPlan

    /// Number of spectrum bins, N/2 + 1.
    public var binCount: Int { size / 2 + 1 }

    /// Makes (or reuses) the plans for `size`-point transforms.
    /// - Parameters:
    ///   - size: transform length N ≥ 1. Sizes with only prime factors 2, 3, 5 are fastest.
    ///   - rigor: FFTW planning effort; `.estimate` unless the size is run very many times.
    public init(size: Int, rigor: FFTPlanningRigor = .estimate) {
        precondition(size >= 1, "FFT size must be at least 1, got \(size)")
        self.size = size
        forwardPlan = FFTPlanCache.shared.plan(size: size, kind: .realForward, precision: Scalar.fftPrecision, rigor: rigor)
        inversePlan = FFTPlanCache.shared.plan(size: size, kind: .realInverse, precision: Scalar.fftPrecision, rigor: rigor)
    }

    /// The spectrum of `signal` (length N): N/2+1 bins, unnormalised, e^(−2πi·kn/N).
    public func forward(_ signal: [Scalar]) -> [ComplexValue<Scalar>] {
        precondition(signal.count == size, "signal has \(signal.count) samples, FFT size is \(size)")
        let workspace = Workspace(self)
        return signal.withUnsafeBufferPointer { samples in
            Array(workspace.forward(samples))
        }
    }

    /// The real signal (length N) whose spectrum is `spectrum` (N/2+1 bins), divided by N.
    public func inverse(_ spectrum: [ComplexValue<Scalar>]) -> [Scalar] {
        precondition(spectrum.count == binCount, "spectrum has \(spectrum.count) bins, expected \(binCount)")
        let workspace = Workspace(self)
        return spectrum.withUnsafeBufferPointer { bins in
            Array(workspace.inverse(bins))
        }
    }

    /// Aligned input and output buffers for one thread's repeated transforms of one size.
    ///
    /// Not for sharing between threads (each thread makes its own; the plans are shared).
    /// Buffers returned by its methods stay valid until the next call on the same workspace.
    public final class Workspace {
        public let fft: RealFFT
        let realBuffer: FFTWBuffer
        let complexBuffer: FFTWBuffer
        let inverseInput: FFTWBuffer

        public init(_ fft: RealFFT) {
            self.fft = fft
            realBuffer = FFTWBuffer(realCount: fft.size, of: Scalar.self)
            complexBuffer = FFTWBuffer(complexCount: fft.binCount, of: Scalar.self)
            inverseInput = FFTWBuffer(complexCount: fft.binCount, of: Scalar.self)
        }

        /// The aligned input buffer of `forwardInPlace()`: N reals, fill it, then call it.
        public var input: UnsafeMutableBufferPointer<Scalar> { realBuffer.reals(fft.size) }

        /// Transforms whatever `input` holds; returns the N/2+1 bins (valid until the next call).
        /// `input` is preserved.
        @discardableResult
        public func forwardInPlace() -> UnsafeMutableBufferPointer<ComplexValue<Scalar>> {
            fft.forwardPlan.execute(input: realBuffer.raw, output: complexBuffer.raw)
            return complexBuffer.complexes(fft.binCount)
        }

        /// Copies `samples` (N values) into `input` and transforms them.
        @discardableResult
        public func forward(_ samples: UnsafeBufferPointer<Scalar>) -> UnsafeMutableBufferPointer<ComplexValue<Scalar>> {
            precondition(samples.count == fft.size, "signal has \(samples.count) samples, FFT size is \(fft.size)")
            if let base = samples.baseAddress {
                realBuffer.raw.copyMemory(from: base, byteCount: fft.size * MemoryLayout<Scalar>.stride)
            }
            return forwardInPlace()
        }

        /// The N reals whose spectrum is `bins` (N/2+1 values), normalised by 1/N (valid until
        /// the next call). `bins` is not modified.
        @discardableResult
        public func inverse(_ bins: UnsafeBufferPointer<ComplexValue<Scalar>>) -> UnsafeMutableBufferPointer<Scalar> {
            precondition(bins.count == fft.binCount, "spectrum has \(bins.count) bins, expected \(fft.binCount)")
            if let base = bins.baseAddress {
                inverseInput.raw.copyMemory(from: base, byteCount: fft.binCount * MemoryLayout<ComplexValue<Scalar>>.stride)
            }
            // c2r overwrites its input, hence the separate copy above.
            fft.inversePlan.execute(input: inverseInput.raw, output: realBuffer.raw)
            let output = realBuffer.reals(fft.size, as: Scalar.self)
            scale(output, by: 1 / Scalar(fft.size))
            return output
        }
    }
}

/// Multiplies every element by `factor`, dispatching once to a concrete Float or Double loop
/// (see Kernels.swift for why).
func scale<Scalar: FFTScalar>(_ values: UnsafeMutableBufferPointer<Scalar>, by factor: Scalar) {
    guard let base = values.baseAddress else { return }
    switch Scalar.fftPrecision {
    case .double:
        let doubles = UnsafeMutableRawPointer(base).assumingMemoryBound(to: Double.self)
        let factor = Double(factor)
        for index in 0..<values.count { doubles[index] *= factor }
    case .single:
        let floats = UnsafeMutableRawPointer(base).assumingMemoryBound(to: Float.self)
        let factor = Float(factor)
        for index in 0..<values.count { floats[index] *= factor }
    }
}
