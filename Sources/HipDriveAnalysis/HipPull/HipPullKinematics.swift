import Foundation
import HipDriveRecordings

// Banded hip pulls: the kinematics of the point the band pulls, the lockout instant, and the
// band's stretch measured from a fixed place.
//
// 1. Which point. analysis.md's P = F_band·v_x is the power the band takes where it pulls on the
//    body: the belt it loops around, or the handle held at the groin. A sensor on the belt under
//    the band or on the handle moves with that point, so HipDrive reports the sensor's own point
//    (README: put the sensor where the band pulls). Until 0.4.6 it reported the hip joint's,
//    moving the belt sensor there through a lever fitted with the hinge, x = L·φ + K·φ²
//    (HipPullGyroHinge.swift, HipPullAccelerometerOnly.swift); but how the sensor's motion
//    splits between the lever and the joint's own path is not measurable (a hip joint that sinks
//    a few centimetres as the knees unlock reads as lever height), and on an independent
//    simulator whose sensor sat on the hip joint, or on the band's point, that split put mean
//    drive power 50–107 % off. The hinge fits still give the motion, drift-free: their joint
//    and lever together are what the sensor measured, whichever way they split it.
//    A sensor that cannot sit under the band (a phone at the back of the belt) is given the
//    band's point by the user (`bandPointOffset`, `--band-offset`): the same sum with the lever
//    extended by the offset, turned with the pelvis from its upright attitude.
//    A level pelvis (under 15° of pitch) is measured by its own integration
//    (HipPullWithoutPitch.swift: the offset does not turn there, and the band's point moves with
//    the sensor); a run whose hinge cannot be fitted keeps the rep finder's.
// 2. Lockout (the apex of a hip pull) is the instant the hips ARRIVE at full extension. The hips
//    often hold there a moment, over which the position is flat and its maximum lands anywhere in
//    the hold. Muscles cannot step the acceleration, so the deceleration into the lockout returns
//    to zero continuously and reaches zero when the hips stop: the arrival is the zero crossing of
//    the forward acceleration after the drive's braking peak (the hips' furthest point when they
//    turn straight back without a hold).
// 3. The band's stretch depends on where the hips are relative to the anchor, not on where this
//    rep turned around. A fatigued rep that turns around shallower starts with the band as
//    stretched as it is at that place, not slack by the fresh reps' amount. The lockout (hips
//    fully extended, the stance unchanged within a set) is the fixed place the analysis can see,
//    so positions are taken from the lockout and the band's slack (given by the user from the
//    turnaround) is measured from the normal turnaround depth: the opening reps' stroke, with a
//    gyroscope the recording's first set's (the stance, and so the lockout, is the same in every
//    set; a later set's opening reps can be shallower from the sets before:
//    `shareHipPullReferenceAcrossSets`), without one each set's own.
extension MotionRepFinder {
    /// Hip-pull reps of one run moved to the hip joint where the lever can be measured (gyroscope),
    /// with their lockout and the run's reference stroke. `horizontal` is the run's forward axis.
    /// `inherited`: the set's posture and hinge measured across a data gap, for a piece too short
    /// to measure its own (HipPullGapEdge.swift). Returns the reps and this run's own measures.
    func hipPullReps(_ reps: [MotionRep], horizontal: HorizontalAxes, inherited: HipPullSetMeasures? = nil,
                     levelPelvis: Bool = false) -> (reps: [MotionRep], measures: HipPullSetMeasures) {
        var measures = HipPullSetMeasures()
        guard exercise == .hipPull, !reps.isEmpty else { return (reps, measures) }
        var out = reps
        if let lockout = lockoutAttitude(reps) {
            measures.lockout = lockout
            measures.openingHinge = openingHingeTilt(reps, lockout: lockout)
        }
        // The posture is the body's and the belt's: a gap in the data changes neither, so a piece
        // with too few reps to outvote a non-rep takes the set's from across the gap.
        if swingAtHipsTiltFromForce {
            // A swing at the hips without a gyroscope: the low-passed orientation cannot follow
            // its hinge (SwingAtHipsStandUp.swift).
            out = swingAtHipsRepsReturningToTheHinge(reps)
        } else if let lockout = measures.lockout ?? inherited?.lockout,
           let openingHinge = measures.lockout != nil ? measures.openingHinge : inherited?.openingHinge {
            let hinged = reps.map { $0.endsStanding || returnsToTheHinge($0, lockout: lockout, openingHinge: openingHinge) }
            out = reps.indices.filter { hinged[$0] || endsWhereTheSetGoesOn($0, in: reps, hinged: hinged) }.map { reps[$0] }
        }
        guard !out.isEmpty else { return (out, measures) }
        if levelPelvis {
            // A level pelvis: the sensor's own kinematics are the hips' (HipPullWithoutPitch.swift).
        } else if trace.angularVelocity != nil, let hinge = inherited?.hinge ?? gyroHinge(reps) {
            // The hinge: the hips' travel as L·φ from the measured pitch (HipPullGyroHinge.swift).
            // A piece across a gap uses the set's (the same body, belt and pelvis-angle scale:
            // one or two reps determine L and K poorly).
            if inherited?.hinge == nil { measures.hinge = hinge }
            out = out.map { gyroHingeRep($0, hinge: hinge) }
        } else if trace.angularVelocity != nil {
            // No hinge fitted: the reps keep the sensor's own integrated path, whose lockout can
            // lie far from the pelvis's (HipPullGyroHinge.swift `lockoutAtPelvisStop`).
            out = out.map(lockoutAtPelvisStop)
        } else if trace.angularVelocity == nil {
            // Accelerometer alone: the hips' travel from the hinge fit (HipPullAccelerometerOnly.swift).
            // A last drive in a piece across a gap is judged by the set's drives (HipPullAccelerometerOnlyGap.swift).
            measures.accelerometerOnlyDrives = out.filter { !$0.endsStanding }
            out = accelerometerOnlyHipPullReps(out, setDrives: inherited?.accelerometerOnlyDrives ?? [])
        }
        if let stroke = hipPullReferenceStroke(out) {
            for k in out.indices { out[k].referenceStrokeM = stroke }
        }
        return (out, measures)
    }

