import Foundation
import HipDriveRecordings

/// Finds the stretches of a motion trace where something moves (sets, but also the hike, the
/// park and fidgeting: the rep finder decides which cycles are reps).
enum ActivityDetector {
    /// Motion counts as activity when the RMS of the world-frame linear acceleration over one
    /// second exceeds this, m/s². A swing or hip pull moves the sensor at several m/s² RMS; a
    /// sensor at rest shows its noise (below 0.3 m/s² for phone-grade IMUs), so 1 m/s² (0.1 g)
    /// sits well between the two.
    static let activityThreshold = 1.0

    /// A slow movement can stay below `activityThreshold` and still be a rep: a fatigued banded
    /// hip pull moves the hips 0.15–0.2 m in 1.2–1.5 s, about 0.5 m/s² RMS. What it cannot do
    /// without is turning the pelvis: the hinge pitches it 25–50° each half-cycle, an RMS rate
    /// of 0.3 rad/s and more, while someone standing (breathing, shifting weight) turns a belt
    /// sensor by a few degrees per second. With a gyroscope, 0.2 rad/s (11°/s) RMS over one
    /// second also counts as activity where the caller asks for it.
    static let rotationThreshold = 0.2

    /// The lowest threshold a recording's own quiet level can bring the slow linear-acceleration
    /// test down to, m/s² RMS (acceleration averaged over a quarter second): a phone-grade
    /// accelerometer's noise at rest (≤ 0.1 m/s² at 100 Hz) averages down to ≤ 0.03 m/s² there,
    /// and a standing body's sway stays under 0.1 m/s².
    static let minimumActivityThreshold = 0.15

    /// The same floor for the rotation test, rad/s RMS: a belt sensor on someone standing turns
    /// by a few degrees per second as they breathe and shift their weight.
    static let minimumRotationThreshold = 0.06

    /// How far above the recording's quiet level motion must rise to count, as a ratio of RMS
    /// values. A sensor at rest shows its noise and the standing body's sway; a set moves it
    /// several times more.
    static let quietLevelRatio = 4.0

    /// A threshold (on a mean square) from a recording's own quiet level: `quietLevelRatio`
    /// times the RMS of its quietest tenth, never below `floor` (an RMS). A recording with no
    /// quiet part gets a high value here, and the caller keeps its fixed threshold.
    static func quietLevelThreshold(_ meanSquare: [Double], floor: Double) -> Double {
        guard meanSquare.count > 10 else { return .infinity }
        // The 10th percentile of an evenly spread subsample (at most about 4,000 values: a
        // percentile needs no more, and sorting a 30-minute recording's every sample costs more
        // than the test itself).
        let step = max(1, meanSquare.count / 4000)
        let sample = stride(from: 0, to: meanSquare.count, by: step).map { meanSquare[$0] }.sorted()
        let quiet = sample[sample.count / 10]
        return max(floor * floor, quietLevelRatio * quietLevelRatio * quiet)
    }

    /// Where the sensor-frame specific force varies at the pace of reps, one flag per sample of
    /// `segment`.
    ///
    /// The specific force, not the fused linear acceleration: a fusion filter reads part of a
    /// slow, small acceleration as tilt and takes it out, while a turn of the sensor (the pelvis
    /// pitching) moves gravity between the axes, which is motion too. Reps live below a few hertz
    /// and a sensor's noise spreads up to the Nyquist rate, so the force is first averaged over a
    /// quarter second (first null at 4 Hz). Its variation is then measured over 3 s, a whole rep
    /// at 20 reps/min (within a slow rep the acceleration peaks at the turnaround and at lockout
    /// and vanishes in between), as the variance about that window's own mean: a posture held
    /// for the window (standing, or a tilt the sensor was strapped on with) adds nothing.
    /// `slowForce`: the segment's specific force per axis averaged over a quarter second
    /// (`quarterSecondForce`).
    static func slowMotion(_ slowForce: [[Double]], sampleRate fs: Double, fixedThreshold: Double) -> [Bool] {
        let window = max(1, Int((3 * fs).rounded()))
        var variance = [Double](repeating: 0, count: slowForce.first?.count ?? 0)
        for slow in slowForce {
            let mean = SignalMath.movingAverage(slow, window: window)
            let meanSquare = SignalMath.movingAverage(slow.map { $0 * $0 }, window: window)
            for k in variance.indices { variance[k] += max(0, meanSquare[k] - mean[k] * mean[k]) }
        }
        let threshold = min(fixedThreshold, quietLevelThreshold(variance, floor: minimumActivityThreshold))
        if MotionRepFinder.debug {
            let sorted = variance.sorted()
            print("activity: slow RMS quiet", sorted[sorted.count / 10].squareRoot(), "median",
                  sorted[sorted.count / 2].squareRoot(), "threshold", threshold.squareRoot())
        }
        // The 3 s window reaches 1.5 s either side of a sample: trimmed by that, a stretch found
        // this way holds only samples whose whole window moved, so it fills a slow set without
        // reaching into the stillness (or the walk-in) around it, where the 1 s tests decide
        // (trimmed by 1 s only, a piece before a data gap took in a stop of the walk-in and lost
        // the rep the gap cut: HipPullGapTests).
        return eroded(variance.map { $0 > threshold }, by: Int((1.5 * fs).rounded()))
    }

