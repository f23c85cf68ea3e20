import Foundation

/// What a libsndfile header says about an audio file.
public struct AudioFileInfo: Sendable, Equatable {
    /// The file.
    public var url: URL
    /// Frames per second per channel, Hz.
    public var sampleRate: Double
    /// Interleaved channels per frame.
    public var channels: Int
    /// Frames (samples per channel) in the file.
    public var frames: Int
    /// libsndfile's name of the container, e.g. "WAV (Microsoft)".
    public var containerName: String
    /// libsndfile's name of the sample encoding, e.g. "Signed 16 bit PCM".
    public var encodingName: String
    /// A short form, e.g. "WAV (PCM 16)", "FLAC (PCM 24)", "OGG (Vorbis)".
    public var formatDescription: String

    /// Duration, seconds: frames / sampleRate.
    public var duration: Double { sampleRate > 0 ? Double(frames) / sampleRate : 0 }
}
