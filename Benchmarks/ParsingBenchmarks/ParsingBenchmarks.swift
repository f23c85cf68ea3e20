import Benchmark
import Foundation
import HipDriveRecordings

// Table parsing and audio onset-trace throughput. Inputs are generated once per run in the
// temporary folder (a numeric IMU table like the kettlebell loggers write, and a WAV file), so
// the suite needs no data files. Peers on the same inputs: Benchmarks/peers/parse_peers.py
// (pandas read_csv, librosa onset_strength). Compare CPU time (cpuTotal): the machine is
// usually shared, and wall time then measures the neighbours.

/// A comma-separated IMU table (time + 6 channels, 5 decimals), about `megabytes` MB.
func makeTable(megabytes: Int) -> (URL, Data) {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("hipdrive-bench-\(megabytes)mb.csv")
    if let data = try? Data(contentsOf: url) { return (url, data) }
    var text = "time,gx,gy,gz,ax,ay,az\n"
    var row = 0
    var state: UInt64 = 12345
    func next() -> Double {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Double(state >> 11) / Double(1 << 53) * 2 - 1
    }
    while text.utf8.count < megabytes * 1_000_000 {
        text += String(format: "%.3f,%.5f,%.5f,%.5f,%.5f,%.5f,%.5f\n", Double(row) * 0.01,
                       500 * next(), 500 * next(), 500 * next(), 4 * next(), 4 * next(), 4 * next())
        row += 1
    }
    let data = Data(text.utf8)
    try? data.write(to: url)
    return (url, data)
}

/// A mono 16-bit WAV of `seconds` of noise with clicks every 1.8 s.
func makeAudio(seconds: Int, rate: Int = 44_100) -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("hipdrive-bench-\(seconds)s.wav")
    if FileManager.default.fileExists(atPath: url.path) { return url }
    func le32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }
    func le16(_ v: UInt16) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }
    let frames = seconds * rate
    var bytes = Array("RIFF".utf8) + le32(UInt32(36 + 2 * frames)) + Array("WAVEfmt ".utf8) + le32(16) + le16(1) + le16(1)
    bytes += le32(UInt32(rate)) + le32(UInt32(2 * rate)) + le16(2) + le16(16) + Array("data".utf8) + le32(UInt32(2 * frames))
    var state: UInt64 = 99
    for n in 0..<frames {
        state = state &* 6_364_136_223_846_793_005 &+ 1
        var value = Double(Int64(bitPattern: state) >> 40) / Double(1 << 23) * 0.01
        let sinceClick = n % Int(1.8 * Double(rate))
        if sinceClick < 2000 { value += 0.5 * sin(Double(sinceClick) * 0.12) * exp(-Double(sinceClick) / 400) }
        bytes += le16(UInt16(bitPattern: Int16(max(-1, min(1, value)) * 32_767)))
    }
    try? Data(bytes).write(to: url)
    return url
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.cpuTotal, .wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(5), maxIterations: 20)

    Benchmark("Parse numeric IMU table (20 MB)") { benchmark in
        let (_, data) = makeTable(megabytes: 20)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try NumericTable(data: data, name: "bench.csv").rowCount)
        }
    }

    Benchmark("Read IMU recording to world-frame trace (20 MB)") { benchmark in
        let (url, _) = makeTable(megabytes: 20)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try RecordingReader.read(url, options: ReadOptions(units: ["gyro": "deg/s", "accel": "g"])))
        }
    }

    Benchmark("Audio onset-strength trace (120 s, 44.1 kHz)") { benchmark in
        let url = makeAudio(seconds: 120)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try OnsetTrace.compute(url: url).onsetStrength.count)
        }
    }
}
