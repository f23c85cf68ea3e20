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

    /// Returns the active index ranges inside `segment`, merged across pauses shorter than
    /// `mergeGapS` and keeping only runs of at least `minimumDurationS`.
    static func activeRuns(in trace: MotionTrace, segment: Range<Int>, mergeGapS: Double = 1.5,
                           minimumDurationS: Double = 1.5) -> [Range<Int>] {
        let fs = trace.sampleRate
        let a = trace.linearAcceleration
        let squared = segment.map { i in a.x[i] * a.x[i] + a.y[i] * a.y[i] + a.z[i] * a.z[i] }
        let window = max(1, Int(fs.rounded()))
        let meanSquare = SignalMath.movingAverage(squared, window: window)
        let threshold = activityThreshold * activityThreshold
        var runs: [Range<Int>] = []
        var start: Int?
        for (k, value) in meanSquare.enumerated() {
            if value > threshold {
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