    /// The band's reference stroke of a set whose reps are `reps` (in order): the mean of the two
    /// longest of the first three reps (the fatigue reference's convention, analysis.md), on the
    /// closed-loop kinematics the power uses, m; nil without reps.
    func hipPullReferenceStroke(_ reps: [MotionRep]) -> Double? {
        let opening = reps.prefix(3).map { $0.closingLoop(exercise: exercise, sampleRate: trace.sampleRate).forwardTravel }
        let reference = opening.sorted(by: >).prefix(2)
        guard !reference.isEmpty else { return nil }
        return reference.reduce(0, +) / Double(reference.count)
    }

    /// Gives every set of the recording the band reference of its first set (at least three
    /// reps; `hipPullReferenceStroke`). The band's stretch is set by where the hips are relative
    /// to its anchor, and the athlete comes back to the same stance for each set, so the lockout
    /// is the same place in every set; the user's slack is counted from the normal turnaround of
    /// fresh reps. A later set's own opening reps turn around shallower when the athlete is still
    /// tired from the one before (HipDrive's simulator draws 2 % less work per set), and taken
    /// as that set's reference they moved its band's zero forward by the difference: the whole
    /// set's force read low (validate seed 3: sets 2 and 3 of a session 6–8 % low in work with
    /// their travel exact). With a gyroscope only: each run's hinge is fitted on its own, and
    /// without one the fit's scale errs by 5–10 % from run to run, which a set's own reference
    /// cancels in the stretch (it is measured on the same scale as the set's travel) and another
    /// set's does not (validate seed 2, accelerometer only: mean drive power 7.6 → 11.4 % off
    /// with the first set's reference).
    func shareHipPullReferenceAcrossSets(_ runs: inout [MotionRun]) {
        guard exercise == .hipPull, trace.angularVelocity != nil else { return }
        let order = runs.indices.sorted { runs[$0].range.lowerBound < runs[$1].range.lowerBound }
        guard let first = order.first(where: { runs[$0].reps.count >= 3 && runs[$0].reps[0].referenceStrokeM != nil }),
              let stroke = runs[first].reps[0].referenceStrokeM else { return }
        if Self.debug { print("hip-pull band reference stroke for the recording:", stroke, "m (run", runs[first].range, ")") }
        for j in runs.indices { for r in runs[j].reps.indices where runs[j].reps[r].referenceStrokeM != nil {
            runs[j].reps[r].referenceStrokeM = stroke
        } }
    }

