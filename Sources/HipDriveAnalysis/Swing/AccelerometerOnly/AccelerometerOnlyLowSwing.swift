import Foundation

// Accelerometer-only swings: low, tired swings after a breakdown still count.
//
// A rep is counted without a gyroscope when its bell floats (AccelerometerOnlyCounting.swift):
// the load along the arm drops below g·cos 50° at the apex. A tired athlete still swings after a
// breakdown, but lower: the arm reaches 30–55° in front instead of 75–100°, and at that apex, where
// the bell stops and has no centripetal load, the load along the arm is g·cos θ, 0.55–0.85 g. The
// bottom passes are weaker too (v²/r falls with the height of the swing): 1.2–1.7 g instead of
// 1.5–3 g. No such rep floats, and every rep after the breakdown was lost (independent
// simulator, seed 91, 40 accelerometer-only sessions: 16→9, 11→4, 20→13 reps).
//
// A low swing differs from a high one in amplitude, not in structure: the bell passes the bottom
// (|f| above g), stops in front (|f| at g·cos θ, below g), passes the bottom again on its way back,
// stops behind the legs (the turnaround, |f| again below g: the arm hangs 30–60° behind) and is
// driven forward through the bottom once more; and it does so at the set's cadence, which a tired
// athlete slows by 10–25 %, not more, from one rep to the next. That structure, not the level of
// the apex alone, tells a low swing from the movements around a set that also dip |f| below g
// between two loads above it:
// * The hike and the approach come before the set's first float; a low swing is only looked for
//   after a float, each low apex one rep after the float or low apex before it, so the chain
//   grows from the set's floating reps forward, into the breakdown.
// * The park: on a bell it ends at rest (`floatEndsInPark`), as for a float. On a forearm the
//   crouch that lowers the bell takes the load along the arm to 0.5–0.65 g (see
//   `wristFloatingSpecificForce`), one rep after the last float, like a low apex; but after it the
//   bell is set down and the athlete stands up: there is no turnaround behind the legs (|f| below
//   0.9 g) followed by a drive through the bottom (`lowSwingReturns`). HipDrive's own simulator's
//   wrist parks (validate seed 1: three of them counted without this test) hang the bell still,
//   |f| ≈ 1.0 g, where a rep's turnaround would be.
// * Walking or standing after the set: not one rep after a float of the set, or no bottom pass
//   of a swing's load on either side.

extension MotionRepFinder {
    /// Largest float load of a low swing's apex, m/s² (g·cos 20°, 0.94 g). The arm must still rise
    /// 20° in front, where the load along it falls below 0.94 g; standing and the bottom of the
    /// arc read 1 g (± 0.05 g of noise and tremor in the 50 ms average). The level alone does
    /// not separate a low apex from what happens around a set (the independent simulator's tired
    /// apexes read 0.52–0.91 g, its approaches and stand-ups 0.82–0.97 g): the set's rhythm, the
    /// swing's passes on both sides and its return do (see the top of this file). With g·cos 35°
    /// the chain broke at the first tired apex at 0.83 g (model 1's deeper breakdowns, seed 94)
    /// and the rest were lost; with g·cos 25° (0.91 g, until 0.4.16) at 0.908 g, a sensor on the
    /// ball's side of a bell turning in the grip reading a tired apex high (seed 636 session
    /// 63600085, passes 1.55–1.6 g on both sides: 8 of 16 reps lost). Over 1120 accelerometer-only
    /// swing sessions of the independent runs only that one and another such set changed (4 → 8
    /// of 8), none for the worse; HipDrive's own validation not at all.
    static let lowSwingSpecificForce = standardGravity * cos(20 * Double.pi / 180)

    /// Least peak specific force of a low swing's bottom passes, m/s² (1.10 g). A pendulum swung
    /// from 35° behind to 35° in front passes the bottom at g·(3 − 2 cos 35°) ≈ 1.36 g, from 20°
    /// at 1.12 g; the hands and the hinge take part of the load in a weak, fatigued swing (the
    /// independent simulator's tired reps on the ball's side: 1.20–1.27 g; on the handle of a
    /// 12 kg bell swung at 1.1–1.2 m/s, seed 431 session 43100019: 1.12–1.17 g, and with a
    /// bound of 1.15 g the chain broke at the first tired rep and six of ten were lost), so the
    /// bound sits clear of standing and walking (1 ± 0.05 g averaged over 0.1 s, a sensor's
    /// scale error included) but below the float's `bottomPassSpecificForce`. Only used together
    /// with the set's rhythm and the swing's return (`lowSwingReturns`): a lone bump is no swing.
    static let lowSwingPassSpecificForce = 1.1 * standardGravity

