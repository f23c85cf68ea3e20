import Foundation
import HipDriveRecordings

// Accelerometer-only swing counting: is a turnaround-to-turnaround cycle a rep?
//
// Without a gyroscope the integrated height of a cycle is too poor to judge it (the tilt comes
// from a low-passed specific force that cannot follow a bell turning through 150–270° per
// second), so a cycle is judged by the one thing a swing does that the hike, the park and
// standing up with the bell do not: the bell FLOATS, the arm rising well above 50° from
// hanging, where the hands no longer carry the bell's weight along the arm.
//
// The load along the arm. Near a stop (the apex) the bell barely turns, so the specific force
// has no centripetal part and its component along the arm towards the hands is g·cos θ, θ the
// arm's angle from hanging (plus whatever the hands pull). Two cases:
// * Russian swing, float near the horizontal: the bell is close to free flight, |f| ≪ g.
// * American swing, float overhead: the arms are stacked under the bell and carry it, so |f|
//   is close to g again, but it now points the other way along the arm (θ ≈ 180°,
//   g·cos θ ≈ −g). The magnitude alone misses that float (a 16 kg American swing reads
//   |f| ≈ 1 g at the top); the component along the arm does not.
// The arm's direction in the sensor frame is where the specific force points when it is large:
// at the bottom passes the centripetal load (v²/r ≈ 1–3 g at 3–4 m/s on a 0.6–0.8 m arm) and
// gravity both pull along the arm towards the hands. So the float load is
//     min(|f|, f·ê),   ê = direction of the mean specific force over samples above 1.5 g (or
//     above 0.9 of the run's high load where none reaches 1.5 g, `armLoadShareOfHigh`),
// and a cycle floats when that load drops below g·cos 50° (`floatingSpecificForce`) in the
// middle of the cycle. The middle, not the whole cycle: at the turnaround the bell is flipped
// back in the grip behind the legs and the sensor is turned far from its bottom-pass
// orientation, so f·ê can dip there too, briefly; the float lies between the drive and the fall,
// 0.3–0.7 s from either turnaround, which a cycle's middle three fifths hold.

extension MotionRepFinder {
    /// The counting of this file applies to an accelerometer-only swing sensor, on the bell or
    /// on the wrist. (The wrist used to keep an older float test, |f| near the apex with height
    /// parity, because this counting took the park and standing up for reps on a forearm; the
    /// wrist's own float bound, `wristFloatingSpecificForce`, and the last turnaround's search,
    /// `accelerometerOnlySwingPhases`, fixed that: validate seeds 1–3, wrist accelerometer-only,
    /// 59 of 67 sets exact and 6 false reps with the older test, 67 of 67 and none with this.)
    ///
    /// Also where a phone export recorded its orientation (or gravity) but no gyroscope: the
    /// floats need no orientation, while the stops of the world-frame speed locked on half the
    /// period of an American swing (two bottom passes a rep) and lost whole sets (HipDrive's
    /// simulator, `simulate --style american --hands one --mass 24 --cadence 24 --sets 3 --reps 16
    /// --no-gyro --no-hike --format sensor-logger --seed 1104`: 16, 1, 1 of 16 reps). The
    /// recorded orientation still turns each rep's acceleration into the world for its power.
    /// A banded hip pull recorded without a gyroscope: counted and measured from the pelvis's
    /// tilt in the specific force (HipPullAccelerometerOnly*.swift), also where a phone export
    /// recorded its orientation (its rate is not the pelvis's without a gyroscope behind it;
    /// HipDrive's simulator, Sensor Logger folders without a gyroscope: a set's last drive, which
    /// ends standing, was lost in every set).
    var hipPullWithoutGyroscope: Bool { exercise == .hipPull && withoutGyroscope }

    /// A recording without a gyroscope, its orientation estimated here or recorded by a phone
    /// (not a test trace that claims a fused orientation with no rates behind it).
    var withoutGyroscope: Bool {
        trace.angularVelocity == nil
            && (trace.orientationMethod == .accelerometerOnly || trace.orientationMethod == .recordedOrientation)
    }

    var usesForceCounting: Bool {
        exercise == .swing && withoutGyroscope
    }

    /// The float load below which a cycle floats, m/s² (`floatingSpecificForce`, g·cos 50°, on
    /// a bell; g·cos 60° on a wrist, `wristFloatingSpecificForce`).
    var floatLoadBound: Double { sensorOnWrist ? Self.wristFloatingSpecificForce : Self.floatingSpecificForce }

    /// Float load bound for a forearm sensor, m/s² (g·cos 60°). The forearm does not carry the
    /// bell's inertia the way a sensor on the bell does, and at the park it moves with the body:
    /// the athlete crouches as the bell is lowered to the floor, the shoulder accelerating
    /// downward at 0.3–0.5 g with the arm hanging, so the load along the arm drops to 0.5–0.65 g
    /// with no float at all (simulated wrists: 0.51 g and up over 114 parks, seeds 1–6). A swing
    /// floats the arm past 60° even when fatigued (a fatigued Russian swing still reaches
    /// 60–70°, where g·cos θ is 0.34–0.5 g; simulated wrist floats: 0.45 g at most over 1878
    /// reps), so the bound sits at 60°.
    static let wristFloatingSpecificForce = standardGravity * cos(60 * Double.pi / 180)

    /// Specific force above this, m/s², is taken to point along the arm (towards the hands): the
    /// bottom passes of a swing load the arm with g plus a centripetal 0.7–3 g; standing, the
    /// hike and the park stay near 1 g.
    static let armLoadThreshold = 1.5 * standardGravity
    /// A run none of whose samples reaches `armLoadThreshold` takes the arm's direction from its
    /// own strongest loads instead: samples above this share of the run's high load (its 99th
    /// percentile of |f|), but not under `lowestArmLoad`. A weak swing loads a watch less
    /// than the bell: a bell at 2.2 m/s, the wrist at ~1.6 m/s on a 0.6 m radius, is a
    /// centripetal 0.4–0.5 g, so every pass of a set read 1.39–1.46 g and no sample reached
    /// 1.5 g; the float load fell back to |f| (0.75 g at the float) and the whole set was lost
    /// (independent simulator, seed 609 session 60900022: 0 of 8).
    static let armLoadShareOfHigh = 0.9
    /// The weakest load taken for the arm's direction, m/s² (1.2 g): a pass of 0.2 g
    /// centripetal is a swing of ~1 m/s at the wrist; under it the specific force is gravity
    /// and the body's own motion.
    static let lowestArmLoad = 1.2 * standardGravity
    /// Share of a cycle at each end left out of the float search (see the top of this file):
    /// the drive from the turnaround to the float takes 40–50 % of the cycle and the float spans
    /// ±0.2 s around the apex, so a fifth at each end keeps the float and drops the turnarounds.
    static let floatSearchMargin = 0.2

    /// How far after a data gap's end, in rep periods, the first low swing of a piece that
    /// carries the set on may lie (`continuesAcrossGap`): the rep whose turnaround fell in the
    /// gap has its apex within a period of the gap's end, and its pass before may be cut by the
    /// gap (then it cannot be judged), so the next one, up to a period and a half, opens it.
    static let gapChainReach = 1.5

    /// The float load of an accelerometer-only swing over `span` (see the top of this file):
    /// min(|f|, f·ê) per sample, m/s², smoothed over 50 ms like `specificForceMagnitude`.
    /// `run` (absolute indices) is the active run whose bottom passes give the arm direction ê;
    /// without any sample above the run's arm load (`armLoadThreshold(run:)`) the magnitude alone is returned.
    func accelerometerOnlyFloatLoad(span: Range<Int>, run: Range<Int>) -> [Double] {
        let f = trace.specificForce
        let armLoad = armLoadThreshold(run: run)
        var sx = 0.0, sy = 0.0, sz = 0.0
        for i in run where i >= 0 && i < f.count {
            let x = f.x[i], y = f.y[i], z = f.z[i]
            if x * x + y * y + z * z > armLoad * armLoad {
                sx += x; sy += y; sz += z
            }
        }
        let length = (sx * sx + sy * sy + sz * sz).squareRoot()
        let load = span.map { i -> Double in
            let x = f.x[i], y = f.y[i], z = f.z[i]
            let magnitude = (x * x + y * y + z * z).squareRoot()
            guard length > 0 else { return magnitude }
            return min(magnitude, (x * sx + y * sy + z * sz) / length)
        }
        return SignalMath.movingAverage(load, window: max(1, Int((0.05 * trace.sampleRate).rounded())))
    }

    /// The load above which a run's specific force is taken along the arm, m/s²:
    /// `armLoadThreshold`, or the run's own strongest loads where no sample reaches it
    /// (`armLoadShareOfHigh`, `lowestArmLoad`). Only then: applied to every run, the wider
    /// selection also moved runs with a few samples over 1.5 g (a piece after a data gap, seed 581
    /// session 58100028: a rep placed in the gap, 8 → 9 of 8), while it fixed only runs with
    /// none (1 of 2 916 accelerometer-only independent sessions worse, 3 better).
    func armLoadThreshold(run: Range<Int>) -> Double {
        let f = trace.specificForce
        let clamped = max(0, run.lowerBound)..<min(f.count, max(0, run.upperBound))
        let squares = clamped.map { i in f.x[i] * f.x[i] + f.y[i] * f.y[i] + f.z[i] * f.z[i] }
        guard !squares.isEmpty, !squares.contains(where: { $0 > Self.armLoadThreshold * Self.armLoadThreshold }) else {
            return Self.armLoadThreshold
        }
        let high = squares.sorted()[min(squares.count - 1, Int(0.99 * Double(squares.count)))].squareRoot()
        if Self.debug {
            print("arm load run", Double(run.lowerBound) / trace.sampleRate, Double(run.upperBound) / trace.sampleRate,
                  "under 1.5 g, p99", high / standardGravity, "g")
        }
        return max(Self.lowestArmLoad, Self.armLoadShareOfHigh * high)
    }

