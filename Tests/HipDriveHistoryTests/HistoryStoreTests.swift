import Foundation
import GRDB
import HipDriveAnalysis
import Testing
@testable import HipDriveHistory

@Suite struct HistoryStoreTests {
    let dir = Fixtures.temporaryDirectory()
    var storePath: String { dir.appendingPathComponent("store.sqlite").path }

    @Test func savesAndReadsBackASession() throws {
        let store = try HistoryStore(path: storePath)
        let entry = Fixtures.entry(hash: "h1")
        #expect(try store.save(entry) == .inserted)
        #expect(try store.counts() == HistoryStore.Counts(athletes: 1, sessions: 1, sets: 1, reps: 5))
        let sessions = try store.sessions(athlete: "anna")
        #expect(sessions.count == 1)
        let s = try #require(sessions.first)
        #expect(s.metadata == entry.metadata)
        #expect(s.summary.meanDrivePower == 484)  // (500+510+490+470+450)/5
        #expect(s.summary.peakPower == 1020)
        #expect(s.summary.totalWork == 1210)
        #expect(try s.analysis() == entry.analysis)
        #expect(try store.consistencyProblems().isEmpty)
    }

    @Test func sameContentAndSettingsIsUnchangedAndForceReplaces() throws {
        let store = try HistoryStore(path: storePath)
        try store.save(Fixtures.entry(hash: "h1"))
        #expect(try store.save(Fixtures.entry(hash: "h1")) == .unchanged)
        #expect(try store.save(Fixtures.entry(hash: "h1", means: [300, 300, 300]), force: true) == .replaced)
        #expect(try store.counts() == HistoryStore.Counts(athletes: 1, sessions: 1, sets: 1, reps: 3))
        var other = Fixtures.entry(hash: "h1", athlete: "ben")
        other.settings.breakdownThreshold = 0.7  // new settings: re-analysed and replaced
        #expect(try store.save(other) == .replaced)
        #expect(try store.athletes() == ["ben"])
        #expect(try store.consistencyProblems().isEmpty)
    }

    /// `--store results/2026/history.sqlite` in folders that do not exist yet: they are made.
    @Test func aNewStoreInANewFolderIsCreated() throws {
        let nested = dir.appendingPathComponent("results/2026/history.sqlite").path
        let store = try HistoryStore(path: nested)
        #expect(try store.save(Fixtures.entry(hash: "h1")) == .inserted)
        #expect(FileManager.default.fileExists(atPath: nested))
    }

    @Test func freshStoreHasTheFirstSchemaAndReopens() throws {
        _ = try HistoryStore(path: storePath)
        let queue = try DatabaseQueue(path: storePath)
        let applied = try queue.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(applied == HistorySchema.migrationIdentifiers)
        let journal = try queue.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
        try queue.close()
        let reopened = try HistoryStore(path: storePath)
        try reopened.save(Fixtures.entry(hash: "h2"))
        #expect(try reopened.counts().sessions == 1)
    }

    @Test func storeFromANewerVersionIsRefusedAndLeftUntouched() throws {
        do {
            let store = try HistoryStore(path: storePath)
            try store.save(Fixtures.entry(hash: "h1"))
        }
        let queue = try DatabaseQueue(path: storePath)
        try queue.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES ('v2-future')")
            try db.execute(sql: "UPDATE storeInfo SET value = '9.9.9' WHERE key = 'lastWrittenBy'")
        }
        try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try queue.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: storePath))
        #expect(throws: HistoryError.newerStore(path: storePath, unknownMigrations: ["v2-future"], writtenBy: "9.9.9")) {
            _ = try HistoryStore(path: storePath)
        }
        let after = try Data(contentsOf: URL(fileURLWithPath: storePath))
        #expect(before == after)
        let message = HistoryError.newerStore(path: storePath, unknownMigrations: ["v2-future"], writtenBy: "9.9.9").description
        #expect(message.contains("newer HipDrive") && message.contains("not modified"))
    }

    @Test func notASQLiteFileIsReportedByName() throws {
        try "time,ax\n".write(toFile: storePath, atomically: true, encoding: .utf8)
        #expect {
            _ = try HistoryStore(path: storePath)
        } throws: { error in
            guard case let .cannotOpen(path, _)? = error as? HistoryError else { return false }
            return path == storePath
        }
    }

    @Test func missingStoreForReadingIsAClearError() {
        #expect(throws: HistoryError.missingStore(path: storePath)) { _ = try HistoryStore(path: storePath, create: false) }
    }

    @Test func storePathComesFromFlagThenEnvironmentThenDefault() {
        #expect(HistoryStore.resolvePath("a.sqlite", environment: ["HIPDRIVE_STORE": "b.sqlite"]) == "a.sqlite")
        #expect(HistoryStore.resolvePath(nil, environment: ["HIPDRIVE_STORE": "b.sqlite"]) == "b.sqlite")
        #expect(HistoryStore.resolvePath(nil, environment: [:]) == "hipdrive.sqlite")
    }

    @Test func twoWritersOnOneStoreDoNotCorruptIt() async throws {
        let a = try HistoryStore(path: storePath)
        let b = try HistoryStore(path: storePath)
        await withTaskGroup(of: Void.self) { group in
            for (store, prefix) in [(a, "a"), (b, "b")] {
                group.addTask {
                    for i in 0..<20 { _ = try? store.save(Fixtures.entry(hash: "\(prefix)\(i % 15)", athlete: prefix)) }
                }
            }
        }
        #expect(try a.counts() == HistoryStore.Counts(athletes: 2, sessions: 30, sets: 30, reps: 150))
        #expect(try a.consistencyProblems().isEmpty)
    }

    @Test func mergeKeepsTheLaterAnalysisAndNoDuplicates() throws {
        let one = try HistoryStore(path: dir.appendingPathComponent("1.sqlite").path)
        let two = try HistoryStore(path: dir.appendingPathComponent("2.sqlite").path)
        let early = Date(timeIntervalSince1970: 1_000), late = Date(timeIntervalSince1970: 2_000)
        try one.save(Fixtures.entry(hash: "x", means: [100, 100, 100], analyzedAt: early))
        try one.save(Fixtures.entry(hash: "y"))
        try two.save(Fixtures.entry(hash: "x", means: [200, 200, 200, 200], analyzedAt: late))
        try two.save(Fixtures.entry(hash: "z", athlete: "ben"))
        let merged = try HistoryStore(path: storePath)
        for source in [one, two, one] {
            for entry in try source.entries() { try merged.save(entry, replaceNewerOnly: true) }
        }
        #expect(try merged.counts() == HistoryStore.Counts(athletes: 2, sessions: 3, sets: 3, reps: 4 + 5 + 5))  // x: the later 4-rep analysis
        let x = try #require(try merged.sessions().first { $0.contentHash == "x" })
        #expect(x.summary.totalReps == 4)
    }
}
