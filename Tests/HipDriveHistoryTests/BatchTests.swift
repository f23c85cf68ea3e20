import Foundation
import HipDriveAnalysis
import Testing
@testable import HipDriveHistory

@Suite struct BatchTests {
    @Test func brokenFileIsListedAndTheRestAreStored() async throws {
        let root = try Fixtures.folder([
            "anna/2026-03-02_swing_24kg.csv": "a", "anna/2026-03-09_swing_24kg.csv": "b",
            "ben/2026-03-03_swing_16kg_wrist.csv": "BROKEN table", "ben/notes.md": "ignored",
        ])
        let store = try HistoryStore(path: root.appendingPathComponent("s.sqlite").path)
        let items = try BatchPlanner.plan(paths: [root.path], manifest: nil, shard: nil, workingDirectory: root)
        #expect(items.map(\.displayPath) == ["anna/2026-03-02_swing_24kg.csv", "anna/2026-03-09_swing_24kg.csv",
                                             "ben/2026-03-03_swing_16kg_wrist.csv"])
        var progressCalls = 0
        let runner = BatchRunner(jobs: 2, analyze: Fixtures.fakeAnalyze)
        let summary = await runner.run(items, store: store) { _ in progressCalls += 1 }
        #expect(summary.stored == 2 && summary.failed == 1 && summary.skipped == 0)
        #expect(summary.failures.first?.path == "ben/2026-03-03_swing_16kg_wrist.csv")
        #expect(progressCalls == 3)
        let sessions = try store.sessions()
        #expect(sessions.map(\.metadata.athlete) == ["anna", "anna"])
        #expect(sessions.first?.metadata.massKg == 24)
        #expect(sessions.first?.metadata.dateSource == .fileName)
        #expect(sessions.first?.metadata.date == MetadataParsing.date("2026-03-02"))

        // Re-run: everything stored is skipped by content hash; the broken file fails again.
        let again = await runner.run(items, store: store)
        #expect(again.skipped == 2 && again.failed == 1 && again.stored == 0)
        let forced = await BatchRunner(jobs: 1, force: true, analyze: Fixtures.fakeAnalyze).run(items, store: store)
        #expect(forced.stored == 2)
        #expect(try store.counts().sessions == 2)
        #expect(try store.consistencyProblems().isEmpty)
    }

    @Test func shardsPartitionTheInputsDeterministically() throws {
        var files: [String: String] = [:]
        for i in 0..<40 { files["athlete\(i % 3)/2026-01-\(String(format: "%02d", i % 28 + 1))_swing_\(i).csv"] = "\(i)" }
        let root = try Fixtures.folder(files)
        let all = try BatchPlanner.plan(paths: [root.path], manifest: nil, shard: nil, workingDirectory: root)
        var seen: [String] = []
        for k in 1...3 {
            let part = try BatchPlanner.plan(paths: [root.path], manifest: nil, shard: try Shard(parsing: "\(k)/3"), workingDirectory: root)
            #expect(!part.isEmpty)
            seen += part.map(\.displayPath)
        }
        #expect(seen.sorted() == all.map(\.displayPath).sorted())
        #expect(Set(seen).count == seen.count)
        #expect(Shard(index: 1, count: 3).contains("athlete0/x.csv") == Shard(index: 1, count: 3).contains("athlete0/x.csv"))
        #expect(throws: HistoryError.self) { try Shard(parsing: "0/3") }
        #expect(throws: HistoryError.self) { try Shard(parsing: "4/3") }
    }

    @Test func shardedBatchesMergeIntoTheSameStoreAsOneBatch() async throws {
        var files: [String: String] = [:]
        for i in 0..<12 { files["p\(i % 2)/2026-02-\(String(format: "%02d", i + 1))_swing_20kg.csv"] = "content \(i)" }
        let root = try Fixtures.folder(files)
        let runner = BatchRunner(jobs: 2, analyze: Fixtures.fakeAnalyze)
        let whole = try HistoryStore(path: root.appendingPathComponent("whole.sqlite").path)
        _ = await runner.run(try BatchPlanner.plan(paths: [root.path], manifest: nil, shard: nil, workingDirectory: root), store: whole)
        let merged = try HistoryStore(path: root.appendingPathComponent("merged.sqlite").path)
        for k in 1...2 {
            let part = try HistoryStore(path: root.appendingPathComponent("shard\(k).sqlite").path)
            let items = try BatchPlanner.plan(paths: [root.path], manifest: nil, shard: Shard(index: k, count: 2), workingDirectory: root)
            _ = await runner.run(items, store: part)
            for entry in try part.entries() { try merged.save(entry, replaceNewerOnly: true) }
        }
        #expect(try merged.counts() == whole.counts())
        let key = { (s: StoredSession) in "\(s.contentHash) \(s.metadata.athlete) \(s.summary.totalReps) \(s.metadata.date)" }
        #expect(try merged.sessions().map(key).sorted() == whole.sessions().map(key).sorted())
    }

    @Test func manifestRowsGiveMetadataAndBadRowsNameTheirLine() async throws {
        let root = try Fixtures.folder(["r/one.csv": "1", "r/two.csv": "2", "r/three.csv": "3"])
        let manifestText = """
            path,athlete,date,exercise,mass_kg,band,placement
            r/one.csv,Cleo,2026-04-01,swing,32,,handle
            r/missing.csv,Cleo,2026-04-02,swing,32,,handle
            r/two.csv,Cleo,2026-04-03,deadlift,32,,handle
            "r/three.csv",Dan,2026-04-04T08:30:00Z,hip-pull,,k=300N/m,belt

            """
        let manifestURL = root.appendingPathComponent("manifest.csv")
        try manifestText.write(to: manifestURL, atomically: true, encoding: .utf8)
        let manifest = try Manifest(contentsOf: manifestURL)
        #expect(manifest.problems.map(\.description) == [
            "\(manifestURL.path):3: 'r/missing.csv' does not exist (paths are relative to the manifest's folder)",
            "\(manifestURL.path):4: unknown exercise 'deadlift': use one of swing, hip-pull",
        ])
        let items = try BatchPlanner.plan(paths: [], manifest: manifest, shard: nil, workingDirectory: root)
        #expect(items.map(\.displayPath) == ["r/one.csv", "r/three.csv"])
        let store = try HistoryStore(path: root.appendingPathComponent("s.sqlite").path)
        let summary = await BatchRunner(jobs: 2, analyze: Fixtures.fakeAnalyze)
            .run(items, store: store, preFailures: manifest.problems.map { (manifest.path, $0.description) })
        #expect(summary.stored == 2 && summary.failed == 2)
        let sessions = try store.sessions()
        #expect(sessions.map(\.metadata.athlete) == ["Cleo", "Dan"])
        #expect(sessions[0].metadata.massKg == 32 && sessions[0].metadata.placement == "handle")
        #expect(sessions[1].metadata.exercise == .hipPull && sessions[1].metadata.band == "k=300N/m")
        #expect(sessions[1].metadata.date == MetadataParsing.date("2026-04-04T08:30:00Z"))
    }

    @Test func flagsFillWhatTheManifestAndNamesLeaveOut() throws {
        let root = try Fixtures.folder(["session.csv": "x"])
        let items = try BatchPlanner.plan(paths: [root.appendingPathComponent("session.csv").path], manifest: nil, shard: nil, workingDirectory: root)
        let flags = MetadataFlags(athlete: "Eve", exercise: .hipPull, band: "150N@0.45m")
        let settings = BatchPlanner.settings(for: items[0], flags: flags, base: AnalysisSettings())
        #expect(settings.exercise == .hipPull)
        #expect(settings.load.band == .lockoutTension(newtons: 150, strokeM: 0.45))
        let start = Date(timeIntervalSince1970: 1_780_000_000)
        let meta = BatchPlanner.metadata(for: items[0], flags: flags, settings: settings,
                                         analysis: Fixtures.analysis(means: [1], startDate: start))
        #expect(meta.athlete == "Eve" && meta.date == start && meta.dateSource == .recording)
    }

    @Test func fileNameConventionIsParsed() {
        let m = PathMetadata(relativePath: "anna/2026-03-02_swing_24kg_handle.csv")
        #expect(m == PathMetadata(athlete: "anna", date: MetadataParsing.date("2026-03-02"), exercise: .swing,
                                  massKg: 24, placement: "handle"))
        let b = PathMetadata(relativePath: "ben/20260303_hip-pull_band-300N-m_belt.tsv")
        #expect(b.exercise == .hipPull && b.band == "300N/m" && b.placement == "belt" && b.athlete == "ben")
        #expect(PathMetadata(relativePath: "loose.csv").athlete == nil)
        // The simulator's SampleData layout: a folder per session, dashes between tokens.
        let folder = PathMetadata(relativePath: "ben/2026-01-07-swing-24kg-american-wrist/recording/accel.csv")
        #expect(folder == PathMetadata(athlete: "ben", date: MetadataParsing.date("2026-01-07"), exercise: .swing,
                                       massKg: 24, placement: "wrist"))
        #expect(PathMetadata(relativePath: "ben/2026-01-21-hip-pull-band/recording").exercise == .hipPull)
    }

    @Test func bandsAndMassesParse() {
        #expect(MetadataParsing.band("k=300N/m") == .stiffness(newtonsPerMetre: 300, slackM: 0))
        #expect(MetadataParsing.band("k=300N/m,slack=20cm") == .stiffness(newtonsPerMetre: 300, slackM: 0.2))
        #expect(MetadataParsing.band("250 N/m @ 0.1 m") == .stiffness(newtonsPerMetre: 250, slackM: 0.1))
        #expect(MetadataParsing.band("tension=150N,stroke=0.45m") == .lockoutTension(newtons: 150, strokeM: 0.45))
        guard case let .lockoutTension(newtons, stroke)? = MetadataParsing.band("10kgf@0.5m") else {
            Issue.record("10kgf@0.5m not parsed as a lockout tension"); return
        }
        #expect(abs(newtons - 98.0665) < 1e-9 && stroke == 0.5)
        #expect(MetadataParsing.band("red") == nil)
        #expect(MetadataParsing.massKg("24kg") == 24)
        #expect(abs((MetadataParsing.massKg("53lb") ?? 0) - 24.04) < 0.01)
        #expect(MetadataParsing.massKg("heavy") == nil)
    }
}

