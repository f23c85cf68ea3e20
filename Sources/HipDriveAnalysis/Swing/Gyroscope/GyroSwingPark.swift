import Foundation
import HipDriveRecordings

// Swing with a gyroscope: the cycle after the set's last turnaround.
//
// A rep runs from a turnaround through the float to the next turnaround. After the last rep of a
// set the athlete parks the bell: from the last backswing it swings forward and down onto the
// floor in front, and the athlete stands up. That cycle has no turnaround after it (it ends at
// rest), and its arm angles can look like a rep's: the forward swing to the floor turns the arm
// by 60–90°, and standing up turns a forearm (a wrist sensor) back by as much, which passed the
// gyroscope's drive/return test (independent simulator, wrist with gyroscope: the park counted
// in 4 of 24 sessions). What the park never does is float: the bell goes forward and DOWN, to
// the floor, so its slowest instant is no higher than the lowest point of its arc, while a swing
// carries the bell (the wrist) well above the bottom of its arc. With a gyroscope the
// orientation is good and the integral from the turnaround's zero-velocity point to the apex
// is short (about a second), so the height is measured to a few centimetres.
//
// Which turnaround the lift is measured from: the rate's stop. A bell sensor's last turnaround
// before the park is placed at its centre of mass's stop, integrated backward from the rest
// after the park (GyroHikeTurnaround.swift), which improves the last rep's power. There the
// bell still turns in the grip (the arm creeps into the stop), so the arm is not at its stop,
// and a sensor on the ball's side, whose integrated height is poor for every rep, read low,
// tired last reps 0.09–0.15 m from that update: taken for the park (independent simulator, seed
// 142 session 14200029, GyroParkTurnaroundTests).
// At the rate's stop the arm — the pendulum the tests below reason about — stands still, and the
// tests were set on lifts measured between those stops, so the park is judged there: whether a
// cycle is the park does not depend on where the power's integral starts or ends.

extension MotionRepFinder {
    /// True when a gyroscope swing cycle that ends at rest floated like a rep: its apex stands
    /// at least `minimumSwingRiseM` above the lowest point of its drive. A swing that floats the
    /// arm to even 45° in front lifts the bell L·(1 − cos 45°) ≈ 0.2 m above the bottom of its
    /// arc on a 0.65–0.8 m radius (a wrist on its 0.55 m radius ≈ 0.16 m); the park's forward
    /// swing ends on the floor, at the bottom or below it (the athlete squats to set it down).
    ///
    /// - Parameter floatHeight: the cycle's float measured from the rate's stop, m.
    func gyroCycleEndingAtRestFloats(floatHeight: Double) -> Bool {
        floatHeight >= Self.minimumSwingRiseM
    }

    /// The run's candidate reps without a park: a cycle that closes a stretch of reps and did not
    /// float. Standing up after setting the bell down turns a forearm back from the bell on the
    /// floor, and the hinge's rise can end in a stop the rate reads as a turnaround, so that cycle
    /// does not end at rest and passes the drive/return test; its "apex" is the bell on the floor,
    /// below the bottom of its arc (independent simulator, wrist with a gyroscope: 3 of 11 sessions
    /// counted it, floating 0.005–0.04 m against the set's 0.5 m and more). So is walking off
    /// after the park: the arm swinging at the steps' rhythm ends the park's cycle in a stop, and
    /// when the walk carries the active stretch on into the next set (the park is then not the
    /// run's last candidate: the walk's cycles, too small an arc to be swings, follow it) the park
    /// counted as the set's last rep (independent simulator seed 584 session 58400000: a wrist
    /// floating 0.03 m against the set's 1 m, 15 of 14). Only a candidate whose next cycle is not
    /// a candidate (the run's last, or one before a break in its reps) is judged, by the same rise
    /// as a cycle that ends at rest (`gyroCycleEndingAtRestFloats`): a set's reps before it came
    /// back into the next backswing, which the park never does. It must also float less than a
    /// quarter as high as the run's other cycles (`minimumRelativeExcursion`), as the park does:
    /// where the integrated height is poor for every rep (a bell sensor on the ball's side of a
    /// bell turning in the grip read 0.09–0.11 m for swings that floated 0.6 m), a low reading
    /// says nothing about the last one.
    /// Nor does a cycle pass for a swing by its float alone when its apex is no higher than the
    /// turnaround it started from (`rise` ≤ 0): the hips' drive adds energy, so a rep floats
    /// above the stop behind the legs it was driven from (a swing that floats only to 45° in
    /// front from 45° behind is a dead pendulum's), while the park swings forward and down. A
    /// one-hand American set at a watch: the park's cycle read 0.152 m above the bottom of its
    /// drive with a 32 kg bell's lever (0.144 m with 16 kg), over `minimumSwingRiseM`, its rise
    /// −0.08 m, the set's floats 1.6–1.8 m (`simulate_sweep.py --mode swing --seed 11`, session
    /// 38: 13 of 12).
    ///
    /// - Parameters:
    ///   - judgedFloats: each candidate's float measured between the rate's stops, m (the
    ///     candidates' own where empty).
    ///   - cycles: each candidate's cycle index in the run (its turnaround's); where empty, only the
    ///     last candidate is judged.
    func droppingParks(_ candidates: [MotionRep], judgedFloats: [Double] = [], cycles: [Int] = []) -> [MotionRep] {
        let floats = judgedFloats.count == candidates.count ? judgedFloats : candidates.map(\.floatHeight)
        let closing: [Int] = cycles.count == candidates.count
            ? candidates.indices.filter { $0 + 1 == candidates.count || cycles[$0 + 1] != cycles[$0] + 1 }
            : (candidates.isEmpty ? [] : [candidates.count - 1])
        var parks = Set<Int>()
        for i in closing where !gyroCycleEndingAtRestFloats(floatHeight: floats[i]) || candidates[i].rise <= 0 {
            let others = floats.indices.filter { $0 != i }.map { floats[$0] }
            if let typical = SignalMath.median(others), floats[i] >= Self.minimumRelativeExcursion * typical { continue }
            if Self.debug { print("cycle closing a stretch of reps did not float", floats[i]) }
            parks.insert(i)
        }
        return candidates.indices.filter { !parks.contains($0) }.map { candidates[$0] }
    }
}
