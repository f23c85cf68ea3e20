import Foundation
import HipDriveRecordings

extension MotionRepFinder {
    /// Gyroscope traces: not yet re-estimated per rep (nil keeps the trace's orientation).
    func gyroRepWorldAcceleration(samples: ClosedRange<Int>, start: Double, end: Double) -> Axes? { nil }
}
