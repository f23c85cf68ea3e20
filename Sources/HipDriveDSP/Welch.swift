/// Settings of a Welch estimate; the defaults are `scipy.signal.welch`'s.
public struct WelchOptions: Sendable, Hashable {
    /// Taper of each segment, periodic form (scipy default: Hann).
    public var window: WindowFunction
    /// Samples per segment (scipy's `nperseg`, default 256).
    public var segmentLength: Int
    /// Samples shared by consecutive segments (scipy's `noverlap`, default segmentLength/2).
    public var overlap: Int
    /// Transform length ≥ segmentLength (scipy's `nfft`, default segmentLength).
    public var fftLength: Int
    /// Per-segment detrending (default constant: the mean is removed).
    public var detrend: Detrend
    /// Density (units²/Hz, default) or spectrum (units²).
    public var scaling: SpectralScaling

    public init(window: WindowFunction = .hann, segmentLength: Int = 256, overlap: Int? = nil, fftLength: Int? = nil,
                detrend: Detrend = .constant, scaling: SpectralScaling = .density) {
        precondition(segmentLength >= 1, "segment length must be at least 1")
        let overlap = overlap ?? segmentLength / 2
        precondition(overlap >= 0 && overlap < segmentLength, "overlap must be in 0..<segmentLength")
        let fftLength = fftLength ?? segmentLength
        precondition(fftLength >= segmentLength, "fftLength must be at least segmentLength")
        self.window = window
        self.segmentLength = segmentLength
        self.overlap = overlap
        self.fftLength = fftLength
        self.detrend = detrend
        self.scaling = scaling
    }

    /// Samples between segment starts, segmentLength − overlap.
    public var hop: Int { segmentLength - overlap }
}

/// Welch's averaged periodogram, computed as the samples stream in (memory: one segment).
///
/// Segment m covers samples [m·hop, m·hop + segmentLength); a trailing partial segment is
/// dropped (scipy's welch does not pad). Each segment is detrended, windowed, transformed with
/// the forward DFT (e^(−2πi·kn/N), cached FFTW plan), and |X[k]|² scaled and made one-sided as
/// `PowerSpectrum` describes; the result is the mean over segments. With the same settings the
/// result equals `scipy.signal.welch(x, fs, window, nperseg, noverlap, nfft, detrend,
/// return_onesided=True, scaling, average='mean')` to rounding. Double precision throughout.
///
/// ```swift
/// let welch = WelchEstimator(sampleRate: 100, options: WelchOptions(segmentLength: 1024))
/// for chunk in chunks { welch.process(chunk) }
/// let psd = try welch.result()          // units²/Hz
/// ```
public final class WelchEstimator {
    public let sampleRate: Double
    public let options: WelchOptions
    private let calculator: SegmentPowerCalculator
    private let assembler: FrameAssembler<Double>
    private var sum: [Double]
    private var segmentPower: [Double]
    private var conversion: [Double] = []

    public init(sampleRate: Double, options: WelchOptions = WelchOptions()) {
        self.sampleRate = sampleRate
        self.options = options
        calculator = SegmentPowerCalculator(window: options.window, segmentLength: options.segmentLength,
                                            fftLength: options.fftLength, detrend: options.detrend,
                                            scaling: options.scaling, sampleRate: sampleRate)
        assembler = FrameAssembler(frameLength: options.segmentLength, hop: options.hop)
        sum = [Double](repeating: 0, count: calculator.binCount)
        segmentPower = sum
    }

    /// Segments averaged so far.
    public var segmentCount: Int { assembler.frameCount }

    /// Adds samples to the estimate.
    public func process(_ samples: UnsafeBufferPointer<Double>) {
        let calculator = self.calculator
        assembler.push(samples, into: calculator.segmentBuffer) { _ in
            segmentPower.withUnsafeMutableBufferPointer { power in
                calculator.computePower(into: power.baseAddress!)
                sum.withUnsafeMutableBufferPointer { total in
                    for k in 0..<total.count { total[k] += power[k] }
                }
            }
        }
    }

    /// Adds samples to the estimate.
    public func process(_ samples: [Double]) {
        samples.withUnsafeBufferPointer { process($0) }
    }

    /// Adds Float samples (audio), converted to Double.
    public func process(_ samples: UnsafeBufferPointer<Float>) {
        if conversion.count < samples.count { conversion = [Double](repeating: 0, count: samples.count) }
        for index in samples.indices { conversion[index] = Double(samples[index]) }
        conversion.withUnsafeBufferPointer { process(UnsafeBufferPointer(rebasing: $0[0..<samples.count])) }
    }

    /// The mean of the segment powers so far.
    /// - Throws: `.signalTooShort` when not one full segment has been seen.
    public func result() throws(SpectralEstimateError) -> PowerSpectrum {
        let count = segmentCount
        guard count > 0 else {
            throw .signalTooShort(samples: assembler.signalLength, segmentLength: options.segmentLength)
        }
        return PowerSpectrum(frequencies: calculator.frequencies(sampleRate: sampleRate),
                             power: sum.map { $0 / Double(count) }, scaling: options.scaling,
                             segmentCount: count, sampleRate: sampleRate)
    }
}

/// Welch PSD of a signal in memory. As scipy does, a segment length longer than the signal is
/// shortened to the signal's length (and the overlap to half of it, if it no longer fits).
/// - Parameters:
///   - signal: samples in any unit (at least one).
///   - sampleRate: Hz.
/// - Returns: one-sided estimate in units²/Hz (or units² for `.spectrum`), see `WelchEstimator`.
public func welch(_ signal: [Double], sampleRate: Double, options: WelchOptions = WelchOptions()) -> PowerSpectrum {
    precondition(!signal.isEmpty, "empty signal")
    var options = options
    if options.segmentLength > signal.count {
        // One segment spans the whole signal, so the overlap no longer matters; an fftLength
        // that was left at its default follows the segment length.
        let fftLength = options.fftLength == options.segmentLength ? signal.count : options.fftLength
        options = WelchOptions(window: options.window, segmentLength: signal.count, overlap: signal.count / 2,
                               fftLength: fftLength, detrend: options.detrend, scaling: options.scaling)
    }
    let estimator = WelchEstimator(sampleRate: sampleRate, options: options)
    estimator.process(signal)
    // At least one segment fits by construction.
    guard let result = try? estimator.result() else { preconditionFailure("no Welch segment in a non-empty signal") }
    return result
}
