#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How values between two input samples are estimated.
public enum InterpolationMethod: Sendable, Hashable {
    /// Straight line between neighbours.
    case linear
    /// Piecewise cubic Hermite with Fritsch–Carlson slopes (scipy's `PchipInterpolator`):
    /// smooth, never overshoots the data, so clipped plateaus stay flat.
    case monotoneCubic
}

/// Samples on a uniform time grid, several channels sharing it.
public struct UniformSeries: Sendable, Equatable {
    /// Time of the first sample, in the input's time unit (seconds).
    public var startTime: Double
    /// Samples per second.
    public var sampleRate: Double
    /// One array per input channel, each `count` values, in the input's units.
    public var channels: [[Double]]
    /// `true` where the output time falls in a gap between input samples longer than the
    /// `maximumGap` asked for (the value there is interpolated across the gap all the same).
    public var inGap: [Bool]

    /// Number of samples per channel.
    public var count: Int { inGap.count }

    /// Time of sample `index`, seconds: startTime + index / sampleRate.
    public func time(at index: Int) -> Double { startTime + Double(index) / sampleRate }
}

/// Why irregular samples could not be resampled; every case names the offending row (0-based).
public enum ResamplingError: Error, Equatable, CustomStringConvertible {
    /// Times must never decrease (repeats are allowed and averaged).
    case timeDecreases(row: Int, previous: Double, time: Double)
    /// A time is NaN or infinite.
    case timeNotFinite(row: Int)
    /// Fewer than two distinct times: no rate can be defined.
    case tooFewSamples(count: Int)
    /// A channel's length differs from the number of times.
    case channelLengthMismatch(channel: Int, count: Int, expected: Int)

    public var description: String {
        switch self {
        case .timeDecreases(let row, let previous, let time):
            return "time goes backwards at row \(row) (\(time) after \(previous)); sort or split the recording first"
        case .timeNotFinite(let row): return "time at row \(row) is not a finite number"
        case .tooFewSamples(let count): return "need at least two samples at distinct times, got \(count)"
        case .channelLengthMismatch(let channel, let count, let expected):
            return "channel \(channel) has \(count) values for \(expected) times"
        }
    }
}

/// Resamples channels sampled at irregular `times` onto the uniform grid
/// startTime + i/sampleRate, i = 0…, covering [first time, last time].
///
/// Repeated timestamps are merged (their values averaged). NaN values are treated as missing
/// for their channel only (its neighbours on either side are interpolated across). When the grid
/// is much coarser than the input (median input interval < 0.4 of the output interval), each
/// channel is first put on a uniform grid at the median input rate and low-pass filtered at
/// 0.4·sampleRate (zero-phase) so that content above the new Nyquist frequency does not alias.
///
/// - Parameters:
///   - times: sample times in seconds, non-decreasing (jitter is fine; backwards steps are not).
///   - channels: one value array per channel, each `times.count` long.
///   - sampleRate: output rate, Hz.
///   - method: interpolation between input samples.
///   - maximumGap: seconds; output samples in an input gap longer than this are flagged in
///     `inGap` (default: never flag).
///   - antiAliasing: low-pass before downsampling, as described above (default on).
/// - Returns: the uniform series, its `startTime` equal to the first input time.
public func resampleUniformly(times: [Double], channels: [[Double]], sampleRate: Double,
                              method: InterpolationMethod = .linear, maximumGap: Double = .infinity,
                              antiAliasing: Bool = true) throws(ResamplingError) -> UniformSeries {
    precondition(sampleRate > 0 && sampleRate.isFinite, "sample rate must be positive")
    for (index, channel) in channels.enumerated() where channel.count != times.count {
        throw .channelLengthMismatch(channel: index, count: channel.count, expected: times.count)
    }
    // Validate and merge repeated times.
    var uniqueTimes: [Double] = []
    var groupStarts: [Int] = []  // index into `times` where each unique time starts
    uniqueTimes.reserveCapacity(times.count)
    for (row, time) in times.enumerated() {
        guard time.isFinite else { throw .timeNotFinite(row: row) }
        if let previous = uniqueTimes.last {
            if time < previous { throw .timeDecreases(row: row, previous: previous, time: time) }
            if time == previous { continue }
        }
        uniqueTimes.append(time)
        groupStarts.append(row)
    }
    guard uniqueTimes.count >= 2 else { throw .tooFewSamples(count: uniqueTimes.count) }
    groupStarts.append(times.count)

    let start = uniqueTimes[0]
    let span = uniqueTimes[uniqueTimes.count - 1] - start
    // A tiny tolerance so that a grid point landing on the last time by arithmetic is kept.
    let count = Int((span * sampleRate * (1 + 1e-12)).rounded(.down)) + 1
    let gridTimes = (0..<count).map { start + Double($0) / sampleRate }

    // Gap flags from the shared (merged) times.
    var inGap = [Bool](repeating: false, count: count)
    if maximumGap.isFinite {
        var segment = 0
        for (index, t) in gridTimes.enumerated() {
            while segment + 2 < uniqueTimes.count && uniqueTimes[segment + 1] <= t { segment += 1 }
            inGap[index] = uniqueTimes[segment + 1] - uniqueTimes[segment] > maximumGap
        }
    }

    let intervals = zip(uniqueTimes.dropFirst(), uniqueTimes).map { $0 - $1 }.sorted()
    let medianInterval = intervals[intervals.count / 2]
    let needsAntiAliasing = antiAliasing && medianInterval < 0.4 / sampleRate

    var output: [[Double]] = []
    output.reserveCapacity(channels.count)
    for channel in channels {
        // Average repeated times; drop NaN values for this channel.
        var knownTimes: [Double] = []
        var knownValues: [Double] = []
        for group in 0..<(groupStarts.count - 1) {
            var sum = 0.0, valid = 0
            for row in groupStarts[group]..<groupStarts[group + 1] where !channel[row].isNaN {
                sum += channel[row]
                valid += 1
            }
            if valid > 0 {
                knownTimes.append(uniqueTimes[group])
                knownValues.append(sum / Double(valid))
            }
        }
        if knownTimes.count < 2 {
            output.append([Double](repeating: knownValues.first ?? .nan, count: count))
            continue
        }
        if needsAntiAliasing {
            // Uniform at the input's median rate, low-passed, then interpolated onto the grid.
            let fineRate = 1 / medianInterval
            let fineCount = Int((span * fineRate).rounded(.down)) + 1
            let fineTimes = (0..<fineCount).map { start + Double($0) / fineRate }
            let fine = interpolate(knownTimes, knownValues, at: fineTimes, method: method)
            let cutoff = 0.4 * sampleRate
            let filter = ZeroPhaseFilter.lowPass(cutoff: cutoff, transitionWidth: 0.2 * sampleRate, sampleRate: fineRate)
            output.append(interpolate(fineTimes, filter.apply(to: fine), at: gridTimes, method: .linear))
        } else {
            output.append(interpolate(knownTimes, knownValues, at: gridTimes, method: method))
        }
    }
    return UniformSeries(startTime: start, sampleRate: sampleRate, channels: output, inGap: inGap)
}

