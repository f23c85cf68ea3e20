import Foundation
import HipDriveRecordings
import HipDriveSimulator
import Testing
@testable import HipDriveAnalysis
import HipDriveTestSupport

/// ../shared/realdata beside the package root.
private let kettlebox: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/realdata/kettlebox")

/// Rep segmentation across exercises: what is a rep and what is not.
@Suite struct SegmentationTests {
    /// Kettlebell deadlifts are a slow hinge with the arms hanging: the bell rises and falls a
    /// short way and barely rotates. They are rhythmic, but they are not swings.
    @Test(arguments: ["tsv_50hz_20kg-deadlift-both-hands-1.log", "tsv_50hz_20kg-deadlift-both-hands-2.log"])
    func deadliftsAreNotCountedAsSwings(_ name: String) throws {
        let url = kettlebox.appendingPathComponent(name)
        try #require(FileManager.default.fileExists(atPath: url.path), "real recordings not found at \(url.path)")
        let analysis = try SessionAnalyzer.analyze(try RecordingReader.read(url),
                                                   settings: AnalysisSettings(load: .init(massKg: 20)))
        #expect(analysis.totalReps == 0, "\(name): \(analysis.sets.map { $0.reps.count }) swing reps in a deadlift")
    }

    /// Banded hip pulls with a gyroscope on the belt: the pelvis pitch rate marks every stop, so
    /// the count is exact, and the walk-in to the stance and the step back after the set (which
    /// move the hips as far as a rep) are not counted.
    @Test(arguments: [UInt64(21), 22, 23])
    func bandedHipPullsWithAGyroscopeCountExactly(_ seed: UInt64) throws {
        var config = SimulationConfig(seed: seed)
        config.exercise = .hipPull
        config.sensor.placement = .hips
        config.sensor.hasGyroscope = true
        config.sets = 1
        config.repsPerSet = 8
        config.fatigue = .init(kind: .decline, lossFraction: 0.3, workShare: 0.5)
        let session = Simulator.simulate(config)
        let recording = Recording(source: URL(fileURLWithPath: "simulated-\(seed)"), format: "ideal trace",
                                  columns: [], content: .motion(session.idealTrace))
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(exercise: .hipPull))
        #expect(analysis.sets.map { $0.reps.count } == session.truth.sets.map { $0.reps.count },
                "seed \(seed): found \(analysis.sets.map { $0.reps.count }), truth \(session.truth.sets.map { $0.reps.count })")
    }

    /// Dropouts that swallow a turnaround: the athlete swung on through the gap, so the reps it
    /// holds are counted (their power not reported) and the set keeps its count; a dropout
    /// during the park adds no rep.
    /// - the second turnaround: before it, a piece with only the hike, the first turnaround and
    ///   its float (the drive measured, the return in the gap);
    /// - the first turnaround, at the end of the hike: after it, the first rep's return only;
    /// - the park after the last rep (its forward swing is not a rep).
    @Test(arguments: [(1, -0.45, 0.5), (0, -1.0, 0.05), (8, 0.35, 1.3)])
    func aGapThatSwallowsATurnaroundLosesNoRep(_ cut: (turnaround: Int, from: Double, to: Double)) throws {
        var config = SimulationConfig(seed: 5)
        config.sensor.hasGyroscope = true
        config.sets = 1
        config.repsPerSet = 8
        let session = Simulator.simulate(config)
        let folder = TestScratch.root.appendingPathComponent("hipdrive-gap-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let written = try RecordingWriter.write(session, format: .kettlebox, to: folder, name: "session")
        // Drop the rows within [T + from, T + to] (the logger's "ts" column, ms, is last), T the
        // turnaround of rep `turnaround` (0-based; the count of reps means the last rep's end).
        let reps = try #require(session.truth.sets.first?.reps)
        let anchor = cut.turnaround < reps.count ? reps[cut.turnaround].turnaround : reps[reps.count - 1].end
        let lines = try String(contentsOf: written, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        var firstStamp: Double?
        var kept: [Substring] = [lines[0]]
        for line in lines.dropFirst() where !line.isEmpty {
            let stamp = try #require(line.split(separator: ";").last.flatMap { Double($0) })
            let time = (stamp - (firstStamp ?? stamp)) / 1000
            if firstStamp == nil { firstStamp = stamp }
            if time >= anchor + cut.from && time <= anchor + cut.to { continue }
            kept.append(line)
        }
        let cut = folder.appendingPathComponent("cut.csv")
        try (kept.joined(separator: "\n") + "\n").write(to: cut, atomically: true, encoding: .utf8)
        let recording = try RecordingReader.read(cut)
        guard case let .motion(trace) = recording.content else { Issue.record("not motion"); return }
        #expect(trace.segments.count == 2, "the cut should make one gap")
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings())
        #expect(analysis.sets.map { $0.reps.count } == [8], "cut \(cut): found \(analysis.sets.map { $0.reps.count })")
        let found = analysis.sets.flatMap(\.reps).map(\.turnaround)
        for (rep, truth) in zip(found, reps) {
            #expect(abs(rep - truth.turnaround) < 0.25, "cut \(cut): turnaround \(rep) s, truth \(truth.turnaround) s")
        }
    }
}