    /// The specific force of `segment`, each axis averaged over a quarter second: a rep's rhythm
    /// stays, sensor noise drops to a few hundredths of m/s².
    static func quarterSecondForce(_ trace: MotionTrace, segment: Range<Int>) -> [[Double]] {
        let smoothing = max(1, Int((0.25 * trace.sampleRate).rounded()))
        let f = trace.specificForce
        return [f.x, f.y, f.z].map { axis in SignalMath.movingAverage(segment.map { axis[$0] }, window: smoothing) }
    }

    /// `flags` with every true stretch shortened by `radius` samples at each end (a stretch of
    /// 2·radius samples or fewer vanishes).
    static func eroded(_ flags: [Bool], by radius: Int) -> [Bool] {
        var out = [Bool](repeating: false, count: flags.count)
        var start: Int?
        for k in 0...flags.count {
            if k < flags.count, flags[k] {
                if start == nil { start = k }
            } else if let s = start {
                let from = s == 0 ? 0 : s + radius, to = k == flags.count ? k : k - radius
                if from < to { for j in from..<to { out[j] = true } }
                start = nil
            }
        }
        return out
    }

    /// Returns the active index ranges inside `segment`, merged across pauses shorter than
    /// `mergeGapS` and keeping only runs of at least `minimumDurationS`. With `useRotation`
    /// and a gyroscope, rotation above `rotationThreshold` counts as activity too.
    static func activeRuns(in trace: MotionTrace, segment: Range<Int>, mergeGapS: Double = 1.5,
                           minimumDurationS: Double = 1.5, useRotation: Bool = false) -> [Range<Int>] {
        let fs = trace.sampleRate
        let a = trace.linearAcceleration
        let squared = segment.map { i in a.x[i] * a.x[i] + a.y[i] * a.y[i] + a.z[i] * a.z[i] }
        let window = max(1, Int(fs.rounded()))
        let meanSquare = SignalMath.movingAverage(squared, window: window)
        let threshold = activityThreshold * activityThreshold
        var rotationMeanSquare: [Double]?
        var rotationLimit = rotationThreshold * rotationThreshold
        // The quarter-second force, shared by the no-gyroscope rotation test and the slow-motion
        // test (hip pulls only).
        let slow = useRotation && segment.count > 2 ? quarterSecondForce(trace, segment: segment) : []
        if useRotation, let w = trace.angularVelocity {
            let rotation = segment.map { i in w.x[i] * w.x[i] + w.y[i] * w.y[i] + w.z[i] * w.z[i] }
            rotationMeanSquare = SignalMath.movingAverage(rotation, window: window)
        } else if useRotation, segment.count > 2 {
            // No gyroscope: a sensor that turns at ω turns gravity in its own frame at g·ω, so
            // the rate of change of the slow specific force (a quarter second average, which
            // keeps a rep's rhythm and drops sensor noise to a few hundredths of m/s²) measures
            // rotation too, against the same threshold times g.
            let step = max(1, Int((0.05 * fs).rounded()))
            let turning = (0..<segment.count).map { k -> Double in
                let lo = max(0, k - step), hi = min(segment.count - 1, k + step)
                guard hi > lo else { return 0 }
                let dt = Double(hi - lo) / fs
                return slow.reduce(0.0) { sum, axis in let d = (axis[hi] - axis[lo]) / dt; return sum + d * d }
            }
            rotationMeanSquare = SignalMath.movingAverage(turning, window: window)
            rotationLimit *= standardGravity * standardGravity
        }

        var slowActive: [Bool]?
        if useRotation {
            // A hip pull can be slower and shallower than the fixed thresholds assume: 0.2 m of
            // travel at 20 reps/min is 0.2–0.5 m/s² RMS, and a hinge that turns the pelvis by only
            // 10–20° stays under 0.2 rad/s RMS. Two more tests, each against the recording's own
            // quiet stretches (`quietLevelThreshold`), catch such sets.
            if let rotation = rotationMeanSquare {
                let floor = trace.angularVelocity != nil ? minimumRotationThreshold : minimumRotationThreshold * standardGravity
                rotationLimit = min(rotationLimit, quietLevelThreshold(rotation, floor: floor))
            }
            if !slow.isEmpty { slowActive = slowMotion(slow, sampleRate: fs, fixedThreshold: threshold) }
        }
        var runs: [Range<Int>] = []
        var start: Int?
        for (k, value) in meanSquare.enumerated() {
            if value > threshold || (rotationMeanSquare.map { $0[k] > rotationLimit } ?? false)
                || (slowActive?[k] ?? false) {
                if start == nil { start = k }
            } else if let s = start {
                runs.append((segment.lowerBound + s)..<(segment.lowerBound + k))
                start = nil
            }
        }
        if let s = start { runs.append((segment.lowerBound + s)..<segment.upperBound) }
        var merged: [Range<Int>] = []
        let mergeGap = Int(mergeGapS * fs)
        for run in runs {
            if let last = merged.last, run.lowerBound - last.upperBound <= mergeGap {
                merged[merged.count - 1] = last.lowerBound..<run.upperBound
            } else {
                merged.append(run)
            }
        }
        let minimum = Int(minimumDurationS * fs)
        return merged.filter { $0.count >= minimum }
    }
}
