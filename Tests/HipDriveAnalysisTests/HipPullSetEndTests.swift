import Foundation
import HipDriveAnalysis
import HipDriveSimulator
import Testing

/// How a hip-pull set ends: standing tall at the last lockout, the last drive is a rep although
/// nothing returns after it; standing up out of a last turnaround while stepping back to release
/// the band is not. With a gyroscope the last drive is judged in HipPullPosture.swift; without
/// one in HipPullAccelerometerOnlyFinish.swift (the old rule dropped it, one rep short per set,
/// and the gyroscope's travel rule applied to the tilt let the stand-up in).
@Suite struct HipPullSetEndTests {
    @Test(arguments: [SimulationConfig.HipPullFinish.lockout, .hinge], [true, false])
    func lastDriveCountsOnlyWhenItIsADrive(finish: SimulationConfig.HipPullFinish, gyroscope: Bool) throws {
        var config = SimulationConfig.hipPull(seed: 5)
        config.sets = 2
        config.repsPerSet = 10
        config.hipPullFinish = finish
        let result = try analysedHipPull(config, gyroscope: gyroscope)
        #expect(result.found == result.truth, "\(finish), gyroscope \(gyroscope): \(result.found) reps found, \(result.truth) true")
        // Every true rep, the last of each set included, is matched by its turnaround.
        #expect(result.pairs.count == result.truth)
    }
}
