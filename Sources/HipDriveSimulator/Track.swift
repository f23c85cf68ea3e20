/// One coordinate of the athlete over the whole session, as keyframes joined by quintic
/// Hermite segments (C²). Before the first key and after the last the value is held.
struct Track: Sendable {
    private(set) var times: [Double] = []
    private(set) var states: [Motion1D] = []
    private var segments: [QuinticSegment] = []

    init(start: Motion1D = .at(0)) {
        times = [0]
        states = [start]
    }

    var lastTime: Double { times[times.count - 1] }
    var lastState: Motion1D { states[states.count - 1] }

    /// Appends a key at `time` (after the last one). Moving to the same value with zero rate and
    /// acceleration at both ends is a hold.
    mutating func key(_ time: Double, _ state: Motion1D) {
        precondition(time > lastTime, "track keys must move forward in time (\(time) ≤ \(lastTime))")
        segments.append(QuinticSegment(from: lastState, to: state, duration: time - lastTime))
        times.append(time)
        states.append(state)
    }

    /// Holds the last value until `time` (the last key must have zero rate and acceleration for
    /// the hold to be smooth).
    mutating func hold(until time: Double) {
        guard time > lastTime else { return }
        key(time, .at(lastState.value))
    }

    /// The segment joining the last two keys (to check its shape after adding it).
    var lastSegment: QuinticSegment? { segments.last }

    mutating func removeLastKey() {
        times.removeLast()
        states.removeLast()
        segments.removeLast()
    }

    /// Value, rate and acceleration at `time`.
    func evaluate(_ time: Double) -> Motion1D {
        if time <= times[0] { return Motion1D(value: states[0].value, rate: 0, acceleration: 0) }
        if time >= lastTime { return Motion1D(value: lastState.value, rate: 0, acceleration: 0) }
        // Binary search for the segment holding `time`.
        var low = 0, high = times.count - 1
        while high - low > 1 {
            let mid = (low + high) / 2
            if times[mid] <= time { low = mid } else { high = mid }
        }
        return segments[low].evaluate(time - times[low])
    }
}
