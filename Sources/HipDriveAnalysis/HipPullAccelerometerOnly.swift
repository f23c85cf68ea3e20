import Foundation
import HipDriveRecordings

// Accelerometer-only hip pulls: the pelvis pitch per rep from the physics of a hinge.
//
// Without a gyroscope the trace's tilt is the low-passed specific force, which lags a pelvis that
// pitches 30–70° and back within two seconds: the tilt error swings ±20–30° over a rep and leaks
// g·sin(error), several m/s², into the "horizontal" acceleration, which is itself only 2–4 m/s²
// (the integrated stroke came out two to three times too long).
//
// Within one rep the hinge says how the sensor turned:
// * The motion is planar: the pelvis pitches about its left–right axis, fixed in the sensor frame
//   and horizontal in the world; the hips travel back and forward in the same plane. That axis
//   n is the direction along which the specific force varies least over the rep.
// * In that plane the world's up direction sits at an angle φ(t) (a cubic B-spline over the rep).
//   The sensor is a point of the pelvis at a fixed lever p from the hip joint (sensor frame), so
//       f = φ̇² p + φ̈ J p + g u(φ) + Rᵀ a_hip,     u(φ) = (cos φ, sin φ), J = 90° turn about n
//   (the same rigid-body relation as the accelerometer-only swing fit, with the hip joint as the
//   moving pivot). The hips travel back and drive forward (analysis.md): their acceleration is
//   horizontal, a_hip·ẑ ≈ 0, while its horizontal size is free. So only the vertical component
//   constrains φ and p, one equation per sample:
//       u(φ)·(f − φ̇² p − φ̈ J p) = g.
//   Where the hips' horizontal acceleration is small that equation hardly fixes φ (its slope in φ
//   is the horizontal specific force); the spline's smoothness carries φ across such instants.
// * The hips (and the sensor) are at rest at both turnarounds: ∫(R f − g ẑ) dt = 0 over the rep;
//   the pelvis stops turning there (φ̇ = 0); and the hips come back to where they turned around
//   (∫∫ a dt² ≈ 0).
// φ and p are fitted by damped Gauss–Newton, started from the best of a grid of one-cycle pitch
// swings. The hip joint's horizontal acceleration is then w(φ)·(f − φ̇² p − φ̈ J p), w the
// in-plane horizontal, with no lowpass anywhere.
//
// NOT WIRED (RepOrientation.swift does not call it): measured through the validator it brought
// accelerometer-only hip-pull mean drive power from 103 % / 72 % (seeds 1 / 2) to 21 % / 30 %,
// but lost reps (exact counts 91 → 55 % and 100 → 80 % of sets), and the fitted pitch swings
// 55–95° where the simulated pelvis turns 50°: the vertical equation alone is ill-conditioned
// (where |f| ≈ g the horizontal acceleration is ±√(|f|² − g²), so a 0.1 m/s² accelerometer bias
// reads as 1.4 m/s² of hip acceleration). It needs a stronger model of the hinge (the pelvis
// pitch coupled to the hips' travel) before it can be used; see /work/notes/hip2.md.
struct HipPullTiltFit {
    /// Sensor-frame unit vectors: e1, e2 span the pitch plane, n = e1 × e2 the pitch axis.
    var e1: Vector3
    var e2: Vector3
    var n: Vector3
    /// World-up angle in the plane per sample, rad, with its first and second derivatives.
    var upAngle: [Double]
    var upRate: [Double]
    var upAcceleration: [Double]
    /// Lever from the sensor to the hip joint in the plane (e1, e2 components), m.
    var lever: (Double, Double)
    /// Root-mean-square of the vertical equation's residual, m/s² (the hips' own vertical
    /// acceleration and what the model leaves out).
    var residualRMS: Double
    /// Range of φ between the rep's turnaround and end, rad.
    var turn: Double

    /// The hips' vertical acceleration in a hip pull stays within ~1 m/s² (they drop a few cm
    /// as the knees unlock); more than 0.2 g of residual means the model does not describe
    /// the motion.
    static let maximumResidualRMS = 0.2 * standardGravity
    /// A hip pull pitches the pelvis by 20–70°; under 8° the fit has nothing to turn.
    static let minimumTurn = 8 * Double.pi / 180
    /// Knots every 0.2 s: a rep is one smooth back-and-forth of 2–3 s; the explosive drive lasts
    /// 0.5–0.9 s, which 0.2 s pieces follow.
    static let knotSpacingS = 0.2
    /// A lever longer than this (m) is not a belt or the hands at the groin; the prior row keeps
    /// the fit from trading pitch for an implausible lever.
    static let typicalLeverM = 0.25

