import Foundation
import HipDriveRecordings

// Banded hip pulls: which stops are the turnarounds, from the pelvis's posture.
//
// The pelvis pitch rate changes sign at both ends of a hip pull's travel, so the stops alternate
// between turnarounds (hips back, pelvis hinged) and lockouts (hips forward, pelvis upright), and
// one parity holds each. Tempo cannot be trusted to tell them apart: "an explosive drive and a
// controlled return" is coaching, and an athlete who drives in 45 % of the cycle and returns in
// 55 % gives the two half-cycles nearly the same peak rate (the shape of the rate curve, not its
// duration, then decides, and it can go either way). Posture can: the athlete stands upright
// before a set and after it (walking in, setting the stance, stepping out to release the band),
// and the lockout IS that standing posture, hips extended, while a turnaround is a hinge some
// 20–70° away from it. This holds whatever the sensor's mounting on the belt, because it
// compares the sensor's own attitude with itself.
extension MotionRepFinder {
    /// True when the even stops are the lockouts, false when the odd ones are; nil when the
    /// posture does not decide (no standing measured beside the run, or the two parities' tilts
    /// from standing do not differ by a hinge). `stops` are local indices into the span starting
    /// at `spanStart`; `run` and `segment` are global sample ranges.
    func standingPostureLockoutParity(stops: [Int], spanStart: Int, run: Range<Int>, segment: Range<Int>) -> Bool? {
        guard stops.count >= 2, let standing = standingUp(beside: run, segment: segment) else { return nil }
        func tilt(_ local: Int) -> Double? {
            upInSensorFrame(at: Double(local + spanStart)).map { acos(max(-1, min(1, $0.dot(standing)))) }
        }
        let even = stops.indices.filter { $0 % 2 == 0 }.compactMap { tilt(stops[$0]) }
        let odd = stops.indices.filter { $0 % 2 == 1 }.compactMap { tilt(stops[$0]) }
        guard let evenTilt = SignalMath.median(even), let oddTilt = SignalMath.median(odd) else { return nil }
        if Self.debug {
            print("hip-pull stops' tilt from standing: even \(evenTilt * 180 / .pi)°, odd \(oddTilt * 180 / .pi)°")
        }
        // A hinge differs from standing by at least `minimumHingeRad` (10°); the lockout differs
        // from standing by posture (a glute squeeze, a slight lean back) and the attitude's error,
        // a few degrees. Demand both: the gap between the parities is a hinge, and the hinged
        // parity is at least twice as far from standing as the upright one.
        let upright = min(evenTilt, oddTilt), hinged = max(evenTilt, oddTilt)
        guard hinged - upright >= Self.minimumHingeRad, hinged >= 2 * upright else { return nil }
        return evenTilt < oddTilt
    }

    /// The world's up in the sensor frame while the athlete stands beside `run`: the mean over up
    /// to `standingWindowS` before the run and as long after it, inside `segment` (no gap between),
    /// normalised; nil when neither side has at least half a second.
    func standingUp(beside run: Range<Int>, segment: Range<Int>) -> Vector3? {
        let window = Int(Self.standingWindowS * trace.sampleRate)
        let least = Int(0.5 * trace.sampleRate)
        let before = max(segment.lowerBound, run.lowerBound - window)..<max(segment.lowerBound, run.lowerBound)
        let after = min(segment.upperBound, run.upperBound)..<min(segment.upperBound, run.upperBound + window)
        var sum = Vector3.zero
        var used = 0
        for side in [before, after] where side.count >= least {
            for i in side {
                sum = sum + trace.orientation[i].conjugate.rotate(Vector3(0, 0, 1))
            }
            used += side.count
        }
        guard used > 0, sum.length > 0 else { return nil }
        return sum * (1 / sum.length)
    }

    /// How long beside a run its standing posture is read, s: the walk-in and the set-up of the
    /// stance last a few seconds; two is inside them and clear of the next set.
    static let standingWindowS = 2.0
}

