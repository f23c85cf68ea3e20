import Foundation
import HipDriveRecordings

// Accelerometer-only hip pulls: the set's last drive that ends standing at lockout.
//
// With a gyroscope the last drive of a set that ends standing is found where the pelvis rate
// falls after the last turnaround, and judged by the sensor's travel per radian of pelvis turn
// (HipPullPosture.swift). Without one both halves of that need care:
//
// * The arrival. The tilt-derived pelvis rate (HipPullAccelerometerOnlyCounting.swift) carries
//   the hips' horizontal acceleration as apparent tilt, atan(a/g). After a lockout finish the
//   athlete walks back upright to slacken the band: no pelvis turn, but the walk's backward
//   acceleration tilts f the way the lockout's deceleration did, so the "rate" goes on past the
//   lockout and its next sign change (a stop the rep finder calls an apex) is the end of the
//   walk, a second or more late. The drive's arrival is therefore taken where the rate first
//   falls to a tenth of the drive's peak (`finalLockoutAtRest`, the gyroscope's rule), and any
//   stop after the last turnaround is replaced by it.
// * The judgement. The world-frame travel the gyroscope path integrates rests, without a
//   gyroscope, on a low-passed tilt that reads the hips' accelerations as tilt: it cannot tell
//   a drive from standing up out of the last turnaround while stepping back towards the anchor
//   (that gave 8–16 false reps per validation seed). What can tell them is the hinge itself.
//   In a drive the hips travel FORWARD as the pelvis comes upright (x = L·φ, the run's hinge,
//   HipPullAccelerometerOnly.swift); in the stand-up with a step back they travel BACKWARD as
//   the pelvis comes upright: the sign of dx/dφ is reversed. The specific force sees that sign:
//   its direction is φ + atan(A/g) with A = x″ = x′φ̈ + x″φ̇², and its size |f| ≈ g + A²/2g, so
//   a window fitted with the run's own hinge constants (L, K, lever) leaves the stand-up's
//   force unexplained, while the same constants with the travel's sign reversed explain it.
//   The candidate is kept when the run's hinge explains it better than the mirrored hinge
//   does, or leans towards the mirror no further than the run's drives do, times 1.8 (a run
//   whose drives barely tell the two apart; `finalDriveIsRunHinge`), and its drive is then
//   measured with the run's hinge. A run whose data give no hinge is judged the same way
//   against its free fits (`finalDriveMatchesRunFreeFit`).
extension MotionRepFinder {
    /// Accelerometer alone: the lockout (local index into the span) of the set's last drive when
    /// it may end standing, and the run's apexes with any stop after the last turnaround replaced
    /// by it; nil when the run ends at a gap, the last turnaround is followed by more than one
    /// stop, or the pelvis rate shows no drive out of it. `rate` is the tilt-derived pelvis rate
    /// over the span, `end` the last local index, `spanStart` the span's first sample.
    func accelerometerOnlyFinalLockout(rate: [Double], stops: [Int], isTurnaround: [Bool], apexes: [Int],
                                       end: Int, period: Double, spanStart: Int) -> (lockout: Int, apexes: [Int])? {
        guard exercise == .hipPull, trace.angularVelocity == nil,
              let last = isTurnaround.lastIndex(of: true), stops.count - 1 - last <= 1 else { return nil }
        let turnaround = stops[last]
        // The set's own turnaround-to-lockout time (the stops of its reps), with
        // `finalDriveSlowdown` for a tired last drive, bounds the last drive: its fastest turn
        // comes before its arrival. The walk back upright after the lockout tilts f by atan(a/g)
        // too, and faster than the drive did (HipDrive's own simulator, `simulate_sweep.py --mode
        // hip --seed 2`, session 75: the walk's "turn", 1.68 rad/s, 1.3 s after the last
        // turnaround of drives that take 0.7 s); searched over three quarters of a period, its
        // peak was taken for the drive's, the arrival put after the walk and the drive's angle,
        // the turn and the walk's return summed, read 0.34 against the set's 0.80, and the last
        // drive was dropped.
        let driveTimes = stops.indices.dropLast().filter { isTurnaround[$0] && !isTurnaround[$0 + 1] }.map { stops[$0 + 1] - stops[$0] }
        let driveReach = SignalMath.median(driveTimes.map(Double.init)).map { Int(Self.finalDriveSlowdown * $0) }
        guard let arrival = finalLockoutAtRest(rate: rate, turnaround: turnaround, end: end, period: period,
                                               spanStart: spanStart, peakReach: driveReach) else { return nil }
        // The tilt-derived rate is smoothed over a fifth of a period, longer than the hold at
        // lockout (0.1–0.2 s), so a walk back right after the lockout can keep it from falling
        // to a tenth: the arrival is then held to the same bound.
        let cap = driveReach.map { turnaround + $0 } ?? arrival
        let lockout = min(arrival, cap)
        return (lockout, apexes.filter { $0 < turnaround } + [lockout])
    }

