import Foundation
import HipDriveRecordings

// Accelerometer-only swing: the park is no float, because the bell (the forearm) comes to rest after it.
//
// A sensor strapped to the HANDLE sees the park differently from one at the bell's centre of
// mass. After the set's last turnaround the bell swings forward and the athlete crouches to
// lower it to the floor: the shoulders accelerate downward with the arms hanging, so the load
// along the arm at the grip drops to 0.4–0.5 g (a float load below g·cos 50°), between the
// forward swing's bottom pass (1.5–1.8 g) and the set-down, whose knock on the floor averages
// to a "return pass" of 1.3–1.4 g. Judged by its load alone the park is a weak last rep; a
// tired real last rep has the same float and return loads at the handle (validate seeds 1–3),
// so no threshold on those separates them.
//
// What separates them is what follows. A rep's float falls back through the bottom into a
// turnaround, from which the bell swings forward again through the bottom (the next rep, or the
// park's own forward swing): between the float and the moment the bell is still, |f| shows a
// bottom pass, a turnaround's dip, and another bottom pass. The park's "float" is followed by
// the set-down and then stillness, with no turnaround between: the bell stands on the floor,
// |f| flat at 1 g with nothing but the sensor's noise. So a float after which the bell comes to
// rest without first swinging back and forward again is the park's, not a rep's.
//
// Time alone does not separate them: the park's lowest load comes 0.2–0.6 of a period before
// the bell is still, but a real last rep can be followed by a quick park, the bell lowered
// slowly (|f| ≈ 1.0 g, flat) 0.7–0.8 of a period after the rep's float (validate seed 1,
// sessions 766496080 and 25539564, earlier simulator draws). Time does bound where to look,
// though: a rest that starts more than 0.7 of a period after a float comes after the bell fell
// back, turned and swung forward (`parkRestWithinShare`), so only an earlier rest is searched.
//
// A sensor on the FOREARM sees the same park, and one more "float": the hand sets the bell on
// the floor, holds it there a moment, lets go, and the athlete stands up. Standing up lifts the
// hanging arm with the shoulders and stops it, so the load along the forearm rises to 1.5–1.7 g
// and then drops to 0.4–0.8 g: a bottom pass and a float to the float test, a low swing to the
// low-swing test, and, at a recording's end, a rep whose return was cut off
// (`accelerometerOnlyGapReps`). Independent simulator, wrists without a gyroscope, seeds 141
// and 144: 2 of 2 and 5 of 7 false reps. After it the forearm hangs still; after a rep's float
// it cannot be, the bell must first fall back, turn and swing forward. So the same test holds,
// with a shorter rest (`wristParkRestS`): the athlete walks off or shakes the arms out soon
// after standing up, the bell on the floor stays.

