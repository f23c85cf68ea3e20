import Foundation
import ZIPFoundation

/// How the user overrides what the reader would detect.
public struct ReadOptions: Sendable, Equatable {
    /// Force a format by name instead of detecting it from the header (see `hipdrive inspect --help`).
    public var format: String?
    /// Explicit column map for headerless or unknown tables, e.g. "time=0,ax=1,ay=2,az=3".
    public var columnMap: String?
    /// Units that override the header: keys "time", "accel", "gyro" (e.g. "ms", "g", "deg/s").
    public var units: [String: String]

    public init(format: String? = nil, columnMap: String? = nil, units: [String: String] = [:]) {
        self.format = format
        self.columnMap = columnMap
        self.units = units
    }
}

/// Reads a recording (one file, or a folder or zip holding one recording's files) into a clean
/// trace: IMU tables become a uniformly sampled, world-frame `MotionTrace`; audio files become an
/// `AudioTrace`.
///
/// ```swift
/// let recording = try RecordingReader.read(URL(fileURLWithPath: "swings.csv"))
/// if case let .motion(trace) = recording.content {
///     print(recording.format, trace.sampleRate, trace.quality.gapCount)
/// }
/// ```
public enum RecordingReader {
    /// File extensions read as audio (through libsndfile).
    static let audioExtensions: Set<String> = ["wav", "wave", "flac", "ogg", "oga", "opus", "aif", "aiff", "aifc", "caf", "mp3", "w64", "rf64", "au", "snd"]
    /// Containers libsndfile cannot open (AAC in MPEG-4): named in the error with a conversion command.
    static let unreadableAudioExtensions: Set<String> = ["m4a", "mp4", "aac", "mov", "3gp", "m4v", "wma", "webm", "mkv"]
    /// Largest single table HipDrive reads, bytes (a larger file is almost certainly not one recording).
    static let maximumTableBytes = 2_000_000_000

