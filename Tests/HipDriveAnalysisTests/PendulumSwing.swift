import Foundation
import HipDriveRecordings
@testable import HipDriveAnalysis

/// An analytic swing for tests: a bell on a rigid arm of radius R about a fixed shoulder pivot,
/// the arm angle θ (from hanging straight down, positive forward) following raised-cosine
/// profiles from the turnaround (θ_back) to the float (θ_front) and back. Exact derivatives, so
/// every rep's truth is known in closed form: work/kg = g·R·(cos θ_back − cos θ_front).
struct PendulumSwing {
    var radiusM = 0.8
    var sampleRate = 100.0
    var backAngle = -1.0          // rad, turnaround
    var frontAngles: [Double]     // rad, float per rep (its length is the rep count)
    var driveTimes: [Double]      // s, turnaround → float per rep
    var returnTimes: [Double]     // s, float → next turnaround per rep
    var restBeforeS = 3.0
    var restAfterS = 3.0
    var headingRad = 0.5          // heading of the swing plane in the world frame
    var noiseStd = 0.0            // m/s², white noise on every axis
    var seed: UInt64 = 1

    struct Truth {
        var turnarounds: [Double]
        var apexes: [Double]
        var workPerKg: [Double]
        var meanDrivePowerPerKg: [Double]
        var peakSpeed: [Double]
    }

    /// Piecewise θ(t): (start time, duration, from, to); raised cosine from → to.
    private var pieces: [(Double, Double, Double, Double)] {
        var list: [(Double, Double, Double, Double)] = []
        var t = restBeforeS
        // Hike: from hanging (0) back to the first turnaround.
        list.append((t, 0.8, 0, backAngle)); t += 0.8
        for k in frontAngles.indices {
            list.append((t, driveTimes[k], backAngle, frontAngles[k])); t += driveTimes[k]
            list.append((t, returnTimes[k], frontAngles[k], backAngle)); t += returnTimes[k]
        }
        // Park: forward from the last turnaround down to hanging.
        list.append((t, 0.8, backAngle, 0))
        return list
    }

    var duration: Double { (pieces.last.map { $0.0 + $0.1 } ?? 0) + restAfterS }

    var truth: Truth {
        var turnarounds: [Double] = [], apexes: [Double] = [], work: [Double] = [], power: [Double] = [], speed: [Double] = []
        var t = restBeforeS + 0.8
        for k in frontAngles.indices {
            turnarounds.append(t)
            apexes.append(t + driveTimes[k])
            let w = 9.80665 * radiusM * (cos(backAngle) - cos(frontAngles[k]))
            work.append(w)
            power.append(w / driveTimes[k])
            let delta = frontAngles[k] - backAngle
            speed.append(max(radiusM * abs(delta) * .pi / (2 * driveTimes[k]),
                             radiusM * abs(delta) * .pi / (2 * returnTimes[k])))
            t += driveTimes[k] + returnTimes[k]
        }
        return Truth(turnarounds: turnarounds, apexes: apexes, workPerKg: work, meanDrivePowerPerKg: power, peakSpeed: speed)
    }

    func trace() -> MotionTrace {
        let n = Int(duration * sampleRate)
        var linear = Axes(count: n)
        var generator = SplitMix(seed: seed)
        let list = pieces
        for i in 0..<n {
            let t = Double(i) / sampleRate
            var theta = 0.0, rate = 0.0, accel = 0.0
            if let piece = list.last(where: { $0.0 <= t }) {
                let (start, length, from, to) = piece
                let s = min(1, (t - start) / length)
                let delta = to - from
                theta = from + delta * (1 - cos(.pi * s)) / 2
                if s < 1 {
                    rate = delta * .pi / (2 * length) * sin(.pi * s)
                    accel = delta * .pi * .pi / (2 * length * length) * cos(.pi * s)
                }
            }
            // In the swing plane: forward and up.
            let forward = radiusM * (accel * cos(theta) - rate * rate * sin(theta))
            let up = radiusM * (accel * sin(theta) + rate * rate * cos(theta))
            linear.x[i] = forward * cos(headingRad) + noiseStd * generator.gaussian()
            linear.y[i] = forward * sin(headingRad) + noiseStd * generator.gaussian()
            linear.z[i] = up + noiseStd * generator.gaussian()
        }
        var specific = linear
        for i in 0..<n { specific.z[i] += 9.80665 }
        let quality = DataQuality(effectiveSampleRateHz: sampleRate, timestampJitterS: 0, gapCount: 0,
                                  longestGapS: 1 / sampleRate, clippedPercent: 0, hasGyroscope: true,
                                  hasGravity: false, hasOrientation: false)
        return MotionTrace(sampleRate: sampleRate, linearAcceleration: linear, specificForce: specific,
                           angularVelocity: nil, orientation: Array(repeating: .identity, count: n),
                           orientationMethod: .sensorFusion, quality: quality)
    }

    func recording() -> Recording {
        Recording(source: URL(fileURLWithPath: "/tmp/pendulum.csv"), format: "test pendulum", columns: [],
                  content: .motion(trace()))
    }
}

/// A small deterministic PRNG for test noise (SplitMix64).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func gaussian() -> Double {
        let u = max(uniform(), 1e-300), v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
}
