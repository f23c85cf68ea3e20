import Foundation
import HipDriveRecordings

// Per-rep strapdown orientation for gyroscope traces.
//
// Why: the trace's orientation comes from a Madgwick filter whose accelerometer correction is
// down-weighted but not off while the bell swings, plus a slow levelling step. Both leave a tilt
// error that changes within a rep (the correction pulls towards a specific force that is not
// gravity), and a changing tilt leaks gravity into the horizontal and vertical accelerations in
// a way that the zero-velocity update's constant-bias removal cannot undo.
//
// Over one rep the gyroscope alone is better: integrating the body rates from the turnaround
// gives the rotation relative to the turnaround, R(t) = R₀·ΔR(t), with an error that grows only
// with the gyroscope's residual offset over 1–2 s. What is left unknown is the tilt of R₀. The
// rep fixes it: the bell is at rest at both turnarounds, so the world-frame specific force
// integrates to exactly g·T·ẑ over the rep, ∫ R₀·ΔR(t)·f(t) dt = g·T·ẑ. The direction of
// S = ∫ ΔR·f dt in the turnaround's frame is therefore the vertical: R₀ is the trace's estimate
// turned by the smallest rotation that takes R₀·S onto ẑ (heading is untouched to first order and
// does not enter power or speed). |S| − g·T (accelerometer scale and offset) remains and is a
// vertical constant, which the zero-velocity update removes as it removes any constant bias.
//
// Where the gyroscope saturates inside the rep the rates are wrong by an unknown amount; such a
// rep keeps the trace's fused orientation.
extension MotionRepFinder {
    /// World-frame linear acceleration (m/s², gravity removed) over `samples` from per-rep
    /// strapdown integration of the gyroscope, levelled with the rep's zero-velocity constraint
    /// between the fractional positions `start` and `end`; nil when the gyroscope cannot be
    /// trusted over the rep (saturation, a gap, too short a rep).
    func gyroRepWorldAcceleration(samples: ClosedRange<Int>, start: Double, end: Double) -> Axes? {
        gyroRepFrame(samples: samples, start: start, end: end)?.acceleration
    }

    /// The per-rep sensor-to-world rotation (one per sample of `samples`) and the world-frame
    /// linear acceleration it gives; nil as for `gyroRepWorldAcceleration`.
    func gyroRepFrame(samples: ClosedRange<Int>, start: Double, end: Double)
        -> (orientation: [Quaternion], acceleration: Axes)? {
        guard let gyro = trace.angularVelocity else { return nil }
        let first = samples.lowerBound, last = samples.upperBound
        guard first >= 0, last < trace.count, last - first >= 3,
              Double(first) <= start, end <= Double(last), start < end,
              trace.segments.contains(where: { $0.contains(first) && $0.contains(last) }),
              !gyroSaturates(gyro, in: samples)
        else { return nil }
        let dt = 1 / trace.sampleRate
        let f = trace.specificForce

        // Strapdown from the trace's orientation at the first sample: q̇ = ½ q ⊗ (0, ω), with
        // the mean of the two rates over each step (second order in the step).
        var q = trace.orientation[first]
        var world: [Vector3] = []
        var rotations: [Quaternion] = []
        world.reserveCapacity(samples.count)
        rotations.reserveCapacity(samples.count)
        for i in samples {
            if i > first { q = q.integrated(omega: (gyro[i - 1] + gyro[i]) * 0.5, dt: dt) }
            world.append(q.rotate(f[i]))
            rotations.append(q)
        }

        // S = ∫ R·f dt between the turnaround and the end of the rep (trapezoid on the same
        // fractional grid the zero-velocity update integrates on).
        func value(at position: Double) -> Vector3 {
            let k = min(Int(position) - first, world.count - 2)
            let frac = position - Double(first + k)
            return world[k] * (1 - frac) + world[k + 1] * frac
        }
        var nodes: [(position: Double, value: Vector3)] = [(start, value(at: start))]
        var k = Int(start.rounded(.down)) + 1
        while Double(k) < end { nodes.append((Double(k), world[k - first])); k += 1 }
        nodes.append((end, value(at: end)))
        var integral = Vector3.zero
        for n in 1..<nodes.count {
            integral = integral + (nodes[n].value + nodes[n - 1].value) * (0.5 * (nodes[n].position - nodes[n - 1].position) * dt)
        }
        let duration = (end - start) * dt
        // A rep the gyroscope integrated plausibly holds |S| within a few percent of g·T; far off
        // means the rates or the rep's ends are wrong, and the fused orientation is safer.
        let expected = standardGravity * duration
        guard integral.length > 0, abs(integral.length - expected) < 0.2 * expected else { return nil }

        let levelling = Quaternion.aligning(integral, to: Vector3(0, 0, 1))
        var out = Axes(count: world.count)
        for (offset, w) in world.enumerated() {
            let levelled = levelling.rotate(w)
            out[offset] = Vector3(levelled.x, levelled.y, levelled.z - standardGravity)
        }
        return (rotations.map { (levelling * $0).normalized }, out)
    }

    /// True when any gyroscope axis sits at the sensor's full-scale range (reported by the
    /// reader when it found saturated samples) inside `samples`.
    func gyroSaturates(_ gyro: Axes, in samples: ClosedRange<Int>) -> Bool {
        guard let range = trace.quality.gyroRangeRadps else { return false }
        // The stored rates have the rest offset removed (at most 0.1 rad/s, see the reader), so a
        // saturated sample sits within that much of the range.
        let level = range - 0.1
        return samples.contains { abs(gyro.x[$0]) >= level || abs(gyro.y[$0]) >= level || abs(gyro.z[$0]) >= level }
    }
}
