import Foundation
import HipDriveRecordings

/// One rep found in a motion trace, with its zero-velocity-updated kinematics.
///
/// The rep lives on a local grid of sample positions (fractional indices into the trace): the
/// first point is the turnaround (between samples), then every sample, then the end. Sub-sample
/// turnarounds matter: the bell reverses at 10–20 m/s², so a turnaround placed half a sample
/// (5 ms) off starts the integral 0.05–0.1 m/s wrong, which over a drive becomes 5 cm of height
/// and 10 % of the work.
struct MotionRep {
    /// Fractional sample positions of the grid points (absolute indices into the trace).
    var positions: [Double]
    /// Grid index of the apex (the slowest instant of the drive).
    var apexOffset: Int
    /// Apex position refined between samples (parabola through |v|² around the minimum).
    var apexPosition: Double
    /// World-frame velocity on the grid, m/s, with x along the swing.
    var forwardVelocity: [Double]
    var lateralVelocity: [Double]
    var verticalVelocity: [Double]
    /// Drift-corrected world-frame linear acceleration on the grid, m/s².
    var forwardAcceleration: [Double]
    var lateralAcceleration: [Double]
    var verticalAcceleration: [Double]
    /// Height and forward position relative to the turnaround, m.
    var height: [Double]
    var forwardPosition: [Double]
    /// The rep period in the cadence estimate of its run, s.
    var runPeriodS: Double
    /// Arm rotation (hip pull: pelvis pitch) from the turnaround to the apex, rad, when a
    /// gyroscope measured it; for an accelerometer-only hip pull, the matching change of the
    /// slow specific force along its principal axis (m/s², compared only within a run).
    var swingAngle: Double? = nil
    /// The rep ends at the next turnaround (not at rest after the park): its position closes.
    var closesLoop = false
    /// Accelerometer-only swings: the axis the rep's pendulum fit turned about in its drive
    /// (`PlanarSwingFit.driveAxis`, sensor frame); nil when no fit was used.
    var accelerometerOnlyDriveAxis: Vector3? = nil
    /// True when an accelerometer-only swing cycle passed the float test (|f| well below g near
    /// its apex, see `MotionRepFinder.floatingSpecificForce`).
    var floats = false
    /// Hip pull: the run's reference stroke (its opening reps' hip travel, m), from which the
    /// band's slack is measured (HipPullKinematics.swift); nil: the rep's own stroke.
    var referenceStrokeM: Double? = nil
    /// Hip pull: the set's last rep, which ends standing at its lockout with no return after it
    /// (HipPullPosture.swift).
    var endsStanding: Bool { standingLockout != nil }
    /// Where that last drive arrived at its lockout (the pelvis's arrival), trace position.
    var standingLockout: Double? = nil
    /// Hip pull with a gyroscope: where the pelvis stopped turning at the end of the drive (the
    /// sign change of its rate: the lockout, upright), trace position; nil otherwise.
    var pelvisStop: Double? = nil

    var turnaroundPosition: Double { positions[0] }
    var endPosition: Double { positions[positions.count - 1] }
    var turnaroundIndex: Int { Int(positions[0].rounded()) }
    var endIndex: Int { Int(endPosition.rounded()) }

    var speed: [Double] {
        SignalMath.norm(forwardVelocity, lateralVelocity, verticalVelocity)
    }
    /// Vertical rise from turnaround to apex, m.
    var rise: Double { height[apexOffset] }
    /// Height of the apex above the lowest point of the drive (the bottom of the arc), m.
    var floatHeight: Double { height[apexOffset] - (height[0...apexOffset].min() ?? 0) }
    /// Forward travel from turnaround to apex, m.
    var forwardTravel: Double { forwardPosition[apexOffset] }

    /// The rep from the first sample at or after `position` (before the apex): its per-sample
    /// kinematics cut there, travel and height measured from there.
    func startingAt(_ position: Double) -> MotionRep {
        guard let k = positions.firstIndex(where: { $0 >= position }), k > 0, k < apexOffset else { return self }
        var out = self
        func cut(_ values: [Double]) -> [Double] { Array(values[k...]) }
        out.positions = cut(positions)
        out.forwardVelocity = cut(forwardVelocity); out.lateralVelocity = cut(lateralVelocity)
        out.verticalVelocity = cut(verticalVelocity)
        out.forwardAcceleration = cut(forwardAcceleration); out.lateralAcceleration = cut(lateralAcceleration)
        out.verticalAcceleration = cut(verticalAcceleration)
        out.height = cut(height).map { $0 - height[k] }
        out.forwardPosition = cut(forwardPosition).map { $0 - forwardPosition[k] }
        out.apexOffset = apexOffset - k
        return out
    }
}

/// A stretch of the trace the rep finder analysed: the active run and its cadence.
struct MotionRun {
    var range: Range<Int>
    var cadence: CadenceEstimator.Estimate?
    var reps: [MotionRep]
    /// True when the run ends at a gap in the data rather than at rest (reps may be missing).
    var startsAtGap: Bool
    var endsAtGap: Bool
    /// Sample position of the last turnaround that ends a measured return (an apex stop before
    /// it), when the run starts at a gap: evidence that the set went on through the gap even
    /// when no complete rep fits in the piece.
    var closingTurnaround: Int? = nil
    /// Sample position of a turnaround whose drive (the apex stop after it) was measured but
    /// whose return fell in a gap at the end of the run: a rep, counted without power, from
    /// which the set's reps go on into the gap (the mirror of `closingTurnaround`).
    var openingTurnaround: Int? = nil
    /// Sample position of the turnaround that ends a rep whose return (apex → turnaround) was
    /// measured after a gap at the start of the run, its turnaround and drive in the gap: a rep,
    /// counted without power.
    var endOfRepAfterGap: Int? = nil
    /// Hip pull: the run's upright posture and hinge, for a piece across a gap that is too short
    /// to measure its own (HipPullGapEdge.swift).
    var hipPullMeasures = HipPullSetMeasures()
    /// A bell sensor with a gyroscope: the run's measured lag of the bell's stop behind the rate's
    /// reversal, samples (0: measured, none to apply); nil where too few cycles measured it
    /// (GyroBellStopLag.swift).
    var bellStopLag: Double? = nil
    /// The lag of the bell's stop the run's turnarounds were moved by, s (measured or taken
    /// across a gap; 0: none), for the analysis's notes.
    var appliedBellStopLagS = 0.0
}

/// Finds reps in a world-frame motion trace: cadence from the autocorrelation, turnarounds from
/// the drift-free forward velocity, then each rep integrated with zero-velocity updates.
///
/// Velocity and drift. Within a rep the analysis integrates world-frame linear acceleration
/// from the turnaround, where the bell (or the hips) is at rest, so v(turnaround) = 0 exactly.
/// At the next turnaround the integral should be 0 again; whatever it reads there is drift
/// (accelerometer bias, gravity leaking through orientation error). It is spread linearly over
/// the rep, that is, it is treated as a constant acceleration bias over the rep and subtracted
/// from the acceleration too, so that power and energy stay consistent (∫P dt = ΔE). The rest
/// before the hike and after the park are zero-velocity points too: a rep that ends at rest
/// uses the rest as its end constraint. The apex is nearly at rest but not exactly (a Russian
/// float still moves), so it is not forced to zero; it only locates the apex (the slowest
/// instant of the drive). Without a gyroscope a rep that ends at the next turnaround also
/// closes its position (`MotionRep.closingLoop`, RepIntegration.swift): the bell comes back to
/// the same place, which removes the constant velocity a misplaced turnaround leaves (there the
/// turnarounds come from integrated velocity and sit tens of ms off). With a gyroscope the
/// turnaround is the exact zero crossing of the measured rate, so there is no such velocity to
/// remove and the closure would only move real motion around (measured: bell+gyro mean drive
/// power 3.1 → 1.1 % median error without it); each swing rep re-estimates its own orientation
/// (GyroRepFrame.swift).
struct MotionRepFinder {
    var exercise: Exercise
    var trace: MotionTrace {
        didSet { clipLevel = Self.clippingLevel(of: trace) }
    }
    /// The accelerometer's range where the trace clipped (`clippingLevel()`), found once: every
    /// accelerometer-only fit (per rep, per turnaround check, per hip-pull window) asks for it,
    /// and finding it scans the whole trace.
    private(set) var clipLevel: Double?
    /// The sensor's rotation rate (sensor frame, rad/s) from a recorded orientation quaternion
    /// when the recording holds no gyroscope (`recordedOrientationRate(of:)`); nil otherwise.
    private(set) var recordedOrientationRate: Axes?
    /// wrist → bell: a wrist sensor's lever to the bell, one per set it was measured on
    /// (WristToBell.swift); empty for a sensor on the bell or the hips.
    var wristLevers: [WristLever] = []
    /// wrist → bell: the bell's mass for its geometry (nil: 16 kg assumed).
    var wristMassKg: Double? = nil
    /// The sensor is worn on the wrist (set by SessionAnalyzer from the placement; the levers
    /// above can be empty without a gyroscope). AccelerometerOnlyCounting.swift applies to bells.
    var sensorOnWrist = false
    /// handle → bell's centre of mass: a handle sensor's lever directions, one per set
    /// (BellHandleLever.swift), and the lever's length, m; empty for a centre-mounted sensor.
    var bellLevers: [BellLever] = []
    var bellLeverLengthM = 0.0
    /// Accelerometer-only swings: the sensor-frame axis the run's reps turn about in their drive,
    /// set while a rep whose fit turned the other way is fitted again
    /// (`acceptingTheRunsDriveSense`, AccelerometerOnlyDriveSense.swift); nil otherwise.
    var accelerometerOnlyDriveSense: Vector3? = nil
    /// Hip pulls: where the band pulls relative to the sensor (the user's word); nil: at the sensor.
    var bandPointOffset: BandPointOffset? = nil
    /// A swing recorded at the hips, analysed as a hip hinge (`SessionAnalyzer.analyzeSwingAtHips`).
    var swingAtHips = false

    init(exercise: Exercise, trace: MotionTrace) {
        self.exercise = exercise
        self.trace = trace
        self.clipLevel = Self.clippingLevel(of: trace)
        self.recordedOrientationRate = Self.recordedOrientationRate(of: trace)
    }

    /// Reps must float (swing: apex above the bottom of the arc) or travel forward (hip pull) at
    /// least this fraction of the run's median cycle; the hike and the park do not float at all.
    /// A quarter leaves room for heavy fatigue (a float at 45° instead of 90° is 30 % as high).
    static let minimumRelativeExcursion = 0.25
    /// A swing at the hips without a gyroscope: least drive turn of a rep, as a share of the
    /// run's typical (see `acceptReps`).
    static let swingAtHipsLeastDriveShare = 0.5
    /// And at least this much in absolute terms, m: a swing floats the bell 0.4–1.5 m above the
    /// bottom of its arc, a hip pull moves the hips 0.15–0.5 m.
    static let minimumSwingRiseM = 0.15
    /// A run's period as a share of the session's other sets', or of its own reps' median spacing
    /// without a gyroscope, that reads as a lock on half the period (see `findRuns`' period checks).
    static let halfPeriodLock = 0.4...0.6
    /// Rep periods a run's rhythm is looked for in, s: a swing's `CadenceEstimator.swingPeriodRange`,
    /// a hip pull's the general range (fast pulls).
    static func periodRange(for exercise: Exercise) -> ClosedRange<Double> {
        exercise == .swing ? CadenceEstimator.swingPeriodRange : CadenceEstimator.periodRange
    }
    /// A session's only other set says a run locked on half the period when its rhythm strength
    /// exceeds the run's by this much (see `findRuns`' period checks).
    static let loneSetRhythmMargin = 0.2
    /// A run's reps' median spacing as a share of its estimated period that reads as a lock on
    /// twice the period (see `findRuns`' period checks), and the reps it takes to say so
    /// (a spacing measured over five intervals).
    static let doublePeriodLock = 0.4...0.6
    static let periodCheckReps = 6