    var isHingeLike: Bool { residualRMS <= Self.maximumResidualRMS && turn >= Self.minimumTurn }

    static func fit(force: [Vector3], dt: Double, startOffset: Double, endOffset: Double,
                    usable: [Bool]) -> HipPullTiltFit? {
        let count = force.count
        guard count >= 12, endOffset > startOffset else { return nil }
        let g = standardGravity
        guard let axes = PlanarSwingFit.principalAxes(force) else { return nil }
        let n = axes.smallest
        let e1 = (axes.largest - n * n.dot(axes.largest)).normalized
        let e2 = n.cross(e1)
        let planar = force.map { ($0.dot(e1), $0.dot(e2)) }

        let duration = Double(count - 1) * dt
        let intervals = max(4, Int((duration / knotSpacingS).rounded()))
        let spline = UniformCubicSpline(start: 0, end: duration, intervals: intervals)
        let times = (0..<count).map { Double($0) * dt }
        let basis = times.map { spline.basis(at: $0) }
        let t0 = startOffset * dt, t1 = endOffset * dt
        var weights = [Double](repeating: 0, count: count)
        for i in 0..<(count - 1) {
            let a = max(times[i], t0), b = min(times[i + 1], t1)
            guard b > a else { continue }
            let h = times[i + 1] - times[i]
            let wa = (b - a) * (1 - ((a + b) / 2 - times[i]) / h)
            weights[i] += wa
            weights[i + 1] += (b - a) - wa
        }
        let used = (0..<count).filter { usable[$0] }
        guard used.count >= 10 else { return nil }
        let repDuration = t1 - t0
        // Constraint weights as in the swing fit (PlanarSwingFit): a constant acceleration error
        // b over the rep costs b²·N in the pointwise rows and b·T in the rest rows.
        let zuptWeight = Double(used.count).squareRoot() / repDuration
        let closureWeight = 2 * Double(used.count).squareRoot() / (repDuration * repDuration)
        var closureWeights = [Double](repeating: 0, count: count)
        var remaining = 0.0
        for i in stride(from: count - 1, through: 0, by: -1) {
            remaining += weights[i]
            closureWeights[i] = weights[i] * (remaining - 0.5 * weights[i])
        }
        // The pelvis's rate at the turnarounds (rad/s), priced as the speed of a point a typical
        // lever away.
        let rateWeight = zuptWeight * typicalLeverM
        // Lever prior: p costs as if it left |p|/typicalLever·1 m/s² in every row.
        let leverPrior = Double(used.count).squareRoot() / typicalLeverM
        let unknowns = spline.count + 2

        func residuals(_ coefficients: [Double], _ p: (Double, Double)) -> [Double] {
            let d = spline.evaluate(coefficients, basis: basis)
            var r: [Double] = []
            r.reserveCapacity(used.count + 8)
            for i in used {
                let c = cos(d.value[i]), s = sin(d.value[i]), w = d.rate[i], a = d.acceleration[i]
                let up = planar[i].0 * c + planar[i].1 * s
                let upLever = p.0 * c + p.1 * s
                let upTurned = -p.1 * c + p.0 * s
                r.append(up - w * w * upLever - a * upTurned - g)
            }
            for (rowWeights, factor) in [(weights, zuptWeight), (closureWeights, closureWeight)] {
                var up = 0.0, across = 0.0
                for i in 0..<count where rowWeights[i] > 0 {
                    let c = cos(d.value[i]), s = sin(d.value[i])
                    up += rowWeights[i] * (planar[i].0 * c + planar[i].1 * s - g)
                    across += rowWeights[i] * (-planar[i].0 * s + planar[i].1 * c)
                }
                r.append(factor * up)
                r.append(factor * across)
            }
            r.append(rateWeight * spline.derivative(coefficients, at: t0))
            r.append(rateWeight * spline.derivative(coefficients, at: t1))
            r.append(leverPrior * p.0)
            r.append(leverPrior * p.1)
            return r
        }

        // Rows ∂r/∂x (numerically exact for the model; the solver takes r ≈ r₀ + J·δ).
        func jacobian(_ coefficients: [Double], _ p: (Double, Double)) -> [[Double]] {
            let d = spline.evaluate(coefficients, basis: basis)
            var rows: [[Double]] = []
            rows.reserveCapacity(used.count + 8)
            for i in used {
                let c = cos(d.value[i]), s = sin(d.value[i]), w = d.rate[i], a = d.acceleration[i]
                let upLever = p.0 * c + p.1 * s, upTurned = -p.1 * c + p.0 * s
                let dValue = (-planar[i].0 * s + planar[i].1 * c) - w * w * (-p.0 * s + p.1 * c) - a * (p.1 * s + p.0 * c)
                let dRate = -2 * w * upLever
                let dAcceleration = -upTurned
                var row = [Double](repeating: 0, count: unknowns)
                let b = basis[i]
                for j in 0..<4 {
                    row[b.indices[j]] += dValue * b.value[j] + dRate * b.rate[j] + dAcceleration * b.acceleration[j]
                }
                row[spline.count] = -w * w * c - a * s
                row[spline.count + 1] = -w * w * s + a * c
                rows.append(row)
            }
            for (rowWeights, factor) in [(weights, zuptWeight), (closureWeights, closureWeight)] {
                var rowUp = [Double](repeating: 0, count: unknowns)
                var rowAcross = [Double](repeating: 0, count: unknowns)
                for i in 0..<count where rowWeights[i] > 0 {
                    let c = cos(d.value[i]), s = sin(d.value[i])
                    let fu = planar[i].0 * c + planar[i].1 * s
                    let fw = -planar[i].0 * s + planar[i].1 * c
                    let b = basis[i]
                    for j in 0..<4 {
                        rowUp[b.indices[j]] += factor * rowWeights[i] * fw * b.value[j]
                        rowAcross[b.indices[j]] += factor * rowWeights[i] * (-fu) * b.value[j]
                    }
                }
                rows.append(rowUp)
                rows.append(rowAcross)
            }
            for t in [t0, t1] {
                var row = [Double](repeating: 0, count: unknowns)
                let b = spline.basis(at: t)
                for j in 0..<4 { row[b.indices[j]] = rateWeight * b.rate[j] }
                rows.append(row)
            }
            var rowP1 = [Double](repeating: 0, count: unknowns), rowP2 = rowP1
            rowP1[spline.count] = leverPrior
            rowP2[spline.count + 1] = leverPrior
            rows.append(rowP1)
            rows.append(rowP2)
            return rows
        }
        func cost(_ r: [Double]) -> Double { r.reduce(0) { $0 + $1 * $1 } }

        // Starts: one-cycle pitch swings φ = c − A cos(2π τ) (the pelvis furthest from upright at
        // the turnarounds), offsets every 10°, half-swings 5–40° either way, lever 0.
        let omega = 2 * Double.pi / repDuration
        var candidates: [(cost: Double, coefficients: [Double])] = []
        for ci in 0..<36 {
            let c = Double(ci) * 10 * Double.pi / 180
            for amplitudeDeg in [-40.0, -30, -20, -12, -5, 5, 12, 20, 30, 40] {
                let amplitude = amplitudeDeg * Double.pi / 180
                let values = times.map { c - amplitude * cos(omega * ($0 - t0)) }
                guard let coefficients = spline.leastSquares(values: values, basis: basis) else { continue }
                candidates.append((cost(residuals(coefficients, (0, 0))), coefficients))
            }
        }
        candidates.sort { $0.cost < $1.cost }
        var best: (cost: Double, coefficients: [Double], lever: (Double, Double))?
        for start in candidates.prefix(4) {
            var coefficients = start.coefficients
            var p = (0.0, 0.0)
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
                        gradient[a] -= row[a] * residual
                        for b in nonzero { normal[a][b] += row[a] * row[b] }
                    }
                }
                var improved = false, converged = false
                for _ in 0..<8 {
                    var system = normal
                    for k in 0..<unknowns { system[k][k] += damping * max(normal[k][k], 1e-9) }
                    guard let step = PlanarSwingFit.solveSymmetric(system, gradient) else { damping *= 10; continue }
                    let trialCoefficients = (0..<spline.count).map { coefficients[$0] + step[$0] }
                    let trialLever = (p.0 + step[spline.count], p.1 + step[spline.count + 1])
                    let trial = residuals(trialCoefficients, trialLever)
                    let trialCost = cost(trial)
                    if trialCost < currentCost {
                        converged = (currentCost - trialCost) < 1e-7 * currentCost
                        coefficients = trialCoefficients; p = trialLever; r = trial; currentCost = trialCost
                        damping = max(damping / 3, 1e-7)
                        improved = true
                        break
                    }
                    damping *= 10
                }
                if !improved || converged { break }
            }
            if best == nil || currentCost < best!.cost { best = (currentCost, coefficients, p) }
        }
        guard let chosen = best else { return nil }
        let d = spline.evaluate(chosen.coefficients, basis: basis)
        let r = residuals(chosen.coefficients, chosen.lever)
        let squared = r.prefix(used.count).reduce(0) { $0 + $1 * $1 }
        let rms = (squared / Double(used.count)).squareRoot()
        let inside = (0..<count).filter { times[$0] >= t0 && times[$0] <= t1 }.map { d.value[$0] }
        let turn = (inside.max() ?? 0) - (inside.min() ?? 0)
        return HipPullTiltFit(e1: e1, e2: e2, n: n, upAngle: d.value, upRate: d.rate, upAcceleration: d.acceleration,
                              lever: chosen.lever, residualRMS: rms, turn: turn)
    }
}

