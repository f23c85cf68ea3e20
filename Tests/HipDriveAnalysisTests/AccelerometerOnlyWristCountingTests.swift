import Foundation
import HipDriveRecordings
import HipDriveSimulator
import Testing
@testable import HipDriveAnalysis

/// Accelerometer-only wrist swings counted by the bell's method (AccelerometerOnlyCounting.swift):
/// two validation draws (seed 1, drawn athletes), written in the format the validator used.
/// * The park seen from a forearm: the crouch as the bell is lowered drops the load along the
///   hanging arm to 0.6 g, under the bell's float bound (g·cos 50°), and the last turnaround's
///   search picked a dip within the fall, so the park's cycle took the last rep's bottom pass
///   and was counted (session 158838696: 12 of 11 in each of its three sets with the bell's
///   method as it was; the older wrist logic counted it right).
/// * The approach and hike of an American swing from the forearm: an |f| minimum of the hike
///   was taken for a float, which moved the first turnaround 0.85 s early (session 593350460,
///   the older wrist logic: 14 of 13 in set 2, a false rep at the park).
/// Every set must be counted exactly and every rep found must lie at a true turnaround (within
/// 0.4 of its rep time, the validator's matching), so a misplaced rep fails too.
@Suite struct AccelerometerOnlyWristCountingTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var config: String
        var format: SimulatedFormat
        var description: String { name }
    }

    static let cases = [
        Case(name: "wrist park after a Russian set", config: "{\"athlete\":{\"bellRadiusM\":0.7310707312854754,\"beltForwardM\":0.06727330919288128,\"beltUpM\":-0.008318896627951,\"gripToBellM\":0.15955847022546973,\"hingeDepthDeg\":63.92753860303629,\"hipHeightM\":0.9900930053133365,\"hipTravelM\":0.2466764285286258,\"kneeDropM\":0.09078246704554865,\"pullHipDropM\":0.03979396046908844,\"pullPelvisPitchDeg\":59.79224277746934,\"pullPitchCurvature\":0.2348673585607497,\"torsoLengthM\":0.5651729748787337,\"wristRadiusM\":0.5075680530411563},\"audio\":{\"clatterLevel\":0.6,\"exhaleLevel\":0.3,\"roomNoiseLevel\":0.01,\"sampleRateHz\":8000,\"whooshLevel\":0.12},\"cadencePerMin\":32.417768765106196,\"clatterCount\":1,\"exercise\":\"swing\",\"fatigue\":{\"breakdownRep\":10,\"kind\":\"decline\",\"lossFraction\":0.12577051651370263,\"workShare\":0.5685496780729955},\"hands\":\"two\",\"idleAfterS\":5.195198916158788,\"idleBeforeS\":5.734729123470237,\"includeHike\":true,\"includePark\":true,\"massKg\":12,\"pauseDurationS\":3,\"pausesPerSet\":0,\"repVariability\":0.021704137997209817,\"repsPerSet\":11,\"restS\":44.71505261665844,\"seed\":158838696,\"sensor\":{\"accelBiasMps2\":0.1413533510845847,\"accelNoiseMps2\":0.08481201065075081,\"accelRangeG\":4,\"gapCount\":1,\"gapDurationS\":1.3486023645112752,\"gyroBiasRadps\":0.014135335108458469,\"gyroNoiseRadps\":0.014135335108458469,\"gyroRangeDps\":2000,\"hasGyroscope\":false,\"placement\":\"wrist\",\"quantize\":true,\"sampleRateHz\":100,\"timestampGlitchCount\":0,\"timestampJitterS\":0.001547594784104588},\"sets\":3,\"startDate\":\"2026-01-05T08:00:00Z\",\"style\":\"russian\"}", format: .physicsToolbox),
        Case(name: "wrist hike of an American set", config: "{\"athlete\":{\"bellRadiusM\":0.805840193566964,\"beltForwardM\":0.14485822502670975,\"beltUpM\":0.08922047190275309,\"gripToBellM\":0.15186785116064894,\"hingeDepthDeg\":70.89857381544697,\"hipHeightM\":0.8667470931417305,\"hipTravelM\":0.16360829348835212,\"kneeDropM\":0.12030323845993851,\"pullHipDropM\":0.03868638932343203,\"pullPelvisPitchDeg\":40.55780874169702,\"pullPitchCurvature\":0.35325817303418583,\"torsoLengthM\":0.5045677499780171,\"wristRadiusM\":0.5876046534530367},\"audio\":{\"clatterLevel\":0.6,\"exhaleLevel\":0.3,\"roomNoiseLevel\":0.01,\"sampleRateHz\":8000,\"whooshLevel\":0.12},\"cadencePerMin\":32.69444144248039,\"clatterCount\":0,\"exercise\":\"swing\",\"fatigue\":{\"breakdownRep\":10,\"kind\":\"none\",\"lossFraction\":0.3,\"workShare\":0.6},\"hands\":\"two\",\"idleAfterS\":7.313947796926936,\"idleBeforeS\":7.8001560065784705,\"includeHike\":true,\"includePark\":false,\"massKg\":8,\"pauseDurationS\":3,\"pausesPerSet\":0,\"repVariability\":0.040581618023792995,\"repsPerSet\":13,\"restS\":48.28060273896671,\"seed\":593350460,\"sensor\":{\"accelBiasMps2\":0.09406934487006556,\"accelNoiseMps2\":0.05644160692203933,\"accelRangeG\":4,\"gapCount\":0,\"gapDurationS\":1.4421253004590913,\"gyroBiasRadps\":0.009406934487006555,\"gyroNoiseRadps\":0.009406934487006555,\"gyroRangeDps\":2000,\"hasGyroscope\":false,\"placement\":\"wrist\",\"quantize\":true,\"sampleRateHz\":50,\"timestampGlitchCount\":0,\"timestampJitterS\":0.00034338136784486375},\"sets\":2,\"startDate\":\"2026-01-05T08:00:00Z\",\"style\":\"american\"}", format: .metawear),
    ]

    @Test(arguments: cases)
    func countsEveryRepAtItsTurnaround(_ c: Case) throws {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let config = try decoder.decode(SimulationConfig.self, from: Data(c.config.utf8))
        let session = Simulator.simulate(config)
        let (recording, analysis) = try withRecordingThroughFile(session, format: c.format, name: "swing") { recording in
            (recording, try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(load: .init(massKg: config.massKg),
                                                                                          placement: .wrist)))
        }
        #expect(analysis.input.orientationMethod == .accelerometerOnly)
        #expect(analysis.sets.map(\.reps.count) == session.truth.sets.map(\.reps.count))
        // Times on the truth's clock (0 = the session's first sample), as the validator aligns them.
        var offset = 0.0
        if case let .motion(trace) = recording.content { offset = trace.startTime - (session.sensor.time.first ?? 0) }
        let trueReps = session.truth.sets.flatMap(\.reps)
        for rep in analysis.sets.flatMap(\.reps) {
            let turnaround = rep.turnaround - offset
            let nearest = trueReps.min { abs($0.turnaround - turnaround) < abs($1.turnaround - turnaround) }
            #expect(nearest.map { abs($0.turnaround - turnaround) < 0.4 * $0.repTimeS } ?? false,
                    "rep at \(turnaround) s is at no true turnaround")
        }
    }

    /// Weak Russian swings at a watch (one hand, 20 kg, 24 a minute, the bell at 2.0–2.2 m/s,
    /// a breakdown at rep 5): every bottom pass read 1.39–1.46 g, so no sample reached the
    /// 1.5 g from which the arm's direction is taken, the float load fell back to |f| (0.75 g at
    /// the floats) and the whole set was lost (0.4.12: none of 8). The arm's direction now comes
    /// from the run's own strongest loads when none reaches 1.5 g (`armLoadThreshold(run:)`).
    /// Excerpt of the independent simulator (Tests/CrosscheckFixtures/README.md).
    @Test func weakSwingsWhosePassesStayUnderOnePointFiveG() throws {
        let analysis = try AccelerometerOnlyWristParkTests.analyze("wrist-accel-weak-passes.csv", massKg: 20)
        CrosscheckCountingTests.expectReps(analysis, at: [8.22, 10.78, 13.23, 15.59, 18.01, 20.73, 23.42, 26.32], tolerance: 0.2)
    }

    /// A watch's set that breaks down at rep 7, where a 1.5 s data gap cuts it (Russian, two
    /// hands, 16 kg, 26 a minute, 50 Hz): after the gap the set goes on in low swings only,
    /// which chain only from a float, so the piece after the gap counted nothing (0.4.12: 6 of
    /// 11). A piece that carries a set on across a gap may open its chain with a low swing
    /// (`continuesAcrossGap`). The rep whose turnaround fell in the gap is counted too.
    @Test func lowSwingsAfterADataGapCarryTheSetOn() throws {
        let analysis = try AccelerometerOnlyWristParkTests.analyze("wrist-accel-gap-low-swings.csv", massKg: 16)
        CrosscheckCountingTests.expectReps(analysis, at: [5.92, 8.20, 10.42, 12.80, 15.12, 17.39, 19.64, 22.26, 24.80, 27.38, 30.09],
                                           tolerance: 0.4)
    }
}