    /// Finds the lockout again on kinematics moved to the hip joint (its velocity and travel are
    /// no longer the sensor's), within a tenth of the run's period of the sensor's lockout.
    func relocateHipPullApex(_ rep: inout MotionRep, near position: Double) {
        let half = max(1, (0.1 * rep.runPeriodS * trace.sampleRate).rounded())
        if let apex = Self.apex(exercise: exercise, grid: rep.positions, near: position, half: half,
                                velocity: [rep.forwardVelocity, rep.lateralVelocity, rep.verticalVelocity],
                                forwardPosition: rep.forwardPosition) {
            rep.apexOffset = apex.index
            rep.apexPosition = apex.position
        }
    }

    /// A hip-pull rep ends where the next one starts, with the hips back at a turnaround: its end
    /// is tilted away from the upright lockout about as far as its start. Standing up after the
    /// set's last turnaround unwinds the hinge just like a drive, but the athlete then steps
    /// towards the anchor upright, so that "rep" ends at the lockout's attitude and is not one.
    /// The end counts as hinged when it is tilted by half the start's tilt (a fatigued set's
    /// shallower next turnaround) or by `minimumHingeRad` at all (a breakdown can halve the tilt
    /// from one rep to the next; standing upright differs from the lockout by a few degrees of
    /// posture, plus the accelerometer-only attitude's error of a few degrees). `lockout` is the
    /// run's upright attitude (the world's up in the sensor frame at its reps' lockouts: most
    /// reps are real). `openingHinge` is the run's opening reps' tilt at the turnaround (see
    /// `openingHingeTilt`): when the pelvis barely pitches even fresh (under
    /// `minimumLeverPitchRad`) the tilt cannot tell a hinge from a stance and every rep is kept.
    /// It is the run's, not the rep's own: after a breakdown the hinge can fall below that
    /// (35° → 14° measured), and the stand-up from such a shallow last turnaround must still be
    /// told from a rep. A rep whose own turnaround tilts under `leastJudgedHingeRad` is kept.
    func returnsToTheHinge(_ rep: MotionRep, lockout: Vector3, openingHinge: Double) -> Bool {
        guard let start = upInSensorFrame(at: rep.turnaroundPosition),
              let end = upInSensorFrame(at: rep.endPosition) else { return true }
        func angle(_ a: Vector3, _ b: Vector3) -> Double { acos(max(-1, min(1, a.dot(b)))) }
        let hinged = angle(lockout, start), back = angle(lockout, end)
        if Self.debug { print("hip-pull rep tilt from the lockout: turnaround \(rep.turnaroundPosition) \(hinged * 180 / .pi)°, end \(back * 180 / .pi)°") }
        if hinged < Self.leastJudgedHingeRad { return true }
        return openingHinge < Self.minimumLeverPitchRad || back >= 0.5 * hinged || back >= Self.minimumHingeRad
    }

    /// A rep whose end looks upright by the tilt test, but whose end is the next rep's
    /// turnaround, and that next rep (a full drive-and-return cycle) returns to the hinge in its
    /// turn: the set went on from there, so this rep ended in a turnaround, however shallow.
    /// The rep at a breakdown: its return goes down only as far as the tired reps after it
    /// hinge (independent simulator seed 526, session 52600009, without a gyroscope: 22° at its
    /// turnaround, 8° at its end, the set's next four reps 7–10°), which the tilt test reads as
    /// standing up. A stand-up is the set's last cycle: nothing drives and returns after it.
    /// The rep must also come out of the set's reps (the one before it hinged and ending at its
    /// turnaround): before the first rep, the athlete's walk in to the stance can tilt the belt
    /// like a deep turnaround and end in the first real one (independent simulator seed 513,
    /// session 51300016: 23° against the set's 5–8°), a cycle that is no rep.
    func endsWhereTheSetGoesOn(_ k: Int, in reps: [MotionRep], hinged: [Bool]) -> Bool {
        guard k > 0, k + 1 < reps.count, hinged[k - 1], hinged[k + 1], !reps[k + 1].endsStanding else { return false }
        let tolerance = 0.05 * trace.sampleRate
        return abs(reps[k + 1].turnaroundPosition - reps[k].endPosition) <= tolerance
            && abs(reps[k].turnaroundPosition - reps[k - 1].endPosition) <= tolerance
    }

