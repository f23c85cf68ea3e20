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
        let sensor: Axes?
        if trace.angularVelocity != nil {
            sensor = gyroRepWorldAcceleration(samples: samples, start: start, end: end)
        } else {
            sensor = accelerometerOnlyRepWorldAcceleration(samples: samples, start: start, end: end)
        }
        // wrist → bell: a wrist sensor's acceleration becomes the bell's through the set's lever
        // (WristToBell.swift), with the same orientation as the wrist's own.
        if let gyro = trace.angularVelocity,
           let lever = WristToBell.lever(for: samples, among: wristLevers) {
            let wrist = sensor ?? Axes(x: Array(trace.linearAcceleration.x[samples]), y: Array(trace.linearAcceleration.y[samples]),
                                       z: Array(trace.linearAcceleration.z[samples]))
            return WristToBell.bellAcceleration(wristAcceleration: wrist, orientation: Array(trace.orientation[samples]),
                                                angularVelocity: gyro, samples: samples, sampleRate: trace.sampleRate,
                                                lever: lever.direction * WristToBell.leverLengthM(massKg: wristMassKg))
        }
        return sensor
    }
}
