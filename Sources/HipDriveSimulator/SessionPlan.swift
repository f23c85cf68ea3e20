import Foundation
import HipDriveRecordings

/// The rep events the plan scheduled (the truth is measured from the model around them).
struct PlannedRep: Sendable {
    /// Bell at rest behind the legs (hips furthest back), s.
    var turnaround: Double
    /// Arm angle at its top (swing) or hips reaching lockout (hip pull), s.
    var top: Double
    /// The next turnaround (end of the rep), s.
    var end: Double
}

struct PlannedSet: Sendable {
    var reps: [PlannedRep]
}

/// Turns a configuration into a ``BodyModel`` full of keyframes: idle, approach, hike, reps with
/// fatigue and variability, park, rests. All random draws come from the given generator.
struct SessionPlan: Sendable {
    var body: BodyModel
    var sets: [PlannedSet] = []
    var intervals: [IntervalTruth] = []
    /// Moments the bell hits the floor (set-down), for the impact in the IMU and the audio.
    var bellImpacts: [Double] = []
    var duration: Double = 0

    private static let degree = Double.pi / 180

    init(config: SimulationConfig, random: inout SeededGenerator) {
        body = BodyModel(exercise: config.exercise, athlete: config.athlete)
        switch config.exercise {
        case .swing: buildSwing(config, &random)
        case .hipPull: buildHipPull(config, &random)
        }
    }

    // MARK: Fatigue

    /// Fatigue level 0…1 of rep `index` (1-based) in a set of `count`.
    static func fatigueLevel(_ fatigue: SimulationConfig.Fatigue, index: Int, count: Int) -> Double {
        switch fatigue.kind {
        case .none: return 0
        case .decline: return count > 1 ? Double(index - 1) / Double(count - 1) : 0
        case .breakdown:
            if index < fatigue.breakdownRep { return 0 }
            return index == fatigue.breakdownRep ? 0.8 : 1
        }
    }

    /// (work ratio, drive-time ratio) for a fatigue level: P/P₀ = 1 − loss·level, split in log
    /// space between work and time by the configured work share.
    static func fatigueRatios(_ fatigue: SimulationConfig.Fatigue, level: Double) -> (work: Double, time: Double) {
        let loss = max(0, min(0.8, fatigue.lossFraction))
        let logPower = log(1 - loss * level)
        let share = max(0, min(1, fatigue.workShare))
        return (exp(share * logPower), exp(-(1 - share) * logPower))
    }

    /// The reps (1-based) after which a set pauses: distinct, away from the set's ends.
    static func pauseAfterReps(_ config: SimulationConfig, count: Int, _ random: inout SeededGenerator) -> Set<Int> {
        guard config.pausesPerSet > 0, count >= 5 else { return [] }
        let candidates = Array(2...(count - 2))
        var chosen = Set<Int>()
        while chosen.count < min(config.pausesPerSet, candidates.count) {
            chosen.insert(candidates[Int(random.unit() * Double(candidates.count)) % candidates.count])
        }
        return chosen
    }

    // MARK: Idle

    /// Small, slow fidgeting while standing (arm sway, torso shifting) until `end`, returning to
    /// the base pose with zero rate at `end`. Keys every 1–2.5 s.
    private mutating func fidget(until end: Double, armBase: Double, hingeBase: Double, _ random: inout SeededGenerator) {
        var t = body.arm.lastTime
        while t + 2.6 < end {
            t += random.uniform(1.0...2.5)
            body.arm.key(t, .at(armBase + random.uniform(-0.06...0.06)))
            body.hinge.key(t, .at(hingeBase + random.uniform(-0.03...0.05)))
            if body.exercise == .hipPull {
                body.hipShift.key(t, .at(body.hipShift.lastState.value + random.uniform(-0.015...0.015)))
            }
        }
        body.arm.key(end, .at(armBase))
        body.hinge.key(end, .at(hingeBase))
        body.crouch.hold(until: end)
        if body.exercise == .hipPull { body.hipShift.key(end, .at(body.hipShift.states.first?.value ?? 0)) }
    }

    // MARK: Swing