    /// Reads `url`.
    ///
    /// - Parameters:
    ///   - url: a table (CSV/TSV/log), an audio file, a folder, or a zip.
    ///   - options: format, column map and unit overrides.
    /// - Throws: `RecordingError`, naming the file (and line and column for tables) and what to do.
    public static func read(_ url: URL, options: ReadOptions = ReadOptions()) throws -> Recording {
        let path = url.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw RecordingError.cannotOpen(file: path, reason: "no such file or folder")
        }
        if isDirectory.boolValue {
            return try readBundle(entries: folderEntries(url), source: url, options: options)
        }
        let fileExtension = url.pathExtension.lowercased()
        if unreadableAudioExtensions.contains(fileExtension) {
            throw RecordingError.audio(file: path, reason: "\(fileExtension.uppercased()) (AAC/MPEG-4) audio cannot be read by libsndfile; convert it first: ffmpeg -i \"\(url.lastPathComponent)\" -vn -ac 1 \"\(url.deletingPathExtension().lastPathComponent).wav\"")
        }
        if audioExtensions.contains(fileExtension) {
            return try readAudio(url)
        }
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw RecordingError.cannotOpen(file: path, reason: error.localizedDescription)
        }
        guard data.count <= maximumTableBytes else {
            throw RecordingError.unsupported(file: path, reason: "the file is \(data.count / 1_000_000) MB, larger than any single recording; split it")
        }
        if fileExtension == "zip" || data.starts(with: [0x50, 0x4B, 0x03, 0x04]) || data.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            return try readBundle(entries: zipEntries(url), source: url, options: options)
        }
        if data.starts(with: [0x52, 0x49, 0x46, 0x46]) || data.starts(with: Array("fLaC".utf8)) || data.starts(with: Array("OggS".utf8)) || data.starts(with: Array("FORM".utf8)) {
            return try readAudio(url)
        }
        return try readTable(data, source: url, options: options)
    }

    /// Reads one table held in memory (the fuzz tests call this directly).
    static func readTable(_ data: Data, source: URL, options: ReadOptions = ReadOptions()) throws(RecordingError) -> Recording {
        var reader = TableReader(displayName: source.path, options: options, impliedQuantity: impliedQuantity(forFileNamed: source.lastPathComponent))
        let stream = try reader.read(data)
        let trace = try TraceAssembler.assemble([stream], source: source.path)
        return Recording(source: source, format: reader.formatLabel, columns: stream.columnsUsed, content: .motion(trace))
    }

    // MARK: Folders and zips

    /// One file of a folder or zip.
    struct BundleEntry {
        var name: String
        var data: Data
    }

    static func folderEntries(_ url: URL) throws(RecordingError) -> [BundleEntry] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
        } catch {
            throw .cannotOpen(file: url.path, reason: error.localizedDescription)
        }
        var entries: [BundleEntry] = []
        for name in names where !name.hasPrefix(".") {
            let file = url.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            guard isTableName(name) else { continue }
            guard let data = try? Data(contentsOf: file, options: .alwaysMapped), data.count <= maximumTableBytes else { continue }
            entries.append(BundleEntry(name: name, data: data))
        }
        return entries
    }

    static func zipEntries(_ url: URL) throws(RecordingError) -> [BundleEntry] {
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw .notATable(file: url.path, reason: "not a readable zip archive (\(error)); unzip it and pass the folder")
        }
        let zipBytes: Data
        do {
            zipBytes = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw .cannotOpen(file: url.path, reason: error.localizedDescription)
        }
        var entries: [BundleEntry] = []
        var total: UInt64 = 0
        for entry in archive where entry.type == .file {
            let name = entry.path
            let base = (name as NSString).lastPathComponent
            guard !base.hasPrefix("."), !name.contains("__MACOSX"), isTableName(base) else { continue }
            total += entry.uncompressedSize
            guard total <= UInt64(maximumTableBytes) else {
                throw .unsupported(file: url.path, reason: "the zip expands to more than \(maximumTableBytes / 1_000_000) MB; unzip it and pass the sensor files")
            }
            let data: Data
            do {
                data = try ZipEntryReader.bytes(of: entry, in: zipBytes, limit: maximumTableBytes)
            } catch {
                throw .notATable(file: "\(url.path)/\(name)", reason: "cannot be extracted from the zip (\(error)); unzip it with another tool")
            }
            entries.append(BundleEntry(name: name, data: data))
        }
        return entries
    }

    static func isTableName(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") || lower.hasSuffix(".txt") || lower.hasSuffix(".log")
    }

    /// What a file's name says its bare `x,y,z` columns hold (Sensor Logger, phyphox, MetaWear);
    /// nil for files that are not motion sensors (magnetometer, location, metadata…).
    static func impliedQuantity(forFileNamed name: String) -> Quantity? {
        let lower = ((name as NSString).lastPathComponent).lowercased().replacingOccurrences(of: " ", with: "")
        if lower.contains("uncalibrated") || lower.contains("magnet") { return nil }
        if lower.contains("totalacceleration") { return .acceleration }
        if lower.contains("linearacceleration") || lower.contains("linearaccelerometer") || lower.contains("useracceleration") { return .userAcceleration }
        if lower.contains("gravity") { return .gravity }
        if lower.contains("gyro") { return .gyroscope }
        if lower.contains("orientation") || lower.contains("rotationvector") || lower.contains("attitude") { return .quaternion }
        // Sensor Logger's Accelerometer.csv is documented without gravity; the reader's physical
        // check re-labels it when its magnitude says otherwise.
        if lower.contains("accelerometer") || lower.contains("acceleration") || lower.hasPrefix("acc") { return .userAcceleration }
        return nil
    }

    /// Names of files in a bundle that are motion sensors worth reading.
    static func isMotionFileName(_ name: String) -> Bool {
        let lower = (name as NSString).lastPathComponent.lowercased()
        if lower.contains("uncalibrated") || lower.contains("magnet") || lower.contains("metadata") || lower.contains("annotation") || lower.contains("location") { return false }
        return impliedQuantity(forFileNamed: name) != nil || lower.contains("wristmotion") || lower.contains("motion") || lower.contains("imu")
    }

    static func readBundle(entries: [BundleEntry], source: URL, options: ReadOptions) throws(RecordingError) -> Recording {
        let candidates = entries.filter { !$0.name.lowercased().hasPrefix("meta/") && !$0.name.lowercased().contains("/meta/") }
        let motionFiles = candidates.filter { isMotionFileName($0.name) }
        // A folder with a single table of any name is that table.
        let chosen = motionFiles.isEmpty && candidates.count == 1 ? candidates : motionFiles
        guard !chosen.isEmpty else { throw .noSensorFile(file: source.path, found: entries.map(\.name)) }
        var streams: [SensorStream] = []
        var formats: [TableFlavour] = []
        var skipped: [String] = []
        var seen: Set<Quantity> = []
        let fallback = motionFiles.isEmpty
        let convention = gravityConvention(metadata: candidates.first { ($0.name as NSString).lastPathComponent.lowercased() == "metadata.csv" })
        for entry in chosen {
            var reader = TableReader(displayName: "\(source.path)/\(entry.name)", options: options,
                                     impliedQuantity: impliedQuantity(forFileNamed: entry.name))
            do {
                let stream = try reader.read(entry.data)
                // One file per quantity: the first wins (a second accelerometer file from another
                // recording would shrink the common time span to nothing).
                let quantities = Set(stream.channels.keys)
                guard !quantities.isSubset(of: seen) else { skipped.append(entry.name); continue }
                seen.formUnion(quantities)
                var adjusted = stream
                if reader.flavour == .sensorLogger, let convention { adjusted.gravityConvention = convention.0 }
                streams.append(adjusted)
                formats.append(reader.flavour)
            } catch {
                if fallback { throw .noSensorFile(file: source.path, found: entries.map(\.name)) }
                if chosen.count == 1 { throw error }
                skipped.append("\(entry.name) (\(error.description.components(separatedBy: ": ").dropFirst().joined(separator: ": ")))")
            }
        }
        guard !streams.isEmpty else { throw .noSensorFile(file: source.path, found: entries.map(\.name) + skipped) }
        var trace = try TraceAssembler.assemble(streams, source: source.path)
        if let convention, formats.contains(.sensorLogger) { trace.quality.notes.append(convention.1) }
        if !skipped.isEmpty { trace.quality.notes.append("files not used: " + skipped.joined(separator: "; ")) }
        let format: String
        // Only the watch's WristMotion.csv was used: say so, because the format names the
        // placement (a watch on the wrist) that the analysis would otherwise have to be told.
        if formats.allSatisfy({ $0 == .sensorLoggerWrist }) && !formats.isEmpty { format = TableFlavour.sensorLoggerWrist.rawValue }
        else if formats.contains(.sensorLogger) || formats.contains(.sensorLoggerWrist) { format = TableFlavour.sensorLogger.rawValue }
        else if formats.contains(.phyphox) { format = TableFlavour.phyphox.rawValue }
        else if formats.contains(.metaWear) { format = TableFlavour.metaWear.rawValue }
        else { format = formats.first?.rawValue ?? TableFlavour.generic.rawValue }
        let columns = streams.count == 1 ? streams[0].columnsUsed
            : streams.flatMap { stream in stream.columnsUsed.map { "\((stream.source as NSString).lastPathComponent): \($0)" } }
        return Recording(source: source, format: format, columns: columns, content: .motion(trace))
    }

    /// Sensor Logger's iPhone exports negate every acceleration axis (CoreMotion convention)
    /// unless "Standardise Units & Frames" was on; its Metadata.csv names the platform.
    static func gravityConvention(metadata: BundleEntry?) -> (GravityConvention, String)? {
        guard let metadata else { return nil }
        let lines = String(decoding: metadata.data.prefix(65_536), as: UTF8.self)
            .split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map(String.init)
        guard lines.count >= 2 else { return nil }
        let names = lines[0].lowercased().split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let values = lines[1].lowercased().split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        func value(containing key: String) -> String? {
            guard let index = names.firstIndex(where: { $0.contains(key) }), index < values.count else { return nil }
            return values[index]
        }
        guard let platform = value(containing: "platform") else { return nil }
        let standardised = ["true", "1", "yes", "on"].contains(value(containing: "standardis") ?? value(containing: "standardiz") ?? "")
        if platform.contains("ios") && !standardised {
            return (.pointsDown, "Sensor Logger on iOS without standardised frames: acceleration and gravity negated (CoreMotion convention)")
        }
        return (.pointsUp, "Sensor Logger \(platform.contains("ios") ? "on iOS with standardised frames" : "on Android"): Android sign convention")
    }

    // MARK: Audio

    static func readAudio(_ url: URL) throws(RecordingError) -> Recording {
        let trace = try OnsetTrace.compute(url: url)
        return Recording(source: url, format: trace.formatDescription,
                         columns: ["audio (\(trace.channels) channel\(trace.channels == 1 ? "" : "s") mixed to mono)"],
                         content: .audio(trace))
    }
}