    /// How much longer than the set's typical turnaround-to-lockout time its last drive may take,
    /// as a factor: fatigue slows a drive by a fifth or so before a set is stopped (the fatigue
    /// model of analysis.md splits the power loss between work and drive time).
    static let finalDriveSlowdown = 1.25

    /// Accelerometer alone: the stops with the tilt's wobbles after the set's last drive removed.
    /// A walk back upright after a lockout finish turns no pelvis, but its backward acceleration
    /// and the deceleration that ends it tilt f one way and back (atan(a/g), some 5–10°): one or
    /// two sign changes of the tilt-derived rate after the last drive's lockout, a spurious
    /// "return" and "turnaround" that make the last drive look like a rep that never came back.
    /// Walking back from the last turnaround: while its half-cycle turns the pelvis less than
    /// `finalDriveShare` of the run's typical drive (it is no drive) and the turnaround before it
    /// did not come back by half its own drive (no rep ended there), the stops after that earlier
    /// turnaround's drive are dropped. Returns nil when nothing is dropped. `rate` is the
    /// tilt-derived pelvis rate over the span (local indices), `end` the last local index.
    func accelerometerOnlyStopsWithoutFinalWobble(rate: [Double], stops: [Int], isTurnaround: [Bool], end: Int)
        -> (stops: [Int], isTurnaround: [Bool])? {
        guard exercise == .hipPull, trace.angularVelocity == nil else { return nil }
        let dt = 1 / trace.sampleRate
        func turn(_ from: Int, _ to: Int) -> Double { abs(Self.integral(rate, from: from, to: to, dt: dt)) }
        let drives = stops.indices.dropLast().filter { isTurnaround[$0] }.map { turn(stops[$0], stops[$0 + 1]) }
        guard let typical = SignalMath.median(drives), typical > 0 else { return nil }
        let turnarounds = stops.indices.filter { isTurnaround[$0] }
        var keep = stops.count
        for (j, k) in turnarounds.enumerated().reversed() {
            guard j > 0 else { break }
            let next = k + 1 < stops.count ? stops[k + 1] : end
            guard turn(stops[k], next) < Self.finalDriveShare * typical else { break }
            let previous = turnarounds[j - 1]
            guard previous + 1 < k else { break }
            let drive = turn(stops[previous], stops[previous + 1]), back = turn(stops[previous + 1], stops[k])
            guard back < 0.5 * drive else { break }
            keep = previous + 2
        }
        guard keep < stops.count else { return nil }
        if Self.debug { print("accel-only final wobble: stops after", trace.time(at: stops[keep - 1]), "dropped") }
        return (Array(stops.prefix(keep)), Array(isTurnaround.prefix(keep)))
    }

    /// Accelerometer alone: keeps the set's final standing rep only when it turned the pelvis at
    /// least `finalDriveShare` of the drives just before it (as with a gyroscope; the angle is
    /// the tilt-derived one, compared only within the run) and needs two other reps to compare
    /// with. Its hinge is judged later, against the run's (`finalDriveIsRunHinge`).
    ///
    /// A piece after a data gap or a pause with fewer than two other drives of its own
    /// (`inheritedTypical`: the median drive of the set before the gap, rad, the same tilt-derived
    /// angle of the same body and belt) is judged against the set's drives as well.
    /// Also returns whether the final rep was dropped only for want of two drives to compare it
    /// with (a piece of a set cut by a pause; `judgeFinalDrivesAcrossGaps`).
    func confirmAccelerometerOnlyFinalRep(_ candidates: [MotionRep], inheritedTypical: Double? = nil) -> (reps: [MotionRep], unjudged: Bool) {
        guard let final = candidates.last, final.endsStanding else { return (candidates, false) }
        var others = candidates.dropLast().compactMap(\.swingAngle)
        // A piece with one drive of its own before its last (a pause cut the set after a rep:
        // HipDrive's own simulator, `simulate_sweep.py --mode hip --seed 2`, session 58, set 2's
        // piece after its pause, 0.57 rad against its one drive's 0.53 and the set's) is judged
        // against its own drive and the set's.
        if others.count < 2, let inheritedTypical { others += Array(repeating: inheritedTypical, count: 2 - others.count) }
        guard others.count >= 2, let finalAngle = final.swingAngle,
              let typical = SignalMath.median(Array(others.suffix(Self.finalDriveNeighbours))),
              finalAngle >= Self.finalDriveShare * typical else {
            if Self.debug { print("accel-only final rep dropped: angle", final.swingAngle ?? -1, "others", others.suffix(Self.finalDriveNeighbours)) }
            return (Array(candidates.dropLast()), others.count < 2)
        }
        return (candidates, false)
    }