/// The manifest says where a bell sensor sits: `placement` handle / bell-centre and the optional
/// `bell_sensor_offset_m` column reach the analysis settings; a bad offset names its line.
@Test func manifestBellSensorColumns() throws {
    let root = try Fixtures.folder(["a.csv": "1", "b.csv": "2", "c.csv": "3", "d.csv": "4"])
    let manifestText = """
        path,placement,bell_sensor_offset_m
        a.csv,handle,0.16
        b.csv,bell-centre,
        c.csv,bell,
        d.csv,handle,16

        """
    let manifestURL = root.appendingPathComponent("manifest.csv")
    try manifestText.write(to: manifestURL, atomically: true, encoding: .utf8)
    let manifest = try Manifest(contentsOf: manifestURL)
    #expect(manifest.rows.count == 3)
    #expect(manifest.problems.count == 1 && manifest.problems[0].description.contains(":5: bell_sensor_offset_m '16'"))
    let items = try BatchPlanner.plan(paths: [], manifest: manifest, shard: nil, workingDirectory: root)
    func settings(_ name: String) throws -> AnalysisSettings {
        let item = try #require(items.first { $0.url.lastPathComponent == name })
        return BatchPlanner.settings(for: item, flags: MetadataFlags(), base: AnalysisSettings())
    }
    let a = try settings("a.csv"), b = try settings("b.csv"), c = try settings("c.csv")
    #expect(a.placement == .bell && a.bellSensorMount == .handle && a.bellSensorOffsetM == 0.16)
    #expect(b.placement == .bell && b.bellSensorMount == .centre && b.bellSensorOffsetM == nil)
    #expect(c.placement == .bell && c.bellSensorMount == nil)
}
