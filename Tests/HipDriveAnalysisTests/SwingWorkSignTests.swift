import Foundation
import HipDriveRecordings
import Testing
@testable import HipDriveAnalysis

/// A swing's drive raises the bell from rest at the turnaround to the float: its work is
/// positive. A rep whose integration says otherwise is counted with its power withheld
/// (RepPower.swift), never printed as negative watts.
@Suite struct SwingWorkSignTests {
    /// Independent simulator, seed 95 session 9500028 (Tests/CrosscheckFixtures/README.md): a
    /// watch on the wrist without a gyroscope, Russian, one hand, 12 kg. The rep's pendulum fit
    /// has a residual of 0.8–1.1 g and the arm's bottom passes agree to 0.56–0.74 only, so the
    /// old gates sent each rep to the low-passed tilt, whose open position misses by metres;
    /// closing the loop left the bell at 6 m/s at its turnaround. Old code: 14 reps, every one
    /// with negative mean drive power and work (−91 … −154 J; truth +107 … +132 J).
    @Test func aDriveThatLosesEnergyIsNotReported() throws {
        let recording = try RecordingReader.read(CrosscheckCountingTests.fixture("wrist-accel-negative-work.csv"))
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(load: .init(massKg: 12), placement: .wrist))
        #expect(analysis.input.orientationMethod == .accelerometerOnly)
        let reps = analysis.sets.flatMap(\.reps)
        // The count is not what this is about, but it must stay (truth: 14 reps).
        #expect(reps.count == 14)
        for rep in reps {
            #expect((rep.workJ ?? 1) > 0, "rep \(rep.index): work \(rep.workJ ?? .nan) J")
            #expect((rep.meanDrivePowerW ?? 1) > 0, "rep \(rep.index): mean drive power \(rep.meanDrivePowerW ?? .nan) W")
        }
        // The rep's pendulum fit, although its residual exceeds a rigid pendulum's, follows the
        // arm's turn better than the low-pass tilt (WristToBellAccelerometerOnly.swift): most
        // reps are measured, near the truth's 107–132 J and 4.2–4.4 m/s. Old code (before the
        // wrist's own fit gates): none measured.
        let measured = reps.compactMap(\.workJ)
        #expect(measured.count >= 12, "measured \(measured)")
        if !measured.isEmpty {
            let median = measured.sorted()[measured.count / 2]
            #expect(median > 90 && median < 160, "median work \(median) J")
        }
        let withheld = reps.filter { $0.workJ == nil }.count
        if withheld > 0 {
            #expect(analysis.notes.contains { $0.contains("\(withheld) rep(s)") && $0.contains("loses energy") })
        }
    }
}
