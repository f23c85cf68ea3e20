import Foundation
import ZIPFoundation

/// Reads one zip entry's bytes with bounds on both ends.
///
/// Why not `Archive.extract`: on Linux, ZIPFoundation 0.9.20 inflates with a loop that waits for
/// the end of the deflate stream and keeps asking for more input past the end of the file, so a
/// truncated or corrupted export (a half-copied zip) hangs forever; it also tells zlib that every
/// input chunk is a full buffer long. ZIPFoundation still parses the central directory; this
/// reader finds the entry's data after its local header and inflates exactly the declared
/// compressed bytes with zlib, stopping with an error at the end of the input or when the output
/// exceeds the declared size.
enum ZipEntryReader {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func bytes(of entry: Entry, in archive: Data, limit: Int) throws -> Data {
        let name = Array(entry.path.utf8)
        let compressedSize = Int(clamping: entry.compressedSize)
        let declaredSize = Int(clamping: entry.uncompressedSize)
        guard declaredSize <= limit else { throw Failure(description: "entry larger than \(limit / 1_000_000) MB") }
        // Local header: "PK\u{3}\u{4}", 26 bytes of fields, the name, the extra field, the data.
        let start: Int? = archive.withUnsafeBytes { raw -> Int? in
            let bytes = raw.bindMemory(to: UInt8.self)
            var index = 0
            while index + 30 + name.count <= bytes.count {
                if bytes[index] == 0x50, bytes[index + 1] == 0x4B, bytes[index + 2] == 0x03, bytes[index + 3] == 0x04 {
                    let nameLength = Int(bytes[index + 26]) | Int(bytes[index + 27]) << 8
                    let extraLength = Int(bytes[index + 28]) | Int(bytes[index + 29]) << 8
                    if nameLength == name.count, name.indices.allSatisfy({ bytes[index + 30 + $0] == name[$0] }) {
                        return index + 30 + nameLength + extraLength
                    }
                }
                index += 1
            }
            return nil
        }
        guard let start, start <= archive.count, compressedSize <= archive.count - start else {
            throw Failure(description: "entry data runs past the end of the zip (truncated file?)")
        }
        let input = archive.subdata(in: start..<(start + compressedSize))
        if !entry.isCompressed { return input }
        return try inflate(input, expectedSize: declaredSize, limit: limit)
    }

    /// Raw-deflate decompression of exactly `input`, at most `limit` bytes out, through
    /// ZIPFoundation's public `Data.decompress` with a provider that never runs dry silently: it
    /// hands out full-size chunks (the last one zero-padded, because the Linux decoder tells zlib
    /// every chunk is a full buffer) and throws once the input is used up, which ends the loop.
    static func inflate(_ input: Data, expectedSize: Int, limit: Int) throws -> Data {
        var output = Data()
        output.reserveCapacity(min(expectedSize, limit))
        var offset = 0
        var exhausted = false
        _ = try Data.decompress(size: Int64(input.count), bufferSize: 65_536, skipCRC32: true, provider: { _, chunkSize in
            guard !exhausted, chunkSize > 0 else { throw Failure(description: "compressed data ends early (truncated zip?)") }
            let end = min(input.count, offset + chunkSize)
            var chunk = input.subdata(in: offset..<end)
            if chunk.count < chunkSize {
                chunk.append(Data(count: chunkSize - chunk.count))
                exhausted = true
            }
            offset = end
            return chunk
        }, consumer: { data in
            output.append(data)
            if output.count > limit { throw Failure(description: "entry inflates beyond \(limit / 1_000_000) MB") }
        })
        return output
    }
}
