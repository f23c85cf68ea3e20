import Foundation
import HipDriveRecordings

// Per-rep integration: from a rep's turnaround and end to its world-frame velocity, height and
// forward travel, with the zero-velocity updates described on `MotionRepFinder`.
extension MotionRepFinder {
    /// Integrates one cycle with zero-velocity updates (see the type's documentation) on the
    /// grid start, ⌊start⌋+1, …, ⌈end⌉−1, end (local fractional positions in the span arrays).
    func integrateRep(start: Double, end: Double, downLocal: Int, spanStart: Int,
                      horizontal: HorizontalAxes,
                      forward: [Double], lateral: [Double], vertical: [Double],
                      period: Double) -> MotionRep? {
        let fs = trace.sampleRate
        let dt = 1 / fs
        let first = Int(start.rounded(.down)) + 1
        let last = Int(end.rounded(.up)) - 1
        guard last > first + 2, end < Double(forward.count - 1) else { return nil }
        var grid = [start]
        grid.append(contentsOf: (first...last).map(Double.init))
        grid.append(end)
        let duration = (end - start) * dt
        func sample(_ values: [Double], _ position: Double) -> Double {
            let i = min(Int(position), values.count - 2)
            let frac = position - Double(i)
            return values[i] * (1 - frac) + values[i + 1] * frac
        }
        // The rep's own world-frame acceleration when a per-rep orientation stage can do better
        // than the trace's (RepOrientation.swift); otherwise the trace's, already projected.
        let samples = (Int(start.rounded(.down)) + spanStart)...(Int(end.rounded(.up)) + spanStart)
        var (forward, lateral, vertical) = (forward, lateral, vertical)
        if let world = repWorldAcceleration(samples: samples, start: start + Double(spanStart),
                                            end: end + Double(spanStart)) {
            for (offset, i) in samples.enumerated() {
                let local = i - spanStart
                forward[local] = horizontal.forwardX * world.x[offset] + horizontal.forwardY * world.y[offset]
                lateral[local] = -horizontal.forwardY * world.x[offset] + horizontal.forwardX * world.y[offset]
                vertical[local] = world.z[offset]
            }
        }
        func corrected(_ values: [Double]) -> (velocity: [Double], acceleration: [Double]) {
            let acceleration = grid.map { sample(values, $0) }
            var velocity = [Double](repeating: 0, count: grid.count)
            for k in 1..<grid.count {
                velocity[k] = velocity[k - 1] + 0.5 * (acceleration[k] + acceleration[k - 1]) * (grid[k] - grid[k - 1]) * dt
            }
            let bias = velocity[grid.count - 1] / duration
            for k in 0..<grid.count { velocity[k] -= bias * (grid[k] - start) * dt }
            return (velocity, acceleration.map { $0 - bias })
        }
        func integral(_ values: [Double]) -> [Double] {
            var out = [Double](repeating: 0, count: grid.count)
            for k in 1..<grid.count { out[k] = out[k - 1] + 0.5 * (values[k] + values[k - 1]) * (grid[k] - grid[k - 1]) * dt }
            return out
        }
        let (vf, af) = corrected(forward)
        let (vl, al) = corrected(lateral)
        let (vz, az) = corrected(vertical)
        let height = integral(vz)
        let position = integral(vf)
        // Apex: the slowest instant of the drive, searched around the forward→backward crossing.
        let half = Double(max(1, Int(0.2 * period * fs)))
        let down = Double(downLocal)
        let candidates = grid.indices.dropFirst().dropLast().filter { abs(grid[$0] - down) <= half }
        let squaredSpeed = SignalMath.norm(vf, vl, vz).map { $0 * $0 }
        let apex: Int
        let apexPosition: Double
        switch exercise {
        case .swing:
            guard let slowest = candidates.min(by: { squaredSpeed[$0] < squaredSpeed[$1] }) else { return nil }
            apex = slowest
            apexPosition = grid[apex] + SignalMath.parabolicOffset(squaredSpeed.map { -$0 }, at: apex)
        case .hipPull:
            // Lockout: the hips furthest forward (where the band is longest); the speed is low over
            // a flat stretch around it, the position has a clear maximum.
            guard let farthest = candidates.max(by: { position[$0] < position[$1] }) else { return nil }
            apex = farthest
            apexPosition = grid[apex] + SignalMath.parabolicOffset(position, at: apex)
        }
        return MotionRep(positions: grid.map { $0 + Double(spanStart) }, apexOffset: apex,
                         apexPosition: apexPosition + Double(spanStart),
                         forwardVelocity: vf, lateralVelocity: vl, verticalVelocity: vz,
                         forwardAcceleration: af, lateralAcceleration: al, verticalAcceleration: az,
                         height: height, forwardPosition: position, runPeriodS: period)
    }
}