    /// Spacing of a low apex after the kept apex before it, in the set's rhythm (the median
    /// spacing of its floats): a rep's period, within what a tired set's cadence drifts from its
    /// fresh reps (a breakdown slows the athlete by 10–25 %; the apex also moves later in the
    /// rep as the drive lengthens).
    static let lowSwingSpacing = 0.75...1.5
    /// Spacing of a low apex relative to the spacing of the two kept apexes before it (when that
    /// spacing is itself a rep's): the cadence changes slowly from one rep to the next. This
    /// keeps a movement a rep and a half after the set's last float (walking off after the park,
    /// independent simulator seed 91 session 9100039) out of the chain.
    static let lowSwingTempoChange = 0.75...1.3

    /// Spacing of a low apex from the kept apex two before it, relative to two of the recent
    /// reps' spacings: a low swing's |f| minimum is broad and can sit a quarter of a period off its
    /// apex, one way or the other, so one apex placed late makes the next spacing look 25–35 %
    /// short (independent simulator seed 433, session 43300015: apexes 26.52, 28.82, 30.34 s, the
    /// truth 26.55, 28.44, 30.37), and a breakdown lengthens the first tired spacing by its drive
    /// and its period together (the same simulator: ×1.2 and ×1.15; seed 433 session 43300026, the
    /// first low apex 1.40 of the last gap after the last float). Over two reps the misplacement
    /// of the middle apex cancels and the breakdown's step is shared: within 0.85–1.25 of two
    /// reps. A movement a rep and a half after the set's last float (the walk-off above) reads
    /// 1.25 at best, and must also pass the low swing's load tests.
    static let lowSwingTwoRepSpacing = 0.85..<1.25

    /// True when a candidate apex `spacing` samples after the last kept apex keeps the set's
    /// rhythm (`lowSwingSpacing`, and `lowSwingTempoChange` against the last spacing or, for the
    /// chain of low swings (`overTwoReps`), `lowSwingTwoRepSpacing` against the last two); `kept`
    /// are the apexes kept so far. Not over two reps where the park's place is given back to a
    /// float (AccelerometerOnlyCounting.swift): the last turnaround's dip 1.45 of a period after
    /// the float before it reads 1.23 over two reps (seed 183, session 18300036).
    func lowSwingContinuesSet(spacing: Double, kept: [Int], rhythm: Double, overTwoReps: Bool = false) -> Bool {
        guard Self.lowSwingSpacing.contains(spacing / rhythm) else { return false }
        let lastGap = kept.count >= 2 ? Double(kept[kept.count - 1] - kept[kept.count - 2]) : rhythm
        let local = Self.lowSwingSpacing.contains(lastGap / rhythm) ? lastGap : rhythm
        if Self.lowSwingTempoChange.contains(spacing / local) { return true }
        guard overTwoReps, kept.count >= 3 else { return false }
        let gapBefore = Double(kept[kept.count - 2] - kept[kept.count - 3])
        let recent = [lastGap, gapBefore].filter { Self.lowSwingSpacing.contains($0 / rhythm) }
        let twoReps = recent.count == 2 ? lastGap + gapBefore : 2 * rhythm
        return Self.lowSwingTwoRepSpacing.contains((spacing + lastGap) / twoReps)
    }

    /// Largest |f| at a low swing's turnaround, m/s² (0.9 g): the bell stops behind the legs with
    /// the arm 30–60° from hanging, where the load along it is g·cos θ (0.5–0.87 g) and the
    /// centripetal load vanishes. A bell hanging still reads 1 g.
    static let lowSwingTurnaroundLoad = 0.9 * standardGravity
    /// Least |f| of the drive after a low swing's turnaround, m/s² (1.1 g): the next forward swing
    /// (the next rep, or the park's swing forward) takes the bell through the bottom with some
    /// centripetal load. On a forearm the drive's pass is sharp and its 50 ms average stays low
    /// (a tired wrist rep: 1.13 g); standing up after a crouch reaches 1.0 g.
    static let lowSwingDriveSpecificForce = 1.1 * standardGravity