    /// The run's hinge when fresh: the largest tilt from the lockout at the turnarounds of its
    /// first three reps, rad (the fatigue reference's opening reps, analysis.md; the largest, so
    /// one shallow first rep after the hike does not hide the hinge).
    func openingHingeTilt(_ reps: [MotionRep], lockout: Vector3) -> Double {
        reps.prefix(3).compactMap { rep in
            upInSensorFrame(at: rep.turnaroundPosition).map { acos(max(-1, min(1, lockout.dot($0)))) }
        }.max() ?? 0
    }

    /// Least pelvis tilt from the lockout that is a hinge, not an upright stance, rad (10°).
    static let minimumHingeRad = 10 * Double.pi / 180
    /// A rep whose turnaround is tilted less than this from the lockout, rad (5°), is not judged by
    /// `returnsToTheHinge`: its end cannot be told from standing by a tilt that is itself within the
    /// few degrees of posture and attitude error. A belt on a pelvis that barely pitches (1–2° a
    /// rep) took the run's opening tilt from the walk in to the stance (16.5°), and then every rep
    /// whose end tilted less than half its 1–2° start was dropped as a stand-up (independent
    /// simulator seed 565 session 56500004, no gyroscope: 17 of 20 and 11 of 12; seed 513 session
    /// 51300016: 9 of 11). A stand-up comes out of a real turnaround, tilted more than this.
    static let leastJudgedHingeRad = 5 * Double.pi / 180

    /// The run's upright attitude: the mean of the world's up in the sensor frame at its reps'
    /// lockouts, nil when there are too few reps to outvote one that is not a rep. With a
    /// gyroscope the lockout is where the pelvis stopped turning (`pelvisStop`): the sensor's
    /// integrated apex at this stage can lie a third of the drive early, still hinged by some 15°,
    /// which made a breakdown's shallower turnarounds look upright to `returnsToTheHinge`.
    func lockoutAttitude(_ reps: [MotionRep]) -> Vector3? {
        guard reps.count >= 3 else { return nil }
        let sum = reps.compactMap { upInSensorFrame(at: $0.pelvisStop ?? $0.apexPosition) }.reduce(Vector3.zero, +)
        return sum.length > 0 ? sum * (1 / sum.length) : nil
    }

    /// The world's up direction in the sensor frame at a fractional sample position, from the
    /// trace's orientation (linear between samples, renormalised).
    func upInSensorFrame(at position: Double) -> Vector3? {
        guard position >= 0, position <= Double(trace.count - 1) else { return nil }
        let i = min(Int(position), trace.count - 2), frac = position - Double(i)
        let a = trace.orientation[i].conjugate.rotate(Vector3(0, 0, 1))
        let b = trace.orientation[i + 1].conjugate.rotate(Vector3(0, 0, 1))
        let u = a * (1 - frac) + b * frac
        return u.length > 0 ? u * (1 / u.length) : nil
    }

    /// Least pelvis turn over a rep that lets the lever be measured, rad (15°).
    static let minimumLeverPitchRad = 15 * Double.pi / 180

