import Foundation
import HipDriveRecordings
import HipDriveSimulator

/// Runs `body` on a simulated session written to a temporary folder in `format` and read back
/// through the readers, as `hipdrive validate` does: the tests that pin a validation miss go
/// through the same kind of file the miss was seen in. The folder is removed afterwards.
func withRecordingThroughFile<T>(_ session: SimulatedSession, format: SimulatedFormat, name: String = "session",
                                 _ body: (Recording) throws -> T) throws -> T {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hipdrive-fixture-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    return try body(try RecordingReader.read(try RecordingWriter.write(session, format: format, to: folder, name: name)))
}
