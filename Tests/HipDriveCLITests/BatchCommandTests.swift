import Foundation
import GRDB
import HipDriveHistory
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// End-to-end tests of `hipdrive batch` and `hipdrive merge`, with the synthetic analyzer behind
/// the hidden `--debug-fake-analysis-ms` option (the real reader and analyzer are tested by their
/// own targets; here the batch mechanics are under test).
@Suite struct BatchCommandTests {
    /// `count` recordings in athlete folders, plus `broken` files the fake analyzer rejects.
    static func archive(count: Int, broken: Int = 0) throws -> URL {
        let root = CLITestSupport.makeTemporaryDirectory()
        for i in 0..<count {
            let url = root.appendingPathComponent("data/athlete\(i % 3)/2026-02-\(String(format: "%02d", i % 28 + 1))_swing_24kg_\(i).csv")
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try "time,ax,ay,az\n\(i)\n".write(to: url, atomically: true, encoding: .utf8)
        }
        for i in 0..<broken {
            try "BROKEN \(i)".write(to: root.appendingPathComponent("data/athlete0/broken\(i).csv"), atomically: true, encoding: .utf8)
        }
        return root
    }

    @Test func brokenFileFailsTheRunButTheOthersAreStored() throws {
        let root = try Self.archive(count: 5, broken: 1)
        let run = try CLITestSupport.run(["batch", "data", "--jobs", "2", "--debug-fake-analysis-ms", "1"], in: root)
        #expect(run.status == 1)
        #expect(run.stdout.contains("5 stored") && run.stdout.contains("1 failed"))
        #expect(run.stdout.contains("broken0.csv"))
        #expect(run.stderr.contains("[6/6]"))  // plain progress lines when not a terminal
        let store = try HistoryStore(path: root.appendingPathComponent("hipdrive.sqlite").path, create: false)
        #expect(try store.counts().sessions == 5)
        // The re-run skips what is stored.
        let again = try CLITestSupport.run(["batch", "data", "--debug-fake-analysis-ms", "1"], in: root)
        #expect(again.stdout.contains("0 stored, 5 unchanged"))
    }

