import Foundation
import HipDriveRecordings

// Accelerometer-only swings: the turnaround's time checked against the arm's stop.
//
// Without a gyroscope a turnaround is placed at a sharp minimum of |f| between two bottom
// passes (AccelerometerOnlyCounting.swift): where the bell stops, the arm's centripetal load
// vanishes. But |f| also carries the shoulder's own acceleration, which the pendulum does not
// explain: as the torso extends in the drive, the shoulder's rise decelerates near the bottom
// of the arc (the torso comes upright as the bell passes under it), by up to 1 g downward.
// That cancels the bottom pass's centripetal load and leaves a second dip 0.2–0.3 s after the
// stop, as deep as the stop's own in a Russian swing (an American swing passes the bottom twice
// as fast, v²/r 2–3 g, and its dip stays shallow). Taken for the turnaround, it starts the drive
// at the bottom of the arc: the drive's energy is measured from a bell already moving at 2 m/s.
//
// The same happens in the fall (the re-hinge lowers the shoulder as the bell comes down), so a
// competing dip may lie before the stop too. Independent simulator, Russian swings without a
// gyroscope: the counting's most prominent dip lay 0.2–0.3 s late or early in most sessions.
//
// The stop is where the arm's angle is extreme (its rate changes sign); the dips are not told
// apart by |f| but by the arm's motion: at the stop the arm is furthest back and at rest, at a
// bottom pass it hangs 30–60° nearer the floats and turns fastest. So when a turnaround has a
// competing dip of |f| near it, the planar pendulum (AccelerometerOnlyKinematics.swift) is fitted
// from the float before it to the float after it, at rest at both (the bell nearly stops at the
// apex), like a rep's fit shifted by half a period; of the dips, the one where the fitted angle
// is furthest back (within a margin: a bell turns in the grip, and the fitted angle is the
// sensor's) and the rate least is the stop. The chosen dip is kept unless the fit says clearly
// otherwise. Its sharp |f| minimum then times the stop to a few milliseconds.
//
// Before any fit, a dip where the arm would push the bell is dropped (`accelerometerOnlyArmPushes`).
// The hands hold a swinging bell by its handle and can only pull it towards the shoulder: at the
// stop the bell hangs from them at rest, and what the sensor reads is the arm's pull (its share
// of the bell's weight along the arm, g·cos θ, plus the hips' forward drive), pointing along the
// arm as at the bottom passes, whose loads dominate the drive's third of a period after it. A
// dip made by the shoulder's acceleration cancelling the pass's centripetal load has no such
// constraint: what is left of f can point away from the shoulder. Independent simulator (seeds
// 91, 130, 134, accelerometer-only swings, f averaged over ±30 ms): at all 2676 true stops f's
// component along the drive's summed pull was +0.44 g or more, while at 29 % of the dips chosen
// 0.1 s or more off it was negative, below −0.2 g at 20 % (down to −1.4 g: the arm "pushing" by
// more than the bell's weight). Real bells (kettlebox, 276 turnarounds from the gyroscope files,
// read in the copies without it): single samples at most −0.08 g, at a stop where the bell is
// nearly weightless (|f| ≈ 0.1 g, its direction lost in noise and the bell turning in the grip),
// hence the margin `turnaroundPushBound` and the average over the dip.

