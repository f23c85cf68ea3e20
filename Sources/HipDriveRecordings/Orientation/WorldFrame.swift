import Foundation
import HipDriveDSP

/// Sensor-to-world rotation for a uniformly sampled trace, and the world-frame linear acceleration.
struct WorldFrame {
    var orientation: [Quaternion]
    var linearAcceleration: Axes
    var method: OrientationMethod
    var notes: [String]
    /// Gyroscope zero-rate offset measured in each segment's still moment (sensor frame, rad/s;
    /// zero where no still moment was found), one per entry of the segments passed in. The
    /// assembler removes it from the angular velocity it stores, so that per-rep integration of
    /// the gyroscope (analysis) starts from the same calibration as the fusion.
    var gyroBias: [Vector3] = []

    /// Still-moment detection: |ω| below this, rad/s (about 11 deg/s; a held bell sways slowly).
    static let stillAngularSpeed = 0.2
    /// Still-moment detection: | |f| − g | below this, m/s² (0.1 g).
    static let stillForceError = 0.1 * ColumnUnit.standardGravityValue
    /// Length of the window that counts as a still moment, s.
    static let stillDuration = 0.3
    /// Largest plausible gyroscope zero-rate offset, rad/s; larger means the window was not still.
    static let maximumGyroBias = 0.1

    /// World-frame linear acceleration: R(q) f − g ẑ.
    static func linear(_ f: Axes, _ orientation: [Quaternion], segments: [Range<Int>]) -> Axes {
        var linear = Axes(count: f.count)
        let g = ColumnUnit.standardGravityValue
        for segment in segments {
            for i in segment {
                let world = orientation[i].rotate(f[i])
                linear[i] = Vector3(world.x, world.y, world.z - g)
            }
        }
        return linear
    }

    // MARK: Gyroscope + accelerometer

    /// Madgwick fusion per segment, started from the segment's first still moment (its mean
    /// specific force gives the tilt exactly; heading is set to zero) and run backward to the
    /// segment's start and forward to its end. The gyroscope's zero-rate offset is measured in
    /// the same still moment and removed; a segment without one (a piece of a set after a data
    /// gap, which starts mid-rep) takes the offset of the nearest segment that had one.
    static func fuse(f: Axes, gyro: Axes, rate: Double, segments: [Range<Int>]) -> WorldFrame {
        var orientation = [Quaternion](repeating: .identity, count: f.count)
        var notes: [String] = []
        let dt = 1 / rate
        let template = MadgwickFilter()
        notes.append(String(format: "Madgwick filter, beta %.2f rad/s, accelerometer correction down-weighted when non-gravitational acceleration (| |f|-g | or |w|^2 x %.1f m) exceeds %.2f g", template.beta, template.swingRadius, template.tolerance / ColumnUnit.standardGravityValue))
        let window = max(1, Int((stillDuration * rate).rounded()))
        // Each segment's still moment (or quietest window), its mean specific force and the
        // gyroscope's mean there: the zero-rate offset when the moment was still.
        struct Start { var index: Int; var force: Vector3; var bias: Vector3? }
        let starts: [Start?] = segments.map { segment in
            guard !segment.isEmpty else { return nil }
            let (start, isStill) = stillWindow(f: f, gyro: gyro, in: segment, length: window)
            let end = min(start + window, segment.upperBound)
            var meanForce = Vector3.zero, meanRate = Vector3.zero
            for i in start..<end { meanForce = meanForce + f[i]; meanRate = meanRate + gyro[i] }
            let n = Double(end - start)
            meanRate = meanRate * (1 / n)
            return Start(index: start, force: meanForce * (1 / n),
                         bias: isStill && meanRate.length <= maximumGyroBias ? meanRate : nil)
        }
        // A MEMS gyroscope's zero-rate offset drifts with temperature over minutes, so across a
        // gap of seconds the neighbouring segment's offset is the best estimate there is; left in,
        // 0.02–0.05 rad/s tilts the orientation by 1–3° a second (a hip pull's 0.1–0.3 g is a
        // 6–17° tilt, so its drives' travel read 40–100 % off after a gap).
        let measured = starts.indices.filter { starts[$0]?.bias != nil }
        let biases: [Vector3] = starts.indices.map { k in
            guard starts[k] != nil else { return .zero }
            if let own = starts[k]?.bias { return own }
            let nearest = measured.min { abs($0 - k) < abs($1 - k) || (abs($0 - k) == abs($1 - k) && $0 < $1) }
            return nearest.flatMap { starts[$0]?.bias } ?? .zero
        }
        for (number, segment) in segments.enumerated() {
            guard let first = starts[number] else { continue }
            let start = first.index, meanForce = first.force, bias = biases[number]
            if first.bias == nil {
                notes.append("segment \(number + 1): no still moment; orientation initialised from the quietest \(stillDuration) s"
                             + (bias == .zero ? "" : ", gyroscope offset from the nearest segment with one"))
            }
            let initial = Quaternion.aligning(meanForce, to: Vector3(0, 0, 1))
            // Forward from the still moment.
            var filter = MadgwickFilter()
            filter.q = initial
            for i in start..<segment.upperBound {
                let omega = gyro[i] - bias
                if i > start { filter.update(omega: omega, f: f[i], dt: dt, weight: filter.correctionWeight(f: f[i], omega: omega)) }
                orientation[i] = filter.q
            }
            // Backward to the segment's start: the same filter with time reversed (ω → −ω).
            filter.q = initial
            var i = start - 1
            while i >= segment.lowerBound {
                let omega = (gyro[i + 1] - bias) * -1
                filter.update(omega: omega, f: f[i], dt: dt, weight: filter.correctionWeight(f: f[i], omega: omega))
                orientation[i] = filter.q
                i -= 1
            }
        }
        let corrected = levelOverSwingCycles(&orientation, f: f, rate: rate, segments: segments)
        if corrected > 0 {
            notes.append(String(format: "tilt drift removed over %d segment(s): world-frame specific force low-passed at %.2g Hz held on the vertical", corrected, levellingCutoffHz))
        }
        let linear = linear(f, orientation, segments: segments)
        return WorldFrame(orientation: orientation, linearAcceleration: linear, method: .sensorFusion, notes: notes,
                          gyroBias: biases)
    }

