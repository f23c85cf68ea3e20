import Foundation
import HipDriveAnalysis

/// What happened to one file.
public struct BatchFileResult: Sendable {
    public enum Status: Sendable, Equatable {
        case stored(reps: Int, replaced: Bool)
        case skipped
        case failed(reason: String)
    }
    public var path: String
    public var status: Status
    /// Wall time spent hashing and analysing, s (0 when skipped).
    public var analysisS: Double
    /// Wall time of the store transaction, s.
    public var storeS: Double
}

/// Progress after each file.
public struct BatchProgress: Sendable {
    public var done: Int
    public var total: Int
    public var elapsedS: Double
    public var last: BatchFileResult
    /// Files per second so far.
    public var rate: Double { elapsedS > 0 ? Double(done) / elapsedS : 0 }
    /// Estimated seconds left at the current rate (nil before the first file).
    public var etaS: Double? { rate > 0 ? Double(total - done) / rate : nil }
}

/// The end of a batch.
public struct BatchSummary: Sendable {
    public var total: Int
    public var stored: Int
    public var skipped: Int
    public var failures: [(path: String, reason: String)]
    public var elapsedS: Double
    /// Summed per-file analysis time, s (across workers, so it can exceed `elapsedS`).
    public var analysisS: Double
    /// Summed store transaction time, s (serial).
    public var storeS: Double
    public var failed: Int { failures.count }
}

/// The analysis step, injectable so the batch engine can be tested without the real reader
/// and analyzer: given a recording and its settings, return its analysis or throw.
public typealias BatchAnalyze = @Sendable (URL, AnalysisSettings) throws -> SessionAnalysis

/// Runs a batch: hashes and analyses recordings on `jobs` parallel workers and files each result
/// in the store from one place, one transaction per file (so writes are serialized and a kill
/// leaves whole sessions only). A failing file is recorded and the batch goes on.
public struct BatchRunner: Sendable {
    public var jobs: Int
    public var force: Bool
    public var flags: MetadataFlags
    public var baseSettings: AnalysisSettings
    public var analyze: BatchAnalyze

    public init(jobs: Int, force: Bool = false, flags: MetadataFlags = MetadataFlags(),
                baseSettings: AnalysisSettings = AnalysisSettings(), analyze: @escaping BatchAnalyze) {
        precondition(jobs >= 1, "jobs must be at least 1")
        self.jobs = jobs
        self.force = force
        self.flags = flags
        self.baseSettings = baseSettings
        self.analyze = analyze
    }

    /// The outcome of a worker, before the store.
    enum WorkerOutcome: Sendable {
        case analysed(SessionEntry, seconds: Double)
        case skipped
        case failed(String, seconds: Double)
    }

    /// - Parameters:
    ///   - items: from `BatchPlanner.plan`.
    ///   - preFailures: problems found before analysis (manifest lines), listed as failures.
    ///   - progress: called after every file, on the caller's task.
    public func run(_ items: [BatchItem], store: HistoryStore, preFailures: [(path: String, reason: String)] = [],
                    progress: (BatchProgress) -> Void = { _ in }) async -> BatchSummary {
        let clock = ContinuousClock()
        let start = clock.now
        var summary = BatchSummary(total: items.count, stored: 0, skipped: 0, failures: preFailures,
                                   elapsedS: 0, analysisS: 0, storeS: 0)
        var done = 0
        await withTaskGroup(of: (Int, WorkerOutcome).self) { group in
            var next = 0
            func launch() {
                guard next < items.count else { return }
                let index = next
                next += 1
                let item = items[index]
                group.addTask { [self] in (index, await Self.work(item, runner: self, store: store)) }
            }
            for _ in 0..<min(jobs, items.count) { launch() }
            while let (index, outcome) = await group.next() {
                launch()
                let item = items[index]
                var result: BatchFileResult
                switch outcome {
                case .skipped:
                    result = BatchFileResult(path: item.displayPath, status: .skipped, analysisS: 0, storeS: 0)
                    summary.skipped += 1
                case let .failed(reason, seconds):
                    result = BatchFileResult(path: item.displayPath, status: .failed(reason: reason), analysisS: seconds, storeS: 0)
                    summary.failures.append((item.displayPath, reason))
                    summary.analysisS += seconds
                case let .analysed(entry, seconds):
                    let storeStart = clock.now
                    do {
                        let outcome = try store.save(entry, force: force)
                        let storeS = (clock.now - storeStart).seconds
                        if outcome == .unchanged {
                            result = BatchFileResult(path: item.displayPath, status: .skipped, analysisS: seconds, storeS: storeS)
                            summary.skipped += 1
                        } else {
                            result = BatchFileResult(path: item.displayPath,
                                                     status: .stored(reps: entry.analysis.totalReps, replaced: outcome == .replaced),
                                                     analysisS: seconds, storeS: storeS)
                            summary.stored += 1
                        }
                        summary.storeS += storeS
                    } catch {
                        let reason = "not stored: \(error)"
                        result = BatchFileResult(path: item.displayPath, status: .failed(reason: reason),
                                                 analysisS: seconds, storeS: (clock.now - storeStart).seconds)
                        summary.failures.append((item.displayPath, reason))
                    }
                    summary.analysisS += seconds
                }
                done += 1
                progress(BatchProgress(done: done, total: items.count, elapsedS: (clock.now - start).seconds, last: result))
            }
        }
        summary.elapsedS = (clock.now - start).seconds
        return summary
    }

    /// Hash, skip check and analysis of one file, off the caller's task.
    static func work(_ item: BatchItem, runner: BatchRunner, store: HistoryStore) async -> WorkerOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let hash = try ContentHash.ofRecording(at: item.url)
            let settings = BatchPlanner.settings(for: item, flags: runner.flags, base: runner.baseSettings)
            if !runner.force,
               try store.isStored(contentHash: hash, settingsFingerprint: SettingsFingerprint.of(settings)) {
                return .skipped
            }
            let analysis = try runner.analyze(item.url, settings)
            let metadata = BatchPlanner.metadata(for: item, flags: runner.flags, settings: settings, analysis: analysis)
            let entry = SessionEntry(metadata: metadata, sourcePath: item.displayPath, contentHash: hash,
                                     settings: settings, analysis: analysis)
            return .analysed(entry, seconds: (clock.now - start).seconds)
        } catch {
            return .failed(String(describing: error), seconds: (clock.now - start).seconds)
        }
    }
}

extension Duration {
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) * 1e-18
    }
}