    /// A run is rhythmic when its autocorrelation at the rep period reaches this. A hike and a
    /// park alone (one back-and-forth) stay below it; three or more reps reach 0.5 and more.
    static let minimumRhythm = 0.35
    /// Developer tracing (HIPDRIVE_DEBUG_REPS=1): runs, stops and candidate cycles on stdout.
    static let debug = ProcessInfo.processInfo.environment["HIPDRIVE_DEBUG_REPS"] != nil
    static let minimumHipTravelM = 0.05
    /// Least rotation of the arm (and of the bell or wrist fixed to it) from the turnaround to
    /// the apex for a swing, rad (60°). A swing carries the bell from behind the legs (the arm
    /// 30–45° behind vertical) to a float in front: even a weak, fatigued Russian swing that
    /// floats only to 45° in front sweeps 75° or more, a full one 120–200°. A kettlebell deadlift
    /// is not ballistic: the arms hang vertically and the bell travels straight up and down,
    /// tilting by a few tens of degrees at most (the real 20 kg deadlift recordings: under 45°
    /// per half-cycle, their swings 160–280°). So a drive that sweeps less than 60° is not a
    /// swing, whatever its rhythm.
    static let minimumSwingArcRad = 60 * Double.pi / 180
    /// Specific force magnitude below which the bell floats, m/s² (0.64 g = g·cos 50°). A swing
    /// rep carries the bell on its own momentum past 50° in front (a fatigued Russian swing still
    /// reaches 60–70°, an American one goes overhead and falls freely from there), where the
    /// hands hold at most cos 50° of its weight. Parking the bell swings it forward 30–40° at
    /// most and the hands hold it all the way: |f| stays above 0.75 g.
    /// Least integrated float (apex above the bottom of the arc) of an accelerometer-only swing
    /// rep that passed the float test, m; see `acceptReps`.
    static let minimumAccelerometerOnlyFloatM = 0.01
    /// Least rotation of the first lobe of the arm's (pelvis's) rate for its end to count as the
    /// first turnaround, rad (20°): a backswing from standing turns the arm 30–45°, a hip pull's
    /// first hinge pitches the pelvis 20–40°; rest and fidgeting turn it a few degrees.
    static let minimumBackswingRad = 20 * Double.pi / 180
    /// Least arc of a drive cut by a gap, as a share of the set's typical drive arc, for it to
    /// count as a rep (see the end of `analyzeRun`).
    static let minimumGapDriveShare = 0.6
    static let floatingSpecificForce = 9.80665 * cos(50 * Double.pi / 180)

    func findRuns() -> [MotionRun] {
        var pieces: [(range: Range<Int>, segment: Range<Int>)] = []
        for segment in trace.segments {
            for range in ActivityDetector.activeRuns(in: trace, segment: segment, useRotation: exercise == .hipPull) {
                pieces.append((range, segment))
            }
        }
        let minimumSegment = Int(2 * trace.sampleRate)
        // The pieces are independent (each is analysed on its own samples), and without a
        // gyroscope the per-rep pendulum fits cost some 50 ms a rep: analyse them on every core.
        let results = RunResults(count: pieces.count)
        let finder = self, allPieces = pieces
        DispatchQueue.concurrentPerform(iterations: allPieces.count) { k in
            let piece = allPieces[k]
            results.store(k, piece.segment.count >= minimumSegment
                ? finder.analyzeRun(piece.range, segment: piece.segment)
                : MotionRun(range: piece.range, cadence: nil, reps: [], startsAtGap: true, endsAtGap: true))
        }
        var runs = results.runs
        // A data gap cuts a set into pieces, and a piece of a few seconds is too short for its
        // own autocorrelation to show the rhythm (one or two cycles). The athlete kept swinging
        // through the gap, so such a piece takes the cadence and typical excursion of the
        // rhythmic piece across the gap (the one before it when both sides have one). A pause
        // inside a set (the athlete holds the lockout or stands with the bell for a few seconds,
        // then goes on) cuts it the same way, with data in between: two hip pulls before a 3 s
        // hold at the lockout were lost (HipDrive's simulator, `simulate --exercise hip-pull
        // --pauses 1`, GapAfterPauseTests).
        // Only with a gyroscope on a swing: its stops (zero crossings of the arm's rate) are
        // exact in a piece of one or two cycles, while the speed minima used otherwise come from
        // a velocity detrended over a period, which is biased in so short a piece.
        let maximumGapS = 2.0
        // Accelerometer alone on a bell the turnarounds come from the specific force
        // (AccelerometerOnlyCounting.swift), which needs no detrending either.
        // Accelerometer alone on a belt the stops are sign changes of the pelvis's tilt rate
        // (HipPullAccelerometerOnlyCounting.swift), exact in a short piece as the gyro's are.
        let canInherit = trace.angularVelocity != nil || usesForceCounting
            || hipPullWithoutGyroscope
        var inheritingPieces = Set<Int>()
        for k in runs.indices where canInherit && runs[k].reps.isEmpty {
            let neighbours = [k - 1, k + 1].filter { runs.indices.contains($0) }.filter { j in
                guard let cadence = runs[j].cadence,
                      cadence.strength > Self.minimumRhythm, !runs[j].reps.isEmpty else { return false }
                let between = j < k ? pieces[k].range.lowerBound - pieces[j].range.upperBound
                    : pieces[j].range.lowerBound - pieces[k].range.upperBound
                return Double(between) / trace.sampleRate < maximumGapS + 2 * cadence.periodS
            }
            guard let j = neighbours.first, let cadence = runs[j].cadence,
                  pieces[k].range.count >= Int(cadence.periodS * trace.sampleRate) else { continue }
            let typical = SignalMath.median(runs[j].reps.map { $0.swingAngle ?? (exercise == .swing ? $0.floatHeight : $0.forwardTravel) })
            let inherited = analyzeRun(pieces[k].range, segment: pieces[k].segment, inheritedCadence: cadence,
                                       typicalExcursion: typical,
                                       inheritedHipPull: runs[j].hipPullMeasures.inheritable(withGyroscope: trace.angularVelocity != nil),
                                       inheritedBellStopLag: runs[j].bellStopLag)
            if Self.debug { print("piece across a gap", pieces[k].range, "inherits period", cadence.periodS, "reps", inherited.reps.count) }
            runs[k] = inherited
            inheritingPieces.insert(k)
        }
        // A bell sensor with a gyroscope: a piece of a set too short to measure the bell's stop
        // lag takes it from the piece across the gap (the same bell in the same hand).
        for k in runs.indices where runs[k].bellStopLag == nil && !runs[k].reps.isEmpty && !inheritingPieces.contains(k) {
            guard let j = [k - 1, k + 1].first(where: { j in
                guard runs.indices.contains(j), pieces[j].segment != pieces[k].segment,
                      let lag = runs[j].bellStopLag, lag != 0 else { return false }
                let between = j < k ? pieces[k].range.lowerBound - pieces[j].range.upperBound
                    : pieces[j].range.lowerBound - pieces[k].range.upperBound
                return Double(between) / trace.sampleRate < maximumGapS + 2 * (runs[j].cadence?.periodS ?? 0)
            }) else { continue }
            runs[k] = analyzeRun(pieces[k].range, segment: pieces[k].segment, inheritedBellStopLag: runs[j].bellStopLag)
        }
        // A run whose rhythm locked on a multiple or a fraction of its reps' own spacing.
        // With a gyroscope, on twice the period: its reps (the rate's sign changes, which do not
        // depend on the period) come at half the estimated period. That happens when the active
        // stretch takes in something else with its own rhythm, which the autocorrelation then
        // fits with a common multiple: a wrist sensor's 15 s of walking at 1.07 s a step after a
        // set of swings at 1.65 s gave 3.28 s (independent simulator seed 523, session 52300018).
        // The long period widened the windows a rep is judged in, one rep of twenty was lost, and
        // the set's cadence read 18 reps a minute.
        // Accelerometer alone on a swing, on half the period while its floats kept the rep's: the
        // |f| channel has two bottom passes a rep, and on an American swing at a wrist the
        // turnaround's dip between them reads as deep as the float overhead, so the
        // autocorrelation can peak at half a rep. The floats, told apart by their load along the
        // arm, still come a rep apart; but every window the run's phases are judged in is a share
        // of the period, and between two floats "two periods" apart the turnaround was sought as
        // if a float were missing (independent simulator seed 542, session 54200009: 0.96 s for
        // reps 1.92 s apart; 17 of 20 and 17 of 18 reps, the first of two sets lost).
        // Such a run is analysed again at its reps' median spacing, and the new count kept unless
        // smaller.
        if trace.angularVelocity != nil || usesForceCounting {
            for k in runs.indices where runs[k].reps.count >= Self.periodCheckReps && !inheritingPieces.contains(k) {
                guard let own = runs[k].cadence else { continue }
                let starts = runs[k].reps.map(\.turnaroundPosition)
                let spacing = zip(starts.dropFirst(), starts).map { ($0 - $1) / trace.sampleRate }
                guard let typical = SignalMath.median(spacing) else { continue }
                let locked = trace.angularVelocity != nil ? Self.doublePeriodLock.contains(typical / own.periodS)
                    : Self.halfPeriodLock.contains(own.periodS / typical)
                guard locked else { continue }
                let again = analyzeRun(pieces[k].range, segment: pieces[k].segment,
                                       inheritedCadence: CadenceEstimator.Estimate(periodS: typical, strength: own.strength))
                if Self.debug { print("run", pieces[k].range, "period", own.periodS, "s, its reps", typical, "s apart: analysed again at it, reps", runs[k].reps.count, "->", again.reps.count) }
                if again.reps.count >= runs[k].reps.count { runs[k] = again }
            }
        }
        // Accelerometer alone on a swing, a set whose rhythm locked on half the period: the
        // |f| channel has two bottom passes a rep, and where the floats and the turnarounds read
        // alike (a breakdown's low swings) its autocorrelation can peak at half a rep. One athlete
        // does not double the cadence from one set to the next (a tiring set slows it by a
        // quarter at most), so a run whose period is 0.4–0.6 of the session's other sets' (at
        // least two of them, within a fifth of each other) is analysed again at theirs
        // (independent simulator seed 431, session 43100008: periods 1.78, 0.83 and 1.77 s; the
        // middle set found 4 of its 9 reps). With one other set, it alone says so when its rhythm
        // is clearly the stronger (`loneSetRhythmMargin`): a lock on half a rep of alternating
        // floats and turnarounds leaves a weak autocorrelation, a set at its true period a strong
        // one (independent simulator seed 561, session 56100012: a one-hand 28 kg set whose reps
        // broke down from 5.0 to 2.6 m/s locked on 0.83 s, strength 0.45, beside a set at 1.61 s,
        // strength 0.73; 18 reps of 11, every other one a bottom pass).
        if usesForceCounting {
            for k in runs.indices where !runs[k].reps.isEmpty && !inheritingPieces.contains(k) {
                guard let own = runs[k].cadence?.periodS else { continue }
                let ownStrength = runs[k].cadence?.strength ?? 0
                let rhythms = runs.indices.filter { $0 != k && !runs[$0].reps.isEmpty }
                    .compactMap { j -> CadenceEstimator.Estimate? in
                        guard let cadence = runs[j].cadence, cadence.strength > Self.minimumRhythm else { return nil }
                        return cadence
                    }
                let others = rhythms.map(\.periodS)
                let enough = others.count >= 2
                    || (others.count == 1 && rhythms[0].strength >= ownStrength + Self.loneSetRhythmMargin)
                guard enough, let typical = SignalMath.median(others),
                      let low = others.min(), let high = others.max(), high <= 1.2 * low,
                      Self.halfPeriodLock.contains(own / typical) else { continue }
                if Self.debug { print("run", pieces[k].range, "period", own, "s is half the session's", typical, "s: analysed again at it") }
                let strength = runs[k].cadence?.strength ?? Self.minimumRhythm
                runs[k] = analyzeRun(pieces[k].range, segment: pieces[k].segment,
                                     inheritedCadence: CadenceEstimator.Estimate(periodS: typical, strength: strength))
            }
        }
        // Hip pull: a set's last drive in a piece beside a gap or a pause is judged against the
        // set's drives on the other side (HipPullGapEdge.swift).
        if exercise == .hipPull { judgeFinalDrivesAcrossGaps(&runs, pieces: pieces, inheriting: inheritingPieces) }
        // Hip pull: a set cut by a gap keeps one band reference (HipPullGapEdge.swift).
        if exercise == .hipPull { shareHipPullReferenceAcrossGaps(&runs, segments: pieces.map(\.segment)) }
        // … and every set the first set's: the stance is the same (HipPullKinematics.swift).
        if exercise == .hipPull { shareHipPullReferenceAcrossSets(&runs) }
        return runs
    }

