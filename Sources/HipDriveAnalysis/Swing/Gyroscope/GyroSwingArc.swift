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
//
// Nor must a tired swing float, once full swings have come before it in the same run: after a
// breakdown the independent simulator's bell (centre of mass, 16 kg, turning in the grip) swung
// only 53–56° per drive and its load stayed above 0.73 g (the arm reaching some 40° in front),
// yet it still rose 0.43 m above the bottom of its arc, in the set's rhythm; the set's last five
// reps were lost (seed 603 session 60300008: 3 of 8). Such a drive must continue the set: the
// cycle before it was a rep, and its own cycle keeps the set's rhythm (0.75–1.5 of the period);
// walking off after a set swings a forearm through 40–60° at the steps' quicker pace (without
// those two conditions 22 of 1 430 independent sessions gained reps, mostly watches). A deadlift
// set never follows full swings within one run: the kettlebox deadlift files turn under 45° per
// half-cycle from the start.

extension MotionRepFinder {
    /// Least drive arc of a swing whose cycle floats, rad (40°): a swing still carries the bell
    /// from between the legs (20° or more behind vertical) to a float in front of the hips; a
    /// drive that turns the sensor less is a fidget or a shrug, whatever its load.
    static let minimumFloatingSwingArcRad = 40 * Double.pi / 180

    /// True when a gyroscope swing drive turned the sensor like a swing: by `minimumSwingArcRad`,
    /// or by `minimumFloatingSwingArcRad` in a cycle whose load dropped below the float bound.
    /// `start` and `end` are the cycle's span-local turnarounds, `spanStart` the span's start.
    /// `firstCycle`: the run's first cycle, which must sweep `minimumSwingArcRad`.
    /// `afterFullSwings`: an earlier drive of the run swept `minimumSwingArcRad` and this cycle
    /// continues the set (the cycle before it was a rep, its own keeps the rhythm); a shorter
    /// drive then counts without floating.
    func gyroDriveSweepsLikeASwing(_ driveAngle: Double, start: Int, end: Int, spanStart: Int, firstCycle: Bool,
                                   afterFullSwings: Bool = false) -> Bool {
        if driveAngle >= Self.minimumSwingArcRad { return true }
        guard !firstCycle, driveAngle >= Self.minimumFloatingSwingArcRad, start < end else { return false }
        if afterFullSwings { return true }
        let lightest = specificForceMagnitude(span: (spanStart + start)..<(spanStart + end)).min() ?? .infinity
        return lightest < floatLoadBound
    }
}
