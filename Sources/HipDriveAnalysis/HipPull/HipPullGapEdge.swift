import Foundation
import HipDriveRecordings

// A banded hip-pull set whose last rep's drive fell in a data gap: the piece of data after the
// gap holds the end of that rep's return (the hips going back into the hinge) and then the
// athlete standing up. Its only stop is that turnaround, so no whole rep fits in the piece and
// the parity tests of `analyzeRun` (which need a turnaround and an apex) cannot run. The posture
// still tells what happened: the pelvis turned from near upright, right after the gap, into a
// hinge, then back to upright at rest. That is the return of a rep driven in the gap.
extension MotionRepFinder {
    /// The local index (into `span`) of the turnaround that ends a rep's measured return in a
    /// piece starting at a gap, or nil. `stops` (local) must hold that single turnaround; the
    /// piece must end at rest (standing, the upright reference). `typicalDrive` is the pelvis's
    /// rotation over a drive in the set across the gap, rad.
    ///
    /// Accepted when (1) the stop is hinged: tilted from the standing rest by at least half a
    /// typical drive and by `minimumHingeRad` at all (a lockout or the stance is within a few
    /// degrees of standing); (2) the pelvis turned into it from the first sample after the gap
    /// by `minimumGapDriveShare` of a typical drive (a measured return, like the other gap
    /// tests); (3) it turned towards the hinge, the first sample being tilted less than the stop.
    func hipPullReturnAfterGap(stops: [Int], span: Range<Int>, active: Range<Int>, typicalDrive: Double?) -> Int? {
        guard exercise == .hipPull, trace.angularVelocity != nil, stops.count == 1, let stop = stops.first,
              let typicalDrive, typicalDrive > 0 else { return nil }
        // The rest after the piece: at least a third of a second of standing still.
        let restSamples = (span.lowerBound + active.upperBound)..<span.upperBound
        guard Double(restSamples.count) >= 0.3 * trace.sampleRate else { return nil }
        var restSum = Vector3.zero
        for i in restSamples { if let u = upInSensorFrame(at: Double(i)) { restSum = restSum + u } }
        guard restSum.length > 0,
              let first = upInSensorFrame(at: Double(span.lowerBound)),
              let hinged = upInSensorFrame(at: Double(span.lowerBound + stop)) else { return nil }
        let standing = restSum * (1 / restSum.length)
        func angle(_ a: Vector3, _ b: Vector3) -> Double { acos(max(-1, min(1, a.dot(b)))) }
        let hinge = angle(standing, hinged), startTilt = angle(standing, first), turned = angle(first, hinged)
        if Self.debug {
            print("hip-pull piece after a gap: stop tilt \(hinge * 180 / .pi)°, first sample \(startTilt * 180 / .pi)°, turned \(turned * 180 / .pi)°, typical drive \(typicalDrive * 180 / .pi)°")
        }
        guard hinge >= max(Self.minimumHingeRad, 0.5 * typicalDrive),
              turned >= Self.minimumGapDriveShare * typicalDrive,
              startTilt < hinge else { return nil }
        return stop
    }
}

// A set cut by a data gap is still one set of one body: the athlete's upright posture, the
// hinge (travel per radian of pelvis angle) and the band's reference depth do not change because
// the logger dropped samples. Each piece of data is analysed on its own (MotionRepFinder), so
// what a piece measures from its own reps is carried to the pieces across the gap:
// - a piece too short for its own rhythm (one or two reps, `findRuns`' inheriting pieces) takes
//   the set's posture and hinge: with under three reps the lockout attitude cannot outvote the
//   stand-up after the set's last rep (which would be counted), and two reps fix L and K poorly;
// - every piece of the set takes the set's band reference (the opening reps' stroke): a piece
//   after a breakdown would otherwise measure the band's slack from its own fatigued reps.
// With a gyroscope only. Without one each piece's travel comes from its own hinge fit
// (HipPullAccelerometerOnly.swift), whose scale scatters by 15–25 % from run to run: a reference
// from another piece would mix two scales (measured: two seed-2 sessions with gaps read 3–7
// points worse with it), and the posture is the accelerometer's tilt, pulled by the hips'
// accelerations.
/// What a hip-pull run measures of the set that a piece across a gap shares (see above).
struct HipPullSetMeasures {
    /// The world's up in the sensor frame at the lockouts (`lockoutAttitude`); nil with fewer
    /// than three reps.
    var lockout: Vector3?
    /// The opening reps' tilt at the turnaround from `lockout`, rad (`openingHingeTilt`).
    var openingHinge = 0.0
    /// The run's own gyroscope hinge (HipPullGyroHinge.swift), nil when not measured there.
    var hinge: GyroHinge?
    /// The run's drives as the set's final standing rep is judged against them, in order
    /// (HipPullPosture.swift `confirmFinalStandingRep`).
    var drives: [HipPullDriveTravel] = []
    /// The run ended standing at a last lockout, and that drive was dropped only because the run
    /// had fewer than two other drives to compare it with (a piece after a gap).
    var finalDriveUnjudged = false
    /// Accelerometer alone: the run's hinge side and rhythm (HipPullAccelerometerOnlyGap.swift).
    var hingeSense: HipPullHingeSense?
    /// Accelerometer alone: the run's reps other than a final standing one, as the rep finder
    /// found them (before the hinge fit), to judge a last drive across a gap by.
    var accelerometerOnlyDrives: [MotionRep] = []