    /// Unit vector (cos φ, sin φ) of the principal horizontal axis of the acceleration in `range`.
    func principalHorizontalAxis(_ range: Range<Int>, in a: Axes) -> (Double, Double) {
        var sxx = 0.0, syy = 0.0, sxy = 0.0
        let mx = SignalMath.mean(a.x[range]), my = SignalMath.mean(a.y[range])
        for i in range {
            let dx = a.x[i] - mx, dy = a.y[i] - my
            sxx += dx * dx
            syy += dy * dy
            sxy += dx * dy
        }
        let phi = 0.5 * atan2(2 * sxy, sxx - syy)
        return (cos(phi), sin(phi))
    }

    /// Analyses one active run. `inheritedCadence` (with the `typicalExcursion` of its reps)
    /// comes from a rhythmic run across a data gap, for a piece too short to show its own rhythm.
    func analyzeRun(_ run: Range<Int>, segment: Range<Int>, inheritedCadence: CadenceEstimator.Estimate? = nil,
                    typicalExcursion: Double? = nil, inheritedHipPull: HipPullSetMeasures? = nil,
                    inheritedBellStopLag: Double? = nil) -> MotionRun {
        let fs = trace.sampleRate
        let dt = 1 / fs
        // One second of rest each side (when measured) gives the integrals a quiet start and end.
        let margin = Int(fs)
        let lo = max(segment.lowerBound, run.lowerBound - margin)
        // A hip pull whose pelvis barely turns: its acceleration from one strapdown integration
        // across the run (HipPullWithoutPitch.swift), over a longer trailing margin: the set's
        // last drive slows into standing and can end seconds after the activity does.
        let level = levelPelvisAcceleration(span: lo..<min(segment.upperBound, run.upperBound + margin), run: run,
                                            trailingEnd: min(segment.upperBound, run.upperBound + Int((Self.levelPelvisTrailS * fs).rounded())))
        let levelPelvis = level?.acceleration
        let span = level?.span ?? lo..<min(segment.upperBound, run.upperBound + margin)
        var a = trace.linearAcceleration
        if let levelPelvis {
            for i in span {
                a.x[i] = levelPelvis.x[i - lo]; a.y[i] = levelPelvis.y[i - lo]; a.z[i] = levelPelvis.z[i - lo]
            }
        }
        let (ux, uy) = principalHorizontalAxis(run, in: a)
        var forward = span.map { ux * a.x[$0] + uy * a.y[$0] }
        var lateral = span.map { -uy * a.x[$0] + ux * a.y[$0] }
        let vertical = span.map { a.z[$0] }

        var cadenceChannels = [Array(forward[(run.lowerBound - lo)..<(run.upperBound - lo)])]
        // Without a gyroscope the forward channel rests on a tilt the swing itself corrupts. The
        // specific force magnitude needs no orientation and has one cycle per rep: the float
        // (near free fall) once, and two unequal bottom passes (the one into the backswing, where
        // the hands brake the bell, is the harder). On a bell it is the cleaner rhythm, on a
        // wrist often the forward channel is: the more rhythmic of the two is used.
        let periods = Self.periodRange(for: exercise)
        var forceCadence: CadenceEstimator.Estimate?
        if usesForceCounting {
            forceCadence = CadenceEstimator.estimate([specificForceMagnitude(span: run)], sampleRate: fs, range: periods)
        }
        if let gyro = trace.angularVelocity {
            // The arm's rotation rate has one cycle per rep; use the gyro axis that moves most.
            let axes = [gyro.x, gyro.y, gyro.z]
            let energies = axes.map { axis in run.reduce(0.0) { $0 + axis[$1] * axis[$1] } }
            if let best = energies.indices.max(by: { energies[$0] < energies[$1] }) {
                cadenceChannels.append(Array(axes[best][run]))
            }
        }
        var cadence = inheritedCadence ?? CadenceEstimator.estimate(cadenceChannels, sampleRate: fs, range: periods)
        if inheritedCadence == nil, let forceCadence, forceCadence.strength > (cadence?.strength ?? 0) {
            cadence = forceCadence
        }
        // A long set whose tempo drifts (a breakdown slows it by a third) can smear the whole
        // run's rhythm below the threshold: its windows, each regular, decide then.
        if inheritedCadence == nil, (cadence?.strength ?? 0) <= Self.minimumRhythm {
            var channels = cadenceChannels
            if forceCadence != nil { channels.append(specificForceMagnitude(span: run)) }
            if let drifting = CadenceEstimator.estimateAcrossDrift(channels, sampleRate: fs, threshold: Self.minimumRhythm,
                                                                       range: periods),
               drifting.strength > (cadence?.strength ?? 0) {
                if Self.debug { print("drifting tempo: period", drifting.periodS, "strength", drifting.strength) }
                cadence = drifting
            }
        }
        let startsAtGap = run.lowerBound - segment.lowerBound < margin / 2
        let endsAtGap = segment.upperBound - run.upperBound < margin / 2
        guard let cadence, cadence.strength > Self.minimumRhythm else {
            if Self.debug { print("run", Double(run.lowerBound) / fs, Double(run.upperBound) / fs, "not rhythmic:", cadence as Any) }
            return MotionRun(range: run, cadence: cadence, reps: [], startsAtGap: startsAtGap,
                             endsAtGap: endsAtGap)
        }
        let period = cadence.periodS
        let window = max(3, Int((period * fs).rounded()))

        // Coarse, drift-free velocity: the moving average over one period of a periodic signal is
        // its mean, so subtracting it removes the integration constant and slow drift without
        // shifting the zero crossings the way a causal high-pass would.
        var forwardVelocity = SignalMath.removingMovingAverage(
            SignalMath.cumulativeIntegral(forward, dt: dt), window: window)
        let verticalVelocity = SignalMath.removingMovingAverage(
            SignalMath.cumulativeIntegral(vertical, dt: dt), window: window)
        let lateralVelocity = SignalMath.removingMovingAverage(
            SignalMath.cumulativeIntegral(lateral, dt: dt), window: window)
        let height = SignalMath.removingMovingAverage(
            SignalMath.cumulativeIntegral(verticalVelocity, dt: dt), window: window)
        var forwardPositionCoarse = SignalMath.removingMovingAverage(
            SignalMath.cumulativeIntegral(forwardVelocity, dt: dt), window: window)
        let activeLocal = (run.lowerBound - lo)..<(run.upperBound - lo)

        // The bell (hips) stops twice per rep, at the turnaround and at the apex, whatever the
        // style: in an American swing the forward velocity also reverses when the bell passes
        // shoulder height on its way overhead, but the speed along the arc does not vanish there.
        // So the phase comes from the deep minima of the speed, not from sign changes of one axis.
        let coarseSpeed = SignalMath.norm(forwardVelocity, lateralVelocity, verticalVelocity)
        // With a gyroscope the arm's (pelvis's) rotation rate about its main axis changes sign
        // exactly when the bell (hips) stops, independent of any orientation error; without one,
        // the stops are the deep minima of the coarse speed.
        // A hip pull is a hinge: the pelvis pitches forward as the hips travel back and back up
        // as they drive forward, so its pitch rate (the gyroscope's principal axis on a belt or
        // at the hands) also changes sign exactly when the hips stop, at the turnaround and at
        // lockout.
        // Without a gyroscope a belt sensor still sees the pelvis pitch: the hinge turns gravity
        // in the sensor frame (see `hipPullPelvisRate`).
        var armRate = principalRate(span: span, active: activeLocal)
            ?? (hipPullWithoutGyroscope
                ? hipPullPelvisRate(span: span, active: activeLocal, period: period) : nil)
        // A hip pull whose pelvis barely turns: its stops from the hips' travel (HipPullWithoutPitch.swift).
        if levelPelvis != nil { armRate = nil }
        var turnaroundsFromForce = false
        var lowSwingApexes: Set<Int> = [], rhythmApexes: Set<Int> = []
        var stops = armRate.map { gyroStops(rate: $0, active: activeLocal, period: period) }
            ?? deepMinima(coarseSpeed, in: activeLocal, period: period)
        // A hip pull timed by the hips' travel (HipPullWithoutPitch.swift).
        let hipsTravelTimesStops = levelPelvis != nil
        // Hip pull with a gyroscope: no stops while the athlete stands still (HipPullRestStops.swift).
        if exercise == .hipPull, trace.angularVelocity != nil, let armRate {
            stops = hipPullStopsWithoutRestWobbles(stops, rate: armRate, spanStart: lo)
        }
        // Accelerometer alone, hip pull: a piece across a gap tells its stops apart by the set's
        // hinge side and rhythm, one stop included (HipPullAccelerometerOnlyGap.swift).
        let inheritedHingeSide = inheritedCadence == nil ? nil : armRate.flatMap {
            inheritedHingeSideParity(rate: $0, stops: stops, span: span, active: activeLocal, period: period, set: inheritedHipPull)
        }
        // A piece cut by a gap may hold only a turnaround and its apex (or an apex and a
        // turnaround): with the cadence known from across the gap, two stops are enough to
        // anchor the count through the gap.
        guard stops.count >= (inheritedCadence == nil ? 3 : (usesForceCounting || inheritedHingeSide != nil ? 1 : 2)) else {
            var result = MotionRun(range: run, cadence: cadence, reps: [], startsAtGap: startsAtGap, endsAtGap: endsAtGap)
            // Hip pull: the one stop may end the return of a rep driven in the gap (HipPullGapEdge.swift).
            if inheritedCadence != nil, startsAtGap, !endsAtGap,
               let turnaround = hipPullReturnAfterGap(stops: stops, span: span, active: activeLocal, typicalDrive: typicalExcursion) {
                result.endOfRepAfterGap = turnaround + lo
            }
            return result
        }
        // Which stops are turnarounds: swing, the lower ones (the float is above the turnaround);
        // hip pull, the ones that start the faster half-cycle (the drive is explosive, the return
        // controlled). Then forward is the direction from the turnaround to the apex.
        var isTurnaround: [Bool]
        switch exercise {
        case .swing:
            if let armRate {
                // With a gyroscope every turnaround reverses the arm the same way (backward to
                // forward) and every apex the other way: group the stops by that direction and
                // call turnarounds the group that sits lower (a majority vote, robust to the
                // odd badly integrated height).
                // Direction of each reversal from the mean rate a tenth of a period either side;
                // the stops alternate, so the parity that agrees with most of them decides.
                let w = max(1, Int(0.1 * period * fs))
                let measured = stops.map { k -> Bool in
                    let after = armRate[min(armRate.count - 1, k + 1)...min(armRate.count - 1, k + w)]
                    let before = armRate[max(0, k - w)...max(0, k - 1)]
                    return SignalMath.mean(after) > SignalMath.mean(before)
                }
                let agree = measured.enumerated().filter { $0.element == ($0.offset % 2 == 0) }.count
                let evenRising = agree * 2 >= measured.count
                let rising = stops.indices.map { ($0 % 2 == 0) == evenRising }
                let risingHeight = SignalMath.median(zip(stops, rising).filter { $0.1 }.map { height[$0.0] }) ?? 0
                let fallingHeight = SignalMath.median(zip(stops, rising).filter { !$0.1 }.map { height[$0.0] }) ?? 0
                isTurnaround = rising.map { $0 == (risingHeight < fallingHeight) }
            } else {
                // Without a gyroscope the integrated height at a single stop can be far off (an
                // accelerometer-only tilt, a short detrending window), so stops are not judged one
                // by one. The bell stops alternately at the turnaround and at the apex: within a
                // stretch of regularly spaced stops (each half-cycle between a fifth of a period
                // and nine tenths; a longer interval means a stop was missed, a pause or the park)
                // one parity holds the turnarounds, and the majority of the heights says which.
                let level = SignalMath.mean(stops.map { height[$0] })
                isTurnaround = stops.map { height[$0] < level }
                let shortest = 0.2 * period * fs, longest = 0.9 * period * fs
                var first = 0
                for k in 1...stops.count {
                    let regular = k < stops.count
                        && Double(stops[k] - stops[k - 1]) >= shortest && Double(stops[k] - stops[k - 1]) <= longest
                    if regular { continue }
                    let stretch = first..<k
                    first = k
                    guard stretch.count >= 3 else { continue }
                    let even = stretch.filter { ($0 - stretch.lowerBound) % 2 == 0 }.map { height[stops[$0]] }
                    let odd = stretch.filter { ($0 - stretch.lowerBound) % 2 == 1 }.map { height[stops[$0]] }
                    let evenIsTurnaround = SignalMath.mean(even) < SignalMath.mean(odd)
                    for j in stretch { isTurnaround[j] = ((j - stretch.lowerBound) % 2 == 0) == evenIsTurnaround }
                }
            }
        case .hipPull where armRate != nil:
            // The stops alternate (each is a sign change of the pitch rate), so one parity holds
            // the turnarounds. The drive is explosive and the band's return controlled: the
            // pelvis rotates faster in the half-cycle after a turnaround than in the one after
            // lockout. The parity whose following half-cycles are faster (median over the run,
            // so a few slow fatigued drives do not flip it) is the turnaround.
            let pitchRate = armRate ?? []
            var evenPeaks: [Double] = [], oddPeaks: [Double] = []
            for k in stops.indices {
                let next = k + 1 < stops.count ? stops[k + 1] : activeLocal.upperBound
                guard next > stops[k], stops[k] < pitchRate.count else { continue }
                let peak = pitchRate[stops[k]..<min(next, pitchRate.count)].map(abs).max() ?? 0
                if k % 2 == 0 { evenPeaks.append(peak) } else { oddPeaks.append(peak) }
            }
            var evenIsTurnaround = (SignalMath.median(evenPeaks) ?? 0) >= (SignalMath.median(oddPeaks) ?? 0)
            // Accelerometer alone the tilt's rate mixes in the hips' acceleration; the posture
            // decides instead: the pelvis is upright at lockout (HipPullKinematics.swift).
            if trace.angularVelocity == nil,
               let evenIsLockout = uprightStopParity(stops: stops, span: span, active: activeLocal, period: period) {
                evenIsTurnaround = !evenIsLockout
            }
            // Posture decides over both where it can: the lockout is the athlete's standing
            // posture, the turnaround a hinge away from it (HipPullPosture.swift).
            if let evenIsLockout = standingPostureLockoutParity(stops: stops, spanStart: lo, run: run, segment: segment) {
                evenIsTurnaround = !evenIsLockout
            }
            // Accelerometer alone the stops' attitude carries the hips' reversal: the side of
            // standing the hinge lies on decides (HipPullAccelerometerOnlyParity.swift).
            if trace.angularVelocity == nil, let pitchRate = armRate,
               let evenIsHinge = accelerometerOnlyHingeSideParity(rate: pitchRate, stops: stops, span: span, active: activeLocal,
                                                                   run: run, segment: segment, period: period) ?? inheritedHingeSide {
                evenIsTurnaround = evenIsHinge
            }
            isTurnaround = stops.indices.map { ($0 % 2 == 0) == evenIsTurnaround }
        case .hipPull:
            let level = SignalMath.mean(stops.map { forwardPositionCoarse[$0] })
            let back = stops.map { forwardPositionCoarse[$0] < level }
            var fromBack: [Double] = [], fromFront: [Double] = []
            for (k, stop) in stops.enumerated().dropLast() {
                let peak = coarseSpeed[stop..<stops[k + 1]].max() ?? 0
                if back[k] { fromBack.append(peak) } else { fromFront.append(peak) }
            }
            var backIsTurnaround = SignalMath.mean(fromBack) >= SignalMath.mean(fromFront)
            // A level pelvis: the hips sink as they go back (HipPullWithoutPitch.swift).
            if hipsTravelTimesStops, let sinks = levelPelvisTurnaroundsSink(stops: stops, back: back, height: height) {
                backIsTurnaround = sinks
            }
            isTurnaround = back.map { $0 == backIsTurnaround }
        }
        // With a gyroscope, a bell turning in the grip: of the rate's reversals at the backswing,
        // the one where the bell is at rest (GyroTurnaroundAtRest.swift).
        if exercise == .swing, !swingAtHips, trace.angularVelocity != nil, let armRate {
            stops = gyroTurnaroundsAtRest(stops: stops, isTurnaround: isTurnaround, rate: armRate, period: period, spanStart: lo)
        }
        // Accelerometer-only swing: turnarounds and apexes from the floats (AccelerometerOnlyCounting.swift).
        if armRate == nil, usesForceCounting,
           let phases = accelerometerOnlySwingPhases(span: span, active: activeLocal, period: period, stops: stops,
                                                     minimumFloats: inheritedCadence == nil ? 2 : 1,
                                                     continuesAcrossGap: inheritedCadence != nil && startsAtGap,
                                                     measuredStart: segment.lowerBound, measuredEnd: segment.upperBound) {
            stops = phases.stops
            isTurnaround = phases.isTurnaround
            turnaroundsFromForce = true
            lowSwingApexes = phases.lowSwingApexes
            rhythmApexes = phases.rhythmApexes
        }
        // Accelerometer alone, hip pull: no tilt wobble after the set's last drive (HipPullAccelerometerOnlyFinish.swift).
        if exercise == .hipPull, trace.angularVelocity == nil, let armRate, !endsAtGap,
           let trimmed = accelerometerOnlyStopsWithoutFinalWobble(rate: armRate, stops: stops, isTurnaround: isTurnaround,
                                                                  end: min(span.count - 1, activeLocal.upperBound + margin / 2)) {
            (stops, isTurnaround) = (trimmed.stops, trimmed.isTurnaround)
        }
        let turnaroundX = SignalMath.mean(zip(stops, isTurnaround).filter { $0.1 }.map { forwardPositionCoarse[$0.0] })
        let apexX = SignalMath.mean(zip(stops, isTurnaround).filter { !$0.1 }.map { forwardPositionCoarse[$0.0] })
        var horizontal = HorizontalAxes(forwardX: ux, forwardY: uy)
        if apexX < turnaroundX {
            horizontal = HorizontalAxes(forwardX: -ux, forwardY: -uy)
            forward = forward.map { -$0 }
            lateral = lateral.map { -$0 }
            forwardVelocity = forwardVelocity.map { -$0 }
            forwardPositionCoarse = forwardPositionCoarse.map { -$0 }
        }
        let turnarounds = zip(stops, isTurnaround).filter { $0.1 }.map(\.0)
        if Self.debug {
            print("run", Double(run.lowerBound) / fs, Double(run.upperBound) / fs, "period", period, "strength", cadence.strength,
                  "stops", stops.map { Double($0 + lo) / fs }, "turnaround", isTurnaround)
        }
        var apexes = zip(stops, isTurnaround).filter { !$0.1 }.map(\.0)
        // Hip pull: a set that ends standing at its last lockout has no stop there (HipPullPosture.swift).
        var finalStandingLockout: Int?
        if exercise == .hipPull, trace.angularVelocity != nil, let armRate, !endsAtGap, let last = stops.last,
           isTurnaround.last == true {
            finalStandingLockout = finalLockoutAtRest(rate: armRate, turnaround: last,
                                                      end: min(span.count - 1, activeLocal.upperBound + margin / 2), period: period, spanStart: lo)
            if let lockout = finalStandingLockout { apexes.append(lockout) }
        }
        // A level pelvis: the same, where the hips' forward velocity first stops (HipPullWithoutPitch.swift).
        if hipsTravelTimesStops, !endsAtGap, let last = stops.last, isTurnaround.last == true,
           let lockout = levelPelvisFinalLockout(after: last, forwardVelocity: forwardVelocity, period: period,
                                                 end: span.count - 1) {
            finalStandingLockout = lockout
            apexes.append(lockout)
        }
        // Accelerometer alone: the same, from the tilt-derived rate (HipPullAccelerometerOnlyFinish.swift).
        // The tilt-derived rate is smoothed over a fifth of a period, so it falls to a tenth of
        // the drive's peak up to a tenth of a period after the pelvis stops: the search reaches
        // that much further than the gyroscope's. A slow, tired last drive arrives near the end
        // of the active stretch (independent simulator seed 506, session 50600018, 19 a minute:
        // the lockout at 122.83 s, the stretch ending at 122.34 s, the search at 122.84 s): its
        // arrival was not found in time and the drive was lost.
        let tiltSmoothingReach = Int((0.1 * period * fs).rounded())
        if exercise == .hipPull, trace.angularVelocity == nil, let armRate, !endsAtGap,
           let final = accelerometerOnlyFinalLockout(rate: armRate, stops: stops, isTurnaround: isTurnaround, apexes: apexes,
                                                     end: min(span.count - 1, activeLocal.upperBound + margin / 2 + tiltSmoothingReach),
                                                     period: period, spanStart: lo) {
            (finalStandingLockout, apexes) = (final.lockout, final.apexes)
        }

        var candidates: [MotionRep] = []
        // With a gyroscope: each candidate's float as the park tests judge it (GyroSwingPark.swift).
        var parkJudgedFloats: [Double] = []
        // Each candidate's cycle (its index among the turnarounds), for the park tests: a
        // candidate whose next cycle is not a candidate closes a stretch of reps.
        var candidateCycles: [Int] = []
        // Whether a swing with a gyroscope has already swept a full swing's arc in this run
        // (GyroSwingArc.swift: a tired swing's shorter arc after full ones).
        var fullSwingSeen = false
        // Accelerometer alone: the float load over the span (AccelerometerOnlyCounting.swift).
        let specificForce = armRate == nil && usesForceCounting ? accelerometerOnlyFloatLoad(span: span, run: run) : nil
        let maxCycle = Int(2.5 * period * fs)
        // Near the ends of a run the moving average mixes rest with motion, so the coarse
        // velocity is biased there; the rest itself is a better anchor. The first turnaround
        // (after the hike) is located with the velocity integrated forward from the rest before
        // it, the last one (before the park) with the velocity integrated backward from the rest
        // after it: exact up to the drift of a second or two.
        let accelerations = [forward, lateral, vertical]
        let detrended = [forwardVelocity, lateralVelocity, verticalVelocity]
        let fromRestBefore = accelerations.map { SignalMath.cumulativeIntegral($0, dt: dt) }
        let toRestAfter = fromRestBefore.map { v in v.map { $0 - (v.last ?? 0) } }
        let edge = Int(1.2 * period * fs)
        func velocities(near index: Int) -> [[Double]] {
            if !startsAtGap, index - activeLocal.lowerBound < edge { return fromRestBefore }
            if !endsAtGap, activeLocal.upperBound - index < edge { return toRestAfter }
            return detrended
        }
        /// How far the bell (hips) travelled backward into the turnaround at `index` over the
        /// preceding `window` samples, m.
        func arrivalTravel(_ index: Int, window: Int) -> Double {
            let forwardVelocity = velocities(near: index)[0]
            var travel = 0.0, farthest = 0.0
            var k = index
            while k > max(0, index - window) {
                travel -= 0.5 * (forwardVelocity[k] + forwardVelocity[k - 1]) * dt
                farthest = max(farthest, travel)
                k -= 1
            }
            return farthest
        }
        var armStops: [Int: Double] = [:]
        var bellStopLag = 0.0, measuredBellStopLag: Double?
        var firstTurnaroundLag: (index: Int, lag: Double)?
        var hikeTurnaround: (index: Int, position: Double)?, parkTurnaround: (index: Int, position: Double)?
        // How far from a stop its rate crossing is searched.
        let crossingRadius = max(2, Int(0.05 * period * fs))
        /// The rate's own stop of a turnaround: its crossing plus the bell-stop lag (the first
        /// turnaround's own where measured), before the hike's and the park's corrections; nil
        /// where `stop` does not come from the rate.
        func rateStop(_ index: Int) -> Double? {
            guard trace.angularVelocity != nil, let armRate,
                  let crossing = Self.rateCrossing(armRate, near: index, radius: crossingRadius) else { return nil }
            if let first = firstTurnaroundLag, first.index == index { return crossing + first.lag }
            return crossing + bellStopLag
        }
        // Accelerometer alone: the run's median fall (float to turnaround) and drive (turnaround
        // to float), samples, from the counting's own turnarounds and floats, for the turnarounds
        // the float-to-float fit cannot check (AccelerometerOnlyTurnaroundTime.swift).
        let forceRhythm: (fall: Double, drive: Double)? = {
            guard turnaroundsFromForce else { return nil }
            var falls: [Double] = [], drives: [Double] = []
            for t in turnarounds {
                guard let before = apexes.last(where: { $0 < t }), let after = apexes.first(where: { $0 > t }),
                      Double(after - before) <= 1.6 * period * fs else { continue }
                falls.append(Double(t - before))
                drives.append(Double(after - t))
            }
            guard falls.count >= 3, let fall = SignalMath.median(falls), let drive = SignalMath.median(drives) else { return nil }
            return (fall, drive)
        }()
        func stop(_ index: Int) -> Double {
            // With a gyroscope the stop is where the measured rate itself crosses zero (linear
            // interpolation between the two samples around it): the bell (hips) is at rest
            // exactly there, with no integration involved. The velocity crossing below comes
            // from integrated, detrended acceleration and sat one sample early, which put the
            // zero-velocity update where the bell still moved at a·dt and raised the work by
            // 6 % at 100 Hz and 12 % at 50 Hz.
            if let rate = rateStop(index) {
                if let hike = hikeTurnaround, hike.index == index { return hike.position }
                if let park = parkTurnaround, park.index == index { return park.position }
                return rate
            }
            if turnaroundsFromForce {
                // Checked against the arm's stop (AccelerometerOnlyTurnaroundTime.swift); once per turnaround.
                if let known = armStops[index] { return known }
                let position = accelerometerOnlyTurnaroundPosition(local: index, spanStart: lo)
                let before = apexes.last { $0 < index }, after = apexes.first { $0 > index }
                var placed = accelerometerOnlyTurnaroundAtArmStop(position: position + Double(lo), period: period,
                                                                  floats: before.flatMap { a in after.map { (a + lo, $0 + lo) } },
                                                                  rhythm: forceRhythm) - Double(lo)
                // The run's first turnaround (after the hike) by the set's drive time instead
                // (AccelerometerOnlyTurnaroundTime.swift): the drives of the next turnarounds that
                // have a float on both sides (the fresh reps: a tiring set's drives lengthen).
                if before == nil, let after, !startsAtGap {
                    let drives = turnarounds.filter { t in t > index && apexes.contains { $0 < t } && apexes.contains { $0 > t } }
                        .prefix(Self.firstTurnaroundDriveCount + 1)
                        .compactMap { t -> Double? in apexes.first { $0 > t }.map { Double($0) - stop(t) } }
                    if drives.count >= Self.firstTurnaroundDriveCount, let drive = SignalMath.median(drives) {
                        placed = accelerometerOnlyFirstTurnaroundByDrive(position: placed + Double(lo), float: after + lo,
                                                                         drive: drive, period: period) - Double(lo)
                    }
                }
                armStops[index] = placed
                return placed
            }
            let velocities = velocities(near: index)
            return refinedStop(at: index, velocities: velocities, accelerations: accelerations,
                               searchRadius: max(2, Int(0.1 * period * fs)))
        }
        /// The highest apex stop strictly between two turnarounds (local indices), if any.
        func highestApex(after start: Int, before end: Int) -> Int? {
            apexes.filter { $0 > start && $0 < end }.max { height[$0] < height[$1] }
        }
        /// The whole cycle after cycle `k` (turnaround to turnaround, with its highest apex), for
        /// a cycle that has one before it too; nil at the edges of the run.
        func followingCycle(after k: Int) -> (start: Int, end: Int, apex: Int)? {
            guard k > 0, k + 2 < turnarounds.count else { return nil }
            let start = turnarounds[k + 1], end = turnarounds[k + 2]
            guard let apex = highestApex(after: start, before: end) else { return nil }
            return (start, end, apex)
        }
        // A bell sensor with a gyroscope: the bell's stop lags the rate's reversal when the bell
        // turns in the grip (GyroBellStopLag.swift).
        if exercise == .swing, trace.angularVelocity != nil, !sensorOnWrist, let armRate, turnarounds.count >= 3 {
            func cycle(_ k: Int) -> (start: Double, end: Double, apex: Int)? {
                let start = turnarounds[k], end = turnarounds[k + 1]
                guard end - start > Int(0.3 * period * fs), end - start <= maxCycle,
                      let apex = highestApex(after: start, before: end),
                      let from = Self.rateCrossing(armRate, near: start, radius: crossingRadius),
                      let to = Self.rateCrossing(armRate, near: end, radius: crossingRadius) else { return nil }
                return (from, to, apex)
            }
            let lags = gyroBellStopLags(cycles: turnarounds.count >= 5 ? (1..<(turnarounds.count - 2)).compactMap(cycle) : [],
                                        firstCycle: startsAtGap ? nil : cycle(0)) { start, end, apex in
                integrateRep(start: start, end: end, downLocal: apex, spanStart: lo, horizontal: horizontal,
                             forward: forward, lateral: lateral, vertical: vertical, period: period)
            }
            measuredBellStopLag = lags.run
            bellStopLag = lags.run ?? inheritedBellStopLag ?? 0
            if let first = lags.first { firstTurnaroundLag = (turnarounds[0], first) }
            // Out of the hike: the slowest instant of the velocity from the rest before it
            // (GyroHikeTurnaround.swift).
            if !startsAtGap, let position = gyroHikeTurnaround(near: turnarounds[0], spanStart: lo, radius: Int(0.25 * fs),
                                                               rateStop: rateStop(turnarounds[0])) {
                hikeTurnaround = (turnarounds[0], position)
            }
            // Into the park: the same, from the rest after it.
            if !endsAtGap, let last = turnarounds.last, turnarounds.count > 1,
               let position = gyroParkTurnaround(near: last, spanStart: lo, spanEnd: lo + span.count, radius: Int(0.25 * fs),
                                                 rateStop: rateStop(last)) {
                parkTurnaround = (last, position)
            }
        }
        // A level pelvis: the run's typical drive, for its cycles' test (HipPullWithoutPitch.swift).
        let levelTypicalDrive = hipsTravelTimesStops
            ? levelPelvisTypicalDrive(stops: stops, isTurnaround: isTurnaround, coarsePosition: forwardPositionCoarse) : 0
        // Accelerometer-alone hip pull: the set's last drive was found before the last cycle.
        var lastDriveFound = false
        for (k, start) in turnarounds.enumerated() {
            if lastDriveFound { break }
            let end: Int
            var endsAtRest = false
            if k + 1 < turnarounds.count {
                end = turnarounds[k + 1]
            } else if !endsAtGap {
                // After the last turnaround: the rep (or the park) ends when the motion stops.
                var restEnd = min(span.count - 1, activeLocal.upperBound + margin / 2)
                // A level pelvis's last lockout can lie past it: the drive slows into standing
                // (and so can one found on the tilt-derived rate, see `tiltSmoothingReach`).
                if hipsTravelTimesStops || hipPullWithoutGyroscope, let lockout = finalStandingLockout {
                    restEnd = max(restEnd, min(span.count - 1, lockout + Int(0.25 * fs)))
                }
                end = restEnd
                endsAtRest = true
            } else {
                continue
            }
            guard end - start > Int(0.3 * period * fs), end - start <= maxCycle || endsAtRest else { continue }
            guard let down = highestApex(after: start, before: end) else { continue }
            let startPosition = stop(start)
            let endPosition = endsAtRest ? Double(end) : stop(end)
            if var rep = integrateRep(start: startPosition, end: endPosition, downLocal: down, spanStart: lo,
                                      horizontal: horizontal, closesLoop: !endsAtRest && (trace.angularVelocity == nil || hipsTravelTimesStops),
                                      forward: forward, lateral: lateral, vertical: vertical, period: period) {
                // The park tests judge a cycle's lift between the rate's stops, also where the
                // set's last turnaround was moved to the centre of mass's stop (GyroSwingPark.swift).
                var parkJudgedFloat = rep.floatHeight
                if let park = parkTurnaround, start == park.index || (end == park.index && !endsAtRest),
                   let parkRateStop = rateStop(park.index),
                   let judged = integrateRep(start: start == park.index ? parkRateStop : startPosition,
                                             end: end == park.index && !endsAtRest ? parkRateStop : endPosition,
                                             downLocal: down, spanStart: lo, horizontal: horizontal, closesLoop: !endsAtRest && (trace.angularVelocity == nil || hipsTravelTimesStops),
                                             forward: forward, lateral: lateral, vertical: vertical, period: period) {
                    parkJudgedFloat = judged.floatHeight
                }
                // A rep floats and comes back. Swing: after the float the bell falls at least half
                // as far as it rose above the bottom of the arc (the forward travel is no guide: an
                // American swing ends overhead, above the shoulder). Hip pull: the hips return at
                // least half their forward travel, and they arrived at the turnaround moving back
                // (an approach from standing still is not a rep). After the last turnaround the
                // bell is parked or the athlete stands up with it: it stops, so it is not a rep.
                if Self.debug {
                    print("candidate", Double(start + lo) / fs, "float", rep.floatHeight, "rise", rep.rise, "fall",
                          rep.height[rep.apexOffset] - (rep.height[rep.apexOffset...].min() ?? 0))
                }
                switch exercise {
                case .swing where armRate != nil:
                    // With a gyroscope the arm's swing angle decides, free of any integration drift
                    // (a saturated or badly fused orientation must not lose reps): the return from
                    // the apex swings back at least half as far as the drive swung up.
                    guard let armRate else { continue }
                    let apexLocal = Int((rep.apexPosition - Double(lo)).rounded())
                    let driveAngle = abs(Self.integral(armRate, from: start, to: apexLocal, dt: dt))
                    let returnAngle = abs(Self.integral(armRate, from: apexLocal, to: end, dt: dt))
                    if returnAngle < 0.5 * driveAngle { continue }
                    // A swing is ballistic: the arm carries the bell through a wide arc. A kettlebell
                    // deadlift lifts the bell with the arms hanging, so it barely rotates, and never
                    // floats (GyroSwingArc.swift).
                    // A tired swing continues the set: the cycle before it was a rep and it keeps the rhythm
                    // (walking after a set swings a forearm through 40–60° at the steps' pace).
                    let continuesFullSwings = fullSwingSeen && candidateCycles.last == k - 1
                        && Self.lowSwingSpacing.contains(Double(end - start) / (period * fs))
                    if !gyroDriveSweepsLikeASwing(driveAngle, start: start, end: end, spanStart: lo, firstCycle: k == 0,
                                                  afterFullSwings: continuesFullSwings) { continue }
                    if driveAngle >= Self.minimumSwingArcRad { fullSwingSeen = true }
                    // A cycle that ends at rest (no turnaround after it) is the park or standing
                    // up with the bell (GyroSwingPark.swift).
                    if endsAtRest, !gyroCycleEndingAtRestFloats(floatHeight: parkJudgedFloat) { continue }
                    rep.swingAngle = driveAngle
                case .swing:
                    let drop = rep.height[rep.apexOffset] - (rep.height[rep.apexOffset...].min() ?? 0)
                    // Only the last cycles of a run can be the park (a swing back, a short swing
                    // forward, back to the stop). A cycle followed by another full cycle came back
                    // by construction, and its integrated height (through a poor accelerometer-only
                    // orientation) must not veto it.
                    let followedByCycle = k + 2 < turnarounds.count
                    if let load = specificForce {
                        // Accelerometer alone the integrated height is too poor to judge a cycle
                        // (the park, a weak rep); the float judges it with no orientation at all:
                        // a rep is a full cycle in which the bell floats.
                        if !accelerometerOnlyCycleFloats(load: load, start: start, end: end, apex: down, spanStart: lo,
                                                         endsAtRest: endsAtRest, period: period,
                                                         everyFloatClosed: turnaroundsFromForce,
                                                         lowSwing: lowSwingApexes.contains(down), inRhythm: rhythmApexes.contains(down),
                                                         followingCycle: followingCycle(after: k)) { continue }
                        // At the edges of a run (the hike, the park) the integrated height still
                        // says whether the "apex" rose above the bottom of the arc at all; a cycle
                        // between two others came back by construction (see acceptReps).
                        if accelerometerOnlyCycleNeedsRise(first: k == 0, followedByCycle: followedByCycle,
                                                           closedByForce: turnaroundsFromForce && !endsAtRest),
                           rep.floatHeight <= Self.minimumAccelerometerOnlyFloatM { continue }
                        rep.floats = true
                    } else if !followedByCycle, drop < 0.5 * rep.floatHeight {
                        continue
                    }
                case .hipPull where armRate != nil:
                    // With a gyroscope the pelvis rotation decides, free of integration drift: the
                    // return rotates back at least half as far as the drive, and the half-cycle
                    // that arrived at the turnaround rotated at least a quarter as far (the hips
                    // came back into it; standing still and then driving is not a rep).
                    guard let armRate else { continue }
                    // A set's last drive that ends standing is measured to the pelvis's arrival.
                    let endsStanding = endsAtRest && down == finalStandingLockout
                    // With a gyroscope the drive is measured to the pelvis's stop (the rate's sign
                    // change: the lockout, where the pelvis stops turning upright), not to the
                    // sensor's furthest point: a belt sensor on a lever turns with the pelvis, and
                    // its integrated travel can peak a third of the drive early, which halved or
                    // zeroed the drive's measured turn (indep sim seed 81: tired reps after a
                    // breakdown turned "1°" of their 23° and were dropped). Accelerometer alone
                    // the tilt-derived stops carry the hips' acceleration as tilt and the
                    // sensor's apex stays (tried: no better on either simulator).
                    let apexLocal = endsStanding || trace.angularVelocity != nil ? down : Int((rep.apexPosition - Double(lo)).rounded())
                    let driveAngle = abs(Self.integral(armRate, from: start, to: apexLocal, dt: dt))
                    let returnAngle = abs(Self.integral(armRate, from: apexLocal, to: end, dt: dt))
                    let previousStop = stops.last { $0 < start } ?? activeLocal.lowerBound
                    var arrivalAngle = abs(Self.integral(armRate, from: previousStop, to: start, dt: dt))
                    var judgedDrive = driveAngle
                    if swingAtHipsTiltFromForce {
                        // A swing at the hips without a gyroscope: the hike's wobble can split the
                        // arrival into the first turnaround among stops a few tenths of a second
                        // apart, so the arrival is the furthest the tilt was from the turnaround's
                        // over the period before it (SwingAtHipsStandUp.swift).
                        arrivalAngle = max(arrivalAngle, furthestTiltBefore(start, rate: armRate, window: Int(period * fs),
                                                                            floor: activeLocal.lowerBound, dt: dt))
                    }
                    if Self.debug { print("hip cycle at", Double(start + lo) / fs, "drive", driveAngle, "return", returnAngle, "arrival", arrivalAngle,
                                          "at stop: drive", abs(Self.integral(armRate, from: start, to: down, dt: dt)), "return", abs(Self.integral(armRate, from: down, to: end, dt: dt)), "drive s", Double(down - start) / fs, "period", period) }
                    if trace.angularVelocity != nil {
                        // With the gyroscope itself: a return into a shallower hinge and an arrival
                        // cut by a gap (HipPullRepAcceptance.swift). A piece that starts at a gap
                        // has its span start at the gap's end (local 0): the arrival's measured tail.
                        let cutByGap = startsAtGap && !stops.contains { $0 < start }
                        // The set's last drive with no return after it (the athlete stays at the
                        // lockout, or stands up out of the last turnaround) passes on its arrival
                        // alone here and is judged against the run's other drives below
                        // (HipPullPosture.swift).
                        let lastDrive = endsStanding || (endsAtRest && returnAngle < 0.5 * driveAngle)
                        if !gyroHipPullCycleIsRep(drive: driveAngle, return: lastDrive ? driveAngle : returnAngle,
                                                  arrival: cutByGap ? max(arrivalAngle, abs(Self.integral(armRate, from: 0, to: start, dt: dt))) : arrivalAngle,
                                                  endsAtRest: endsAtRest, arrivalMeasuredS: cutByGap ? Double(start) * dt : nil,
                                                  period: period, at: Double(start + lo) / fs) { continue }
                        if lastDrive {
                            // The lockout is the pelvis's arrival upright (HipPullPosture.swift), not
                            // the sensor's furthest point: for a cycle that ends at rest that one
                            // is searched over the walk out too.
                            let arrival = endsStanding ? apexLocal
                                : finalLockoutAtRest(rate: armRate, turnaround: start, end: down, period: period, spanStart: lo) ?? apexLocal
                            rep.standingLockout = Double(arrival + lo)
                        }
                    } else if endsStanding, arrivalAngle >= 0.25 * driveAngle {
                        // Accelerometer alone, the set's last drive: judged below and against the
                        // run's hinge (HipPullAccelerometerOnlyFinish.swift).
                        rep.standingLockout = Double(apexLocal + lo)
                    } else if trace.angularVelocity == nil, finalStandingLockout != nil, k + 2 == turnarounds.count,
                              returnAngle < 0.5 * driveAngle, arrivalAngle >= 0.25 * driveAngle {
                        // Accelerometer alone: a drive that does not come back, right before the
                        // cycle taken for the set's last drive, is that last drive. A drive ends
                        // in the hinge or standing; one that ended standing is followed by no
                        // other, and the "turnaround" after it is the walk back upright, whose
                        // acceleration the tilt-derived rate reads as a turn (one that the
                        // wobble trim, `accelerometerOnlyStopsWithoutFinalWobble`, left because
                        // it turned as far as a drive). HipDrive's own simulator,
                        // `simulate_sweep.py --mode hip --seed 2`, session 40: set 1's last
                        // drive was lost so, and the walk judged and dropped in its place.
                        rep.standingLockout = Double(down + lo)
                        lastDriveFound = true
                    } else if swingAtHipsTiltFromForce {
                        // A swing at the hips without a gyroscope: a set's first drive starts from
                        // the hike's hold (the hips stay back while the arms hike the bell), and
                        // the integrated apex of so long a drive can lie early, leaving it most of
                        // its turn as "return". The cycle passes judged to that apex or to the
                        // tilt's stop, where the pelvis stops turning upright, and its drive is
                        // the turn to the stop: the hinge's size, which `acceptReps` compares
                        // with the run's (SwingAtHipsStandUp.swift).
                        let drive = abs(Self.integral(armRate, from: start, to: down, dt: dt))
                        let back = abs(Self.integral(armRate, from: down, to: end, dt: dt))
                        let passesAtApex = returnAngle >= 0.5 * driveAngle && arrivalAngle >= 0.25 * driveAngle
                        guard passesAtApex || (back >= 0.5 * drive && arrivalAngle >= 0.25 * drive) else { continue }
                        judgedDrive = drive
                    } else if returnAngle < Self.hipPullReturnShare(endsAtRest: endsAtRest) * driveAngle
                                || arrivalAngle < 0.25 * driveAngle {
                        // Accelerometer alone, as with the gyroscope (HipPullRepAcceptance.swift):
                        // a cycle that ends at the next turnaround returns only as deep as that
                        // rep hinges, which at a breakdown is half the drive or less (independent
                        // simulator seed 565 session 56500002: the last fresh rep turned 37° and
                        // came back 17° into the first tired one's turnaround, and was lost); one
                        // that ends at rest (standing up) keeps the half-drive return.
                        continue
                    }
                    rep.swingAngle = judgedDrive
                    // The upright posture is read at the pelvis's stop (HipPullKinematics.swift).
                    if trace.angularVelocity != nil { rep.pelvisStop = rep.standingLockout ?? Double(down + lo) }
                case .hipPull where hipsTravelTimesStops:
                    // A gyroscope, but the pelvis barely turns (HipPullWithoutPitch.swift): the
                    // hips' own travel judges the cycle, on the coarse drift-free position (the
                    // rep's open integral carries a constant velocity error from a stop placed a
                    // few samples off, which over a 2 s cycle is centimetres of travel).
                    let drive = forwardPositionCoarse[down] - forwardPositionCoarse[start]
                    let back = forwardPositionCoarse[down] - (forwardPositionCoarse[down...end].min() ?? 0)
                    let previousStop = min(start, stops.last { $0 < start } ?? activeLocal.lowerBound)
                    let arrival = (forwardPositionCoarse[previousStop...start].max() ?? 0) - forwardPositionCoarse[start]
                    if Self.debug { print("level-pelvis cycle at", Double(start + lo) / fs, "drive", drive, "back", back, "arrival", arrival) }
                    // A drive at least `levelPelvisLeastDriveShare` of the run's typical one (the
                    // walk into position sways the hips by a few centimetres), arrived at from a
                    // return; it comes back, or it is the set's last, ending standing at lockout.
                    guard drive > 0, drive >= Self.levelPelvisLeastDriveShare * levelTypicalDrive, arrival >= 0.25 * drive else { continue }
                    if back < 0.5 * drive {
                        guard endsAtRest, down == finalStandingLockout || down == stops.last else { continue }
                        rep.standingLockout = Double(down + lo)
                    }
                case .hipPull:
                    let afterApex = rep.forwardPosition[rep.apexOffset...]
                    let back = rep.forwardPosition[rep.apexOffset] - (afterApex.min() ?? 0)
                    if back < 0.5 * rep.forwardTravel { continue }
                    if arrivalTravel(start, window: Int(0.7 * period * fs)) < 0.25 * rep.forwardTravel { continue }
                }
                candidates.append(rep)
                parkJudgedFloats.append(parkJudgedFloat)
                candidateCycles.append(k)
            }
        }
        if exercise == .swing, armRate != nil { candidates = droppingParks(candidates, judgedFloats: parkJudgedFloats, cycles: candidateCycles) }
        var finalDrive: (drives: [HipPullDriveTravel], unjudged: Bool) = ([], false)
        if exercise == .hipPull {
            if hipsTravelTimesStops {
                // A level pelvis: the last drive was judged against the run's drives above.
            } else if trace.angularVelocity != nil {
                let judged = confirmFinalStandingRep(candidates, forwardAxis: (ux, uy), inherited: inheritedHipPull?.drives ?? [])
                candidates = judged.reps
                finalDrive = (judged.drives, judged.unjudged)
            } else {
                let judged = confirmAccelerometerOnlyFinalRep(candidates, inheritedTypical: inheritedCadence != nil ? typicalExcursion : nil)
                candidates = judged.reps
                finalDrive.unjudged = judged.unjudged
            }
        }
        var reps = acceptReps(candidates, typicalExcursion: typicalExcursion)
        // Accelerometer alone: every rep of the set turns the same way (AccelerometerOnlyDriveSense.swift).
        if exercise == .swing, trace.angularVelocity == nil {
            reps = acceptingTheRunsDriveSense(reps, spanStart: lo, horizontal: horizontal,
                                              forward: forward, lateral: lateral, vertical: vertical)
        }
        // Hip pull: the hip joint's kinematics, the lockout and the band's reference (HipPullKinematics.swift).
        var hipPullMeasures = HipPullSetMeasures()
        if exercise == .hipPull {
            (reps, hipPullMeasures) = hipPullReps(reps, horizontal: horizontal, inherited: inheritedHipPull, levelPelvis: hipsTravelTimesStops)
            (hipPullMeasures.drives, hipPullMeasures.finalDriveUnjudged) = finalDrive
        }
        var result = MotionRun(range: run, cadence: cadence, reps: reps, startsAtGap: startsAtGap,
                               endsAtGap: endsAtGap)
        result.hipPullMeasures = hipPullMeasures
        if exercise == .hipPull, trace.angularVelocity == nil, !reps.isEmpty, let armRate {
            result.hipPullMeasures.hingeSense = accelerometerOnlyHingeSense(rate: armRate, stops: stops, isTurnaround: isTurnaround,
                                                                            span: span, active: activeLocal, period: period)
        }
        if inheritedCadence != nil, startsAtGap, let last = Array(zip(stops, isTurnaround).dropFirst()).last(where: { $0.1 }) {
            result.closingTurnaround = last.0 + lo
        }
        // The mirror case: the piece ends at a gap after a turnaround and the apex of its drive,
        // with no turnaround after them (the rep's return fell in the gap). If that drive turned
        // the arm (pelvis) like the set's reps, it was a rep: `SessionAnalyzer.assembleSets`
        // counts it (power not reported) and, from its end, the reps the gap holds. The
        // turnaround is the first one of the piece when it has no whole rep, else the end of
        // its last rep. The drive must turn the arm (pelvis) by a good share of the set's
        // typical arc, and carry the bell up (the hips forward) by a rep's least excursion: the
        // park after the last rep also swings the bell forward from a turnaround and turns it
        // through a wide arc (the bell flips in the grip), but sets it on the floor in front,
        // no higher than the turnaround.
        let typicalDrive = SignalMath.median(reps.compactMap(\.swingAngle)) ?? typicalExcursion
        /// True when the half-cycle between the local stops `from` and `to` turned the arm (pelvis)
        /// like the set's drives and moved the bell up (hips forward) by a rep's least excursion;
        /// `rising` false for a return, which moves it back down (back) by as much.
        func isRepLikeHalfCycle(from: Int, to: Int, rising: Bool) -> Bool {
            guard let armRate, let typicalDrive else { return false }
            let excursion = Self.restToRestExcursion(exercise == .swing ? vertical : forward, from: from, to: to, dt: dt)
            return abs(Self.integral(armRate, from: from, to: to, dt: dt)) >= Self.minimumGapDriveShare * typicalDrive
                && (rising ? excursion : -excursion) >= (exercise == .swing ? Self.minimumSwingRiseM : Self.minimumHipTravelM)
        }
        if endsAtGap, inheritedCadence != nil || !reps.isEmpty {
            let pairs = Array(zip(stops, isTurnaround))
            let lastEnd = reps.last.map { $0.endIndex - lo }
            if let k = pairs.indices.last(where: { pairs[$0].1 }), k + 1 < pairs.count,
               lastEnd.map({ abs($0 - pairs[k].0) <= max(2, Int(0.05 * fs)) }) ?? (k == pairs.indices.first(where: { pairs[$0].1 })),
               isRepLikeHalfCycle(from: pairs[k].0, to: pairs[k + 1].0, rising: true) {
                if Self.debug { print("rep cut by a gap at", trace.time(at: pairs[k].0 + lo)) }
                result.openingTurnaround = pairs[k].0 + lo
            }
            // Hip pull: the gap may also cut the drive before its lockout (HipPullGapEdge.swift).
            if result.openingTurnaround == nil, let armRate, let typicalDrive,
               let turnaround = hipPullDriveIntoGap(stops: stops, isTurnaround: isTurnaround, rate: armRate,
                                                    lastRepEnd: lastEnd, end: span.count, typicalDrive: typicalDrive) {
                if Self.debug { print("hip-pull drive cut by a gap after", trace.time(at: turnaround + lo)) }
                result.openingTurnaround = turnaround + lo
            }
        }
        // And at the start of a piece after a gap: its first stop is an apex and the next one the
        // turnaround that starts its first whole rep. The return between them was measured
        // (the bell fell from a float, the hips went back), so the rep it ends was real and its
        // turnaround fell in the gap. Same tests as above, on the return.
        // Accelerometer alone: the same two cases from the floats (AccelerometerOnlyCounting.swift).
        if usesForceCounting, turnaroundsFromForce, let load = specificForce {
            let gapReps = accelerometerOnlyGapReps(load: load, turnarounds: turnarounds, reps: reps, spanStart: lo,
                                                   active: activeLocal, startsAtGap: startsAtGap, endsAtGap: endsAtGap,
                                                   period: period)
            result.openingTurnaround = result.openingTurnaround ?? gapReps.opening
            result.endOfRepAfterGap = result.endOfRepAfterGap ?? gapReps.endOfRepAfterGap
        }
        result.bellStopLag = measuredBellStopLag
        result.appliedBellStopLagS = bellStopLag / fs
        if startsAtGap, let firstRep = reps.first {
            let pairs = Array(zip(stops, isTurnaround))
            if let k = pairs.indices.first(where: { pairs[$0].1 }), k >= 1, !pairs[k - 1].1,
               abs(pairs[k].0 + lo - firstRep.turnaroundIndex) <= max(2, Int(0.05 * fs)),
               isRepLikeHalfCycle(from: pairs[k - 1].0, to: pairs[k].0, rising: false) {
                if Self.debug { print("rep ended after a gap at", trace.time(at: pairs[k].0 + lo)) }
                result.endOfRepAfterGap = firstRep.turnaroundIndex
            }
        }
        return result
    }

