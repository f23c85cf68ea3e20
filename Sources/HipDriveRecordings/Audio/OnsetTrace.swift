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
        var spectrum = [Float](repeating: 0, count: stft.binCount)
        var current = [Float](repeating: 0, count: bandCount)
        var onset: [Double] = []
        onset.reserveCapacity(info.frames / hop + 2)
        var rmsSums: [Double] = []
        rmsSums.reserveCapacity(info.frames / hop + 2)
        var sampleIndex = 0
        let halfHop = hop / 2
        var signatures = SoundSignatureCollector(fineBandCount: bandCount, traceRate: sampleRate / Double(hop))

        func handle(_ frame: ShortTimeFourierTransform<Float>.Frame) {
            let bins = frame.bins
            let first = frame.index == 0
            let flux = current.withUnsafeMutableBufferPointer { now -> Float in
                if let bands {
                    spectrum.withUnsafeMutableBufferPointer { bands.apply(bins, power: $0, into: now) }
                } else {
                    for k in 0..<bandCount { now[k] = bins[k].squaredMagnitude }
                }
                return previous.withUnsafeMutableBufferPointer { before -> Float in
                    var flux: Float = 0
                    for b in 0..<bandCount {
                        let level = 10 * log10f(max(now[b], 1e-10))
                        flux += max(0, level - before[b])
                        before[b] = level
                    }
                    return first ? 0 : flux
                }
            }
            onset.append(Double(flux) / Double(bandCount))
            signatures.add(bandPowers: current, onset: onset)
        }

        do {
            try reader.forEachMonoBlock(frames: blockFrames) { block in
                // Sample s belongs to the RMS block of frame (s + hop/2) / hop: sum the block's
                // samples run by run (one run per frame) rather than dividing per sample.
                var i = 0
                while i < block.count {
                    let bin = (sampleIndex + halfHop) / hop
                    let run = min(block.count - i, (bin + 1) * hop - halfHop - sampleIndex)
                    var sum = 0.0
                    for k in i..<(i + run) {
                        let value = Double(block[k])
                        sum += value * value
                    }
                    while rmsSums.count <= bin { rmsSums.append(0) }
                    rmsSums[bin] += sum
                    i += run
                    sampleIndex += run
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
                          formatDescription: info.formatDescription,
                          soundSignatures: signatures.finish(onset: onset))
    }

    static func reason(_ error: any Error) -> String {
        let text = String(describing: error)
        // AudioFileError descriptions start with the path; keep the reason only.
        if let range = text.range(of: ": ") { return String(text[range.upperBound...]) }
        return text
    }
}

/// Collects a `SoundSignature` for every distinct sound while the STFT streams: memory holds a
/// few dozen frames of coarse band levels and a level histogram per band, never the spectrogram.
///
/// A sound is a frame whose onset strength is the largest within ±`separation` frames (0.15 s:
/// the rep finder's own minimum spacing of distinct sounds). Its signature is, per coarse band,
/// the highest level over the frames from one before the onset to `attackFrames` after it (a
/// breath or a knock reaches its loudest within that time), minus the band's median level over
/// the recording (the floor: hum, hiss, the room's colour), so that the signature describes the
/// sound and not the room.
struct SoundSignatureCollector {
    /// Coarse bands: 32 groups of adjacent mel bands. Fewer blur a knock's partials into an
    /// exhale's broad hiss; more only add noise to the comparison.
    static let coarseBandCount = 32
    /// Histogram of levels per band, 0.5 dB bins from −120 dB (the 1e-10 floor is −100 dB).
    static let histogramFloorDB: Float = -120, histogramStepDB: Float = 0.5, histogramBins = 400

    let bandGroups: [Range<Int>]
    let separation: Int
    let attackFrames: Int
    private let ringFrames: Int
    private var ring: [Float]
    private var histogram: [Int32]
    private var frameCount = 0
    private var raw: [SoundSignature] = []

    init(fineBandCount: Int, traceRate: Double) {
        let coarse = max(1, min(Self.coarseBandCount, fineBandCount))
        bandGroups = (0..<coarse).map { g in (g * fineBandCount / coarse)..<((g + 1) * fineBandCount / coarse) }
        separation = max(1, Int((0.15 * traceRate).rounded()))
        attackFrames = max(1, Int((0.08 * traceRate).rounded()))
        ringFrames = 2 * separation + attackFrames + 2
        ring = [Float](repeating: 0, count: ringFrames * coarse)
        histogram = [Int32](repeating: 0, count: Self.histogramBins * coarse)
    }

