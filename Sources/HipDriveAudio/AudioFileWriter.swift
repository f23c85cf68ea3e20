internal import CSndFile
import Foundation

/// Container and sample encoding of a written audio file.
public enum AudioFileFormat: String, Sendable, CaseIterable {
    /// WAV, 16-bit integer PCM (CD quality; the smallest lossless WAV).
    case wav16
    /// WAV, 24-bit integer PCM.
    case wav24
    /// WAV, 32-bit IEEE float (values outside ±1 survive).
    case wavFloat
    /// FLAC (lossless, about half the size of WAV), 16-bit.
    case flac16
    /// FLAC, 24-bit.
    case flac24

    var sndfileFormat: Int32 {
        switch self {
        case .wav16: return Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16)
        case .wav24: return Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_24)
        case .wavFloat: return Int32(SF_FORMAT_WAV | SF_FORMAT_FLOAT)
        case .flac16: return Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_16)
        case .flac24: return Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_24)
        }
    }
}

/// Writes an audio file through libsndfile from Float or Double samples, full scale ±1.
///
/// Integer formats clip samples outside ±1 (libsndfile's `SFC_SET_CLIPPING`) rather than
/// wrapping around. Write interleaved blocks of any size, then `close()` (which reports
/// flush errors); `deinit` closes a writer that was not closed.
///
/// ```swift
/// try AudioFileWriter.write(mono: samples, sampleRate: 16_000, to: url)     // WAV, 16-bit
/// ```
///
/// The corresponding C functions are `sf_open` (SFM_WRITE), `sf_writef_float`,
/// `sf_writef_double` and `sf_close`.
public final class AudioFileWriter {
    public let url: URL
    public let format: AudioFileFormat
    /// Frames per second, Hz.
    public let sampleRate: Int
    public let channels: Int
    private var handle: OpaquePointer?
    /// Frames written so far.
    public private(set) var framesWritten = 0

    /// Creates (or replaces) the file at `url`.
    /// - Parameters:
    ///   - sampleRate: Hz, ≥ 1.
    ///   - channels: ≥ 1; samples are written interleaved.
    /// - Throws: `AudioFileError.writeFailed` with libsndfile's message.
    public init(url: URL, format: AudioFileFormat = .wav16, sampleRate: Int, channels: Int = 1) throws(AudioFileError) {
        precondition(sampleRate >= 1, "sample rate must be positive")
        precondition(channels >= 1, "at least one channel")
        self.url = url
        self.format = format
        self.sampleRate = sampleRate
        self.channels = channels
        var header = SF_INFO()
        header.samplerate = Int32(sampleRate)
        header.channels = Int32(channels)
        header.format = format.sndfileFormat
        guard sf_format_check(&header) != 0 else {
            throw .writeFailed(path: url.path, reason: "libsndfile cannot write \(format.rawValue) at \(sampleRate) Hz with \(channels) channels")
        }
        guard let handle = sf_open(url.path, Int32(SFM_WRITE), &header) else {
            throw .writeFailed(path: url.path, reason: String(cString: sf_strerror(nil)))
        }
        self.handle = handle
        sf_command(handle, Int32(SFC_SET_CLIPPING), nil, Int32(SF_TRUE))
    }

    deinit {
        if let handle { sf_close(handle) }
    }

    /// Appends interleaved Float samples (a whole number of frames).
    public func write(interleaved samples: UnsafeBufferPointer<Float>) throws(AudioFileError) {
        let frames = try checkedFrames(samples.count)
        guard frames > 0, let base = samples.baseAddress, let handle else { return }
        let written = sf_writef_float(handle, base, sf_count_t(frames))
        try finishWrite(written, expected: frames)
    }

    /// Appends interleaved Double samples (a whole number of frames).
    public func write(interleaved samples: UnsafeBufferPointer<Double>) throws(AudioFileError) {
        let frames = try checkedFrames(samples.count)
        guard frames > 0, let base = samples.baseAddress, let handle else { return }
        let written = sf_writef_double(handle, base, sf_count_t(frames))
        try finishWrite(written, expected: frames)
    }

    /// Appends interleaved Float samples.
    public func write(interleaved samples: [Float]) throws(AudioFileError) {
        try samples.withUnsafeBufferPointer { (buffer) throws(AudioFileError) in try write(interleaved: buffer) }
    }

    /// Appends interleaved Double samples.
    public func write(interleaved samples: [Double]) throws(AudioFileError) {
        try samples.withUnsafeBufferPointer { (buffer) throws(AudioFileError) in try write(interleaved: buffer) }
    }

    /// Finishes the file (header sizes, FLAC stream end). Further writes are errors.
    public func close() throws(AudioFileError) {
        guard let handle else { return }
        self.handle = nil
        let status = sf_close(handle)
        if status != 0 {
            throw .writeFailed(path: url.path, reason: String(cString: sf_error_number(status)))
        }
    }

    private func checkedFrames(_ count: Int) throws(AudioFileError) -> Int {
        precondition(count % channels == 0, "\(count) samples is not a whole number of \(channels)-channel frames")
        if handle == nil { throw .writeFailed(path: url.path, reason: "the writer is already closed") }
        return count / channels
    }

    private func finishWrite(_ written: sf_count_t, expected: Int) throws(AudioFileError) {
        if written != expected {
            throw .writeFailed(path: url.path, reason: String(cString: sf_strerror(handle)))
        }
        framesWritten += Int(written)
    }

    /// Writes a whole mono signal to `url` and closes the file.
    public static func write(mono samples: [Double], sampleRate: Int, to url: URL, format: AudioFileFormat = .wav16) throws(AudioFileError) {
        let writer = try AudioFileWriter(url: url, format: format, sampleRate: sampleRate, channels: 1)
        try writer.write(interleaved: samples)
        try writer.close()
    }

    /// Writes a whole mono signal to `url` and closes the file.
    public static func write(mono samples: [Float], sampleRate: Int, to url: URL, format: AudioFileFormat = .wav16) throws(AudioFileError) {
        let writer = try AudioFileWriter(url: url, format: format, sampleRate: sampleRate, channels: 1)
        try writer.write(interleaved: samples)
        try writer.close()
    }
}
