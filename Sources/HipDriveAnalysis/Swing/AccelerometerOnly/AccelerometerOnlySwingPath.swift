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
        let used = (0..<count).filter { usable[$0] }
        guard used.count >= 10, endOffset > startOffset else { return nil }
        let forceX = force.map { $0.dot(rigid.e1) }, forceY = force.map { $0.dot(rigid.e2) }
        let duration = Double(count - 1) * dt
        let intervals = max(4, Int((duration / PlanarSwingFit.knotSpacingS).rounded()))
        let spline = UniformCubicSpline(start: 0, end: duration, intervals: intervals)
        let times = (0..<count).map { Double($0) * dt }
        let basis = SampledSplineBasis(spline: spline, sampleCount: count, dt: dt)
        let t0 = startOffset * dt, t1 = endOffset * dt
        let radius0 = (rigid.pivot.0 * rigid.pivot.0 + rigid.pivot.1 * rigid.pivot.1).squareRoot()
        guard radius0 > 0.05 else { return nil }
        let offset = atan2(rigid.pivot.1, rigid.pivot.0)
        guard rigid.upAngle.count == count, let betaStart = basis.leastSquares(values: rigid.upAngle),
              let thetaStart = basis.leastSquares(values: rigid.upAngle.map { $0 - offset })
        else { return nil }

        // Trapezoid weights of [t0, t1] (the rest at both turnarounds: ∫ (R f − g ẑ) dt = 0).
        let weights = PlanarSwingFit.trapezoidWeights(times: times, from: t0, to: t1)
        // Same pricing of the constraint rows as the rigid fit (see there).
        let repDuration = t1 - t0
        let zuptWeight = Double(used.count).squareRoot() / repDuration
        let k = spline.count
        let restRates: [(first: Int, rate: (Double, Double, Double, Double))] = [t0, t1].map { t in
            let b = spline.flatBasis(at: t)
            return (first: b.first, rate: b.rate)
        }
        var problem = SwingPathProblem(basis: basis, forceX: forceX, forceY: forceY, used: used, weights: weights,
                                       restWeight: zuptWeight, priorForce: Self.priorForcePerRad, offset: offset,
                                       restRates: restRates)
        var x = thetaStart + betaStart + [radius0]
        var currentCost = problem.trialCost(x)
        problem.acceptTrial()
        // Analytic Jacobian (AccelerometerOnlyFitProblems.swift); it was a forward difference, one
        // full residual evaluation per unknown and iteration, most of the accelerometer-only time.
        DampedLeastSquares.minimize(&problem, x: &x, cost: &currentCost)
        let state = problem.current
        return SwingPathFit(attitude: state.beta, armAngle: state.theta, armRate: state.thetaRate,
                            armAcceleration: state.thetaAcceleration, radius: x[2 * k],
                            residualRMS: (state.pointwiseSquares / Double(used.count)).squareRoot())
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
        let usable = Self.unclipped(force, below: clipLevel)
        guard let path = SwingPathFit.refine(rigid, force: force, dt: 1 / trace.sampleRate,
                                             startOffset: start - Double(samples.lowerBound),
                                             endOffset: end - Double(samples.lowerBound), usable: usable),
              path.attitude.count == rigid.upAngle.count, path.attitude.allSatisfy(\.isFinite)
        else { return nil }
        return path
    }
}