extension MotionRepFinder {
    /// Competing dips are looked for within this share of a rep period from the turnaround: the
    /// bottom pass comes a quarter to a third of a period after the stop.
    static let turnaroundCompetitorReachShare = 0.3
    /// Dips whose fitted angle lies within this of the deepest one's, rad (15°), are all far back
    /// (see `accelerometerOnlyTurnaroundAtArmStop`).
    static let turnaroundDepthMargin = 15 * Double.pi / 180
    /// Sampling interval of the float-to-float fit, s (see `accelerometerOnlyTurnaroundAtArmStop`).
    static let turnaroundFitSampleInterval = 0.08
    /// Another dip as far back as the chosen one replaces it only where the fitted rate is at most
    /// this share of the chosen dip's.
    static let turnaroundRateShare = 0.5
    /// Dips closer than this to a float, in rep periods, are the float's own.
    static let turnaroundFloatClearShare = 0.15
    /// A dip competes with the turnaround when it is at least this share as prominent (against
    /// the lower of its flanking peaks within a fifth of a period).
    static let turnaroundCompetitorProminenceShare = 0.25
    /// The float-to-float fit decides only when its residual RMS is at most this, m/s² (¾ g).
    /// The fitted angle is read from gravity's direction in the sensor frame (1 g); an
    /// unexplained force of ¾ g can turn that direction by up to ~50°, more than the 30–60° that
    /// separate the stop from a bottom pass. Bell swings fit to 0.2–0.6 g; a one-hand wrist swing
    /// whose torso hinges under the shoulder fits to ~1 g, and its choices then alternated from
    /// rep to rep (independent simulator, seed 95 session 9500028: every other turnaround moved).
    static let turnaroundFitMaximumResidual = 0.75 * standardGravity
    /// A dip whose specific force points away from the arm's pull by more than this, m/s² (0.2 g,
    /// twice the most negative reading at a real bell's stop), has the arm pushing: no stop.
    static let turnaroundPushBound = 0.2 * standardGravity
    /// Half-width of the average of the specific force at a dip for `accelerometerOnlyArmPushes`, s.
    static let turnaroundPushWindowS = 0.03
    /// The share of the float-to-float time that the drive after a turnaround takes (the stop to
    /// the next float). A swinging bell is a pendulum: from one extreme to the other takes half
    /// its period whatever the amplitudes, so the fall (float to stop) and the drive (stop to
    /// float) are halves of one swing, the drive a little shorter for the hips' snap. Measured:
    /// real bells with a gyroscope (kettlebox, 233 reps timed by the rate) 0.43–0.54 (1–99 %,
    /// median 0.48); HipDrive's simulator 0.46–0.55; the independent simulator 0.45–0.69 (the
    /// 99th percentile its breakdowns' long drives). The competing dips of |f| lie a third of a
    /// fall away from the stop (the fall's re-hinge before it, the drive's bottom pass after
    /// it): at drive shares of 0.30–0.40 and 0.58–0.73 (independent simulator, seed 636, 2034
    /// turnarounds of bells with a competing dip). A dip chosen outside this band yields to one
    /// inside it, the one nearest half, unless the fit has the arm turning there
    /// (`turnaroundMovingRateShare`): the fit and the rhythm chose right at 1596 of those
    /// turnarounds, with the band at about 1900 (of 2044 in a later run with the band: 1911,
    /// one that was right moved). The band is the pendulum's
    /// half ± a tenth, not a fit to either simulator.
    static let turnaroundDriveShare = 0.4...0.6
    /// A dip where the float-to-float fit has the arm turning at more than this share of the
    /// fit's peak rate, and at least twice as fast as at the dip it chose, is no stop for
    /// `turnaroundDriveShare` to move to. The fit's rate alone does not tell the stop (at the
    /// true stops of the seed-636 run it reads 0.12 of the peak at the median and over 0.36 at a
    /// tenth of them, the competing dips less), but where it clearly has the arm moving it is
    /// right: a set whose floats were misplaced (a cadence locked on half a rep,
    /// `AccelerometerOnlyLowSwingTests`) offered a dip at 0.37 of the peak rate, 3.5 times the
    /// chosen one's, at a drive share of 0.44.
    static let turnaroundMovingRateShare = 0.3

    /// A dip's sub-sample offset in `magnitude` (local index `dip`), samples: the parabola through
    /// it and its neighbours where it is a sharp minimum, 0 otherwise.
    static func dipOffset(_ dip: Int, in magnitude: [Double]) -> Double {
        guard dip > 0, dip + 1 < magnitude.count, magnitude[dip] <= magnitude[dip - 1], magnitude[dip] <= magnitude[dip + 1] else {
            return 0
        }
        return SignalMath.parabolicOffset(magnitude, at: dip)
    }

