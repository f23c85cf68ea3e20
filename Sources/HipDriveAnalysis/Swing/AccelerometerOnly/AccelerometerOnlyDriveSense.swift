import Foundation
import HipDriveRecordings

// Accelerometer-only swings: every rep of a set turns the same way.
//
// Each rep's attitude comes from its own planar pendulum fit (AccelerometerOnlyKinematics.swift),
// started from a grid of one-cycle swings of either sense of rotation. On a fast swing the model
// leaves a large residual (an American swing's 5–7 g bottom passes, the bell turning in the grip,
// the shoulder riding the hinge), and a rep can then hold two fits of nearly the same cost that
// turn opposite ways: HipDrive's own simulator, validate seed 3, session 683775342 (American,
// two hands, handle sensor), second rep of each set: costs within 0.2 % of each other, one
// turning the bell through 335° like its neighbours (324°, 364°), the other through 229° the other
// way, which read the rep's work as 58 J instead of 196 J. The cost cannot choose between them;
// the physics can: the sensor is fixed to the bell (or the forearm), the athlete faces one way,
// and so the drive turns the sensor about the same axis, in the same sense, on every rep of the
// set. A rep whose fit turned against the sense most of its set's reps turned is fitted again
// among the fits that turn with it (`PlanarSwingFit.fit(driveSense:)`), and keeps its first fit
// only when it has none.

extension MotionRepFinder {
    /// The least share of a run's fitted reps that must turn one way for that way to be the
    /// run's: two thirds. A set whose fits split more evenly has no sense to enforce (too few
    /// reps, or a sensor that turned on its mount), and its reps keep their own fits.
    static let driveSenseMajority = 2.0 / 3.0

    /// The run's drive sense from its reps' fits: the mean of their drive axes when at least
    /// three reps were fitted and `driveSenseMajority` of them turn within 90° of it; nil otherwise.
    static func runDriveSense(_ axes: [Vector3]) -> Vector3? {
        guard axes.count >= 3 else { return nil }
        let sum = axes.reduce(Vector3(0, 0, 0)) { $0 + $1 }
        guard sum.dot(sum) > 0 else { return nil }
        let sense = sum.normalized
        let agreeing = axes.filter { $0.dot(sense) > 0 }.count
        return Double(agreeing) >= driveSenseMajority * Double(axes.count) ? sense : nil
    }

    /// `reps` (one accelerometer-only swing run, local span starting at `spanStart`) with each rep
    /// whose fit turned against the run's drive sense integrated again from a fit that turns with
    /// it; the rep's counting and acceptance flags are kept. Reps without a fit, and runs without
    /// a clear sense, are returned as they are.
    func acceptingTheRunsDriveSense(_ reps: [MotionRep], spanStart: Int, horizontal: HorizontalAxes,
                                    forward: [Double], lateral: [Double], vertical: [Double]) -> [MotionRep] {
        guard exercise == .swing, trace.angularVelocity == nil,
              let sense = Self.runDriveSense(reps.compactMap(\.accelerometerOnlyDriveAxis)) else { return reps }
        var refit = self
        refit.accelerometerOnlyDriveSense = sense
        return reps.map { rep in
            guard let axis = rep.accelerometerOnlyDriveAxis, axis.dot(sense) <= 0,
                  let first = rep.positions.first, let last = rep.positions.last,
                  var again = refit.integrateRep(start: first - Double(spanStart), end: last - Double(spanStart),
                                                 downLocal: Int((rep.apexPosition - Double(spanStart)).rounded()),
                                                 spanStart: spanStart, horizontal: horizontal, closesLoop: rep.closesLoop,
                                                 forward: forward, lateral: lateral, vertical: vertical,
                                                 period: rep.runPeriodS),
                  again.accelerometerOnlyDriveAxis.map({ $0.dot(sense) > 0 }) ?? false
            else { return rep }
            if Self.debug {
                print("accelerometer-only rep", first / trace.sampleRate, "fitted again turning with its set: float",
                      rep.floatHeight, "→", again.floatHeight, "m")
            }
            again.swingAngle = rep.swingAngle
            again.floats = rep.floats
            again.referenceStrokeM = rep.referenceStrokeM
            again.standingLockout = rep.standingLockout
            again.pelvisStop = rep.pelvisStop
            return again
        }
    }
}
