import Dispatch

/// Streaming short-time Fourier transform: frame by frame, on one cached FFTW plan, with memory
/// independent of the signal's length.
///
/// Frame m starts at sample m·hop (minus `frameLength/2` when `centered`), is multiplied by the
/// window, zero-padded to `fftLength`, and transformed:
/// X_m[k] = Σₙ w[n]·x[m·hop + n]·e^(−2πi·k·n/fftLength), k = 0…fftLength/2 (unnormalised,
/// phase referenced to the frame's first sample; bin k is at k·sampleRate/fftLength Hz).
///
/// Feed samples in chunks of any size with `process(_:_:)`, then call `finish(_:)`; each complete
/// frame is handed to the closure with its bins, which are valid only during the call (copy what
/// you keep). One instance belongs to one thread; run one instance per stream.
///
/// ```swift
/// let stft = ShortTimeFourierTransform<Float>(frameLength: 2048, hop: 512, window: .hann)
/// for block in audioBlocks {
///     stft.process(block) { frame in flux.append(spectralFlux(frame.bins)) }
/// }
/// stft.finish { frame in flux.append(spectralFlux(frame.bins)) }
/// ```
///
/// Use `Float` for audio (half the memory traffic of Double, ample for 16/24-bit samples) and
/// `Double` for motion signals.
public final class ShortTimeFourierTransform<Scalar: FFTScalar> {
    /// One frame's spectrum, valid only inside the closure it is passed to.
    public struct Frame {
        /// 0, 1, 2, … in order of emission.
        public let index: Int
        /// Signal index of the frame's first sample (negative for centred frames near the start).
        public let startSample: Int
        /// fftLength/2 + 1 bins, unnormalised, bin k at k·sampleRate/fftLength Hz.
        public let bins: UnsafeBufferPointer<ComplexValue<Scalar>>
        /// The windowed, zero-padded frame that was transformed (fftLength samples).
        public let windowedSamples: UnsafeBufferPointer<Scalar>
    }

    /// Samples per frame before zero-padding.
    public let frameLength: Int
    /// Samples between frame starts.
    public let hop: Int
    /// Transform length (≥ frameLength); bins per frame = fftLength/2 + 1.
    public let fftLength: Int
    /// Whether frames are centred on m·hop (frameLength/2 zeros before the signal and after it).
    public let centered: Bool
    /// Window coefficients, `frameLength` values.
    public let window: [Scalar]

    /// Threads that transform frames (1: every frame is transformed and delivered at once).
    public let concurrency: Int

    private let workspace: RealFFT<Scalar>.Workspace
    private let assembler: FrameAssembler<Scalar>
    private let batch: FrameBatch<Scalar>?

    /// - Parameters:
    ///   - frameLength: samples per frame (e.g. 2048 at 44.1 kHz ≈ 46 ms).
    ///   - hop: samples between frames, ≥ 1 (may exceed frameLength: samples between are skipped).
    ///   - window: taper applied to every frame, periodic form (default Hann).
    ///   - fftLength: transform length ≥ frameLength (default frameLength); extra points are zeros.
    ///   - centered: pad frameLength/2 zeros at both ends so frame m is centred on sample m·hop
    ///     (scipy/librosa `center=True`); otherwise frame m starts at m·hop.
    ///   - rigor: FFTW planning effort; `.measure` pays off for long signals.
    ///   - concurrency: threads that run the transforms (default 1). Above 1, frames are
    ///     windowed as they arrive, transformed in batches of 64 on that many threads, and handed
    ///     to the closure in order once their batch is full (the last ones by `finish`); the
    ///     results are identical to the serial ones.
    public convenience init(frameLength: Int, hop: Int, window: WindowFunction = .hann, fftLength: Int? = nil,
                            centered: Bool = false, rigor: FFTPlanningRigor = .estimate, concurrency: Int = 1) {
        self.init(windowCoefficients: window.coefficients(length: frameLength), hop: hop,
                  fftLength: fftLength, centered: centered, rigor: rigor, concurrency: concurrency)
    }