    /// The samples the final standing rep's hinge is fitted over: a fifth of a period before its
    /// turnaround (as `hingeWindow`) to a tenth of a period after its lockout (the hold; the
    /// walk back that may follow is not a hinge and is left out).
    func finalDriveWindow(_ rep: MotionRep) -> ClosedRange<Int>? {
        guard let lockout = rep.standingLockout else { return nil }
        let fs = trace.sampleRate
        let lo = max(0, Int((rep.turnaroundPosition - 0.2 * rep.runPeriodS * fs).rounded(.down)))
        let hi = min(trace.count - 1, Int((lockout + Self.finalDriveHoldPeriods * rep.runPeriodS * fs).rounded(.up)))
        return hi - lo >= 20 ? lo...hi : nil
    }

    /// How much worse than the run's drives the run's hinge may explain a last drive, as a
    /// factor on their median residual: the constants belong to the body and the belt, so a
    /// drive, tired or not, leaves the same unmodelled residue (the hip joint's drop, soft
    /// tissue, noise); stand-ups with a step back left 2–5 times it in simulation, most last
    /// drives 1.0–1.5 times (a few up to 2.3 times: they are lost).
    static let finalDriveResidualShare = 2.0
    /// A last drive's residual that is no more than a phone's noise passes whatever the drives'
    /// residual, m/s² (0.1, about 0.01 g): a share of the drives' residual alone asks a clean
    /// recording's last drive for what noise-free data cannot give. The independent simulator's
    /// hip pulls without noise, bias or timing jitter fit their drives to 0.003–0.008 m/s² and
    /// their last drives, which slow into standing, to 0.008–0.022 m/s² (2.3–2.9 times): 7 of 22
    /// sets lost their last rep (`independent_sim.py --seed 582 --exercise hip-pull --gyro no --set
    /// acc_noise=0 --set jitter=0 --set acc_bias=[0,0,0] --set scale_err=[0,0,0]`). Stand-ups
    /// stepping back leave 0.23–0.59 m/s² (HipDrive's simulator, hip sweeps seeds 1–2, 71 of them),
    /// true last drives 0.04–0.30.
    static let finalDriveResidualFloor = 0.1

    /// Share of a period after the final drive's arrival kept in its hinge window: the hold at
    /// lockout lasts 0.1–0.2 s, and the hinge's hips settle within it.
    static let finalDriveHoldPeriods = 0.1