    /// The |f| dips of `magnitude` (local indices; `spanStart` the absolute index of local 0) in
    /// `among`: the one nearest `near` (the turnaround as found) and those that compete with it,
    /// within `turnaroundCompetitorReachShare` of a period, at least
    /// `turnaroundCompetitorProminenceShare` as prominent (against the lower of their flanking
    /// peaks within a fifth of a period) and not where the arm would push the bell
    /// (`accelerometerOnlyArmPushes`); nil when `among` holds no dip.
    func competingDips(_ magnitude: [Double], spanStart: Int, near: Int, among: Range<Int>,
                       periodSamples: Double) -> (own: Int, competitors: [Int])? {
        let flank = max(1, Int(0.2 * periodSamples))
        func prominence(_ i: Int) -> Double {
            let left = magnitude[max(0, i - flank)...i].max() ?? 0
            let right = magnitude[i...min(magnitude.count - 1, i + flank)].max() ?? 0
            return min(left, right) - magnitude[i]
        }
        let dips = among.filter { magnitude[$0] <= magnitude[$0 - 1] && magnitude[$0] < magnitude[$0 + 1] }
        guard let own = dips.min(by: { abs($0 - near) < abs($1 - near) }) else { return nil }
        let reach = Int(Self.turnaroundCompetitorReachShare * periodSamples)
        let ownProminence = prominence(own)
        let pullReach = max(1, Int(Self.drivePassReachShare * periodSamples))
        let competitors = dips.filter {
            $0 != own && abs($0 - own) <= reach && prominence($0) >= Self.turnaroundCompetitorProminenceShare * ownProminence
                && !accelerometerOnlyArmPushes(at: spanStart + $0, reach: pullReach)
        }
        return (own, competitors)
    }

    /// Whether the specific force at absolute sample `index` points away from the arm's pull by more
    /// than `turnaroundPushBound` (see the top of this file): its component along the sum of the
    /// specific force over the `reach` samples after it, which hold the drive's bottom pass, where
    /// the arm's pull dominates (a quarter to a third of a period after the stop).
    func accelerometerOnlyArmPushes(at index: Int, reach: Int) -> Bool {
        let f = trace.specificForce
        // On a bell only for now: on a forearm the stop found so lowered the accelerometer-only
        // wrist fit's work (SwingWorkSignTests' fixture: median 116 → 87 J, truth 107–132 J),
        // although there too no true stop had the arm pushing.
        guard !sensorOnWrist, index >= 0, index + 1 < f.count, reach >= 1 else { return false }
        var pull = Vector3(0, 0, 0)
        for j in (index + 1)...min(f.count - 1, index + reach) { pull = pull + f[j] }
        let length = pull.length
        guard length > 0, length.isFinite else { return false }
        // The force at the dip averaged over its width: a push lasts as long as the dip (a tenth
        // of a second), while a nearly weightless stop's direction flickers from sample to sample
        // (HipDrive's own simulator, validate seed 1 session 373921466: 0.3 g at the stop, single
        // samples −0.29 g along the pull, their average over the dip near zero).
        let half = max(1, Int((Self.turnaroundPushWindowS * trace.sampleRate).rounded()))
        let window = max(0, index - half)...min(f.count - 1, index + half)
        var here = Vector3(0, 0, 0)
        for j in window { here = here + f[j] }
        return here.dot(pull) / (length * Double(window.count)) < -Self.turnaroundPushBound
    }

