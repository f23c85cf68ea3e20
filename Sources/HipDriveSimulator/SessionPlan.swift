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

    /// Static height of the bell at hinge φ and arm angle θ (no crouch).
    private func bellHeight(hinge phi: Double, arm theta: Double) -> Double {
        let a = body.athlete
        return a.hipHeightM - a.kneeDropM * phi / body.hingeReference + a.torsoLengthM * cos(phi)
            - a.bellRadiusM * cos(theta)
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
    }

    private mutating func buildSwing(_ config: SimulationConfig, _ random: inout SeededGenerator) {
        let cv = max(0, config.repVariability)
        let athlete = config.athlete
        let russian = config.style == .russian
        body.twistAmplitude = config.hands == .one ? 14 * Self.degree : 2 * Self.degree
        let repPeriod = 60 / config.effectiveCadencePerMin
        let driveShare = russian ? 0.45 : 0.47
        let nominalTop = (russian ? 88.0 : 172.0) * Self.degree
        let nominalBack = -42 * Self.degree
        let nominalLean = -6 * Self.degree
        let phiRef = body.hingeReference
        let referenceRise = bellHeight(hinge: nominalLean, arm: nominalTop) - bellHeight(hinge: phiRef, arm: nominalBack)
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
                let start = bellHeight(hinge: hingeDepth, arm: back)
                // Solve the arm's top angle for the rise (the height is monotone in θ on [0, π]).
                var low = 0.35, high = Double.pi - 0.02
                for _ in 0..<50 {
                    let mid = (low + high) / 2
                    if bellHeight(hinge: lean, arm: mid) - start < rise { low = mid } else { high = mid }
                }
                let top = (low + high) / 2
                let drive = repPeriod * driveShare * timeRatio * random.factor(cv: cv)
                let fall = repPeriod * (1 - driveShare) * random.factor(cv: cv)
                let normalisedTurn = random.uniform(4.5...6.5)
                let turnAcc = normalisedTurn * (top - back) / (drive * drive)
                // Near the float the bell is close to free flight: gravity's tangential share.
                let topAcc = -(standardGravity / athlete.bellRadiusM) * sin(top) * random.uniform(0.6...0.95)
                reps.append(SwingRep(hingeDepth: hingeDepth, backAngle: back, topAngle: top, lean: lean,
                                     leanDelay: random.uniform(0.12...0.25), snapShare: random.uniform(0.55...0.7),
                                     driveTime: drive, fallTime: fall, turnaroundAcceleration: turnAcc,
                                     topAcceleration: topAcc, hingeDelayShare: random.uniform(0.3...0.45)))
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

            var planned: [PlannedRep] = []
            var turn = firstTurn
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
                // Fall: the bell drops; the athlete waits, then hinges to meet it.
                let nextTurn = top + rep.fallTime
                let turnKey = addArmKey(nextTurn, Motion1D(value: next.backAngle, rate: 0,
                                                           acceleration: next.turnaroundAcceleration))
                reps[index + 1].turnaroundAcceleration = turnKey.acceleration
                let hingeStart = max(leanEnd + 0.05, top + rep.hingeDelayShare * rep.fallTime)
                body.hinge.key(hingeStart, .at(0.3 * rep.lean))
                body.hinge.key(nextTurn, .at(next.hingeDepth))
                body.crouch.hold(until: nextTurn)
                planned.append(PlannedRep(turnaround: turn, top: top, end: nextTurn))
                turn = nextTurn
            }
            sets.append(PlannedSet(reps: planned))

            // Out of the last turnaround: park the bell on the floor, or stand up holding it.
            if config.includePark {
                let parkTime = random.uniform(0.9...1.2)
                let setDown = turn + parkTime
                addArmKey(setDown, .at(pickArm))
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
                intervals.append(IntervalTruth(kind: "park", start: turn, end: setDown, set: setIndex))
                intervals.append(IntervalTruth(kind: "clatter", start: setDown, end: setDown + 0.15, set: setIndex))
                intervals.append(IntervalTruth(kind: "rise", start: setDown, end: standing, set: setIndex))
                t = standing
            } else {
                let standing = turn + random.uniform(0.9...1.2)
                addArmKey(standing, .at(0))
                body.hinge.key(standing, .at(0))
                body.crouch.hold(until: standing)
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
                workRatio *= (1 - 0.02 * Double(setIndex - 1)) * random.factor(cv: cv)
                // Solve the stroke that stores the target work in the band (monotone in stroke).
                let target = referenceWork * workRatio
                var low = 0.02, high = 0.8
                for _ in 0..<50 {
                    let mid = (low + high) / 2
                    if bandWork(stroke: mid) < target { low = mid } else { high = mid }
                }
                let stroke = (low + high) / 2
                let drive = repPeriod * 0.33 * timeRatio * random.factor(cv: cv)
                let hold = repPeriod * random.uniform(0.05...0.1)
                let back = repPeriod * 0.6 * random.factor(cv: cv)
                reps.append(PullRep(stroke: stroke, drive: drive, hold: hold, back: back,
                                    turnAcc: random.uniform(3...5) * stroke / (drive * drive)))
            }
            // Walk in to the lockout stance, then sit back into the first turnaround.
            let stance = t + random.uniform(1.2...1.6)
            body.hipShift.key(stance, .at(0))
            body.arm.hold(until: stance)
            body.hinge.hold(until: stance)
            intervals.append(IntervalTruth(kind: "approach", start: t, end: stance, set: setIndex))
            let firstTurn = stance + random.uniform(0.9...1.2)
            addHipKey(firstTurn, Motion1D(value: -reps[0].stroke, rate: 0, acceleration: reps[0].turnAcc))
            intervals.append(IntervalTruth(kind: "start", start: stance, end: firstTurn, set: setIndex))
            var turn = firstTurn
            var planned: [PlannedRep] = []
            for index in 0..<count {
                let rep = reps[index], next = reps[index + 1]
                let lockout = turn + rep.drive
                addHipKey(lockout, .at(0))
                let release = lockout + rep.hold
                body.hipShift.key(release, .at(0))
                let nextTurn = release + rep.back
                let key = addHipKey(nextTurn, Motion1D(value: -next.stroke, rate: 0, acceleration: next.turnAcc))
                reps[index + 1].turnAcc = key.acceleration
                planned.append(PlannedRep(turnaround: turn, top: lockout, end: nextTurn))
                turn = nextTurn
            }
            sets.append(PlannedSet(reps: planned))
            // Stand up and step back towards the anchor.
            let released = turn + random.uniform(1.2...1.6)
            body.hipShift.key(released, .at(stepBack))
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