    /// Accelerometer alone: the final standing rep `final` judged against the run's hinge (see the
    /// file's notes) and, when it is a drive, re-measured with it; nil when it is not a drive.
    /// `others` are the run's other reps' windows (sensor-frame force and usable samples) and
    /// `fits` their hinge fits (in the run's plane), `shared` whether those share one curved hinge.
    /// `measured`: the fits the run's power is measured with, when they are not the data's own
    /// (`fits`): the anatomy's, for a run the data do not determine as a hip hinge
    /// (HipPullAccelerometerOnlyAnatomy.swift). The sign test asks the data's hinge; a kept drive
    /// is measured with the run's measuring hinge, as its other reps are.
    func finalDriveIsRunHinge(_ final: MotionRep, otherReps: [MotionRep], others: [(force: [Vector3], usable: [Bool])?],
                              fits: [HipHingeFit?], clipLevel: Double?, measured: [HipHingeFit?]? = nil) -> MotionRep? {
        let f = trace.specificForce
        guard let bound = finalDriveWindow(final) else { return nil }
        let all = others.compactMap { $0 }.flatMap(\.force)
        let hinges = fits.compactMap { $0 }.filter(\.isHinge)
        // A run whose data do not give two hinges: judged against its free fits (below).
        if hinges.count < 2, let measured {
            return finalDriveMatchesRunFreeFit(final, otherReps: otherReps, window: bound, force: all, fits: fits,
                                               measured: measured, clipLevel: clipLevel)
        }
        guard let plane = HingePlane(all), hinges.count >= 2,
              let travel = SignalMath.median(hinges.map(\.travelPerRadian)),
              let leverX = SignalMath.median(hinges.map(\.lever.0)),
              let leverY = SignalMath.median(hinges.map(\.lever.1)) else { return nil }
        // The run's hinge: a shared curved one when the run determined it (every shared fit
        // carries the same constants), else the median of the reps' own linear ones.
        let shared = hinges.first { $0.curvature != 0 }
        let constants = HingeConstants(travelPerRadian: shared?.travelPerRadian ?? travel,
                                       leverX: shared?.lever.0 ?? leverX, leverY: shared?.lever.1 ?? leverY,
                                       curvature: shared?.curvature ?? 0, origin: shared?.origin ?? 0)
        var mirrored = constants
        mirrored.travelPerRadian = -constants.travelPerRadian
        mirrored.curvature = -constants.curvature
        let fs = trace.sampleRate
        /// The window `range` fitted with the run's hinge and with the mirrored one.
        func fitted(_ range: ClosedRange<Int>) -> (run: HipHingeFit, mirror: HipHingeFit?)? {
            let force = range.map { f[$0] }
            let usable = Self.unclipped(force, below: clipLevel)
            guard let window = HingeWindow(force: force, dt: 1 / fs, usable: usable, plane: plane),
                  let asRun = window.fitAngle(constants) else { return nil }
            return (asRun, window.fitAngle(mirrored))
        }
        /// The rep re-measured by a fit of the window starting at `lo` and ending at `hi`.
        func remeasured(_ fit: HipHingeFit, lo: Int, hi: Int) -> MotionRep? {
            var measured = final
            // Measured up to the window's end: the hinge fit covers nothing later.
            let end = Double(hi) - 1
            measured.positions = measured.positions.filter { $0 < end } + [end]
            return hingeRep(measured, fit: fit, windowStart: lo)
        }
        guard var fit = fitted(bound) else { return nil }
        var window = bound
        // The tilt-derived arrival can lie late (a walk back right after the lockout); the run's
        // hinge places the hips' own arrival (`hingeRep`), and the drive is judged up to it and
        // its hold only: what follows is no hinge motion, and would count against a real drive.
        if let arrival = remeasured(fit.run, lo: bound.lowerBound, hi: bound.upperBound)?.apexPosition {
            let hi = Int((arrival + Self.finalDriveHoldPeriods * final.runPeriodS * fs).rounded(.up))
            if hi < bound.upperBound - 2, hi - bound.lowerBound >= 20, let shorter = fitted(bound.lowerBound...hi) {
                (fit, window) = (shorter, bound.lowerBound...hi)
            }
        }
        let asRun = fit.run, asMirror = fit.mirror
        let typicalRMS = SignalMath.median(hinges.map(\.residualRMS)) ?? 0
        if Self.debug {
            let typicalDrive = SignalMath.median(otherReps.map { $0.apexPosition - $0.turnaroundPosition }) ?? 0
            print("accel-only final drive at", final.turnaroundPosition / fs, "rms run", asRun.residualRMS,
                  "mirror", asMirror?.residualRMS ?? -1, "typical", typicalRMS, "run L", constants.travelPerRadian,
                  "K", constants.curvature, "window s", Double(window.count) / fs, "typical drive s", typicalDrive / fs)
        }
        // Kept only when the run's hinge explains the force at least as well as the mirrored
        // one, and about as well as it explains the run's other drives (a stand-up whose step
        // back neither sign of the run's hinge explains leaves twice their residual or more).
        // A run whose drives barely tell the hinge from its mirror (their residuals within a few
        // per cent) cannot ask more of its last drive than of them: it may lean towards the
        // mirror as far as they do plus `finalDriveMirrorShift` (as `finalDriveMatchesRunFreeFit`).
        let drivesLean = drivesMirrorPreference(otherReps, plane: plane, constants: constants, clipLevel: clipLevel)
        let allowed = max(0, (drivesLean ?? -.infinity) + Self.finalDriveMirrorShift)
        if Self.debug { print("accel-only final drive: lean", asMirror.map { log(asRun.residualRMS / $0.residualRMS) } ?? -99, "drives", drivesLean ?? -99) }
        guard asMirror.map({ log(asRun.residualRMS / $0.residualRMS) <= allowed }) ?? true,
              asRun.residualRMS <= max(Self.finalDriveResidualShare * typicalRMS, Self.finalDriveResidualFloor) else { return nil }
        if let measured, measured.contains(where: { $0 != nil }),
           measured.allSatisfy({ $0 == nil || $0?.anatomicalPrior == true }),
           let anatomical = anatomicalMeasure(window, plane: plane, fits: measured, clipLevel: clipLevel) {
            return remeasured(anatomical, lo: window.lowerBound, hi: window.upperBound) ?? final
        }
        return remeasured(asRun, lo: window.lowerBound, hi: window.upperBound) ?? final
    }

