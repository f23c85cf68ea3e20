import Foundation
import HipDriveRecordings

// Accelerometer-only hip pulls: a short piece of a set across a data gap.
//
// A gap cuts a set into pieces, and a piece after it may hold only the end of a return, the last
// drive and the athlete standing at lockout: one stop (the turnaround; the lockout at rest is no
// sign change of the pelvis rate). Without a gyroscope such a piece cannot tell its stops apart:
// the hinge's side of standing (HipPullAccelerometerOnlyParity.swift) needs the mean attitude
// over whole cycles, and one drive's mean is not that. So its reps were lost, with the reps the
// gap swallowed (validate seed 1: a set 2 reps short).
//
// The set across the gap is one body with one belt: the logger dropping samples moves neither.
// So what the run beside the gap measured holds in the piece:
// * the plane the pelvis turns in, fixed in the sensor frame by the belt (the piece's own plane,
//   the axis its specific force varies least along, must agree with it: else the belt moved or
//   the piece is no hinge), and the sense of turning that goes INTO the hinge. A stop where the
//   tilt-derived pelvis rate turns from into the hinge to out of it is the deepest hinge, a
//   turnaround, whatever the piece's own mean attitude;
// * the rhythm. The body does not teleport: across a gap of a few seconds the athlete's cycle
//   goes on at the set's period (a breakdown slows it by a few per cent a rep), so the piece's
//   turnarounds fall where the set's turnarounds projected across the gap fall, and not where its
//   lockouts do (a third to a half of a period later). A stop the hinge side calls a turnaround
//   but that sits at the projected lockout phase is not trusted: the piece is left as before.
// * the hinge: a last drive in a piece with no drive of its own beside it is judged (and
//   measured) by the hinge the set's drives fit, against its mirror, as a run judges its own
//   last drive (`lastDriveJudgedBySetDrives`): a stand-up with a step back out of the last
//   turnaround carries the hips back as the pelvis comes upright, the mirrored hinge.
// The reps the gap swallowed are then counted from the cadence between the measured reps on
// either side (`SessionAnalyzer.assembleSets`). Nothing is counted into a gap at the set's end,
// where the athlete may have stopped: that needs a measured turnaround in phase after the gap
// and a drive out of it that passes the last-drive tests.
extension MotionRepFinder {
    /// Accelerometer alone, hip pull: the run's hinge side and rhythm for a piece across a gap (see
    /// the file's notes), nil when the run's turnarounds do not agree on the sense into the hinge.
    /// `rate` is the tilt-derived pelvis rate over `span` (`hipPullPelvisRate`), `stops` its
    /// classified stops (local), `period` the run's, s.
    func accelerometerOnlyHingeSense(rate: [Double], stops: [Int], isTurnaround: [Bool], span: Range<Int>, active: Range<Int>,
                                     period: Double) -> HipPullHingeSense? {
        guard exercise == .hipPull, trace.angularVelocity == nil, stops.count >= 3, isTurnaround.count == stops.count,
              let plane = hipPullMotionPlane(span: span, active: active) else { return nil }
        // The sense into the hinge is the one the votes of the stops, taken with it, call the
        // run's own turnarounds (+1), or the reverse (−1).
        let votes = hingeSideVotes(rate: rate, stops: stops, intoHinge: 1, period: period)
        guard let evenIsTurnaround = Self.parity(votes), let first = isTurnaround.first else { return nil }
        let intoHinge: Double = evenIsTurnaround == first ? 1 : -1
        let fs = trace.sampleRate
        let turnarounds = stops.indices.filter { isTurnaround[$0] }
        let driveShares = turnarounds.filter { $0 + 1 < stops.count && !isTurnaround[$0 + 1] }
            .map { Double(stops[$0 + 1] - stops[$0]) / (period * fs) }
        guard let firstTurnaround = turnarounds.first, let lastTurnaround = turnarounds.last,
              let driveShare = SignalMath.median(driveShares) else { return nil }
        return HipPullHingeSense(axis: plane.e1.cross(plane.e2), intoHinge: intoHinge,
                                 firstTurnaround: stops[firstTurnaround] + span.lowerBound,
                                 lastTurnaround: stops[lastTurnaround] + span.lowerBound, driveShare: driveShare)
    }

