import Foundation
import Testing
import HipDriveRecordings
@testable import HipDriveAnalysis

/// The planar pendulum fit that gives accelerometer-only swings their per-rep orientation.
@Suite struct AccelerometerOnlySwingTests {
    /// One rep of a rigid arm (radius `radius` m) swinging in the world x–z plane from `back` to
    /// `front` rad (raised cosines, drive `drive` s, return `back` s) about a shoulder that itself
    /// accelerates by up to `pivotAmplitude` m/s² (a cycle that returns it to rest), seen by a
    /// sensor mounted at an arbitrary fixed rotation on the arm. Returns the sensor-frame specific
    /// force, the true world-up direction in the sensor frame and the true vertical acceleration.
    static func rep(radius: Double = 0.7, back: Double = -1.1, front: Double = 1.5, drive: Double = 0.8,
                    returnTime: Double = 0.9, pivotAmplitude: Double = 2.0, rate: Double = 100) -> (force: [Vector3], up: [Vector3], vertical: [Double]) {
        let g = 9.80665
        let duration = drive + returnTime
        let count = Int((duration * rate).rounded()) + 1
        func rotY(_ v: Vector3, _ a: Double) -> Vector3 {
            Vector3(v.x * cos(a) + v.z * sin(a), v.y, -v.x * sin(a) + v.z * cos(a))
        }
        func rotX(_ v: Vector3, _ a: Double) -> Vector3 {
            Vector3(v.x, v.y * cos(a) - v.z * sin(a), v.y * sin(a) + v.z * cos(a))
        }
        func rotZ(_ v: Vector3, _ a: Double) -> Vector3 {
            Vector3(v.x * cos(a) - v.y * sin(a), v.x * sin(a) + v.y * cos(a), v.z)
        }
        // Body frame to sensor frame: a fixed, arbitrary mounting.
        func toSensor(_ v: Vector3) -> Vector3 { rotX(rotZ(v, -0.8), -0.3) }
        var force: [Vector3] = [], up: [Vector3] = [], vertical: [Double] = []
        for i in 0..<count {
            let t = Double(i) / rate
            let (from, to, start, length) = t < drive ? (back, front, 0.0, drive) : (front, back, drive, returnTime)
            let s = min(1, (t - start) / length), delta = to - from
            let theta = from + delta * (1 - cos(.pi * s)) / 2
            let thetaRate = delta * .pi / (2 * length) * sin(.pi * s)
            let thetaAcceleration = delta * .pi * .pi / (2 * length * length) * cos(.pi * s)
            let phase = 2 * Double.pi * t / duration
            let pivot = Vector3(pivotAmplitude * sin(phase), 0, 0.5 * pivotAmplitude * sin(2 * phase))
            let a = Vector3(radius * (thetaAcceleration * cos(theta) - thetaRate * thetaRate * sin(theta)), 0,
                            radius * (thetaAcceleration * sin(theta) + thetaRate * thetaRate * cos(theta))) + pivot
            let body = rotY(Vector3(a.x, a.y, a.z + g), theta)
            force.append(toSensor(body))
            up.append(toSensor(rotY(Vector3(0, 0, 1), theta)))
            vertical.append(a.z)
        }
        return (force, up, vertical)
    }

    /// Fits one synthetic rep and returns the rms error of the up direction (degrees), the rms
    /// error of the vertical acceleration relative to its rms, and the fit.
    static func fitErrors(pivotAmplitude: Double, noise: Double = 0) throws -> (degrees: Double, vertical: Double, fit: PlanarSwingFit) {
        var swing = Self.rep(pivotAmplitude: pivotAmplitude)
        var generator = SplitMix(seed: 7)
        for i in swing.force.indices {
            swing.force[i] = swing.force[i] + Vector3(generator.gaussian(), generator.gaussian(), generator.gaussian()) * noise
        }
        let count = swing.force.count
        let fit = try #require(PlanarSwingFit.fit(force: swing.force, dt: 0.01, startOffset: 0,
                                                  endOffset: Double(count - 1),
                                                  usable: Array(repeating: true, count: count)))
        var squared = 0.0, verticalError = 0.0, verticalPower = 0.0
        for i in 0..<count {
            let phi = fit.upAngle[i]
            let u = fit.e1 * cos(phi) + fit.e2 * sin(phi)
            let angle = acos(max(-1, min(1, u.dot(swing.up[i]))))
            squared += angle * angle
            let estimate = swing.force[i].dot(u) - 9.80665
            verticalError += (estimate - swing.vertical[i]) * (estimate - swing.vertical[i])
            verticalPower += swing.vertical[i] * swing.vertical[i]
        }
        return ((squared / Double(count)).squareRoot() * 180 / .pi, (verticalError / verticalPower).squareRoot(), fit)
    }

    @Test func fitRecoversTheUpDirectionOfARigidPendulum() throws {
        // A fixed shoulder: the model is exact, so the fit must be too (spline and noise aside).
        let (degrees, vertical, fit) = try Self.fitErrors(pivotAmplitude: 0, noise: 0.05)
        #expect(fit.isPendulumLike)
        #expect(degrees < 1.5, "up direction off by \(degrees)° rms")
        #expect(vertical < 0.05)
        // The pivot is where the arm's radius says (the shoulder, 0.7 m from the sensor).
        let radius = (fit.pivot.0 * fit.pivot.0 + fit.pivot.1 * fit.pivot.1).squareRoot()
        #expect(abs(radius - 0.7) < 0.05, "pivot at \(radius) m")
    }

    @Test func aMovingShoulderCostsOnlyAFewDegrees() throws {
        // The shoulder accelerating by 2 m/s² (0.2 g) is unmodelled: it can tilt the estimate by
        // up to about 0.2 rad where it peaks, a few degrees rms over the rep.
        let (degrees, vertical, fit) = try Self.fitErrors(pivotAmplitude: 2)
        #expect(fit.isPendulumLike)
        #expect(degrees < 8, "up direction off by \(degrees)° rms")
        #expect(vertical < 0.1)
    }

    @Test func aMotionFarFromAPendulumIsRejected() throws {
        // 0.8 g of noise on every axis is more than a moving pivot explains.
        let (_, _, fit) = try Self.fitErrors(pivotAmplitude: 2, noise: 8)
        #expect(!fit.isPendulumLike, "residual \(fit.residualRMS) m/s²")
    }

    @Test func splineReproducesACubic() throws {
        let spline = UniformCubicSpline(start: 0, end: 2, intervals: 5)
        let times = stride(from: 0.0, through: 2.0, by: 0.01).map { $0 }
        let basis = times.map { spline.basis(at: $0) }
        let values = times.map { 1 + $0 - 0.5 * $0 * $0 + 0.2 * $0 * $0 * $0 }
        let coefficients = try #require(spline.leastSquares(values: values, basis: basis))
        let d = spline.evaluate(coefficients, basis: basis)
        for (k, t) in times.enumerated() {
            #expect(abs(d.value[k] - values[k]) < 1e-6)
            #expect(abs(d.rate[k] - (1 - t + 0.6 * t * t)) < 1e-5)
            #expect(abs(d.acceleration[k] - (-1 + 1.2 * t)) < 1e-4)
        }
    }
}