    /// Cut-off of the levelling low-pass, Hz: below the swing's cycle rate (0.5–0.6 Hz for a
    /// 1.7–2 s swing; the vertical motion is at twice that) and above the rate at which
    /// gyroscope errors grow.
    static let levellingCutoffHz = 0.2
    /// Shortest segment that is levelled, s (about one swing cycle: shorter ones have no mean).
    static let levellingMinimumDuration = 2.0

    /// Second stage for continuous swinging, where the gated Madgwick update has no quiet moment
    /// to correct from and gyroscope saturation (±500 deg/s at the bottom of a swing) loses
    /// degrees every rep. The bell's position is bounded, so its acceleration averages to zero
    /// over swing cycles: the world-frame specific force low-passed well below the swing rate
    /// must be g·ẑ. Any slow tilt of that mean is orientation error; each sample's orientation
    /// is turned (about a horizontal axis, heading untouched) so that the low-passed mean is
    /// vertical. Two passes, because the correction changes the mean it was computed from.
    /// - Returns: the number of segments levelled.
    static func levelOverSwingCycles(_ orientation: inout [Quaternion], f: Axes, rate: Double, segments: [Range<Int>]) -> Int {
        let cutoff = levellingCutoffHz
        guard rate / 2 > 2 * cutoff else { return 0 }
        let filter = ZeroPhaseFilter.lowPass(cutoff: cutoff, transitionWidth: cutoff, sampleRate: rate)
        var levelled = 0
        for segment in segments where Double(segment.count) / rate >= levellingMinimumDuration {
            for _ in 0..<2 {
                var x: [Double] = [], y: [Double] = [], z: [Double] = []
                x.reserveCapacity(segment.count); y.reserveCapacity(segment.count); z.reserveCapacity(segment.count)
                for i in segment {
                    let world = orientation[i].rotate(f[i])
                    x.append(world.x); y.append(world.y); z.append(world.z)
                }
                let mx = filter.apply(to: x), my = filter.apply(to: y), mz = filter.apply(to: z)
                for (offset, i) in segment.enumerated() {
                    let mean = Vector3(mx[offset], my[offset], mz[offset])
                    guard mean.length > 0 else { continue }
                    orientation[i] = (Quaternion.aligning(mean, to: Vector3(0, 0, 1)) * orientation[i]).normalized
                }
            }
            levelled += 1
        }
        return levelled
    }