    /// The turnaround at fractional absolute position `position` moved to the |f| dip where the
    /// fitted arm stops, when another dip competes with it (see the top of this file); else
    /// `position`. `floats`: the apexes before and after it (absolute sample indices), where the
    /// bell is nearly at rest; nil at a set's first and last turnaround (the hike, the park).
    func accelerometerOnlyTurnaroundAtArmStop(position: Double, period: Double, floats: (Int, Int)?,
                                              rhythm: (fall: Double, drive: Double)? = nil) -> Double {
        let fs = trace.sampleRate
        let f = trace.specificForce
        let periodSamples = period * fs
        guard let (before, after) = floats, before >= 0, after < f.count, Double(after - before) >= 0.5 * periodSamples,
              position > Double(before), position < Double(after) else { return position }
        let magnitude = specificForceMagnitude(span: before..<(after + 1))
        // Dips clear of the floats (a float's own minimum is no turnaround).
        let clear = Int(Self.turnaroundFloatClearShare * periodSamples)
        guard clear >= 1, magnitude.count - 1 - clear > clear,
              let (ownDip, competitors) = competingDips(magnitude, spanStart: before, near: Int(position.rounded()) - before,
                                                        among: clear..<(magnitude.count - 1 - clear), periodSamples: periodSamples)
        else { return position }
        guard !competitors.isEmpty else { return position }
        // The fit's (or the rhythm's) choice, then the swing's halves (`turnaroundDriveShare`).
        let (decided, moving) = armStopDip(magnitude: magnitude, before: before, after: after, position: position,
                                           own: ownDip, competitors: competitors, period: period, rhythm: rhythm)
        let gap = Double(after - before)
        func share(_ local: Double) -> Double { (gap - local) / gap }
        let decidedLocal = decided.map(Double.init) ?? (position - Double(before))
        // On a forearm only where the fit judged the dips: the shoulder's motion rides on the
        // forearm's, and where the pendulum does not even fit it the dips need not be a stop's
        // and a pass's (independent simulator seed 95 session 9500028, a one-hand watch whose
        // fit errs by about 1 g: moved to the truth's stops, its reps lost a third of their work
        // to the accelerometer-only wrist model; SwingWorkSignTests).
        if moving != nil || !sensorOnWrist, !Self.turnaroundDriveShare.contains(share(decidedLocal)),
           let inHalf = ([ownDip] + competitors).filter({ Self.turnaroundDriveShare.contains(share(Double($0))) && !(moving?.contains($0) ?? false) })
               .min(by: { abs(share(Double($0)) - 0.5) < abs(share(Double($1)) - 0.5) }) {
            if Self.debug {
                print("accelerometer-only turnaround", position / fs, "drive share", share(decidedLocal), "moved to the dip at",
                      Double(before + inHalf) / fs, "(share", share(Double(inHalf)), ")")
            }
            return Double(before + inHalf) + Self.dipOffset(inHalf, in: magnitude)
        }
        guard let decided else { return position }
        return Double(before + decided) + Self.dipOffset(decided, in: magnitude)
    }