    /// The final drive's window `range` fitted with the anatomy's hinge of the run (`fits`: their
    /// common L, the median lever), the angle fitted; nil without such fits.
    private func anatomicalMeasure(_ range: ClosedRange<Int>, plane: HingePlane, fits: [HipHingeFit?],
                                   clipLevel: Double?) -> HipHingeFit? {
        let f = trace.specificForce
        let held = fits.compactMap { $0 }.filter(\.anatomicalPrior)
        guard let travel = SignalMath.median(held.map(\.travelPerRadian)),
              let leverX = SignalMath.median(held.map(\.lever.0)),
              let leverY = SignalMath.median(held.map(\.lever.1)) else { return nil }
        let force = range.map { f[$0] }
        let usable = Self.unclipped(force, below: clipLevel)
        guard let window = HingeWindow(force: force, dt: 1 / trace.sampleRate, usable: usable, plane: plane),
              var fit = window.fitAngle(HingeConstants(travelPerRadian: travel, leverX: leverX, leverY: leverY))
        else { return nil }
        fit.anatomicalPrior = true
        return fit
    }

    /// Accelerometer alone, a run whose own fits are not hip hinges (fewer than two: the anatomy
    /// chose its measuring L, HipPullAccelerometerOnlyAnatomy.swift): the final standing rep
    /// `final` judged as the drives just before it, and measured with the anatomy's hinge.
    ///
    /// Such a run used to lose its last drive for want of the data's hinge to judge it by (the
    /// independent simulator: a third of its accelerometer-only sets). The sign test of
    /// `finalDriveIsRunHinge` still holds without a plausible hinge, relative to the run's own
    /// drives: the data's free fits, whatever their constants (a mismatched model settles on
    /// L −1…−14 m/rad or near 0), are the run's best description of its drives, and a last drive
    /// done with the same body and belt is explained by them as well, against their mirror
    /// (L → −L, the hips' travel reversed), as the drives before it are: the log of the two
    /// residuals' ratio stays within 0.33 of theirs (mostly within 0.15; up to 0.56 seen since on
    /// the independent simulator, see `finalDriveMirrorShift`). Standing up out of the
    /// last turnaround while stepping back reverses dx/dφ, and its ratio moves towards the
    /// mirror by 0.76–1.8 (HipDrive's simulator). When the free fits' L is near zero the mirror
    /// is the same hinge and the test cannot tell: the drive is kept, as the drives are.
    /// `window` is the final drive's (`finalDriveWindow`), `force` the run's reps' force (for the
    /// plane), `fits` the data's free fits, `measured` the anatomy's.
    func finalDriveMatchesRunFreeFit(_ final: MotionRep, otherReps: [MotionRep], window bound: ClosedRange<Int>,
                                     force all: [Vector3], fits: [HipHingeFit?], measured: [HipHingeFit?],
                                     clipLevel: Double?) -> MotionRep? {
        let f = trace.specificForce
        let fs = trace.sampleRate
        let free = fits.compactMap { $0 }
        guard free.count >= 2, let plane = HingePlane(all),
              let travel = SignalMath.median(free.map(\.travelPerRadian)),
              let leverX = SignalMath.median(free.map(\.lever.0)),
              let leverY = SignalMath.median(free.map(\.lever.1)) else { return nil }
        let constants = HingeConstants(travelPerRadian: travel, leverX: leverX, leverY: leverY)
        var mirrored = constants
        mirrored.travelPerRadian = -travel
        /// log(rms with the run's free hinge / rms with its mirror) over `range`.
        func preference(_ range: ClosedRange<Int>) -> Double? {
            let force = range.map { f[$0] }
            let usable = Self.unclipped(force, below: clipLevel)
            guard let window = HingeWindow(force: force, dt: 1 / fs, usable: usable, plane: plane),
                  let asRun = window.fitAngle(constants), let asMirror = window.fitAngle(mirrored),
                  asRun.residualRMS > 0, asMirror.residualRMS > 0 else { return nil }
            return log(asRun.residualRMS / asMirror.residualRMS)
        }
        // The drives just before it, each over the same kind of window: a fifth of a period before
        // its turnaround to the hold after its lockout.
        let drives = otherReps.suffix(Self.finalDriveNeighbours + 1).compactMap { rep -> Double? in
            let lo = max(0, Int((rep.turnaroundPosition - 0.2 * rep.runPeriodS * fs).rounded(.down)))
            let hi = min(trace.count - 1, Int((rep.apexPosition + Self.finalDriveHoldPeriods * rep.runPeriodS * fs).rounded(.up)))
            return hi - lo >= 20 ? preference(lo...hi) : nil
        }
        let own = preference(bound)
        if Self.debug {
            print("accel-only final drive (free fit) at", final.turnaroundPosition / fs, "L", travel, "preference", own ?? -99,
                  "drives", drives)
        }
        guard let own, let typical = SignalMath.median(drives), own <= typical + Self.finalDriveMirrorShift else { return nil }
        guard let anatomical = anatomicalMeasure(bound, plane: plane, fits: measured, clipLevel: clipLevel) else { return final }
        var out = final
        // Measured up to the window's end: the hinge fit covers nothing later.
        let end = Double(bound.upperBound) - 1
        out.positions = out.positions.filter { $0 < end } + [end]
        return hingeRep(out, fit: anatomical, windowStart: bound.lowerBound) ?? final
    }