    /// Zero crossings of the angular rate about the gyroscope's principal axis (sensor frame)
    /// inside `active` (local indices into `span`), at least a quarter period apart, each
    /// between half-cycles that rotate at least a third of the run's typical peak rate. Nil
    /// without a gyroscope.
    /// The angular rate about the gyroscope's principal axis over `span`, rad/s (sign arbitrary);
    /// nil without a gyroscope.
    func principalRate(span: Range<Int>, active: Range<Int>) -> [Double]? {
        guard let gyro = trace.angularVelocity else { return nil }
        let run = (span.lowerBound + active.lowerBound)..<(span.lowerBound + active.upperBound)
        // Principal axis: the dominant eigenvector of the 3×3 second-moment matrix.
        var m = [[Double]](repeating: [0, 0, 0], count: 3)
        let axes = [gyro.x, gyro.y, gyro.z]
        for i in run {
            for r in 0..<3 { for c in 0..<3 { m[r][c] += axes[r][i] * axes[c][i] } }
        }
        guard let axis = SignalMath.dominantEigenvector3(m) else { return nil }
        return span.map { i in axis[0] * gyro.x[i] + axis[1] * gyro.y[i] + axis[2] * gyro.z[i] }
    }

    /// Magnitude of the sensor-frame specific force over `span`, m/s², smoothed over 50 ms
    /// (sensor noise and impacts are shorter; the float lasts a tenth of a second and more).
    /// Orientation-free: it needs no estimate of where gravity points.
    func specificForceMagnitude(span: Range<Int>) -> [Double] {
        let f = trace.specificForce
        let magnitude = span.map { i in (f.x[i] * f.x[i] + f.y[i] * f.y[i] + f.z[i] * f.z[i]).squareRoot() }
        return SignalMath.movingAverage(magnitude, window: max(1, Int((0.05 * trace.sampleRate).rounded())))
    }

