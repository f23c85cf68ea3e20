import Foundation

/// A sensor stream after cleaning: time strictly increasing, its rate, jitter and gaps measured.
struct CleanStream: Sendable {
    var source: String
    var time: [Double]
    var channels: [Quantity: [[Double]]]
    var gravityConvention: GravityConvention
    /// Rate over the intervals that are not gaps: intervals / their total duration, Hz. (A median
    /// of millisecond-quantised steps from a jittery BLE logger can be off by 20 %; the mean over
    /// non-gap intervals is not.)
    var rate: Double
    /// Standard deviation of the non-gap sampling intervals, s.
    var jitter: Double
    /// Intervals longer than the gap threshold: (start, end) times, s.
    var gaps: [(start: Double, end: Double)]
    var longestInterval: Double
    var droppedRows: Int
    var notes: [String]
    /// Percent of samples at the sensor's range, per quantity (acceleration, gyroscope).
    var clippedPercent: [Quantity: Double] = [:]
    /// The full-scale value the saturated samples sit at (SI), for the quantities that clip.
    var clippingRange: [Quantity: Double] = [:]
}

/// Sorting, de-duplication, rate, gaps and clipping of one stream.
enum StreamCleaner {
    /// A gap is an interval longer than this many median sampling intervals, or `minimumGap`.
    static let gapIntervals = 5.0
    /// Shortest interval counted as a gap, s (a dropped BLE packet or two is not a gap).
    static let minimumGap = 0.25

    static func clean(_ stream: SensorStream) throws(RecordingError) -> CleanStream {
        let count = stream.count
        var notes = stream.notes
        guard count >= 3 else { throw .tooFewSamples(file: stream.source, count: count) }

        // Sort (stable) and drop repeated timestamps, keeping the first row of each.
        var backwards = 0
        for i in 1..<count where stream.time[i] < stream.time[i - 1] { backwards += 1 }
        // A few backward steps are jitter or re-sent packets; many mean the column is not a clock.
        if backwards * 20 > count {
            throw .notMonotonic(file: stream.source, backwards: backwards, total: count - 1)
        }
        var order = Array(0..<count)
        if backwards > 0 {
            order.sort { stream.time[$0] < stream.time[$1] || (stream.time[$0] == stream.time[$1] && $0 < $1) }
            notes.append("\(backwards) timestamps went backwards: rows sorted by time")
        }
        let quantities = stream.channels.keys.sorted { $0.rawValue < $1.rawValue }
        var keep: [Int] = []
        keep.reserveCapacity(count)
        var duplicates = 0
        for index in order {
            if let last = keep.last, stream.time[index] - stream.time[last] <= 1e-9 {
                duplicates += 1
                continue
            }
            keep.append(index)
        }
        // An isolated row identical to the previous one on every channel is a stale repeat (the
        // logger wrote the last value again); a long run of identical rows is real stillness.
        var stale = 0
        var filtered: [Int] = []
        filtered.reserveCapacity(keep.count)
        // Every channel's column in the quantities' order, looked up once: a dictionary lookup
        // (a string hash) per row was most of this loop's time.
        let columns = quantities.flatMap { stream.channels[$0] ?? [] }
        func sameValues(_ a: Int, _ b: Int) -> Bool {
            for array in columns where array[a] != array[b] { return false }
            return true
        }
        for (position, index) in keep.enumerated() {
            if position > 0, position + 1 < keep.count, sameValues(index, keep[position - 1]),
               !sameValues(index, keep[position + 1]), position < 2 || !sameValues(keep[position - 1], keep[position - 2]) {
                stale += 1
                continue
            }
            filtered.append(index)
        }
        if duplicates > 0 { notes.append("\(duplicates) repeated timestamps dropped") }
        if stale > 0 { notes.append("\(stale) stale repeated rows dropped") }
        guard filtered.count >= 3 else { throw .tooFewSamples(file: stream.source, count: filtered.count) }

        let time = filtered.map { stream.time[$0] }
        var channels: [Quantity: [[Double]]] = [:]
        for (quantity, arrays) in stream.channels {
            channels[quantity] = arrays.map { array in filtered.map { array[$0] } }
        }

        // Rate, jitter and gaps.
        var steps = [Double](repeating: 0, count: time.count - 1)
        for i in 1..<time.count { steps[i - 1] = time[i] - time[i - 1] }
        let medianStep = Statistics.median(steps)
        let threshold = max(minimumGap, gapIntervals * medianStep)
        var gaps: [(start: Double, end: Double)] = []
        var regular: [Double] = []
        regular.reserveCapacity(steps.count)
        for (i, step) in steps.enumerated() {
            if step > threshold { gaps.append((time[i], time[i + 1])) } else { regular.append(step) }
        }
        let regularTotal = regular.reduce(0, +)
        let rate = regularTotal > 0 ? Double(regular.count) / regularTotal : .infinity
        guard rate.isFinite, rate >= 1, rate <= 20_000 else {
            throw .implausibleRate(file: stream.source, rateHz: rate,
                                   hint: "check the time column's unit (pass --units time=s, ms, us or ns) or map another column with --columns time=N")
        }
        // Loggers that lose packets deliver fewer samples than their nominal rate: the median
        // interval shows the nominal rate, the mean over non-gap intervals what was delivered.
        if medianStep > 0, 1 / medianStep > 1.15 * rate {
            notes.append(String(format: "median interval %.1f ms suggests a nominal %.0f Hz; %.0f Hz delivered (samples lost in transfer)",
                                medianStep * 1000, 1 / medianStep, rate))
        }
        var cleaned = CleanStream(source: stream.source, time: time, channels: channels,
                                  gravityConvention: stream.gravityConvention, rate: rate,
                                  jitter: Statistics.standardDeviation(regular), gaps: gaps,
                                  longestInterval: steps.max() ?? 0,
                                  droppedRows: stream.droppedRows + duplicates + stale, notes: notes)
        for quantity in [Quantity.acceleration, .gyroscope] {
            if let arrays = channels[quantity] {
                let (percent, range) = clipping(arrays, quantity: quantity)
                cleaned.clippedPercent[quantity] = percent
                if percent > 0 {
                    cleaned.clippingRange[quantity] = range
                    let shown = quantity == .acceleration ? String(format: "±%.3g g", range / ColumnUnit.standardGravityValue)
                                                          : String(format: "±%.4g deg/s", range * 180 / .pi)
                    cleaned.notes.append("\(quantity.label) saturates at \(shown) in \(String(format: "%.2f", percent)) % of samples")
                }
            }
        }
        return cleaned
    }

