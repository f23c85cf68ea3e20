import Foundation
import HipDriveRecordings

// Accelerometer-only swings, second stage: the sensor's path and its attitude fitted separately.
//
// The planar pendulum fit (AccelerometerOnlyKinematics.swift) ties the sensor's attitude to the
// arm: the sensor turns exactly as the arm does. That holds for a sensor on the forearm, not for
// one on the bell: a bell hangs from the grip and turns in it (it flips back behind the legs and
// lines up with the arm on the way up; tens of degrees within every rep). Then the attitude the
// rigid model finds is a compromise between the arm's angle and the bell's, and the world-frame
// acceleration turned by it carries g into the wrong axis.
//
// Here the sensor point moves on a circle about a pivot (arm angle θ(t), radius r: the arm and
// the grip-to-sensor distance as one lever), and the sensor's attitude β(t) (world-up angle in
// the swing plane, as `PlanarSwingFit.upAngle`) is a second smooth function, free of θ:
//     f(t) = Rot(−β) · (a_path(θ, θ̇, θ̈, r) + g ẑ)    (in-plane, sensor frame)
// The magnitude |f| = |a_path + g ẑ| does not depend on the attitude, so it pins θ and r; the
// direction of f then pins β. With β = θ + const it is the rigid model, which is where the fit
// starts; a prior holds the bell in line with the arm (`priorForcePerRad`), so that where |f| is
// small (around the float) and its direction says little, β follows the arm. Without that prior
// the attitude wandered off by 50–80° at the float (tried). The pivot's own acceleration (the shoulder on the hinging torso) is again the residual;
// the rep's world-frame acceleration is the measured specific force turned by β, minus g.

/// One rep's two-angle swing fit.
struct SwingPathFit {
    /// How strongly the bell is held in line with the arm, m/s² per rad of turn in the grip. A
    /// turn costs like a force misfit of g·ρ: the bell leaves the rigid arm line only where the
    /// force it feels says so by more than its own weight would tilt it (at the bottom pass, 2–3 g
    /// along the arm, the data win; around the float, where |f| drops well below 1 g and its
    /// direction says little, the arm line wins).
    static let priorForcePerRad = standardGravity
    /// World-up angle in the swing plane, rad, per sample of the rep (up = cos β e1 + sin β e2).
    var attitude: [Double]
    /// Arm angle from hanging straight down, rad, per sample (sign as the fit chose it).
    var armAngle: [Double]
    var armRate: [Double]
    var armAcceleration: [Double]
    /// Pivot to sensor, m.
    var radius: Double
    /// Root-mean-square residual over the rep's samples, m/s².
    var residualRMS: Double