    /// True when the cycle from the turnaround `start` to `end` (local indices into `load`, whose
    /// first sample is the trace's `spanStart`) floats: the float load drops below
    /// `floatingSpecificForce` in the cycle's middle, and the bell passes the bottom with the
    /// load of a swing (`bottomPassSpecificForce`) both between the turnaround and the float
    /// (`apex`) and between the float and the end. A cycle that ends at rest (`endsAtRest`: the
    /// park, or standing up with the bell) is searched only where a rep's float would be,
    /// 0.2–0.8 of a rep period after its turnaround, and its return within 0.6 of a period.
    /// With `everyFloatClosed` (the phases came from `accelerometerOnlySwingPhases`, which puts a
    /// turnaround after every float) a cycle that ends at rest is never a rep: its float, if it
    /// shows one, is the park's or the stand-up's, since a rep's float falls back into a
    /// turnaround.
    func accelerometerOnlyCycleFloats(load: [Double], start: Int, end: Int, apex: Int, spanStart: Int,
                                      endsAtRest: Bool, period: Double, everyFloatClosed: Bool = false,
                                      lowSwing: Bool = false, inRhythm: Bool = false,
                                      followingCycle: (start: Int, end: Int, apex: Int)? = nil) -> Bool {
        if endsAtRest, everyFloatClosed { return false }
        let periodSamples = period * trace.sampleRate
        let cycle = endsAtRest ? periodSamples : Double(end - start)
        let from = start + Int((Self.floatSearchMargin * cycle).rounded())
        let to = min(load.count - 1, endsAtRest ? start + Int(((1 - Self.floatSearchMargin) * cycle).rounded())
                                                : end - Int((Self.floatSearchMargin * cycle).rounded()))
        guard from >= 0, from <= to else { return false }
        let floatLoad = load[from...to].min() ?? .infinity
        // A float is a swing's only when the bell got there from a bottom pass and falls back
        // through another: standing up with the bell (it swings forward to hang) and the park
        // (forward, then set down) have no return, and the approach to the hike no drive.
        let returnEnd = endsAtRest ? min(end, apex + Int(0.6 * periodSamples)) : end
        guard apex > start, returnEnd > apex else { return false }
        let drive = peakSpecificForce(from: spanStart + start, to: spanStart + apex)
        let fall = peakSpecificForce(from: spanStart + apex, to: spanStart + returnEnd)
        if Self.debug {
            print("accelerometer-only cycle", Double(spanStart + start) / trace.sampleRate, "float load", floatLoad / standardGravity,
                  "g, bottom passes", drive / standardGravity, fall / standardGravity, "g")
        }
        // A low swing continuing the set, and a float in the set's rhythm whose passes are a low
        // swing's (AccelerometerOnlyLowSwing.swift).
        if lowSwing { return floatLoad < Self.lowSwingSpecificForce && min(drive, fall) >= Self.lowSwingPassSpecificForce }
        // In the set's rhythm a cycle is held to a low swing's standard, as the chain of low
        // swings holds its apexes: a cycle that floats, one rep after the float before it, is not
        // asked for more (slow American reps, 20 per minute, pass the bottom at 1.14–1.15 g on
        // their drive and float at 0.24 g: independent simulator seed 141, session 14100028, and
        // seed 140, session 14000033, each lost one), nor is one whose apex was chosen for a
        // float's dip elsewhere in it (the hips' snap after the turnaround) while the apex itself
        // reads a low swing's load (seed 434, session 43400012, the last rep).
        if inRhythm, floatLoad < Self.lowSwingSpecificForce, min(drive, fall) >= Self.lowSwingPassSpecificForce { return true }
        guard floatLoad < floatLoadBound, fall >= Self.bottomPassSpecificForce else { return false }
        if drive >= Self.bottomPassSpecificForce { return true }
        // A weak drive inside a set: a fatigued one-hand drive can pass the bottom at 1.2 g while
        // the bell still floats and falls back through a full pass (validate seed 2, session
        // 735685274: drive 1.24 g, float −0.39 g, fall 2.6 g). The park's forward swing looks
        // the same, but nothing swings on after it, while a tired rep is followed by another rep:
        // so the cycle counts when the one after it passes the whole test (float and both passes).
        guard let next = followingCycle else { return false }
        return accelerometerOnlyCycleFloats(load: load, start: next.start, end: next.end, apex: next.apex,
                                            spanStart: spanStart, endsAtRest: false, period: period)
    }

    /// Least peak specific force of a bottom pass next to a float, m/s² (1.25 g). A swing passes
    /// the bottom at 2–4 m/s, a centripetal 0.5–2 g on the 0.5–0.8 m radius of a wrist or a bell,
    /// on top of g; standing, bending over to the bell, the approach to the hike and standing up
    /// with it stay within about 1 ± 0.15 g. (A rigid pendulum floating past 50° would pass the
    /// bottom at 1.5 g or more, but the hands and the hinge take part of the load in a weak,
    /// fatigued swing, so the bound sits just clear of standing, not at the pendulum's value.)
    static let bottomPassSpecificForce = 1.25 * standardGravity

    /// Window of the running median of |f| when looking for bottom passes, s: a pass loads the
    /// arm for 0.1–0.3 s (±20–40° of arc at 2–4 m/s on a 0.5–0.8 m radius), an impact (the
    /// set-down of the park, a knock on the floor) for a few tens of milliseconds, which a
    /// median over 0.1 s removes however hard the impact (an average would not).
    static let bottomPassAverageS = 0.1

    /// |f| over `span` (absolute indices) as a running median over `bottomPassAverageS`, m/s².
    func bottomPassLoad(span: Range<Int>) -> [Double] {
        let f = trace.specificForce
        let magnitude = span.map { i in (f.x[i] * f.x[i] + f.y[i] * f.y[i] + f.z[i] * f.z[i]).squareRoot() }
        let half = max(1, Int((0.5 * Self.bottomPassAverageS * trace.sampleRate).rounded()))
        return magnitude.indices.map { i in
            let window = magnitude[max(0, i - half)...min(magnitude.count - 1, i + half)].sorted()
            return window[window.count / 2]
        }
    }

    /// Largest |f| averaged over `bottomPassAverageS` between two absolute sample indices, m/s².
    /// (An average, not the median of `bottomPassLoad`: a wrist's bottom pass is a sharp peak
    /// that a median would cut; within a cycle, between its turnarounds, no set-down can fall.)
    func peakSpecificForce(from: Int, to: Int) -> Double {
        let reach = Int((Self.bottomPassAverageS * trace.sampleRate).rounded())
        let lo = max(0, from - reach), hi = min(trace.specificForce.count, to + reach + 1)
        guard lo < hi else { return 0 }
        let averaged = SignalMath.movingAverage(specificForceMagnitude(span: lo..<hi), window: max(1, reach))
        let first = max(0, from - lo), last = min(averaged.count - 1, max(0, to - lo))
        guard first <= last else { return 0 }
        return averaged[first...last].max() ?? 0
    }
}

// Accelerometer-only swing phase: which stops are turnarounds and which are apexes.
//
// The stops themselves (deep minima of a speed integrated through the low-pass tilt) are found
// as before, but their turnaround/apex parity cannot come from the integrated height at each
// stop (an American swing, integrated through a tilt that lags the bell by a quarter turn, can
// put its float below the turnaround, and one spurious stop flips the parity of every stop after
// it). The specific force tells the two apart with no orientation at all. Averaged over a third
// of a rep period, |f| is lowest around the float: there the hands carry less than the bell's
// weight (a Russian float is near free flight; an American one passes the horizontal, |f| ≈
// 0.2–0.4 g, on its way up and down), while every turnaround sits between the two bottom passes
// (v²/r ≈ 1–3 g on top of g) and the hands' braking and drive. So each rep period holds one
// clear minimum of the averaged |f|, at the float; the turnaround between two floats is the
// sharp |f| minimum between the bottom passes (see `accelerometerOnlySwingPhases`), which needs
// no integrated speed and lands within a few hundredths of a second of the bell's stop.

extension MotionRepFinder {
    /// Width of the |f| average that locates floats, in rep periods: a third of a period spans the
    /// float (0.4–0.7 s) while reaching the bottom passes on both sides of a turnaround (each
    /// 0.2–0.3 s away from it), so a turnaround's brief dip is averaged away and a float is not.
    static let floatAverageShare = 1.0 / 3.0

    /// Averaged |f| (`floatAverageShare` of a period) that a forearm's float overhead (the load
    /// along the arm below zero: the arm pushes) stays under, m/s² (1.5 g). Near the apex the bell
    /// is slow, so the arm carries no centripetal load; overhead it stops the bell from going over
    /// and pushes on it: |f| averaged up to 1.24 g on a 6.7 m/s American swing (HipDrive's
    /// `simulate_sweep.py --mode swing --seed 1`, session 4; some 3500 such floats over HipDrive's
    /// validation seeds 1–3, its swing sweeps and the independent simulator's wrists, none
    /// higher). A forearm turning at the bottom of a fast Russian drive can read a push along the
    /// arm for a moment, a "float" whose average is a bottom pass's, 1.67 g (independent simulator
    /// seed 524, session 52400013: it took the place of a float and four turnarounds of the set
    /// were mis-placed, one rep too many). A float below the shoulder has no such bound: its
    /// average window (a third of a period) reaches the passes on a fast set, and a true float
    /// averaged 1.30 g (independent simulator seed 556, session 55600008, 39 a minute), more than a
    /// step of a walk after a set that dips the load along the arm like a float (1.18 g, seed 533,
    /// session 53300019, still counted as a rep). Not on a bell either: the sensor turns with the
    /// bell in the grip, and an off-axis one reads that turn's centripetal load at true floats
    /// (up to 2.1 g on the independent simulator's bells).
    static let wristOverheadFloatAverageBound = 1.5 * standardGravity