    /// Of a turnaround's own |f| dip and its competitors (local indices into `magnitude`, the
    /// span from the float `before` to the float `after`, absolute), the one the float-to-float
    /// fit or the set's rhythm puts the arm's stop at (see the top of this file), nil to keep
    /// the turnaround as found (`position`, absolute); and the dips where the fit has the arm
    /// turning (`turnaroundMovingRateShare`), nil where no fit judged the dips.
    private func armStopDip(magnitude: [Double], before: Int, after: Int, position: Double, own ownDip: Int,
                            competitors: [Int], period: Double, rhythm: (fall: Double, drive: Double)?)
        -> (dip: Int?, moving: Set<Int>?) {
        let fs = trace.sampleRate
        let f = trace.specificForce
        let periodSamples = period * fs
        // On a forearm the rhythm decides first where it is clear: the forearm's own pendulum
        // fit errs by 0.35–0.45 g (the shoulder's motion rides on it), enough to place the drive's
        // dip 0.5 rad further back than the stop (HipDrive's simulator, Russian watches without a
        // gyroscope, seeds 1 and 4: stops 0.25–0.28 s off with the fit clear).
        if sensorOnWrist, let rhythm,
           let timed = turnaroundByRhythm(own: ownDip, competitors: competitors, floats: (0, after - before),
                                          rhythm: rhythm, periodSamples: periodSamples) {
            if Self.debug { print("accelerometer-only turnaround", position / fs, "moved by the set's rhythm to", Double(before + timed) / fs) }
            return (timed, nil)
        }
        // The pendulum from float to float, at rest at both (as a rep's fit is from turnaround to
        // turnaround), on every `step`-th sample: the choice needs the arm's angle to tens of
        // degrees and its rate to a fraction of a radian per second (the dips differ by 30–60° and
        // 1–3 rad/s), which samples 80 ms apart give on the fit's 0.2 s spline (the whole window,
        // 20–30 samples, still has twice as many rows as unknowns), at a fraction of the cost of
        // 100 Hz: every turnaround of a swing set can have a competing dip.
        let step = max(1, Int((fs * Self.turnaroundFitSampleInterval).rounded()))
        let picked = Array(stride(from: before, through: after, by: step))
        let force = picked.map { f[$0] }
        let clipLevel = clippingLevel()
        let usable = Self.unclipped(force, below: clipLevel)
        // One start first; when it settles in a shallow swing (less than a swing's turn), the
        // grid's best few, as the rep fit does.
        func swingFit(starts: Int) -> PlanarSwingFit? {
            guard let fit = PlanarSwingFit.fit(force: force, dt: Double(step) / fs, startOffset: 0,
                                               endOffset: Double(after - before) / Double(step), usable: usable,
                                               starts: starts, finish: false),
                  fit.turn >= PlanarSwingFit.minimumTurn, fit.upRate.count == force.count else { return nil }
            return fit
        }
        guard force.count >= 16, let fit = swingFit(starts: 1) ?? swingFit(starts: PlanarSwingFit.startCount),
              fit.residualRMS <= Self.turnaroundFitMaximumResidual else {
            // The fit cannot say; the set's rhythm can (see `turnaroundByRhythm`).
            guard let rhythm, let chosen = turnaroundByRhythm(own: ownDip, competitors: competitors, floats: (0, after - before),
                                                              rhythm: rhythm, periodSamples: periodSamples) else { return (nil, nil) }
            if Self.debug {
                print("accelerometer-only turnaround", position / fs, "moved by the set's rhythm to", Double(before + chosen) / fs,
                      "(fall and drive", rhythm.fall / fs, rhythm.drive / fs, "s; the fit's residual too large)")
            }
            return (chosen, nil)
        }
        func fitted(_ dip: Int) -> Int { min(force.count - 1, Int((Double(dip) / Double(step)).rounded())) }
        // The arm stops far back from the floats (at a bottom pass either side it hangs 30–60°
        // nearer them) and at rest (at a bottom pass it turns fastest). The fitted angle is the
        // sensor's attitude: on a forearm it is the arm's, but a bell turns in the grip by tens of
        // degrees, so the dips within `turnaroundDepthMargin` of the deepest are all taken as far
        // back, and of those the one where the fitted rate is least is the stop.
        let candidates = ([ownDip] + competitors).sorted()
        let floatAngle = 0.5 * (fit.upAngle[0] + fit.upAngle[force.count - 1])
        func depth(_ dip: Int) -> Double { abs(fit.upAngle[fitted(dip)] - floatAngle) }
        func rate(_ dip: Int) -> Double { abs(fit.upRate[fitted(dip)]) }
        let deepest = candidates.map(depth).max() ?? 0
        let farBack = candidates.filter { depth($0) >= deepest - Self.turnaroundDepthMargin }
        guard var chosen = farBack.min(by: { rate($0) < rate($1) }) else { return (nil, nil) }
        // The chosen dip stays unless the fit says clearly otherwise: another dip lies further
        // back by more than the margin, or the arm rests there at no more than half the rate (a
        // fit that misses the stop, its rate large at every dip, moves nothing).
        if farBack.contains(ownDip), rate(chosen) > Self.turnaroundRateShare * rate(ownDip) {
            chosen = ownDip
            // Where the fit finds several dips as far back and none clearly at rest, the set's
            // rhythm may still tell them apart (`turnaroundByRhythm`).
            if let rhythm, let timed = turnaroundByRhythm(own: ownDip, competitors: farBack.filter { $0 != ownDip },
                                                          floats: (0, after - before), rhythm: rhythm, periodSamples: periodSamples) {
                chosen = timed
            }
        }
        // Dips where the fit clearly has the arm turning: at a visible share of its peak rate,
        // and at least twice as fast as at the dip chosen (`turnaroundRateShare`).
        let peakRate = fit.upRate.map(abs).max() ?? 0
        let moving = Set(candidates.filter {
            rate($0) > Self.turnaroundMovingRateShare * peakRate && rate(chosen) <= Self.turnaroundRateShare * rate($0)
        })
        if Self.debug {
            print("accelerometer-only turnaround", position / fs, "dips", candidates.map { Double(before + $0) / fs },
                  "arm rates", candidates.map(rate), "depths", candidates.map(depth), "chosen", Double(before + chosen) / fs, "rms", fit.residualRMS / standardGravity,
                  "crossings", (0..<(force.count - 1)).filter { (fit.upRate[$0] < 0) != (fit.upRate[$0 + 1] < 0) }.map { Double(before + step * $0) / fs },
                  "floats", Double(before) / fs, Double(after) / fs, "peak rate", peakRate)
        }
        return (chosen == ownDip ? nil : chosen, moving)
    }