    func gyroStops(rate: [Double], active: Range<Int>, period: Double) -> [Int] {
        let fs = trace.sampleRate
        let smooth = SignalMath.movingAverage(rate, window: max(1, Int(0.04 * period * fs)))
        let spacing = max(1, Int(0.25 * period * fs))
        var crossings: [Int] = []
        let lo = max(active.lowerBound, 1), hi = min(active.upperBound, smooth.count)
        guard lo < hi else { return [] }
        for i in lo..<hi where (smooth[i - 1] < 0) != (smooth[i] < 0) {
            // Of the two samples around the sign change, the one nearer zero.
            crossings.append(abs(smooth[i - 1]) < abs(smooth[i]) ? i - 1 : i)
        }
        // The rate between two crossings is a lobe: one half-cycle of the arm (turnaround to apex
        // or back) when it is real. A lobe that barely rotates (peak below a third of the typical
        // half-cycle's) or is shorter than a quarter period cannot be a half-cycle: it is a wobble
        // at a stop or a glitch (an impact, a saturated gyroscope snapping back). Such a lobe and
        // its two crossings are removed together, merging it with its neighbours, which have the
        // same sign as each other (lobes alternate), so the stops keep alternating between
        // turnaround and apex and the real stop next to a glitch survives.
        var bounds = [lo] + crossings + [hi]
        func peak(_ k: Int) -> Double {
            bounds[k] < bounds[k + 1] ? (smooth[bounds[k]..<bounds[k + 1]].map(abs).max() ?? 0) : 0
        }
        var peaks = (0..<(bounds.count - 1)).map(peak)
        guard let typical = SignalMath.median(peaks.filter { $0 > 0 }) else { return [] }
        func rotation(_ k: Int) -> Double {
            bounds[k] < bounds[k + 1] ? smooth[bounds[k]..<bounds[k + 1]].reduce(0) { $0 + abs($1) } / fs : 0
        }
        // A slow lobe that still turns the arm by `minimumBackswingRad` (the backswing from
        // standing into the first turnaround) is a half-cycle, not a wobble. In a swing so is a
        // short one that turns it that far: the hike that flicks the bell back from the floor
        // into the first turnaround can take under a quarter period, yet it turns the arm by
        // tens of degrees, which an impact or a saturated gyroscope snapping back does not. A
        // hip pull has no hike, and its pelvis lobes keep the plain quarter-period rule (with
        // the swing's rule one accelerometer-only hip-pull set on validation seed 1 lost a rep).
        func isWeak(_ k: Int) -> Bool {
            let short = bounds[k + 1] - bounds[k] < spacing
            let turnsLikeAnArm = rotation(k) >= Self.minimumBackswingRad
            // A swing recorded at the hips: the hips snap through in a fifth of the cycle and hold
            // at lockout while the bell floats, so the drive's lobe is short but turns the pelvis
            // by 30–40°: the swing's rule.
            if exercise == .swing || swingAtHips { return !turnsLikeAnArm && (peaks[k] <= typical / 3 || short) }
            return (peaks[k] <= typical / 3 && !turnsLikeAnArm) || short
        }
        while true {
            // Interior lobes only: the first and last are cut by the run's edges.
            let interior = peaks.count > 2 ? Array(1..<(peaks.count - 1)) : []
            guard let weakest = interior.filter(isWeak).min(by: { peaks[$0] < peaks[$1] }) else { break }
            bounds.removeSubrange(weakest...(weakest + 1))
            peaks.replaceSubrange((weakest - 1)...(weakest + 1), with: [peak(weakest - 1)])
        }
        // Keep crossings between two real half-cycles, and a stop followed by a long pause (the
        // bell parked): the lobe after it is weak.
        // (Only the first and last lobes can still be weak; a weak first lobe is the rest before
        // the hike, whose end is not a stop of the swing.)
        // The lobe before the first turnaround may also be a slow backswing from standing: the
        // arm turns from hanging to 30–45° behind the legs in about a second, a quarter of a
        // swing's peak rate, but a real rotation of the arm, so a lobe counts when it is not
        // weak in the sense above (it turns the arm by `minimumBackswingRad` in a quarter period
        // or more). Rest, fidgeting and a watch settling turn it by a few degrees. If such a lobe
        // is the approach to a bell on the floor instead, its end is an apex-type stop
        // (forward → back), which starts no rep.
        if Self.debug {
            print("lobes", bounds.map { Double($0) / fs }, "peaks", peaks, "typical", typical,
                  "rotations", (0..<peaks.count).map { rotation($0) * 180 / .pi })
        }
        return (1..<max(1, bounds.count - 1)).filter { peaks[$0 - 1] > typical / 3 || !isWeak($0 - 1) }.map { bounds[$0] }
    }

