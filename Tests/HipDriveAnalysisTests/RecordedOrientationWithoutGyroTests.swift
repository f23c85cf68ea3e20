import Foundation
import HipDriveRecordings
import HipDriveSimulator
import Testing
@testable import HipDriveAnalysis

/// Phone exports that recorded the phone's orientation (or gravity) but no gyroscope: a Sensor
/// Logger folder with Accelerometer.csv (user acceleration), Gravity.csv, Orientation.csv and
/// TotalAcceleration.csv, and no Gyroscope.csv.
@Suite struct RecordedOrientationWithoutGyroTests {
    /// A swing session written as a Sensor Logger folder, analysed as a bell sensor where it sat.
    static func analyse(_ config: SimulationConfig) throws -> (session: SimulatedSession, analysis: SessionAnalysis) {
        try simulateAndAnalyse(config, format: .sensorLogger, settings: AnalysisSettings(
            exercise: .swing, load: .init(massKg: config.massKg), placement: .bell,
            bellSensorMount: config.sensor.bellMount == .centre ? .centre : .handle))
    }

    /// `hipdrive simulate --style american --hands two --mass 32 --rate 25 --sets 3 --reps 20
    /// --fatigue decline --rest 30 --bell-sensor centre --no-gyro --format sensor-logger --seed
    /// 3142`: the swinging fills most of the recording, so the user acceleration's median
    /// magnitude is about 1 g, and Accelerometer.csv was read as total acceleration (gravity
    /// included) beside Gravity.csv and TotalAcceleration.csv: the specific force lost gravity,
    /// and the sets read 13 + 1, 18 and 18 of 20 reps (TraceAssembler.swift).
    @Test func aVigorousUserAccelerationStaysUserAcceleration() throws {
        var config = SimulationConfig(seed: 3142)
        config.style = .american
        config.massKg = 32
        config.sets = 3
        config.repsPerSet = 20
        config.restS = 30
        config.fatigue = .init(kind: .decline, lossFraction: 0.3)
        config.sensor.sampleRateHz = 25
        config.sensor.hasGyroscope = false
        config.sensor.bellMount = .centre
        let (session, analysis) = try Self.analyse(config)
        #expect(analysis.input.orientationMethod == .recordedOrientation)
        let notes = (analysis.input.quality?.notes ?? []) + analysis.notes
        #expect(!notes.contains { $0.contains("read as total acceleration") }, "\(notes)")
        #expect(analysis.sets.map(\.reps.count) == session.truth.sets.map(\.reps.count), "\(repCounts(analysis, session))")
    }

    /// `hipdrive simulate --style american --hands one --mass 24 --cadence 24 --sets 3 --reps 16
    /// --no-hike --no-gyro --format sensor-logger --seed 1104` (handle sensor): without a
    /// gyroscope the recorded orientation's world-frame speed was searched for the stops, and the
    /// cadence of sets 2 and 3 locked on half the period (two bottom passes a rep): 16, 1, 1 reps.
    /// The floats count them as for any swing without a gyroscope (AccelerometerOnlyCounting.swift),
    /// and the recorded orientation's rate moves the handle's kinematics to the bell's centre of
    /// mass (peak speed 0.65 → under 0.2 m/s off in the median, RepOrientation.swift).
    @Test func theFloatsCountAndTheOrientationTurnsTheLever() throws {
        var config = SimulationConfig(seed: 1104)
        config.style = .american
        config.hands = .one
        config.massKg = 24
        config.cadencePerMin = 24
        config.sets = 3
        config.repsPerSet = 16
        config.restS = 30
        config.includeHike = false
        config.sensor.hasGyroscope = false
        config.sensor.bellMount = .handle
        let (session, analysis) = try Self.analyse(config)
        #expect(analysis.sets.map(\.reps.count) == session.truth.sets.map(\.reps.count), "\(repCounts(analysis, session))")
        let truth = session.truth.sets.flatMap(\.reps)
        var speedErrors: [Double] = []
        for rep in analysis.sets.flatMap(\.reps) {
            guard let speed = rep.peakSpeedMps, let match = truth.first(where: { abs($0.turnaround - rep.turnaround) < 0.2 }) else { continue }
            speedErrors.append(abs(speed - match.peakSpeedMps))
        }
        #expect(speedErrors.count >= 40)
        let median = try #require(SignalMath.median(speedErrors))
        #expect(median < 0.2, "median |peak speed error| \(median) m/s")
    }

    /// `hipdrive simulate --exercise hip-pull --hip-pull-finish lockout --seed 1037 --sets 3 --reps 8
    /// --rate 50 --cadence 20 --rest 30 --clatter 2 --band-stiffness 400 --no-gyro --format
    /// sensor-logger`: the phone on the belt recorded its orientation but no gyroscope, and the
    /// hip pull went down the path for a fused orientation, which lost each set's last drive (it
    /// ends standing at the lockout): 7 of 8 in every set. Without a gyroscope a hip pull is
    /// counted from the pelvis's tilt in the specific force whatever the orientation source
    /// (AccelerometerOnlyCounting.swift, `hipPullWithoutGyroscope`).
    @Test func aHipPullWithoutGyroscopeKeepsItsLastDrive() throws {
        var config = SimulationConfig(seed: 1037)
        config.exercise = .hipPull
        config.band = .init(stiffnessNPerM: 400)
        config.hipPullFinish = .lockout
        config.sets = 3
        config.repsPerSet = 8
        config.restS = 30
        config.cadencePerMin = 20
        config.clatterCount = 2
        config.sensor.placement = .hips
        config.sensor.hasGyroscope = false
        config.sensor.sampleRateHz = 50
        let (session, analysis) = try simulateAndAnalyse(config, format: .sensorLogger, settings: AnalysisSettings(
            exercise: .hipPull, load: .init(band: .stiffness(newtonsPerMetre: 400, slackM: 0))))
        #expect(analysis.input.orientationMethod == .recordedOrientation)
        #expect(analysis.sets.map(\.reps.count) == session.truth.sets.map(\.reps.count), "\(repCounts(analysis, session))")
    }

    /// `scripts/sweep/simulate_sweep.py --mode hip --seed 2`, session 103 (`hipdrive simulate
    /// --exercise hip-pull --seed 20103 --style american --hands one --mass 24 --sets 2 --reps 8
    /// --rate 100 --cadence 32 --fatigue breakdown --fatigue-loss 50 --breakdown-rep 6 --rest 30
    /// --hip-pull-finish lockout --band-stiffness 150 --no-gyro --format sensor-logger`): in set 1
    /// the first five reps hinge to 45°, and the pelvis rate taken from the specific force showed
    /// no sign changes for them (the hips' acceleration, read as tilt, cancelled the turn): 3 of 8.
    /// The recorded gravity turns with the pelvis alone (HipPullAccelerometerOnlyCounting.swift).
    @Test func aHipPullsTiltComesFromTheRecordedGravity() throws {
        let config = sweptHipPull(seed: 20103, style: .american, hands: .one, massKg: 24, sets: 2, reps: 8, rateHz: 100,
                                  cadencePerMin: 32, fatigue: .init(kind: .breakdown, lossFraction: 0.5, breakdownRep: 6),
                                  finish: .lockout, stiffnessNPerM: 150)
        let (session, analysis) = try simulateAndAnalyseHipPull(config, format: .sensorLogger)
        #expect(analysis.input.orientationMethod == .recordedOrientation)
        #expect(analysis.sets.map(\.reps.count) == session.truth.sets.map(\.reps.count), "\(repCounts(analysis, session))")
    }
}