    /// Of a turnaround's own |f| dip and its competitors (indices into one window whose floats
    /// are at `floats`), the dip the set's rhythm puts the stop at, when the own one is off it
    /// and another is on it; nil to keep the own dip. The rhythm is the run's median fall (float
    /// to turnaround) and drive (turnaround to float), samples: a dip is off by
    /// |fall − F| + |drive − D|, which is twice its distance from where the medians split the
    /// floats' gap when that gap is a typical one. The own dip yields when it is off by more than
    /// twice `turnaroundRhythmMargin` of a period and another is within it (the drive dip and
    /// the stop lie 0.2–0.3 s apart, a fifth to a third of a fall).
    ///
    /// Used only where the float-to-float fit cannot decide: its residual is over
    /// `turnaroundFitMaximumResidual`, or it finds several dips as far back with none clearly at
    /// rest. HipDrive's simulator, a watch without a gyroscope (`simulate --seed 2 --placement
    /// wrist --format physics-toolbox`, Russian): the last turnaround before the park was put
    /// 0.28 s early at the deeper dip of the fall's re-hinge (0.63 g against the stop's 0.83 g),
    /// which the fit found as far back (1.86 against 1.87 rad) and as slow (0.67 against
    /// 0.77 rad/s); the rep before it read 44 % of its work and the last rep's drive 0.28 s long.
    func turnaroundByRhythm(own: Int, competitors: [Int], floats: (Int, Int), rhythm: (fall: Double, drive: Double),
                            periodSamples: Double) -> Int? {
        func offRhythm(_ dip: Int) -> Double { abs(Double(dip - floats.0) - rhythm.fall) + abs(Double(floats.1 - dip) - rhythm.drive) }
        let margin = 2 * Self.turnaroundRhythmMargin * periodSamples
        guard offRhythm(own) > margin, let best = competitors.min(by: { offRhythm($0) < offRhythm($1) }),
              offRhythm(best) <= margin else { return nil }
        return best
    }
}

