import Foundation
import HipDriveRecordings

/// Runs the physical model of a session and records it with a simulated sensor.
///
/// ```swift
/// let session = Simulator.simulate(SimulationConfig(seed: 3, repsPerSet: 12))
/// let reps = session.truth.sets[0].reps          // true times, power, work, speed
/// let trace = session.idealTrace                  // noise-free world-frame trace
/// ```
public enum Simulator {
    /// Simulates `config`. Deterministic: the same config gives the same session.
    public static func simulate(_ config: SimulationConfig) -> SimulatedSession {
        precondition(config.sets >= 1 && config.repsPerSet >= 1, "a session needs at least one set of one rep")
        var random = SeededGenerator(seed: config.seed)
        var planRandom = random.fork()
        var sensorRandom = random.fork()
        var extrasRandom = random.fork()
        let plan = SessionPlan(config: config, random: &planRandom)
        let mounting = mountingRotation(config.sensor, &extrasRandom)

        // Random clatter in idle and rest time, away from their edges.
        var intervals = plan.intervals
        let quiet = intervals.filter { ($0.kind == "idle" || $0.kind == "rest") && $0.end - $0.start > 1.5 }
        var clatterTimes: [Double] = []
        if !quiet.isEmpty {
            for _ in 0..<max(0, config.clatterCount) {
                let interval = quiet[Int(extrasRandom.unit() * Double(quiet.count)) % quiet.count]
                let time = extrasRandom.uniform((interval.start + 0.5)...(interval.end - 0.5))
                clatterTimes.append(time)
                intervals.append(IntervalTruth(kind: "clatter", start: time, end: time + 0.15, set: nil))
            }
        }
        let impacts = makeImpacts(config: config, plan: plan, clatterTimes: clatterTimes, &extrasRandom)

        let gaps = makeGaps(config.sensor, duration: plan.duration, &extrasRandom)
        let sensor = SensorRecorder(config: config, body: plan.body, mounting: mounting, impacts: impacts)
            .record(duration: plan.duration, gaps: gaps, &sensorRandom)
        let ideal = SensorRecorder(config: config, body: plan.body, mounting: mounting, impacts: [])
            .idealTrace(duration: plan.duration, startDate: config.startDate)

        var truth = TruthBuilder(config: config, plan: plan, mounting: mounting)
            .build(intervals: intervals.sorted { $0.start < $1.start },
                   gaps: gaps.map { IntervalTruth(kind: "gap", start: $0.lowerBound, end: $0.upperBound, set: nil) })
        truth.clippedPercent = clippedPercent(sensor.specificForce, range: sensor.accelRangeMps2)
        truth.gyroClippedPercent = sensor.angularVelocity.map { clippedPercent($0, range: sensor.gyroRangeRadps) }
        return SimulatedSession(config: config, truth: truth, sensor: sensor, idealTrace: ideal, body: plan.body)
    }

    /// Percent of samples at ±`range` on any axis.
    static func clippedPercent(_ axes: Axes, range: Double) -> Double {
        guard axes.count > 0 else { return 0 }
        let limit = range * (1 - 1e-9)
        var clipped = 0
        for i in 0..<axes.count where abs(axes.x[i]) >= limit || abs(axes.y[i]) >= limit || abs(axes.z[i]) >= limit {
            clipped += 1
        }
        return 100 * Double(clipped) / Double(axes.count)
    }

    /// The configured mounting rotation, or a uniformly random one (Shoemake 1992).
    static func mountingRotation(_ sensor: SimulationConfig.Sensor, _ random: inout SeededGenerator) -> Rotation {
        let u1 = random.unit(), u2 = random.unit(), u3 = random.unit()
        if let euler = sensor.mountingEulerDeg { return .fromEulerDegrees(euler) }
        let a = (1 - u1).squareRoot(), b = u1.squareRoot()
        return Rotation(Quaternion(w: b * cos(2 * .pi * u3), x: a * sin(2 * .pi * u2),
                                   y: a * cos(2 * .pi * u2), z: b * sin(2 * .pi * u3)))
    }

    /// Dropouts placed at random in the middle 80 % of the session, not overlapping.
    static func makeGaps(_ sensor: SimulationConfig.Sensor, duration: Double, _ random: inout SeededGenerator)
        -> [ClosedRange<Double>]
    {
        var gaps: [ClosedRange<Double>] = []
        let length = max(0, sensor.gapDurationS)
        guard length > 0, sensor.gapCount > 0, duration > 4 * length else { return [] }
        var attempts = 0
        while gaps.count < sensor.gapCount && attempts < 100 * sensor.gapCount {
            attempts += 1
            let start = random.uniform((0.1 * duration)...(0.9 * duration - length))
            let gap = start...(start + length)
            if gaps.contains(where: { $0.overlaps((gap.lowerBound - 1)...(gap.upperBound + 1)) }) { continue }
            gaps.append(gap)
        }
        return gaps.sorted { $0.lowerBound < $1.lowerBound }
    }

    /// Vibration transients the sensor feels: the bell hitting the floor (bell sensor) and
    /// random knocks. They are added to the specific force, not to the body's motion.
    static func makeImpacts(config: SimulationConfig, plan: SessionPlan, clatterTimes: [Double],
                            _ random: inout SeededGenerator) -> [Impact] {
        var impacts: [Impact] = []
        if config.sensor.placement == .bell {
            for time in plan.bellImpacts {
                impacts.append(Impact(time: time, amplitude: random.uniform(1.5...3) * standardGravity,
                                      frequency: random.uniform(30...60), decay: 0.03,
                                      direction: randomUnit(&random)))
            }
        }
        for time in clatterTimes {
            impacts.append(Impact(time: time, amplitude: random.uniform(0.3...1.0) * standardGravity,
                                  frequency: random.uniform(25...50), decay: 0.025, direction: randomUnit(&random)))
        }
        return impacts
    }

    static func randomUnit(_ random: inout SeededGenerator) -> Vector3 {
        let v = Vector3(random.gaussian(), random.gaussian(), random.gaussian())
        let n = max(v.norm, 1e-9)
        return (1 / n) * v
    }
}

/// A damped vibration added to the accelerometer (sensor frame), m/s².
struct Impact: Sendable {
    var time: Double
    var amplitude: Double
    var frequency: Double
    var decay: Double
    var direction: Vector3

    func value(at t: Double) -> Double {
        let dt = t - time
        guard dt >= 0, dt < 8 * decay else { return 0 }
        return amplitude * exp(-dt / decay) * sin(2 * .pi * frequency * dt)
    }
}