    /// Floats closer than this, in rep periods, are one float (the deeper wins): a rep has one,
    /// and a turnaround lies about half a period from the floats either side, so half a period
    /// would let a turnaround's shallower minimum of the average through; 0.7 still allows the
    /// cadence to quicken by 30 % from one rep to the next.
    static let floatSpacingShare = 0.7
    /// How far after a turnaround its drive's bottom pass is looked for, in rep periods: the bell
    /// falls from the backswing stop (30–45° behind vertical) to the bottom in a quarter to a
    /// third of a period and floats at about half a period, so a third holds the pass but not
    /// the float (a fifth, the flank of the turnaround's |f| minimum, missed the passes of slow
    /// fatigued reps, 0.5–0.6 s after their turnaround at a 2 s period).
    static let drivePassReachShare = 1.0 / 3.0
    /// Share of the centripetal load of the set's floats' passes (|f| − g at the bottom) below
    /// which the pass before a minimum is the hike's, not a swing's (see
    /// `accelerometerOnlySwingPhases`): a pendulum's pass carries 2g·(1 − cos θ) for a rise to
    /// θ, so half of it still lifts the bell from a 90° float to 60°, past the float bound;
    /// the hike's pass (1.3–1.5 g against the set's 2.3–4.8 g in the independent simulator
    /// and validate) carries a fifth to a third.
    static let hikePassShare = 0.5
    /// How many of a run's first floats give the set's pass against which the hike is judged
    /// (`hikePassShare`): the opening reps, before a breakdown weakens the passes.
    static let openingFloats = 5
    /// Least float load of the hike's stop behind the legs, m/s² (g·cos 60°): behind the legs
    /// the forearms meet the inner thighs, and the arm stops 30–60° from hanging (the hike's
    /// deep stop 0.60–0.63 g in the independent simulator), where g·cos θ is 0.5 g or more; a
    /// load below that is a float in front, whatever the pass before it.
    static let hikeStopLoad = standardGravity * cos(60 * Double.pi / 180)
    /// Least float load of a stop behind the legs that a bell turning in the grip can read,
    /// m/s² (0.15 g, the arm's weight component at 81°). The arm stops 30–60° from hanging
    /// behind the legs (`hikeStopLoad`), but the bell turning in the grip at that stop turns the
    /// sensor away from the arm's direction ê and the load along ê reads low (independent
    /// simulator hikes 0.28–0.45 g, HipDrive's own 0.26–0.54 g); near zero the bell is in free
    /// flight, which it is only at a float in front (kettlebox swing_left_0: 0.07 g).
    static let hikeStopLeastLoad = 0.15 * standardGravity
    /// Half-width of the average that tells a float's load from a brief dip, s (0.1 s). At a
    /// float the bell is near its apex and turns slowly, so the load along the arm changes at a
    /// pendulum's rate: rising from an apex at 90°, the arm falls by g·t²/(2r) ≈ 0.07 rad within
    /// 0.1 s on a 0.7 m radius, and the load, 3g·sin of that, by about 0.2 g. Averaged over
    /// ±0.1 s, a float's load stays near its least (HipDrive's own simulator, validate seed 2,
    /// session 794948441: a first float whose lowest 50 ms, −0.56 g, lay at its edge next to
    /// a 1.15 g flicker of the grip, held −0.05 g over its middle). Right after the stop behind the legs the
    /// hips' snap can cancel the load along the arm for a few tens of milliseconds between two
    /// loads of 1.5–3.5 g (independent simulator seed 182, sessions 18200000, 18200018 and
    /// 18200044: −0.3 to 0.06 g, 0.15–0.25 s after the hike's stop, 0.8–1.1 g averaged over
    /// ±0.1 s), which no pendulum at its apex can: that is no float in front, whatever its
    /// lowest 50 ms read.
    static let floatHoldS = 0.1

