import Foundation

// Accelerometer-only wrist: the set's last turnaround, where the fall's centripetal load is gone.
//
// Before the park nothing drives the bell forward: from the last stop behind the legs it swings
// forward passively and the athlete lowers it, so |f| stays near its minimum for 0.1–0.2 s after
// the stop and that flat minimum lies late (`fallFlankTurnaround`). On a bell the stop is timed
// from the descending flank of the fall's bottom pass; a forearm's |f| has a second peak between
// that pass and the stop (the hips meet the forearm), so its flank is no clock, and the wrist
// kept the minimum: independent simulator, wrists without a gyroscope (seeds 141 and 144), the
// last rep's end 0.12 s late (median; 0.005 s for the reps before), and its zero-velocity update
// put where the arm already swings forward: the last rep's mean drive power 35–41 % low (5 % low
// for the last reps whose end was within 0.03 s, as for the reps before them).
//
// The stop is where the bell has no speed: the centripetal load of the fall (v²/r, all of the
// bottom pass's height above the minimum) is gone there, and after it |f| changes only slowly
// (the passive swing forward, the crouch). So the stop is the start of the minimum's flat bottom:
// the earliest instant from which |f| stays within `wristStopFlatShare` of the fall's pass
// height above the minimum, at most a tenth of a period before the minimum (a flat bottom spans
// no more). A sharp minimum (HipDrive's own simulator's last stops) marks the stop itself: a
// bottom no wider than the 50 ms average's window is not moved (moved by its one or two
// samples, validate seed 2's wrist rows read 0.4 pp worse mean drive power).

extension MotionRepFinder {
    /// Height above the minimum of |f|, as a share of the fall's bottom pass above it, within
    /// which the bell has stopped (0.1): v²/r at most a tenth of the bottom's, the bell at under
    /// a third of its bottom speed; 0.07–0.1 g over a 0.7–1 g pass, well above the 50 ms
    /// average's noise (0.01 g). After the stop the crouch keeps lowering |f| slowly (by 0.1 g
    /// over 0.15 s), so a band half as wide stopped short of the stop more often (independent
    /// simulator seeds 141 and 144: the last rep's mean drive power −24/−28 % against −19/−23 %
    /// with this share, all reps 12.4/15.7 % against 12.2/15.3 %, both without `wristSharpMinimumS`).
    static let wristStopFlatShare = 0.1

    /// Width of a flat bottom below which the minimum is sharp, s (0.05 s, the window of the
    /// average of |f|): the 50 ms average spreads any minimum that wide, so a narrower bottom
    /// says nothing about the stop lying before the minimum, and the minimum is kept.
    static let wristSharpMinimumS = 0.05

    /// The set's last turnaround on a forearm (see the top of this file): the start of the flat
    /// bottom of the |f| minimum at local index `index`, at most a tenth of a period earlier.
    /// `magnitude` is |f| averaged over 50 ms (local indices), `reach` how far before the
    /// minimum the fall's bottom pass is looked for, samples.
    func wristStopOnFlatBottom(_ index: Int, magnitude: [Double], reach: Int, periodSamples: Double) -> Int {
        guard index > 0, index < magnitude.count,
              let pass = magnitude[max(0, index - reach)..<index].max(), pass > magnitude[index] else { return index }
        let band = magnitude[index] + Self.wristStopFlatShare * (pass - magnitude[index])
        let earliest = max(0, index - Int(0.1 * periodSamples))
        var start = index
        while start > earliest, magnitude[start - 1] <= band { start -= 1 }
        // A bottom no wider than the 50 ms average's own window is a sharp minimum: it marks the stop.
        guard Double(index - start) > Self.wristSharpMinimumS * trace.sampleRate else { return index }
        if Self.debug {
            print("accelerometer-only wrist last turnaround at its flat bottom's start:", Double(index - start) / trace.sampleRate, "s earlier")
        }
        return start
    }
}
