import Foundation
import HipDriveAnalysis
import HipDriveSimulator
import Testing

/// How a hip-pull set ends, without a gyroscope (HipPullAccelerometerOnlyFinish.swift): standing
/// tall at the last lockout, the last drive is a rep although nothing returns after it (the old
/// rule dropped it: one rep short per set); standing up out of a last turnaround while stepping
/// back to release the band is not (the gyroscope's travel rule, applied to the tilt, let it in).
@Suite struct HipPullAccelerometerOnlyFinishTests {
    @Test(arguments: [SimulationConfig.HipPullFinish.lockout, .hinge])
    func lastDriveCountsOnlyWhenItIsADrive(finish: SimulationConfig.HipPullFinish) throws {
        var config = SimulationConfig.hipPull(seed: 5)
        config.sets = 2
        config.repsPerSet = 10
        config.hipPullFinish = finish
        let result = try analysedHipPull(config, gyroscope: false)
        #expect(result.found == result.truth, "\(finish): \(result.found) reps found, \(result.truth) true")
        // Every true rep, the last of each set included, is matched by its turnaround.
        #expect(result.pairs.count == result.truth)
    }
}