    /// Stops (local indices into `span`, ascending) and which of them are turnarounds for an
    /// accelerometer-only swing: floats from the averaged |f|, the apex stop nearest each float
    /// (or the float itself), and between two floats the |f| minimum between the bottom passes as
    /// the turnaround (the caller refines it between samples with
    /// `accelerometerOnlyTurnaroundPosition`, not from the integrated speed). Nil when the run
    /// shows fewer than `minimumFloats` floats (the caller keeps its own stops and parity): two
    /// for a run with its own rhythm; one for a piece cut by a data gap that took its cadence
    /// from across the gap (a rep and the park can be all a piece holds). `measuredStart` and
    /// `measuredEnd` (trace indices, the measured piece the run lies in; `span`'s bounds by
    /// default) bound what is read outside the span: a drive's pass before a minimum near the
    /// span's start, the bell coming to rest after the set.
    func accelerometerOnlySwingPhases(span: Range<Int>, active: Range<Int>, period: Double,
                                      stops: [Int], minimumFloats: Int = 2, continuesAcrossGap: Bool = false,
                                      measuredStart: Int? = nil, measuredEnd: Int? = nil)
        -> (stops: [Int], isTurnaround: [Bool], lowSwingApexes: Set<Int>, rhythmApexes: Set<Int>)? {
        let fs = trace.sampleRate
        let measuredStart = measuredStart ?? span.lowerBound
        let measuredEnd = measuredEnd ?? span.upperBound
        // On a bell, shocks taken out first (`shockFreeMagnitude`); a forearm's sharp bottom pass is its own.
        let magnitude = sensorOnWrist ? specificForceMagnitude(span: span) : shockFreeMagnitude(span: span)
        let average = SignalMath.movingAverage(magnitude, window: max(1, Int((Self.floatAverageShare * period * fs).rounded())))
        let lo = max(active.lowerBound, 1), hi = min(active.upperBound, average.count - 1)
        guard lo < hi else { return nil }
        var minima: [Int] = []
        for i in lo..<hi where average[i] <= average[i - 1] && average[i] < average[i + 1] { minima.append(i) }
        let spacing = Int(Self.floatSpacingShare * period * fs)
        let periodSamples = period * fs
        // A minimum of the averaged |f| is a float only if the float load itself drops to a
        // float's within a quarter period of it (`floatLoadBound`, the arm past 50°, 60° on a wrist): the
        // average also has shallow minima where nothing floats, at the approach and the hike
        // (|f| ≈ 1 g) or the park, and such a "float" would misplace the turnarounds around it
        // (a wrist's hike put the first turnaround 0.85–1 s early). Such a minimum could never
        // make a cycle pass `accelerometerOnlyCycleFloats`, which applies the same bound.
        // And a swing's float lies between two bottom passes, the drive's and the fall's, each
        // within three quarters of a period (the drive from the turnaround to the float takes
        // 40–70 % of a period, the fall a little less, and the passes lie between; the hip drive
        // loads a forearm hardest right next to the turnaround): standing up after the
        // park turns the forearm so that its load along the arm can dip like a float, but nothing
        // swings back through the bottom after it. Passes as in `accelerometerOnlyCycleFloats`
        // (`peakSpecificForce`: a median would cut a wrist's sharp pass, and the rise after the
        // set-down has no pass at all); a side cut off by the end of the measured data (a gap,
        // the recording's edge) is not judged.
        let load = accelerometerOnlyFloatLoad(span: span, run: (span.lowerBound + active.lowerBound)..<(span.lowerBound + active.upperBound))
        let reach = Int(0.25 * periodSamples)
        let floatPasses = bottomPassLoad(span: span)
        let passReach = Int(0.75 * periodSamples)
        // Each minimum is a float proper, or the apex of a low swing that continues the set
        // (AccelerometerOnlyLowSwing.swift), or neither.
        struct Candidate: FloatLikeMinimum {
            let index: Int; let load: Double; let heldLoad: Double; let passes: (before: Double, after: Double); let cut: Bool; let park: Bool
        }
        // The load held over ±`floatHoldS` (its centred average), at its least near each minimum.
        let heldLoads = SignalMath.movingAverage(load, window: 2 * max(1, Int((Self.floatHoldS * fs).rounded())) + 1)
        func candidate(_ f: Int) -> Candidate {
            let window = max(0, f - reach)...min(load.count - 1, f + reach)
            let lowest = window.min { load[$0] < load[$1] } ?? f
            let floatLoad = load[lowest]
            // The least load held for ±`floatHoldS` in the same window: a float is held, a dip is not.
            let heldLoad = window.map { heldLoads[$0] }.min() ?? floatLoad
            // A float lies between its two passes: the drive's pass comes before both the
            // minimum of the average and the float load's own minimum (which can lie a quarter
            // period from it), the fall's pass after both. Before the hike the bell, tipped
            // towards the athlete on the floor, can read a float's load with no swing before it
            // (validate seed 2, session 562786809: 0.59 g at 6.9 s after the approach's 1.0 g;
            // the hike's own pass, 1.4 g, came after that but before the average's minimum at
            // 7.46 s, this "float" was kept, and the set's first turnaround was put on the
            // floor, a second before the hike's).
            let (early, late) = (min(f, lowest), max(f, lowest))
            // A fall's window that runs past the span's end is still judged on its measured part
            // when that part holds where the pass must lie (`floatPassMeasuredShare`,
            // AccelerometerOnlyRecordingEdge.swift); only a shorter one is left unjudged.
            let measured = Int(Self.floatPassMeasuredShare * periodSamples)
            // The drive's window is read before the span too, where the recording was measured:
            // the span opens a second before the run's activity, and a minimum within three
            // quarters of a period of its start (a hike picked up late by the activity) had its
            // drive's pass, or none, in the quiet before it. Taken as unmeasured, such a hike's
            // stop (0.62 g along the arm) passed for the set's first swung float, was chosen
            // first and pushed the first float half a second late, and the first turnaround,
            // placed from it, fell 2 s before the set: a rep counted before it (independent
            // simulator seed 681 session 68100028, set 3, American, centre of mass). On a bell
            // only: before a forearm's set the pick-up and the hike read a float's load on the arm
            // after passes of a swing's size, and with those passes measured three of them were
            // counted as reps before their sets (HipDrive's `simulate_sweep.py --mode swing
            // --seed 1|2`, watches at 25–100 Hz), where the unmeasured side kept them out.
            let beforeCut = span.lowerBound + early - passReach < (sensorOnWrist ? span.lowerBound : measuredStart)
            let afterCut = late + passReach >= floatPasses.count && late + measured >= floatPasses.count
            let passBefore = beforeCut ? .infinity : peakSpecificForce(from: span.lowerBound + early - passReach, to: span.lowerBound + early)
            let passAfter = afterCut ? .infinity
                : peakSpecificForce(from: span.lowerBound + late, to: span.lowerBound + min(floatPasses.count - 1, late + passReach))
            // A float after which the bell (or the forearm, after the stand-up) soon rests is the park's (AccelerometerOnlySwingPark.swift).
            let park = floatEndsInPark(float: f, magnitude: magnitude, passes: floatPasses, reach: max(1, Int(Self.drivePassReachShare * periodSamples)),
                                       periodSamples: periodSamples, spanStart: span.lowerBound)
            return Candidate(index: f, load: floatLoad, heldLoad: heldLoad, passes: (passBefore, passAfter), cut: beforeCut || afterCut, park: park)
        }
        func isFloat(_ c: Candidate) -> Bool {
            c.load < floatLoadBound && min(c.passes.before, c.passes.after) >= Self.bottomPassSpecificForce && !c.park
                && (!sensorOnWrist || c.load >= 0 || average[c.index] < Self.wristOverheadFloatAverageBound)
        }
        // Deepest first, each keeping the others `floatSpacingShare` of a period away; but the
        // minima before the set's first float reached from a swing's pass come last.
        //
        // The hike is no swing: the athlete pulls the bell back from the floor, where it sat a
        // little in front, so its pass behind the legs is weak (1.3–1.5 g), and then stops it
        // far behind, the arm 50° or more from hanging, where the load along the arm drops to a
        // float's (0.6 g). That stop, between the hike's pass and the first drive, passes for a
        // float, and its average, near 1 g, can be deeper than the first real float's (an
        // American float overhead reads |f| ≈ 1 g and more), which then lies within
        // `floatSpacingShare` of it and was dropped: the first rep was lost and the hike
        // counted in its place (independent simulator seed 91, session 9100022: the hike's
        // stop at 7.47 s, 0.62 g after a 1.41 g pass, the first float 1.0 s later).
        // A float is reached on the momentum of the pass before it: the centripetal load of
        // that pass, v²/r = 2g·(1 − cos θ) for a pendulum rising to θ, measures how high the
        // bell can rise. So a minimum whose pass before it carries less than half the
        // centripetal load of the set's floats (`hikePassShare`), before the first float
        // whose pass does, and where the load along the arm stays that of a stop behind the
        // legs (`hikeStopLoad`), is the hike or the approach, and it yields its place to any
        // other. (A real first rep can float from a weak-reading pass: kettlebox
        // swing_left_0 without its gyroscope columns, 0.07 g at 2.2 s after a 1.5 g pass.)
        // (Only before the first such float: inside a set a fatigued drive can be that weak,
        // validate seed 2 session 735685274, and the floats around it still decide.)
        // Nor is the set's first float-like minimum a float, whatever the load along the arm
        // reads there, when a float follows it within `floatSpacingShare` of a period whose
        // pass before it carries more than twice the centripetal load of its own
        // (`hikePassShare`): the bell swings on its momentum, so the pass it falls back through
        // from a float carries what the pass before that float carried, less losses; only the
        // hips' drive, behind the legs, adds energy. A bell that gained that much between the
        // two minima was driven between them, and the earlier one is the stop behind the legs
        // the first drive started from: the hike. (A bell turning in the grip there, or a
        // sensor on the ball's side, reads the load along the arm low at that stop, 0.28–0.45 g,
        // with the set's own passes too weak for `swungTo` to tell the hike's pass apart:
        // independent simulator seed 141, sessions 14100004, 14100013 and 14100016, hikes
        // 0.9–1.1 s before the first float, passes 1.4–1.9 g before them, 3.5–4.8 g after.)
        // And the stop must read like one behind the legs, `hikeStopLeastLoad` or more along
        // the arm: a load near zero (free flight) or below it (the hands under the bell) is a
        // float in front, and the set has begun. (Without that bound the first overhead float
        // of two American sets in HipDrive's own simulator, −0.8 to −0.9 g, and the first
        // float of kettlebox swing_left_0 without its gyroscope, 0.07 g, yielded to a minimum
        // of |f| at the turnaround after them, whose pass window reached back to their fall.)
        // That load is the one held for ±`floatHoldS` near the minimum, not a 50 ms dip: the
        // hips' snap right after the stop can cancel the load along the arm for a few tens of
        // milliseconds between two loads of 1.5–3.5 g, which no float in front does.
        let evaluated = minima.map(candidate)
        if Self.debug {
            for c in evaluated {
                print("accelerometer-only minimum", Double(span.lowerBound + c.index) / fs, "average", average[c.index] / standardGravity,
                      "g, load", c.load / standardGravity, "g, held", c.heldLoad / standardGravity, "g, passes",
                      c.passes.before / standardGravity, c.passes.after / standardGravity, "cut", c.cut, "park", c.park)
            }
        }
        // The set's pass: the median over its floats, or over its opening floats
        // (`openingFloats`, the minimum being judged left out) where those passed the bottom
        // harder: the hike is weighed against the drives that follow it, not against a set whose
        // later reps tired. With a breakdown at rep 6 of 8 the median of all passes fell to
        // 1.72 g, half its centripetal load to 0.36 g, and the hike's pass of 1.363 g passed for
        // a swing's: its stop kept the first rep's float out of its spacing and the first rep was
        // lost (independent simulator seed 612 session 61200010, a bell at the centre of mass;
        // its opening passes 2.55–2.65 g). The opening median alone did not do: a hike's stop can
        // read like a float itself (0.56 g along the arm after a 1.49 g pass), and a set whose
        // opening passes read lower than its later ones (1.97 g) then let it pass for a swing's
        // by 0.001 g (HipDrive's simulator, AccelerometerOnlyLastRepAndGapTests: 11 of 10).
        let setPasses = evaluated.filter(isFloat).map { min($0.passes.before, $0.passes.after) }.filter(\.isFinite)
        let allFloatsPass = SignalMath.median(setPasses) ?? Self.bottomPassSpecificForce
        let openingFloats = evaluated.filter(isFloat).prefix(Self.openingFloats + 1)
        func setPass(without c: Candidate) -> Double {
            let passes = openingFloats.filter { $0.index != c.index }.prefix(Self.openingFloats)
                .map { min($0.passes.before, $0.passes.after) }.filter(\.isFinite)
            return max(allFloatsPass, SignalMath.median(Array(passes)) ?? allFloatsPass)
        }
        func swungTo(_ c: Candidate) -> Bool {
            c.passes.before - standardGravity >= Self.hikePassShare * (setPass(without: c) - standardGravity)
        }
        let firstSwungFloat = evaluated.first { isFloat($0) && swungTo($0) }?.index
        var hikeStops: Set<Int> = []
        for (k, c) in evaluated.enumerated() where isFloat(c) {
            let drivenFloat = c.heldLoad < Self.hikeStopLeastLoad ? nil : evaluated[(k + 1)...].first {
                $0.index - c.index < spacing && isFloat($0) && $0.passes.before.isFinite
                    && c.passes.before - standardGravity < Self.hikePassShare * ($0.passes.before - standardGravity)
            }
            guard let float = drivenFloat else { break }
            hikeStops.insert(c.index)
            if Self.debug {
                print("accelerometer-only minimum", Double(span.lowerBound + c.index) / fs, "is the stop before the first drive (pass",
                      c.passes.before / standardGravity, "g, float load", c.load / standardGravity, "g): the float at",
                      Double(span.lowerBound + float.index) / fs, "s follows a pass of", float.passes.before / standardGravity, "g")
            }
        }
        func beforeTheSet(_ c: Candidate) -> Bool {
            if hikeStops.contains(c.index) { return true }
            return firstSwungFloat.map { c.index < $0 } == true && !swungTo(c) && c.heldLoad >= Self.hikeStopLoad
        }
        let order = evaluated.indices.sorted {
            let (a, b) = (evaluated[$0], evaluated[$1])
            if beforeTheSet(a) != beforeTheSet(b) { return beforeTheSet(b) }
            return average[a.index] < average[b.index]
        }
        var chosen: [Candidate] = []
        for k in order where chosen.allSatisfy({ abs($0.index - evaluated[k].index) >= spacing }) {
            chosen.append(evaluated[k])
        }
        if Self.debug {
            print("accelerometer-only minima chosen first", chosen.map { Double(span.lowerBound + $0.index) / fs }.sorted(),
                  "first swung float", firstSwungFloat.map { Double(span.lowerBound + $0) / fs } as Any,
                  "before the set", evaluated.filter(beforeTheSet).map { Double(span.lowerBound + $0.index) / fs })
        }
        // The bell at rest before the set yields its place to a float too. A set can start
        // straight from the hanging bell, without a hike: the stretch then opens on |f| ≈ 1 g,
        // a minimum of the average as deep as an American float overhead (1.0–1.2 g), with no
        // bottom pass before it and a load along the arm that is no float's. Chosen first, it
        // kept the first rep's float, 1.4 s later, out of its spacing, and the first rep was lost
        // (independent simulator seed 522, session 52200019, American, 12 kg). Only a float the
        // set's own swing reached (`swungTo`) takes its place: a hike's stop behind the legs,
        // reached from a weak pass, stays out, as the rest before it kept it out (HipDrive's
        // validation seed 3, session 683775342: set 3's first rep put on the hike's stop, 1.1 s
        // early, when any float could take the place). The pass must have been measured: a
        // minimum with none before it is the rest's own tail (HipDrive's simulator, `--no-hike`,
        // seed 1104: the bell at rest 0.5 s before the first drive, 0.51 g along the arm).
        // On a bell only: a forearm's minima before the set include the pick-up's and the
        // hike's, which read a float's load on the arm (HipDrive's `simulate_sweep.py --mode
        // swing --seed 2`, sessions 40 and 50, wrists: three reps counted before their sets).
        // The chosen minimum `k` gives its place to the deepest float (by the average) that
        // `eligible` admits and that keeps its spacing from the other chosen minima (`what`
        // names it for tracing).
        //
        // A chosen minimum shallower than the float that takes the place, and within its spacing,
        // was chosen only because the yielding minimum kept that deeper float out: it steps aside
        // with it (`shadowedOut`), as it would have had the yielding minimum never been there.
        // The park's minimum, deepest, kept a handle sensor's last float (0.96 s before it) out,
        // a shallow minimum inside the last drive's pass (averaged |f| 1.86 g) took the freed
        // place, and the float, 0.32 s from it, could not take the park's: the last rep was lost
        // (independent simulator seed 629 session 62900022, 28 kg at 5 m/s, 15 of 16).
        var shadowedOut = Set<Int>()
        func yieldPlace(of k: Int, _ what: String, to eligible: (Candidate, _ others: [Int]) -> Bool) {
            let others = chosen.enumerated().filter { $0.offset != k && !shadowedOut.contains($0.element.index) }.map(\.element.index)
            func shadows(of c: Candidate) -> Set<Int> {
                Set(others.filter { abs($0 - c.index) < spacing && average[$0] > average[c.index] })
            }
            let clear = evaluated.filter { c in
                let shadow = shadows(of: c)
                let rest = others.filter { !shadow.contains($0) }
                return rest.allSatisfy { abs($0 - c.index) >= spacing } && eligible(c, rest)
            }
            guard let float = clear.min(by: { average[$0.index] < average[$1.index] }) else { return }
            let shadow = shadows(of: float)
            if Self.debug {
                print("accelerometer-only", what, Double(span.lowerBound + chosen[k].index) / fs, "yields to the float", Double(span.lowerBound + float.index) / fs,
                      "shadows stepping aside", shadow.sorted().map { Double(span.lowerBound + $0) / fs })
            }
            chosen[k] = float
            shadowedOut.formUnion(shadow)
        }
        for (k, rest) in chosen.enumerated() where !sensorOnWrist && rest.passes.before == .infinity && !isFloat(rest) {
            yieldPlace(of: k, "minimum at rest") { c, _ in
                abs(c.index - rest.index) < spacing && isFloat(c) && c.passes.before.isFinite && swungTo(c) && !beforeTheSet(c)
            }
        }
        // The park's forward swing yields its place to a float: a minimum after which the bell
        // comes to rest (`floatEndsInPark`) is never a rep's float, and when it lies within
        // `floatSpacingShare` of the set's last float its average (near 1 g, the bell slowing to
        // the floor) could be the deeper and drop that float: the last rep was lost
        // (independent simulator seed 141, session 14100040: the park at 124.2 s, 0.99 g,
        // took the place of the last float at 123.0 s, 1.03 g). Only a float it dropped takes
        // its place, the deepest that keeps its spacing from the other chosen minima, and only
        // one that can be the set's last rep's: before the park (the park's swing forward
        // follows the last rep's fall and turnaround) and at least `lowSwingSpacing` of a rep's
        // period after the float before it (the cadence drifts by a quarter at most from one
        // rep to the next; the park's own swing forward, half a period after the last float,
        // can read a float's load: validate seed 3, session 349318272). On a bell only: on a
        // forearm the minima `floatEndsInPark` marks are the stand-up after the park, and the
        // park's own swing forward before them reads a forearm's float load (0.39 g, at an
        // average |f| of 1.04 g against the set's floats' 0.6 g: validate seed 1, session
        // 891372918, counted as a 15th rep).
        // And it must keep the set's rhythm (`lowSwingContinuesSet`, against the chosen floats
        // before it): the last rep's float comes one rep after the float before it, while the
        // last turnaround, where the park's swing forward follows the fall, lies half a rep
        // later, and there the dip of the fall's re-hinge (0.2–0.3 s before the stop) can read a
        // float's load for a tenth of a second between two passes (independent simulator seed
        // 183, session 18300036: the last float at 22.4 s, 1.0 of a period after the one before,
        // lost to that turnaround at 23.2 s, 1.45 of a period after it, deeper in the average
        // because the park's rest follows it).
        let chosenFloats = chosen.filter { isFloat($0) && !beforeTheSet($0) }.map(\.index).sorted()
        let chosenGaps = zip(chosenFloats, chosenFloats.dropFirst()).map { Double($1 - $0) }
        let chosenRhythm = chosenGaps.count >= 2 ? (SignalMath.median(chosenGaps) ?? periodSamples) : periodSamples
        func keepsRhythm(_ c: Candidate, others: [Int]) -> Bool {
            let before = chosenFloats.filter { $0 < c.index && others.contains($0) }
            guard let last = before.last else { return true }
            return lowSwingContinuesSet(spacing: Double(c.index - last), kept: before, rhythm: chosenRhythm)
        }
        // The set's last swings after a breakdown are often low swings (AccelerometerOnlyLowSwing
        // .swift), not floats: a minimum that reads like one (`lowSwingLike`) and comes a rep
        // after the chosen minimum before it, float or not (`continuesChosen`), is such a swing's
        // apex. Such an apex can lose its place to a deeper minimum half a rep later, where the
        // park's backswing stops behind the legs (the arm 50–80° from hanging: |f| drops to
        // 0.6–0.9 g between the fall's pass and the park's swing forward), and the set's last rep
        // was lost (independent simulator seed 586 session 58600018, a handle sensor on 8 kg:
        // the last rep's apex at 28.0 s, 0.75 g, lost to the park's at 29.0 s, 0.59 g). So the
        // park's minimum yields its place to such an apex too. (A watch's last low swing can
        // lose its place the same way to the park's backswing, which is no park minimum: seed
        // 585 session 58500039. Letting any last minimum that is no apex yield to one fixed it
        // and four more sets, but cut a set at a data gap and counted a wrist's park elsewhere:
        // not kept.)
        // Their rhythm: the median spacing of all chosen minima (where most of a set's swings are
        // low, its floats alone are too few to give it).
        let allChosen = chosen.map(\.index).sorted()
        let allChosenRhythm = allChosen.count >= 3
            ? (SignalMath.median(zip(allChosen, allChosen.dropFirst()).map { Double($1 - $0) }) ?? periodSamples) : periodSamples
        /// A minimum that reads as a low swing's apex, its rhythm aside (AccelerometerOnlyLowSwing
        /// .swift): no park, not cut, a low swing's load and passes, and the bell returns (or falls
        /// back and is set down: the set's last rep, before the park).
        func readsAsLowSwing(_ c: Candidate, rhythm: Double) -> Bool {
            !c.park && !c.cut && c.load < Self.lowSwingSpecificForce
                && min(c.passes.before, c.passes.after) >= Self.lowSwingPassSpecificForce
                && (lowSwingReturns(apex: c.index, magnitude: magnitude, rhythm: rhythm)
                    || lowSwingEndsInPark(apex: c.index, periodSamples: periodSamples, spanStart: span.lowerBound, measuredEnd: measuredEnd))
        }
        func lowSwingLike(_ c: Candidate) -> Bool { readsAsLowSwing(c, rhythm: allChosenRhythm) }
        func continuesChosen(_ c: Candidate, others: [Int]) -> Bool {
            let before = others.filter { $0 < c.index }.sorted()
            guard let last = before.last else { return false }
            return lowSwingContinuesSet(spacing: Double(c.index - last), kept: before, rhythm: allChosenRhythm)
        }
        for (k, parked) in chosen.enumerated() where parked.park && !sensorOnWrist {
            yieldPlace(of: k, "park minimum") { c, others in
                guard c.index < parked.index, parked.index - c.index < spacing, !beforeTheSet(c) else { return false }
                if isFloat(c) {
                    return others.filter { $0 < c.index }.allSatisfy { Double(c.index - $0) >= Self.lowSwingSpacing.lowerBound * periodSamples }
                        && keepsRhythm(c, others: others)
                }
                return lowSwingLike(c) && continuesChosen(c, others: others)
            }
        }
        // The last backswing before the park yields its place to the last rep's float the same
        // way. After the last rep's fall the bell swings back between the legs, further than in
        // the set (the athlete sits into the park), where the load along the arm drops towards a
        // float's (0.6 g) and the average |f| reads lower than an American float's overhead
        // (0.91 g against 1.0–1.05 g); then the bell swings forward to the floor. Chosen first,
        // that stop kept the last rep's float (1.2 s before it, overhead, passes of 2.4–2.7 g)
        // out of its spacing, and the last rep of both sets was lost (independent simulator seed
        // 687 session 68700013, a two-hand American swing at the wrist without a gyroscope: 8 of
        // 9, 19 of 20). Such a stop is the last chosen minimum before the park and no park
        // minimum itself (the bell is not yet at rest); it is left through a weak pass (the
        // gentle swing to the floor, less than half the set's centripetal load: `hikePassShare`,
        // the hike's test mirrored) and holds a load along the arm (`hikeStopLeastLoad` or more,
        // no free flight), while the float that takes its place holds a float's in front (under
        // `hikeStopLeastLoad`: free flight or the hands under the bell) and the stop at least
        // `hikeStopLoad` more, in the set's rhythm. The pass before the stop is not judged: an
        // athlete can brake the last fall (1.81 g against the set's 2.7 g, the stop 0.48 g, the
        // float −1.05 g: seed 690 session 69000004, one hand, 32 kg, 10 of 11). Tried with the
        // weak pass alone (any chosen minimum, no load tests), 17 sets of the kept runs got worse:
        // a tired set's low apexes and the weak passes after a breakdown (688 s68800017, 678
        // s67800029, 610 s61000022), a braked last fall whose float's load a shallow minimum on
        // the drive shares (612 s61200026), and a Russian float whose load reads like the stop's
        // (686 s68600032, 0.58 g held both) passed for such a stop.
        let lastChosenBeforePark = chosen.filter { !$0.park }.max { $0.index < $1.index }?.index
        for (k, stop) in chosen.enumerated() where stop.index == lastChosenBeforePark && !stop.cut && stop.passes.after.isFinite
            && stop.heldLoad >= Self.hikeStopLeastLoad
            && stop.passes.after - standardGravity < Self.hikePassShare * (setPass(without: stop) - standardGravity) {
            yieldPlace(of: k, "last backswing") { c, others in
                guard c.index < stop.index, stop.index - c.index < spacing, isFloat(c), !beforeTheSet(c),
                      c.heldLoad < Self.hikeStopLeastLoad, stop.heldLoad - c.heldLoad >= Self.hikeStopLoad else { return false }
                return others.filter { $0 < c.index }.allSatisfy { Double(c.index - $0) >= Self.lowSwingSpacing.lowerBound * periodSamples }
                    && keepsRhythm(c, others: others)
            }
        }
        chosen.removeAll { shadowedOut.contains($0.index) }
        // Floats, not the turnarounds between them, where an off-axis sensor reads the bell's
        // turn at the float (AccelerometerOnlyFloatChain.swift).
        func leastHeldLoad(_ range: ClosedRange<Int>) -> Candidate? {
            let (from, to) = (max(0, range.lowerBound), min(heldLoads.count - 1, range.upperBound))
            guard from <= to, let least = (from...to).min(by: { heldLoads[$0] < heldLoads[$1] }) else { return nil }
            let c = candidate(least)
            return beforeTheSet(c) ? nil : c
        }
        chosen = floatsOverTurnarounds(chosen, among: evaluated, isFloat: { isFloat($0) && !beforeTheSet($0) },
                                       periodSamples: periodSamples, leastHeldLoad: leastHeldLoad)
        chosen = stopsOverFloats(chosen, among: evaluated, isFloat: { isFloat($0) && !beforeTheSet($0) }, isSwingStop: { c in
            min(c.passes.before, c.passes.after) >= Self.bottomPassSpecificForce && !c.park && !beforeTheSet(c)
        }, periodSamples: periodSamples, leastHeldLoad: leastHeldLoad)
        // And a run of stops chosen between two floats, out of the set's rhythm, for the floats
        // between them (AccelerometerOnlyFloatChain.swift).
        chosen = floatsBesideStops(chosen, among: evaluated, isFloat: { isFloat($0) && !beforeTheSet($0) },
                                   openingStop: sensorOnWrist ? nil : { !beforeTheSet($0) })
        let candidates = chosen.sorted { $0.index < $1.index }
        if Self.debug { print("accelerometer-only minima chosen", candidates.map { Double(span.lowerBound + $0.index) / fs }) }
        // And such a minimum, if no other took its place, is still the hike's stop, no float
        // (validation seed 1 session 660974651, AccelerometerOnlyLastRepAndGapTests: set 2's
        // hike stop, 0.56 g after a 1.49 g pass, would otherwise start a rep from the hike).
        let floating = Set(candidates.filter { isFloat($0) && !beforeTheSet($0) }.map(\.index))
        // The set's rhythm: the median spacing of consecutive floats, samples (the cadence
        // estimate can lock onto half the period when a turnaround's dip looks like a float's).
        let floatGaps = zip(floating.sorted(), floating.sorted().dropFirst()).map { Double($1 - $0) }
        let rhythm = floatGaps.count >= 2 ? (SignalMath.median(floatGaps) ?? periodSamples) : periodSamples
        var kept: [Int] = []
        var lowFloats: Set<Int> = []
        // Apexes one rep after the kept apex before them (`continuesSet`), floats or low swings,
        // and the first float when the next follows it a rep later.
        var inRhythm: Set<Int> = []
        for (n, chosenMinimum) in candidates.enumerated() {
            var c = chosenMinimum
            // In a tired set every minimum of the averaged |f| reads about 1 g (the low apexes,
            // the stops behind the legs and the dips between them alike), and the deepest-first
            // choice above can take a stop's dip half a rep after the last low apex, which then
            // breaks the chain: every rep after it was lost (independent simulator seed 645
            // session 64500016, a breakdown at rep 9: the tired minima read 0.95–1.04 g, the stop
            // at 30.25 s was chosen 1.47 s after the apex at 28.78 s, the apex at 31.22 s lay
            // within its spacing; 11 of 14). Where the chosen minimum is no float and does not go
            // on as a low swing from a kept apex in the set's rhythm, another minimum between it
            // and its chosen neighbours that does takes its place: the one nearest a rep after
            // the last apex (the last spacing where that was a rep's, else the set's rhythm).
            // On a bell only: a forearm's stand-up after the park reads a low swing's apex one rep
            // after the last (the park's own rules, AccelerometerOnlyLowSwing.swift, judge only
            // the chosen minima), and over the kept runs the watches gained as many reps that
            // were the park's or the stand-up's (5 sets) as they found (5).
            if !sensorOnWrist, !floating.contains(c.index), let last = kept.last, inRhythm.contains(last),
               !(lowSwingContinuesSet(spacing: Double(c.index - last), kept: kept, rhythm: rhythm, overTwoReps: true)
                   && readsAsLowSwing(c, rhythm: rhythm)) {
                let previous = max(last, n > 0 ? candidates[n - 1].index : last)
                let next = n + 1 < candidates.count ? candidates[n + 1].index : Int.max
                let lastGap = kept.count >= 2 ? Double(last - kept[kept.count - 2]) : rhythm
                let expected = Self.lowSwingSpacing.contains(lastGap / rhythm) ? lastGap : rhythm
                // And the set must go on from it: a later chosen minimum, a float or a low swing, a
                // rep after it. The park's swing forward after the last rep reads as a low swing too
                // (it passes the bottom, stops 30–50° in front and swings back once before the bell
                // is set down), and it comes a rep after the last apex: the stripped kettlebox file
                // csv_v3_100hz_8kg-swing_both_0 counted it as a 54th rep (53 with its gyroscope).
                func setGoesOn(from e: Candidate) -> Bool {
                    candidates[(n + 1)...].contains { later in
                        lowSwingContinuesSet(spacing: Double(later.index - e.index), kept: kept + [e.index], rhythm: rhythm, overTwoReps: true)
                            && (floating.contains(later.index) || readsAsLowSwing(later, rhythm: rhythm))
                    }
                }
                let inRhythmLow = evaluated.filter { e in
                    e.index > previous && e.index < next && !floating.contains(e.index)
                        && lowSwingContinuesSet(spacing: Double(e.index - last), kept: kept, rhythm: rhythm, overTwoReps: true)
                        && readsAsLowSwing(e, rhythm: rhythm) && setGoesOn(from: e)
                }
                if let replacement = inRhythmLow.min(by: {
                    abs(Double($0.index - last) - expected) < abs(Double($1.index - last) - expected)
                }) {
                    if Self.debug {
                        print("accelerometer-only minimum", Double(span.lowerBound + c.index) / fs, "breaks the low swings; the minimum at",
                              Double(span.lowerBound + replacement.index) / fs, "goes on from the apex at", Double(span.lowerBound + last) / fs)
                    }
                    c = replacement
                }
            }
            var floats = floating.contains(c.index)
            // A float-like minimum less than a rep's least spacing (`lowSwingSpacing`) after the
            // apex kept before it, with no float a rep after it, is no rep's float: a bell cannot
            // fall back, turn behind the legs and be driven up again in under three quarters of
            // the set's rhythm, while the park's backswing, half a rep after the last float, stops
            // behind the legs with the arm 60–80° from hanging, where the load along the arm
            // (g·cos θ, 0.2–0.5 g) reads like a float's between the two passes of the fall and
            // the park's swing forward (HipDrive's own simulator, `simulate --sets 20 --reps 20
            // --rest 50 --fatigue decline --seed 11 --no-gyro`: four parks counted, 0.70 of a
            // rep after the last float, and the last turnaround put on a 1.06 g wobble of the
            // fall before it).
            // Kept when the next float follows it a rep later (the set goes on from it: a float
            // placed late before it, the spacing drifting), and when its load along the arm is
            // below −`hikeStopLeastLoad`: a bell hanging from the hands behind the legs pulls on
            // them (g·cos θ ≥ 0), while an overhead float pushes (an American swing's broad float,
            // whose minimum can sit a fifth of a period early: independent simulator seed 434,
            // session 43400018, a watch, −1.25 g at 0.72 of the rhythm after the float before it).
            if floats, c.load > -Self.hikeStopLeastLoad, let last = kept.last,
               Double(c.index - last) < Self.lowSwingSpacing.lowerBound * rhythm,
               floating.filter({ $0 > c.index }).min().map({ !Self.lowSwingSpacing.contains(Double($0 - c.index) / rhythm) }) ?? true {
                if Self.debug {
                    print("accelerometer-only float", Double(span.lowerBound + c.index) / fs, "is the park's stop:",
                          Double(c.index - last) / rhythm, "of the set's rhythm after the last apex")
                }
                floats = false
            }
            let continuesSet = kept.last.map {
                lowSwingContinuesSet(spacing: Double(c.index - $0), kept: kept, rhythm: rhythm, overTwoReps: true)
            } ?? false
            // On a forearm, a float that does not go on from the set (the first, or one after a
            // pause) must hold its load for ±`floatHoldS`, as a swing's apex does: walking after
            // the park swings the hanging arm at the steps' pace, and each step dips the load
            // along it to a float's for a tenth of a second between passes of 1.4–1.5 g
            // (independent simulator seed 678 session 67800018, a walk 4 s after the park: 0.47–
            // 0.49 g at its least, 0.59–0.62 g over ±0.1 s; two reps counted after the set). A
            // float in the set's rhythm keeps the looser test: a tired forearm's float can be as
            // brief as a step's dip.
            if floats, sensorOnWrist, !continuesSet, c.heldLoad >= floatLoadBound {
                if Self.debug {
                    print("accelerometer-only float", Double(span.lowerBound + c.index) / fs, "out of the set's rhythm and not held:",
                          c.heldLoad / standardGravity, "g over ±0.1 s")
                }
                floats = false
            }
            // A piece that carries a set on across a data gap (`continuesAcrossGap`: it takes its
            // rhythm from the reps before the gap) may open with low swings: a set that broke
            // down just before the gap goes on low after it, with no float to start the chain
            // from (independent simulator seed 621 session 62100000, a watch, a 1.5 s gap at
            // rep 7 of 11 with a breakdown at rep 7: the five reps after it were lost). Its first
            // apex judged as a low swing within `gapChainReach` periods of the gap's end opens
            // the chain.
            let opensAfterGap = continuesAcrossGap && kept.isEmpty
                && Double(c.index - active.lowerBound) <= Self.gapChainReach * periodSamples
            let low = !floats && ((continuesSet && kept.last.map({ inRhythm.contains($0) }) == true) || opensAfterGap)
                && readsAsLowSwing(c, rhythm: rhythm)
            // So does a float proper: the set's rhythm came across the gap with it, and the low
            // swings after it go on from it (independent simulator seed 668 session 66800030, a
            // handle sensor, a 1.1 s gap at rep 12 of 16 after a breakdown at rep 9: the piece
            // opened on a float at 0.63 g along the arm, just under the float's bound, the low
            // swings after it at 0.55–0.69 g did not go on from it, and four reps were lost).
            if floats || low, opensAfterGap { inRhythm.insert(c.index) }
            if Self.debug {
                print("accelerometer-only float candidate", Double(span.lowerBound + c.index) / fs, "average", average[c.index] / standardGravity,
                      "g, float load", c.load / standardGravity, "g, passes", c.passes.before / standardGravity, c.passes.after / standardGravity,
                      "park", c.park, "continues", continuesSet, "low", low)
            }
            if floats || low { kept.append(c.index) }
            if low { lowFloats.insert(c.index) }
            if continuesSet, floats || low { inRhythm.insert(c.index) }
            // The run's first float is in the set's rhythm too when the next float follows it a
            // rep later: the set goes on from it, as the chain goes on from a kept apex. Its cycle
            // is then held to the standard of the reps after it, not more: a weak swing's fall
            // passes the bottom at 1.22 g, under `bottomPassSpecificForce`, on every rep of a set
            // (independent simulator seed 544, session 54400021, one hand, 16 kg, handle sensor:
            // set 2's first rep was lost while its twelve followers counted as in rhythm).
            if kept == [c.index], floats, let next = floating.filter({ $0 > c.index }).min(),
               Self.lowSwingSpacing.contains(Double(next - c.index) / rhythm) {
                inRhythm.insert(c.index)
            }
        }
        let floats = kept
        // A piece carrying a set on across a gap may hold low swings only; any other run needs
        // `minimumFloats` floats proper.
        guard continuesAcrossGap ? !floats.isEmpty : floats.count - lowFloats.count >= max(1, minimumFloats) else { return nil }
        // The turnaround itself: the bell stops behind the legs between the bottom pass of the
        // fall and that of the drive, so the arm's centripetal load vanishes there for an
        // instant: |f| has a sharp minimum between two bottom-pass peaks within a fifth of a
        // period either side. Of the minima in `range`, the one most prominent against the
        // lower of its two flanking peaks is the turnaround (a wrist shows shallower wobbles
        // elsewhere, a bell flat-topped loads between the passes).
        let flank = max(1, Int(0.2 * periodSamples))
        // A turnaround is a reversal from the backswing into a forward swing (the next drive, or
        // the park's swing forward), so the peak after it must be a bottom pass
        // (`bottomPassSpecificForce`, on the running median of |f|, see `bottomPassLoad`): after
        // the set-down of the park the bell rests, and the set-down itself or a knock on the
        // floor is a spike of a few tens of milliseconds that the median removes.
        let passes = floatPasses
        // The drive's bottom pass comes up to a third of a period after the turnaround (slow,
        // fatigued reps of 2 s: 0.5–0.6 s), before the float at about half a period.
        let driveReach = max(flank, Int(Self.drivePassReachShare * periodSamples))
        func turnaround(in range: ClosedRange<Int>, beforeRest: Bool = false, needsDrivePass: Bool = true,
                        fallPassBound: Double = Self.bottomPassSpecificForce) -> Int? {
            let from = max(range.lowerBound, active.lowerBound, 1), to = min(range.upperBound, active.upperBound - 1, magnitude.count - 2)
            guard from < to else { return nil }
            var best: (prominence: Double, index: Int)?, bestPulling: (prominence: Double, index: Int)?
            for i in from...to where magnitude[i] <= magnitude[i - 1] && magnitude[i] < magnitude[i + 1] {
                let left = magnitude[max(0, i - flank)...i].max() ?? 0
                let right = magnitude[i...min(magnitude.count - 1, i + flank)].max() ?? 0
                if beforeRest {
                    // See `lastTurnaround` below: the fall's bottom pass before it, and the depth
                    // below that pass.
                    let fallPass = passes[max(0, i - driveReach)...i].max() ?? 0
                    guard fallPass >= fallPassBound else { continue }
                    if best.map({ left - magnitude[i] > $0.prominence }) ?? true { best = (left - magnitude[i], i) }
                    continue
                }
                let prominence = min(left, right) - magnitude[i]
                let drivePass = passes[i...min(passes.count - 1, i + driveReach)].max() ?? 0
                guard drivePass >= Self.bottomPassSpecificForce || !needsDrivePass else { continue }
                if best.map({ prominence > $0.prominence }) ?? true { best = (prominence, i) }
                // A dip where the arm would push the bell away is no stop (`accelerometerOnlyArmPushes`).
                if bestPulling.map({ prominence > $0.prominence }) ?? true,
                   !accelerometerOnlyArmPushes(at: span.lowerBound + i, reach: driveReach) {
                    bestPulling = (prominence, i)
                }
            }
            return (bestPulling ?? best)?.index
        }
        var turnarounds: [Int] = []
        // Before the first float: the turnaround its drive started from (after the hike); at the
        // recording's start, not the bell still resting on the floor before the pick-up
        // (AccelerometerOnlyRecordingEdge.swift).
        if let first = turnaround(in: (floats[0] - Int(0.8 * periodSamples))...(floats[0] - Int(0.25 * periodSamples))) {
            if spanStartsTheRecording(span.lowerBound), restsFromSpanStart(until: first, magnitude: magnitude) {
                if Self.debug { print("accelerometer-only first turnaround on the bell at rest, not taken:", Double(span.lowerBound + first) / fs) }
            } else {
                turnarounds.append(first)
            }
        }
        for (a, b) in zip(floats, floats.dropFirst()) {
            let gap = Double(b - a)
            if gap <= 1.6 * periodSamples {
                // The fall (float to turnaround) takes a little longer than the drive; the middle
                // of the gap, clear of both floats, holds the turnaround. Two floats a period
                // apart have exactly one turnaround between them (the bell cannot float again
                // without swinging back), and both floats already showed their bottom passes, so
                // when a tired drive's pass stays under the bound on the running median (a
                // fatigued one-hand rep: 1.05 g, validate seed 2 session 735685274) the most
                // prominent dip is still the turnaround. Only for floats a rep's period apart
                // (within the ±25 % a set's tempo drifts): the park's forward swing can dip like
                // a float 0.6 of a period after the last rep's.
                let middle = (a + Int(0.3 * gap))...(b - Int(0.25 * gap))
                let repApart = gap >= 0.75 * periodSamples
                if let t = turnaround(in: middle) ?? (repApart ? turnaround(in: middle, needsDrivePass: false) : nil) {
                    turnarounds.append(t)
                }
            } else {
                // A pause or a stop between the two floats: the turnaround after the one and the
                // one before the other, each where a rep's would be.
                if let t = turnaround(in: (a + Int(0.3 * periodSamples))...(a + Int(0.8 * periodSamples))) { turnarounds.append(t) }
                if let t = turnaround(in: (b - Int(0.8 * periodSamples))...(b - Int(0.25 * periodSamples))) { turnarounds.append(t) }
            }
        }
        // After the last float: the set's last turnaround, followed by the park or by standing up
        // with the bell, or the turnaround before a data gap or a pause. The park's swing forward
        // is slow (the bell is lowered to the floor, the forearm taken along by the crouch) and
        // may pass the bottom below `bottomPassSpecificForce`, so the last turnaround cannot be
        // required to have a drive's pass after it: it is the turnaround whose fall came through
        // a bottom pass before it, and of those the one deepest below its fall's peak. The
        // drive-pass test alone picked a dip within the fall instead (a wrist's |f| shows a
        // second peak between the bottom pass and the turnaround, where the hips meet the
        // forearm), 0.3–0.4 s early, which handed the last rep's fall pass to the park's cycle
        // and counted the park, or cut the last rep's fall short of its pass and lost it.
        if let last = floats.last {
            let range = (last + Int(0.3 * periodSamples))...(last + Int(0.8 * periodSamples))
            let forward = turnaround(in: range)
            // After a low last swing (AccelerometerOnlyLowSwing.swift) the fall into the last
            // turnaround is a low swing's, as its float was: its pass is held to the low swing's
            // bound (`lowSwingPassSpecificForce`), the bound its float's passes already met, or
            // the set's last rep is lost for a fall pass of 1.21 g (independent simulator seed
            // 141, session 14100053).
            let beforeRest = turnaround(in: range, beforeRest: true,
                                        fallPassBound: lowFloats.contains(last) ? Self.lowSwingPassSpecificForce : Self.bottomPassSpecificForce)
            // The later of the two: both follow the fall's pass; an earlier dip lies within the fall.
            if let t = [forward, beforeRest].compactMap({ $0 }).max() {
                // Its timing from the fall into it, calibrated on the set's other turnarounds
                // (`fallFlankTurnaround`): before the park its |f| minimum lies late.
                // On a forearm, where the fall's load is gone (AccelerometerOnlyWristLastTurnaround.swift):
            // a forearm's |f| has a second peak between the fall's pass and the stop (the hips meet
            // the forearm), so its flank is no clock.
                turnarounds.append(sensorOnWrist
                    ? wristStopOnFlatBottom(t, magnitude: magnitude, reach: driveReach, periodSamples: periodSamples)
                    : fallFlankTurnaround(t, calibratedBy: Array(turnarounds.dropFirst()), magnitude: magnitude,
                                          reach: driveReach, periodSamples: periodSamples))
            }
        }
        // Each float's apex: the nearest stop within a quarter period (the speed minimum), else the float.
        let apexes = floats.map { f -> Int in
            let near = stops.filter { abs($0 - f) <= Int(0.25 * periodSamples) && !turnarounds.contains($0) }
            return near.min { abs($0 - f) < abs($1 - f) } ?? f
        }
        let merged = Set(turnarounds).union(apexes).sorted()
        let turnaroundSet = Set(turnarounds)
        let lowApexes = Set(zip(floats, apexes).filter { lowFloats.contains($0.0) }.map(\.1))
        let rhythmApexes = Set(zip(floats, apexes).filter { inRhythm.contains($0.0) }.map(\.1))
        return (merged, merged.map { turnaroundSet.contains($0) }, lowApexes, rhythmApexes)
    }
}

