/// Why an audio file could not be read or written. Every case names the file; `description` is
/// one line saying what went wrong and what to do.
public enum AudioFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing exists at the path.
    case fileNotFound(path: String)
    /// The file has zero bytes.
    case emptyFile(path: String)
    /// The file opened but holds no audio frames.
    case noAudioFrames(path: String)
    /// A container libsndfile cannot read (AAC in MP4/M4A/MOV/3GP); `conversion` is a command
    /// that converts it to WAV.
    case unsupportedContainer(path: String, container: String, conversion: String)
    /// libsndfile refused to open the file; `reason` is libsndfile's own message.
    case cannotOpen(path: String, reason: String)
    /// libsndfile failed while reading; `reason` is libsndfile's own message.
    case readFailed(path: String, reason: String)
    /// libsndfile could not create or write the file; `reason` is libsndfile's own message.
    case writeFailed(path: String, reason: String)

    /// The file the error is about.
    public var path: String {
        switch self {
        case .fileNotFound(let path), .emptyFile(let path), .noAudioFrames(let path),
             .unsupportedContainer(let path, _, _), .cannotOpen(let path, _), .readFailed(let path, _),
             .writeFailed(let path, _):
            return path
        }
    }

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "\(path): no such file; check the path"
        case .emptyFile(let path):
            return "\(path): the file is empty (0 bytes); record or export it again"
        case .noAudioFrames(let path):
            return "\(path): the file holds no audio frames"
        case .unsupportedContainer(let path, let container, let conversion):
            return "\(path): \(container) audio cannot be read (libsndfile does not decode AAC); convert it first: \(conversion)"
        case .cannotOpen(let path, let reason):
            return "\(path): cannot open as audio: \(reason) (readable: WAV, FLAC, Ogg Vorbis/Opus, AIFF, CAF, MP3 and other formats libsndfile supports)"
        case .readFailed(let path, let reason):
            return "\(path): reading audio failed: \(reason); the file may be truncated or damaged"
        case .writeFailed(let path, let reason):
            return "\(path): cannot write audio: \(reason)"
        }
    }
}
