import Foundation
import Testing
@testable import HipDriveDSP

@Suite struct ZeroPhaseFilterTests {
    let rate = 100.0
    func tone(_ frequency: Double, count: Int, phase: Double = 0.3) -> [Double] {
        (0..<count).map { sin(2 * Double.pi * frequency * Double($0) / rate + phase) }
    }

    @Test func lowPassStopsTheStopBandAndKeepsThePassBandWithoutDelay() {
        let count = 3000
        let slow = tone(2, count: count), fast = tone(23.7, count: count, phase: 1.1)
        let mixed = zip(slow, fast).map { $0 + $1 }
        let filter = ZeroPhaseFilter.lowPass(cutoff: 8, transitionWidth: 4, sampleRate: rate)
        let filtered = filter.apply(to: mixed)
        #expect(filtered.count == count)
        // Away from the ends (3 s = 12 transition widths), the 23.7 Hz tone is gone (< −80 dB)
        // and the 2 Hz tone is untouched: no attenuation, no phase shift.
        let interior = 300..<(count - 300)
        let residual = interior.map { abs(filtered[$0] - slow[$0]) }.max() ?? 1
        #expect(residual < 1e-4)
        // A pass-band signal comes out whole even at the ends (odd reflection keeps value and
        // slope continuous there).
        let passBandOnly = filter.apply(to: slow)
        let worst = zip(passBandOnly, slow).map { abs($0 - $1) }.max() ?? 1
        #expect(worst < 0.01)
    }

    @Test func bandPassKeepsTheBandOnly() {
        let count = 4000
        let low = tone(0.5, count: count), band = tone(5, count: count, phase: 0.7), high = tone(30, count: count)
        let mixed = (0..<count).map { low[$0] + band[$0] + high[$0] + 3 }  // and an offset
        let filter = ZeroPhaseFilter.bandPass(low: 2, high: 12, transitionWidth: 2, sampleRate: rate)
        let filtered = filter.apply(to: mixed)
        let residual = (600..<(count - 600)).map { abs(filtered[$0] - band[$0]) }.max() ?? 1
        #expect(residual < 1e-4)
    }

    @Test func gainIsHalfAtTheEdgeAndPhaseIsZero() {
        let filter = ZeroPhaseFilter.lowPass(cutoff: 10, transitionWidth: 4, sampleRate: rate)
        #expect(filter.gain(at: 10) == 0.5)
        #expect(filter.gain(at: 7.99) == 1)
        #expect(filter.gain(at: 12.01) == 0)
        // Zero phase: the filtered impulse is symmetric about the impulse.
        var impulse = [Double](repeating: 0, count: 1001)
        impulse[500] = 1
        let response = filter.apply(to: impulse)
        for k in 1..<300 { #expect(abs(response[500 + k] - response[500 - k]) < 1e-12) }
        let peak = response.indices.max { response[$0] < response[$1] }
        #expect(peak == 500)
    }
}

@Suite struct ResamplingTests {
    @Test func jitteryLinearRampIsExactOnTheGrid() throws {
        // A ramp is reproduced exactly by linear interpolation whatever the jitter.
        var generator = SeededGenerator(seed: 1)
        var times: [Double] = []
        var t = 10.0
        for _ in 0..<500 {
            times.append(t)
            t += 0.01 * Double.random(in: 0.5..<1.5, using: &generator)
        }
        let values = times.map { 3 * $0 - 2 }
        let series = try resampleUniformly(times: times, values: values, sampleRate: 100)
        #expect(series.startTime == 10)
        #expect(series.count == Int(((times.last! - 10) * 100).rounded(.down)) + 1)
        for index in 0..<series.count {
            #expect(abs(series.channels[0][index] - (3 * series.time(at: index) - 2)) < 1e-9)
        }
    }

    @Test(arguments: [InterpolationMethod.linear, .monotoneCubic])
    func jitteredSineIsRecovered(method: InterpolationMethod) throws {
        var generator = SeededGenerator(seed: 2)
        let times = (0..<2000).map { Double($0) / 200 + Double.random(in: -0.001..<0.001, using: &generator) }
        let values = times.map { sin(2 * Double.pi * 1.5 * $0) }
        let series = try resampleUniformly(times: times, values: values, sampleRate: 200, method: method, antiAliasing: false)
        let error = (0..<series.count).map { abs(series.channels[0][$0] - sin(2 * Double.pi * 1.5 * series.time(at: $0))) }.max() ?? 1
        #expect(error < (method == .linear ? 1e-3 : 5e-4))
    }

    @Test func monotoneCubicDoesNotOvershootAPlateau() throws {
        // A clipped step: values must stay within [0, 1].
        let times = (0..<20).map { Double($0) * 0.1 }
        let values = times.map { $0 < 1 ? 0.0 : 1.0 }
        let series = try resampleUniformly(times: times, values: values, sampleRate: 97, method: .monotoneCubic)
        #expect(series.channels[0].allSatisfy { $0 >= 0 && $0 <= 1 })
    }

    @Test func repeatsAreAveragedGapsFlaggedAndNaNSkipped() throws {
        let times = [0, 0.1, 0.1, 0.2, 1.2, 1.3]
        let values = [0, 1, 3, 2, .nan, 5]
        let series = try resampleUniformly(times: times, channels: [values, times], sampleRate: 10, maximumGap: 0.5)
        #expect(series.count == 14)
        #expect(series.channels[0][1] == 2)  // mean of 1 and 3
        #expect(series.inGap[5] && !series.inGap[1] && !series.inGap[12])
        // The NaN at 1.2 s is skipped: 1.25 s lies between 0.2 s (2) and 1.3 s (5).
        #expect(abs(series.channels[0][12] - (2 + 3 * (1.0 / 1.1))) < 1e-9)
        #expect(series.channels[1].allSatisfy { !$0.isNaN })
    }

    @Test func downsamplingDoesNotAlias() throws {
        // 400 Hz input with a 170 Hz tone resampled to 100 Hz: without the low-pass it would fold
        // to 30 Hz at full amplitude; with it, it is gone.
        let times = (0..<8000).map { Double($0) / 400 }
        let values = times.map { sin(2 * Double.pi * 170 * $0) + sin(2 * Double.pi * 3 * $0) }
        let series = try resampleUniformly(times: times, values: values, sampleRate: 100)
        let error = (100..<(series.count - 100)).map { abs(series.channels[0][$0] - sin(2 * Double.pi * 3 * series.time(at: $0))) }.max() ?? 1
        #expect(error < 0.01)
    }

    @Test func backwardsTimeIsATypedError() {
        #expect(throws: ResamplingError.timeDecreases(row: 2, previous: 0.2, time: 0.1)) {
            try resampleUniformly(times: [0, 0.2, 0.1], values: [1, 2, 3], sampleRate: 10)
        }
    }
}
