import Foundation
import HipDriveRecordings

// Swing with a gyroscope: how far a drive must turn the sensor to be a swing.
//
// `minimumSwingArcRad` (60°) separates swings from kettlebell deadlifts by the sensor's rotation
// alone. A sensor on the bell turns with the bell, not with the arm, and a bell that turns in the
// grip lags the arm: after a breakdown, swings that still float the bell 0.4 m above the bottom
// of its arc turned a bell sensor by only 53–59° per drive (independent simulator, bell turning
// in the grip, sensor on the ball's side), and the set's last four reps were lost. What a
// deadlift never does is float: the arms hang and the bell is lifted and lowered, so the load on
// the sensor stays near 1 g, while a swing's bell flies on its own momentum past 50° in front
// and unloads below g·cos 50° (the float bound the accelerometer-only counter uses). So a drive
// between `minimumFloatingSwingArcRad` and `minimumSwingArcRad` counts when its cycle floats,
// unless it is the run's first cycle: out of the hike an athlete may rock the bell forward and
// back once to build momentum before the first full swing (real one-hand 8 kg recording
// `swing_right_1`, 0.7 s: a 40–60° forward swing that unloads to 0.3 g), and that is not a rep.
// A shorter arc is only read as a tired swing when full swings came before it.

extension MotionRepFinder {
    /// Least drive arc of a swing whose cycle floats, rad (40°): a swing still carries the bell
    /// from between the legs (20° or more behind vertical) to a float in front of the hips; a
    /// drive that turns the sensor less is a fidget or a shrug, whatever its load.
    static let minimumFloatingSwingArcRad = 40 * Double.pi / 180

    /// True when a gyroscope swing drive turned the sensor like a swing: by `minimumSwingArcRad`,
    /// or by `minimumFloatingSwingArcRad` in a cycle whose load dropped below the float bound.
    /// `start` and `end` are the cycle's span-local turnarounds, `spanStart` the span's start.
    /// `firstCycle`: the run's first cycle, which must sweep `minimumSwingArcRad`.
    func gyroDriveSweepsLikeASwing(_ driveAngle: Double, start: Int, end: Int, spanStart: Int, firstCycle: Bool) -> Bool {
        if driveAngle >= Self.minimumSwingArcRad { return true }
        guard !firstCycle, driveAngle >= Self.minimumFloatingSwingArcRad, start < end else { return false }
        let lightest = specificForceMagnitude(span: (spanStart + start)..<(spanStart + end)).min() ?? .infinity
        return lightest < floatLoadBound
    }
}
