import Crypto
import Foundation

/// SHA-256 content hashes of recordings, so that a re-run skips what it has already analysed.
///
/// swift-crypto rather than a hand-written SHA-256: it is the maintained implementation (BoringSSL
/// on Linux, CryptoKit on Apple platforms) and hashes at memory speed.
public enum ContentHash {
    /// Hex SHA-256 of `data`.
    public static func sha256Hex(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// Hex SHA-256 of a recording: a file's bytes, read in 1 MiB blocks; for a folder (one
    /// recording split over several files), every regular file's relative path and bytes in
    /// path order, so that renaming or editing any part changes the hash.
    public static func ofRecording(at url: URL) throws -> String {
        var hasher = SHA256()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: url.path])
        }
        if isDirectory.boolValue {
            let files = try regularFiles(under: url)
            for (relative, fileURL) in files {
                hasher.update(data: Data((relative + "\u{0}").utf8))
                try feed(fileURL, into: &hasher)
            }
        } else {
            try feed(url, into: &hasher)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    private static func feed(_ url: URL, into hasher: inout SHA256) throws {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty {
            hasher.update(data: block)
        }
    }

    static func regularFiles(under folder: URL) throws -> [(String, URL)] {
        let base = folder.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(
            at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var result: [(String, URL)] = []
        for case let fileURL as URL in enumerator {
            let values = try fileURL.resourceValues(forKeys: [.isRegularFileKey])
            guard values.isRegularFile == true else { continue }
            var relative = fileURL.standardizedFileURL.path
            if relative.hasPrefix(base) { relative.removeFirst(base.count) }
            result.append((relative, fileURL))
        }
        return result.sorted { $0.0 < $1.0 }
    }
}
