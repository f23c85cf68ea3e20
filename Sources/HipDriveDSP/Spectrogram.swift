/// Settings of a spectrogram; the defaults are `scipy.signal.spectrogram`'s.
public struct SpectrogramOptions: Sendable, Hashable {
    /// Taper (scipy default: Tukey, α = 0.25).
    public var window: WindowFunction
    /// Samples per segment (default 256).
    public var segmentLength: Int
    /// Samples between segment starts (default segmentLength − segmentLength/8, scipy's
    /// `noverlap = nperseg // 8`).
    public var hop: Int
    /// Transform length ≥ segmentLength (default segmentLength).
    public var fftLength: Int
    public var detrend: Detrend
    public var scaling: SpectralScaling

    public init(window: WindowFunction = .tukey(alpha: 0.25), segmentLength: Int = 256, hop: Int? = nil,
                fftLength: Int? = nil, detrend: Detrend = .constant, scaling: SpectralScaling = .density) {
        precondition(segmentLength >= 1, "segment length must be at least 1")
        let hop = hop ?? segmentLength - segmentLength / 8
        precondition(hop >= 1, "hop must be at least 1")
        let fftLength = fftLength ?? segmentLength
        precondition(fftLength >= segmentLength, "fftLength must be at least segmentLength")
        self.window = window
        self.segmentLength = segmentLength
        self.hop = hop
        self.fftLength = fftLength
        self.detrend = detrend
        self.scaling = scaling
    }
}

/// A spectrogram held in memory: `power[m][k]` at time `times[m]` and frequency `frequencies[k]`.
public struct Spectrogram: Sendable, Equatable {
    /// Segment centres, seconds from the first sample: (m·hop + segmentLength/2)/sampleRate.
    public var times: [Double]
    /// Hz, k·sampleRate/fftLength, k = 0…fftLength/2.
    public var frequencies: [Double]
    /// One one-sided row per segment, units²/Hz (density) or units² (spectrum).
    public var power: [[Double]]
    public var scaling: SpectralScaling
}

/// A streaming spectrogram: per segment, the one-sided power estimate of a Welch segment
/// (detrend, window, forward DFT with e^(−2πi·kn/N), |X|² scaled, one-sided), equal to the
/// columns of `scipy.signal.spectrogram(mode='psd')` with the same settings. Segments that do
/// not fit completely at the end are dropped, as scipy does. Memory: one segment. Double
/// precision (the rows are compared with scipy; audio is converted block by block).
public final class SpectrogramEstimator {
    public let sampleRate: Double
    public let options: SpectrogramOptions
    /// Row frequencies, Hz.
    public let frequencies: [Double]
    private let calculator: SegmentPowerCalculator
    private let assembler: FrameAssembler<Double>
    private var row: [Double]
    private var conversion: [Double] = []

    public init(sampleRate: Double, options: SpectrogramOptions = SpectrogramOptions()) {
        self.sampleRate = sampleRate
        self.options = options
        calculator = SegmentPowerCalculator(window: options.window, segmentLength: options.segmentLength,
                                            fftLength: options.fftLength, detrend: options.detrend,
                                            scaling: options.scaling, sampleRate: sampleRate)
        assembler = FrameAssembler(frameLength: options.segmentLength, hop: options.hop)
        frequencies = calculator.frequencies(sampleRate: sampleRate)
        row = [Double](repeating: 0, count: calculator.binCount)
    }

    /// Segments emitted so far.
    public var segmentCount: Int { assembler.frameCount }

    /// Adds samples; calls `body(time, row)` for each completed segment (time in seconds of the
    /// segment's centre; the row is valid only during the call).
    public func process(_ samples: UnsafeBufferPointer<Double>, _ body: (Double, UnsafeBufferPointer<Double>) throws -> Void) rethrows {
        let calculator = self.calculator
        let centre = Double(options.segmentLength) / 2
        try assembler.push(samples, into: calculator.segmentBuffer) { start in
            try row.withUnsafeMutableBufferPointer { power in
                calculator.computePower(into: power.baseAddress!)
                try body((Double(start) + centre) / sampleRate, UnsafeBufferPointer(power))
            }
        }
    }

    /// Adds Float samples (audio), converted to Double.
    public func process(_ samples: UnsafeBufferPointer<Float>, _ body: (Double, UnsafeBufferPointer<Double>) throws -> Void) rethrows {
        if conversion.count < samples.count { conversion = [Double](repeating: 0, count: samples.count) }
        for index in samples.indices { conversion[index] = Double(samples[index]) }
        let converted = conversion
        try converted.withUnsafeBufferPointer { try process(UnsafeBufferPointer(rebasing: $0[0..<samples.count]), body) }
    }
}

/// The spectrogram of a signal held in memory (see `SpectrogramEstimator`).
public func spectrogram(_ signal: [Double], sampleRate: Double, options: SpectrogramOptions = SpectrogramOptions()) -> Spectrogram {
    let estimator = SpectrogramEstimator(sampleRate: sampleRate, options: options)
    var times: [Double] = []
    var rows: [[Double]] = []
    signal.withUnsafeBufferPointer { samples in
        estimator.process(samples) { time, row in
            times.append(time)
            rows.append(Array(row))
        }
    }
    return Spectrogram(times: times, frequencies: estimator.frequencies, power: rows, scaling: options.scaling)
}
