internal import CSndFile
import Foundation

/// Reads an audio file through libsndfile, block by block, optionally mixed to mono.
///
/// Opens anything libsndfile reads (WAV, FLAC, Ogg Vorbis/Opus, AIFF, CAF, MP3 where the library
/// has it) at any rate and channel count. Samples come out as Float, full scale ±1 (integer PCM
/// is scaled by libsndfile). The reader owns its libsndfile handle and closes it in `deinit`.
/// One reader belongs to one thread at a time.
///
/// ```swift
/// let reader = try AudioFileReader(url: url)
/// print(reader.info.formatDescription, reader.info.duration)
/// try reader.forEachMonoBlock(frames: 65536) { block in stft.process(block) { … } }
/// ```
///
/// The corresponding C functions are `sf_open`, `sf_readf_float` and `sf_close`.
public final class AudioFileReader {
    /// What the header says: rate, channels, frames, format.
    public let info: AudioFileInfo
    private let handle: OpaquePointer
    private var interleavedScratch: [Float] = []

    /// Opens `url` for reading.
    /// - Throws: `AudioFileError` naming the file: missing, empty, AAC/M4A/MP4 (with a conversion
    ///   command), any libsndfile refusal (with its message), or no audio frames.
    public init(url: URL) throws(AudioFileError) {
        let path = url.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw .fileNotFound(path: path)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue
        if size == 0 { throw .emptyFile(path: path) }

        var header = SF_INFO()
        guard let handle = sf_open(path, Int32(SFM_READ), &header) else {
            let reason = String(cString: sf_strerror(nil))
            if let container = Self.isoMediaContainer(url: url) {
                throw .unsupportedContainer(path: path, container: container,
                                            conversion: Self.conversionCommand(for: url))
            }
            throw .cannotOpen(path: path, reason: reason)
        }
        guard header.frames > 0, header.channels > 0, header.samplerate > 0 else {
            sf_close(handle)
            throw .noAudioFrames(path: path)
        }
        self.handle = handle
        let container = Self.formatName(handle, format: header.format & Int32(SF_FORMAT_TYPEMASK), major: true)
        let encoding = Self.formatName(handle, format: header.format & Int32(SF_FORMAT_SUBMASK), major: false)
        info = AudioFileInfo(
            url: url, sampleRate: Double(header.samplerate), channels: Int(header.channels), frames: Int(header.frames),
            containerName: container, encodingName: encoding,
            formatDescription: Self.shortDescription(format: header.format, container: container, encoding: encoding))
    }

    deinit { sf_close(handle) }

    /// Reads up to `frames` frames, interleaved (`channels` values per frame), into `buffer`
    /// (which must hold frames × channels values). Returns the frames read; 0 at the end.
    /// The corresponding C function is `sf_readf_float`.
    public func readInterleaved(into buffer: UnsafeMutableBufferPointer<Float>, frames: Int) throws(AudioFileError) -> Int {
        precondition(frames >= 0 && buffer.count >= frames * info.channels, "buffer holds fewer than frames × channels values")
        guard frames > 0, let base = buffer.baseAddress else { return 0 }
        let read = sf_readf_float(handle, base, sf_count_t(frames))
        if read < 0 || (read < frames && sf_error(handle) != 0) {
            throw .readFailed(path: info.url.path, reason: String(cString: sf_strerror(handle)))
        }
        return Int(read)
    }

    /// Reads up to `buffer.count` frames mixed to mono (the mean of the channels) into `buffer`.
    /// Returns the frames read; 0 at the end.
    public func readMono(into buffer: UnsafeMutableBufferPointer<Float>) throws(AudioFileError) -> Int {
        let channels = info.channels
        if channels == 1 { return try readInterleaved(into: buffer, frames: buffer.count) }
        let needed = buffer.count * channels
        if interleavedScratch.count < needed { interleavedScratch = [Float](repeating: 0, count: needed) }
        var scratch = interleavedScratch
        interleavedScratch = []  // avoid a copy-on-write while `scratch` is mutated
        defer { interleavedScratch = scratch }
        let read = try scratch.withUnsafeMutableBufferPointer { (interleaved) throws(AudioFileError) -> Int in
            try readInterleaved(into: interleaved, frames: buffer.count)
        }
        let scale = 1 / Float(channels)
        scratch.withUnsafeBufferPointer { interleaved in
            for frame in 0..<read {
                var sum: Float = 0
                for channel in 0..<channels { sum += interleaved[frame * channels + channel] }
                buffer[frame] = sum * scale
            }
        }
        return read
    }

