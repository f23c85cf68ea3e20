import Foundation
import HipDriveAnalysis

/// One recording the batch will analyse, with what the manifest and its path say about it.
public struct BatchItem: Sendable, Equatable {
    /// The recording (a file, or a folder holding one recording's files).
    public var url: URL
    /// The path shown to the user and stored in the history (relative to the working folder
    /// when it lies below it).
    public var displayPath: String
    /// Stable key for sharding: the path relative to the root it was found under (or the
    /// manifest's path cell), so that every machine picks the same shard.
    public var shardKey: String
    public var manifestRow: Manifest.Row?
    public var pathMetadata: PathMetadata
}

/// Metadata given on the command line, applied where the manifest says nothing. It holds the
/// same fields as the metadata read from a path, so it is the same type.
public typealias MetadataFlags = PathMetadata

/// `--shard K/N`: the K-th (1-based) of N deterministic parts of the inputs.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) {
        precondition(count >= 1 && (1...count).contains(index), "shard must satisfy 1 ≤ K ≤ N")
        self.index = index; self.count = count
    }

    /// Parses `K/N` with 1 ≤ K ≤ N.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 1, k <= n else {
            throw HistoryError.invalidValue(what: "shard", value: text, expected: "K/N with 1 ≤ K ≤ N, e.g. 2/8")
        }
        self.init(index: k, count: n)
    }

    public var description: String { "\(index)/\(count)" }

    /// Whether `key` falls in this shard: FNV-1a (64-bit) of the key's UTF-8 bytes modulo N.
    /// A hash of the path rather than a position in a sorted list, so that adding files to an
    /// archive does not move the others between shards.
    public func contains(_ key: String) -> Bool {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return Int(hash % UInt64(count)) == index - 1
    }
}

/// Finds the recordings to analyse.
public enum BatchPlanner {
    /// File extensions taken as recordings (tables, audio, zips of one recording).
    public static let recordingExtensions: Set<String> = [
        "csv", "tsv", "txt", "dat", "zip", "wav", "flac", "ogg", "oga", "opus", "aif", "aiff", "caf",
        "mp3", "m4a", "mp4",
    ]

    /// Files never taken as recordings: manifests, simulator truth, notes.
    static func isIgnored(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasPrefix(".") || lower == "manifest.csv" || lower.hasSuffix(".truth.json")
            || lower == "truth.json" || lower.hasPrefix("readme") || lower.hasSuffix(".md")
    }

