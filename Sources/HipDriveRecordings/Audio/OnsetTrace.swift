import Foundation
import HipDriveAudio
import HipDriveDSP

/// How an audio file is reduced to traces.
public struct OnsetTraceOptions: Sendable, Equatable {
    /// Target trace rate, Hz; the hop is the nearest whole number of audio samples.
    public var traceRate: Double
    /// Mel bands the spectrum is pooled into before the log (nil: every FFT bin, unweighted).
    /// Mel pooling (librosa's default, 128 bands) makes the flux follow what the ear hears as a
    /// new sound rather than high-frequency bin noise.
    public var melBands: Int?
    /// STFT frame length, s (rounded up to a power of two samples; ~46 ms as librosa at 22 kHz).
    public var frameDuration: Double

    public init(traceRate: Double = 100, melBands: Int? = 128, frameDuration: Double = 0.046) {
        precondition(traceRate > 0 && frameDuration > 0, "trace rate and frame duration must be positive")
        self.traceRate = traceRate
        self.melBands = melBands
        self.frameDuration = frameDuration
    }
}

/// Onset strength (spectral flux of the log-magnitude STFT) and RMS envelope of an audio file,
/// computed block by block: memory holds one block of audio and the two traces (100 values per
/// second of audio), never the audio itself.
///
/// Per frame m (centred on sample m·hop, Hann window, FFTW via `ShortTimeFourierTransform`):
/// the power spectrum |X_m[k]|², optionally pooled into mel bands (Slaney mel scale with area
/// normalisation, as librosa's `melspectrogram`), converted to decibels
/// L = 10·log10(max(P, 1e-10)), and the flux is the mean over bands of max(0, L_m − L_{m−1})
/// (librosa's `onset_strength` with lag 1 and mean aggregation; frame 0 has flux 0). The RMS
/// envelope is the root mean square of the mono samples in the hop-long block centred on m·hop.
public enum OnsetTrace {
    /// Block of audio frames read at a time.
    static let blockFrames = 65_536

    public static func compute(url: URL, options: OnsetTraceOptions = OnsetTraceOptions()) throws(RecordingError) -> AudioTrace {
        let reader: AudioFileReader
        do {
            reader = try AudioFileReader(url: url)
        } catch {
            throw .audio(file: url.path, reason: Self.reason(error))
        }
        let info = reader.info
        let sampleRate = info.sampleRate
        let hop = max(1, Int((sampleRate / options.traceRate).rounded()))
        var frameLength = 256
        while Double(frameLength) < options.frameDuration * sampleRate { frameLength *= 2 }
        let stft = ShortTimeFourierTransform<Float>(frameLength: frameLength, hop: hop, window: .hann, centered: true)
        let bands = options.melBands.map { MelFilterBank(bandCount: $0, fftLength: frameLength, sampleRate: sampleRate) }
        let bandCount = bands?.bandCount ?? stft.binCount
        var previous = [Float](repeating: 0, count: bandCount)
        var current = [Float](repeating: 0, count: bandCount)
        var onset: [Double] = []
        onset.reserveCapacity(info.frames / hop + 2)
        var rmsSums: [Double] = []
        rmsSums.reserveCapacity(info.frames / hop + 2)
        var sampleIndex = 0
        let halfHop = hop / 2

        func handle(_ frame: ShortTimeFourierTransform<Float>.Frame) {
            let bins = frame.bins
            if let bands {
                bands.apply(bins, into: &current)
            } else {
                for k in 0..<bandCount { current[k] = bins[k].squaredMagnitude }
            }
            var flux: Float = 0
            for b in 0..<bandCount {
                let level = 10 * log10f(max(current[b], 1e-10))
                if frame.index > 0 { flux += max(0, level - previous[b]) }
                previous[b] = level
            }
            onset.append(Double(flux) / Double(bandCount))
        }

        do {
            try reader.forEachMonoBlock(frames: blockFrames) { block in
                for value in block {
                    let bin = (sampleIndex + halfHop) / hop
                    while rmsSums.count <= bin { rmsSums.append(0) }
                    rmsSums[bin] += Double(value) * Double(value)
                    sampleIndex += 1
                }
                stft.process(block, handle)
            }
            stft.finish(padLastFrame: false, handle)
        } catch {
            throw .audio(file: url.path, reason: Self.reason(error))
        }
        guard sampleIndex > 0 else { throw .audio(file: url.path, reason: "the file holds no audio frames; record or export it again") }
        var rms: [Double] = []
        rms.reserveCapacity(onset.count)
        for m in 0..<onset.count {
            let first = max(0, m * hop - halfHop)
            let last = min(sampleIndex, m * hop - halfHop + hop)
            let count = max(1, last - first)
            rms.append(m < rmsSums.count ? (rmsSums[m] / Double(count)).squareRoot() : 0)
        }
        return AudioTrace(traceRate: sampleRate / Double(hop), onsetStrength: onset, rmsEnvelope: rms,
                          audioSampleRate: sampleRate, channels: info.channels, duration: info.duration,
                          formatDescription: info.formatDescription)
    }