    var coarseCount: Int { bandGroups.count }

    /// Adds one frame (its fine band powers; `onset` already holds its onset strength).
    mutating func add(bandPowers: [Float], onset: [Double]) {
        let slot = (frameCount % ringFrames) * coarseCount
        for (g, group) in bandGroups.enumerated() {
            var power: Float = 0
            for b in group { power += bandPowers[b] }
            let level = 10 * log10f(max(power, 1e-10))
            ring[slot + g] = level
            let bin = Int((level - Self.histogramFloorDB) / Self.histogramStepDB)
            histogram[g * Self.histogramBins + min(Self.histogramBins - 1, max(0, bin))] += 1
        }
        frameCount += 1
        // The frame `separation` back now has all its neighbours.
        let candidate = frameCount - 1 - separation
        if candidate >= 0 { consider(candidate, onset: onset) }
    }

    private mutating func consider(_ p: Int, onset: [Double]) {
        let lo = max(0, p - separation), hi = min(onset.count - 1, p + separation)
        let value = onset[p]
        guard value > 0 else { return }
        for j in lo..<p where onset[j] >= value { return }
        if p < hi { for j in (p + 1)...hi where onset[j] > value { return } }
        let first = max(0, p - 1, frameCount - ringFrames), last = min(frameCount - 1, p + attackFrames)
        var levels = [Float](repeating: -.infinity, count: coarseCount)
        for f in first...last {
            let slot = (f % ringFrames) * coarseCount
            for g in 0..<coarseCount { levels[g] = max(levels[g], ring[slot + g]) }
        }
        raw.append(SoundSignature(frame: p, bandLevelsDB: levels))
    }

    /// The signatures, relative to each band's median level.
    mutating func finish(onset: [Double]) -> [SoundSignature] {
        for p in max(0, frameCount - separation)..<frameCount { consider(p, onset: onset) }
        guard frameCount > 0 else { return [] }
        var floors = [Float](repeating: 0, count: coarseCount)
        for g in 0..<coarseCount {
            var seen: Int32 = 0
            for bin in 0..<Self.histogramBins {
                seen += histogram[g * Self.histogramBins + bin]
                if 2 * Int(seen) >= frameCount {
                    floors[g] = Self.histogramFloorDB + (Float(bin) + 0.5) * Self.histogramStepDB
                    break
                }
            }
        }
        return raw.map { signature in
            SoundSignature(frame: signature.frame, bandLevelsDB: zip(signature.bandLevelsDB, floors).map { $0 - $1 })
        }
    }
}

/// Triangular mel filters (Slaney's mel scale and area normalisation, as librosa's defaults).
struct MelFilterBank {
    let bandCount: Int
    /// Per band: first bin, and where its weights start in `weights` (band b's weights are
    /// `weights[offsets[b]..<offsets[b + 1]]`, one contiguous array for the inner loop).
    private let firstBin: [Int]
    private let offsets: [Int]
    private let weights: [Float]

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
        var offsets = [0]
        for row in weights { offsets.append(offsets[offsets.count - 1] + row.count) }
        self.offsets = offsets
        self.weights = weights.flatMap { $0 }
    }

    /// Band powers of one frame's bins into `output`; `power` is scratch space for the bins'
    /// squared magnitudes (each bin feeds two bands: square once, then weighted sums).
    func apply(_ bins: UnsafeBufferPointer<ComplexValue<Float>>, power: UnsafeMutableBufferPointer<Float>,
               into output: UnsafeMutableBufferPointer<Float>) {
        let binCount = min(bins.count, power.count)
        for k in 0..<binCount {
            let bin = bins[k]
            power[k] = bin.real * bin.real + bin.imaginary * bin.imaginary
        }
        weights.withUnsafeBufferPointer { weights in
            for band in 0..<bandCount {
                let first = firstBin[band], start = offsets[band]
                let count = max(0, min(offsets[band + 1] - start, binCount - first))
                var sum: Float = 0
                for k in 0..<count { sum += weights[start + k] * power[first + k] }
                output[band] = sum
            }
        }
    }
}
