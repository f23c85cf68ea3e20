import Foundation
import Testing
@testable import HipDriveRecordings

@Suite struct AudioTraceTests {
    /// Writes a 16-bit PCM WAV (stereo) by hand.
    static func writeWAV(_ samples: [Double], rate: Int, channels: Int = 2) throws -> URL {
        func le32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }
        func le16(_ v: UInt16) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }
        let dataBytes = samples.count * 2 * channels
        var bytes = Array("RIFF".utf8) + le32(UInt32(36 + dataBytes)) + Array("WAVEfmt ".utf8) + le32(16) + le16(1)
        bytes += le16(UInt16(channels)) + le32(UInt32(rate)) + le32(UInt32(rate * 2 * channels)) + le16(UInt16(2 * channels)) + le16(16)
        bytes += Array("data".utf8) + le32(UInt32(dataBytes))
        bytes.reserveCapacity(bytes.count + dataBytes)
        for sample in samples {
            let value = Int16(max(-1, min(1, sample)) * 32_767)
            for _ in 0..<channels { bytes += le16(UInt16(bitPattern: value)) }
        }
        return try TestPaths.temporaryFile("clicks.wav", contents: Data(bytes))
    }

    @Test func onsetsAppearAtTheClicks() throws {
        let rate = 22_050
        var random = FuzzTests.Generator(state: 42)
        var samples = (0..<(rate * 8)).map { _ in 0.005 * (Double(random.next() % 2001) / 1000 - 1) }
        let clicks = [1.0, 2.8, 4.6, 6.4]
        for click in clicks {
            let start = Int(click * Double(rate))
            for n in 0..<2000 where start + n < samples.count {
                let t = Double(n) / Double(rate)
                samples[start + n] += 0.6 * sin(2 * .pi * 900 * t) * exp(-t * 40)
            }
        }
        let recording = try RecordingReader.read(try Self.writeWAV(samples, rate: rate))
        guard case let .audio(trace) = recording.content else { Issue.record("not audio"); return }
        #expect(abs(trace.traceRate - 100) < 0.5)
        #expect(trace.channels == 2)
        #expect(abs(trace.duration - 8) < 0.01)
        #expect(abs(Double(trace.onsetStrength.count) - 8 * trace.traceRate) <= 2)
        #expect(trace.rmsEnvelope.count == trace.onsetStrength.count)
        #expect(recording.format.contains("WAV"))
        // The four largest onset peaks (0.3 s apart at least) sit within 30 ms of the clicks.
        var peaks: [Int] = []
        let order = trace.onsetStrength.indices.sorted { trace.onsetStrength[$0] > trace.onsetStrength[$1] }
        for index in order where peaks.count < 4 {
            if peaks.allSatisfy({ abs($0 - index) > 30 }) { peaks.append(index) }
        }
        let times = peaks.map { Double($0) / trace.traceRate }.sorted()
        for (found, expected) in zip(times, clicks) { #expect(abs(found - expected) < 0.03, "onset at \(found) s, click at \(expected) s") }
        // RMS envelope: loud at a click, quiet between.
        let atClick = trace.rmsEnvelope[Int(1.02 * trace.traceRate)]
        let between = trace.rmsEnvelope[Int(2.0 * trace.traceRate)]
        #expect(atClick > 10 * between)
    }

    @Test func linearBinsWithoutMelWeightingAlsoWork() throws {
        let rate = 8_000
        var samples = [Double](repeating: 0, count: rate * 2)
        for n in 8000..<8400 { samples[n] = 0.5 * sin(Double(n) * 0.3) }
        let url = try Self.writeWAV(samples, rate: rate, channels: 1)
        let trace = try OnsetTrace.compute(url: url, options: OnsetTraceOptions(melBands: nil))
        let peak = trace.onsetStrength.indices.max { trace.onsetStrength[$0] < trace.onsetStrength[$1] } ?? 0
        #expect(abs(Double(peak) / trace.traceRate - 1.0) < 0.05)
    }
}