    /// What a piece across a gap takes of these measures: all of them with a gyroscope; without
    /// one the hinge side and rhythm alone (the posture and hinge are not carried, see above).
    func inheritable(withGyroscope: Bool) -> HipPullSetMeasures? {
        if withGyroscope { return self }
        guard let hingeSense else { return nil }
        var out = HipPullSetMeasures()
        out.hingeSense = hingeSense
        out.accelerometerOnlyDrives = accelerometerOnlyDrives
        return out
    }
}

extension MotionRepFinder {
    /// Runs of one set across a data gap: `runs[k]` ends at a gap and `runs[k + 1]` starts at
    /// its end, in another data segment, and the gap is no longer than `SessionAnalyzer.assembleSets`
    /// bridges inside a set (four rep periods plus the set-splitting pause). `segments[k]` is
    /// the data segment of `runs[k]`.
    func hipPullSetContinues(_ runs: [MotionRun], segments: [Range<Int>], after k: Int) -> Bool {
        guard k + 1 < runs.count, k + 1 < segments.count else { return false }
        let a = runs[k], b = runs[k + 1]
        guard a.endsAtGap, b.startsAtGap, segments[k] != segments[k + 1],
              let period = a.cadence?.periodS ?? b.cadence?.periodS else { return false }
        let gap = Double(b.range.lowerBound - a.range.upperBound) / trace.sampleRate
        return gap <= 4 * period + SessionAnalyzer.setSplitGapS
    }

    /// A set that ends standing at its last lockout in a piece after a data gap, with fewer than
    /// two other drives in the piece: its last drive is judged against the set's drives before
    /// the gap (the same body, belt and hinge; `confirmFinalStandingRep`), by analysing the piece
    /// again with the set's measures. Pieces that already inherited them (`inheriting`, too short
    /// for a rhythm of their own) were judged so the first time.
    ///
    /// Likewise a piece before or after a pause in the same data (the athlete holds the lockout
    /// for a few seconds, then goes on): the drive into the hold ends standing like a set's last,
    /// and the piece can hold too few drives to judge it; the set's drives then come from the
    /// piece on the other side of the pause, and a re-analysis is kept only when it finds more
    /// reps. HipDrive's own simulator, `simulate_sweep.py --mode hip --seed 2`: with a gyroscope,
    /// session 2, set 2's second rep, whose drive ended in a 3 s hold, was lost; without one,
    /// session 40, set 2's last drive, one of two in the piece after its pause, and session 58.
    /// Without a gyroscope the piece is analysed at its own rhythm with the set's typical drive
    /// and drives (`confirmAccelerometerOnlyFinalRep`, `lastDriveJudgedBySetDrives`), after a
    /// pause or a gap alike (the belt does not turn on the body in a gap, so the drives before it
    /// measure the same hinge; independent simulator seed 506, session 50600005: a set's last
    /// drive, 2.5 s after a 0.9 s gap, was lost with one drive of its own to judge it by), and
    /// kept when it finds more reps.
    func judgeFinalDrivesAcrossGaps(_ runs: inout [MotionRun], pieces: [(range: Range<Int>, segment: Range<Int>)],
                                    inheriting: Set<Int>) {
        guard exercise == .hipPull, runs.count == pieces.count else { return }
        let withGyroscope = trace.angularVelocity != nil
        let segments = pieces.map(\.segment)
        /// `runs[a]` and `runs[b]` (a < b) are one set cut by a pause: the same data segment, and
        /// no longer apart than a gap inside a set may be.
        func pause(_ a: Int, _ b: Int) -> Bool {
            guard segments[a] == segments[b], let period = runs[a].cadence?.periodS ?? runs[b].cadence?.periodS else { return false }
            let between = Double(runs[b].range.lowerBound - runs[a].range.upperBound) / trace.sampleRate
            return between <= 4 * period + SessionAnalyzer.setSplitGapS
        }
        /// Whether `runs[j]` holds the set's drives to judge by.
        func judges(_ j: Int) -> Bool {
            withGyroscope ? !runs[j].hipPullMeasures.drives.isEmpty
                : runs[j].reps.count >= 2 && runs[j].hipPullMeasures.hingeSense != nil
                    && (runs[j].cadence?.strength ?? 0) > Self.minimumRhythm
        }
        for k in runs.indices where runs[k].hipPullMeasures.finalDriveUnjudged && !inheriting.contains(k) {
            let across = [k - 1, k + 1].filter { runs.indices.contains($0) && judges($0) }.first { j in
                j < k ? hipPullSetContinues(runs, segments: segments, after: j) || pause(j, k) : pause(k, j)
            }
            guard let j = across else { continue }
            let again: MotionRun
            if withGyroscope {
                again = analyzeRun(pieces[k].range, segment: pieces[k].segment, inheritedHipPull: runs[j].hipPullMeasures)
            } else {
                guard let cadence = runs[k].cadence ?? runs[j].cadence else { continue }
                again = analyzeRun(pieces[k].range, segment: pieces[k].segment, inheritedCadence: cadence,
                                   typicalExcursion: SignalMath.median(runs[j].reps.compactMap(\.swingAngle)),
                                   inheritedHipPull: runs[j].hipPullMeasures.inheritable(withGyroscope: false))
            }
            if Self.debug { print("hip-pull piece beside a gap or pause judged with the set's drives: reps", runs[k].reps.count, "->", again.reps.count) }
            let acrossGap = withGyroscope && j < k && hipPullSetContinues(runs, segments: segments, after: j)
            if acrossGap || again.reps.count > runs[k].reps.count { runs[k] = again }
        }
    }

