import Foundation
import HipDriveRecordings

/// The world frame's horizontal axes for one run: forward is the direction from the turnaround
/// to the apex (unit vector in world x–y), lateral is forward turned 90° about +z.
struct HorizontalAxes {
    var forwardX: Double
    var forwardY: Double
}

// Per-rep orientation: a second look at the sensor-to-world rotation within one rep, using what
// the rep itself guarantees (the bell is at rest at both turnarounds).
extension MotionRepFinder {
    /// World-frame linear acceleration (gravity removed, m/s², heading as in the trace) for the
    /// absolute sample indices `samples` of one rep whose turnaround and end lie at the
    /// fractional absolute positions `start` and `end`; nil keeps the trace's own.
    func repWorldAcceleration(samples: ClosedRange<Int>, start: Double, end: Double) -> Axes? {
        if trace.angularVelocity != nil {
            // Swings only: validated there (the bell turns through 180° a rep and the fused tilt
            // errs most); a belt sensor on a hip pull barely rotates and keeps the fused frame.
            return exercise == .swing ? gyroRepWorldAcceleration(samples: samples, start: start, end: end) : nil
        }
        return accelerometerOnlyRepWorldAcceleration(samples: samples, start: start, end: end)
    }
}
