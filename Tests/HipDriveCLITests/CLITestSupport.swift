import Foundation
import Testing
import HipDriveTestSupport

/// Runs the built `hipdrive` executable, as a user would, and captures what it prints.
struct ToolRun {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum CLITestSupport {
    /// The folder holding the test bundle also holds the built `hipdrive` binary.
    static var productsDirectory: URL {
        let bundle = Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }
        if let bundle { return bundle.bundleURL.deletingLastPathComponent() }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    }

    static var toolURL: URL { productsDirectory.appendingPathComponent("hipdrive") }

    /// The project's root (the folder holding Package.swift).
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// ../shared beside the project's root (real recordings, docs).
    static var sharedDirectory: URL { packageRoot.deletingLastPathComponent().appendingPathComponent("shared") }

    /// Runs `hipdrive` with `arguments` in `directory` (default: a fresh temporary folder).
    static func run(_ arguments: [String], in directory: URL? = nil,
                    environment: [String: String] = [:]) throws -> ToolRun {
        let process = Process()
        process.executableURL = toolURL
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? makeTemporaryDirectory()
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting so that a large output cannot fill the pipe and block the tool.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ToolRun(status: process.terminationStatus,
                       stdout: String(decoding: outData, as: UTF8.self),
                       stderr: String(decoding: errData, as: UTF8.self))
    }

    static func makeTemporaryDirectory() -> URL {
        let url = TestScratch.root
            .appendingPathComponent("hipdrive-cli-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

@Test func toolPrintsHelp() throws {
    let run = try CLITestSupport.run(["--help"])
    #expect(run.status == 0)
    #expect(run.stdout.contains("USAGE"))
}