    /// True when the bell falls back from the low apex at `apex` (a local index into `magnitude`,
    /// |f| averaged over 50 ms) and swings forward again: within a rep period (`rhythm`, samples)
    /// from 0.3 of a period on, a minimum of |f| below `lowSwingTurnaroundLoad`, the turnaround,
    /// that the fall reached through the bottom (`lowSwingPassSpecificForce`) and after which |f|
    /// rises to `lowSwingDriveSpecificForce` within 0.35 of a period; the deepest such minimum is
    /// tried first. Only the deepest used to be tried, and within a period after a low apex the
    /// deepest can be another's: the next rep's apex at a watch (0.46 g against the stop's dip),
    /// or after the set's last low swing the stand-up's dip after the park, with no drive after
    /// it (independent simulator seed 556 session 55600023: the last rep lost; seed 590 session
    /// 59000033 and seed 602 session 60200000 one tired rep each).
    func lowSwingReturns(apex: Int, magnitude: [Double], rhythm: Double) -> Bool {
        let from = apex + Int(0.3 * rhythm), to = min(magnitude.count - 1, apex + Int(rhythm))
        guard from < to else { return false }
        let minima = (from...to).filter { i in
            (i == from || magnitude[i] <= magnitude[i - 1]) && (i == to || magnitude[i] < magnitude[i + 1])
        }.sorted { magnitude[$0] < magnitude[$1] }
        for turn in minima where magnitude[turn] < Self.lowSwingTurnaroundLoad {
            guard (magnitude[apex...turn].max() ?? 0) >= Self.lowSwingPassSpecificForce else { continue }
            let driveEnd = min(magnitude.count - 1, turn + Int(0.35 * rhythm))
            let drive = magnitude[turn...driveEnd].max() ?? 0
            if Self.debug { print("low swing return: turnaround", magnitude[turn] / standardGravity, "g, drive", drive / standardGravity, "g") }
            if turn + Int(0.35 * rhythm) > magnitude.count - 1 || drive >= Self.lowSwingDriveSpecificForce { return true }
        }
        return false
    }

    /// Longest wait for the bell to come to rest after a low apex that ends the set, in rep
    /// periods (1.5): the fall back behind the legs (about half a period), the park's swing
    /// forward to the floor (0.8–1.3 s in the independent simulator) and the bell settling.
    static let lowSwingParkRestWithinShare = 1.5

    /// True when the low apex at `apex` (an index local to the span from trace index `spanStart`)
    /// is the set's last rep's and the park follows it, on a bell: the bell falls back through
    /// the bottom (`lowSwingPassSpecificForce`) and comes to rest (`restStart`) later than
    /// `parkRestWithinShare` of a period after the apex, within `lowSwingParkRestWithinShare`
    /// (|f| read up to `measuredEnd`, the end of the recording's measured piece, a trace index).
    ///
    /// `lowSwingReturns` asks for the turnaround behind the legs to read below 0.9 g. Before the
    /// next drive it does: the hips snap the bell forward out of it. Before the park they need
    /// not: the athlete lets the bell settle behind the legs and glides it forward to the floor,
    /// and the stop reads about g (independent simulator seed 675, sessions 67500017 and
    /// 67500002, handle and ball's-side sensors: 0.97 g, with float loads of 0.65–0.66 g along
    /// the arm, just above a float's g·cos 50°; the set's last rep was lost in both). The rest
    /// then says what the dip would have: the bell fell back from this apex and was set down,
    /// so it swung to it as a rep. The park's own "float" (the crouch that lowers the bell,
    /// `floatEndsInPark`) comes to rest within `parkRestWithinShare` of a period, as a rep's
    /// float cannot; the same bound tells them apart here. Not on a forearm, whose stand-up
    /// after the park reads a low apex followed by rest (AccelerometerOnlySwingPark.swift).
    func lowSwingEndsInPark(apex: Int, periodSamples: Double, spanStart: Int, measuredEnd: Int) -> Bool {
        guard !sensorOnWrist, apex >= 0 else { return false }
        // The rest can begin past the span the run was analysed in (a second after the run's
        // activity): |f| is read here up to where the recording's measured piece ends.
        let window = Int((Self.parkRestS * trace.sampleRate).rounded())
        let start = spanStart + apex
        let end = min(measuredEnd, trace.specificForce.x.count, start + Int((Self.lowSwingParkRestWithinShare * periodSamples).rounded()) + window)
        guard start < end else { return false }
        let magnitude = shockFreeMagnitude(span: start..<end)
        let from = Int((Self.parkRestAfterShare * periodSamples).rounded())
        let to = min(magnitude.count - 1, Int((Self.lowSwingParkRestWithinShare * periodSamples).rounded()))
        guard from < to, let rest = restStart(in: from...to, magnitude: magnitude, spanStart: start),
              Double(rest) > Self.parkRestWithinShare * periodSamples else { return false }
        let fall = magnitude[0...rest].max() ?? 0
        if Self.debug {
            print("low swing into the park: rest", Double(rest) / periodSamples, "of a period after the apex at",
                  Double(start) / trace.sampleRate, "s, fall's pass", fall / standardGravity, "g")
        }
        return fall >= Self.lowSwingPassSpecificForce
    }
}
