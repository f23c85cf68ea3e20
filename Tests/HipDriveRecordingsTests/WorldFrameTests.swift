import Foundation
import Testing
@testable import HipDriveRecordings

/// A known motion rotated into a sensor frame (with the matching gyroscope) must come back out
/// of the reader in the world frame.
@Suite struct WorldFrameTests {
    static let g = ColumnUnit.standardGravityValue

    /// A swing-like motion: 2 s still, then the sensor pitches about the world y axis by
    /// θ(t) = 1.2 sin(2π·0.5·t) rad while its position follows a pendulum arc of radius 0.7 m;
    /// then 2 s still. Returns the sensor-frame stream and the true world acceleration.
    static func swing(rate: Double = 100) -> (SensorStream, [Vector3]) {
        let radius = 0.7, amplitude = 1.2, frequency = 0.5
        let still = 2.0, moving = 6.0
        let n = Int((2 * still + moving) * rate)
        var time: [Double] = [], fx: [Double] = [], fy: [Double] = [], fz: [Double] = []
        var gx: [Double] = [], gy: [Double] = [], gz: [Double] = []
        var truth: [Vector3] = []
        let w = 2 * Double.pi * frequency
        // θ(t) = A sin(ω s) sin²(π s / T): starts and ends smoothly at rest (a swing set from
        // and back to a still bell, as the hike and the park do).
        func angle(_ t: Double) -> Double {
            let s = min(max(t - still, 0), moving)
            let envelope = sin(Double.pi * s / moving)
            return amplitude * sin(w * s) * envelope * envelope
        }
        let h = 1e-4
        for i in 0..<n {
            let t = Double(i) / rate
            let theta = angle(t)
            let thetaDot = (angle(t + h) - angle(t - h)) / (2 * h)
            let thetaDDot = (angle(t + h) - 2 * theta + angle(t - h)) / (h * h)
            // Pendulum: position (r sin θ, 0, −r cos θ) about the pivot.
            let ax = radius * (thetaDDot * cos(theta) - thetaDot * thetaDot * sin(theta))
            let az = radius * (thetaDDot * sin(theta) + thetaDot * thetaDot * cos(theta))
            let acceleration = Vector3(ax, 0, az)
            truth.append(acceleration)
            // Sensor frame = world frame rotated by θ about y; f_sensor = Rᵀ (a + g ẑ).
            let rotation = Quaternion(axis: Vector3(0, 1, 0), angle: theta)
            let f = rotation.conjugate.rotate(Vector3(ax, 0, az + g))
            time.append(t); fx.append(f.x); fy.append(f.y); fz.append(f.z)
            gx.append(0); gy.append(thetaDot); gz.append(0)
        }
        let stream = SensorStream(source: "swing", time: time, isEpoch: false,
                                  channels: [.acceleration: [fx, fy, fz], .gyroscope: [gx, gy, gz]], columnsUsed: [])
        return (stream, truth)
    }

    /// The sensor-to-world rotation of `swing()` at time `t`.
    static func swingOrientation(_ t: Double) -> Quaternion {
        let s = min(max(t - 2, 0), 6)
        let envelope = sin(Double.pi * s / 6)
        return Quaternion(axis: Vector3(0, 1, 0), angle: 1.2 * sin(Double.pi * s) * envelope * envelope)
    }

    @Test func fusionRecoversWorldFrameMotionThroughASwing() throws {
        let (stream, truth) = Self.swing()
        let trace = try TraceAssembler.assemble([stream], source: "swing")
        #expect(trace.orientationMethod == .sensorFusion)
        var squaredError = 0.0, squaredSignal = 0.0
        for i in 0..<min(trace.count, truth.count) {
            let error = trace.linearAcceleration[i] - truth[i]
            squaredError += error.dot(error)
            squaredSignal += truth[i].dot(truth[i])
        }
        let relative = (squaredError / squaredSignal).squareRoot()
        // Peak accelerations reach 10 m/s² (about 1 g of centripetal and tangential force):
        // an ungated filter tilts by tens of degrees here; the gated one stays within a few percent.
        #expect(relative < 0.05, "relative RMS error \(relative)")
    }

    @Test func gatingMattersOnASwing() throws {
        // The same motion with the correction always on (Madgwick's plain filter) does worse:
        // this is the physics the gating is for.
        let (stream, truth) = Self.swing()
        let trace = try TraceAssembler.assemble([stream], source: "swing")
        let f = trace.specificForce
        let omega = try #require(trace.angularVelocity)
        var filter = MadgwickFilter()
        var plainError = 0.0, gatedError = 0.0
        for i in 0..<trace.count {
            if i > 0 { filter.update(omega: omega[i], f: f[i], dt: 1 / trace.sampleRate, weight: 1) }
            let world = filter.q.rotate(f[i])
            let plain = Vector3(world.x, world.y, world.z - Self.g) - truth[i]
            plainError += plain.dot(plain)
            let gated = trace.linearAcceleration[i] - truth[i]
            gatedError += gated.dot(gated)
        }
        #expect(gatedError < plainError / 4, "gated \(gatedError) vs plain \(plainError)")
    }