    /// Static height of the bell at hinge φ, arm angle θ and bell pivot ρ (no crouch).
    private func bellHeight(hinge phi: Double, arm theta: Double, pivot rho: Double = 0) -> Double {
        let a = body.athlete
        return a.hipHeightM - a.kneeDropM * phi / body.hingeReference + a.torsoLengthM * cos(phi)
            - (a.bellRadiusM - a.gripToBellM) * cos(theta) - a.gripToBellM * cos(theta + rho)
    }

    private struct SwingRep {
        var hingeDepth: Double  // φ at the turnaround, rad
        var backAngle: Double  // θ at the turnaround, rad
        var topAngle: Double  // θ at the top, rad
        var lean: Double  // φ at the float (lean back, ≤ 0), rad
        var leanDelay: Double  // the torso finishes its lean this long after the arm's top, s
        var snapShare: Double  // share of the drive in which the hips extend
        var driveTime: Double  // turnaround → arm top, s
        var fallTime: Double  // arm top → next turnaround, s
        var turnaroundAcceleration: Double  // θ̈ at the turnaround, rad/s²
        var topAcceleration: Double  // θ̈ at the top, rad/s²
        var hingeDelayShare: Double  // share of the fall before the hips start to hinge
        var backPivot: Double  // ρ at the turnaround (bell flipped back), rad
        var topPivot: Double  // ρ at the top (bell tipping over), rad
        var alignShare: Double  // share of the drive at which the bell has come in line with the arm
    }

