import Foundation

/// Scratch space for tests: the tests write their files and folders under `root`, one folder of
/// this test process (`hipdrive-tests-PID-UUID` in the system's temporary directory), instead
/// of the temporary directory itself, and that folder is removed when the process exits. A test
/// run leaves nothing behind in /tmp, whether or not each test cleans up after itself (several
/// hundred folders a run before this existed).
public enum TestScratch {
    /// This process's scratch root, created on first use, removed at exit.
    public static let root: URL = {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("hipdrive-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: TestScratch.root) }
        return url
    }()
}
