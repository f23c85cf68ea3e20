import Foundation
import HipDriveRecordings
import HipDriveSimulator
import Testing
@testable import HipDriveAnalysis

/// Banded hip pulls: the band's point's kinematics from a belt sensor riding on it, the lockout,
/// the band's reference, and which stops are lockouts without a gyroscope. (Percentages quoted
/// from before 0.4.6 are the hip joint's; the truths are now the band at the sensor's point, and
/// the bounds hold there.)
@Suite struct HipPullKinematicsTests {
    /// One simulated hip-pull session analysed from its ideal trace with the simulator's band
    /// (as `hipdrive validate` passes it), with the true and found reps matched by turnaround.
    private func analysed(seed: UInt64, gyroscope: Bool, fatigue: SimulationConfig.Fatigue, reps: Int = 10,
                          pitchCurvature: Double? = nil, cadencePerMin: Double? = nil, hipDropM: Double? = nil)
        throws -> (pairs: [(truth: RepTruth, found: RepMetrics)], found: Int, truth: Int) {
        var config = SimulationConfig(seed: seed)
        if let pitchCurvature { config.athlete.pullPitchCurvature = pitchCurvature }
        if let cadencePerMin { config.cadencePerMin = cadencePerMin }
        if let hipDropM { config.athlete.pullHipDropM = hipDropM }
        config.sets = 1
        config.repsPerSet = reps
        config.fatigue = fatigue
        return try analysedHipPull(config, gyroscope: gyroscope)
    }

    /// With a gyroscope the belt sensor's stroke, where the band pulls, is its hinge's (the hip
    /// joint's travel plus the lever turning with the pelvis): within a few percent. (The sensor,
    /// 0.12 m in front of the hip joint with the pelvis turning 50°, travels 12–20 % less or more
    /// than the joint: a stroke of the joint's would fail.)
    @Test(arguments: [UInt64(31), 32])
    func gyroscopeHipPullMeasuresTheBandsPoint(_ seed: UInt64) throws {
        let result = try analysed(seed: seed, gyroscope: true, fatigue: .init(kind: .decline, lossFraction: 0.3, workShare: 0.5))
        #expect(result.found == result.truth)
        let (strokeErrors, powerErrors) = relativeErrors(result.pairs)
        let stroke = try #require(SignalMath.median(strokeErrors))
        let power = try #require(SignalMath.median(powerErrors.map(abs)))
        #expect(abs(stroke) < 0.07, "seed \(seed): median stroke error \(stroke)")
        // Mean drive power also carries the band's slack (taken from the set's opening reps) and
        // the lockout time: 11–17 % on these seeds with exact turnarounds (uncorrected: 28 %).
        #expect(power < 0.20, "seed \(seed): median |mean drive power error| \(power)")
    }

    /// Without a gyroscope, a late breakdown slows the drive to the return's pace, and the rate
    /// of the tilt then took the lockouts for turnarounds (every rep half a cycle off). The
    /// lockouts' hold (|f| ≈ g) tells them apart.
    @Test(arguments: [UInt64(41), 42])
    func accelerometerOnlyHipPullRepsStartAtTheTurnaround(_ seed: UInt64) throws {
        let result = try analysed(seed: seed, gyroscope: false,
                                  fatigue: .init(kind: .breakdown, lossFraction: 0.45, breakdownRep: 5, workShare: 0.4))
        #expect(result.found == result.truth)
        #expect(result.pairs.count == result.truth, "seed \(seed): \(result.pairs.count) of \(result.truth) reps start at a true turnaround")
    }

