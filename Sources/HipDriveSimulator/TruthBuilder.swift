import Foundation
import HipDriveRecordings

/// Measures every rep's true times, power, work and speed from the model on a 500 Hz grid.
///
/// Swings: E = ½m|v|² + m·g·z of the bell; P = m·v·(a + g·ẑ) = dE/dt. Hip pulls: the band's
/// force F = k·max(0, d − slack) at the point where it pulls on the pelvis (where the sensor
/// rides), P = F·v_x of that point, and work = the rise of the band's elastic
/// energy ½k·max(0, d − slack)², which equals ∫P dt.
struct TruthBuilder {
    var config: SimulationConfig
    var plan: SessionPlan
    var mounting: Rotation

    /// Grid step for the truth, s (500 Hz: apex and peak power resolved to 2 ms, far finer than
    /// any sensor; energies are exact at the grid points, so work has no grid error).
    static let step = 0.002
    /// The sensor point's speed (a secondary figure) is taken every this many grid steps.
    static let sensorStride = 5

    struct Sample {
        var time: Double
        var energy: Double
        var power: Double
        var speed: Double
        var sensorSpeed: Double
        var height: Double
    }

    func sample(at time: Double, withSensor: Bool = true) -> Sample {
        let body = plan.body
        let sensorSpeed = withSensor ? body.sensorBody(at: time, placement: config.sensor.placement,
                                                        bellMount: config.sensor.effectiveBellMount).velocity.norm : 0
        switch config.exercise {
        case .swing:
            let bell = body.bell(at: time)
            let m = config.massKg, g = standardGravity
            let v = bell.velocity
            let energy = 0.5 * m * v.dot(v) + m * g * bell.position.z
            let power = m * v.dot(bell.acceleration + Vector3(0, 0, g))
            return Sample(time: time, energy: energy, power: power, speed: v.norm, sensorSpeed: sensorSpeed,
                          height: bell.position.z)
        case .hipPull:
            // The band pulls at its point on the pelvis (BodyModel.bandOffset), not at the hip
            // joint: above and in front of the joint that point travels less than the joint as
            // the pelvis pitches.
            let placement = config.sensor.placement
            let point = body.bandPoint(at: time, placement: placement)
            let band = config.effectiveBand
            let distance = band.distanceAtTurnaroundM + point.position.x - body.bandPointNominalTurnaroundX(placement: placement)
            let stretch = max(0, distance - band.slackM)
            let force = band.stiffnessNPerM * stretch
            return Sample(time: time, energy: 0.5 * band.stiffnessNPerM * stretch * stretch,
                          power: force * point.velocity.x, speed: point.velocity.norm, sensorSpeed: sensorSpeed,
                          height: point.position.x)
        }
    }

    func rep(_ planned: PlannedRep, index: Int) -> RepTruth {
        let count = Int(((planned.end - planned.turnaround) / Self.step).rounded())
        let samples = (0...count).map {
            sample(at: planned.turnaround + Double($0) * Self.step, withSensor: $0 % Self.sensorStride == 0)
        }
        // Apex: the lowest speed near the top (swing); arrival at lockout (hip pull).
        var apexIndex = Int(((planned.top - planned.turnaround) / Self.step).rounded())
        if config.exercise == .swing {
            let drive = planned.top - planned.turnaround, fall = planned.end - planned.top
            let low = max(1, Int(((drive * 0.7) / Self.step).rounded()))
            let high = min(count - 1, Int(((drive + 0.3 * fall) / Self.step).rounded()))
            if low < high {
                apexIndex = (low...high).min { samples[$0].speed < samples[$1].speed } ?? apexIndex
            }
        }
        apexIndex = min(max(apexIndex, 1), count)
        let turn = samples[0], apex = samples[apexIndex]
        let work = apex.energy - turn.energy
        let driveTime = apex.time - turn.time
        let peakPower = samples[0...apexIndex].map(\.power).max() ?? 0
        let peakSpeed = samples.map(\.speed).max() ?? 0
        let sensorPeak = samples.map(\.sensorSpeed).max() ?? 0
        let perKg = config.exercise == .swing ? 1 / config.massKg : nil
        return RepTruth(index: index, start: planned.turnaround, end: planned.end, turnaround: planned.turnaround,
                        apex: apex.time, peakPowerW: peakPower, meanDrivePowerW: work / driveTime, workJ: work,
                        peakSpeedMps: peakSpeed, driveTimeS: driveTime, repTimeS: planned.end - planned.turnaround,
                        displacementM: abs(apex.height - turn.height), apexSpeedMps: apex.speed,
                        peakPowerWPerKg: perKg.map { peakPower * $0 },
                        meanDrivePowerWPerKg: perKg.map { work / driveTime * $0 },
                        workJPerKg: perKg.map { work * $0 }, sensorPeakSpeedMps: sensorPeak)
    }