    private mutating func buildSwing(_ config: SimulationConfig, _ random: inout SeededGenerator) {
        let cv = max(0, config.repVariability)
        let athlete = config.athlete
        let russian = config.style == .russian
        body.twistAmplitude = config.hands == .one ? 14 * Self.degree : 2 * Self.degree
        let repPeriod = 60 / config.effectiveCadencePerMin
        let driveShare = russian ? 0.48 : 0.50
        let nominalTop = (russian ? 85.0 : 168.0) * Self.degree
        let nominalBack = -45 * Self.degree
        let nominalBackPivot = -70 * Self.degree
        let nominalTopPivot = (russian ? 15.0 : 8.0) * Self.degree
        let nominalLean = -6 * Self.degree
        let phiRef = body.hingeReference
        let referenceRise = bellHeight(hinge: nominalLean, arm: nominalTop, pivot: nominalTopPivot)
            - bellHeight(hinge: phiRef, arm: nominalBack, pivot: nominalBackPivot)
        // Pick-up / set-down pose: deep hinge, knees bent, arm reaching forward to the bell on the floor.
        let pickHinge = min(80 * Self.degree, phiRef + 8 * Self.degree)
        let pickArm = 30 * Self.degree
        let bellRestHeight = 0.14
        let pickCrouch = max(0, bellHeight(hinge: pickHinge, arm: pickArm) - bellRestHeight)

        var bellOnFloor = config.includeHike
        var t = 0.0
        var inHandSince: Double? = bellOnFloor ? nil : 0
        // The bell's resting place is where the pick-up pose puts the hand.
        let restPlace: Vector3 = {
            var probe = BodyModel(exercise: .swing, athlete: athlete)
            probe.hinge = Track(start: .at(pickHinge))
            probe.crouch = Track(start: .at(pickCrouch))
            probe.arm = Track(start: .at(pickArm))
            return probe.armPoint(at: 0, radius: athlete.bellRadiusM).position
        }()
        body.floorPositions = [(0, restPlace)]

        // Idle before the first set.
        let idleEnd = max(0.5, config.idleBeforeS)
        fidget(until: idleEnd, armBase: 0, hingeBase: 0, &random)
        intervals.append(IntervalTruth(kind: "idle", start: 0, end: idleEnd, set: nil))
        t = idleEnd

        for setIndex in 1...max(1, config.sets) {
            if setIndex > 1 {
                let restEnd = t + max(1, config.restS)
                fidget(until: restEnd, armBase: 0, hingeBase: 0, &random)
                intervals.append(IntervalTruth(kind: "rest", start: t, end: restEnd, set: nil))
                t = restEnd
            }
            let count = max(1, config.repsPerSet)
            // Draw every rep's shape first: a fall needs the next rep's turnaround.
            var reps: [SwingRep] = []
            for index in 1...(count + 1) {
                let level = Self.fatigueLevel(config.fatigue, index: min(index, count), count: count)
                var (workRatio, timeRatio) = Self.fatigueRatios(config.fatigue, level: level)
                workRatio *= 1 - 0.02 * Double(setIndex - 1)  // a little less fresh each set
                let hingeDepth = phiRef * random.factor(cv: cv)
                let back = nominalBack + random.uniform(-3...3) * Self.degree * cv / 0.03
                let lean = nominalLean * random.uniform(0.5...1.5)
                let rise = referenceRise * workRatio * random.factor(cv: cv)
                let backPivot = nominalBackPivot * random.uniform(0.7...1.3)
                let topPivot = nominalTopPivot * random.uniform(0.5...1.5) * workRatio
                let start = bellHeight(hinge: hingeDepth, arm: back, pivot: backPivot)
                // Solve the arm's top angle for the rise (the height is monotone in θ on [0, π]).
                var low = 0.35, high = Double.pi - 0.02 - max(0, topPivot)
                for _ in 0..<50 {
                    let mid = (low + high) / 2
                    if bellHeight(hinge: lean, arm: mid, pivot: topPivot) - start < rise { low = mid } else { high = mid }
                }
                let top = (low + high) / 2
                let drive = repPeriod * driveShare * timeRatio * random.factor(cv: cv)
                let fall = repPeriod * (1 - driveShare) * random.factor(cv: cv)
                let normalisedTurn = random.uniform(5.0...7.5)
                let turnAcc = normalisedTurn * (top - back) / (drive * drive)
                // Near the float the bell is close to free flight: gravity's tangential share.
                let topAcc = -(standardGravity / athlete.bellRadiusM) * sin(top) * random.uniform(0.6...0.95)
                reps.append(SwingRep(hingeDepth: hingeDepth, backAngle: back, topAngle: top, lean: lean,
                                     leanDelay: random.uniform(0.12...0.25), snapShare: random.uniform(0.55...0.7),
                                     driveTime: drive, fallTime: fall, turnaroundAcceleration: turnAcc,
                                     topAcceleration: topAcc, hingeDelayShare: random.uniform(0.3...0.45),
                                     backPivot: backPivot, topPivot: topPivot, alignShare: random.uniform(0.4...0.55)))
            }

            // Into the first turnaround: the hike from the floor, or a swing back from standing.
            let firstTurn: Double
            if bellOnFloor {
                let approachEnd = t + random.uniform(1.0...1.4)
                body.hinge.key(approachEnd, .at(pickHinge))
                body.crouch.key(approachEnd, .at(pickCrouch))
                body.arm.key(approachEnd, .at(pickArm))
                intervals.append(IntervalTruth(kind: "approach", start: t, end: approachEnd, set: setIndex))
                // Tip the bell towards the body, then hike it back between the legs.
                let tiltEnd = approachEnd + random.uniform(0.35...0.5)
                body.floorTilt.hold(until: approachEnd)
                body.floorTilt.key(tiltEnd, .at(pickArm))
                body.hinge.hold(until: tiltEnd)
                body.crouch.hold(until: tiltEnd)
                body.arm.hold(until: tiltEnd)
                firstTurn = tiltEnd + random.uniform(0.75...0.95)
                body.lateral.hold(until: tiltEnd)  // the hand meets the bell where it lies
                inHandSince = tiltEnd
                bellOnFloor = false
                intervals.append(IntervalTruth(kind: "hike", start: approachEnd, end: firstTurn, set: setIndex))
            } else {
                firstTurn = t + random.uniform(0.8...1.0)
                intervals.append(IntervalTruth(kind: "start", start: t, end: firstTurn, set: setIndex))
            }
            addArmKey(firstTurn, Motion1D(value: reps[0].backAngle, rate: 0, acceleration: reps[0].turnaroundAcceleration))
            body.hinge.key(firstTurn, .at(reps[0].hingeDepth))
            body.crouch.key(firstTurn, .at(0))
            body.lateral.key(firstTurn, .at(0))  // each turnaround is a lateral key: the bell is at rest there
            body.bellPivot.hold(until: max(t, firstTurn - 0.5))
            body.bellPivot.key(firstTurn, .at(reps[0].backPivot))

            var planned: [PlannedRep] = []
            var turn = firstTurn
            let pauses = Self.pauseAfterReps(config, count: count, &random)
            for index in 0..<count {
                let rep = reps[index], next = reps[index + 1]
                let top = turn + rep.driveTime
                // Drive: the arm rises to its top; the hips snap through early and the torso keeps
                // leaning back a little past the arm's top, so the bell is never quite still there.
                let topKey = addArmKey(top, Motion1D(value: rep.topAngle, rate: 0, acceleration: rep.topAcceleration))
                reps[index].topAcceleration = topKey.acceleration
                let snapEnd = turn + rep.snapShare * rep.driveTime
                let leanEnd = top + rep.leanDelay
                let snapRate = 1.5 * (0.4 * rep.lean) / (leanEnd - snapEnd)
                body.hinge.key(snapEnd, Motion1D(value: 0.6 * rep.lean, rate: snapRate, acceleration: 0))
                body.hinge.key(leanEnd, .at(rep.lean))
                // The bell, flipped back at the turnaround, swings into line with the arm through
                // the bottom and tips over a little at the float.
                let aligned = turn + rep.alignShare * rep.driveTime
                let pivotRate = 1.2 * (rep.topPivot - rep.backPivot) / rep.driveTime
                addPivotKey(aligned, Motion1D(value: 0.25 * rep.backPivot, rate: pivotRate, acceleration: 0))
                addPivotKey(top, .at(rep.topPivot))
                // Fall: the bell drops as a pendulum under gravity (with the athlete's pull or
                // hold chosen to keep the cadence), then the forearms meet the thighs and the
                // swing is braked into the next turnaround.
                let fall = addFall(from: top, topAngle: rep.topAngle, topAcceleration: topKey.acceleration,
                                   backAngle: next.backAngle, turnaroundAcceleration: next.turnaroundAcceleration,
                                   targetTime: rep.fallTime)
                let nextTurn = fall.turnaround
                reps[index + 1].turnaroundAcceleration = fall.turnaroundAcceleration
                // Falling, the bell comes back in line; as the arm is braked at the legs the bell
                // keeps turning, flipping back behind them.
                let passLegs = fall.brakeStart
                addPivotKey(passLegs, Motion1D(value: 0.1 * next.backPivot,
                                               rate: 1.2 * 0.9 * next.backPivot / (nextTurn - passLegs), acceleration: 0))
                addPivotKey(nextTurn, .at(next.backPivot))
                let hingeStart = min(max(leanEnd + 0.05, top + rep.hingeDelayShare * (nextTurn - top)), nextTurn - 0.15)
                body.hinge.key(hingeStart, .at(0.3 * rep.lean))
                body.hinge.key(nextTurn, .at(next.hingeDepth))
                body.crouch.hold(until: nextTurn)
                let sway = (config.hands == .one ? 0.03 : 0.012) * (cv > 0 ? 1 : 0)
                body.lateral.key(top, .at(sway * random.uniform(-1...1)))
                body.lateral.key(nextTurn, .at(sway * random.uniform(-1...1)))
                planned.append(PlannedRep(turnaround: turn, top: top, end: nextTurn))
                turn = nextTurn
                if pauses.contains(index + 1) {
                    // The bell swings forward to hang; the athlete stands with it, then swings it
                    // back into the next rep's turnaround.
                    let standing = turn + random.uniform(0.9...1.2)
                    addArmKey(standing, .at(0))
                    body.hinge.key(standing, .at(0))
                    body.bellPivot.key(standing, .at(0))
                    body.lateral.key(standing, .at(0))
                    body.crouch.hold(until: standing)
                    let resume = standing + max(0.5, config.pauseDurationS)
                    fidget(until: resume, armBase: 0, hingeBase: 0, &random)
                    body.bellPivot.hold(until: resume)
                    body.lateral.hold(until: resume)
                    let restart = resume + random.uniform(0.8...1.0)
                    addArmKey(restart, Motion1D(value: next.backAngle, rate: 0, acceleration: next.turnaroundAcceleration))
                    body.hinge.key(restart, .at(next.hingeDepth))
                    body.bellPivot.key(restart, .at(next.backPivot))
                    body.lateral.key(restart, .at(0))
                    body.crouch.hold(until: restart)
                    intervals.append(IntervalTruth(kind: "pause", start: turn, end: restart, set: setIndex))
                    turn = restart
                }
            }
            sets.append(PlannedSet(reps: planned))

            // Out of the last turnaround: park the bell on the floor, or stand up holding it.
            if config.includePark {
                let parkTime = random.uniform(0.9...1.2)
                let setDown = turn + parkTime
                addArmKey(setDown, .at(pickArm))
                body.bellPivot.key(turn + 0.6 * parkTime, .at(0))
                body.hinge.key(setDown, .at(pickHinge))
                body.crouch.key(turn + 0.45 * parkTime, .at(0))
                body.crouch.key(setDown, .at(pickCrouch))
                body.floorTilt.key(setDown, .at(pickArm))
                let untilted = setDown + random.uniform(0.35...0.5)
                body.floorTilt.key(untilted, .at(0))
                body.hinge.hold(until: untilted)
                body.crouch.hold(until: untilted)
                body.arm.hold(until: untilted)
                let standing = untilted + random.uniform(0.9...1.3)
                body.hinge.key(standing, .at(0))
                body.crouch.key(standing, .at(0))
                body.arm.key(standing, .at(0))
                if let since = inHandSince { body.bellInHand.append(since...setDown) }
                inHandSince = nil
                bellOnFloor = true
                body.floorPositions.append((setDown, restPlace))
                bellImpacts.append(setDown)
                body.lateral.key(setDown, .at(0))
                intervals.append(IntervalTruth(kind: "park", start: turn, end: setDown, set: setIndex))
                intervals.append(IntervalTruth(kind: "clatter", start: setDown, end: setDown + 0.15, set: setIndex))
                intervals.append(IntervalTruth(kind: "rise", start: setDown, end: standing, set: setIndex))
                t = standing
            } else {
                let standing = turn + random.uniform(0.9...1.2)
                addArmKey(standing, .at(0))
                body.bellPivot.key(standing, .at(0))
                body.hinge.key(standing, .at(0))
                body.crouch.hold(until: standing)
                body.lateral.key(standing, .at(0))
                intervals.append(IntervalTruth(kind: "stop", start: turn, end: standing, set: setIndex))
                t = standing
            }
        }
        let end = t + max(0.5, config.idleAfterS)
        fidget(until: end, armBase: 0, hingeBase: 0, &random)
        body.floorTilt.hold(until: end)
        intervals.append(IntervalTruth(kind: "idle", start: t, end: end, set: nil))
        if let since = inHandSince { body.bellInHand.append(since...end + 1) }
        duration = end
    }

