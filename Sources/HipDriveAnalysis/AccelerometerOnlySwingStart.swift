import Foundation
import HipDriveRecordings

// Accelerometer-only swing: a float's drive starts at a turnaround, not from rest.
//
// A rep is backswing turnaround → drive → float → fall → next turnaround. The hike is not: the
// bell stands on the floor (the sensor reads 1 g, flat), the athlete pulls it back between the
// legs (a bottom pass of sorts, 1.1–1.3 g) and it slows behind the legs into the first
// turnaround. That slowing dips |f| below 1 g for a few tenths of a second, and averaged over a
// third of a period, with the rest on one side, it looks like a float: near it the hands carry
// less than the bell's weight, a pass lies before it (the hike's) and one after (the first
// drive's). Counted as a float it put the set's first "turnaround" at rest and the hike became a
// rep (independent simulator, bell without gyroscope: 2 of 15–19 sessions in each of four runs).
//
// What the hike lacks is a turnaround before its pass. A real float's drive begins where the
// bell reverses behind the legs, between the fall's (or the hike's) bottom pass and the drive's:
// there the arm's centripetal load vanishes, and |f| drops sharply below the passes on both
// sides (0.4–3 g below them in every swing, fresh or tired, rigid bell or turning in the grip).
// Before the hike's pass there is only rest, whose |f| wobbles by the sensor's noise (0.003–0.015
// g rms, less after the 50 ms average).

extension MotionRepFinder {
    /// Least depth of a turnaround's |f| dip below the lower of its two flanking peaks (each
    /// within a fifth of a period), m/s² (0.1 g): at the stop the centripetal load of the passes
    /// either side (at least 0.25 g, `bottomPassSpecificForce` − g) is gone, while the smoothed
    /// |f| of a bell at rest, or held still, wobbles by a few hundredths of a g.
    static let turnaroundDipDepth = 0.1 * standardGravity

    /// True when |f| (`magnitude`, the span's 50 ms average, local indices) shows a turnaround
    /// where the drive into the float at local index `float` must have started: a minimum at
    /// least `turnaroundDipDepth` below both flanking peaks, between 0.8 and 0.25 of a period
    /// before the float (the drive from the turnaround to the float takes 0.4–0.7 of a period,
    /// see `accelerometerOnlySwingPhases`). A window cut by the start of the measured data (a gap,
    /// the recording's start) is not judged.
    func driveStartsAtTurnaround(float: Int, magnitude: [Double], periodSamples: Double) -> Bool {
        let from = float - Int(0.8 * periodSamples), to = min(float - Int(0.25 * periodSamples), magnitude.count - 2)
        guard from > 0, to > from else { return true }
        return hasTurnaroundDip(from: from, to: to, magnitude: magnitude, periodSamples: periodSamples)
    }

    /// The mirror of `driveStartsAtTurnaround`: the fall from a float ends at a turnaround, a
    /// `turnaroundDipDepth` minimum 0.25–0.8 of a period after the float, from which the bell
    /// swings forward again (the next drive, or the park's swing). The park's own forward swing
    /// can rise past 50° and be lowered to the floor with a catch of 1.5 g, a "float" between
    /// two passes; but after the set-down the bell rests, |f| flat at 1 g, and no turnaround
    /// follows (validate seed 2, session 99817499: counted as a 14th rep of 13 without this
    /// test, once floats were judged before their spacing). A window cut by the end of the
    /// measured data is not judged.
    func fallEndsAtTurnaround(float: Int, magnitude: [Double], periodSamples: Double) -> Bool {
        let from = max(1, float + Int(0.25 * periodSamples)), to = float + Int(0.8 * periodSamples)
        guard to < magnitude.count - 1, to > from else { return true }
        return hasTurnaroundDip(from: from, to: to, magnitude: magnitude, periodSamples: periodSamples)
    }

    /// True when |f| has a minimum in `from...to` (local indices, within `magnitude`'s bounds)
    /// at least `turnaroundDipDepth` below the lower of its flanking peaks within a fifth of a period.
    func hasTurnaroundDip(from: Int, to: Int, magnitude: [Double], periodSamples: Double) -> Bool {
        let flank = max(1, Int(0.2 * periodSamples))
        for i in from...to where magnitude[i] <= magnitude[i - 1] && magnitude[i] < magnitude[i + 1] {
            let left = magnitude[max(0, i - flank)...i].max() ?? 0
            let right = magnitude[i...min(magnitude.count - 1, i + flank)].max() ?? 0
            if min(left, right) - magnitude[i] >= Self.turnaroundDipDepth { return true }
        }
        return false
    }
}
