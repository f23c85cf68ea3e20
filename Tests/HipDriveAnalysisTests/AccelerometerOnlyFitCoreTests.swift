import Foundation
import Testing
import HipDriveRecordings
@testable import HipDriveAnalysis

/// The numeric core of the accelerometer-only fits (AccelerometerOnlyFitCore.swift,
/// AccelerometerOnlyFitProblems.swift): the closed-form start grid must give the direct pivot
/// solve's costs, and the bell-attitude fit's analytic Jacobian must be the derivative of its
/// residuals. (The pendulum fit against the per-row implementation it replaced: CoarseFitStepsTests.)
@Suite struct AccelerometerOnlyFitCoreTests {
    /// One synthetic rep (AccelerometerOnlySwingTests.rep) with noise, in the sensor frame.
    /// A noisy rep (`noisyRep`) with its rigid pendulum fit and the spline set-up the fits use on
    /// it: basis, sample times, the rest instants t0 and t1 and the spline's rows there.
    struct FittedRep {
        let force: [Vector3]
        let rigid: PlanarSwingFit
        let spline: UniformCubicSpline
        let basis: SampledSplineBasis
        let times: [Double]
        let t0: Double, t1: Double
        let restRates: [(first: Int, rate: (Double, Double, Double, Double))]
    }

    static func fittedRep(seed: UInt64) throws -> FittedRep {
        let force = noisyRep(seed: seed)
        let count = force.count
        let usable = [Bool](repeating: true, count: count)
        let rigid = try #require(PlanarSwingFit.fit(force: force, dt: 0.01, startOffset: 1.5,
                                                    endOffset: Double(count - 2), usable: usable))
        let duration = Double(count - 1) * 0.01
        let spline = UniformCubicSpline(start: 0, end: duration,
                                        intervals: max(4, Int((duration / PlanarSwingFit.knotSpacingS).rounded())))
        let basis = SampledSplineBasis(spline: spline, sampleCount: count, dt: 0.01)
        let times = (0..<count).map { Double($0) * 0.01 }
        let t0 = 0.015, t1 = Double(count - 2) * 0.01
        let restRates = [t0, t1].map { t in
            let b = spline.flatBasis(at: t)
            return (first: b.first, rate: b.rate)
        }
        return FittedRep(force: force, rigid: rigid, spline: spline, basis: basis, times: times, t0: t0, t1: t1,
                         restRates: restRates)
    }

    static func noisyRep(seed: UInt64, pivotAmplitude: Double = 2, noise: Double = 0.3) -> [Vector3] {
        var swing = AccelerometerOnlySwingTests.rep(pivotAmplitude: pivotAmplitude)
        var generator = SplitMix(seed: seed)
        for i in swing.force.indices {
            swing.force[i] = swing.force[i] + Vector3(generator.gaussian(), generator.gaussian(), generator.gaussian()) * noise
        }
        return swing.force
    }

    // The fit against this per-row reference (`ReferencePlanarSwingFit`): CoarseFitStepsTests
    // (its steps are taken on every other sample, so it lands within a tolerance, not on the bits).

    @Test func startingGridMatchesTheDirectPivotSolve() throws {
        // The closed-form grid costs are the direct least-squares costs of `solvePivot`.
        let force = Self.noisyRep(seed: 5)
        let count = force.count
        let forceX = force.map(\.x), forceY = force.map(\.z)
        let times = (0..<count).map { Double($0) * 0.01 }
        let used = Array(0..<count)
        let t0 = 0.0, w = 2 * Double.pi / times[count - 1]
        let candidates = PlanarSwingFit.startingSwings(forceX: forceX, forceY: forceY, times: times, t0: t0,
                                                       frequency: w, samples: used)
        #expect(candidates.count == 36 * 14)
        let planar = (0..<count).map { (forceX[$0], forceY[$0]) }
        for candidate in candidates.prefix(5) + candidates.suffix(3) {
            let phi = times.map { candidate.c - candidate.amplitude * cos(w * ($0 - t0)) }
            let rate = times.map { candidate.amplitude * w * sin(w * ($0 - t0)) }
            let acceleration = times.map { candidate.amplitude * w * w * cos(w * ($0 - t0)) }
            let (_, cost) = try #require(PlanarSwingFit.solvePivot(planar: planar, phi: phi, rate: rate,
                                                                   acceleration: acceleration, samples: used))
            #expect(abs(cost - candidate.cost) < 1e-8 * max(1, cost), "grid \(candidate.cost) vs direct \(cost)")
        }
    }

    @Test func bellAttitudeJacobianIsTheResidualsDerivative() throws {
        // JᵀJ and Jᵀr from the analytic rows against central differences of the residual vector,
        // at the rigid fit's start and at a point moved off it.
        let rep = try Self.fittedRep(seed: 9)
        let (force, count, rigid, basis, times, t0, t1, restRates) =
            (rep.force, rep.force.count, rep.rigid, rep.basis, rep.times, rep.t0, rep.t1, rep.restRates)
        let offset = atan2(rigid.pivot.1, rigid.pivot.0)
        var problem = SwingPathProblem(basis: basis, forceX: force.map { $0.dot(rigid.e1) }, forceY: force.map { $0.dot(rigid.e2) },
                                       used: Array(0..<count),
                                       weights: PlanarSwingFit.trapezoidWeights(times: times, from: t0, to: t1),
                                       restWeight: 5, priorForce: SwingPathFit.priorForcePerRad, offset: offset,
                                       restRates: restRates)
        let k = basis.coefficientCount, n = problem.unknownCount
        let beta = try #require(basis.leastSquares(values: rigid.upAngle))
        let theta = try #require(basis.leastSquares(values: rigid.upAngle.map { $0 - offset }))
        let radius = (rigid.pivot.0 * rigid.pivot.0 + rigid.pivot.1 * rigid.pivot.1).squareRoot()
        var generator = SplitMix(seed: 1)
        let start = theta + beta + [radius]
        let moved = start.enumerated().map { $0.offset < 2 * k ? $0.element + 0.05 * generator.gaussian() : $0.element * 1.2 }
        for x in [start, moved] {
            _ = problem.trialCost(x)
            problem.acceptTrial()
            let residuals = problem.current.residual
            let (normal, gradient) = DampedLeastSquares.normalEquations(of: problem)
            // Numerical J = ∂model/∂x = −∂r/∂x, by central differences.
            var columns: [[Double]] = []
            for j in 0..<n {
                let h = 1e-6 * max(1, abs(x[j]))
                var plus = x, minus = x
                plus[j] += h; minus[j] -= h
                _ = problem.trialCost(plus)
                let rPlus = problem.trial.residual
                _ = problem.trialCost(minus)
                let rMinus = problem.trial.residual
                columns.append(zip(rPlus, rMinus).map { -($0 - $1) / (2 * h) })
            }
            var gradientError = 0.0, gradientScale = 0.0, normalError = 0.0, normalScale = 0.0
            for a in 0..<n {
                let g = zip(columns[a], residuals).reduce(0) { $0 + $1.0 * $1.1 }
                gradientError = max(gradientError, abs(g - gradient[a]))
                gradientScale = max(gradientScale, abs(g))
                for b in 0..<n {
                    let value = zip(columns[a], columns[b]).reduce(0) { $0 + $1.0 * $1.1 }
                    normalError = max(normalError, abs(value - normal[a * n + b]))
                    normalScale = max(normalScale, abs(value))
                }
            }
            #expect(gradientError < 1e-5 * gradientScale, "Jᵀr: \(gradientError) against \(gradientScale)")
            #expect(normalError < 1e-5 * normalScale, "JᵀJ: \(normalError) against \(normalScale)")
        }
    }
}