    /// The lockout is where the hips arrive (the braking ends), not anywhere in the hold after it.
    @Test func lockoutIsTheArrivalNotTheMiddleOfTheHold() throws {
        // A minimum-jerk drive of 0.35 m over 0.8 s, then a 0.2 s hold, on a 100 Hz grid.
        let dt = 0.01, drive = 0.8
        var grid: [Double] = [], velocity: [Double] = [], position: [Double] = []
        for k in 0...100 {
            let t = Double(k) * dt
            let u = min(1, t / drive)
            grid.append(Double(k))
            position.append(0.35 * (10 * pow(u, 3) - 15 * pow(u, 4) + 6 * pow(u, 5)) + (t > drive ? 1e-4 * sin(40 * t) : 0))
            velocity.append(t < drive ? 0.35 / drive * (30 * u * u - 60 * pow(u, 3) + 30 * pow(u, 4)) : 4e-3 * cos(40 * t))
        }
        let lockout = try #require(MotionRepFinder.hipPullLockout(grid: grid, near: 90, half: 30, forwardVelocity: velocity,
                                                                 forwardPosition: position))
        #expect(abs(lockout.position - 80) <= 3, "lockout at sample \(lockout.position), the hips arrive at 80")
    }

    /// The hips arrive between samples and hold still: the arrival is measured on the approach
    /// (√v falls linearly to zero), not where the acceleration's difference across the hold's kink
    /// first reads zero, a sample late (5–23 ms at 100 Hz on HipDrive's simulator, mean drive
    /// power 1–3 % low). A minimum-jerk drive's arrival to within a fifth of a sample (0.6 % of
    /// the drive), at 50 and 100 Hz and at any phase of the sampling.
    @Test(arguments: [50.0, 100.0])
    func lockoutIsTheArrivalMeasuredOnTheApproach(_ rate: Double) throws {
        let drive = 0.8
        for phase in [0.1, 0.35, 0.6, 0.85] {
            var grid: [Double] = [], velocity: [Double] = [], position: [Double] = []
            for k in 0...Int(1.2 * rate) {
                let t = (Double(k) - phase) / rate
                let u = max(0, min(1, t / drive))
                grid.append(Double(k))
                position.append(0.35 * (10 * pow(u, 3) - 15 * pow(u, 4) + 6 * pow(u, 5)))
                velocity.append(0.35 / drive * (30 * u * u - 60 * pow(u, 3) + 30 * pow(u, 4)))
            }
            let arrival = drive * rate + phase
            let lockout = try #require(MotionRepFinder.hipPullLockout(grid: grid, near: arrival, half: 0.1 * rate,
                                                                     forwardVelocity: velocity, forwardPosition: position))
            #expect(abs(lockout.position - arrival) <= 0.2 + 0.006 * drive * rate,
                    "\(rate) Hz, phase \(phase): lockout at sample \(lockout.position), the hips arrive at \(arrival)")
        }
    }

    /// Three sets against one band from one stance; HipDrive's simulator has each set after the
    /// first do 2 % less work, so its opening reps turn around shallower. Every set's stretch is
    /// counted from the first set's normal turnaround (the lockout is the same place), so the
    /// third set's work reads as the first's does, within half a percent (+1.7 % both here,
    /// ideal trace); with its own opening reps as the reference it read 6.8 % lower than the
    /// first's, with the travel exact.
    @Test func everySetTakesTheFirstSetsBandReference() throws {
        var config = SimulationConfig(seed: 35)
        config.sets = 3
        config.repsPerSet = 8
        config.fatigue = .init(kind: .none)
        let result = try analysedHipPull(config, gyroscope: true)
        #expect(result.found == result.truth)
        try #require(result.pairs.count == 24)
        // The pairs run in the truth's order, eight a set.
        func medianWorkError(_ set: Int) throws -> Double {
            try #require(SignalMath.median(result.pairs[(8 * set)..<(8 * set + 8)].compactMap { pair in
                pair.found.workJ.map { $0 / pair.truth.workJ - 1 }
            }))
        }
        let first = try medianWorkError(0), third = try medianWorkError(2)
        #expect(abs(third - first) < 0.005, "median work error: first set \(first), third set \(third)")
    }

    /// The shared 3×3 eigen-solver (lever fit, accelerometer-only swing plane): a rotated
    /// diagonal matrix gives back its eigenvalues and orthonormal eigenvectors.
    @Test func symmetricEigenSolverRecoversARotatedDiagonal() {
        let c = cos(0.4), s = sin(0.4)
        let r: [[Double]] = [[c, -s, 0], [s, c, 0], [0, 0, 1]]
        let d = [5.0, 2.0, 0.5]
        var a = [[Double]](repeating: [0, 0, 0], count: 3)
        for i in 0..<3 { for j in 0..<3 { for k in 0..<3 { a[i][j] += r[i][k] * d[k] * r[j][k] } } }
        let (values, vectors) = SignalMath.symmetricEigen3(a)
        #expect(zip(values.sorted(), d.sorted()).allSatisfy { abs($0 - $1) < 1e-12 })
        for j in 0..<3 {
            var av = [0.0, 0.0, 0.0]
            for i in 0..<3 { for k in 0..<3 { av[i] += a[i][k] * vectors[k][j] } }
            #expect((0..<3).allSatisfy { abs(av[$0] - values[j] * vectors[$0][j]) < 1e-10 })
        }
    }

    /// With a gyroscope the hips' travel is L·φ from the measured pitch, with L fitted from the
    /// accelerometer (HipPullGyroHinge.swift): stroke and mean drive power within a few percent
    /// (the sensor → hip-joint lever correction left the stroke −9 % and the power 10–17 % off).
    @Test(arguments: [UInt64(33)])
    func gyroscopeHingeMeasuresStrokeAndPower(_ seed: UInt64) throws {
        let result = try analysed(seed: seed, gyroscope: true, fatigue: .init(kind: .none))
        #expect(result.found == result.truth)
        let (strokeErrors, signedPowerErrors) = relativeErrors(result.pairs)
        let powerErrors = signedPowerErrors.map(abs)
        let stroke = try #require(SignalMath.median(strokeErrors))
        let power = try #require(SignalMath.median(powerErrors))
        #expect(abs(stroke) < 0.04, "seed \(seed): median stroke error \(stroke)")
        #expect(power < 0.10, "seed \(seed): median |mean drive power error| \(power)")
    }

    /// The pelvis is not turned in proportion to the hips' travel (the lumbo-pelvic rhythm: the
    /// pelvis leads early or late in the descent). The gyroscope hinge fits the travel's
    /// curvature in the pelvis angle (x = L·φ + K·φ²). For a pelvis that turns late (curvature
    /// −0.35) the linear hinge put the stroke 11–12 % short (the fit leans on the turnaround,
    /// where the travel per radian is smallest); the curved one 7 %. For one that turns early
    /// (+0.35) both are 5–8 % long: the hip joint's unmodelled drop is the larger error there
    /// (/work/notes/hip4.md).
    @Test(arguments: [-0.35, 0.35])
    func gyroscopeHingeFollowsACurvedPelvisRhythm(_ curvature: Double) throws {
        let result = try analysed(seed: 34, gyroscope: true, fatigue: .init(kind: .none), reps: 8, pitchCurvature: curvature)
        #expect(result.found == result.truth)
        let (strokeErrors, _) = relativeErrors(result.pairs)
        let stroke = try #require(SignalMath.median(strokeErrors))
        #expect(abs(stroke) < 0.09, "curvature \(curvature): median stroke error \(stroke)")
    }

    /// The hip joint sinks as the hips go back (6.5 cm over a 0.35 m stroke here, a soft-kneed
    /// hinge) and the pelvis rhythm is strongly curved. Fitted with a level hip path, the lever
    /// absorbed the drop and, through the curvature, moved L: strokes −11 % / +13 % and mean
    /// drive power −16 % / +19 % for curvature −0.35 / +0.35 (validation sessions like it read
    /// 20–45 % off). With the path sinking by `hipDropPerTravel`: −4 % / +6 % and −5 % / +8 %.
    /// (Those were the hip joint's. Since 0.4.6 the rep is the belt sensor's point, where the
    /// simulated band pulls: −3.9 % / −3.3 % and −5.5 % / −4.9 %.)
    @Test(arguments: [-0.35, 0.35])
    func gyroscopeHingeAllowsForTheHipJointsDrop(_ curvature: Double) throws {
        let result = try analysed(seed: 35, gyroscope: true, fatigue: .init(kind: .none), reps: 8,
                                  pitchCurvature: curvature, hipDropM: 0.065)
        #expect(result.found == result.truth)
        let (strokeErrors, powerErrors) = relativeErrors(result.pairs)
        let stroke = try #require(SignalMath.median(strokeErrors))
        let power = try #require(SignalMath.median(powerErrors))
        print("hip drop 0.065, curvature \(curvature): median stroke error \(stroke), mean drive power \(power)")
        #expect(abs(stroke) < 0.06, "curvature \(curvature): median stroke error \(stroke)")
        #expect(abs(power) < 0.10, "curvature \(curvature): median mean drive power error \(power)")
    }

    /// Without a gyroscope, at a fast cadence the hips' reversal at the turnaround tilts the
    /// specific force the drive's way, and the tilt's rate swung back early in every drive: the
    /// drive's lobe looked like a wobble and whole reps were merged away. The pelvis rate with
    /// the apparent tilt removed (HipPullAccelerometerOnlyCounting.swift) keeps every rep.
    @Test func accelerometerOnlyFastHipPullsKeepEveryRep() throws {
        let result = try analysed(seed: 44, gyroscope: false, fatigue: .init(kind: .none), reps: 12, cadencePerMin: 31)
        #expect(result.found == result.truth)
        #expect(result.pairs.count == result.truth)
    }

    /// Without a gyroscope the hinge fit (HipPullAccelerometerOnly.swift) gives the hips' stroke
    /// and power; the low-passed tilt's integral made them 2–3× too long.
    @Test(arguments: [UInt64(43)])
    func accelerometerOnlyHingeMeasuresStrokeAndPower(_ seed: UInt64) throws {
        let result = try analysed(seed: seed, gyroscope: false, fatigue: .init(kind: .decline, lossFraction: 0.3, workShare: 0.5),
                                  reps: 6)
        #expect(result.found == result.truth)
        let (strokeErrors, signedPowerErrors) = relativeErrors(result.pairs)
        let powerErrors = signedPowerErrors.map(abs)
        let stroke = try #require(SignalMath.median(strokeErrors))
        let power = try #require(SignalMath.median(powerErrors))
        #expect(abs(stroke) < 0.15, "seed \(seed): median stroke error \(stroke)")
        #expect(power < 0.25, "seed \(seed): median |mean drive power error| \(power)")
    }

    /// The hinge fit recovers a synthetic hinge: the hips travel L·φ, the sensor sits 0.12 m
    /// forward of the hip joint in an arbitrary mounting, and only the specific force is given.
    @Test func hingeFitRecoversTravelPerRadian() throws {
        let fs = 100.0, g = standardGravity
        let travelPerRadian = 0.4, lever = (0.12, 0.0)
        // A rep: the pelvis tilts 50° and back (turnaround at 0.25 s, lockout at 1.05 s), with a
        // tilted plane about a sensor axis that is none of the sensor's axes.
        let n = Vector3(0.3, 0.8, 0.52).normalized
        let e1 = (Vector3(1, 0, 0) - n * n.x).normalized, e2 = n.cross(e1)
        var force: [Vector3] = []
        var truth: [Double] = []
        for k in 0..<Int(2.6 * fs) {
            let t = Double(k) / fs
            let depth = 0.5 * (1 + cos(2 * Double.pi * (t - 0.25) / 2.1))   // 1 at the turnaround
            let rate = -0.5 * sin(2 * Double.pi * (t - 0.25) / 2.1) * 2 * Double.pi / 2.1
            let acceleration = -0.5 * cos(2 * Double.pi * (t - 0.25) / 2.1) * pow(2 * Double.pi / 2.1, 2)
            let pitch = 0.4 + 0.87 * depth, pitchRate = 0.87 * rate, pitchAcceleration = 0.87 * acceleration
            truth.append(travelPerRadian * pitch)
            // f = φ̇² p + φ̈ J p + g u(φ) + L φ̈ J u(φ) in the plane (e1, e2).
            let u = (cos(pitch), sin(pitch)), ju = (-sin(pitch), cos(pitch)), jp = (-lever.1, lever.0)
            let f1 = pitchRate * pitchRate * lever.0 + pitchAcceleration * jp.0 + g * u.0 + travelPerRadian * pitchAcceleration * ju.0
            let f2 = pitchRate * pitchRate * lever.1 + pitchAcceleration * jp.1 + g * u.1 + travelPerRadian * pitchAcceleration * ju.1
            force.append(e1 * f1 + e2 * f2 + n * 0.02 * sin(7 * t))
        }
        let fit = try #require(HipHingeFit.fit(force: force, dt: 1 / fs, usable: force.map { _ in true }))
        #expect(fit.isHinge)
        #expect(abs(abs(fit.travelPerRadian) - travelPerRadian) < 0.02, "L \(fit.travelPerRadian)")
        let angles = fit.times.map { fit.angle(at: $0).value }
        let stroke = abs(fit.travelPerRadian) * ((angles.max() ?? 0) - (angles.min() ?? 0))
        let trueStroke = (truth.max() ?? 0) - (truth.min() ?? 0)
        #expect(abs(stroke / trueStroke - 1) < 0.05, "stroke \(stroke) against \(trueStroke)")
    }
}