    /// The first window of `length` samples in `segment` where the sensor is still, or the
    /// quietest one. Still: every sample within `stillForceError` of g and under
    /// `stillAngularSpeed`, and (with a gyroscope) the rate steady over the window, each axis's
    /// spread under `maximumStillRateSpread`; failing that, the still window with the steadiest
    /// rate.
    static func stillWindow(f: Axes, gyro: Axes?, in segment: Range<Int>, length: Int) -> (start: Int, still: Bool) {
        guard segment.count > length else { return (segment.lowerBound, false) }
        let g = ColumnUnit.standardGravityValue
        var bestStart = segment.lowerBound
        var bestScore = Double.infinity
        var steadiest: (start: Int, spread: Double)?
        var run = 0
        for i in segment {
            let forceError = abs(f[i].length - g)
            let speed = gyro.map { $0[i].length } ?? 0
            let still = forceError < stillForceError && speed < stillAngularSpeed
            run = still ? run + 1 : 0
            if run >= length {
                let start = i - length + 1
                guard let gyro else { return (start, true) }
                let spread = rateSpread(gyro, in: start...i)
                if spread <= maximumStillRateSpread { return (start, true) }
                if spread < steadiest?.spread ?? .infinity { steadiest = (start, spread) }
            }
            let score = forceError / stillForceError + speed / stillAngularSpeed
            if i + length <= segment.upperBound, score < bestScore { bestScore = score; bestStart = i }
        }
        if let steadiest { return (steadiest.start, true) }
        return (bestStart, false)
    }

    /// Largest spread (standard deviation) of the rate over a still window, rad/s, on any axis.
    /// A MEMS gyroscope at rest reads its offset plus noise of 0.002–0.01 rad/s; a body that has
    /// just stopped (a hip pull's last lockout, a bell set down) still settles at 0.03–0.1 rad/s
    /// for a few tenths of a second, and a window there reads that motion as the offset (0.035
    /// rad/s off on an independently simulated hip pull, its drives after a data gap then 40–100 %
    /// off in travel).
    static let maximumStillRateSpread = 0.02

    /// The largest per-axis standard deviation of `gyro` over `window`, rad/s.
    static func rateSpread(_ gyro: Axes, in window: ClosedRange<Int>) -> Double {
        let n = Double(window.count)
        var sum = Vector3.zero, squares = Vector3.zero
        for i in window {
            let w = gyro[i]
            sum = sum + w
            squares = squares + Vector3(w.x * w.x, w.y * w.y, w.z * w.z)
        }
        let mean = sum * (1 / n)
        let variance = Vector3(squares.x / n - mean.x * mean.x, squares.y / n - mean.y * mean.y, squares.z / n - mean.z * mean.z)
        return max(variance.x, variance.y, variance.z, 0).squareRoot()
    }

    // MARK: Recorded gravity / quaternion

    /// Uses a recorded orientation quaternion when it agrees with the recorded up direction (or
    /// with the mean specific force): either `q` or its conjugate must rotate "up" onto +z, as
    /// apps disagree on which way their quaternion turns.
    ///
    /// With a recorded gravity vector each sample's up direction is compared; with specific force
    /// only, the mean of the rotated specific force is (over any bounded motion the mean
    /// acceleration vanishes, leaving g·ẑ).
    static func fromQuaternions(_ quaternions: [Quaternion], up: Axes, upIsGravity: Bool, f: Axes, segments: [Range<Int>]) -> WorldFrame? {
        // Gravity: the mean per-sample alignment (a vector sum would let a symmetric swing's
        // horizontal errors cancel). Specific force: the alignment of the mean vector.
        var directSum = Vector3.zero, inverseSum = Vector3.zero
        var directAlignment = 0.0, inverseAlignment = 0.0, samples = 0.0
        for segment in segments {
            for i in stride(from: segment.lowerBound, to: segment.upperBound, by: max(1, segment.count / 2000)) {
                let u = up[i]
                let length = u.length
                guard length > 0 else { continue }
                let direct = quaternions[i].rotate(u), inverse = quaternions[i].conjugate.rotate(u)
                directSum = directSum + direct
                inverseSum = inverseSum + inverse
                directAlignment += direct.z / length
                inverseAlignment += inverse.z / length
                samples += 1
            }
        }
        guard samples > 0, directSum.length > 0, inverseSum.length > 0 else { return nil }
        if upIsGravity {
            directAlignment /= samples
            inverseAlignment /= samples
        } else {
            directAlignment = directSum.z / directSum.length
            inverseAlignment = inverseSum.z / inverseSum.length
        }
        guard max(directAlignment, inverseAlignment) > 0.9 else { return nil }
        let (direct, inverse) = (directAlignment, inverseAlignment)
        let orientation = direct >= inverse ? quaternions : quaternions.map(\.conjugate)
        let linear = linear(f, orientation, segments: segments)
        return WorldFrame(orientation: orientation, linearAcceleration: linear, method: .recordedOrientation,
                          notes: ["orientation from the recorded quaternion\(direct >= inverse ? "" : " (conjugated to turn sensor into world)")"])
    }

