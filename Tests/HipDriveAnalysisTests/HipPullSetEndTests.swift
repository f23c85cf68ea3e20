import Foundation
import HipDriveAnalysis
import HipDriveSimulator
import Testing

/// How a hip-pull set ends (HipPullPosture.swift): standing tall at the last lockout, the last
/// drive is a rep although nothing returns after it; standing up out of a last turnaround while
/// stepping back to release the band is not.
@Suite struct HipPullSetEndTests {
    @Test(arguments: [SimulationConfig.HipPullFinish.lockout, .hinge])
    func lastDriveCountsOnlyWhenItIsADrive(finish: SimulationConfig.HipPullFinish) throws {
        var config = SimulationConfig.hipPull(seed: 5)
        config.sets = 2
        config.repsPerSet = 10
        config.hipPullFinish = finish
        let result = try analysedHipPull(config, gyroscope: true)
        #expect(result.found == result.truth, "\(finish): \(result.found) reps found, \(result.truth) true")
        // The last rep of each set is matched by its turnaround.
        #expect(result.pairs.count == result.truth)
    }
}