extension MotionRepFinder {
    /// Accelerometer-only hip pull: the hip joint's world-frame acceleration over `samples`
    /// from the rep's hinge fit (see the top of this file), in the trace's heading; nil (keep the
    /// trace's low-pass tilt) when the fit does not hold.
    func accelerometerOnlyHipPullWorldAcceleration(samples: ClosedRange<Int>, start: Double, end: Double) -> Axes? {
        guard exercise == .hipPull, trace.orientationMethod == .accelerometerOnly, trace.angularVelocity == nil else { return nil }
        let f = trace.specificForce
        guard samples.lowerBound >= 0, samples.upperBound < f.count else { return nil }
        let force = samples.map { f[$0] }
        let clipLevel = clippingLevel()
        let usable = force.map { v in clipLevel.map { level in max(abs(v.x), abs(v.y), abs(v.z)) < level } ?? true }
        guard let fit = HipPullTiltFit.fit(force: force, dt: 1 / trace.sampleRate,
                                           startOffset: start - Double(samples.lowerBound),
                                           endOffset: end - Double(samples.lowerBound), usable: usable)
        else { return nil }
        if Self.debug {
            print("hip-pull tilt fit", start / trace.sampleRate, "residual", fit.residualRMS, "turn", fit.turn * 180 / .pi,
                  "lever", fit.lever)
        }
        guard fit.isHingeLike else { return nil }
        let g = standardGravity
        let p = fit.lever
        var up = [Double](), across = [Double](), axial = [Double]()
        for (k, i) in samples.enumerated() {
            let v = f[i]
            let f1 = v.dot(fit.e1), f2 = v.dot(fit.e2)
            let c = cos(fit.upAngle[k]), s = sin(fit.upAngle[k])
            let w = fit.upRate[k], a = fit.upAcceleration[k]
            // The lever's share, φ̇² p + φ̈ J p, removed: the hip joint's acceleration.
            let l1 = w * w * p.0 - a * p.1, l2 = w * w * p.1 + a * p.0
            up.append((f1 - l1) * c + (f2 - l2) * s - g)
            across.append(-(f1 - l1) * s + (f2 - l2) * c)
            axial.append(v.dot(fit.n))
        }
        // Heading: the horizontal direction the trace's own linear acceleration points along over
        // the rep (as for accelerometer-only swings), so the run's forward axis projects it.
        let traceLinear = trace.linearAcceleration
        var dx = 0.0, dy = 0.0
        for (k, i) in samples.enumerated() {
            dx += traceLinear.x[i] * across[k]
            dy += traceLinear.y[i] * across[k]
        }
        let length = (dx * dx + dy * dy).squareRoot()
        guard length > 0 else { return nil }
        let fx = dx / length, fy = dy / length
        var world = Axes(count: samples.count)
        for k in 0..<samples.count {
            world.x[k] = across[k] * fx - axial[k] * fy
            world.y[k] = across[k] * fy + axial[k] * fx
            world.z[k] = up[k]
        }
        return world
    }
}