    /// A folder is one recording (Sensor Logger, phyphox, MetaWear exports) when it holds an
    /// accelerometer file beside a gyroscope, gravity or orientation file, recognised by name.
    static func isRecordingFolder(_ url: URL) -> Bool {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return false }
        let lower = names.map { $0.lowercased() }
        let hasAccel = lower.contains { $0.contains("accelerometer") || $0.contains("totalacceleration") || $0.contains("wristmotion") }
        let hasOther = lower.contains { $0.contains("gyroscope") || $0.contains("gravity") || $0.contains("orientation") || $0.contains("wristmotion") }
        return hasAccel && hasOther
    }

    /// Every recording under `paths` (files are taken as given; folders are searched
    /// recursively), plus the manifest's rows; manifest metadata is attached to matching files.
    /// Sorted by display path, optionally restricted to one shard.
    public static func plan(paths: [String], manifest: Manifest?, shard: Shard?,
                            workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) throws -> [BatchItem] {
        var items: [String: BatchItem] = [:]  // keyed by standardized absolute path
        let manifestByPath = Dictionary((manifest?.rows ?? []).map { ($0.url.standardizedFileURL.path, $0) },
                                        uniquingKeysWith: { first, _ in first })
        func display(_ url: URL) -> String {
            let abs = url.standardizedFileURL.path
            let cwd = workingDirectory.standardizedFileURL.path + "/"
            return abs.hasPrefix(cwd) ? String(abs.dropFirst(cwd.count)) : abs
        }
        func add(_ url: URL, relative: String) {
            let key = url.standardizedFileURL.path
            guard items[key] == nil else { return }
            items[key] = BatchItem(url: url.standardizedFileURL, displayPath: display(url), shardKey: relative,
                                   manifestRow: manifestByPath[key], pathMetadata: PathMetadata(relativePath: relative))
        }
        for path in paths {
            let root = URL(fileURLWithPath: path, relativeTo: workingDirectory).standardizedFileURL
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory) else {
                throw HistoryError.invalidValue(what: "input path", value: path, expected: "an existing file or folder")
            }
            if !isDirectory.boolValue || isRecordingFolder(root) {
                add(root, relative: root.lastPathComponent)
                continue
            }
            try walk(root, relativeTo: root, add: add)
        }
        if let manifest {
            // Rows whose files were not under the given paths (or no paths given): the manifest
            // names its recordings itself.
            for row in manifest.rows where items[row.url.standardizedFileURL.path] == nil {
                if paths.isEmpty { add(row.url, relative: row.path) }
            }
        }
        var result = items.values.sorted { $0.displayPath < $1.displayPath }
        if let shard { result = result.filter { shard.contains($0.shardKey) } }
        return result
    }

    private static func walk(_ folder: URL, relativeTo root: URL, add: (URL, String) -> Void) throws {
        let entries = try FileManager.default.contentsOfDirectory(
            at: folder, includingPropertiesForKeys: [.isDirectoryKey], options: [.skipsHiddenFiles])
        for entry in entries.sorted(by: { $0.path < $1.path }) {
            let name = entry.lastPathComponent
            if isIgnored(name) { continue }
            let rel = String(entry.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
            if (try entry.resourceValues(forKeys: [.isDirectoryKey])).isDirectory == true {
                if isRecordingFolder(entry) { add(entry, rel) } else { try walk(entry, relativeTo: root, add: add) }
            } else if recordingExtensions.contains(entry.pathExtension.lowercased()) {
                add(entry, rel)
            }
        }
    }

    /// The exercise and load to analyse `item` with: manifest, then flags, then the path.
    public static func settings(for item: BatchItem, flags: MetadataFlags, base: AnalysisSettings) -> AnalysisSettings {
        var settings = base
        let row = item.manifestRow
        settings.exercise = row?.exercise ?? flags.exercise ?? item.pathMetadata.exercise ?? base.exercise
        var load = base.load
        load.massKg = row?.massKg ?? flags.massKg ?? item.pathMetadata.massKg ?? base.load.massKg
        let bandText = row?.band ?? flags.band ?? item.pathMetadata.band
        load.band = bandText.flatMap(MetadataParsing.band) ?? base.load.band
        settings.load = load
        // Placement as the user wrote it (handle, wrist, watch, belt, ...): a wrist sensor's swing
        // is turned into the bell's; words the analysis does not know leave it on auto.
        let placementText = row?.placement ?? flags.placement ?? item.pathMetadata.placement
        settings.placement = placementText.flatMap(SensorPlacement.init(userText:)) ?? base.placement
        // Where on the bell (handle, bell-centre) and the handle's offset, when said.
        if let mount = placementText.flatMap(BellSensorMount.implied(byPlacementText:)) { settings.bellSensorMount = mount }
        if let offset = row?.bellSensorOffsetM { settings.bellSensorOffsetM = offset }
        return settings
    }

    /// The full metadata once the recording has been analysed (its own start date is known):
    /// manifest, then flags, then the path convention, then the recording, then the file's
    /// modification time.
    public static func metadata(for item: BatchItem, flags: MetadataFlags, settings: AnalysisSettings,
                                analysis: SessionAnalysis) -> SessionMetadata {
        let row = item.manifestRow
        let path = item.pathMetadata
        var date: Date
        var source: DateSource
        if let d = row?.date { date = d; source = .manifest }
        else if let d = flags.date { date = d; source = .flag }
        else if let d = path.date { date = d; source = .fileName }
        else if let d = analysis.input.startDate { date = d; source = .recording }
        else {
            let attributes = try? FileManager.default.attributesOfItem(atPath: item.url.path)
            date = (attributes?[.modificationDate] as? Date) ?? Date(timeIntervalSince1970: 0)
            source = .modificationTime
        }
        // A date-only name plus a clock time in the file: keep the file's time of day.
        if source == .fileName || source == .manifest, let recorded = analysis.input.startDate,
           Calendar.utc.isDate(recorded, inSameDayAs: date), Calendar.utc.startOfDay(for: date) == date {
            date = recorded
        }
        return SessionMetadata(
            athlete: row?.athlete ?? flags.athlete ?? path.athlete ?? "unknown",
            date: date, dateSource: source, exercise: settings.exercise,
            massKg: settings.load.massKg,
            band: settings.load.band == nil ? nil : (row?.band ?? flags.band ?? path.band),
            placement: row?.placement ?? flags.placement ?? path.placement)
    }
}

extension Calendar {
    static let utc: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC") ?? c.timeZone
        return c
    }()
}