    func build(intervals: [IntervalTruth], gaps: [IntervalTruth]) -> SimulationTruth {
        var sets: [SetTruth] = []
        for (setOffset, planned) in plan.sets.enumerated() {
            let reps = planned.reps.enumerated().map { rep($0.element, index: $0.offset + 1) }
            let start = reps.first?.start ?? 0, end = reps.last?.end ?? 0
            var set = SetTruth(index: setOffset + 1, start: start, end: end,
                               cadenceRpm: Double(reps.count) / max(end - start, 1e-9) * 60, reps: reps,
                               breakdownRep: config.fatigue.kind == .breakdown && config.fatigue.breakdownRep <= reps.count
                                   ? config.fatigue.breakdownRep : nil)
            FatigueMetrics.fill(&set)
            sets.append(set)
        }
        let sensor = config.sensor
        let swing = config.exercise == .swing
        var bandTruth: BandTruth?
        if !swing {
            let band = config.effectiveBand
            let allReps = sets.flatMap(\.reps)
            let stroke = allReps.map(\.displacementM).reduce(0, +) / Double(max(1, allReps.count))
            let placement = config.sensor.placement
            let lockout = band.distanceAtTurnaroundM + plan.body.bandPointLockoutX(placement: placement)
                - plan.body.bandPointNominalTurnaroundX(placement: placement)
            bandTruth = BandTruth(stiffnessNPerM: band.stiffnessNPerM, slackM: band.slackM,
                                  lockoutTensionN: band.stiffnessNPerM * max(0, lockout - band.slackM), strokeM: stroke)
        }
        let bellSensor = swing && sensor.placement == .bell
        let handleMount = bellSensor && sensor.effectiveBellMount == .handle
        let sensorRadius: Double? = {
            guard swing else { return nil }
            switch sensor.placement {
            case .bell:
                return config.athlete.bellRadiusM - (handleMount ? config.athlete.gripToBellM : 0)
            case .wrist: return config.athlete.wristRadiusM
            case .hips: return nil
            }
        }()
        var truth = SimulationTruth(
            seed: config.seed, exercise: config.exercise.rawValue, style: swing ? config.style.rawValue : nil,
            hands: config.hands.rawValue, massKg: swing ? config.massKg : nil, band: bandTruth,
            placement: sensor.placement.rawValue, bellRadiusM: swing ? config.athlete.bellRadiusM : nil,
            sensorRadiusM: sensorRadius, mountingRotation: mounting.quaternion, sampleRateHz: sensor.sampleRateHz,
            gyroSampleRateHz: sensor.hasGyroscope ? (sensor.gyroSampleRateHz ?? sensor.sampleRateHz) : nil,
            hasGyroscope: sensor.hasGyroscope, accelRangeG: sensor.accelRangeG, gyroRangeDps: sensor.gyroRangeDps,
            startDate: config.startDate, durationS: plan.duration,
            fatigueProfile: FatigueProfileTruth(kind: config.fatigue.kind.rawValue, lossFraction: config.fatigue.lossFraction,
                                                breakdownRep: config.fatigue.kind == .breakdown ? config.fatigue.breakdownRep : nil,
                                                workShare: config.fatigue.workShare),
            sets: sets, nonRepIntervals: intervals, gaps: gaps)
        if bellSensor {
            truth.bellSensorMount = sensor.effectiveBellMount.rawValue
            truth.sensorToCentreOfMassM = handleMount ? config.athlete.gripToBellM : 0
        }
        return truth
    }
}

/// analysis.md's fatigue definitions applied to true per-rep values.
enum FatigueMetrics {
    static func fill(_ set: inout SetTruth, threshold: Double = 0.8) {
        let reps = set.reps
        guard reps.count >= 4 else { return }
        func loss(_ values: [Double]) -> Double {
            let reference = Array(values.prefix(3)).sorted(by: >).prefix(2).reduce(0, +) / 2
            let last = values.suffix(3).reduce(0, +) / 3
            return 100 * (1 - last / reference)
        }
        let mean = reps.map(\.meanDrivePowerW)
        set.peakPowerLossPct = loss(reps.map(\.peakPowerW))
        set.meanDrivePowerLossPct = loss(mean)
        set.velocityLossPct = loss(reps.map(\.peakSpeedMps))
        let reference = Array(mean.prefix(3)).sorted(by: >).prefix(2).reduce(0, +) / 2
        // Least-squares slope over rep index, % of R per rep.
        let n = Double(mean.count)
        let xs = (1...mean.count).map(Double.init)
        let xMean = xs.reduce(0, +) / n, yMean = mean.reduce(0, +) / n
        let sxy = zip(xs, mean).reduce(0) { $0 + ($1.0 - xMean) * ($1.1 - yMean) }
        let sxx = xs.reduce(0) { $0 + ($1 - xMean) * ($1 - xMean) }
        set.slopePctPerRep = 100 * (sxy / sxx) / reference
        var breakdown: Int?
        for index in stride(from: mean.count - 1, through: 0, by: -1) {
            if mean[index] < threshold * reference { breakdown = index + 1 } else { break }
        }
        set.breakdownRepByThreshold = breakdown
        func average(_ values: ArraySlice<Double>) -> Double { values.reduce(0, +) / Double(values.count) }
        let work = reps.map(\.workJ)
        let logPower = log(average(mean.suffix(3)) / average(mean.prefix(3)))
        let logWork = log(average(work.suffix(3)) / average(work.prefix(3)))
        if abs(logPower) > 0.02 { set.workShare = logWork / logPower }
    }
}