extension MotionRepFinder {
    /// How long the bell must stay still to be at rest, s (1.0 s). A bell on the floor stays
    /// still for seconds (until the next hike). Inside a swing |f| can hover near 1 g for a few
    /// tenths of a second (the independent simulator's fall, as the torso re-hinges: 0.94–1.0 g
    /// over 0.3 s, which a 0.3 s window took for rest and so lost mid-set reps), but not for a
    /// second: within any second of a swing the bell passes the bottom (≥ 1.25 g) or floats
    /// (well below 1 g, or through the horizontal on an American swing).
    static let parkRestS = 1.0
    /// How long a forearm must stay still to be at rest, s (0.5 s). After the park the hand lets
    /// go of the bell and the athlete stands up; the "float" a wrist then shows is the stand-up's
    /// end (the arm, hanging, is lifted with the shoulders and decelerates: |f| 1.5–1.7 g, then
    /// 0.4–0.8 g, the load of a float or a low swing), and the forearm hangs still afterwards
    /// only until the athlete walks off or shakes the arms out: 0.6–0.9 s in the independent
    /// simulator's parks (seeds 141 and 144, walking after it), not the bell's seconds on the
    /// floor. Half a second still exceeds the 0.3 s that |f| can hover near 1 g inside a swing
    /// (above), and the search starts at most `parkRestWithinShare` of a period after the float.
    static let wristParkRestS = 0.5
    /// Largest spread (max − min) of the 50 ms average of |f| over `parkRestS` for a bell at
    /// rest, m/s² (0.06 g): sensor noise is 0.003–0.015 g rms (phones, IMU straps), about four
    /// standard deviations of the 50 ms average span the window; a held or swinging bell moves
    /// by far more (a hand holding a bell still trembles by a few hundredths of a g).
    static let parkRestSpread = 0.06 * standardGravity
    /// Largest distance of a resting bell's |f| from g, m/s² (0.1 g): at rest the sensor reads
    /// gravity alone; a cheap accelerometer's scale and bias errors stay within a few percent.
    static let parkRestOffset = 0.1 * standardGravity
    /// Largest spread (max − min) of each sensor-frame component of f, 50 ms averages, over a rest
    /// window, m/s² (0.15 g, some 9° of tilt). At rest f is gravity alone, fixed in the sensor's
    /// frame as well as in size. |f| alone can hover near g while the sensor turns: a slow
    /// American drive at the wrist held 1.06–1.09 g for half a second while the forearm turned
    /// up through some 40° (its components moved by 0.4–0.7 g), was taken for the forearm at rest
    /// after the park, and the rep before it was lost (independent simulator seed 584 session
    /// 58400023, 20 a minute after a breakdown). A hanging arm's sway, a bell settling on the
    /// floor, stay within a few degrees.
    static let parkRestDirectionSpread = 0.15 * standardGravity
    /// Latest start of the rest searched after a float, in rep periods (0.7). The park's lowest
    /// load comes 0.2–0.6 of a period before the bell stands still (the crouch that lowers it,
    /// then the set-down). After a rep's float the bell cannot be still that soon: it first
    /// falls back through the bottom to the turnaround behind the legs (about half a period,
    /// the fall taking a little longer than the drive) and swings forward again to be set down
    /// (a quarter period more), so its rest starts about three quarters of a period after the
    /// float at the earliest (0.7–0.8 in validate's quickest parks, above). A rest that starts
    /// later than 0.7 of a period after a float therefore says nothing about that float, and it
    /// is not searched: the float stays a rep. With a whole period (the bound before) the
    /// turnaround test alone had to tell a last rep from the park, and it needs both passes of that turnaround at the swing's
    /// 1.25 g: a last rep whose fall is guided into the park passes at 1.1–1.2 g, and it was
    /// lost (independent simulator, seeds 71–73, 110 accelerometer-only bell sessions: the
    /// park's own floats rested 0.34–0.59 of a period later, 13 last reps lost to this test
    /// 0.90–1.0 of a period later; validate seeds 1–3: the park's floats 0.1–0.6, and two at
    /// 0.94–0.97 whose sets were counted exactly either way).
    static let parkRestWithinShare = 0.7
    /// Least depth of a turnaround's |f| minimum below the lower of its two bottom passes, m/s²
    /// (0.15 g). At the stop the bell has no speed, so the centripetal load of the passes
    /// (v²/r: a pass of 1.25 g at the bottom is g plus a quarter g of it) is gone there, and
    /// the arm hanging 30–45° behind takes g·cos θ < g; the hips' drive can add back a little,
    /// hence not the full quarter g. A ripple on one pass's flank is no turnaround (validate
    /// seed 3, sessions 367627326 and 146645216, handle sensors: in the first, a ripple 0.08 s
    /// after the park's float, 0.01 g deep, within the one pass of the set-down, stood for a
    /// turnaround with that pass on both sides, and the park was counted as a rep).
    static let parkTurnaroundDip = 0.15 * standardGravity
    /// Earliest start of the rest searched after a float, in rep periods (0.1): the float itself,
    /// where the hands barely load the bell, is no rest however flat its |f| (a fraction of g).
    static let parkRestAfterShare = 0.1

    /// True when every sensor-frame component of the specific force, averaged over 50 ms, stays
    /// within `parkRestDirectionSpread` over the `count` samples from trace index `start`.
    func specificForceHoldsItsDirection(from start: Int, count: Int) -> Bool {
        let f = trace.specificForce
        guard start >= 0, count > 0, start + count <= f.x.count else { return false }
        let window = max(1, Int((0.05 * trace.sampleRate).rounded()))
        for axis in [f.x, f.y, f.z] {
            let averaged = SignalMath.movingAverage(Array(axis[start..<(start + count)]), window: window)
            guard let low = averaged.min(), let high = averaged.max(), high - low <= Self.parkRestDirectionSpread else { return false }
        }
        return true
    }

