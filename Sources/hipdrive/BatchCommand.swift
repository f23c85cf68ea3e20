import ArgumentParser
import Foundation
import HipDriveAnalysis
import HipDriveHistory
import HipDriveRecordings

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Options shared by every command that reads or writes the history store.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "History store (SQLite file). Default: $\(HistoryStore.environmentVariable), else ./\(HistoryStore.defaultPath).",
        valueName: "path"))
    var store: String?

    var resolvedPath: String { HistoryStore.resolvePath(store) }
}

/// `hipdrive batch`: analyse every recording under some folders into the history store.
struct BatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Analyse every recording under the given folders into the history store.",
        discussion: """
            Recordings: files ending in .csv .tsv .txt .dat .zip .wav .flac .ogg .opus .aif(f) .caf .mp3 \
            (.m4a/.mp4 are listed as failures with a conversion hint from the reader), and folders that \
            hold one recording's sensor files (Sensor Logger, phyphox, MetaWear: an accelerometer file \
            beside a gyroscope/gravity/orientation file). manifest.csv, *truth.json and *.md are skipped.

            Metadata, first found wins: the manifest row (--manifest; columns \
            path,athlete,date,exercise,mass_kg,band,placement,bell_sensor_offset_m, paths relative to \
            the manifest; placement handle or bell-centre says where a bell sensor sits on the bell, \
            bell_sensor_offset_m a handle sensor's distance from the bell's centre of mass in m), then \
            the flags below, then the naming convention \
            <root>/<athlete>/<date>_<exercise>_<load>[_<placement>].<ext> or a folder per session \
            <root>/<athlete>/<date>-<exercise>-<load>[-<placement>]/recording (tokens separated by _ \
            or -, any order: 2026-03-02 or 20260302; swing or hip-pull; 24kg or 53lb; band-300N-m or \
            band-150N@0.45m with _ only; handle, bell, wrist, belt, hips, ...; the athlete is the \
            first folder below the given root), then the date held in the recording, \
            then the file's modification time. Without an exercise, swing is assumed.

            Each file is stored in one transaction: a batch killed at any moment leaves whole \
            sessions only, and the re-run completes it. Files already stored with the same content \
            (SHA-256) and settings are skipped; --force re-analyses them. Exit status 1 when any \
            file failed (the others are stored).
            """)

    @Argument(help: ArgumentHelp("Recordings or folders to search (recursively).", valueName: "path"))
    var paths: [String] = []

    @Option(help: ArgumentHelp("Manifest CSV with per-file metadata; without paths, its rows are the inputs.", valueName: "file"))
    var manifest: String?

    @Option(help: "Parallel analyses (default: all cores). Store writes are serialized.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Re-analyse files already stored with the same content and settings.")
    var force = false

    @Option(help: ArgumentHelp("Analyse only part K of N (1-based) of the inputs, chosen by a hash of each path; merge the shard stores with `hipdrive merge`.", valueName: "K/N"))
    var shard: String?

    @OptionGroup var storeOptions: StoreOptions

    /// Applies to every file of the batch (a folder of one logger's exports); files already
    /// stored are not re-read with new options unless --force.
    @OptionGroup var reading: TableReadingOptions

    @Option(help: "Athlete for files the manifest does not name.")
    var athlete: String?
    @Option(help: ArgumentHelp("Session date (2026-03-02 or 2026-03-02T07:15:00Z, UTC without a zone).", valueName: "date"))
    var date: String?
    @Option(help: ArgumentHelp("Exercise: swing or hip-pull.", valueName: "name"))
    var exercise: String?
    @Option(help: ArgumentHelp("Bell mass, kg.", valueName: "kg"))
    var mass: Double?
    @Option(help: ArgumentHelp("Band: k=300N/m[,slack=0.2m] (stiffness, N/m) or 150N@0.45m (lockout tension, N, over the stroke, m).", valueName: "spec"))
    var band: String?
    // `.unconditional`: a band point behind the sensor is a negative offset ("--band-offset -0.1").
    @Option(name: .customLong("band-offset"), parsing: .unconditional, help: ArgumentHelp(
        "Hip pulls: where the band pulls relative to the sensor, standing tall, m: FORWARD[,UP] (every hip pull in the batch). Default: at the sensor.",
        valueName: "forward[,up]"))
    var bandOffset: String?
    @Option(help: ArgumentHelp("Sensor placement (handle, wrist, belt, ...).", valueName: "name"))
    var placement: String?
    @Option(name: .customLong("bell-sensor"), help: ArgumentHelp(
        "Where a bell sensor sits on the bell: handle (the default) or centre (at its centre of mass); a manifest's placement handle / bell-centre wins.",
        valueName: "handle|centre"))
    var bellSensor: String?
    @Option(name: .customLong("bell-sensor-offset"), help: ArgumentHelp(
        "A handle sensor's distance from the bell's centre of mass, m (default: from the mass, 0.14 m at 16 kg; a manifest's bell_sensor_offset_m wins).",
        valueName: "metres"))
    var bellSensorOffset: Double?

    @Option(help: ArgumentHelp("Breakdown threshold, fraction of the reference mean drive power.", valueName: "fraction"))
    var breakdownThreshold: Double = 0.8

    /// Test hook: replaces the reader and analyzer with a synthetic analysis that takes this many
    /// milliseconds (files starting with "BROKEN" fail). Used by the kill -9 and concurrency tests.
    @Option(name: .customLong("debug-fake-analysis-ms"), help: .hidden)
    var fakeAnalysisMs: Int?

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard !paths.isEmpty || manifest != nil else {
            throw ValidationError("give folders or files to analyse, or --manifest FILE")
        }
        if let exercise, MetadataParsing.exercise(exercise) == nil {
            throw ValidationError("unknown exercise '\(exercise)': use swing or hip-pull")
        }
        if let band, MetadataParsing.band(band) == nil {
            throw ValidationError("band '\(band)' not understood: use k=300N/m[,slack=0.2m] or 150N@0.45m")
        }
        if let date, MetadataParsing.date(date) == nil {
            throw ValidationError("date '\(date)' not understood: use 2026-03-02 or 2026-03-02T07:15:00Z")
        }
        if let mass, !(mass > 0) { throw ValidationError("--mass must be positive (kg)") }
        try CommandSupport.validateBellSensor(bellSensor, offset: bellSensorOffset)
        _ = try CommandSupport.parsedBandOffset(bandOffset)
    }

    func run() async throws {
        try await CommandSupport.failingCleanly {
            let shard = try shard.map(Shard.init(parsing:))
            let manifest = try manifest.map { try Manifest(contentsOf: URL(fileURLWithPath: $0)) }
            let items = try BatchPlanner.plan(paths: paths, manifest: manifest, shard: shard)
            let store = try HistoryStore(path: storeOptions.resolvedPath)
            let flags = MetadataFlags(athlete: athlete, date: date.flatMap(MetadataParsing.date),
                                      exercise: exercise.flatMap(MetadataParsing.exercise), massKg: mass, band: band,
                                      placement: placement)
            let analyze: BatchAnalyze
            if let ms = fakeAnalysisMs {
                analyze = { url, settings in try FakeAnalysis.analyze(url, settings: settings, milliseconds: ms) }
            } else {
                let readOptions = reading.readOptions
                analyze = { url, settings in
                    try SessionAnalyzer.analyze(try RecordingReader.read(url, options: readOptions), settings: settings)
                }
            }
            let runner = BatchRunner(jobs: jobs, force: force, flags: flags,
                                     baseSettings: AnalysisSettings(load: LoadSpecification(bandPointOffset: try CommandSupport.parsedBandOffset(bandOffset)),
                                                                   breakdownThreshold: breakdownThreshold,
                                                                   bellSensorMount: bellSensor.flatMap(BellSensorMount.init(userText:)),
                                                                   bellSensorOffsetM: bellSensorOffset), analyze: analyze)
            let preFailures = (manifest?.problems ?? []).map { (path: manifest?.path ?? "manifest", reason: $0.description) }
            let shardNote = shard.map { " (shard \($0))" } ?? ""
            CommandSupport.printStatus("hipdrive batch: \(items.count) recordings\(shardNote), \(jobs) jobs, store \(store.path)")
            for failure in preFailures { CommandSupport.printStatus("  manifest: \(failure.reason)") }
            let reporter = ProgressReporter(interactive: isatty(STDERR_FILENO) == 1)
            let summary = await runner.run(items, store: store, preFailures: preFailures) { reporter.update($0) }
            reporter.finish()
            let counts = try store.counts()
            var text = String(format: "Done: %d recordings in %.1f s: %d stored, %d unchanged (skipped), %d failed",
                              summary.total, summary.elapsedS, summary.stored, summary.skipped, summary.failed - preFailures.count)
            if !preFailures.isEmpty { text += ", \(preFailures.count) manifest rows unusable" }
            text += String(format: ". %.2f files/s; analysis %.1f s summed over %d jobs, store writes %.2f s.",
                           summary.elapsedS > 0 ? Double(summary.total) / summary.elapsedS : 0, summary.analysisS, jobs, summary.storeS)
            text += "\nStore \(store.path): \(counts.athletes) athletes, \(counts.sessions) sessions, \(counts.sets) sets, \(counts.reps) reps."
            print(text)
            if !summary.failures.isEmpty {
                print("Failed:")
                for failure in summary.failures { print("  \(failure.path): \(failure.reason)") }
                throw ExitCode.failure
            }
        }
    }
}

