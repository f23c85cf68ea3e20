import Foundation
import HipDriveRecordings

/// The simulated IMU: evaluates the model at each (jittered) timestamp and adds the sensor's
/// errors. The model is evaluated exactly at every sample time, so the only differences from
/// the truth are the ones a real sensor makes.
struct SensorRecorder {
    var config: SimulationConfig
    var body: BodyModel
    var mounting: Rotation
    var impacts: [Impact]

    /// What the sensor sees at `time`: sensor-frame specific force R_sᵀ·(a − g⃗) and angular
    /// velocity R_sᵀ·ω, the world-frame linear acceleration of its point, and R_s.
    func reading(at time: Double) -> (specificForce: Vector3, angularVelocity: Vector3, linear: Vector3,
                                      rotation: Rotation) {
        let point = body.sensorBody(at: time, placement: config.sensor.placement,
                                    bellMount: config.sensor.effectiveBellMount)
        let rotation = point.rotation * mounting
        let force = point.acceleration + Vector3(0, 0, standardGravity)
        var specificForce = rotation.applyTransposed(force)
        for impact in impacts {
            let value = impact.value(at: time)
            if value != 0 { specificForce = specificForce + value * impact.direction }
        }
        return (specificForce, rotation.applyTransposed(point.angularVelocity), point.acceleration, rotation)
    }

    /// Jittered, strictly increasing timestamps at `rate` over the session, minus the gaps.
    func timestamps(rate: Double, duration: Double, gaps: [ClosedRange<Double>], _ random: inout SeededGenerator)
        -> [Double]
    {
        let period = 1 / rate
        let count = Int(duration * rate)
        var times: [Double] = []
        times.reserveCapacity(count)
        var previous = -Double.infinity
        let jitter = max(0, config.sensor.timestampJitterS)
        for k in 0..<count {
            var t = Double(k) * period + jitter * max(-3, min(3, random.gaussian()))
            // Keep the clock monotone (a real logger's jitter does not reorder samples here; the
            // readers' job with reordered rows is tested elsewhere).
            t = max(t, previous + 0.05 * period, 0)
            previous = t
            if gaps.contains(where: { $0.contains(t) }) { continue }
            times.append(t)
        }
        return times
    }