extension MotionRepFinder {
    /// Least rise of |f| above its running median over `bottomPassAverageS` that is a shock, not
    /// the swing, m/s² (1.5 g). The swing's |f| is a pendulum's, g·cos θ + r·θ̇² plus the hips'
    /// drive: within ±50 ms of a bottom pass's peak (θ̇ ≈ 5–8 rad/s, θ turns by 0.25–0.4 rad) it
    /// falls by g·(1 − cos 0.4) ≈ 0.08 g and the centripetal part by 2·v·Δv/r ≈ 0.2–0.5 g, so a
    /// sample stands at most about half a g above the median of its 0.1 s. A bell knocking the
    /// legs or snapping over in the grip rises by 2–8 g within one to three samples (validate
    /// seed 5, session 53358270: ±7 g over 60 ms in the last rep's fall).
    static let shockRise = 1.5 * standardGravity

    /// |f| over `span` (absolute indices) with shocks taken out, averaged over 50 ms like
    /// `specificForceMagnitude`: a sample more than `shockRise` above the running median of its
    /// `bottomPassAverageS` takes the median's value. A pendulum cannot change its load by
    /// several g within tens of milliseconds; left in, such a shock stood as a flank peak
    /// against which the dip just after it looked like the deepest turnaround of the fall
    /// (0.45 s before the real one), and the park's forward swing was then counted as a rep.
    func shockFreeMagnitude(span: Range<Int>) -> [Double] {
        let f = trace.specificForce
        var magnitude = span.map { i in (f.x[i] * f.x[i] + f.y[i] * f.y[i] + f.z[i] * f.z[i]).squareRoot() }
        let median = bottomPassLoad(span: span)
        for k in magnitude.indices where magnitude[k] > median[k] + Self.shockRise { magnitude[k] = median[k] }
        return SignalMath.movingAverage(magnitude, window: max(1, Int((0.05 * trace.sampleRate).rounded())))
    }
}