    /// Fractional position where `rate` changes sign nearest `index` (within `radius` samples),
    /// by linear interpolation between the two samples around the sign change; nil if it does
    /// not change sign there.
    static func rateCrossing(_ rate: [Double], near index: Int, radius: Int) -> Double? {
        var best: Double?
        let lo = max(0, index - radius), hi = min(rate.count - 1, index + radius)
        guard lo < hi else { return nil }
        for k in lo..<hi where (rate[k] < 0) != (rate[k + 1] < 0) {
            let crossing = Double(k) + rate[k] / (rate[k] - rate[k + 1])
            if best.map({ abs(crossing - Double(index)) < abs($0 - Double(index)) }) ?? true { best = crossing }
        }
        return best
    }

    /// Displacement, m, between two stops where the bell (hips) is at rest, from the acceleration
    /// along one axis: integrated twice, the velocity's drift removed so that it is zero at
    /// both ends (a zero-velocity update at each stop).
    static func restToRestExcursion(_ acceleration: [Double], from: Int, to: Int, dt: Double) -> Double {
        let lo = max(0, from), hi = min(acceleration.count - 1, to)
        guard lo < hi else { return 0 }
        var velocity = [Double](repeating: 0, count: hi - lo + 1)
        for i in (lo + 1)...hi { velocity[i - lo] = velocity[i - lo - 1] + 0.5 * (acceleration[i - 1] + acceleration[i]) * dt }
        let drift = velocity[hi - lo]
        var position = 0.0
        for k in 1..<velocity.count {
            let v0 = velocity[k - 1] - drift * Double(k - 1) / Double(hi - lo)
            let v1 = velocity[k] - drift * Double(k) / Double(hi - lo)
            position += 0.5 * (v0 + v1) * dt
        }
        return position
    }

