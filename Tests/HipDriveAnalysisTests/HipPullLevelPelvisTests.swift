import Foundation
import HipDriveRecordings
import Testing
@testable import HipDriveAnalysis

/// Hip pulls with a gyroscope whose pelvis barely turns (HipPullWithoutPitch.swift): the sensor
/// rides on the hips, which travel back and forth with the pelvis held level. Fixture
/// `hip-gyro-level-pelvis.csv` (Tests/CrosscheckFixtures/README.md): the independent simulator's
/// `--set hip_pitch_deg=0 --set hip_sensor_at_joint=true`, where the sensor's own point is the hips'
/// and the band's in every definition. Old code: no set found (the gyroscope's sway and noise
/// timed the stops).
@Suite struct HipPullLevelPelvisTests {
    @Test func hipPullsWithALevelPelvisAreCountedAndMeasuredFromTheHipsTravel() throws {
        let recording = try RecordingReader.read(CrosscheckCountingTests.fixture("hip-gyro-level-pelvis.csv"))
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(
            exercise: .hipPull, load: .init(band: .stiffness(newtonsPerMetre: 364.261, slackM: -0.3909)), placement: .hips))
        #expect(analysis.input.orientationMethod != .accelerometerOnly)
        let truth = [8.64, 10.75, 13.01, 15.23, 17.41, 19.50, 21.69, 24.08, 26.35, 28.59, 30.94]
        CrosscheckCountingTests.expectReps(analysis, at: truth, tolerance: 0.1)
        // The band's power on the hips' own travel: the true mean drive power (W) of each rep.
        let truePower = [60.6, 51.8, 52.4, 52.5, 52.4, 46.8, 39.2, 42.2, 44.1, 39.3, 38.6]
        let found = analysis.sets.flatMap(\.reps)
        guard found.count == truePower.count else { return }
        let errors = zip(found, truePower).compactMap { rep, truth in rep.meanDrivePowerW.map { abs($0 / truth - 1) } }
        #expect(errors.count == truePower.count)
        #expect((SignalMath.median(errors) ?? 1) < 0.05, "median |error| of mean drive power \(SignalMath.median(errors) ?? 1)")
    }
}