    func record(duration: Double, gaps: [ClosedRange<Double>], _ random: inout SeededGenerator) -> SimulatedSensorSamples {
        let sensor = config.sensor
        let accelRange = sensor.accelRangeG * standardGravity
        let gyroRange = sensor.gyroRangeDps * Double.pi / 180
        let accelStep = sensor.quantize ? accelRange / 32768 : 0
        let gyroStep = sensor.quantize ? gyroRange / 32768 : 0
        var biasRandom = random.fork()
        let accelBias = Vector3(biasRandom.uniform(-1...1), biasRandom.uniform(-1...1), biasRandom.uniform(-1...1))
        let gyroBias = Vector3(biasRandom.uniform(-1...1), biasRandom.uniform(-1...1), biasRandom.uniform(-1...1))

        func measure(_ value: Double, bias: Double, noise: Double, step: Double, range: Double,
                     _ random: inout SeededGenerator) -> Double {
            var reading = value + bias + noise * random.gaussian()
            if step > 0 { reading = (reading / step).rounded() * step }
            return max(-range, min(range, reading))
        }

        let time = timestamps(rate: sensor.sampleRateHz, duration: duration, gaps: gaps, &random)
        var force = Axes(count: time.count), gravity = Axes(count: time.count)
        var orientation: [Quaternion] = []
        orientation.reserveCapacity(time.count)
        let sameClock = sensor.gyroSampleRateHz == nil || sensor.gyroSampleRateHz == sensor.sampleRateHz
        var gyro: Axes? = sensor.hasGyroscope && sameClock ? Axes(count: time.count) : nil
        for (index, t) in time.enumerated() {
            let r = reading(at: t)
            let f = r.specificForce
            force.x[index] = measure(f.x, bias: accelBias.x * sensor.accelBiasMps2, noise: sensor.accelNoiseMps2,
                                     step: accelStep, range: accelRange, &random)
            force.y[index] = measure(f.y, bias: accelBias.y * sensor.accelBiasMps2, noise: sensor.accelNoiseMps2,
                                     step: accelStep, range: accelRange, &random)
            force.z[index] = measure(f.z, bias: accelBias.z * sensor.accelBiasMps2, noise: sensor.accelNoiseMps2,
                                     step: accelStep, range: accelRange, &random)
            gravity[index] = r.rotation.applyTransposed(Vector3(0, 0, standardGravity))
            orientation.append(r.rotation.quaternion)
            if gyro != nil {
                let w = r.angularVelocity
                gyro!.x[index] = measure(w.x, bias: gyroBias.x * sensor.gyroBiasRadps, noise: sensor.gyroNoiseRadps,
                                         step: gyroStep, range: gyroRange, &random)
                gyro!.y[index] = measure(w.y, bias: gyroBias.y * sensor.gyroBiasRadps, noise: sensor.gyroNoiseRadps,
                                         step: gyroStep, range: gyroRange, &random)
                gyro!.z[index] = measure(w.z, bias: gyroBias.z * sensor.gyroBiasRadps, noise: sensor.gyroNoiseRadps,
                                         step: gyroStep, range: gyroRange, &random)
            }
        }
        var gyroTime: [Double]? = gyro != nil ? time : nil
        if sensor.hasGyroscope && !sameClock, let rate = sensor.gyroSampleRateHz {
            let times = timestamps(rate: rate, duration: duration, gaps: gaps, &random)
            var samples = Axes(count: times.count)
            for (index, t) in times.enumerated() {
                let w = reading(at: t).angularVelocity
                samples.x[index] = measure(w.x, bias: gyroBias.x * sensor.gyroBiasRadps, noise: sensor.gyroNoiseRadps,
                                           step: gyroStep, range: gyroRange, &random)
                samples.y[index] = measure(w.y, bias: gyroBias.y * sensor.gyroBiasRadps, noise: sensor.gyroNoiseRadps,
                                           step: gyroStep, range: gyroRange, &random)
                samples.z[index] = measure(w.z, bias: gyroBias.z * sensor.gyroBiasRadps, noise: sensor.gyroNoiseRadps,
                                           step: gyroStep, range: gyroRange, &random)
            }
            gyro = samples
            gyroTime = times
        }
        // Clock glitches touch the written stamps only: each reading was taken at its true time.
        var writtenTime = time
        if sensor.timestampGlitchCount > 0 && time.count > 10 {
            var glitchRandom = random.fork()
            for _ in 0..<sensor.timestampGlitchCount {
                let index = 1 + Int(glitchRandom.unit() * Double(time.count - 2))
                writtenTime[index] = glitchRandom.unit() < 0.5
                    ? writtenTime[index - 1] : writtenTime[index - 1] - 0.5 / sensor.sampleRateHz
            }
        }
        if gyroTime == time { gyroTime = writtenTime }
        return SimulatedSensorSamples(time: writtenTime, specificForce: force, gyroTime: gyroTime, angularVelocity: gyro,
                                      orientation: orientation, gravity: gravity, accelRangeMps2: accelRange,
                                      gyroRangeRadps: gyroRange)
    }

    /// The noise-free, gap-free, uniformly sampled trace in the true world frame.
    func idealTrace(duration: Double, startDate: Date) -> MotionTrace {
        let rate = config.sensor.sampleRateHz
        let count = Int(duration * rate)
        var linear = Axes(count: count), force = Axes(count: count)
        var omega: Axes? = config.sensor.hasGyroscope ? Axes(count: count) : nil
        var orientation: [Quaternion] = []
        orientation.reserveCapacity(count)
        for index in 0..<count {
            let r = reading(at: Double(index) / rate)
            linear[index] = r.linear
            force[index] = r.specificForce
            omega?[index] = r.angularVelocity
            orientation.append(r.rotation.quaternion)
        }
        let hasGyro = config.sensor.hasGyroscope
        let quality = DataQuality(effectiveSampleRateHz: rate, timestampJitterS: 0, gapCount: 0, longestGapS: 1 / rate,
                                  clippedPercent: 0, gyroClippedPercent: hasGyro ? 0 : nil, droppedSamples: 0,
                                  hasGyroscope: hasGyro, hasGravity: false, hasOrientation: true,
                                  notes: ["simulated ideal trace: true orientation and world-frame acceleration"])
        return MotionTrace(sampleRate: rate, startTime: 0, startDate: startDate, linearAcceleration: linear,
                           specificForce: force, angularVelocity: omega, orientation: orientation,
                           orientationMethod: hasGyro ? .sensorFusion : .accelerometerOnly, quality: quality)
    }
}