    /// ∫ values dt between two local indices (trapezoid), signed.
    static func integral(_ values: [Double], from: Int, to: Int, dt: Double) -> Double {
        let lo = max(0, min(from, to)), hi = min(values.count - 1, max(from, to))
        guard lo < hi else { return 0 }
        var sum = 0.0
        for k in lo..<hi { sum += 0.5 * (values[k] + values[k + 1]) * dt }
        return from <= to ? sum : -sum
    }

    /// Deep local minima of `speed` inside `range`: below a third of the largest speed within
    /// half a period either side, at least a quarter period apart (the slower one wins).
    func deepMinima(_ speed: [Double], in range: Range<Int>, period: Double) -> [Int] {
        let fs = trace.sampleRate
        let half = max(1, Int(0.5 * period * fs))
        let spacing = max(1, Int(0.25 * period * fs))
        let smooth = SignalMath.movingAverage(speed, window: max(1, Int(0.04 * period * fs)))
        var minima: [Int] = []
        let lo = max(range.lowerBound, 1), hi = min(range.upperBound, smooth.count - 1)
        guard lo < hi else { return [] }
        for i in lo..<hi where smooth[i] <= smooth[i - 1] && smooth[i] < smooth[i + 1] {
            let neighbourhood = max(0, i - half)..<min(smooth.count, i + half + 1)
            guard let top = smooth[neighbourhood].max(), smooth[i] < top / 3 else { continue }
            if let last = minima.last, i - last < spacing {
                if smooth[i] < smooth[last] { minima[minima.count - 1] = i }
            } else {
                minima.append(i)
            }
        }
        // The slowest sample of the raw speed near each smoothed minimum.
        let refine = max(1, Int(0.05 * period * fs))
        return minima.map { m in
            (max(0, m - refine)...min(speed.count - 1, m + refine)).min { speed[$0] < speed[$1] } ?? m
        }
    }