    @Test func storeComesFromTheEnvironmentVariable() throws {
        let root = try Self.archive(count: 2)
        let run = try CLITestSupport.run(["batch", "data", "--debug-fake-analysis-ms", "1"], in: root,
                                         environment: ["HIPDRIVE_STORE": "custom.sqlite"])
        #expect(run.status == 0)
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("custom.sqlite").path))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("hipdrive.sqlite").path))
    }

    @Test func killDashNineMidBatchLeavesAConsistentStoreThatTheReRunCompletes() throws {
        let total = 24
        let root = try Self.archive(count: total)
        let storePath = root.appendingPathComponent("hipdrive.sqlite").path
        let process = Process()
        process.executableURL = CLITestSupport.toolURL
        process.arguments = ["batch", "data", "--jobs", "2", "--debug-fake-analysis-ms", "150"]
        process.currentDirectoryURL = root
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Wait until a few files are stored, then kill without warning.
        var log = ""
        while !log.contains("[4/\(total)]") {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            log += String(decoding: chunk, as: UTF8.self)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)

        let store = try HistoryStore(path: storePath, create: false)
        let partial = try store.counts()
        #expect(partial.sessions >= 4 && partial.sessions < total)
        #expect(partial.reps == partial.sessions * 20)  // whole sessions only
        #expect(try store.consistencyProblems().isEmpty)

        let rerun = try CLITestSupport.run(["batch", "data", "--jobs", "2", "--debug-fake-analysis-ms", "1"], in: root)
        #expect(rerun.status == 0)
        #expect(rerun.stdout.contains("\(total - partial.sessions) stored, \(partial.sessions) unchanged"))
        let final = try store.counts()
        #expect(final.sessions == total && final.reps == total * 20)
        #expect(try store.consistencyProblems().isEmpty)
    }

    @Test func twoBatchesOnOneStoreAtOnceDoNotCorruptIt() throws {
        let root = try Self.archive(count: 16)
        // Overlapping inputs: both see every file; the second also forces re-analysis.
        var processes: [(Process, URL)] = []
        for i in 0..<2 {
            let process = Process()
            process.executableURL = CLITestSupport.toolURL
            process.arguments = ["batch", "data", "--jobs", "2", "--debug-fake-analysis-ms", "20"] + (i == 1 ? ["--force"] : [])
            process.currentDirectoryURL = root
            let log = root.appendingPathComponent("run\(i).log")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
            processes.append((process, log))
        }
        for (process, log) in processes {
            process.waitUntilExit()
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            #expect(process.terminationStatus == 0, "\(text)")
        }
        let store = try HistoryStore(path: root.appendingPathComponent("hipdrive.sqlite").path, create: false)
        #expect(try store.counts() == HistoryStore.Counts(athletes: 3, sessions: 16, sets: 16, reps: 320))
        #expect(try store.consistencyProblems().isEmpty)
    }

    @Test func shardStoresMergeIntoTheWholeArchive() throws {
        let root = try Self.archive(count: 20)
        var shardPaths: [String] = []
        var perShard: [Int] = []
        for k in 1...3 {
            let path = "shard\(k).sqlite"
            let run = try CLITestSupport.run(["batch", "data", "--shard", "\(k)/3", "--store", path, "--debug-fake-analysis-ms", "1"], in: root)
            #expect(run.status == 0)
            shardPaths.append(path)
            perShard.append(try HistoryStore(path: root.appendingPathComponent(path).path, create: false).counts().sessions)
        }
        #expect(perShard.reduce(0, +) == 20)
        let merge = try CLITestSupport.run(["merge", "--store", "all.sqlite"] + shardPaths + [shardPaths[0]], in: root)
        #expect(merge.status == 0, "\(merge.stderr)")
        #expect(merge.stdout.contains("20 sessions added") && merge.stdout.contains("\(perShard[0]) already present"))
        let merged = try HistoryStore(path: root.appendingPathComponent("all.sqlite").path, create: false)
        #expect(try merged.counts().sessions == 20)
        #expect(try merged.consistencyProblems().isEmpty)
        let bad = try CLITestSupport.run(["batch", "data", "--shard", "4/3"], in: root)
        #expect(bad.status != 0 && bad.stderr.contains("K/N"))
    }

    @Test func manifestProblemsAreReportedWithTheirLine() throws {
        let root = try Self.archive(count: 2)
        try """
            path,athlete,date,exercise,mass_kg,band,placement
            data/athlete0/2026-02-01_swing_24kg_0.csv,Ana,2026-05-01,swing,20,,handle
            data/nowhere.csv,Ana,2026-05-02,swing,20,,handle
            data/athlete1/2026-02-02_swing_24kg_1.csv,Ana,2026-05-03,snatch,20,,handle
            """.write(to: root.appendingPathComponent("manifest.csv"), atomically: true, encoding: .utf8)
        let run = try CLITestSupport.run(["batch", "--manifest", "manifest.csv", "--debug-fake-analysis-ms", "1"], in: root)
        #expect(run.status == 1)
        #expect(run.stdout.contains("manifest.csv:3: 'data/nowhere.csv' does not exist"))
        #expect(run.stdout.contains("manifest.csv:4: unknown exercise 'snatch'"))
        #expect(run.stdout.contains("1 stored"))
    }

    @Test func aStoreFromANewerVersionIsRefusedWithAClearMessage() throws {
        let root = try Self.archive(count: 1)
        let path = root.appendingPathComponent("hipdrive.sqlite").path
        _ = try HistoryStore(path: path)
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES ('v7')") }
        try queue.close()
        for args in [["batch", "data", "--debug-fake-analysis-ms", "1"], ["trends"], ["report", "--athlete", "x"]] {
            let run = try CLITestSupport.run(args, in: root)
            #expect(run.status == 1)
            #expect(run.stderr.contains("written by a newer HipDrive") && run.stderr.contains("not modified"))
        }
    }
}
