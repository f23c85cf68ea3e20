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
        if useRotation, let w = trace.angularVelocity {
            let rotation = segment.map { i in w.x[i] * w.x[i] + w.y[i] * w.y[i] + w.z[i] * w.z[i] }
            rotationMeanSquare = SignalMath.movingAverage(rotation, window: window)
        } else if useRotation, segment.count > 2 {
            // No gyroscope: a sensor that turns at ω turns gravity in its own frame at g·ω, so
            // the rate of change of the slow specific force (a quarter second average, which
            // keeps a rep's rhythm and drops sensor noise to a few hundredths of m/s²) measures
            // rotation too, against the same threshold times g.
            let f = trace.specificForce
            let smoothing = max(1, Int((0.25 * fs).rounded()))
            let slow = [f.x, f.y, f.z].map { axis in SignalMath.movingAverage(segment.map { axis[$0] }, window: smoothing) }
            let step = max(1, Int((0.05 * fs).rounded()))
            let turning = (0..<segment.count).map { k -> Double in
                let lo = max(0, k - step), hi = min(segment.count - 1, k + step)
                guard hi > lo else { return 0 }
                let dt = Double(hi - lo) / fs
                return slow.reduce(0.0) { sum, axis in let d = (axis[hi] - axis[lo]) / dt; return sum + d * d }
            }
            rotationMeanSquare = SignalMath.movingAverage(turning, window: window)
            let g = 9.80665
            rotationLimit *= g * g
        }
        var runs: [Range<Int>] = []
        var start: Int?
        for (k, value) in meanSquare.enumerated() {
            if value > threshold || (rotationMeanSquare.map { $0[k] > rotationLimit } ?? false) {
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