// The set's last hip pull ends standing. After the last turnaround the hips drive forward to the
// lockout and the athlete stays there (then walks in to slacken the band): there is no return,
// so no stop after the lockout and no next turnaround, yet analysis.md's last rep ("ends where
// the next turnaround would be") is that drive. It must be told from standing up out of the last
// turnaround while stepping back towards the anchor to release the band, which also unwinds the
// hinge: standing up that way carries the hips BACK a step, while a drive moves them like the
// set's other drives. Both are measured from rest to rest (the last turnaround, the standing
// after), so the sensor's integrated travel over it is trustworthy, and it is compared with the
// same travel of the set's other reps.
extension MotionRepFinder {
    /// The lockout of a final drive that comes to rest without a return: local index into the
    /// span of the first instant after the last turnaround `turnaround` at which the pelvis has
    /// turned `finalLockoutAngleShare` of the way it turns before it comes to rest or reverses,
    /// within `finalDriveWindowPeriods` periods; nil when the pelvis does not turn the drive's
    /// way. `rate` is the pelvis rate over the span (the stops' signal), `end` the last local index.
    func finalLockoutAtRest(rate: [Double], turnaround: Int, end: Int, period: Double, spanStartForDebug: Int = 0) -> Int? {
        let fs = trace.sampleRate
        let last = min(end, rate.count - 1, turnaround + Int(Self.finalDriveWindowPeriods * period * fs))
        guard last > turnaround + 2 else { return nil }
        // The drive's sense: the rate's sign over the first tenth of a period after the turnaround.
        let early = rate[(turnaround + 1)...min(last, turnaround + max(1, Int(0.1 * period * fs)))]
        let sense: Double = early.reduce(0, +) >= 0 ? 1 : -1
        var angle = 0.0, farthest = 0.0, farthestAt = turnaround
        var angles = [0.0]
        for i in (turnaround + 1)...last {
            angle += sense * 0.5 * (rate[i - 1] + rate[i]) / fs
            angles.append(angle)
            if angle > farthest { farthest = angle; farthestAt = i }
        }
        guard farthest > 0, farthestAt > turnaround else { return nil }
        if Self.debug {
            print("final drive after", trace.time(at: turnaround + spanStartForDebug), "turns", farthest, "rad, farthest at",
                  trace.time(at: farthestAt + spanStartForDebug))
        }
        let target = Self.finalLockoutAngleShare * farthest
        guard let reached = angles.firstIndex(where: { $0 >= target }) else { return nil }
        return turnaround + reached
    }

    /// Keeps the set's final standing rep (`endsStanding`) only when it turned the pelvis and
    /// moved the sensor like the run's other reps: at least half their median drive rotation, and
    /// a forward travel (the sensor's own integration, rest to rest) within half the median's
    /// size or `finalDriveTravelToleranceM` of it. The sensor's travel is not the hips': on the
    /// back of the belt the pitch carries it against them, so its sign and size depend on the
    /// mounting, but every drive of the run moves it alike. Standing up while stepping back to
    /// release the band moves it a step (0.3 m or more) from that. Needs two other reps.
    func confirmFinalStandingRep(_ candidates: [MotionRep]) -> [MotionRep] {
        guard let final = candidates.last, final.endsStanding else { return candidates }
        let others = candidates.dropLast()
        if Self.debug {
            print("final standing rep candidate at", trace.time(at: final.turnaroundIndex), "others", others.count,
                  "angles", others.compactMap(\.swingAngle).count, "travel", SignalMath.median(others.map(\.forwardTravel)) ?? .nan)
        }
        guard others.count >= 2,
              let typicalAngle = SignalMath.median(others.compactMap(\.swingAngle)),
              let typicalTravel = SignalMath.median(others.map(\.forwardTravel)) else { return Array(others) }
        let turned = (final.swingAngle ?? 0) >= Self.finalDriveShare * typicalAngle
        let travelled = abs(final.forwardTravel - typicalTravel) <= max(Self.finalDriveShare * abs(typicalTravel),
                                                                         Self.finalDriveTravelToleranceM)
        if Self.debug {
            print("final standing rep at", trace.time(at: final.turnaroundIndex), "angle", final.swingAngle ?? -1, "of", typicalAngle,
                  "travel", final.forwardTravel, "of", typicalTravel, turned && travelled ? "kept" : "dropped")
        }
        return turned && travelled ? candidates : Array(others)
    }

    /// Share of the pelvis's turn after the last turnaround at which its lockout is placed: the
    /// arrival, before the last few percent of the rotation that a settling posture adds (the
    /// lockout is refined on the hips' own kinematics afterwards, HipPullKinematics.swift).
    static let finalLockoutAngleShare = 0.97
    /// A final drive lasts about half a period; one period and a half also holds a slow, tired one.
    static let finalDriveWindowPeriods = 1.5
    /// A final drive turns the pelvis and moves the hips at least half as far as the set's reps:
    /// fatigue shortens a stroke by a third at most before the set is stopped (a breakdown), while
    /// standing up with a step back moves the hips the wrong way altogether.
    static let finalDriveShare = 0.5
    /// Least tolerance on the final drive's sensor travel against the run's, m: half a step (a
    /// step is 0.3 m or more); rep-to-rep variation, a rest-to-rest integral's drift and the
    /// lockout placed on the sensor's kinematics differ by centimetres.
    static let finalDriveTravelToleranceM = 0.15
}