    /// Sub-sample instant where the coarse velocity, projected on the acceleration at the
    /// slowest sample `index`, crosses zero: near a reversal v ≈ a·(t − t*), so that projection
    /// changes sign exactly at the stop.
    func refinedStop(at index: Int, velocities: [[Double]], accelerations: [[Double]], searchRadius: Int) -> Double {
        let n = velocities[0].count
        guard index > 1, index + 2 < n else { return Double(index) }
        var direction = [0.0, 0.0, 0.0]
        for c in 0..<3 { direction[c] = (accelerations[c][index - 1] + accelerations[c][index] + accelerations[c][index + 1]) / 3 }
        let length = (direction[0] * direction[0] + direction[1] * direction[1] + direction[2] * direction[2]).squareRoot()
        guard length > 0 else { return Double(index) }
        let projection = { (k: Int) -> Double in
            (0..<3).reduce(0.0) { $0 + velocities[$1][k] * direction[$1] } / length
        }
        // The crossing nearest the slowest sample, within a tenth of a period.
        var best: Double?
        for k in max(0, index - searchRadius)..<min(n - 1, index + searchRadius) {
            let p0 = projection(k), p1 = projection(k + 1)
            if p0 <= 0, p1 > 0 {
                let crossing = Double(k) + p0 / (p0 - p1)
                if best == nil || abs(crossing - Double(index)) < abs(best! - Double(index)) { best = crossing }
            }
        }
        return best ?? Double(index)
    }

    /// Keeps the cycles that are reps: a real drive rises (swing) or travels forward (hip pull)
    /// as far as the run's typical cycle; the hike and the park do not.
    func acceptReps(_ candidates: [MotionRep], typicalExcursion: Double? = nil) -> [MotionRep] {
        let excursion: (MotionRep) -> Double = { rep in
            switch exercise {
            case .swing: return rep.floatHeight
            case .hipPull: return rep.forwardTravel
            }
        }
        if !candidates.isEmpty, candidates.allSatisfy({ $0.swingAngle != nil }) {
            let angles = candidates.map { $0.swingAngle ?? 0 }
            guard let typical = typicalExcursion ?? SignalMath.median(angles) else { return [] }
            // Hip pull with a gyroscope: a fatigued set's later reps against their neighbours too
            // (HipPullRepAcceptance.swift).
            if exercise == .hipPull, trace.angularVelocity != nil { return hipPullRepsKeepingPace(candidates, typical: typical) }
            // A swing at the hips without a gyroscope: its drives can be judged to the tilt's stop
            // (see `analyzeRun`), where the hike's pick-up turns the pelvis by a third of a
            // swing's hinge (0.31–0.39 rad against 1.1–1.4 on `simulate_sweep.py --mode
            // swing-hips --seed 2`); a swing, tired or not, hinges through most of it.
            let share = swingAtHipsTiltFromForce ? Self.swingAtHipsLeastDriveShare : Self.minimumRelativeExcursion
            return candidates.filter { ($0.swingAngle ?? 0) >= share * typical }
        }
        if exercise == .swing, !candidates.isEmpty, candidates.allSatisfy(\.floats) {
            // Accelerometer alone: every candidate passed the float test, the physical test of a
            // swing rep. Its integrated height is too poor to compare with the other reps (an
            // American float integrated through a poor tilt can come out below the bottom); the
            // one thing it is still asked, whether a cycle at the edge of a run rose at all, was
            // asked in analyzeRun (`accelerometerOnlyCycleNeedsRise`).
            return candidates
        }
        let minimum = exercise == .swing ? Self.minimumSwingRiseM : Self.minimumHipTravelM
        let plausible = candidates.filter { excursion($0) > minimum }
        guard let typical = typicalExcursion ?? SignalMath.median(plausible.map(excursion)) else { return [] }
        return plausible.filter { excursion($0) >= Self.minimumRelativeExcursion * typical }
    }
}

/// The runs of `findRuns`, filled from several threads (each index written once, under a lock).
private final class RunResults: @unchecked Sendable {
    private var slots: [MotionRun?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func store(_ index: Int, _ run: MotionRun) { lock.withLock { slots[index] = run } }
    var runs: [MotionRun] { lock.withLock { slots.compactMap { $0 } } }
}
