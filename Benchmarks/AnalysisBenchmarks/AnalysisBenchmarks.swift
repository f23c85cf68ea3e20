// Analysis benchmarks, end to end from the file as a user runs it:
//   - a 30-minute 100 Hz IMU recording with gyroscope (tab logger layout, 180 000 rows):
//     read (parse, clean, Madgwick fusion) + sets, reps, ZUPT power and fatigue;
//   - the same session accelerometer-only (physics-toolbox layout): per-rep pendulum fits;
//   - one hour of 44.1 kHz mono audio (16-bit WAV, 159 M samples): onset trace streamed block
//     by block + reps from the onsets.
// The recordings are made once per run in the temporary folder: the IMU file by the simulator
// (20 sets of 20 swings with rests), the audio as noise with an exhale burst every 1.8 s.
// Run from Benchmarks/: swift package --disable-sandbox benchmark --target AnalysisBenchmarks
// Peer (numpy/scipy + librosa doing the same work): python3 peers/analysis_peers.py
import Benchmark
import Foundation
import HipDriveAnalysis
import HipDriveAudio
import HipDriveRecordings
import HipDriveSimulator

enum Fixtures {
    static let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hipdrive-analysis-bench")

    /// About 32 minutes: 20 sets × 20 Russian swings at 34/min, 50 s rests, 100 Hz with gyroscope.
    static let imuFile: URL = {
        var config = SimulationConfig(seed: 11, sets: 20, repsPerSet: 20, restS: 50)
        config.fatigue = .init(kind: .decline, lossFraction: 0.2)
        let session = Simulator.simulate(config)
        // A setup failure must stop the run loudly: there is nothing to measure without the file.
        guard let url = try? RecordingWriter.write(session, format: .tsvLogger, to: folder, name: "imu-30min") else {
            fatalError("cannot write the IMU benchmark file under \(folder.path)")
        }
        return url
    }()

    /// The same 20 × 20 swings without a gyroscope (physics-toolbox layout, accelerometer only):
    /// every rep's orientation comes from the per-rep pendulum and bell-attitude fits
    /// (AccelerometerOnlyKinematics.swift, AccelerometerOnlySwingPath.swift).
    static let accelerometerOnlyFile: URL = {
        var config = SimulationConfig(seed: 11, sets: 20, repsPerSet: 20, restS: 50)
        config.fatigue = .init(kind: .decline, lossFraction: 0.2)
        config.sensor.hasGyroscope = false
        let session = Simulator.simulate(config)
        guard let url = try? RecordingWriter.write(session, format: .physicsToolbox, to: folder, name: "imu-30min-accel-only") else {
            fatalError("cannot write the accelerometer-only benchmark file under \(folder.path)")
        }
        return url
    }()

    /// One hour of 44.1 kHz mono 16-bit WAV: room noise and an exhale-like burst every 1.8 s.
    static let audioFile: URL = {
        let url = folder.appendingPathComponent("audio-1h.wav")
        if FileManager.default.fileExists(atPath: url.path) { return url }
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let rate = 44_100
        do {
            let writer = try AudioFileWriter(url: url, format: .wav16, sampleRate: rate)
            var state: UInt32 = 12345
            var block = [Float](repeating: 0, count: rate)
            for second in 0..<3600 {
                for n in 0..<rate {
                    state = state &* 1_664_525 &+ 1_013_904_223
                    let noise = Float(Double(state >> 8) / Double(1 << 24) - 0.5)
                    let t = Double(second) + Double(n) / Double(rate)
                    let phase = t.truncatingRemainder(dividingBy: 1.8)
                    let burst = phase < 0.25 ? Float(sin(Double.pi * phase / 0.25)) : 0
                    block[n] = 0.02 * noise + 0.5 * burst * noise
                }
                try writer.write(interleaved: block)
            }
        } catch {
            fatalError("cannot write the audio benchmark file: \(error)")
        }
        return url
    }()
}

let benchmarks: @Sendable () -> Void = {
    Benchmark("analyze 30-min 100 Hz IMU file (read + analyse)",
              configuration: .init(metrics: [.wallClock, .cpuTotal, .peakMemoryResident], maxIterations: 10)) { benchmark in
        let url = Fixtures.imuFile
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let recording = try RecordingReader.read(url)
            let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(load: .init(massKg: 16)))
            blackHole(analysis.totalReps)
        }
    }

    Benchmark("analyze 30-min 100 Hz IMU trace (analysis only)",
              configuration: .init(metrics: [.wallClock, .cpuTotal], maxIterations: 20)) { benchmark in
        let recording = try RecordingReader.read(Fixtures.imuFile)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(load: .init(massKg: 16)))
            blackHole(analysis.totalReps)
        }
    }

    Benchmark("analyze 30-min 100 Hz accelerometer-only file (read + analyse)",
              configuration: .init(metrics: [.wallClock, .cpuTotal, .peakMemoryResident], maxIterations: 10)) { benchmark in
        let url = Fixtures.accelerometerOnlyFile
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let recording = try RecordingReader.read(url)
            let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(load: .init(massKg: 16)))
            blackHole(analysis.totalReps)
        }
    }

    Benchmark("analyze 1 h 44.1 kHz audio file (read + analyse)",
              configuration: .init(metrics: [.wallClock, .cpuTotal, .peakMemoryResident], maxIterations: 3)) { benchmark in
        let url = Fixtures.audioFile
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let recording = try RecordingReader.read(url)
            let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings())
            blackHole(analysis.totalReps)
        }
    }
}