    /// An STFT with explicit window coefficients (their count is the frame length).
    public init(windowCoefficients: [Scalar], hop: Int, fftLength: Int? = nil, centered: Bool = false,
                rigor: FFTPlanningRigor = .estimate, concurrency: Int = 1) {
        precondition(concurrency >= 1, "concurrency must be at least 1")
        let frameLength = windowCoefficients.count
        precondition(frameLength >= 1, "empty window")
        precondition(hop >= 1, "hop must be at least 1, got \(hop)")
        let length = fftLength ?? frameLength
        precondition(length >= frameLength, "fftLength \(length) shorter than the frame \(frameLength)")
        self.frameLength = frameLength
        self.hop = hop
        self.fftLength = length
        self.centered = centered
        self.window = windowCoefficients
        workspace = RealFFT<Scalar>.Workspace(RealFFT<Scalar>(size: length, rigor: rigor))
        assembler = FrameAssembler(frameLength: frameLength, hop: hop, leadingZeros: centered ? frameLength / 2 : 0)
        self.concurrency = concurrency
        batch = concurrency > 1 ? FrameBatch(fft: workspace.fft, capacity: 64) : nil
    }

    /// Number of bins per frame, fftLength/2 + 1.
    public var binCount: Int { fftLength / 2 + 1 }

    /// Frames emitted so far.
    public var frameCount: Int { assembler.frameCount }

    /// Signal samples received so far.
    public var samplesProcessed: Int { assembler.signalLength }

    /// Adds `samples` to the stream and calls `body` for every frame they complete.
    public func process(_ samples: UnsafeBufferPointer<Scalar>, _ body: (Frame) throws -> Void) rethrows {
        if let batch {
            try assembler.pushSegments(samples) { start, head, tail in
                windowInto(batch.nextInput(start: start), head: head, tail: tail)
                if batch.isFull { try batch.flush(concurrency: concurrency, body) }
            }
            return
        }
        try assembler.pushSegments(samples) { start, head, tail in
            try body(transformFrame(start: start, head: head, tail: tail))
        }
    }

    /// Adds `samples` to the stream and calls `body` for every frame they complete.
    public func process(_ samples: [Scalar], _ body: (Frame) throws -> Void) rethrows {
        try samples.withUnsafeBufferPointer { try process($0, body) }
    }

    /// Ends the stream: when centred, pads frameLength/2 zeros; when `padLastFrame` (default,
    /// scipy's `padded=True`), zero-pads a last frame so that every sample is in some frame.
    public func finish(padLastFrame: Bool = true, _ body: (Frame) throws -> Void) rethrows {
        if let batch {
            try assembler.finishSegments(trailingZeros: centered ? frameLength / 2 : 0, completeLastFrame: padLastFrame) {
                start, head, tail in
                windowInto(batch.nextInput(start: start), head: head, tail: tail)
                if batch.isFull { try batch.flush(concurrency: concurrency, body) }
            }
            try batch.flush(concurrency: concurrency, body)
            return
        }
        try assembler.finishSegments(trailingZeros: centered ? frameLength / 2 : 0, completeLastFrame: padLastFrame) {
            start, head, tail in
            try body(transformFrame(start: start, head: head, tail: tail))
        }
    }

    /// Windows the frame (given in two pieces) into `input` while copying it (one pass).
    private func windowInto(_ input: UnsafeMutablePointer<Scalar>, head: UnsafeBufferPointer<Scalar>,
                            tail: UnsafeBufferPointer<Scalar>) {
        window.withUnsafeBufferPointer { weights in
            if let source = head.baseAddress {
                multiply(source, by: weights.baseAddress!, into: input, count: head.count)
            }
            if let source = tail.baseAddress {
                multiply(source, by: weights.baseAddress! + head.count, into: input + head.count, count: tail.count)
            }
        }
    }

    /// Windows the frame into the workspace's input and transforms it.
    private func transformFrame(start: Int, head: UnsafeBufferPointer<Scalar>, tail: UnsafeBufferPointer<Scalar>) -> Frame {
        let input = workspace.input
        windowInto(input.baseAddress!, head: head, tail: tail)
        // Zero-padding points (frameLength..<fftLength) are never written, so they stay zero
        // (out-of-place r2c preserves its input).
        let bins = workspace.forwardInPlace()
        return Frame(index: assembler.frameCount, startSample: start,
                     bins: UnsafeBufferPointer(bins), windowedSamples: UnsafeBufferPointer(input))
    }