/// Convenience for one channel.
public func resampleUniformly(times: [Double], values: [Double], sampleRate: Double,
                              method: InterpolationMethod = .linear, maximumGap: Double = .infinity,
                              antiAliasing: Bool = true) throws(ResamplingError) -> UniformSeries {
    try resampleUniformly(times: times, channels: [values], sampleRate: sampleRate, method: method,
                          maximumGap: maximumGap, antiAliasing: antiAliasing)
}

/// Values of the curve through (`times`, `values`) (strictly increasing times, ≥ 2 points) at
/// the increasing `targets`; targets outside the data take the nearest end value.
func interpolate(_ times: [Double], _ values: [Double], at targets: [Double], method: InterpolationMethod) -> [Double] {
    let slopes = method == .monotoneCubic ? pchipSlopes(times, values) : []
    var result = [Double](repeating: 0, count: targets.count)
    var segment = 0
    let last = times.count - 1
    for (index, t) in targets.enumerated() {
        if t <= times[0] { result[index] = values[0]; continue }
        if t >= times[last] { result[index] = values[last]; continue }
        while times[segment + 1] < t { segment += 1 }
        let t0 = times[segment], t1 = times[segment + 1]
        let h = t1 - t0
        let s = (t - t0) / h
        let y0 = values[segment], y1 = values[segment + 1]
        switch method {
        case .linear:
            result[index] = y0 + s * (y1 - y0)
        case .monotoneCubic:
            // Cubic Hermite basis on [t0, t1].
            let s2 = s * s, s3 = s2 * s
            let h00 = 2 * s3 - 3 * s2 + 1, h10 = s3 - 2 * s2 + s
            let h01 = -2 * s3 + 3 * s2, h11 = s3 - s2
            result[index] = h00 * y0 + h10 * h * slopes[segment] + h01 * y1 + h11 * h * slopes[segment + 1]
        }
    }
    return result
}

/// Fritsch–Carlson slopes as scipy's PchipInterpolator computes them: zero at local extrema,
/// a weighted harmonic mean of the neighbouring secant slopes elsewhere, and the one-sided
/// three-point formula (limited to keep monotonicity) at the ends.
func pchipSlopes(_ x: [Double], _ y: [Double]) -> [Double] {
    let n = x.count
    let h = (0..<(n - 1)).map { x[$0 + 1] - x[$0] }
    let delta = (0..<(n - 1)).map { (y[$0 + 1] - y[$0]) / h[$0] }
    var slopes = [Double](repeating: 0, count: n)
    if n == 2 {
        slopes[0] = delta[0]
        slopes[1] = delta[0]
        return slopes
    }
    for k in 1..<(n - 1) {
        let d0 = delta[k - 1], d1 = delta[k]
        if d0 == 0 || d1 == 0 || (d0 > 0) != (d1 > 0) { continue }
        let w1 = 2 * h[k] + h[k - 1], w2 = h[k] + 2 * h[k - 1]
        slopes[k] = (w1 + w2) / (w1 / d0 + w2 / d1)
    }
    func edge(_ h0: Double, _ h1: Double, _ d0: Double, _ d1: Double) -> Double {
        let d = ((2 * h0 + h1) * d0 - h0 * d1) / (h0 + h1)
        if (d > 0) != (d0 > 0) || d0 == 0 { return 0 }
        if (d0 > 0) != (d1 > 0) && abs(d) > abs(3 * d0) { return 3 * d0 }
        return d
    }
    slopes[0] = edge(h[0], h[1], delta[0], delta[1])
    slopes[n - 1] = edge(h[n - 2], h[n - 3], delta[n - 2], delta[n - 3])
    return slopes
}
