/// Cuts a stream of samples, arriving in chunks of any size, into frames of `frameLength`
/// samples every `hop` samples, keeping only the samples a future frame still needs (at most
/// `frameLength − 1`), so memory does not grow with the stream's length.
///
/// Frame m covers stream samples [m·hop, m·hop + frameLength) of the padded stream (leading
/// zeros, if any, count as stream samples); `body` receives the frame's start in the caller's
/// signal (`m·hop − leadingZeros`, negative while the frame overlaps the leading padding).
final class FrameAssembler<Scalar: FFTScalar> {
    let frameLength: Int
    let hop: Int
    let leadingZeros: Int
    /// Samples from stream index `pendingStart` on that a frame may still need.
    private var pending: [Scalar] = []
    private var pendingStart = 0
    /// Stream index of the next frame's first sample.
    private var nextFrameStart = 0
    /// Stream samples received so far (including leading zeros).
    private(set) var streamLength = 0
    /// Frames emitted so far.
    private(set) var frameCount = 0

    init(frameLength: Int, hop: Int, leadingZeros: Int = 0) {
        precondition(frameLength >= 1, "frame length must be at least 1, got \(frameLength)")
        precondition(hop >= 1, "hop must be at least 1, got \(hop)")
        precondition(leadingZeros >= 0, "negative padding")
        self.frameLength = frameLength
        self.hop = hop
        self.leadingZeros = leadingZeros
        pending.reserveCapacity(frameLength)
        if leadingZeros > 0 {
            pending = [Scalar](repeating: 0, count: leadingZeros)
            streamLength = leadingZeros
        }
    }

    /// Samples of the caller's signal received so far.
    var signalLength: Int { streamLength - leadingZeros }

    /// Appends `chunk`; for each frame it completes, copies the frame to `frame` (`frameLength`
    /// values) and calls `body` with the frame's start in the caller's signal.
    func push(_ chunk: UnsafeBufferPointer<Scalar>, into frame: UnsafeMutablePointer<Scalar>,
              _ body: (Int) throws -> Void) rethrows {
        let stride = MemoryLayout<Scalar>.stride
        try pushSegments(chunk) { start, head, tail in
            if let base = head.baseAddress {
                UnsafeMutableRawPointer(frame).copyMemory(from: base, byteCount: head.count * stride)
            }
            if let base = tail.baseAddress {
                UnsafeMutableRawPointer(frame + head.count).copyMemory(from: base, byteCount: tail.count * stride)
            }
            try body(start)
        }
    }

    /// Appends `chunk`; for each frame it completes, calls `body` with the frame's start in the
    /// caller's signal and the frame as two pieces, `head` then `tail` (`tail` empty when the
    /// frame lies in one piece of memory). Lets a caller window while copying: one pass over
    /// the samples instead of two. The pieces are valid only during the call.
    func pushSegments(_ chunk: UnsafeBufferPointer<Scalar>,
                      _ body: (Int, UnsafeBufferPointer<Scalar>, UnsafeBufferPointer<Scalar>) throws -> Void) rethrows {
        let chunkStart = streamLength
        let chunkEnd = chunkStart + chunk.count
        while nextFrameStart + frameLength <= chunkEnd {
            let start = nextFrameStart
            if start >= chunkStart {
                let head = UnsafeBufferPointer(start: chunk.baseAddress! + (start - chunkStart), count: frameLength)
                try body(start - leadingZeros, head, UnsafeBufferPointer(start: nil, count: 0))
            } else {
                // The frame begins in the kept samples and ends in this chunk.
                let fromPending = chunkStart - start
                try pending.withUnsafeBufferPointer { kept in
                    let head = UnsafeBufferPointer(start: kept.baseAddress! + (start - pendingStart), count: fromPending)
                    let tail = UnsafeBufferPointer(start: chunk.baseAddress, count: frameLength - fromPending)
                    try body(start - leadingZeros, head, tail)
                }
            }
            frameCount += 1
            nextFrameStart += hop
        }
        streamLength = chunkEnd
        // Keep what the next frame needs: stream samples from nextFrameStart on.
        let keepFrom = nextFrameStart
        if keepFrom >= chunkEnd {
            pending.removeAll(keepingCapacity: true)
            pendingStart = chunkEnd
        } else if keepFrom >= chunkStart {
            pending.removeAll(keepingCapacity: true)
            pending.append(contentsOf: chunk[(keepFrom - chunkStart)...])
            pendingStart = keepFrom
        } else {
            pending.removeFirst(keepFrom - pendingStart)
            pending.append(contentsOf: chunk)
            pendingStart = keepFrom
        }
    }

    /// Ends the stream: appends `trailingZeros` zeros, then, if `completeLastFrame`, as many
    /// zeros as make one more frame that covers every sample not yet in a frame (scipy's
    /// `padded=True`). Frames are delivered as by `pushSegments`.
    func finishSegments(trailingZeros: Int, completeLastFrame: Bool,
                        _ body: (Int, UnsafeBufferPointer<Scalar>, UnsafeBufferPointer<Scalar>) throws -> Void) rethrows {
        if trailingZeros > 0 {
            let zeros = [Scalar](repeating: 0, count: trailingZeros)
            try zeros.withUnsafeBufferPointer { try pushSegments($0, body) }
        }
        if completeLastFrame && nextFrameStart < streamLength && streamLength > leadingZeros {
            let zeros = [Scalar](repeating: 0, count: nextFrameStart + frameLength - streamLength)
            try zeros.withUnsafeBufferPointer { try pushSegments($0, body) }
        }
    }
}