    /// Adds the fall of a swing from the arm's top to the next turnaround: a pendulum phase
    /// θ̈ = −k·(g/r)·sin θ + effort, integrated with RK4 (k matches the top's acceleration; the
    /// athlete's effort, a pull down ramping in over 0.2 s of up to 0.5 g/r or a hold that damps
    /// the fall by up to 3 θ̇, is solved by bisection so that the whole fall takes about
    /// `targetTime`; a fall that cannot fit the target even so takes longer, as a real one would), sampled
    /// into C² keys every 25 ms until braking must start (just behind vertical, or earlier for a
    /// fast bell so the deceleration stays near 22 m/s²); then a braking segment into the turnaround.
    private mutating func addFall(from top: Double, topAngle: Double, topAcceleration: Double, backAngle: Double,
                                  turnaroundAcceleration: Double, targetTime: Double)
        -> (turnaround: Double, brakeStart: Double, turnaroundAcceleration: Double)
    {
        let radius = body.athlete.bellRadiusM
        let gOverR = standardGravity / radius
        let k = sin(topAngle) > 0.05 ? max(0, min(1.2, topAcceleration / (-gOverR * sin(topAngle)))) : 1
        // Braking starts just behind vertical, or earlier when the bell is fast, so that the
        // tangential deceleration into the turnaround stays near `brakeLimit` (m/s²).
        let brakeLimit = 22.0
        func brakeAngle(rate: Double) -> Double {
            max(0.25 * backAngle, backAngle + rate * rate * radius / (2 * brakeLimit))
        }
        let ramp = 0.2
        /// The athlete's effort q: q ≥ 0 pulls the bell down with q·s(τ) rad/s² (ramping in
        /// over `ramp`); q < 0 holds it back with damping −q·θ̇ (1/s), which only ever slows the
        /// fall and cannot push the bell back over the top.
        // A bell overhead barely falls by itself: the athlete first pulls it over the top
        // (a smooth push over 0.4 s, zero at both ends), then rides it down.
        let overTop = 0.6 * gOverR * max(0, -cos(topAngle))
        func acceleration(_ theta: Double, _ rate: Double, _ tau: Double, _ effort: Double) -> Double {
            var gravity = -k * gOverR * sin(theta)
            if tau < 0.4 { let b = sin(Double.pi * tau / 0.4); gravity -= overTop * b * b }
            if effort < 0 { return gravity + effort * rate }
            let x = min(1, tau / ramp)
            return gravity - effort * x * x * (3 - 2 * x)
        }
        /// Integrates from the top until the arm reaches `brakeAngle`; returns the states every step.
        func integrate(_ pull: Double) -> [(tau: Double, theta: Double, rate: Double)] {
            let dt = 0.002
            var states = [(tau: 0.0, theta: topAngle, rate: 0.0)]
            var tau = 0.0, theta = topAngle, rate = 0.0
            while (theta > brakeAngle(rate: rate) || rate > -0.5) && tau < 4 {
                // RK4 on (θ, θ̇).
                let k1v = acceleration(theta, rate, tau, pull), k1x = rate
                let k2x = rate + 0.5 * dt * k1v
                let k2v = acceleration(theta + 0.5 * dt * k1x, k2x, tau + 0.5 * dt, pull)
                let k3x = rate + 0.5 * dt * k2v
                let k3v = acceleration(theta + 0.5 * dt * k2x, k3x, tau + 0.5 * dt, pull)
                let k4x = rate + dt * k3v
                let k4v = acceleration(theta + dt * k3x, k4x, tau + dt, pull)
                theta += dt / 6 * (k1x + 2 * k2x + 2 * k3x + k4x)
                rate += dt / 6 * (k1v + 2 * k2v + 2 * k3v + k4v)
                tau += dt
                states.append((tau, theta, rate))
            }
            return states
        }
        func brakeTime(_ end: (tau: Double, theta: Double, rate: Double)) -> Double {
            max(1.8 * abs(end.theta - backAngle) / max(abs(end.rate), 0.5), abs(end.rate) * radius / brakeLimit)
        }
        func total(_ pull: Double) -> Double {
            let states = integrate(pull)
            return states[states.count - 1].tau + brakeTime(states[states.count - 1])
        }
        var low = -3.0, high = 0.5 * gOverR
        var pull = 0.0
        if total(low) <= targetTime {
            pull = low
        } else if total(high) >= targetTime {
            pull = high
        } else {
            for _ in 0..<24 {
                let mid = (low + high) / 2
                if total(mid) > targetTime { low = mid } else { high = mid }
            }
            pull = (low + high) / 2
        }
        let states = integrate(pull)
        var lastKey = 0.0
        for (index, state) in states.enumerated() where index > 0 {
            let isLast = index == states.count - 1
            guard isLast || state.tau - lastKey >= 0.025 - 1e-9 else { continue }
            if isLast && state.tau - lastKey < 0.01 { body.arm.removeLastKey() }
            body.arm.key(top + state.tau, Motion1D(value: state.theta, rate: state.rate,
                                                    acceleration: acceleration(state.theta, state.rate, state.tau, pull)))
            lastKey = state.tau
        }
        let end = states[states.count - 1]
        let brakeStart = top + end.tau
        let turnaround = brakeStart + brakeTime(end)
        let key = addArmKey(turnaround, Motion1D(value: backAngle, rate: 0, acceleration: turnaroundAcceleration))
        return (turnaround, brakeStart, key.acceleration)
    }