    /// The first local index in `starts` from which the bell (the forearm, on a wrist) is at
    /// rest: |f| (`magnitude`, local, 50 ms averages) flat within `parkRestSpread` and within
    /// `parkRestOffset` of g for `parkRestS` (`wristParkRestS`), its direction in the sensor's
    /// frame within `parkRestDirectionSpread` from there or from a later start in `starts`; nil
    /// when none is (data that ends first shows none). `spanStart` is the trace index of local 0.
    func restStart(in starts: ClosedRange<Int>, magnitude: [Double], spanStart: Int) -> Int? {
        let window = max(2, Int(((sensorOnWrist ? Self.wristParkRestS : Self.parkRestS) * trace.sampleRate).rounded()))
        func isFlat(_ start: Int) -> Bool {
            guard start >= 0, start + window <= magnitude.count else { return false }
            let slice = magnitude[start..<(start + window)]
            guard let low = slice.min(), let high = slice.max() else { return false }
            return high - low <= Self.parkRestSpread && abs(0.5 * (low + high) - standardGravity) <= Self.parkRestOffset
        }
        guard let rest = starts.first(where: isFlat) else { return nil }
        // At rest the sensor also holds its direction: |f| can hover near g while the forearm
        // turns. The direction may settle a little after |f| does (a bell tipping onto its side
        // on the floor: HipDrive's simulator turns the handle by 30° in the 0.25 s after the
        // knock), so a window from `rest` to the range's last start is searched; the rest is
        // still dated from |f|'s (the set-down in `floatEndsInPark` is).
        guard (rest...max(rest, starts.upperBound)).contains(where: {
            isFlat($0) && specificForceHoldsItsDirection(from: spanStart + $0, count: window)
        }) else { return nil }
        return rest
    }

    /// True when the float at local index `float` is the park's: the bell comes to rest
    /// (`parkRestS` of |f| flat within `parkRestSpread` and within `parkRestOffset` of g, its
    /// direction in the sensor's frame within `parkRestDirectionSpread`)
    /// starting between `parkRestAfterShare` and `parkRestWithinShare` of a period after it,
    /// and between the float and that rest there is no turnaround: no |f| minimum with a bottom
    /// pass (`passes`, the running median of `bottomPassLoad`, at least `bottomPassSpecificForce`)
    /// within `reach` samples on each side and its minimum `parkTurnaroundDip` below both.
    /// `magnitude` is |f| averaged over 50 ms over the span (local indices). Data that ends
    /// before a rest is seen (a gap, the recording's end) shows none, so such a float is not
    /// judged a park. `spanStart` is the trace index of local 0.
    func floatEndsInPark(float: Int, magnitude: [Double], passes: [Double], reach: Int, periodSamples: Double,
                         spanStart: Int) -> Bool {
        let from = float + Int((Self.parkRestAfterShare * periodSamples).rounded())
        let to = float + Int((Self.parkRestWithinShare * periodSamples).rounded())
        guard float >= 0, from > float, passes.count == magnitude.count,
              let rest = restStart(in: from...max(from, to), magnitude: magnitude, spanStart: spanStart) else { return false }
        // A turnaround between the float and the rest: the bell swung back and forward again.
        // Its |f| minimum lies `parkTurnaroundDip` below both passes. The pass after it must end
        // before the set-down: the bell's knock on the floor, in the last tenth of a second before
        // the rest, lifts the running median over a slow swing's tail at 25–50 Hz (HipDrive's
        // simulator, `simulate --seed 6 --rate 50 --placement bell --format physics-toolbox
        // --sets 2 --reps 12 --fatigue breakdown --breakdown-rep 8 --fatigue-loss 40`: a 2.5 g knock
        // over two samples made a "pass" of 1.27 g after the park's swing forward, which then read
        // as a rep), while a real swing forward passes the bottom a third of a second or more
        // before the bell comes to rest.
        let setDown = max(float + 1, rest - Int((Self.bottomPassAverageS * trace.sampleRate).rounded()))
        for i in (float + 1)..<rest where magnitude[i] <= magnitude[i - 1] && magnitude[i] < magnitude[i + 1] {
            let before = passes[max(float, i - reach)...i].max() ?? 0
            let after = i < setDown ? (passes[i..<min(setDown, i + reach + 1)].max() ?? 0) : 0
            if before >= Self.bottomPassSpecificForce, after >= Self.bottomPassSpecificForce,
               min(before, after) - magnitude[i] >= Self.parkTurnaroundDip { return false }
        }
        if Self.debug {
            print("accelerometer-only float", Double(spanStart + float) / trace.sampleRate, "s: at rest",
                  Double(rest - float) / trace.sampleRate, "s later with no turnaround between (the park), share",
                  Double(rest - float) / periodSamples)
        }
        return true
    }
}
