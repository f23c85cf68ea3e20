#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A zero-phase filter applied in the frequency domain: low-pass, high-pass or band-pass with a
/// raised-cosine transition band.
///
/// The gain H(f) is real and even, so the filter delays no frequency (zero phase, like
/// `scipy.signal.filtfilt`, but with an exact, flat pass band and an exactly zero stop band at
/// every DFT bin). Each edge at frequency fₑ rises or falls as a half cosine over
/// [fₑ − w/2, fₑ + w/2] (w = `transitionWidth`), so H(fₑ) = 0.5 (−6 dB); the smooth transition
/// keeps the time-domain ringing short (it decays within a few 1/w seconds).
///
/// `apply(to:)` extends the signal at both ends by odd reflection (2·x₀ − x[k], as filtfilt's
/// `padtype='odd'`) over 3/w seconds, so edges neither jump nor wrap around, transforms with a
/// cached FFTW plan of a 2·3·5-smooth length, multiplies by H, and transforms back. Double
/// precision: motion signals are integrated downstream.
///
/// ```swift
/// let smooth = ZeroPhaseFilter.lowPass(cutoff: 8, transitionWidth: 2, sampleRate: 100).apply(to: accel)
/// ```
public struct ZeroPhaseFilter: Sendable, Hashable {
    /// Pass-band shape; frequencies in Hz.
    public enum Response: Sendable, Hashable {
        case lowPass(cutoff: Double)
        case highPass(cutoff: Double)
        case bandPass(low: Double, high: Double)
    }

    public let response: Response
    /// Width of each raised-cosine transition, Hz.
    public let transitionWidth: Double
    /// Sample rate of the signals it filters, Hz.
    public let sampleRate: Double

    /// - Parameters:
    ///   - response: cut-off frequencies in Hz, each in (0, sampleRate/2).
    ///   - transitionWidth: Hz, > 0; narrower transitions ring longer (about 1/width seconds).
    ///   - sampleRate: Hz, > 0.
    public init(response: Response, transitionWidth: Double, sampleRate: Double) {
        precondition(sampleRate > 0, "sample rate must be positive")
        precondition(transitionWidth > 0, "transition width must be positive")
        let nyquist = sampleRate / 2
        switch response {
        case .lowPass(let cutoff), .highPass(let cutoff):
            precondition(cutoff > 0 && cutoff < nyquist, "cut-off \(cutoff) Hz outside (0, \(nyquist)) Hz")
        case .bandPass(let low, let high):
            precondition(low > 0 && high < nyquist && low < high, "band \(low)–\(high) Hz outside (0, \(nyquist)) Hz")
        }
        self.response = response
        self.transitionWidth = transitionWidth
        self.sampleRate = sampleRate
    }

    /// Low-pass: passes f ≤ cutoff − w/2, stops f ≥ cutoff + w/2 (all Hz).
    public static func lowPass(cutoff: Double, transitionWidth: Double, sampleRate: Double) -> ZeroPhaseFilter {
        ZeroPhaseFilter(response: .lowPass(cutoff: cutoff), transitionWidth: transitionWidth, sampleRate: sampleRate)
    }

    /// High-pass: stops f ≤ cutoff − w/2, passes f ≥ cutoff + w/2 (all Hz).
    public static func highPass(cutoff: Double, transitionWidth: Double, sampleRate: Double) -> ZeroPhaseFilter {
        ZeroPhaseFilter(response: .highPass(cutoff: cutoff), transitionWidth: transitionWidth, sampleRate: sampleRate)
    }

    /// Band-pass: passes low + w/2 ≤ f ≤ high − w/2, stops f ≤ low − w/2 and f ≥ high + w/2 (Hz).
    public static func bandPass(low: Double, high: Double, transitionWidth: Double, sampleRate: Double) -> ZeroPhaseFilter {
        ZeroPhaseFilter(response: .bandPass(low: low, high: high), transitionWidth: transitionWidth, sampleRate: sampleRate)
    }

    /// The filter's gain at `frequency` Hz (real, in [0, 1]; the phase is zero everywhere).
    public func gain(at frequency: Double) -> Double {
        let f = abs(frequency)
        switch response {
        case .lowPass(let cutoff): return fallingEdge(f, at: cutoff)
        case .highPass(let cutoff): return 1 - fallingEdge(f, at: cutoff)
        case .bandPass(let low, let high): return (1 - fallingEdge(f, at: low)) * fallingEdge(f, at: high)
        }
    }

    /// 1 below edge − w/2, 0 above edge + w/2, a half cosine between.
    private func fallingEdge(_ f: Double, at edge: Double) -> Double {
        let start = edge - transitionWidth / 2
        if f <= start { return 1 }
        if f >= edge + transitionWidth / 2 { return 0 }
        return 0.5 * (1 + cos(Double.pi * (f - start) / transitionWidth))
    }

    /// Samples of padding added at each end: 3/w seconds, enough for the ringing of the
    /// circular wrap-around to die out before it reaches the signal.
    var paddingLength: Int { Int((3 * sampleRate / transitionWidth).rounded(.up)) }

    /// The filtered signal, same length and sample times as `signal` (units unchanged).
    public func apply(to signal: [Double]) -> [Double] {
        let count = signal.count
        guard count > 1 else {
            // A single sample has only a DC component.
            return signal.map { $0 * gain(at: 0) }
        }
        let pad = min(paddingLength, count - 1)
        let fftLength = fastFFTSize(atLeast: count + 2 * pad)
        let fft = RealFFT<Double>(size: fftLength)
        let workspace = RealFFT<Double>.Workspace(fft)
        let input = workspace.input
        // Odd reflection at both ends. The points left over up to the (smooth) FFT length hold
        // the last padded value, so the extension stays continuous; the one jump, at the
        // circular wrap, lies 3/w seconds from the signal, where its ringing has died out.
        let first = signal[0], last = signal[count - 1]
        for k in 0..<pad { input[k] = 2 * first - signal[pad - k] }
        for k in 0..<count { input[pad + k] = signal[k] }
        for k in 0..<pad { input[pad + count + k] = 2 * last - signal[count - 2 - k] }
        let tailStart = pad + count + pad
        if tailStart < fftLength {
            let end = input[tailStart - 1]
            for k in tailStart..<fftLength { input[k] = end }
        }
        let bins = workspace.forwardInPlace()
        let binWidth = sampleRate / Double(fftLength)
        for k in 0..<bins.count {
            let g = gain(at: Double(k) * binWidth)
            bins[k].real *= g
            bins[k].imaginary *= g
        }
        let filtered = workspace.inverse(UnsafeBufferPointer(bins))
        return Array(filtered[pad..<(pad + count)])
    }
}
