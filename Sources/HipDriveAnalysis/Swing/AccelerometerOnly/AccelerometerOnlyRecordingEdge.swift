import Foundation
import HipDriveRecordings

// Accelerometer-only swings at the recording's edges: the pick-up is no rep, the last reps before
// a recording cut in the park are.
//
// Real recordings are cropped: many begin when the athlete grabs the bell. Tipping the bell off
// its base towards the athlete lets it drop for a moment, and the specific force dips to a
// float's (0.3–0.4 g, kettlebox swing_right_0 at 0.39 s and swing_right_1 at 1.3 s), after which
// the hike swings it back between the legs through a pass and into the hike's turnaround, just
// as a rep's float falls into its turnaround. Two things then made a rep of the pick-up:
// * the dip was taken for the return of a rep whose turnaround and drive lay before the
//   recording (`accelerometerOnlyGapReps`, its `endOfRepAfterGap`: a recording cropped in the
//   middle of a set starts so), and a rep was printed with its turnaround before the first
//   sample (swing_right_0: at −0.55 s);
// * the dip was taken for a first float whose drive had started at the bell resting on the
//   floor before it (`restsFromSpanStart`, swing_right_1).
// A float is told from such a dip by the bottom pass whose momentum carried the bell up to it
// (`accelerometerOnlySwingPhases`); when that pass was not measured, only the fall is left to
// judge. The fall mirrors the rise: from the top of a pendulum arc at θ the bell
// reaches the bottom with v² = 2·g·r·(1 − cos θ), a centripetal load v²/r = 2g·(1 − cos θ), so
// the fall's pass carries the float's height. A rep of a set, whose drive happened before the
// recording started (a recording cropped in the middle of a set), floats about as high as the
// reps after it (fatigue lowers the floats over a set; it does not raise the next ones), so its
// fall passes the bottom with about their centripetal load. The hike's pass, after the pick-up,
// carries about half of it (kettlebox: 2.2 g against the set's 3.1–3.3 g) or less (the
// independent simulator's hikes: 1.3–1.5 g against 2.3–4.8 g). With no drive measured, the hike's
// own stop behind the legs (g·cos θ down to 0.5 g, `hikeStopLoad`) is not ruled out either, so
// such a float must lie below it. Both apply at the recording's start only: after a data gap
// inside the recording the set was already going before the gap, and the float after it is a
// rep's however low (the set's first rep after the hike floats lower than the next ones:
// AccelerometerOnlyLastRepAndGapTests, a gap over the first rep's turnaround).
//
// At the recording's end (a recording cut in the park) a pass window that runs past the data is
// judged on its measured part when that holds the pass (`floatPassMeasuredShare`), and a low
// swing whose next drive the end cuts off still counts (`lowSwingReturns`).

extension MotionRepFinder {
    /// Least share of the centripetal load (|f| − g at the bottom pass) of the falls of the reps
    /// that follow, which the fall of a float whose drive was not measured must carry to be a
    /// rep's return (see the top of this file): the float reached at least about half the
    /// following floats' height above the bottom, (1 − cos θ) at three quarters. Rep-to-rep
    /// scatter of a float's height is 5–15 %, and past the set's first rep the floats only come
    /// down as a set goes on, while the pick-up's dip falls through the hike's pass at 0.49–0.55
    /// of the set's (kettlebox) and a fifth to a half (independent simulator, HipDrive's own).
    static let unmeasuredDriveFallShare = 0.75

    /// How far after a float its fall's bottom pass lies at most, in rep periods (0.6): the fall's
    /// pass comes a quarter to a third of a period after the float, ahead of the turnaround
    /// (about half a period after it). A float nearer than this to the recording's end (or a gap)
    /// may have had its fall's pass outside the data, and that side is not judged; a float
    /// further in had it measured, and the measured part of the window is judged. (The whole
    /// window, `accelerometerOnlySwingPhases`'s three quarters of a period, left a last low swing
    /// 1.7 s before the end unjudged, so it could not pass as a low swing, and the set's last two
    /// reps were lost: independent simulator, a wrist session cut 0.4 s after its last
    /// turnaround.) The drive's side keeps the whole window: before a run the span holds one
    /// second of the recording only, and a hike's stop judged on that part passed for a float
    /// (validate seed 2, session 562786809, AccelerometerOnlyCountingTests).
    static let floatPassMeasuredShare = 0.6

    /// True when the fall after a float whose drive was not measured passed the bottom like the
    /// falls of the reps after it (see the top of this file). `fallPass` is the peak |f| between
    /// the float and the turnaround it fell into, m/s² (`peakSpecificForce`); `followingFalls`
    /// the same for the next reps (up to three), whose median is the reference. Without any
    /// following fall there is nothing to compare with and the float keeps its standing.
    func unmeasuredDriveFloatFallsLikeSet(fallPass: Double, followingFalls: [Double]) -> Bool {
        guard let reference = SignalMath.median(Array(followingFalls.prefix(3))), reference > standardGravity else { return true }
        let share = (fallPass - standardGravity) / (reference - standardGravity)
        if Self.debug {
            print("accelerometer-only float with its drive unmeasured: fall pass", fallPass / standardGravity,
                  "g, following falls", reference / standardGravity, "g, centripetal share", share)
        }
        return share >= Self.unmeasuredDriveFallShare
    }

    /// True when a span starting at absolute sample `spanStart` begins with the recording's first
    /// measured sample (the rules of this file that apply at the recording's start only).
    func spanStartsTheRecording(_ spanStart: Int) -> Bool {
        spanStart == (trace.segments.first?.lowerBound ?? 0)
    }

    /// True when the bell rested from the span's first sample until just after the local index
    /// `index`: the 50 ms average of |f| (`magnitude`, m/s²) over that stretch spreads by no more
    /// than a resting bell's (`parkRestSpread`) around g (`parkRestOffset`). A turnaround is
    /// reached by a fall: the bell swung back through the bottom into it, so |f| fell from a pass
    /// towards g·cos θ; if everything measured before a |f| minimum is a bell standing still,
    /// the minimum is sensor noise on the floor before the pick-up. (A recording that starts
    /// there has no bottom pass before its first minimum to compare with, and the first
    /// turnaround was put on the floor: kettlebox swing_right_1 without its gyroscope, 1.0 g at
    /// 0.07 s, a rep counted from there to the hike's turnaround at 2.15 s.) A recording that
    /// starts within the hike's fall is not still: its |f| drops from the pass into the stop.
    /// Applied at the recording's start only: inside a recording the span holds the second
    /// before the run, and there the rest before the hike is left to the hike's own rules
    /// (`hikePassShare`); taken from there too, it uncovered a hike's stop misread as a float
    /// (0.47 g after a 1.3 g pass, AccelerometerOnlyCountingTests, seed 562786809) and the
    /// set's first rep was lost.
    func restsFromSpanStart(until index: Int, magnitude: [Double]) -> Bool {
        let last = min(magnitude.count - 1, index + max(1, Int((0.05 * trace.sampleRate).rounded())))
        guard last >= 1 else { return false }
        let stretch = magnitude[0...last]
        guard let low = stretch.min(), let high = stretch.max() else { return false }
        return high - low <= Self.parkRestSpread && abs(0.5 * (low + high) - standardGravity) <= Self.parkRestOffset
    }
}
