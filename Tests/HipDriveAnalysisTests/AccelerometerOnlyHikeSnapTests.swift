import Foundation
import HipDriveRecordings
import Testing
@testable import HipDriveAnalysis

/// Accelerometer-only bell counting at the two ends of a set (AccelerometerOnlyCounting.swift),
/// on independent-simulator excerpts (Tests/CrosscheckFixtures/README.md).
@Suite struct AccelerometerOnlyHikeSnapTests {
    /// Seed 182, session 18200018 (sensor at the bell's centre of mass, no gyroscope, Russian,
    /// two hands, 24 kg, 100 Hz): 0.25 s after the hike's stop the hips' snap cancels the load
    /// along the arm for a few tens of milliseconds (−0.07 g between 1.6 and 3.7 g). Read as a
    /// float in front, that dip exempted the hike's stop from the hike's rules, its minimum
    /// displaced the first real float 0.85 s later, and the first "rep" ran from 5.41 s (before
    /// the hike) over the hike and the first rep. Held over ±0.1 s (`floatHoldS`) the dip reads
    /// 0.7 g or more, no float, and the hike's stop yields.
    @Test func theHipsSnapAfterTheHikeIsNoFloat() throws {
        let analysis = try CrosscheckCountingTests.analyzeBellWithoutGyroscope("bell-accel-hike-snap.csv", massKg: 24, mount: .centre)
        CrosscheckCountingTests.expectReps(analysis, at: [6.51, 8.11, 9.71, 11.27, 13.04, 14.67, 16.37, 18.13, 19.88, 21.63, 23.34],
                                           tolerance: 0.35)
    }

    /// Seed 183, session 18300036 (model 1; sensor on the ball's side, analysed at the centre, no
    /// gyroscope, Russian, two hands, 20 kg, 50 Hz): the park's minimum yielded to the deepest
    /// float it had displaced, and that was the last turnaround's (23.2 s: the fall's re-hinge dip
    /// reads 0.46 g for a tenth of a second, and the park's rest that follows deepens its
    /// average), 1.45 rep periods after the float before it, rather than the last rep's float
    /// (22.4 s), one period after it: the last rep was lost. The float that takes the park's
    /// place must keep the set's rhythm.
    @Test func theParksPlaceGoesToTheFloatInRhythm() throws {
        let analysis = try CrosscheckCountingTests.analyzeBellWithoutGyroscope("bell-accel-park-rhythm.csv", massKg: 20, mount: .centre)
        CrosscheckCountingTests.expectReps(analysis, at: [8.02, 9.56, 11.13, 12.66, 14.15, 15.63, 17.24, 18.81, 20.25, 21.78],
                                           tolerance: 0.35)
    }
}
