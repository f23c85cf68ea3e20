import Foundation
import HipDriveRecordings

extension MotionRepFinder {
    /// Accelerometer-only traces: not yet re-estimated per rep (nil keeps the trace's orientation).
    func accelerometerOnlyRepWorldAcceleration(samples: ClosedRange<Int>, start: Double, end: Double) -> Axes? { nil }
}
