/// How each segment is detrended before windowing (scipy's `detrend` argument).
public enum Detrend: String, Sendable, Hashable, CaseIterable {
    /// Leave the segment as it is.
    case none
    /// Subtract the segment's mean.
    case constant
    /// Subtract the segment's least-squares straight line.
    case linear
}

/// What a power estimate's values mean (scipy's `scaling` argument).
public enum SpectralScaling: String, Sendable, Hashable, CaseIterable {
    /// Power spectral density, units²/Hz: integrating it over frequency gives the variance
    /// (the mean power). Divides |X|² by sampleRate·Σw².
    case density
    /// Power spectrum, units²: a sinusoid of amplitude A on a bin shows A²/2 in that bin.
    /// Divides |X|² by (Σw)².
    case spectrum
}

/// A one-sided power estimate: `power[k]` at `frequencies[k]` = k·sampleRate/fftLength Hz,
/// k = 0…fftLength/2.
///
/// One-sided: bins other than DC and (for even fftLength) Nyquist are doubled, so that the sum
/// over 0…sampleRate/2 carries all the power of the real signal (scipy's `return_onesided`).
public struct PowerSpectrum: Sendable, Equatable {
    /// Bin frequencies, Hz, ascending from 0.
    public var frequencies: [Double]
    /// units²/Hz for `.density`, units² for `.spectrum`.
    public var power: [Double]
    public var scaling: SpectralScaling
    /// Segments averaged (1 for a periodogram).
    public var segmentCount: Int
    /// Sample rate of the analysed signal, Hz.
    public var sampleRate: Double

    /// Spacing of `frequencies`, Hz.
    public var frequencyResolution: Double { frequencies.count > 1 ? frequencies[1] - frequencies[0] : sampleRate }

    /// ∫ power df by the rectangle rule (for `.density`: the signal's variance, units²).
    public var integratedPower: Double { power.reduce(0, +) * frequencyResolution }
}

/// Why a spectral estimate could not be made.
public enum SpectralEstimateError: Error, Equatable, CustomStringConvertible {
    /// The signal is shorter than one segment.
    case signalTooShort(samples: Int, segmentLength: Int)

    public var description: String {
        switch self {
        case .signalTooShort(let samples, let segmentLength):
            return "signal has \(samples) samples, fewer than one segment of \(segmentLength); use a shorter segment length"
        }
    }
}

/// Detrends, windows, transforms and scales one segment at a time into a one-sided power
/// estimate (the body of scipy's `_spectral_helper` for real input). Double precision: the
/// results are compared with scipy to 1e-6, and segments are short.
final class SegmentPowerCalculator {
    let segmentLength: Int
    let fftLength: Int
    let detrend: Detrend
    let window: [Double]
    /// Multiplies |X|²: 1/(fs·Σw²) or 1/(Σw)².
    let scale: Double
    let workspace: RealFFT<Double>.Workspace

    var binCount: Int { fftLength / 2 + 1 }

    init(window: WindowFunction, segmentLength: Int, fftLength: Int?, detrend: Detrend, scaling: SpectralScaling,
         sampleRate: Double) {
        precondition(segmentLength >= 1, "segment length must be at least 1")
        precondition(sampleRate > 0, "sample rate must be positive")
        let length = fftLength ?? segmentLength
        precondition(length >= segmentLength, "fftLength \(length) shorter than the segment \(segmentLength)")
        self.segmentLength = segmentLength
        self.fftLength = length
        self.detrend = detrend
        self.window = window.coefficients(length: segmentLength)
        switch scaling {
        case .density: scale = 1 / (sampleRate * self.window.reduce(0) { $0 + $1 * $1 })
        case .spectrum: scale = 1 / (self.window.reduce(0, +) * self.window.reduce(0, +))
        }
        workspace = RealFFT<Double>.Workspace(RealFFT<Double>(size: length))
    }

    /// Where the next segment's samples go (first `segmentLength` values of the FFT input).
    var segmentBuffer: UnsafeMutablePointer<Double> { workspace.input.baseAddress! }

    /// Turns the segment in `segmentBuffer` into scaled one-sided power in `power` (binCount values).
    func computePower(into power: UnsafeMutablePointer<Double>) {
        let segment = segmentBuffer
        let n = segmentLength
        switch detrend {
        case .none:
            break
        case .constant:
            var sum = 0.0
            for i in 0..<n { sum += segment[i] }
            let mean = sum / Double(n)
            for i in 0..<n { segment[i] -= mean }
        case .linear:
            // Least squares a + b·(i − c) with c the mean index: the two sums decouple.
            let centre = Double(n - 1) / 2
            var sum = 0.0, weighted = 0.0, squares = 0.0
            for i in 0..<n {
                let offset = Double(i) - centre
                sum += segment[i]
                weighted += offset * segment[i]
                squares += offset * offset
            }
            let mean = sum / Double(n)
            let slope = squares > 0 ? weighted / squares : 0
            for i in 0..<n { segment[i] -= mean + slope * (Double(i) - centre) }
        }
        window.withUnsafeBufferPointer { multiplyInPlace(segment, by: $0.baseAddress!, count: n) }
        let bins = workspace.forwardInPlace()
        squaredMagnitudes(UnsafePointer(bins.baseAddress!), count: binCount, into: power)
        let last = fftLength % 2 == 0 ? binCount - 1 : binCount
        for k in 0..<binCount {
            power[k] *= (k == 0 || k == last) ? scale : 2 * scale
        }
    }

    /// Bin frequencies, Hz.
    func frequencies(sampleRate: Double) -> [Double] {
        (0..<binCount).map { Double($0) * sampleRate / Double(fftLength) }
    }
}

/// A one-sided periodogram of the whole signal (one segment, `scipy.signal.periodogram`).
///
/// - Parameters:
///   - signal: samples in any unit; at least one.
///   - sampleRate: Hz.
///   - window: taper (default rectangular, as scipy).
///   - fftLength: transform length ≥ signal.count (default signal.count).
///   - detrend: per scipy (default constant).
///   - scaling: `.density` (units²/Hz, default) or `.spectrum` (units², the power spectrum).
public func periodogram(_ signal: [Double], sampleRate: Double, window: WindowFunction = .rectangular,
                        fftLength: Int? = nil, detrend: Detrend = .constant,
                        scaling: SpectralScaling = .density) -> PowerSpectrum {
    precondition(!signal.isEmpty, "empty signal")
    let calculator = SegmentPowerCalculator(window: window, segmentLength: signal.count, fftLength: fftLength,
                                            detrend: detrend, scaling: scaling, sampleRate: sampleRate)
    signal.withUnsafeBufferPointer {
        calculator.segmentBuffer.update(from: $0.baseAddress!, count: signal.count)
    }
    var power = [Double](repeating: 0, count: calculator.binCount)
    power.withUnsafeMutableBufferPointer { calculator.computePower(into: $0.baseAddress!) }
    return PowerSpectrum(frequencies: calculator.frequencies(sampleRate: sampleRate), power: power,
                         scaling: scaling, segmentCount: 1, sampleRate: sampleRate)
}

/// The power spectrum (units² per bin, one-sided) of the whole signal: a periodogram with
/// `.spectrum` scaling. A sinusoid of amplitude A at a bin frequency shows A²/2 there.
public func powerSpectrum(_ signal: [Double], sampleRate: Double, window: WindowFunction = .hann) -> PowerSpectrum {
    periodogram(signal, sampleRate: sampleRate, window: window, detrend: .none, scaling: .spectrum)
}