/// One single-set hip-pull session (`config` with the exercise, band and belt sensor set here),
/// analysed from its ideal trace with the simulator's band as `hipdrive validate` passes it; the
/// true and found reps matched by turnaround (within 0.3 of the true rep's time).
/// Each matched rep's relative error of stroke (displacement) and of mean drive power, signed,
/// where HipDrive reported them.
func relativeErrors(_ pairs: [(truth: RepTruth, found: RepMetrics)]) -> (stroke: [Double], power: [Double]) {
    (pairs.compactMap { pair in pair.found.displacementM.map { $0 / pair.truth.displacementM - 1 } },
     pairs.compactMap { pair in pair.found.meanDrivePowerW.map { $0 / pair.truth.meanDrivePowerW - 1 } })
}

func analysedHipPull(_ config: SimulationConfig, gyroscope: Bool) throws
    -> (pairs: [(truth: RepTruth, found: RepMetrics)], found: Int, truth: Int) {
    var config = config
    config.exercise = .hipPull
    config.band = .init(stiffnessNPerM: 200, slackM: 0.95, distanceAtTurnaroundM: 1.2)
    config.sensor.placement = .hips
    config.sensor.hasGyroscope = gyroscope
    let session = Simulator.simulate(config)
    let recording = Recording(source: URL(fileURLWithPath: "simulated-\(config.seed)"), format: "ideal trace",
                              columns: [], content: .motion(session.idealTrace))
    let band = config.effectiveBand
    let load = LoadSpecification(band: .stiffness(newtonsPerMetre: band.stiffnessNPerM,
                                                  slackM: band.slackM - band.distanceAtTurnaroundM))
    let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(exercise: .hipPull, load: load,
                                                                                     placement: .hips))
    let offset = session.sensor.time.first ?? 0
    let found = analysis.sets.flatMap(\.reps)
    let truth = session.truth.sets.flatMap(\.reps)
    var pairs: [(RepTruth, RepMetrics)] = []
    for rep in truth {
        guard let match = found.min(by: { abs($0.turnaround - offset - rep.turnaround) < abs($1.turnaround - offset - rep.turnaround) }),
              abs(match.turnaround - offset - rep.turnaround) < 0.3 * rep.repTimeS else { continue }
        pairs.append((rep, match))
    }
    return (pairs, found.count, truth.count)
}
