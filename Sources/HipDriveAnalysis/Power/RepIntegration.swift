import Foundation
import HipDriveRecordings

// Per-rep integration: from a rep's turnaround and end to its world-frame velocity, height and
// forward travel, with the zero-velocity updates described on `MotionRepFinder`.
extension MotionRepFinder {
    /// Integrates one cycle with zero-velocity updates (see the type's documentation) on the
    /// grid start, ⌊start⌋+1, …, ⌈end⌉−1, end (local fractional positions in the span arrays).
    func integrateRep(start: Double, end: Double, downLocal: Int, spanStart: Int,
                      horizontal: HorizontalAxes, closesLoop: Bool = false,
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
        var driveAxis: Vector3?
        if let (world, axis) = repWorldAcceleration(samples: samples, start: start + Double(spanStart),
                                                    end: end + Double(spanStart)) {
            driveAxis = axis
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
        // Apex: the slowest instant of the drive (swing) or the hips furthest forward (hip pull:
        // the speed is low over a flat stretch around lockout, the position has a clear maximum),
        // searched around the forward→backward crossing.
        let half = Double(max(1, Int(0.2 * period * fs)))
        guard let found = Self.apex(exercise: exercise, grid: grid, near: Double(downLocal), half: half,
                                    velocity: [vf, vl, vz], forwardPosition: position)
        else { return nil }
        let (apex, apexPosition) = (found.index, found.position)
        return MotionRep(positions: grid.map { $0 + Double(spanStart) }, apexOffset: apex,
                         apexPosition: apexPosition + Double(spanStart),
                         forwardVelocity: vf, lateralVelocity: vl, verticalVelocity: vz,
                         forwardAcceleration: af, lateralAcceleration: al, verticalAcceleration: az,
                         height: height, forwardPosition: position, runPeriodS: period, closesLoop: closesLoop,
                         accelerometerOnlyDriveAxis: driveAxis)
    }

    /// Searches the apex of a rep's drive on its grid around `near` (grid index), within
    /// `half` samples: swing, the slowest instant; hip pull, the hips furthest forward.
    static func apex(exercise: Exercise, grid: [Double], near: Double, half: Double, velocity: [[Double]],
                     forwardPosition: [Double]) -> (index: Int, position: Double)? {
        let candidates = grid.indices.dropFirst().dropLast().filter { abs(grid[$0] - near) <= half }
        switch exercise {
        case .swing:
            let squaredSpeed = SignalMath.norm(velocity[0], velocity[1], velocity[2]).map { $0 * $0 }
            guard let slowest = candidates.min(by: { squaredSpeed[$0] < squaredSpeed[$1] }) else { return nil }
            return (slowest, grid[slowest] + SignalMath.parabolicOffset(squaredSpeed.map { -$0 }, at: slowest))
        case .hipPull:
            // The arrival at lockout (HipPullKinematics.swift).
            return hipPullLockout(grid: grid, near: near, half: half, forwardVelocity: velocity[0],
                                  forwardPosition: forwardPosition)
        }
    }
}

extension MotionRep {
    /// The rep with its position closed: the bell (hips) is back where it started at the next
    /// turnaround, so ∫v dt over the rep is 0.
    ///
    /// Why: the zero-velocity update assumes the turnaround is placed exactly. Placed δ early,
    /// the bell still moves at a·δ (it reverses at 10–20 m/s², so 15 ms is 0.2–0.3 m/s), the
    /// same at both ends, so the end shows no residual, and over a 0.8 s drive that constant
    /// becomes 20 cm of height. The drift model is then v_true = v − c − b·t: b is what the end's
    /// zero velocity fixed already, and closing the position fixes c. With v already zero at
    /// both ends, the extra correction is c·(1 − t/T) with c = 2·∫v dt / T. Not for a rep that
    /// ends at rest after the park (it ends somewhere else), and used for the rep's numbers
    /// only: rep acceptance judges the open integral, which still shows a cycle that does not
    /// come back (a hike, a park).
    func closingLoop(exercise: Exercise, sampleRate: Double) -> MotionRep {
        guard closesLoop, positions.count > 3 else { return self }
        let dt = 1 / sampleRate
        let times = positions.map { ($0 - positions[0]) * dt }
        let duration = times[times.count - 1]
        guard duration > 0 else { return self }
        func integral(_ values: [Double]) -> [Double] {
            var out = [Double](repeating: 0, count: values.count)
            for k in 1..<values.count { out[k] = out[k - 1] + 0.5 * (values[k] + values[k - 1]) * (times[k] - times[k - 1]) }
            return out
        }
        func closed(_ velocity: [Double], _ acceleration: [Double]) -> ([Double], [Double]) {
            let c = 2 * (integral(velocity).last ?? 0) / duration
            return (zip(velocity, times).map { $0 - c * (1 - $1 / duration) }, acceleration.map { $0 + c / duration })
        }
        var rep = self
        (rep.forwardVelocity, rep.forwardAcceleration) = closed(forwardVelocity, forwardAcceleration)
        (rep.lateralVelocity, rep.lateralAcceleration) = closed(lateralVelocity, lateralAcceleration)
        (rep.verticalVelocity, rep.verticalAcceleration) = closed(verticalVelocity, verticalAcceleration)
        rep.height = integral(rep.verticalVelocity)
        rep.forwardPosition = integral(rep.forwardVelocity)
        // The apex moves with the velocity: searched again near the open integral's apex.
        let half = max(1, (0.1 * runPeriodS * sampleRate).rounded())
        if let apex = MotionRepFinder.apex(exercise: exercise, grid: positions, near: apexPosition, half: half,
                                           velocity: [rep.forwardVelocity, rep.lateralVelocity, rep.verticalVelocity],
                                           forwardPosition: rep.forwardPosition) {
            rep.apexOffset = apex.index
            rep.apexPosition = apex.position
        }
        return rep
    }
}