    /// How much further towards the mirrored hinge than the drives before it a last drive may
    /// lean, as a log of the residuals' ratio: log 1.8 (see `finalDriveMatchesRunFreeFit`). A
    /// stand-up stepping back moves 0.76–1.8 towards the mirror (HipDrive's simulator); true last
    /// drives ending standing at lockout moved up to 0.56 on the independent simulator (seed 571
    /// session 57100000: 0.41, 0.50 and 0.56, all three sets' last reps dropped under log 1.5 =
    /// 0.41; seed 514 session 51400027 likewise). With log 1.8 = 0.59 those count, HipDrive's own
    /// sweeps and validation (stand-ups included) are unchanged.
    static let finalDriveMirrorShift = log(1.8)

    /// The median over the drives just before the last one (`finalDriveNeighbours` + 1 of
    /// `reps`) of log(rms with `constants` / rms with their mirror, L → −L and K → −K), each over
    /// a fifth of a period before its turnaround to the hold after its lockout; nil without any.
    func drivesMirrorPreference(_ reps: [MotionRep], plane: HingePlane, constants: HingeConstants,
                                clipLevel: Double?) -> Double? {
        let f = trace.specificForce
        let fs = trace.sampleRate
        var mirrored = constants
        mirrored.travelPerRadian = -constants.travelPerRadian
        mirrored.curvature = -constants.curvature
        let leans = reps.suffix(Self.finalDriveNeighbours + 1).compactMap { rep -> Double? in
            let lo = max(0, Int((rep.turnaroundPosition - 0.2 * rep.runPeriodS * fs).rounded(.down)))
            let hi = min(trace.count - 1, Int((rep.apexPosition + Self.finalDriveHoldPeriods * rep.runPeriodS * fs).rounded(.up)))
            guard hi - lo >= 20 else { return nil }
            let force = (lo...hi).map { f[$0] }
            let usable = Self.unclipped(force, below: clipLevel)
            guard let window = HingeWindow(force: force, dt: 1 / fs, usable: usable, plane: plane),
                  let asRun = window.fitAngle(constants), let asMirror = window.fitAngle(mirrored),
                  asRun.residualRMS > 0, asMirror.residualRMS > 0 else { return nil }
            return log(asRun.residualRMS / asMirror.residualRMS)
        }
        return SignalMath.median(leans)
    }
}
