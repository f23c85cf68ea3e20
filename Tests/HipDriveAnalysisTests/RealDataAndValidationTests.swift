import Foundation
import HipDriveRecordings
import Testing
@testable import HipDriveAnalysis
@testable import HipDriveValidation
import HipDriveTestSupport

/// ../shared/realdata beside the package root.
private let realData: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/realdata/kettlebox")

@Suite struct RealDataTests {
    /// The README's cycle counts (hike and park included, "within about ±2" of the reps).
    static let cycles: [String: Int] = [
        "csv_100hz_8kg-swing_left_0.csv": 20, "csv_100hz_8kg-swing_left_1.csv": 13,
        "csv_100hz_8kg-swing_left_2.csv": 20, "csv_100hz_8kg-swing_left_3.csv": 21,
        "csv_100hz_8kg-swing_right_0.csv": 21, "csv_100hz_8kg-swing_right_1.csv": 12,
        "csv_100hz_8kg-swing_right_2.csv": 14, "csv_100hz_8kg-swing_right_3.csv": 25,
        "tsv_50hz_20kg-swing-both-hands-1.log": 12, "tsv_50hz_20kg-swing-both-hands-2.log": 29,
        "tsv_50hz_20kg-swing-both-hands-3.log": 41,
    ]

    @Test(arguments: cycles.keys.sorted())
    func swingFileGivesCadenceAndCount(_ name: String) throws {
        let url = realData.appendingPathComponent(name)
        try #require(FileManager.default.fileExists(atPath: url.path), "real recordings not found at \(url.path)")
        let recording = try RecordingReader.read(url)
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(load: .init(massKg: name.contains("20kg") ? 20 : 8)))
        // The README: one cycle every 1.6–2.0 s (30–37.5 per minute).
        for set in analysis.sets where set.reps.count >= 5 {
            let cadence = try #require(set.cadenceRpm)
            #expect(cadence > 28 && cadence < 38, "\(name): cadence \(cadence)")
        }
        // Reps = cycles minus hike and park: within the README's ±2 of the cycle count (data
        // gaps and saturated gyroscope glitches included, see notes/analysis2.md).
        let expected = try #require(Self.cycles[name])
        #expect(abs(analysis.totalReps - expected) <= 2, "\(name): \(analysis.totalReps) reps, README \(expected) cycles")
    }

    /// The 20 kg file 2 starts mid-swing (no still moment, no gap anywhere): its first rep is
    /// counted from the cadence, and the set must say the recording's start cut it, not a gap.
    @Test func repCutByTheRecordingStartIsNotCalledAGap() throws {
        let url = realData.appendingPathComponent("tsv_50hz_20kg-swing-both-hands-2.log")
        try #require(FileManager.default.fileExists(atPath: url.path))
        let recording = try RecordingReader.read(url)
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(load: .init(massKg: 20)))
        #expect(analysis.input.quality?.gapCount == 0)
        let set = try #require(analysis.sets.first)
        let notes = try #require(set.fatigue).qualityNotes
        #expect(set.reps.first?.meanDrivePowerW == nil, "the first rep is only partly recorded")
        #expect(notes.contains { $0.contains("starts or ends mid-set") }, "\(notes)")
        #expect(!notes.contains { $0.contains("gap in the data") }, "\(notes)")
    }

    @Test func deadliftIsNotCountedAsSwings() throws {
        let url = realData.appendingPathComponent("tsv_50hz_20kg-deadlift-both-hands-1.log")
        try #require(FileManager.default.fileExists(atPath: url.path))
        let analysis = try SessionAnalyzer.analyze(try RecordingReader.read(url), settings: AnalysisSettings())
        // A slow hinge is not a ballistic swing; whatever is found, it must not error.
        #expect(analysis.schemaVersion == SessionAnalysis.currentSchemaVersion)
    }
}

@Suite struct ValidationSubsetTests {
    /// The fast subset of `hipdrive validate`: a few small simulated sessions through files and
    /// the readers, checked against the targets that must hold on every run.
    @Test func fastSubsetMeetsTheCountTargets() throws {
        let options = ValidationOptions(sessions: 6, seed: 7, maximumSets: 2, maximumRepsPerSet: 10, includeAudio: false)
        let report = try Validator.run(options)
        let swings = report.summary { $0.group.hasPrefix("swing/bell/gyro") }
        // Swings must count within one everywhere; banded hip pulls through the readers do not
        // yet (see notes/analysis.md), so they are reported, not asserted.
        #expect(report.summary { $0.group.hasPrefix("swing") }.withinOneRate == 1, "\(report.table())")
        if swings.sets > 0 {
            #expect(swings.exactRate == 1, "\(report.table())")
            #expect((swings.medianTurnaroundErrorS ?? 1) < 0.1)
            #expect((swings.medianMeanDrivePowerErrorPct ?? 100) < 10)
        }
    }

    /// `hipdrive validate --keep-misses DIR`: a session with a miscounted set (or a breakdown
    /// rep off the profile's) is kept with its truth and the command that analyses it (validation seed 4, session 284539563: swings at
    /// the hips with a gyroscope, the third set of six not found, its rhythm too weak among the
    /// hike and the park); a session counted right is not.
    @Test func missedSessionsAreKeptWithTheirTruth() throws {
        let folder = TestScratch.root.appendingPathComponent("keep-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var options = ValidationOptions(sessions: 600, seed: 4, includeAudio: false)
        options.keepMissesIn = folder
        let missed = try #require(validationDraw(runSeed: 4, sessionSeed: 284_539_563, sessions: 600))
        let outcome = try Validator.runSession(missed, folder: folder.appendingPathComponent("work"), options: options)
        #expect(outcome.setCounts.contains { $0.truth != $0.found })
        let kept = folder.appendingPathComponent("session-284539563")
        #expect(FileManager.default.fileExists(atPath: kept.appendingPathComponent("truth.json").path))
        let command = try String(contentsOf: kept.appendingPathComponent("keep-command.txt"), encoding: .utf8)
        #expect(command.hasPrefix("hipdrive analyze ") && command.contains("--placement hips"), "\(command)")
        let recording = try RecordingReader.read(kept.appendingPathComponent(command.split(separator: " ")[2].description))
        #expect(recording.source.path.hasPrefix(kept.path))

        // A set counted right whose breakdown rep missed the profile's is kept too (validation
        // seed 3, session 130949377: accelerometer only, the first set's fits failed before a
        // data gap, its breakdown at rep 4 not found).
        let offProfile = try #require(validationDraw(runSeed: 3, sessionSeed: 130_949_377))
        let breakdownMiss = try Validator.runSession(offProfile, folder: folder.appendingPathComponent("work"), options: options)
        #expect(breakdownMiss.setCounts.allSatisfy { $0.truth == $0.found } && breakdownMiss.breakdownProfileHits.contains(false))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("session-130949377/truth.json").path))

        let counted = try #require(validationDraw(runSeed: 2, sessionSeed: 156_300_090))
        let fine = try Validator.runSession(counted, folder: folder.appendingPathComponent("work"), options: options)
        #expect(fine.falseReps == 0 && fine.setCounts.allSatisfy { $0.truth == $0.found })
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("session-156300090").path))
    }
}
