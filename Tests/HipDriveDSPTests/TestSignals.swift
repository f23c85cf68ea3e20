import Foundation
@testable import HipDriveDSP

/// Deterministic pseudo-random numbers (SplitMix64) so that every test run sees the same data.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum TestSignals {
    /// Uniform noise in [−1, 1).
    static func noise(count: Int, seed: UInt64) -> [Double] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in Double.random(in: -1..<1, using: &generator) }
    }

    /// Gaussian noise N(0, σ²) by Box–Muller.
    static func gaussianNoise(count: Int, sigma: Double, seed: UInt64) -> [Double] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            let u1 = Double.random(in: Double.ulpOfOne..<1, using: &generator)
            let u2 = Double.random(in: 0..<1, using: &generator)
            return sigma * (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
        }
    }

    /// The O(N²) DFT, X[k] = Σ x[n]·e^(−2πi·kn/N), for k = 0…N/2.
    static func naiveDFT(_ x: [Double]) -> [(re: Double, im: Double)] {
        let n = x.count
        return (0...(n / 2)).map { k in
            var re = 0.0, im = 0.0
            for (index, value) in x.enumerated() {
                let angle = -2 * Double.pi * Double(k * index % n) / Double(n)
                re += value * cos(angle)
                im += value * sin(angle)
            }
            return (re, im)
        }
    }

    static func maxAbsDifference(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).map { abs($0 - $1) }.max() ?? 0
    }
}