extension MotionRepFinder {
    /// The set's last turnaround placed from the fall into it rather than from its |f| minimum.
    ///
    /// At a turnaround inside the set the hips drive the bell forward at once, so |f| rises
    /// steeply on both sides of the stop and its sharp minimum marks the stop. Before the park
    /// nothing drives: the bell swings forward passively and |f| stays near its minimum for
    /// 0.1–0.2 s after the stop, so the minimum of that flat bottom falls late (validate seeds
    /// 1 and 3: 0.05–0.09 s, against ±0.04 s inside the set), and the rep's zero-velocity update
    /// then sits where the bell already moves forward: the last rep read 20–40 % low and made
    /// sets that hold up "break down" at their last rep. The fall into the stop, however, is the
    /// same pendulum motion in every rep of the set (nothing tells the bell that the park comes
    /// next until it has stopped), so the time from the descending flank of the fall's bottom
    /// pass (where |f| crosses halfway between that pass's peak and the turnaround's minimum) to
    /// the stop is the set's own: its median over the set's other turnarounds, added to the last
    /// one's flank crossing, places the stop. Needs three such turnarounds; the result is kept
    /// only within a tenth of a period of the minimum (a flat bottom spans no more), else the
    /// minimum stays. `index` and `others` are local indices into `magnitude` (|f| averaged over
    /// 50 ms); `reach` how far before a turnaround its fall's pass is looked for, samples.
    func fallFlankTurnaround(_ index: Int, calibratedBy others: [Int], magnitude: [Double], reach: Int,
                             periodSamples: Double) -> Int {
        /// Fractional position where |f| last crosses halfway down from the fall's peak to the
        /// turnaround's minimum, before the turnaround; nil without a bottom pass before it.
        func flankCrossing(_ t: Int) -> Double? {
            guard t > 0, t < magnitude.count else { return nil }
            let from = max(0, t - reach)
            guard from < t, let peak = (from..<t).max(by: { magnitude[$0] < magnitude[$1] }),
                  magnitude[peak] >= Self.bottomPassSpecificForce else { return nil }
            let level = 0.5 * (magnitude[peak] + magnitude[t])
            guard let above = (peak..<t).last(where: { magnitude[$0] >= level }), above + 1 <= t else { return nil }
            let drop = magnitude[above] - magnitude[above + 1]
            return Double(above) + (drop > 0 ? (magnitude[above] - level) / drop : 0)
        }
        let offsets = others.filter { $0 != index }.compactMap { t in flankCrossing(t).map { Double(t) - $0 } }
        guard offsets.count >= 3, let offset = SignalMath.median(offsets), let crossing = flankCrossing(index) else { return index }
        let placed = Int((crossing + offset).rounded())
        guard abs(Double(placed - index)) <= 0.1 * periodSamples, placed > 0, placed < magnitude.count else { return index }
        if Self.debug {
            print("accelerometer-only last turnaround from the fall's flank:", Double(index - placed) / trace.sampleRate, "s earlier")
        }
        return placed
    }
}

