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
        var sum = Vector3.zero
        for side in standingSides(beside: run, segment: segment) {
            for i in side {
                sum = sum + trace.orientation[i].conjugate.rotate(Vector3(0, 0, 1))
            }
        }
        guard sum.length > 0 else { return nil }
        return sum * (1 / sum.length)
    }

    /// The stretches where the athlete stands beside `run`: up to `standingWindowS` before it and
    /// as long after it, inside `segment` (no gap between), each kept only when it has at least
    /// half a second.
    func standingSides(beside run: Range<Int>, segment: Range<Int>) -> [Range<Int>] {
        let window = Int(Self.standingWindowS * trace.sampleRate)
        let least = Int(0.5 * trace.sampleRate)
        let before = max(segment.lowerBound, run.lowerBound - window)..<max(segment.lowerBound, run.lowerBound)
        let after = min(segment.upperBound, run.upperBound)..<min(segment.upperBound, run.upperBound + window)
        return [before, after].filter { $0.count >= least }
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
// set's other drives. Each is measured from rest to rest (turnaround to lockout), so the sensor's
// integrated travel over it is trustworthy, and its travel per radian of pelvis turn is compared
// with the set's other drives'.
extension MotionRepFinder {
    /// The lockout of a final drive that comes to rest without a return: local index into the
    /// span of the first instant after the drive's fastest turn (within its first
    /// `finalDrivePeakWindowPeriods` period after the last turnaround `turnaround`) at which the
    /// pelvis turns at under `finalLockoutRateShare` of that rate the drive's way (it has arrived
    /// upright: what follows, standing, posture settling and the walk out, turns it slowly or
    /// not at all); nil when the pelvis does not turn the drive's way or never slows within
    /// `finalDriveWindowPeriods` periods. `rate` is the pelvis rate over the span (the stops'
    /// signal), `end` the last local index, `spanStart` the span's first sample (for the trace).
    /// `peakReach`: samples after the turnaround within which the drive's fastest turn is looked
    /// for, when the set's own drives bound it more closely than the period does.
    func finalLockoutAtRest(rate: [Double], turnaround: Int, end: Int, period: Double, spanStart: Int,
                            peakReach: Int? = nil) -> Int? {
        let fs = trace.sampleRate
        let last = min(end, rate.count - 1, turnaround + Int(Self.finalDriveWindowPeriods * period * fs))
        guard last > turnaround + 2 else { return nil }
        // The drive's sense: the rate's sign over the first tenth of a period after the turnaround.
        let early = rate[(turnaround + 1)...min(last, turnaround + max(1, Int(0.1 * period * fs)))]
        let sense: Double = early.reduce(0, +) >= 0 ? 1 : -1
        let peakEnd = min(last, turnaround + max(2, min(peakReach ?? .max, Int(Self.finalDrivePeakWindowPeriods * period * fs))))
        guard let peakAt = ((turnaround + 1)...peakEnd).max(by: { sense * rate[$0] < sense * rate[$1] }),
              sense * rate[peakAt] > 0 else { return nil }
        let slow = Self.finalLockoutRateShare * sense * rate[peakAt]
        let arrival = ((peakAt + 1)...max(peakAt + 1, last)).first { $0 <= last && sense * rate[$0] < slow }
        if Self.debug {
            print("final drive after", trace.time(at: turnaround + spanStart), "peak rate", sense * rate[peakAt],
                  "at", trace.time(at: peakAt + spanStart), "arrives", arrival.map { trace.time(at: $0 + spanStart) } ?? -1)
        }
        return arrival
    }

    /// Keeps the set's final standing rep (`endsStanding`) only when it is a drive of the run's
    /// hinge: it turned the pelvis at least half as far as the drives just before it, and it moved
    /// the sensor as far per radian of that turn as those drives do (at least
    /// `finalDriveTravelPerAngleShare` of their median). Within a run the sensor's travel per
    /// radian of pelvis turn is the hinge's geometry (the hips' travel per radian plus the belt
    /// lever's turn); a shallower drive changes it by a fifth or so on a curved hinge, but a
    /// tired one can keep the pelvis's turn and lose half the hips' travel (independent simulator
    /// seed 669 session 66900020, a breakdown at rep 6 of 8: 0.175 m per radian fresh, 0.084–0.093
    /// tired, the last drive 0.077 and dropped against the whole run's median), hence the drives
    /// just before it, as for the turn; standing up while stepping back towards the anchor turns
    /// the pelvis like a drive but the step carries the sensor backward, so it travels far less
    /// per radian, or backward. Each travel is the sensor's own, integrated from the turnaround
    /// to the lockout (at rest at both ends: a zero-velocity update at each; the athlete may step
    /// away right after the last lockout, so nothing later is used), each drive ending at its
    /// pelvis's stop, and in a frame carried through the drive by the gyroscope alone
    /// (`gyroRepWorldAcceleration`). When the run's drives barely move the sensor (a lever on the
    /// back of the belt cancels the hips' travel), the travel cannot tell, and the final one must
    /// stay within `finalDriveTravelToleranceM` of theirs. Needs
    /// two other reps. `forwardAxis` is the run's horizontal forward axis (world frame, unit; its
    /// sign does not matter, the drives are compared by ratio).
    /// `inherited`: the drives of the same set before a data gap (`HipPullSetMeasures.drives`),
    /// measured the same way, for a piece after the gap with too few drives of its own. Returns
    /// the reps, this run's own drives (for a piece after a gap) and whether the final standing
    /// rep was dropped only for want of drives to compare it with.
    func confirmFinalStandingRep(_ candidates: [MotionRep], forwardAxis: (x: Double, y: Double),
                                 inherited: [HipPullDriveTravel] = []) -> (reps: [MotionRep], drives: [HipPullDriveTravel], unjudged: Bool) {
        let dt = 1 / trace.sampleRate
        func travel(_ rep: MotionRep, to lockout: Double) -> Double {
            // In the drive's own strapdown frame (GyroRepFrame.swift), not the fused orientation:
            // its accelerometer correction follows the hips' own 0.1–0.3 g (a horizontal
            // acceleration barely changes |f|, and at a turnaround, where it peaks, the pelvis does
            // not turn, so the motion weighting keeps the full gain), and the swing-cycle levelling
            // takes a set's last, unreturned drive for tilt. On the independent simulator's hip
            // pulls the drives' travel so read 0.01–0.44 m for a true 0.15–0.22 m.
            let from = Int(rep.turnaroundPosition.rounded()), to = Int(lockout.rounded())
            guard from < to, let world = gyroRepWorldAcceleration(samples: from...to, start: Double(from), end: Double(to))
            else { return 0 }
            let forward = (0..<world.count).map { forwardAxis.x * world.x[$0] + forwardAxis.y * world.y[$0] }
            return Self.restToRestExcursion(forward, from: 0, to: forward.count - 1, dt: dt)
        }
        let final = candidates.last.flatMap { $0.standingLockout == nil ? nil : $0 }
        let others = final == nil ? candidates : Array(candidates.dropLast())
        // Each drive to where its pelvis stopped (the rep's apex is the integrated velocity's
        // slowest instant, which on a hip pull can lie a third of the drive early or half a
        // second late, and the travel then reads half or double).
        let own = others.compactMap { rep in
            rep.swingAngle.map { HipPullDriveTravel(angle: $0, travel: travel(rep, to: rep.pelvisStop ?? rep.apexPosition)) }
        }
        guard let final, let finalLockout = final.standingLockout else { return (candidates, own, false) }
        let measured = inherited + own
        guard measured.count >= 2, let finalAngle = final.swingAngle, finalAngle > 0,
              let typicalAngle = SignalMath.median(measured.suffix(Self.finalDriveNeighbours).map(\.angle)),
              let typicalTravel = SignalMath.median(measured.map(\.travel)),
              let typicalPerAngle = SignalMath.median(measured.suffix(Self.finalDriveNeighbours).filter { $0.angle > 0 }
                  .map { $0.travel / $0.angle })
        else { return (others, own, measured.count < 2) }
        let finalTravel = travel(final, to: finalLockout)
        let turned = finalAngle >= Self.finalDriveShare * typicalAngle
        let travelled: Bool
        if abs(typicalTravel) >= Self.finalDriveTravelToleranceM {
            let share = (finalTravel / finalAngle) / typicalPerAngle
            // No upper bound: a shallow rep on a curved hinge moves more per radian, and the
            // band anchored behind is slackened by stepping back, never forward.
            travelled = share >= Self.finalDriveTravelPerAngleShare
        } else {
            travelled = abs(finalTravel - typicalTravel) <= Self.finalDriveTravelToleranceM
        }
        if Self.debug {
            print("final standing rep at", trace.time(at: final.turnaroundIndex), "angle", finalAngle, "of", typicalAngle,
                  "travel", finalTravel, "of", typicalTravel, "per rad", finalTravel / finalAngle, "of", typicalPerAngle,
                  inherited.isEmpty ? "" : "(\(inherited.count) drives from before a gap)",
                  "drives", measured.map { String(format: "%.3f/%.2f", $0.travel, $0.angle) }.joined(separator: " "),
                  turned && travelled ? "kept" : "dropped")
        }
        return (turned && travelled ? candidates : others, own, false)
    }

    /// The pelvis has arrived at the lockout when it turns at under a tenth of the drive's
    /// fastest rate: the drive decelerates smoothly into lockout, so the rate passes a tenth a
    /// few hundredths of a second before it stops; the lockout is refined on the hips' own
    /// kinematics afterwards (HipPullKinematics.swift).
    static let finalLockoutRateShare = 0.1
    /// The drive's fastest turn comes within about half a period of its turnaround; 0.75 also
    /// holds a slow, tired drive.
    static let finalDrivePeakWindowPeriods = 0.75
    static let finalDriveWindowPeriods = 1.5
    /// A final drive turns the pelvis and moves the hips at least half as far as the set's reps:
    /// fatigue shortens a stroke by a third at most before the set is stopped (a breakdown), while
    /// standing up with a step back moves the hips the wrong way altogether.
    static let finalDriveShare = 0.5
    /// The last drive's turn is compared with the reps just before it (a breakdown or a steady
    /// decline leaves the last reps well below the set's opening ones): the last three.
    static let finalDriveNeighbours = 3
    /// Least share of the run's sensor travel per radian of pelvis turn that a last drive keeps:
    /// a curved hinge (x = L·φ + K·φ²) moves a shallow rep some 20–30 % less (or more) per radian; a step
    /// back while standing up leaves well under half (see `confirmFinalStandingRep`).
    static let finalDriveTravelPerAngleShare = 0.55
    /// Below this typical sensor travel per drive, m, the travel per radian is too small to
    /// compare, and the final drive's travel must instead lie within it of the run's: half a step
    /// (a step is 0.3 m or more); rep-to-rep variation and a rest-to-rest integral's drift are
    /// centimetres.
    static let finalDriveTravelToleranceM = 0.15
}

/// A hip-pull drive as `confirmFinalStandingRep` compares it: the pelvis's turn, rad, and the
/// sensor's rest-to-rest travel along the run's forward axis, m, turnaround to lockout.
struct HipPullDriveTravel {
    var angle: Double
    var travel: Double
}