/// The pendulum fit as it was before the rewrite (per-row Jacobian arrays, a closure per
/// residual evaluation), kept as the reference the fast one must reproduce.
enum ReferencePlanarSwingFit {
    static func fit(force: [Vector3], dt: Double, startOffset: Double, endOffset: Double,
                    usable: [Bool], atRest: Bool = true) -> PlanarSwingFit? {
        let count = force.count
        guard count >= 12, endOffset > startOffset else { return nil }
        let g = standardGravity
        // The plane: the arm's axis is the direction along which the force varies least.
        guard let axes = PlanarSwingFit.principalAxes(force) else { return nil }
        let n = axes.smallest
        var e1 = axes.largest
        e1 = (e1 - n * n.dot(e1)).normalized
        let e2 = n.cross(e1)
        let planar = force.map { (($0.dot(e1)), ($0.dot(e2))) }

        // Time axis: seconds from the first sample; the spline spans all samples.
        let duration = Double(count - 1) * dt
        let intervals = max(4, Int((duration / PlanarSwingFit.knotSpacingS).rounded()))
        let spline = UniformCubicSpline(start: 0, end: duration, intervals: intervals)
        let times = (0..<count).map { Double($0) * dt }
        let basis = times.map { spline.basis(at: $0) }
        let t0 = startOffset * dt, t1 = endOffset * dt

        // Trapezoid weights of the rep interval [t0, t1] on the samples (for ∫ … dt).
        let weights = PlanarSwingFit.trapezoidWeights(times: times, from: t0, to: t1)
        let used = (0..<count).filter { usable[$0] }
        guard used.count >= 10 else { return nil }

        // Starts: one-cycle swings φ = c − A cos(2π τ), τ from turnaround to end, on a grid of
        // offsets c and amplitudes A (either sense of rotation); p by linear least squares for each.
        // The best few distinct ones are refined and the lowest final cost wins: a single start
        // can settle in a shallow swing with an implausibly long arm.
        let w = 2 * Double.pi / (t1 - t0)
        var candidates: [(cost: Double, c: Double, amplitude: Double)] = []
        for ci in 0..<36 {
            let c = Double(ci) * 10 * Double.pi / 180
            for amplitudeDeg in stride(from: -160.0, through: 160.0, by: 20.0) where abs(amplitudeDeg) >= 40 {
                let amplitude = amplitudeDeg * Double.pi / 180
                let phi = times.map { c - amplitude * cos(w * ($0 - t0)) }
                let rate = times.map { amplitude * w * sin(w * ($0 - t0)) }
                let acceleration = times.map { amplitude * w * w * cos(w * ($0 - t0)) }
                guard let (_, cost) = PlanarSwingFit.solvePivot(planar: planar, phi: phi, rate: rate, acceleration: acceleration,
                                                 samples: used) else { continue }
                candidates.append((cost, c, amplitude))
            }
        }
        candidates.sort { $0.cost < $1.cost }
        var starts: [(c: Double, amplitude: Double)] = []
        for candidate in candidates where starts.count < PlanarSwingFit.startCount {
            let distinct = starts.allSatisfy { other in
                abs(other.amplitude - candidate.amplitude) >= 0.5
                    || abs(remainder(other.c - candidate.c, 2 * Double.pi)) >= 0.6
            }
            if distinct { starts.append((candidate.c, candidate.amplitude)) }
        }

        // Weights of the constraint rows. The rest at both turnarounds fixes the velocity change
        // over the rep (m/s); a constant acceleration error b over the rep changes it by b·T and
        // costs b²·N in the pointwise rows, so √N / T makes the two agree. The arm's rate at the
        // turnarounds (rad/s) is weighed as the sensor's speed |p|·φ̇ the same way.
        let repDuration = t1 - t0
        let zuptWeight = Double(used.count).squareRoot() / repDuration
        // The bell also comes back to where it turned around (the stance does not move; a few cm
        // against 1–2 m of travel): ∫∫ a dt² ≈ 0 over the rep. A constant bias b shifts that by
        // b·T²/2, so the weight √N·2/T² prices it like the velocity row. As a weighted integral of
        // the acceleration: ∫₀ᵀ (T − t) a dt, i.e. each sample's weight times the weight after it.
        let closureWeight = 2 * Double(used.count).squareRoot() / (repDuration * repDuration)
        var closureWeights = [Double](repeating: 0, count: count)
        var remaining = 0.0
        for i in stride(from: count - 1, through: 0, by: -1) {
            remaining += weights[i]
            closureWeights[i] = weights[i] * (remaining - 0.5 * weights[i])
        }
        let constraints = atRest ? [(weights, zuptWeight), (closureWeights, closureWeight)] : []
        let unknowns = spline.count + 2
        var bestFit: (cost: Double, coefficients: [Double], pivot: (Double, Double), residuals: [Double])?

        func residuals(_ coefficients: [Double], _ p: (Double, Double)) -> [Double] {
            let d = spline.evaluate(coefficients, basis: basis)
            var r: [Double] = []
            r.reserveCapacity(2 * used.count + 6)
            for i in used {
                let s = d.rate[i], a = d.acceleration[i], phi = d.value[i]
                r.append(planar[i].0 - (s * s * p.0 - a * p.1 + g * cos(phi)))
                r.append(planar[i].1 - (s * s * p.1 + a * p.0 + g * sin(phi)))
            }
            for (weights, factor) in constraints {
                var up = 0.0, across = 0.0
                for i in 0..<count where weights[i] > 0 {
                    let c = cos(d.value[i]), s = sin(d.value[i])
                    up += weights[i] * (planar[i].0 * c + planar[i].1 * s - g)
                    across += weights[i] * (-planar[i].0 * s + planar[i].1 * c)
                }
                r.append(factor * up)
                r.append(factor * across)
            }
            let radius = (p.0 * p.0 + p.1 * p.1).squareRoot()
            if atRest {
                r.append(zuptWeight * radius * spline.derivative(coefficients, at: t0))
                r.append(zuptWeight * radius * spline.derivative(coefficients, at: t1))
            }
            return r
        }

        func jacobian(_ coefficients: [Double], _ p: (Double, Double)) -> [[Double]] {
            // Rows: ∂(model)/∂x, the sign opposite to the residuals' (r = data − model).
            let d = spline.evaluate(coefficients, basis: basis)
            var rows: [[Double]] = []
            rows.reserveCapacity(2 * used.count + 6)
            for i in used {
                let s = d.rate[i], a = d.acceleration[i], phi = d.value[i]
                var rowX = [Double](repeating: 0, count: unknowns)
                var rowY = [Double](repeating: 0, count: unknowns)
                let b = basis[i]
                for (k, value) in zip(b.indices, zip(b.value, zip(b.rate, b.acceleration))) {
                    let (bv, (br, ba)) = value
                    // m = s² p + a J p + g u(φ);  J p = (−p.1, p.0);  du/dφ = (−sin φ, cos φ)
                    rowX[k] = 2 * s * br * p.0 - ba * p.1 - g * sin(phi) * bv
                    rowY[k] = 2 * s * br * p.1 + ba * p.0 + g * cos(phi) * bv
                }
                rowX[spline.count] = s * s; rowX[spline.count + 1] = -a
                rowY[spline.count] = a; rowY[spline.count + 1] = s * s
                rows.append(rowX); rows.append(rowY)
            }
            for (weights, factor) in constraints {
                var rowUp = [Double](repeating: 0, count: unknowns)
                var rowAcross = [Double](repeating: 0, count: unknowns)
                for i in 0..<count where weights[i] > 0 {
                    let c = cos(d.value[i]), s = sin(d.value[i])
                    let fu = planar[i].0 * c + planar[i].1 * s
                    let fw = -planar[i].0 * s + planar[i].1 * c
                    let b = basis[i]
                    for (k, bv) in zip(b.indices, b.value) {
                        // Constraint rows are "model" rows too: residual = 0 − (−constraint).
                        rowUp[k] -= factor * weights[i] * fw * bv
                        rowAcross[k] -= factor * weights[i] * (-fu) * bv
                    }
                }
                rows.append(rowUp); rows.append(rowAcross)
            }
            let radius = (p.0 * p.0 + p.1 * p.1).squareRoot()
            for t in atRest ? [t0, t1] : [] {
                var row = [Double](repeating: 0, count: unknowns)
                let b = spline.basis(at: t)
                for (k, br) in zip(b.indices, b.rate) { row[k] = -zuptWeight * radius * br }
                rows.append(row)
            }
            return rows
        }

        func cost(_ r: [Double]) -> Double { r.reduce(0) { $0 + $1 * $1 } }
        for start in starts {
            let initial = times.map { start.c - start.amplitude * cos(w * ($0 - t0)) }
            guard var coefficients = spline.leastSquares(values: initial, basis: basis) else { continue }
            let initialDerivatives = spline.evaluate(coefficients, basis: basis)
            guard var (p, _) = PlanarSwingFit.solvePivot(planar: planar, phi: initialDerivatives.value, rate: initialDerivatives.rate,
                                          acceleration: initialDerivatives.acceleration, samples: used) else { continue }
            var r = residuals(coefficients, p)
            var currentCost = cost(r)
            var damping = 1e-3
            for _ in 0..<40 {
                let rows = jacobian(coefficients, p)
                var normal = [[Double]](repeating: [Double](repeating: 0, count: unknowns), count: unknowns)
                var gradient = [Double](repeating: 0, count: unknowns)
                for (row, residual) in zip(rows, r) {
                    let nonzero = row.indices.filter { row[$0] != 0 }
                    for a in nonzero {
                        gradient[a] += row[a] * residual
                        for b in nonzero { normal[a][b] += row[a] * row[b] }
                    }
                }
                let n = spline.count
                guard let accepted = PlanarSwingFit.dampedStep(normal: normal, gradient: gradient, from: coefficients + [p.0, p.1],
                                                     cost: currentCost, damping: &damping,
                                                     residuals: { residuals(Array($0[0..<n]), ($0[n], $0[n + 1])) })
                else { break }
                let converged = (currentCost - accepted.cost) < 1e-6 * currentCost
                coefficients = Array(accepted.x[0..<n]); p = (accepted.x[n], accepted.x[n + 1])
                r = accepted.residuals; currentCost = accepted.cost
                if converged { break }
            }
            if bestFit == nil || currentCost < bestFit!.cost { bestFit = (currentCost, coefficients, p, r) }
        }
        guard let chosen = bestFit else { return nil }
        let coefficients = chosen.coefficients, p = chosen.pivot, r = chosen.residuals
        let d = spline.evaluate(coefficients, basis: basis)
        var squared = 0.0
        for (k, i) in used.enumerated() {
            squared += r[2 * k] * r[2 * k] + r[2 * k + 1] * r[2 * k + 1]
            _ = i
        }
        let rms = (squared / Double(used.count)).squareRoot()
        let inside = (0..<count).filter { times[$0] >= t0 && times[$0] <= t1 }.map { d.value[$0] }
        let turn = (inside.max() ?? 0) - (inside.min() ?? 0)
        return PlanarSwingFit(e1: e1, e2: e2, n: n, upAngle: d.value, upRate: d.rate, pivot: p, residualRMS: rms, turn: turn, driveAxis: n)
    }

}