extension MotionRepFinder {
    /// The turnaround at local index `index` (into the span starting at the trace's `spanStart`)
    /// placed between samples: the vertex of the parabola through the smoothed |f| at the
    /// minimum and its two neighbours. Half a sample is 5–10 ms, in which the bell reverses at
    /// 10–20 m/s²: left on the sample grid, the integral would start 0.05–0.2 m/s off.
    func accelerometerOnlyTurnaroundPosition(local index: Int, spanStart: Int) -> Double {
        let absolute = spanStart + index
        let reach = max(1, Int((0.05 * trace.sampleRate).rounded())) + 2
        let lo = absolute - reach, hi = absolute + reach + 1
        guard lo >= 0, hi <= trace.specificForce.count else { return Double(index) }
        let magnitude = specificForceMagnitude(span: lo..<hi)
        let centre = absolute - lo
        guard magnitude[centre] <= magnitude[centre - 1], magnitude[centre] <= magnitude[centre + 1] else { return Double(index) }
        return Double(index) + SignalMath.parabolicOffset(magnitude, at: centre)
    }
}

// Accelerometer-only swings: which cycles need the integrated height, and reps cut by a data gap.

extension MotionRepFinder {
    /// True when the integrated float of the cycle must still show the apex above the bottom of
    /// the arc (see `acceptReps`). The hike and the park are the only half swings in a set, so
    /// only a run's first and last cycles are checked. A cycle that starts and ends at
    /// turnarounds found from the specific force (`closedByForce`) needs no such check: each of
    /// them has a bottom pass after it, and the cycle a float between two bottom passes
    /// (`accelerometerOnlyCycleFloats`), which neither the hike nor the park shows; whereas the
    /// integral through an accelerometer-only tilt put the floats of real last reps at 0 m
    /// (validation seed 1: one last rep lost in each of four sessions; the first cycles of
    /// seeds 1–3 were the same with and without the check).
    func accelerometerOnlyCycleNeedsRise(first: Bool, followedByCycle: Bool, closedByForce: Bool) -> Bool {
        !closedByForce && (first || !followedByCycle)
    }