    /// Adds a bell-pivot key; where the new segment would overshoot (a quintic pushed by a large
    /// end rate can swing the wrong way first), softens the key's rate until it does not.
    private mutating func addPivotKey(_ time: Double, _ state: Motion1D) {
        var key = state
        for _ in 0..<40 {
            body.bellPivot.key(time, key)
            if body.bellPivot.lastSegment?.isMonotone() ?? true { return }
            body.bellPivot.removeLastKey()
            key.rate *= 0.8
            key.acceleration *= 0.8
        }
        body.bellPivot.key(time, Motion1D(value: state.value))
    }

    /// Adds an arm key; if the new segment would reverse (overshoot), softens the new key's
    /// acceleration until the segment is monotone. Returns the key actually used.
    @discardableResult
    private mutating func addArmKey(_ time: Double, _ state: Motion1D) -> Motion1D {
        var key = state
        for _ in 0..<40 {
            body.arm.key(time, key)
            if body.arm.lastSegment?.isMonotone() ?? true { return key }
            body.arm.removeLastKey()
            key.acceleration *= 0.8
        }
        body.arm.key(time, Motion1D(value: state.value))
        return Motion1D(value: state.value)
    }

    // MARK: Hip pull

    private mutating func buildHipPull(_ config: SimulationConfig, _ random: inout SeededGenerator) {
        let cv = max(0, config.repVariability)
        let band = config.effectiveBand
        let nominalStroke = body.pullStrokeReference
        let lockoutDistance = band.distanceAtTurnaroundM + nominalStroke
        let repPeriod = 60 / config.effectiveCadencePerMin
        let stepBack = -(nominalStroke + 0.45)  // standing closer to the anchor, band slack-ish
        body.hipShift = Track(start: .at(stepBack))
        body.pullStance = Track(start: .at(stepBack))
        // The fatigue profile sets the hip joint's stroke from this work; the band's own point
        // (TruthBuilder) travels a little less or more, monotonically with it.
        func bandWork(stroke: Double) -> Double {
            let k = band.stiffnessNPerM
            let stretchLock = max(0, lockoutDistance - band.slackM)
            let stretchTurn = max(0, lockoutDistance - stroke - band.slackM)
            return 0.5 * k * (stretchLock * stretchLock - stretchTurn * stretchTurn)
        }
        let referenceWork = bandWork(stroke: nominalStroke)

        var t = max(0.5, config.idleBeforeS)
        fidget(until: t, armBase: 0, hingeBase: 0, &random)
        intervals.append(IntervalTruth(kind: "idle", start: 0, end: t, set: nil))
        for setIndex in 1...max(1, config.sets) {
            if setIndex > 1 {
                let restEnd = t + max(1, config.restS)
                fidget(until: restEnd, armBase: 0, hingeBase: 0, &random)
                intervals.append(IntervalTruth(kind: "rest", start: t, end: restEnd, set: nil))
                t = restEnd
            }
            let count = max(1, config.repsPerSet)
            struct PullRep { var stroke, drive, hold, back, turnAcc: Double }
            var reps: [PullRep] = []
            for index in 1...(count + 1) {
                let level = Self.fatigueLevel(config.fatigue, index: min(index, count), count: count)
                var (workRatio, timeRatio) = Self.fatigueRatios(config.fatigue, level: level)
                workRatio *= 1 - 0.02 * Double(setIndex - 1)
                // Solve the stroke that stores the target work in the band (monotone in stroke,
                // flat where the band goes slack, so the solve stays at or below the nominal
                // stroke), then vary the stroke itself from rep to rep.
                let target = referenceWork * min(1, workRatio)
                var low = 0.02, high = nominalStroke
                for _ in 0..<50 {
                    let mid = (low + high) / 2
                    if bandWork(stroke: mid) < target { low = mid } else { high = mid }
                }
                let stroke = (low + high) / 2 * random.factor(cv: cv)
                let drive = repPeriod * 0.33 * timeRatio * random.factor(cv: cv)
                let hold = repPeriod * random.uniform(0.05...0.1)
                let back = repPeriod * 0.6 * random.factor(cv: cv)
                reps.append(PullRep(stroke: stroke, drive: drive, hold: hold, back: back,
                                    turnAcc: random.uniform(3...5) * stroke / (drive * drive)))
            }
            // Walk in to the lockout stance, then sit back into the first turnaround.
            let stance = t + random.uniform(1.2...1.6)
            body.hipShift.key(stance, .at(0))
            body.pullStance.hold(until: t)
            body.pullStance.key(stance, .at(0))
            body.arm.hold(until: stance)
            body.hinge.hold(until: stance)
            intervals.append(IntervalTruth(kind: "approach", start: t, end: stance, set: setIndex))
            let firstTurn = stance + random.uniform(0.9...1.2)
            addHipKey(firstTurn, Motion1D(value: -reps[0].stroke, rate: 0, acceleration: reps[0].turnAcc))
            body.lateral.key(firstTurn, .at(0))
            intervals.append(IntervalTruth(kind: "start", start: stance, end: firstTurn, set: setIndex))
            var turn = firstTurn
            var planned: [PlannedRep] = []
            let pauses = Self.pauseAfterReps(config, count: count, &random)
            for index in 0..<count {
                let rep = reps[index], next = reps[index + 1]
                let lockout = turn + rep.drive
                addHipKey(lockout, .at(0))
                var release = lockout + rep.hold
                if pauses.contains(index + 1) {
                    // Holding the lockout, band stretched, before going on.
                    let resume = release + max(0.5, config.pauseDurationS)
                    intervals.append(IntervalTruth(kind: "pause", start: release, end: resume, set: setIndex))
                    release = resume
                }
                body.hipShift.key(release, .at(0))
                if index == count - 1, config.hipPullFinish == .lockout {
                    // The set ends standing at this lockout: the rep ends with the hold.
                    planned.append(PlannedRep(turnaround: turn, top: lockout, end: release))
                    turn = release
                    break
                }
                let nextTurn = release + rep.back
                let key = addHipKey(nextTurn, Motion1D(value: -next.stroke, rate: 0, acceleration: next.turnAcc))
                reps[index + 1].turnAcc = key.acceleration
                let sway = 0.01 * (cv > 0 ? 1 : 0)
                body.lateral.key(lockout, .at(sway * random.uniform(-1...1)))
                body.lateral.key(nextTurn, .at(sway * random.uniform(-1...1)))
                planned.append(PlannedRep(turnaround: turn, top: lockout, end: nextTurn))
                turn = nextTurn
            }
            sets.append(PlannedSet(reps: planned))
            // Stand up and step back towards the anchor (from the last turnaround, or upright
            // from the last lockout: `hipPullFinish`).
            let released = turn + random.uniform(1.2...1.6)
            // The stance stays at the lockout through the set; standing up from the last
            // turnaround, the hinge unwinds as the hips step back.
            body.pullStance.hold(until: turn)
            body.hipShift.key(released, .at(stepBack))
            body.pullStance.key(released, .at(stepBack))
            body.lateral.key(released, .at(0))
            body.arm.hold(until: released)
            body.hinge.hold(until: released)
            intervals.append(IntervalTruth(kind: "release", start: turn, end: released, set: setIndex))
            t = released
        }
        let end = t + max(0.5, config.idleAfterS)
        fidget(until: end, armBase: 0, hingeBase: 0, &random)
        intervals.append(IntervalTruth(kind: "idle", start: t, end: end, set: nil))
        duration = end
    }

    @discardableResult
    private mutating func addHipKey(_ time: Double, _ state: Motion1D) -> Motion1D {
        var key = state
        for _ in 0..<40 {
            body.hipShift.key(time, key)
            if body.hipShift.lastSegment?.isMonotone() ?? true { return key }
            body.hipShift.removeLastKey()
            key.acceleration *= 0.8
        }
        body.hipShift.key(time, Motion1D(value: state.value))
        return Motion1D(value: state.value)
    }
}
