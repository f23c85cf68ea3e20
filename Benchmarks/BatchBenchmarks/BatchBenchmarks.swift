import Benchmark
import Foundation
import HipDriveAnalysis
import HipDriveHistory

// The batch's own costs, apart from the analysis: the store transaction per session (the serial
// part of a batch) and the batch engine's overhead with an analysis that does nothing. The
// end-to-end figures (1,000 simulated 10-minute sessions, --jobs 1 vs 2) come from
// scripts/batch-benchmark.sh; see BatchBenchmarks/README.md.

/// A 5-set, 100-rep session (a 10-minute workout) with every metric filled in.
func tenMinuteSession(seed: Int) -> SessionAnalysis {
    let sets = (1...5).map { s -> SetAnalysis in
        let reps = (1...20).map { i -> RepMetrics in
            let k = Double(i)
            let mean: Double = 450 - k * 4 + Double(seed % 50)
            return RepMetrics(index: i, start: k * 1.8, end: k * 1.8 + 1.8, turnaround: k * 1.8, apex: k * 1.8 + 0.55,
                              peakPowerW: 2 * mean, meanDrivePowerW: mean, workJ: mean * 0.55, peakPowerWPerKg: mean / 12,
                              meanDrivePowerWPerKg: mean / 24, workJPerKg: mean / 44, peakSpeedMps: 3.1, driveTimeS: 0.55,
                              repTimeS: 1.8, displacementM: 1.2, smoothnessSPARC: -1.6, shapeCorrelation: 0.97)
        }
        let fatigue = FatigueBreakdown(powerLossPct: PowerLoss(peak: 15, meanDrive: 17), velocityLossPct: 9, slopePctPerRep: -0.9,
                                       breakdownRep: nil, workShare: 0.6, tempoShare: 0.4, smoothnessDrift: -0.1)
        return SetAnalysis(index: s, start: Double(s) * 120, end: Double(s) * 120 + 36, cadenceRpm: 33, reps: reps, fatigue: fatigue)
    }
    return SessionAnalysis(softwareVersion: HipDriveVersion.string,
                           input: AnalysisInput(path: "bench.csv", format: "bench", kind: "imu", durationS: 600,
                                                quality: nil, orientationMethod: nil),
                           exercise: .swing, load: LoadSpecification(massKg: 24), powerUnit: "W", sets: sets)
}

func entry(_ i: Int) -> SessionEntry {
    SessionEntry(metadata: SessionMetadata(athlete: "athlete\(i % 20)", date: Date(timeIntervalSince1970: 1_770_000_000 + Double(i) * 86_400),
                                           dateSource: .manifest, exercise: .swing, massKg: 24),
                 sourcePath: "bench/\(i).csv", contentHash: String(format: "%064d", i),
                 settings: AnalysisSettings(load: LoadSpecification(massKg: 24)), analysis: tenMinuteSession(seed: i))
}

func temporaryStorePath() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("hipdrive-bench-\(UUID().uuidString).sqlite").path
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration.maxDuration = .seconds(10)

    // One session (5 sets, 100 reps) written in its own transaction: the serial part of a batch.
    Benchmark("store: save one 10-minute session (100 reps)", configuration: .init(metrics: [.wallClock, .throughput, .mallocCountTotal])) { benchmark in
        let store = try HistoryStore(path: temporaryStorePath())
        let entries = (0..<benchmark.scaledIterations.count).map(entry)
        benchmark.startMeasurement()
        for e in entries { blackHole(try store.save(e)) }
    }

    // Skip check for an already-stored file (the cost of a re-run per file, without hashing).
    Benchmark("store: skip check (isStored)", configuration: .init(metrics: [.wallClock, .throughput])) { benchmark in
        let store = try HistoryStore(path: temporaryStorePath())
        let e = entry(1)
        try store.save(e)
        let fingerprint = e.settingsFingerprint
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try store.isStored(contentHash: e.contentHash, settingsFingerprint: fingerprint)) }
    }
}