    /// Hip pull: the lockout on a rep's grid, searched around `near` within `half` samples (see
    /// the file's notes): the zero crossing of the forward acceleration after the braking peak of
    /// the drive, once the hips have slowed to a fifth of their peak speed; the furthest point
    /// when there is no such crossing before it.
    static func hipPullLockout(grid: [Double], near: Double, half: Double, forwardVelocity: [Double],
                               forwardPosition: [Double]) -> (index: Int, position: Double)? {
        let candidates = grid.indices.dropFirst().dropLast().filter { abs(grid[$0] - near) <= half }
        guard let farthest = candidates.max(by: { forwardPosition[$0] < forwardPosition[$1] }) else { return nil }
        let furthest = (farthest, grid[farthest] + SignalMath.parabolicOffset(forwardPosition, at: farthest))
        guard farthest >= 3, let peak = (0...farthest).max(by: { forwardVelocity[$0] < forwardVelocity[$1] }),
              forwardVelocity[peak] > 0 else { return furthest }
        // Acceleration on the grid by central differences of the velocity (grid steps are one
        // sample, or less at the ends).
        func acceleration(_ k: Int) -> Double {
            let a = max(0, k - 1), b = min(grid.count - 1, k + 1)
            return grid[b] > grid[a] ? (forwardVelocity[b] - forwardVelocity[a]) / (grid[b] - grid[a]) : 0
        }
        guard peak + 1 < farthest else { return furthest }
        let braking = ((peak + 1)...farthest).min { acceleration($0) < acceleration($1) } ?? farthest
        guard acceleration(braking) < 0 else { return furthest }
        let slow = 0.2 * forwardVelocity[peak]
        var arrival: (index: Int, position: Double) = furthest
        var k = braking
        while k < farthest {
            let a0 = acceleration(k), a1 = acceleration(k + 1)
            if a0 < 0, a1 >= 0, forwardVelocity[k + 1] <= slow {
                let frac = a0 / (a0 - a1)
                arrival = (frac < 0.5 ? k : k + 1, grid[k] + frac * (grid[k + 1] - grid[k]))
                break
            }
            k += 1
        }
        // Both the crossing and the furthest point come after the arrival where the hips stop
        // and hold: measured again on the approach (`smoothArrival`).
        if let smooth = smoothArrival(grid: grid, forwardVelocity: forwardVelocity, from: braking,
                                      through: min(grid.count - 1, max(braking + 1, arrival.index + 1)),
                                      peakSpeed: forwardVelocity[peak]), smooth < arrival.position {
            let index = (braking...max(braking, arrival.index)).min { abs(grid[$0] - smooth) < abs(grid[$1] - smooth) } ?? arrival.index
            arrival = (index, smooth)
        }
        return arrival
    }

    /// The arrival at lockout from the velocity's approach to zero, on the grid (fractional), or
    /// nil when the approach is not measured well enough.
    ///
    /// Why not the acceleration's zero crossing alone: the hips stop and hold, so the velocity
    /// runs into a kink (falling, then flat), and any difference across the kink reads the
    /// acceleration still negative one step after the arrival: the crossing came a sample late
    /// (HipDrive's simulator, noise-free, 100 Hz: 5–23 ms, mean drive power 1–3 % low; 50 Hz
    /// doubles it). The approach itself is measured before the kink: with the acceleration
    /// returning to zero continuously (muscles cannot step it), a = −j·(T − t) near the arrival T,
    /// so v = ½j·(T − t)² and √v falls linearly to zero at T. A straight line through √v over the
    /// samples between `arrivalSpeedShares` of the drive's peak speed (above the sensor noise of
    /// the hold, near enough the arrival for the quadratic to hold: a minimum-jerk drive's
    /// arrival is placed 0.6 % of its duration late, 2–6 ms at 50–200 Hz) is extrapolated to
    /// zero. Taken only to move the crossing earlier, and never before the last of those samples:
    /// a stop that brakes hard to the end (v ∝ T − t) extrapolates late and keeps the crossing.
    static func smoothArrival(grid: [Double], forwardVelocity: [Double], from start: Int, through end: Int,
                              peakSpeed: Double) -> Double? {
        guard peakSpeed > 0, start < end else { return nil }
        let low = arrivalSpeedShares.lowerBound * peakSpeed, high = arrivalSpeedShares.upperBound * peakSpeed
        // The last stretch of the approach: from the final sample above `high` to the arrival.
        let lastFast = (start...end).last { forwardVelocity[$0] > high } ?? start
        let samples = (lastFast...end).filter { forwardVelocity[$0] >= low && forwardVelocity[$0] <= high }
        guard samples.count >= 2, let latest = samples.last else { return nil }
        let xs = samples.map { grid[$0] }, ys = samples.map { forwardVelocity[$0].squareRoot() }
        let mx = xs.reduce(0, +) / Double(xs.count), my = ys.reduce(0, +) / Double(ys.count)
        var sxy = 0.0, sxx = 0.0
        for (x, y) in zip(xs, ys) { sxy += (x - mx) * (y - my); sxx += (x - mx) * (x - mx) }
        guard sxx > 0, sxy < 0 else { return nil }
        let slope = sxy / sxx
        let arrival = mx - my / slope
        return arrival >= grid[latest] ? arrival : nil
    }