    /// With a recorded gravity vector (up direction, sensor frame) and a gyroscope: the Madgwick
    /// update with the recorded up direction as its reference, which is clean, so the full
    /// correction applies at every sample (beta 2 rad/s: the estimate follows the phone's gravity
    /// within a few samples while the gyroscope keeps the heading consistent).
    static func fromGravity(up: Axes, gyro: Axes?, f: Axes, rate: Double, segments: [Range<Int>]) -> WorldFrame {
        var orientation = [Quaternion](repeating: .identity, count: f.count)
        var notes: [String] = []
        if let gyro {
            for segment in segments where !segment.isEmpty {
                var filter = MadgwickFilter()
                filter.beta = 2
                filter.q = Quaternion.aligning(up[segment.lowerBound], to: Vector3(0, 0, 1))
                for i in segment {
                    if i > segment.lowerBound { filter.update(omega: gyro[i], f: up[i], dt: 1 / rate, weight: 1) }
                    orientation[i] = filter.q
                }
            }
            notes.append("tilt from the recorded gravity vector, heading from the gyroscope")
        } else {
            for segment in segments { for i in segment { orientation[i] = Quaternion.aligning(up[i], to: Vector3(0, 0, 1)) } }
            notes.append("tilt from the recorded gravity vector; no gyroscope, so the horizontal axes follow the tilt (heading not tracked)")
        }
        let linear = linear(f, orientation, segments: segments)
        return WorldFrame(orientation: orientation, linearAcceleration: linear, method: .recordedOrientation, notes: notes)
    }

    // MARK: Accelerometer alone

    /// Gravity estimated as the zero-phase low-passed specific force (cut-off `cutoffHz`), tilt
    /// from it per sample. Reduced accuracy: in a swing the low-passed specific force still holds
    /// part of the centripetal acceleration, and nothing tracks heading.
    static func accelerometerOnly(f: Axes, rate: Double, segments: [Range<Int>], cutoffHz: Double = 0.3) -> WorldFrame {
        var orientation = [Quaternion](repeating: .identity, count: f.count)
        for segment in segments where !segment.isEmpty {
            // The DSP core's FFT low-pass (zero phase, raised-cosine edge) when the rate allows it.
            var x = Array(f.x[segment]), y = Array(f.y[segment]), z = Array(f.z[segment])
            if rate / 2 > 2 * cutoffHz, segment.count > 8 {
                let filter = ZeroPhaseFilter.lowPass(cutoff: cutoffHz, transitionWidth: cutoffHz, sampleRate: rate)
                x = filter.apply(to: x)
                y = filter.apply(to: y)
                z = filter.apply(to: z)
            }
            for (offset, i) in segment.enumerated() {
                orientation[i] = Quaternion.aligning(Vector3(x[offset], y[offset], z[offset]), to: Vector3(0, 0, 1))
            }
        }
        let linear = linear(f, orientation, segments: segments)
        let note = String(format: "accelerometer only: gravity from the specific force low-passed at %.2g Hz; reduced accuracy (swing accelerations leak into the tilt, heading not tracked)", cutoffHz)
        return WorldFrame(orientation: orientation, linearAcceleration: linear, method: .accelerometerOnly, notes: [note])
    }
}