    /// Full-scale ranges of common MEMS accelerometers (g) and gyroscopes (deg/s).
    static let accelerometerRangesG: [Double] = [2, 4, 8, 16, 24, 32]
    static let gyroscopeRangesDegPerS: [Double] = [125, 245, 250, 500, 1000, 2000, 4000]

    /// Share of samples at the sensor's range, percent, and that range (SI).
    ///
    /// A saturated sensor writes its full-scale value (e.g. exactly −4 g or 500 deg/s) for as
    /// long as the true value exceeds it, so the largest |value| recurs as a plateau; an
    /// unsaturated peak is reached once (or twice by quantisation). Clipping is declared when the
    /// largest |value| is within 1 % of a standard full-scale range and occurs on at least two
    /// samples.
    static func clipping(_ arrays: [[Double]], quantity: Quantity) -> (percent: Double, range: Double) {
        guard let count = arrays.first?.count, count > 0 else { return (0, 0) }
        var peak = 0.0
        for array in arrays { for value in array where abs(value) > peak { peak = abs(value) } }
        guard peak > 0 else { return (0, 0) }
        let level = peak * (1 - 1e-9)
        var atRange = 0
        var longestRun = 0
        var runs = [Int](repeating: 0, count: arrays.count)
        for row in 0..<count {
            var clipped = false
            for (axis, array) in arrays.enumerated() {
                if abs(array[row]) >= level {
                    clipped = true
                    runs[axis] += 1
                    longestRun = max(longestRun, runs[axis])
                } else {
                    runs[axis] = 0
                }
            }
            if clipped { atRange += 1 }
        }
        let inUnits = quantity == .acceleration ? peak / ColumnUnit.standardGravityValue : peak * 180 / .pi
        let standard = (quantity == .acceleration ? accelerometerRangesG : gyroscopeRangesDegPerS)
            .contains { abs(inUnits - $0) <= 0.01 * $0 }
        // A plateau at a range no sensor has is a held value or a constant simulated rate, not clipping.
        guard standard && (atRange >= 2 || longestRun >= 2) else { return (0, peak) }
        return (100 * Double(atRange) / Double(count), peak)
    }
}
