/// The simulator's own pseudo-random generator, so that a seed gives the same session on every
/// platform and Swift version (the standard library's generator is not seedable or stable).
///
/// Algorithm: xoshiro256** (Blackman & Vigna 2018), state seeded through SplitMix64 as its
/// authors recommend. Period 2²⁵⁶ − 1; passes BigCrush. Hand-written because it is 20 lines and
/// the determinism is part of the simulator's contract.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// Creates a generator whose whole output is determined by `seed`.
    public init(seed: UInt64) {
        var splitMix = seed
        func next() -> UInt64 {
            splitMix &+= 0x9E37_79B9_7F4A_7C15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (next(), next(), next(), next())
    }

    public mutating func next() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = rotate(state.3, 45)
        return result
    }

    private func rotate(_ value: UInt64, _ count: UInt64) -> UInt64 {
        (value << count) | (value >> (64 - count))
    }

    /// A uniform double in [0, 1) with 53 random bits.
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// A uniform double in `range`.
    mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * unit()
    }

    /// A standard normal deviate (Box–Muller; one of the pair is discarded for simplicity).
    mutating func gaussian() -> Double {
        var u1 = unit()
        while u1 <= .leastNormalMagnitude { u1 = unit() }
        let u2 = unit()
        return (-2 * _log(u1)).squareRoot() * _cos(2 * Double.pi * u2)
    }

    /// A normal deviate with mean 1 and coefficient of variation `cv`, kept within ±3 cv so that a
    /// rare draw cannot turn a rep inside out.
    mutating func factor(cv: Double) -> Double {
        1 + cv * max(-3, min(3, gaussian()))
    }

    /// A child generator for an independent stream (sensor noise, audio, ...), so that turning one
    /// option on or off does not change the random draws of another.
    mutating func fork() -> SeededGenerator { SeededGenerator(seed: next()) }
}

import Foundation
@inline(__always) private func _log(_ x: Double) -> Double { Foundation.log(x) }
@inline(__always) private func _cos(_ x: Double) -> Double { Foundation.cos(x) }
