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
