import Foundation
@testable import HipDriveRecordings
import HipDriveTestSupport

enum TestPaths {
    /// This test folder.
    static var testsFolder: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent() }
    static var fixtures: URL { testsFolder.appendingPathComponent("Fixtures") }
    static func fixture(_ name: String) -> URL { fixtures.appendingPathComponent(name) }
    /// The project's root (holds Package.swift).
    static var packageRoot: URL { testsFolder.deletingLastPathComponent().deletingLastPathComponent() }
    /// ../shared/realdata/kettlebox beside the project's root.
    static var kettlebox: URL {
        packageRoot.deletingLastPathComponent().appendingPathComponent("shared/realdata/kettlebox")
    }

    static func temporaryFile(_ name: String, contents: Data) throws -> URL {
        let folder = TestScratch.root.appendingPathComponent("hipdrive-readers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try contents.write(to: url)
        return url
    }

    static func temporaryFile(_ name: String, text: String) throws -> URL {
        try temporaryFile(name, contents: Data(text.utf8))
    }
}

extension Recording {
    /// The motion trace, or nil for audio.
    var motion: MotionTrace? {
        if case let .motion(trace) = content { return trace }
        return nil
    }
}

/// Median of |specific force| over the first `seconds` of a trace, m/s².
func restingForce(_ trace: MotionTrace, seconds: Double = 1) -> Double {
    let n = min(trace.count, Int(seconds * trace.sampleRate))
    return Statistics.median((0..<n).map { trace.specificForce[$0].length })
}