    /// Speeds, as shares of the drive's peak, over which the approach to the lockout is measured
    /// (`smoothArrival`): above 2 % the hold's sensor noise (a gyroscope's 0.01 rad/s times a
    /// hinge's 0.5 m/rad is 5 mm/s, against peaks of 0.3–1 m/s) is a small part of √v; up to 15 %
    /// a minimum-jerk approach is near enough its quadratic (10 % would halve the 0.6 % lateness
    /// but leaves a 50 Hz drive one sample or none to fit).
    static let arrivalSpeedShares = 0.02...0.15
}

// Which stops are lockouts without a gyroscope. A hip pull's stops alternate between the
// turnaround (hips furthest back) and the lockout (standing tall). They differ in what the hips
// do there: at the turnaround the band and the athlete reverse the hips (a stretch–shortening
// reversal, the acceleration at its largest, 2–5 m/s²); at lockout the hips decelerate into full
// extension and hold it a moment (the glutes squeeze), the acceleration near zero. An
// accelerometer sees that without any orientation: the magnitude of the specific force stays
// near g around a lockout and departs from it around a turnaround. The rate of the tilt (used
// otherwise, `hipPullPelvisRate`: the drive is faster than the return) also carries the hips' own
// acceleration and flips when a fatigued drive slows down to the return's pace.
//
// (The posture itself, the pelvis upright at lockout as when standing before the set, would be
// the more direct test, but the simulator's stand-by posture pitches the pelvis with the step
// back to the anchor, 0.8 m × 50°/0.35 m ≈ 110°, so it cannot be validated here; see
// /work/notes/hip2.md.)
extension MotionRepFinder {
    /// True when the even-numbered stops are the lockouts, false when the odd ones are, nil when
    /// the steadiness does not tell (the two parities' median departures from g within a
    /// factor `minimumSteadinessContrast` of each other). Indices are local to `span`.
    func uprightStopParity(stops: [Int], span: Range<Int>, active: Range<Int>, period: Double) -> Bool? {
        let f = trace.specificForce
        let g = standardGravity
        // Over a fifth of a period around each stop (the lockout's hold lasts a tenth of a period
        // or more; the turnaround's reversal about as long).
        let reach = max(1, Int(0.1 * period * trace.sampleRate))
        func departure(_ stop: Int) -> Double? {
            let window = max(0, stop - reach)...min(span.count - 1, stop + reach)
            guard window.count > 2 else { return nil }
            let squares = window.map { local -> Double in
                let d = f[span.lowerBound + local].length - g
                return d * d
            }
            return (squares.reduce(0, +) / Double(squares.count)).squareRoot()
        }
        let even = stops.indices.filter { $0 % 2 == 0 }.compactMap { departure(stops[$0]) }
        let odd = stops.indices.filter { $0 % 2 == 1 }.compactMap { departure(stops[$0]) }
        if Self.debug { print("lockout steadiness: even", SignalMath.median(even) ?? -1, "odd", SignalMath.median(odd) ?? -1) }
        guard let evenDeparture = SignalMath.median(even), let oddDeparture = SignalMath.median(odd),
              max(evenDeparture, oddDeparture) >= Self.minimumSteadinessContrast * min(evenDeparture, oddDeparture)
        else { return nil }
        return evenDeparture < oddDeparture
    }

    /// The turnarounds' median departure of |f| from g must exceed the lockouts' by this factor
    /// for the steadiness to decide (sensor noise alone gives equal departures).
    static let minimumSteadinessContrast = 1.5
}