    @Test func recordedQuaternionIsUsedAndConjugatedWhenNeeded() throws {
        let (stream, truth) = Self.swing()
        // Add the true orientation as world→sensor quaternions (the "wrong" way round).
        let n = stream.count
        var w: [Double] = [], x: [Double] = [], y: [Double] = [], z: [Double] = []
        var upX: [Double] = [], upY: [Double] = [], upZ: [Double] = []
        for i in 0..<n {
            let truth = Self.swingOrientation(stream.time[i])
            let q = truth.conjugate
            w.append(q.w); x.append(q.x); y.append(q.y); z.append(q.z)
            // The phone's gravity vector (Android convention: +g along the upward axis).
            let up = truth.conjugate.rotate(Vector3(0, 0, Self.g))
            upX.append(up.x); upY.append(up.y); upZ.append(up.z)
        }
        var withQuaternion = stream
        withQuaternion.channels[.quaternion] = [w, x, y, z]
        withQuaternion.channels[.gravity] = [upX, upY, upZ]
        let trace = try TraceAssembler.assemble([withQuaternion], source: "swing")
        #expect(trace.orientationMethod == .recordedOrientation)
        #expect(trace.quality.notes.contains { $0.contains("conjugated") })
        var worst = 0.0
        for i in 0..<min(trace.count, truth.count) { worst = max(worst, (trace.linearAcceleration[i] - truth[i]).length) }
        #expect(worst < 0.2, "worst error \(worst) m/s²")
    }

    @Test func accelerometerOnlyIsFlaggedAndRightWhenStill() throws {
        let (stream, _) = Self.swing()
        var accelerometerOnly = stream
        accelerometerOnly.channels[.gyroscope] = nil
        let trace = try TraceAssembler.assemble([accelerometerOnly], source: "swing")
        #expect(trace.orientationMethod == .accelerometerOnly)
        #expect(trace.quality.notes.contains { $0.contains("reduced accuracy") })
        #expect(trace.linearAcceleration[50].length < 0.5)
    }

    @Test func quaternionRotationLaws() {
        let q = Quaternion(axis: Vector3(1, 2, 3), angle: 0.7)
        let v = Vector3(0.3, -1.1, 2.5)
        let back = q.conjugate.rotate(q.rotate(v))
        #expect((back - v).length < 1e-12)
        #expect(abs(q.rotate(v).length - v.length) < 1e-12)
        let aligned = Quaternion.aligning(Vector3(0.2, 0.9, -0.3), to: Vector3(0, 0, 1))
        let z = aligned.rotate(Vector3(0.2, 0.9, -0.3) * (1 / Vector3(0.2, 0.9, -0.3).length))
        #expect((z - Vector3(0, 0, 1)).length < 1e-12)
        let opposite = Quaternion.aligning(Vector3(0, 0, -1), to: Vector3(0, 0, 1))
        #expect((opposite.rotate(Vector3(0, 0, -1)) - Vector3(0, 0, 1)).length < 1e-9)
    }

    /// A segment of a hip pull after a data gap: it starts mid-set, and its first window that
    /// passes the still test (|f| ≈ g, |ω| under 0.2 rad/s) is the last lockout, where the pelvis
    /// still settles. The gyroscope's offset must come from the stillness after it, not from
    /// the settling (which read 0.035 rad/s off on the independent simulator's session 50500012).
    @Test func theGyroscopeOffsetIsMeasuredWhereTheSensorIsReallyStill() {
        let rate = 100.0, bias = Vector3(0.027, -0.019, 0.011)
        let n = 600
        var f = Axes(count: n), gyro = Axes(count: n)
        for i in 0..<n {
            let t = Double(i) / rate
            f[i] = Vector3(0, 0, Self.g)
            // 0–2 s: turning at 1 rad/s (moving); 2–2.5 s: settling from 0.15 rad/s to rest in
            // a decaying oscillation; then still.
            var rate = Vector3.zero
            if t < 2 { rate = Vector3(0, 1.0, 0) } else if t < 2.5 {
                let s = t - 2
                rate = Vector3(0.1 * cos(12 * s), 0.15 * (1 - s / 0.5) * cos(20 * s), 0)
            }
            gyro[i] = rate + bias
        }
        let frame = WorldFrame.fuse(f: f, gyro: gyro, rate: rate, segments: [0..<n])
        #expect(frame.gyroBias.count == 1)
        #expect((frame.gyroBias[0] - bias).length < 0.005, "offset \(frame.gyroBias[0]) against \(bias)")
    }

    /// A segment with no still moment at all (a piece between two gaps, the sensor turning all
    /// along) takes the offset measured in the nearest segment that has one.
    @Test func aSegmentWithoutAStillMomentTakesItsNeighboursOffset() {
        let rate = 100.0, bias = Vector3(0.03, 0.0, -0.02)
        let n = 900
        var f = Axes(count: n), gyro = Axes(count: n)
        for i in 0..<n {
            f[i] = Vector3(0, 0, Self.g)
            let moving = i >= 400
            gyro[i] = (moving ? Vector3(0, 0.8 * sin(Double(i) / rate * 3), 0.5) : .zero) + bias
        }
        let frame = WorldFrame.fuse(f: f, gyro: gyro, rate: rate, segments: [0..<300, 400..<n])
        #expect(frame.gyroBias.count == 2)
        #expect((frame.gyroBias[0] - bias).length < 0.002)
        #expect((frame.gyroBias[1] - bias).length < 0.002, "the moving segment's offset \(frame.gyroBias[1])")
        #expect(frame.notes.contains { $0.contains("offset from the nearest segment") })
    }
}