/// A problem found after parsing (so not a usage error): printed as one line, exit status 1.
struct CommandProblem: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Progress on standard error: a redrawn bar on a terminal, one line per file otherwise.
final class ProgressReporter: @unchecked Sendable {
    let interactive: Bool
    private var drewBar = false
    init(interactive: Bool) { self.interactive = interactive }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }

    func update(_ p: BatchProgress) {
        let status: String
        switch p.last.status {
        case let .stored(reps, replaced): status = "\(replaced ? "re-analysed" : "stored") (\(reps) reps)"
        case .skipped: status = "unchanged, skipped"
        case let .failed(reason): status = "FAILED: \(reason)"
        }
        let eta = p.etaS.map { "ETA \(Self.clock($0))" } ?? "ETA –"
        if interactive {
            let width = 28
            let filled = p.total > 0 ? width * p.done / p.total : width
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            if case .failed = p.last.status {
                FileHandle.standardError.write(Data("\r\u{1B}[K\(p.last.path): \(status)\n".utf8))
            }
            let line = String(format: "\r\u{1B}[K[%@] %d/%d  %.1f files/s  %@", bar, p.done, p.total, p.rate, eta)
            FileHandle.standardError.write(Data(line.utf8))
            drewBar = true
        } else {
            CommandSupport.printStatus(String(format: "[%d/%d] %@: %@ (%.1f files/s, %@)", p.done, p.total, p.last.path, status, p.rate, eta))
        }
    }

    func finish() {
        if drewBar { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

/// The test double behind `--debug-fake-analysis-ms`: a deterministic synthetic analysis (20 reps
/// whose power comes from the file's bytes) after a fixed delay, so that batch mechanics (kill -9,
/// two processes, progress) can be tested end to end without real recordings.
enum FakeAnalysis {
    struct Broken: Error, CustomStringConvertible {
        var file: String
        var description: String { "\(file): not a recording (synthetic failure for testing)" }
    }

    static func analyze(_ url: URL, settings: AnalysisSettings, milliseconds: Int) throws -> SessionAnalysis {
        let data = try Data(contentsOf: url)
        if data.starts(with: Data("BROKEN".utf8)) { throw Broken(file: url.path) }
        Thread.sleep(forTimeInterval: Double(milliseconds) / 1000)
        let seed = Double(data.reduce(0) { ($0 &* 31 &+ Int($1)) & 0xffff } % 200)
        let reps = (1...20).map { (i: Int) -> RepMetrics in
            let k = Double(i)
            let peak: Double = 900 + seed - k * 10
            let mean: Double = 450 + seed - k * 6
            return RepMetrics(index: i, start: k * 1.8, end: (k + 1) * 1.8, turnaround: k * 1.8, apex: k * 1.8 + 0.55,
                              peakPowerW: peak, meanDrivePowerW: mean, workJ: 250, repTimeS: 1.8)
        }
        return SessionAnalysis(softwareVersion: HipDriveVersion.string,
                               input: AnalysisInput(path: url.path, format: "synthetic", kind: "imu", durationS: 40,
                                                    quality: nil, orientationMethod: nil),
                               exercise: settings.exercise, load: settings.load, powerUnit: "W",
                               sets: [SetAnalysis(index: 1, start: 1.8, end: 37.8, cadenceRpm: 33, reps: reps, fatigue: nil)])
    }
}