    /// Calls `body` with consecutive mono blocks of up to `frames` frames until the end of the
    /// file. The block is valid only during the call. Memory stays at one block whatever the
    /// file's length.
    public func forEachMonoBlock(frames: Int = 65_536, _ body: (UnsafeBufferPointer<Float>) throws -> Void) throws {
        precondition(frames >= 1, "block size must be at least one frame")
        var block = [Float](repeating: 0, count: frames)
        while true {
            let read = try block.withUnsafeMutableBufferPointer { try readMono(into: $0) }
            if read == 0 { break }
            try block.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[0..<read])) }
        }
    }

    /// The whole file (from the current position) mixed to mono, `info.frames` values.
    public func readAllMono() throws(AudioFileError) -> [Float] {
        var samples = [Float](repeating: 0, count: info.frames)
        var filled = 0
        while filled < samples.count {
            let read = try samples.withUnsafeMutableBufferPointer { (all) throws(AudioFileError) -> Int in
                try readMono(into: UnsafeMutableBufferPointer(rebasing: all[filled...]))
            }
            if read == 0 { break }
            filled += read
        }
        if filled < samples.count { samples.removeLast(samples.count - filled) }
        return samples
    }

    /// Goes back to the first frame. The corresponding C function is `sf_seek`.
    public func rewind() throws(AudioFileError) {
        if sf_seek(handle, 0, SEEK_SET) < 0 {
            throw .readFailed(path: info.url.path, reason: String(cString: sf_strerror(handle)))
        }
    }

    // MARK: Format names

    /// libsndfile's name of a major format or subtype (SFC_GET_FORMAT_INFO).
    private static func formatName(_ handle: OpaquePointer, format: Int32, major: Bool) -> String {
        var formatInfo = SF_FORMAT_INFO()
        formatInfo.format = format
        let status = sf_command(handle, Int32(SFC_GET_FORMAT_INFO), &formatInfo, Int32(MemoryLayout<SF_FORMAT_INFO>.size))
        guard status == 0, let name = formatInfo.name else {
            return String(format: major ? "format 0x%06x" : "encoding 0x%04x", format)
        }
        return String(cString: name)
    }

    /// "WAV (PCM 16)"-style description: a short container name and a short encoding name.
    static func shortDescription(format: Int32, container: String, encoding: String) -> String {
        let majors: [Int32: String] = [
            Int32(SF_FORMAT_WAV): "WAV", Int32(SF_FORMAT_WAVEX): "WAV", Int32(SF_FORMAT_RF64): "RF64",
            Int32(SF_FORMAT_AIFF): "AIFF", Int32(SF_FORMAT_AU): "AU", Int32(SF_FORMAT_FLAC): "FLAC",
            Int32(SF_FORMAT_OGG): "OGG", Int32(SF_FORMAT_CAF): "CAF", Int32(SF_FORMAT_W64): "W64",
            Int32(SF_FORMAT_MPEG): "MPEG", Int32(SF_FORMAT_RAW): "RAW",
        ]
        let subtypes: [Int32: String] = [
            Int32(SF_FORMAT_PCM_S8): "PCM 8", Int32(SF_FORMAT_PCM_U8): "PCM 8", Int32(SF_FORMAT_PCM_16): "PCM 16",
            Int32(SF_FORMAT_PCM_24): "PCM 24", Int32(SF_FORMAT_PCM_32): "PCM 32", Int32(SF_FORMAT_FLOAT): "float 32",
            Int32(SF_FORMAT_DOUBLE): "float 64", Int32(SF_FORMAT_ULAW): "µ-law", Int32(SF_FORMAT_ALAW): "A-law",
            Int32(SF_FORMAT_VORBIS): "Vorbis", Int32(SF_FORMAT_OPUS): "Opus",
            Int32(SF_FORMAT_MPEG_LAYER_III): "MP3", Int32(SF_FORMAT_MPEG_LAYER_II): "MP2",
            Int32(SF_FORMAT_IMA_ADPCM): "IMA ADPCM", Int32(SF_FORMAT_MS_ADPCM): "MS ADPCM",
        ]
        let major = majors[format & Int32(SF_FORMAT_TYPEMASK)] ?? container
        let subtype = subtypes[format & Int32(SF_FORMAT_SUBMASK)] ?? encoding
        return "\(major) (\(subtype))"
    }

    // MARK: Containers libsndfile cannot read

    /// "MP4/M4A (AAC)"-style name when the file is an ISO base media file (an `ftyp` box at byte 4)
    /// or has an extension of one, else nil.
    static func isoMediaContainer(url: URL) -> String? {
        let knownExtensions = ["m4a": "M4A", "mp4": "MP4", "m4v": "MP4", "mov": "QuickTime", "3gp": "3GP", "aac": "AAC"]
        if let name = knownExtensions[url.pathExtension.lowercased()] { return name == "AAC" ? "AAC" : "\(name) (AAC)" }
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 12)) ?? Data()
        if head.count >= 8, String(decoding: head[4..<8], as: UTF8.self) == "ftyp" { return "MP4 (AAC)" }
        // ADTS AAC stream: 12-bit sync word 0xFFF with layer bits 00.
        if head.count >= 2, head[0] == 0xFF, head[1] & 0xF6 == 0xF0 { return "AAC" }
        return nil
    }

    /// `ffmpeg -i 'in.m4a' 'in.wav'` for the file's own name.
    static func conversionCommand(for url: URL) -> String {
        let output = url.deletingPathExtension().appendingPathExtension("wav").lastPathComponent
        return "ffmpeg -i \(shellQuoted(url.lastPathComponent)) \(shellQuoted(output))"
    }

    private static func shellQuoted(_ text: String) -> String {
        let safe = text.allSatisfy { $0.isLetter || $0.isNumber || "._-+@%/".contains($0) }
        return safe ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