    /// Refines `rigid` (a rep's planar pendulum fit on the same samples) with the attitude freed
    /// from the arm. `force`, `dt`, offsets and `usable` as for `PlanarSwingFit.fit`.
    static func refine(_ rigid: PlanarSwingFit, force: [Vector3], dt: Double, startOffset: Double,
                       endOffset: Double, usable: [Bool]) -> SwingPathFit? {
        let count = force.count
        let g = standardGravity
        let used = (0..<count).filter { usable[$0] }
        guard used.count >= 10, endOffset > startOffset else { return nil }
        let planar = force.map { ($0.dot(rigid.e1), $0.dot(rigid.e2)) }
        let duration = Double(count - 1) * dt
        let intervals = max(4, Int((duration / PlanarSwingFit.knotSpacingS).rounded()))
        let spline = UniformCubicSpline(start: 0, end: duration, intervals: intervals)
        let times = (0..<count).map { Double($0) * dt }
        let basis = times.map { spline.basis(at: $0) }
        let t0 = startOffset * dt, t1 = endOffset * dt
        let radius0 = (rigid.pivot.0 * rigid.pivot.0 + rigid.pivot.1 * rigid.pivot.1).squareRoot()
        guard radius0 > 0.05 else { return nil }
        let offset = atan2(rigid.pivot.1, rigid.pivot.0)
        guard let betaStart = spline.leastSquares(values: rigid.upAngle, basis: basis),
              let thetaStart = spline.leastSquares(values: rigid.upAngle.map { $0 - offset }, basis: basis)
        else { return nil }

        // Trapezoid weights of [t0, t1] (the rest at both turnarounds: ∫ (R f − g ẑ) dt = 0).
        let weights = PlanarSwingFit.trapezoidWeights(times: times, from: t0, to: t1)
        // Same pricing of the constraint rows as the rigid fit (see there).
        let repDuration = t1 - t0
        let zuptWeight = Double(used.count).squareRoot() / repDuration
        let k = spline.count
        let priorForce = Self.priorForcePerRad
        let unknowns = 2 * k + 1

        func residuals(_ x: [Double]) -> [Double] {
            let theta = spline.evaluate(Array(x[0..<k]), basis: basis)
            let beta = spline.evaluate(Array(x[k..<(2 * k)]), basis: basis)
            let r = x[2 * k]
            var out: [Double] = []
            out.reserveCapacity(2 * used.count + 4)
            for i in used {
                let th = theta.value[i], rate = theta.rate[i], acc = theta.acceleration[i]
                // World specific force of the path point: (across, up).
                let fh = r * (acc * cos(th) - rate * rate * sin(th))
                let fz = r * (acc * sin(th) + rate * rate * cos(th)) + g
                let b = beta.value[i]
                let m1 = fz * cos(b) - fh * sin(b)
                let m2 = fz * sin(b) + fh * cos(b)
                out.append(planar[i].0 - m1)
                out.append(planar[i].1 - m2)
            }
            var up = 0.0, across = 0.0
            for i in 0..<count where weights[i] > 0 {
                let c = cos(beta.value[i]), s = sin(beta.value[i])
                up += weights[i] * (planar[i].0 * c + planar[i].1 * s - g)
                across += weights[i] * (-planar[i].0 * s + planar[i].1 * c)
            }
            out.append(zuptWeight * up)
            out.append(zuptWeight * across)
            // The bell lines up with the arm unless the force says otherwise: a turn ρ = β − θ away
            // from the rigid fit's offset costs like a force misfit of ρ·priorForce.
            for i in used {
                out.append(priorForce * remainder(beta.value[i] - theta.value[i] - offset, 2 * .pi))
            }
            let coefficients = Array(x[0..<k])
            out.append(zuptWeight * r * spline.derivative(coefficients, at: t0))
            out.append(zuptWeight * r * spline.derivative(coefficients, at: t1))
            return out
        }
        func cost(_ r: [Double]) -> Double { r.reduce(0) { $0 + $1 * $1 } }

        var x = thetaStart + betaStart + [radius0]
        var r = residuals(x)
        var currentCost = cost(r)
        var damping = 1e-3
        for _ in 0..<40 {
            // Forward-difference Jacobian of the model (= −∂r/∂x).
            var columns: [[Double]] = []
            columns.reserveCapacity(unknowns)
            for j in 0..<unknowns {
                var shifted = x
                let step = 1e-6 * max(1, abs(x[j]))
                shifted[j] += step
                let rj = residuals(shifted)
                columns.append(zip(r, rj).map { ($0 - $1) / step })
            }
            var normal = [[Double]](repeating: [Double](repeating: 0, count: unknowns), count: unknowns)
            var gradient = [Double](repeating: 0, count: unknowns)
            for a in 0..<unknowns {
                gradient[a] = zip(columns[a], r).reduce(0) { $0 + $1.0 * $1.1 }
                for b in a..<unknowns {
                    let value = zip(columns[a], columns[b]).reduce(0) { $0 + $1.0 * $1.1 }
                    normal[a][b] = value
                    normal[b][a] = value
                }
            }
            guard let accepted = PlanarSwingFit.dampedStep(normal: normal, gradient: gradient, from: x, cost: currentCost,
                                                           damping: &damping, residuals: residuals)
            else { break }
            let converged = (currentCost - accepted.cost) < 1e-6 * currentCost
            x = accepted.x; r = accepted.residuals; currentCost = accepted.cost
            if converged { break }
        }
        let theta = spline.evaluate(Array(x[0..<k]), basis: basis)
        let beta = spline.evaluate(Array(x[k..<(2 * k)]), basis: basis)
        var squared = 0.0
        for j in 0..<(2 * used.count) { squared += r[j] * r[j] }
        return SwingPathFit(attitude: beta.value, armAngle: theta.value, armRate: theta.rate,
                            armAcceleration: theta.acceleration, radius: x[2 * k],
                            residualRMS: (squared / Double(used.count)).squareRoot())
    }
}

extension MotionRepFinder {
    /// The rep's two-angle fit on top of its rigid pendulum fit, for a sensor on the bell (a
    /// forearm sensor turns with the arm: the rigid fit is its model); nil when it does not apply.
    func accelerometerOnlySwingPathFit(_ rigid: PlanarSwingFit, samples: ClosedRange<Int>, start: Double,
                                       end: Double) -> SwingPathFit? {
        guard !sensorOnWrist else { return nil }
        let f = trace.specificForce
        guard samples.lowerBound >= 0, samples.upperBound < f.count else { return nil }
        let force = samples.map { f[$0] }
        let clipLevel = clippingLevel()
        let usable = force.map { v in clipLevel.map { level in max(abs(v.x), abs(v.y), abs(v.z)) < level } ?? true }
        guard let path = SwingPathFit.refine(rigid, force: force, dt: 1 / trace.sampleRate,
                                             startOffset: start - Double(samples.lowerBound),
                                             endOffset: end - Double(samples.lowerBound), usable: usable),
              path.attitude.count == rigid.upAngle.count, path.attitude.allSatisfy(\.isFinite)
        else { return nil }
        return path
    }
}
