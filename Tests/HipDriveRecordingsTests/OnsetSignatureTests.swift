import Foundation
import Testing
@testable import HipDriveRecordings

/// The reader's sound signatures: one per distinct sound, alike for renditions of one sound,
/// unlike for a different one.
@Suite struct OnsetSignatureTests {
    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        func centred(_ v: [Float]) -> [Double] {
            let m = v.reduce(0, +) / Float(v.count)
            return v.map { Double($0 - m) }
        }
        let x = centred(a), y = centred(b)
        let dot = zip(x, y).reduce(0) { $0 + $1.0 * $1.1 }
        let norm = (x.reduce(0) { $0 + $1 * $1 } * y.reduce(0) { $0 + $1 * $1 }).squareRoot()
        return norm > 0 ? dot / norm : 0
    }

    @Test func breathsAreAlikeAndAKnockIsNot() throws {
        let rate = 16_000
        var random = FuzzTests.Generator(state: 9)
        func noise() -> Double { Double(random.next() % 2001) / 1000 - 1 }
        var samples = (0..<(rate * 9)).map { _ in 0.003 * noise() }
        // Breaths: noise through a resonator near 1.8 kHz (a hiss), 0.3 s, at 1, 3, 5 s.
        let breaths = [1.0, 3.0, 5.0]
        for start in breaths {
            var y1 = 0.0, y2 = 0.0
            let w = 2 * Double.pi * 1800 / Double(rate), r = 0.97
            for n in 0..<Int(0.3 * Double(rate)) {
                let u = Double(n) / (0.3 * Double(rate))
                let y = noise() + 2 * r * cos(w) * y1 - r * r * y2
                y2 = y1; y1 = y
                samples[Int(start * Double(rate)) + n] += 0.02 * min(1, u / 0.08) * exp(-3 * u) * y
            }
        }
        // A knock: two ringing partials (400 Hz and 5 kHz) at 7 s.
        let knockStart = 7 * rate
        for n in 0..<Int(0.3 * Double(rate)) {
            let t = Double(n) / Double(rate)
            samples[knockStart + n] += 0.4 * exp(-t / 0.04) * (sin(2 * .pi * 400 * t) + sin(2 * .pi * 5000 * t))
        }
        let url = try AudioTraceTests.writeWAV(samples, rate: rate, channels: 1)
        let trace = try OnsetTrace.compute(url: url)
        func signature(near time: Double) -> SoundSignature? {
            let frame = Int((time * trace.traceRate).rounded())
            return trace.soundSignatures.filter { abs($0.frame - frame) <= 8 }
                .max { trace.onsetStrength[$0.frame] < trace.onsetStrength[$1.frame] }
        }
        let found = breaths.compactMap { signature(near: $0) }
        let knock = try #require(signature(near: 7))
        #expect(found.count == 3)
        #expect(trace.soundSignatures.allSatisfy { $0.bandLevelsDB.count == 32 })
        // Distinct sounds are at least 0.15 s apart.
        for (a, b) in zip(trace.soundSignatures, trace.soundSignatures.dropFirst()) { #expect(b.frame - a.frame > 15) }
        for (a, b) in zip(found, found.dropFirst()) { #expect(Self.cosine(a.bandLevelsDB, b.bandLevelsDB) > 0.9) }
        for breath in found { #expect(Self.cosine(breath.bandLevelsDB, knock.bandLevelsDB) < 0.7) }
        // Levels are above the room's floor at the sound.
        #expect((found.first?.bandLevelsDB.max() ?? 0) > 20)
    }
}