// The first turnaround of a run, after the hike, has no float before it, so the float-to-float
// fit above cannot check it; it was placed at the most prominent |f| dip, which on the
// independent simulator lay 0.13–0.30 s early or late in about a quarter of the accelerometer-
// only sets (a dip of the hike's backswing before the stop, or the shoulder's dip in the drive
// after it), while the first float was right to a few hundredths of a second. A wrong first stop
// changes that rep's drive time by a fifth to a third, so its mean drive power reads 15–80 % off
// (its work barely moves: the bell is nearly at rest at both dips), and the set's reference
// power R (the best two of the first three reps) and every loss and breakdown built on it move.
//
// What fixes the stop's place is the athlete's rhythm: the drive from the turnaround to the float
// takes as long after the hike as in the reps that follow (the hip snap sets it: HipDrive's
// simulator draws every drive from the same distribution, the independent one the same share
// of the period, and a tired drive lengthens only gradually). The dips compete as above, and the
// one whose drive to the first float is closest to the run's median drive wins, when the dip
// found first is off that drive by more than `turnaroundRhythmMargin` and the other is
// within half of it. Where no dip is (a broad |f| minimum, whose lowest point is where the arm's braking
// cancels gravity's tangential share rather than where the arm stops: the independent
// simulator's hikes), the rhythm itself places the stop, the median drive before the float.
extension MotionRepFinder {
    /// A turnaround moves by the set's rhythm only when it is off it by more than this share of a
    /// period (~0.1 s: the dips lie 0.15–0.3 s apart, while the drives of a set's fresh reps and
    /// the float's place scatter by a few hundredths each): the first turnaround's drive
    /// (`accelerometerOnlyFirstTurnaroundByDrive`), and twice it for a fall and a drive together
    /// (`turnaroundByRhythm`).
    static let turnaroundRhythmMargin = 0.05
    /// The run's drive is the median of the next this many and one more drives (turnaround and
    /// float both found), and needs at least this many: the set's opening rhythm, before
    /// fatigue lengthens the drives (HipDrive's simulator, validate seed 2 session 854469545:
    /// drives 0.82–0.85 s fresh, 0.94–1.03 s tired; the median of eight moved a right first stop).
    static let firstTurnaroundDriveCount = 3

    /// The first turnaround at fractional absolute position `position`, moved to the competing
    /// |f| dip whose drive to the first float `float` (absolute index) is closest to `drive`
    /// (samples, the run's median), or to `float − drive` when no dip fits (see above); else
    /// `position`.
    func accelerometerOnlyFirstTurnaroundByDrive(position: Double, float: Int, drive: Double, period: Double) -> Double {
        let fs = trace.sampleRate
        let f = trace.specificForce
        let periodSamples = period * fs
        let reach = Int(Self.turnaroundCompetitorReachShare * periodSamples)
        let flank = max(1, Int(0.2 * periodSamples))
        let clear = Int(Self.turnaroundFloatClearShare * periodSamples)
        let from = max(0, Int(position.rounded()) - reach - flank)
        guard float < f.count, float - clear > from + 2, position < Double(float) else { return position }
        let magnitude = specificForceMagnitude(span: from..<(float + 1))
        guard let (ownDip, competitors) = competingDips(magnitude, spanStart: from, near: Int(position.rounded()) - from,
                                                        among: 1..<(magnitude.count - 1 - clear), periodSamples: periodSamples)
        else { return position }
        let floatLocal = float - from
        func driveError(_ dip: Int) -> Double { abs(Double(floatLocal - dip) - drive) }
        let margin = Self.turnaroundRhythmMargin * periodSamples
        // Off by more than a competing dip could be (`turnaroundCompetitorReachShare`), the float
        // is the suspect, not the stop (independent simulator seed 432, session 43200039: a
        // stop right to 0.06 s followed by a bump 0.18 s later read as the float; moving the stop
        // a drive before it made a false rep).
        guard driveError(ownDip) > margin, driveError(ownDip) <= Double(reach) else { return position }
        if let best = competitors.min(by: { driveError($0) < driveError($1) }), driveError(best) <= 0.5 * margin {
            if Self.debug {
                print("accelerometer-only first turnaround", position / fs, "moved to the dip at", Double(from + best) / fs, "drive",
                      Double(floatLocal - ownDip) / fs, "→", Double(floatLocal - best) / fs, "s against the run's", drive / fs, "s")
            }
            return Double(from + best) + Self.dipOffset(best, in: magnitude)
        }
        // No dip lies where the rhythm puts the stop: a broad minimum of |f| whose lowest point
        // is where the arm's braking cancels gravity's tangential share, not where the arm stops.
        // The rhythm places it then.
        if Self.debug {
            print("accelerometer-only first turnaround", position / fs, "placed by the drive at", (Double(float) - drive) / fs,
                  "(dip's drive", Double(floatLocal - ownDip) / fs, "s against the run's", drive / fs, "s)")
        }
        return Double(float) - drive
    }
}