    /// The STFT of a whole signal held in memory, one array of bins per frame (for short
    /// signals and tests; stream long ones with `process`).
    public static func frames(of signal: [Scalar], frameLength: Int, hop: Int, window: WindowFunction = .hann,
                              fftLength: Int? = nil, centered: Bool = false, padLastFrame: Bool = true) -> [[ComplexValue<Scalar>]] {
        let stft = ShortTimeFourierTransform(frameLength: frameLength, hop: hop, window: window,
                                             fftLength: fftLength, centered: centered)
        var result: [[ComplexValue<Scalar>]] = []
        stft.process(signal) { result.append(Array($0.bins)) }
        stft.finish(padLastFrame: padLastFrame) { result.append(Array($0.bins)) }
        return result
    }
}

/// Windowed frames waiting to be transformed together on several threads (the STFT's
/// `concurrency` > 1 path). Inputs and outputs live in one `fftw_malloc` block each, every slot
/// starting on a 64-byte boundary so that each has the alignment the plan was made with.
final class FrameBatch<Scalar: FFTScalar> {
    let fft: RealFFT<Scalar>
    let capacity: Int
    private let inputStride: Int  // scalars between slot starts
    private let outputStride: Int  // complex values between slot starts
    private let inputs: FFTWBuffer
    private let outputs: FFTWBuffer
    private var starts: [Int] = []
    private var firstIndex = 0

    init(fft: RealFFT<Scalar>, capacity: Int) {
        self.fft = fft
        self.capacity = capacity
        let scalarSize = MemoryLayout<Scalar>.stride
        inputStride = (fft.size * scalarSize + 63) / 64 * 64 / scalarSize
        outputStride = (fft.binCount * 2 * scalarSize + 63) / 64 * 64 / (2 * scalarSize)
        inputs = FFTWBuffer(realCount: inputStride * capacity, of: Scalar.self)
        outputs = FFTWBuffer(complexCount: outputStride * capacity, of: Scalar.self)
        starts.reserveCapacity(capacity)
    }

    var isFull: Bool { starts.count == capacity }

    /// The input slot for the next frame (its zero-padding tail stays zero: only the first
    /// frameLength points are ever written).
    func nextInput(start: Int) -> UnsafeMutablePointer<Scalar> {
        let slot = starts.count
        starts.append(start)
        return inputs.reals(inputStride * capacity, as: Scalar.self).baseAddress! + slot * inputStride
    }

    /// Transforms the waiting frames on `concurrency` threads, then hands them out in order.
    func flush(concurrency: Int, _ body: (ShortTimeFourierTransform<Scalar>.Frame) throws -> Void) rethrows {
        let count = starts.count
        guard count > 0 else { return }
        let plan = fft.forwardPlan
        let inputBase = UnsafeSendablePointer(inputs.raw)
        let outputBase = UnsafeSendablePointer(outputs.raw)
        let inputBytes = inputStride * MemoryLayout<Scalar>.stride
        let outputBytes = outputStride * MemoryLayout<ComplexValue<Scalar>>.stride
        let workers = min(concurrency, count)
        // Each worker takes every workers-th slot: disjoint buffers, one shared plan (FFTW's
        // new-array execute is thread-safe).
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for slot in stride(from: worker, to: count, by: workers) {
                plan.execute(input: inputBase.raw + slot * inputBytes, output: outputBase.raw + slot * outputBytes)
            }
        }
        let allInputs = inputs.reals(inputStride * capacity, as: Scalar.self)
        let allOutputs = outputs.complexes(outputStride * capacity, as: Scalar.self)
        for slot in 0..<count {
            let frame = ShortTimeFourierTransform<Scalar>.Frame(
                index: firstIndex + slot, startSample: starts[slot],
                bins: UnsafeBufferPointer(start: allOutputs.baseAddress! + slot * outputStride, count: fft.binCount),
                windowedSamples: UnsafeBufferPointer(start: allInputs.baseAddress! + slot * inputStride, count: fft.size))
            try body(frame)
        }
        firstIndex += count
        starts.removeAll(keepingCapacity: true)
    }
}

/// A raw pointer handed to worker threads that touch disjoint parts of its memory.
struct UnsafeSendablePointer: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer
    init(_ raw: UnsafeMutableRawPointer) { self.raw = raw }
}
