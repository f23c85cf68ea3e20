import Foundation
import Testing
import HipDriveTestSupport

@Suite struct ValidateCommandTests {
    /// Ctrl-C during `hipdrive validate` stops it between two sessions with status 130 and a
    /// message, and leaves no `hipdrive-validate-…` folder behind (a signal skips `defer`, and
    /// until 2026-11-28 a stopped run left its folder in the temporary folder).
    @Test func anInterruptedRunRemovesItsScratchFolder() throws {
        let temporary = CLITestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let process = Process()
        process.executableURL = CLITestSupport.toolURL
        process.arguments = ["validate", "--sessions", "400", "--seed", "3"]
        var environment = ProcessInfo.processInfo.environment
        environment["TMPDIR"] = temporary.path
        process.environment = environment
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()

        func scratchFolders() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? [])
                .filter { $0.hasPrefix("hipdrive-validate-") }
        }
        // Wait (polling, no fixed timing) until the run is under way, then interrupt it.
        let deadline = Date().addingTimeInterval(120)
        while scratchFolders().isEmpty, process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        try #require(process.isRunning, "validate ended before it could be interrupted")
        try #require(!scratchFolders().isEmpty, "validate made no scratch folder in TMPDIR")
        Thread.sleep(forTimeInterval: 0.5)
        process.interrupt()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()

        #expect(process.terminationStatus == 130, "\(message)")
        #expect(message.contains("validation interrupted after"), "\(message)")
        #expect(scratchFolders().isEmpty)
    }
}