    /// Gives every run of a set cut by data gaps the set's band reference stroke: the reference
    /// of the set's first reps, whichever piece they are in (`hipPullReferenceStroke`). Runs
    /// belong to one set when one ends at a gap and the next starts at the end of that gap, and
    /// the gap is no longer than `SessionAnalyzer.assembleSets` bridges inside a set (four rep
    /// periods plus the set-splitting pause). `segments[k]` is the data segment of `runs[k]`.
    func shareHipPullReferenceAcrossGaps(_ runs: inout [MotionRun], segments: [Range<Int>]) {
        guard exercise == .hipPull, trace.angularVelocity != nil, runs.count == segments.count else { return }
        func continues(_ k: Int) -> Bool { hipPullSetContinues(runs, segments: segments, after: k) }
        var first = 0
        while first < runs.count {
            var last = first
            while last + 1 < runs.count, continues(last) { last += 1 }
            if last > first, let stroke = hipPullReferenceStroke(runs[first...last].flatMap(\.reps)) {
                if Self.debug { print("hip-pull set across a gap: reference stroke", stroke, "for runs", first, "…", last) }
                for j in first...last { for r in runs[j].reps.indices { runs[j].reps[r].referenceStrokeM = stroke } }
            }
            first = last + 1
        }
    }

    /// A piece that ends at a gap while the pelvis is still turning out of its last turnaround
    /// (the gap swallowed the drive's lockout, so no apex stop follows): the local index of that
    /// turnaround when the drive was a rep's, or nil. The turnaround must be the end of the
    /// piece's last rep (`lastRepEnd`, local) or, without reps, its first turnaround; the pelvis
    /// must turn after it by `minimumGapDriveShare` of the set's typical drive (`typicalDrive`,
    /// rad) before the data stop at `end` (local), against the way it turned into it. The same
    /// share as a drive whose apex was measured (`isRepLikeHalfCycle`): a rep's drive, not a
    /// wobble at the turnaround. With a gyroscope only (the stops are the rate's sign changes).
    func hipPullDriveIntoGap(stops: [Int], isTurnaround: [Bool], rate: [Double], lastRepEnd: Int?, end: Int,
                             typicalDrive: Double) -> Int? {
        guard exercise == .hipPull, trace.angularVelocity != nil, typicalDrive > 0,
              let k = stops.indices.last, isTurnaround.count == stops.count, isTurnaround[k] else { return nil }
        let turnaround = stops[k]
        let tolerance = max(2, Int(0.05 * trace.sampleRate))
        if let lastRepEnd {
            guard abs(lastRepEnd - turnaround) <= tolerance else { return nil }
        } else {
            guard isTurnaround.firstIndex(of: true) == k else { return nil }
        }
        let dt = 1 / trace.sampleRate
        let drive = Self.integral(rate, from: turnaround, to: end - 1, dt: dt)
        let arrival = Self.integral(rate, from: k > 0 ? stops[k - 1] : 0, to: turnaround, dt: dt)
        if Self.debug { print("hip-pull drive into a gap: \(drive * 180 / .pi)° after the turnaround, \(arrival * 180 / .pi)° into it") }
        guard abs(drive) >= Self.minimumGapDriveShare * typicalDrive, drive * arrival < 0 else { return nil }
        return turnaround
    }
}