    /// Accelerometer alone, hip pull, a piece across a gap from the run `set` measured: true when
    /// its even stops are the turnarounds, false when the odd ones are, by the set's sense into the
    /// hinge; nil when the piece's plane of motion is not the set's, the stops do not agree, or a
    /// turnaround is out of phase with the set's rhythm projected across the gap (see the file's
    /// notes). `rate`, `stops` (local), `span`, `active` as for `accelerometerOnlyHingeSideParity`;
    /// `period` the set's, s.
    func inheritedHingeSideParity(rate: [Double], stops: [Int], span: Range<Int>, active: Range<Int>, period: Double,
                                  set: HipPullSetMeasures?) -> Bool? {
        guard exercise == .hipPull, trace.angularVelocity == nil, let sense = set?.hingeSense, !stops.isEmpty,
              let plane = hipPullMotionPlane(span: span, active: active) else { return nil }
        let alignment = plane.e1.cross(plane.e2).dot(sense.axis)
        guard abs(alignment) >= cos(Self.maximumPlaneTurnAcrossGapRad) else {
            if Self.debug { print("hip-pull piece across a gap: plane turned by", acos(min(1, abs(alignment))) * 180 / .pi, "°") }
            return nil
        }
        let votes = hingeSideVotes(rate: rate, stops: stops, intoHinge: alignment > 0 ? sense.intoHinge : -sense.intoHinge,
                                   period: period)
        guard let evenIsTurnaround = Self.parity(votes) else { return nil }
        // The rhythm: from the set's turnaround next to the gap, at the set's period.
        let fs = trace.sampleRate
        let anchor: Int
        if span.lowerBound >= sense.lastTurnaround { anchor = sense.lastTurnaround }
        else if span.upperBound <= sense.firstTurnaround { anchor = sense.firstTurnaround }
        else { return nil }
        func cyclicDistance(_ a: Double, _ b: Double) -> Double { let d = abs(a - b).truncatingRemainder(dividingBy: 1); return min(d, 1 - d) }
        for (k, stop) in stops.enumerated() where (k % 2 == 0) == evenIsTurnaround {
            let phase = Double(stop + span.lowerBound - anchor) / (period * fs)
            let fromTurnaround = cyclicDistance(phase, 0), fromLockout = cyclicDistance(phase, sense.driveShare)
            if Self.debug {
                print("hip-pull piece across a gap: turnaround at", trace.time(at: stop + span.lowerBound), "phase", phase,
                      "from the projected turnaround", fromTurnaround, "from the lockout", fromLockout)
            }
            guard fromTurnaround < fromLockout else { return nil }
        }
        return evenIsTurnaround
    }

    /// Accelerometer alone: a piece across a gap whose only rep is the set's last drive, judged by
    /// the set's drives across the gap (`setDrives`, found by the rep finder there) as a run
    /// judges its own last drive: against the hinge the set's drives fit and its mirror
    /// (`finalDriveIsRunHinge`). The hinge's constants are the body's and the belt's, which a
    /// gap does not change; a stand-up with a step back out of the last turnaround reverses the
    /// hips' travel per radian of pelvis turn, as it does in a run without a gap. Returns the
    /// drive re-measured with the set's hinge, or nil when it is not a drive.
    func lastDriveJudgedBySetDrives(_ final: MotionRep, setDrives: [MotionRep]) -> MotionRep? {
        let f = trace.specificForce
        let clipLevel = clippingLevel()
        let windows = setDrives.map { rep -> (force: [Vector3], usable: [Bool])? in
            guard let bound = hingeWindow(rep) else { return nil }
            let force = (bound.lowerBound...bound.upperBound).map { f[$0] }
            return (force, Self.unclipped(force, below: clipLevel))
        }
        let run = HipHingeFit.fitRun(windows, dt: 1 / trace.sampleRate, debug: false)
        let judged = finalDriveIsRunHinge(final, otherReps: setDrives, others: windows, fits: run.fits, clipLevel: clipLevel,
                                          measured: run.measured)
        if Self.debug { print("hip-pull last drive after a gap judged by the set's", setDrives.count, "drives:", judged != nil ? "kept" : "dropped") }
        return judged
    }

    /// How far the plane of motion of a piece across a gap may turn from the set's, rad: the belt
    /// does not move in a gap of seconds; a short piece's plane is measured over one or two
    /// half-cycles and its noise, so a few tens of degrees are allowed, not a different motion.
    static let maximumPlaneTurnAcrossGapRad = 35 * Double.pi / 180
}

/// Accelerometer alone: the hinge side and rhythm of a hip-pull run, carried across a data gap
/// (HipPullAccelerometerOnlyGap.swift).
struct HipPullHingeSense {
    /// The normal of the run's plane of motion (the pitch axis) in the sensor frame.
    var axis: Vector3
    /// ±1: the sense of the tilt-derived pelvis rate about `axis` that turns into the hinge.
    var intoHinge: Double
    /// The run's first and last turnarounds, samples.
    var firstTurnaround: Int
    var lastTurnaround: Int
    /// The median time from a turnaround to its lockout, as a share of the period.
    var driveShare: Double
}