    static func reason(_ error: any Error) -> String {
        let text = String(describing: error)
        // AudioFileError descriptions start with the path; keep the reason only.
        if let range = text.range(of: ": ") { return String(text[range.upperBound...]) }
        return text
    }
}

/// Triangular mel filters (Slaney's mel scale and area normalisation, as librosa's defaults).
struct MelFilterBank {
    let bandCount: Int
    /// Per band: first bin and weights.
    private let firstBin: [Int]
    private let weights: [[Float]]

    init(bandCount requested: Int, fftLength: Int, sampleRate: Double) {
        let binCount = fftLength / 2 + 1
        let count = max(1, min(requested, binCount / 2))
        bandCount = count
        func hertzToMel(_ f: Double) -> Double {
            let linearLimit = 1000.0, linearStep = 200.0 / 3
            if f < linearLimit { return f / linearStep }
            return linearLimit / linearStep + log(f / linearLimit) / (log(6.4) / 27)
        }
        func melToHertz(_ m: Double) -> Double {
            let linearLimit = 1000.0, linearStep = 200.0 / 3
            let limitMel = linearLimit / linearStep
            if m < limitMel { return m * linearStep }
            return linearLimit * exp((log(6.4) / 27) * (m - limitMel))
        }
        let maxMel = hertzToMel(sampleRate / 2)
        let edges = (0...(count + 1)).map { melToHertz(maxMel * Double($0) / Double(count + 1)) }
        var firstBin: [Int] = []
        var weights: [[Float]] = []
        for band in 0..<count {
            let lower = edges[band], centre = edges[band + 1], upper = edges[band + 2]
            let norm = 2 / (upper - lower)
            var first = -1
            var row: [Float] = []
            for k in 0..<binCount {
                let f = Double(k) * sampleRate / Double(fftLength)
                let rising = (f - lower) / (centre - lower)
                let falling = (upper - f) / (upper - centre)
                let weight = max(0, min(rising, falling)) * norm
                if weight > 0 {
                    if first < 0 { first = k }
                    row.append(Float(weight))
                } else if first >= 0 {
                    break
                }
            }
            if first < 0 {
                // A band narrower than a bin: take the nearest bin.
                first = min(binCount - 1, Int((centre * Double(fftLength) / sampleRate).rounded()))
                row = [Float(norm)]
            }
            firstBin.append(first)
            weights.append(row)
        }
        self.firstBin = firstBin
        self.weights = weights
    }

    func apply(_ bins: UnsafeBufferPointer<ComplexValue<Float>>, into output: inout [Float]) {
        for band in 0..<bandCount {
            var sum: Float = 0
            let first = firstBin[band]
            for (offset, weight) in weights[band].enumerated() where first + offset < bins.count {
                sum += weight * bins[first + offset].squaredMagnitude
            }
            output[band] = sum
        }
    }
}
