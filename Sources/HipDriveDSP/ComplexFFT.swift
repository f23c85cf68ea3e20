/// Forward and inverse DFT of complex signals of one length, on cached FFTW plans.
///
/// - Forward: X[k] = Σₙ x[n]·e^(−2πi·k·n/N), k = 0…N−1, unnormalised (numpy's `fft`). Bin order
///   is FFTW's and numpy's: 0, 1, …, ⌈N/2⌉−1 positive frequencies, then the negative ones
///   (bin k > N/2 is at (k−N)·sampleRate/N Hz).
/// - Inverse: x[n] = (1/N)·Σₖ X[k]·e^(+2πi·k·n/N) (numpy's `ifft`), so inverse(forward(x)) == x.
///
/// Thread-safe like `RealFFT`: plans are shared, each call uses its own aligned buffers.
public struct ComplexFFT<Scalar: FFTScalar>: Sendable {
    /// Transform length N.
    public let size: Int
    let forwardPlan: FFTWPlan
    let inversePlan: FFTWPlan

    public init(size: Int, rigor: FFTPlanningRigor = .estimate) {
        precondition(size >= 1, "FFT size must be at least 1, got \(size)")
        self.size = size
        forwardPlan = FFTPlanCache.shared.plan(size: size, kind: .complexForward, precision: Scalar.fftPrecision, rigor: rigor)
        inversePlan = FFTPlanCache.shared.plan(size: size, kind: .complexInverse, precision: Scalar.fftPrecision, rigor: rigor)
    }

    /// The N-bin spectrum of `signal`, unnormalised, e^(−2πi·kn/N), FFTW/numpy bin order.
    public func forward(_ signal: [ComplexValue<Scalar>]) -> [ComplexValue<Scalar>] {
        run(forwardPlan, signal, normalise: false)
    }

    /// The signal whose spectrum is `spectrum`, divided by N.
    public func inverse(_ spectrum: [ComplexValue<Scalar>]) -> [ComplexValue<Scalar>] {
        run(inversePlan, spectrum, normalise: true)
    }

    private func run(_ plan: FFTWPlan, _ values: [ComplexValue<Scalar>], normalise: Bool) -> [ComplexValue<Scalar>] {
        precondition(values.count == size, "got \(values.count) values, FFT size is \(size)")
        let input = FFTWBuffer(complexCount: size, of: Scalar.self)
        let output = FFTWBuffer(complexCount: size, of: Scalar.self)
        values.withUnsafeBufferPointer { source in
            if let base = source.baseAddress {
                input.raw.copyMemory(from: base, byteCount: size * MemoryLayout<ComplexValue<Scalar>>.stride)
            }
        }
        plan.execute(input: input.raw, output: output.raw)
        if normalise {
            // Scale the interleaved re/im pairs as 2N reals.
            scale(output.reals(2 * size, as: Scalar.self), by: 1 / Scalar(size))
        }
        return Array(output.complexes(size, as: Scalar.self))
    }
}