    /// Least rise of the float load on the measured side of a float at a data gap, m/s² (0.1 g):
    /// the float's deepest instant was measured, not cut by the gap. Around the apex the load
    /// changes by g·(1 − cos Δθ) and more as the arm turns (0.1 g within 25° of the stop, a
    /// tenth of a second at a float's speed), while the 50 ms average leaves sensor noise at
    /// 0.01 g; a float cut by the gap falls (rises) monotonically to the gap's edge.
    static let gapFloatRise = 0.1 * standardGravity

    /// Reps cut by a data gap, from the floats (the accelerometer-only mirror of the gyroscope's
    /// drive/return test at the end of `analyzeRun`), as absolute sample indices:
    /// * `opening`: the piece ends at a gap; after its last turnaround (the end of its last rep,
    ///   or its only turnaround) the bell passed the bottom and floated, and the float's deepest
    ///   instant was measured: a rep whose return fell in the gap.
    /// * `endOfRepAfterGap`: the piece starts at a gap; before its first turnaround (the start of
    ///   its first rep) the bell floated, its deepest instant measured, and fell back through a
    ///   bottom pass: the return of a rep whose turnaround and drive fell in the gap.
    /// The park never floats (its swing forward stays above 0.75 g) and the hike does not either,
    /// so neither is counted; a forearm's stand-up after the park can read like a float, but the
    /// forearm rests after it (`floatEndsInPark`). A float whose deepest instant lies in the gap
    /// is counted by neither piece (SessionAnalyzer counts it from the cadence when the set has reps on both sides),
    /// and one float cannot have its deepest instant on both sides of a gap.
    /// `load` is `accelerometerOnlyFloatLoad` over the span starting at `spanStart`; `turnarounds`
    /// are local indices into it.
    func accelerometerOnlyGapReps(load: [Double], turnarounds: [Int], reps: [MotionRep], spanStart: Int,
                                  active: Range<Int>, startsAtGap: Bool, endsAtGap: Bool,
                                  period: Double) -> (opening: Int?, endOfRepAfterGap: Int?) {
        let periodSamples = period * trace.sampleRate
        let tolerance = max(2, Int(0.05 * trace.sampleRate))
        // A rep's float lies 0.3–0.7 of a period from either turnaround: the search spans from
        // 0.15 of a period (clear of the turnaround's own brief dip) to a full period.
        let near = Int(0.15 * periodSamples), far = Int(periodSamples)
        // The start and end of the recording count as gaps, as on the gyroscope path: a
        // recording cropped in the middle of a set (the kettlebox files are) cuts a rep there.
        let gapBefore = startsAtGap, gapAfter = endsAtGap
        // At a gap the float must be a swing's beyond doubt: near free flight (|f| below
        // g·cos 50°) or the arm above the horizontal (f·ê < 0, the hands under the bell). A bell
        // tipped over on the floor after the park also has a small f·ê (the arm direction turned
        // towards the horizontal) but full weight on the floor, |f| ≈ g, and f·ê ≥ 0.
        let magnitude = specificForceMagnitude(span: spanStart..<(spanStart + load.count))
        func isSwingFloat(_ i: Int) -> Bool {
            load[i] < floatLoadBound && (magnitude[i] < Self.floatingSpecificForce || load[i] < 0)
        }
        var opening: Int?
        if gapAfter, let last = turnarounds.last,
           reps.last.map({ abs($0.endIndex - (last + spanStart)) <= tolerance }) ?? (turnarounds.count == 1) {
            let from = last + near, to = min(load.count - 1, last + far)
            if from < to, let deepest = (from...to).min(by: { load[$0] < load[$1] }),
               isSwingFloat(deepest),
               (load[deepest...].max() ?? 0) >= load[deepest] + Self.gapFloatRise,
               peakSpecificForce(from: spanStart + last, to: spanStart + deepest) >= Self.bottomPassSpecificForce,
               // Nor a "float" after which the bell (the forearm, after the stand-up) rests (AccelerometerOnlySwingPark.swift).
               !floatEndsInPark(float: deepest, magnitude: magnitude, passes: bottomPassLoad(span: spanStart..<(spanStart + load.count)),
                                reach: max(1, Int(Self.drivePassReachShare * periodSamples)), periodSamples: periodSamples, spanStart: spanStart) {
                opening = last + spanStart
            }
        }
        var endOfRepAfterGap: Int?
        if gapBefore, let first = turnarounds.first, let firstRep = reps.first,
           abs(firstRep.turnaroundIndex - (first + spanStart)) <= tolerance {
            let from = max(0, first - far), to = first - near
            if from < to, let deepest = (from...to).min(by: { load[$0] < load[$1] }),
               isSwingFloat(deepest),
               (load[...deepest].max() ?? 0) >= load[deepest] + Self.gapFloatRise {
                // Its drive was not measured. At the recording's start it may be the pick-up's dip
                // or the hike's stop (AccelerometerOnlyRecordingEdge.swift): it must lie below a
                // stop behind the legs (`hikeStopLoad`) and fall through the bottom like the whole
                // reps after it. After a gap inside the recording the set was already going, and
                // the float after the gap is a rep's however low (the set's first after the hike
                // included).
                let fall = peakSpecificForce(from: spanStart + deepest, to: spanStart + first)
                let followingFalls = reps.prefix(3).compactMap { rep -> Double? in
                    // Each rep's fall: from its float (the least float load in its middle three fifths) to its end.
                    let (t, e) = (rep.turnaroundIndex - spanStart, rep.endIndex - spanStart)
                    let from = max(0, t + Int(Self.floatSearchMargin * Double(e - t))), to = min(load.count - 1, e - Int(Self.floatSearchMargin * Double(e - t)))
                    guard from < to, let float = (from...to).min(by: { load[$0] < load[$1] }) else { return nil }
                    return peakSpecificForce(from: spanStart + float, to: rep.endIndex)
                }
                let atRecordingStart = spanStartsTheRecording(spanStart)
                if fall >= Self.bottomPassSpecificForce,
                   !atRecordingStart || load[deepest] < Self.hikeStopLoad
                    && unmeasuredDriveFloatFallsLikeSet(fallPass: fall, followingFalls: followingFalls) {
                    endOfRepAfterGap = firstRep.turnaroundIndex
                }
            }
        }
        if Self.debug, opening != nil || endOfRepAfterGap != nil {
            print("accelerometer-only gap reps: opening", opening.map { trace.time(at: $0) } as Any,
                  "end of rep after gap", endOfRepAfterGap.map { trace.time(at: $0) } as Any)
        }
        return (opening, endOfRepAfterGap)
    }
}
