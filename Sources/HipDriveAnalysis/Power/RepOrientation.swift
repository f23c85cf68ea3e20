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
    /// fractional absolute positions `start` and `end`; nil keeps the trace's own. Accelerometer
    /// alone, also the axis the rep's pendulum fit turned about in its drive.
    func repWorldAcceleration(samples: ClosedRange<Int>, start: Double, end: Double) -> (acceleration: Axes, driveAxis: Vector3?)? {
        let sensor: Axes?
        var orientation: [Quaternion]?
        if trace.angularVelocity != nil {
            // Swings only: validated there (the bell turns through 180° a rep and the fused tilt
            // errs most); a belt sensor on a hip pull barely rotates and keeps the fused frame.
            let frame = exercise == .swing ? gyroRepFrame(samples: samples, start: start, end: end) : nil
            sensor = frame?.acceleration
            orientation = frame?.orientation
        } else if sensorOnWrist, exercise == .swing,
                  let bell = accelerometerOnlyWristBellAcceleration(samples: samples, start: start, end: end) {
            // wrist → bell without a gyroscope: the arm's rotation from the rep's pendulum fit
            // (WristToBellAccelerometerOnly.swift); already the bell's, no lever below.
            return (bell.acceleration, bell.driveAxis)
        } else if !sensorOnWrist, exercise == .swing, trace.angularVelocity == nil,
                  let lever = WristToBell.lever(for: samples, among: bellLevers.map(\.asArmLever)),
                  let bell = accelerometerOnlyHandleBellAcceleration(samples: samples, start: start, end: end,
                                                                     lever: lever.direction * bellLeverLengthM) {
            // handle → centre of mass without a gyroscope: the lever turned by the rep's fitted
            // attitude (BellHandleLever.swift); already the centre of mass's.
            return (bell.acceleration, bell.driveAxis)
        } else if let fitted = accelerometerOnlyRepWorldAcceleration(samples: samples, start: start, end: end) {
            return (fitted.acceleration, fitted.driveAxis)
        } else {
            sensor = nil
        }
        // wrist → bell: a wrist sensor's acceleration becomes the bell's through the set's lever
        // (WristToBell.swift), with the same orientation as the wrist's own (the rep's strapdown
        // one where it was made).
        // handle → bell's centre of mass (BellHandleLever.swift): the same rigid-body transfer,
        // exact here since the sensor turns with the bell.
        let leverLength = sensorOnWrist ? WristToBell.leverLengthM(massKg: wristMassKg) : bellLeverLengthM
        if let gyro = trace.angularVelocity,
           let lever = WristToBell.lever(for: samples, among: sensorOnWrist ? wristLevers : bellLevers.map(\.asArmLever)) {
            let wrist = sensor ?? Axes(x: Array(trace.linearAcceleration.x[samples]), y: Array(trace.linearAcceleration.y[samples]),
                                       z: Array(trace.linearAcceleration.z[samples]))
            let bell = WristToBell.bellAcceleration(wristAcceleration: wrist, orientation: orientation ?? Array(trace.orientation[samples]),
                                                angularVelocity: gyro, samples: samples, sampleRate: trace.sampleRate,
                                                lever: sensorOnWrist ? lever.vector(length: leverLength) : lever.direction * leverLength)
            return (bell, nil)
        }
        return sensor.map { ($0, nil) }
    }
}
