import Foundation

// The two per-rep accelerometer-only fits as least-squares problems for `DampedLeastSquares`
// (AccelerometerOnlyFitCore.swift): the rigid planar pendulum (`PlanarSwingFit.fit`, the model is
// described at the top of AccelerometerOnlyKinematics.swift) and the bell's attitude freed from
// the arm (`SwingPathFit.refine`, AccelerometerOnlySwingPath.swift). Both keep, at their current
// point, the spline values and the sine and cosine of every sample's angle from the cost
// evaluation that accepted it, so that JᵀJ is formed from them without one more trigonometric
// call and without materialising J: each pointwise row touches only its sample's four spline
// coefficients (and the pivot or radius), so its outer product is added into the dense normal
// matrix directly.

/// The rigid planar pendulum fit of one rep: unknowns are the up angle's spline coefficients
/// φ(t) and the sensor-to-pivot vector p (two in-plane components). Rows, in order: per usable
/// sample the in-plane force misfit (two rows), per constraint (velocity and position closure
/// over the rep) the up and across sums, and with the turnarounds known the arm's rate there.
struct RigidSwingProblem: DampedLeastSquaresProblem {
    let basis: SampledSplineBasis
    /// In-plane specific force per sample, m/s².
    let forceX: [Double]
    let forceY: [Double]
    /// Samples trusted pointwise.
    let used: [Int]
    /// (per-sample weights, row factor) of each integral constraint; samples with zero weight are skipped.
    let constraints: [(weights: [Double], factor: Double)]
    /// Rate rows at the rep's two turnarounds: the spline's rate basis there, weighted.
    let restRates: [(first: Int, rate: (Double, Double, Double, Double))]
    let restWeight: Double
    let unknownCount: Int

    /// The current (accepted) point's state, and the trial's.
    var current = RigidSwingState()
    var trial = RigidSwingState()

    init(basis: SampledSplineBasis, forceX: [Double], forceY: [Double], used: [Int],
         constraints: [(weights: [Double], factor: Double)], restRates: [(first: Int, rate: (Double, Double, Double, Double))],
         restWeight: Double) {
        self.basis = basis
        self.forceX = forceX
        self.forceY = forceY
        self.used = used
        self.constraints = constraints
        self.restRates = restRates
        self.restWeight = restWeight
        unknownCount = basis.coefficientCount + 2
        current = RigidSwingState(sampleCount: basis.sampleCount, usedCount: used.count, constraintRows: 2 * constraints.count,
                                  restRows: restRates.count)
        trial = current
    }

    /// Evaluates the cost at `x` = (coefficients…, p.0, p.1) into `trial`, in the row order and
    /// with the expressions of the original per-row code (the sums come out the same).
    mutating func trialCost(_ x: [Double]) -> Double {
        Self.evaluate(x, into: &trial, basis: basis, forceX: forceX, forceY: forceY, used: used,
                      constraints: constraints, restRates: restRates, restWeight: restWeight)
    }

    mutating func acceptTrial() { swap(&current, &trial) }

    static func evaluate(_ x: [Double], into state: inout RigidSwingState, basis: SampledSplineBasis, forceX: [Double],
                         forceY: [Double], used: [Int], constraints: [(weights: [Double], factor: Double)],
                         restRates: [(first: Int, rate: (Double, Double, Double, Double))], restWeight: Double) -> Double {
        let g = standardGravity
        let k = basis.coefficientCount
        let p0 = x[k], p1 = x[k + 1]
        state.pivot = (p0, p1)
        basis.evaluate(x, value: &state.value, rate: &state.rate, acceleration: &state.acceleration)
        // libm's sincos: the same bits as cos and sin, one range reduction (SignalMath.sineCosine).
        let sincos = SignalMath.sineCosineFunction
        for i in 0..<basis.sampleCount {
            (state.sine[i], state.cosine[i]) = SignalMath.sineCosine(state.value[i], using: sincos)
        }
        var cost = 0.0, pointwise = 0.0
        for (row, i) in used.enumerated() {
            let s = state.rate[i], a = state.acceleration[i]
            let rx = forceX[i] - (s * s * p0 - a * p1 + g * state.cosine[i])
            let ry = forceY[i] - (s * s * p1 + a * p0 + g * state.sine[i])
            state.residual[2 * row] = rx
            state.residual[2 * row + 1] = ry
            cost = cost + rx * rx
            cost = cost + ry * ry
            pointwise += rx * rx + ry * ry
        }
        var row = 2 * used.count
        for (weights, factor) in constraints {
            var up = 0.0, across = 0.0
            for i in 0..<basis.sampleCount where weights[i] > 0 {
                let c = state.cosine[i], s = state.sine[i]
                up += weights[i] * (forceX[i] * c + forceY[i] * s - g)
                across += weights[i] * (-forceX[i] * s + forceY[i] * c)
            }
            state.residual[row] = factor * up
            state.residual[row + 1] = factor * across
            cost = cost + state.residual[row] * state.residual[row]
            cost = cost + state.residual[row + 1] * state.residual[row + 1]
            row += 2
        }
        let radius = (p0 * p0 + p1 * p1).squareRoot()
        state.radius = radius
        for rest in restRates {
            let rate = x[rest.first] * rest.rate.0 + x[rest.first + 1] * rest.rate.1 + x[rest.first + 2] * rest.rate.2
                + x[rest.first + 3] * rest.rate.3
            state.residual[row] = restWeight * radius * rate
            cost = cost + state.residual[row] * state.residual[row]
            row += 1
        }
        state.pointwiseSquares = pointwise
        return cost
    }

    /// JᵀJ (upper triangle) and Jᵀr at the current point (J = ∂model/∂x; the derivative of the
    /// radius in the rest rows left out as before: those rows pin the arm's rate, the radius only
    /// prices it).
    func normalEquations(normal jtj: UnsafeMutablePointer<Double>, gradient jtr: UnsafeMutablePointer<Double>,
                         scratch: UnsafeMutablePointer<Double>, indices: UnsafeMutablePointer<Int>) {
        let g = standardGravity
        let k = basis.coefficientCount
        let n = unknownCount
        let state = current
        let (p0, p1) = state.pivot
        let rowX = scratch, rowY = scratch + 6
        indices[4] = k
        indices[5] = k + 1
        basis.value.withUnsafeBufferPointer { bvs in
        basis.rate.withUnsafeBufferPointer { brs in
        basis.acceleration.withUnsafeBufferPointer { bas in
        basis.first.withUnsafeBufferPointer { firsts in
        state.rate.withUnsafeBufferPointer { rates in
        state.acceleration.withUnsafeBufferPointer { accelerations in
        state.sine.withUnsafeBufferPointer { sines in
        state.cosine.withUnsafeBufferPointer { cosines in
        state.residual.withUnsafeBufferPointer { residuals in
            // Consecutive samples share their four spline coefficients (a piece spans 0.2 s, about
            // 20 samples): their rows' outer products are summed in a 6 × 6 block, added to JᵀJ
            // when the piece changes (a scattered add per entry and row was most of the time).
            let block = scratch + 12, blockGradient = scratch + 48
            var blockFirst = -1
            func flush() {
                guard blockFirst >= 0 else { return }
                for j in 0..<4 { indices[j] = blockFirst + j }
                for u in 0..<6 {
                    let line = jtj + indices[u] * n
                    jtr[indices[u]] += blockGradient[u]
                    for v in u..<6 { line[indices[v]] += block[u * 6 + v] }
                }
            }
            for (row, i) in used.enumerated() {
                let s = rates[i], a = accelerations[i]
                let gSin = g * sines[i], gCos = g * cosines[i]
                let first = firsts[i]
                if first != blockFirst {
                    flush()
                    for m in 0..<42 { block[m] = 0 }
                    blockFirst = first
                }
                for j in 0..<4 {
                    let bv = bvs[4 * i + j], br = brs[4 * i + j], ba = bas[4 * i + j]
                    // m = s² p + a J p + g u(φ);  J p = (−p.1, p.0);  du/dφ = (−sin φ, cos φ)
                    rowX[j] = 2 * s * br * p0 - ba * p1 - gSin * bv
                    rowY[j] = 2 * s * br * p1 + ba * p0 + gCos * bv
                }
                rowX[4] = s * s; rowX[5] = -a
                rowY[4] = a; rowY[5] = s * s
                let rx = residuals[2 * row], ry = residuals[2 * row + 1]
                for u in 0..<6 {
                    let xu = rowX[u], yu = rowY[u]
                    blockGradient[u] += xu * rx + yu * ry
                    for v in u..<6 { block[u * 6 + v] += xu * rowX[v] + yu * rowY[v] }
                }
            }
            flush()
            var row = 2 * used.count
            // The constraint rows are dense over the spline's coefficients.
            let rowUp = scratch + 54, rowAcross = scratch + 54 + k
            for j in 0..<k { indices[j] = j }
            for (weights, factor) in constraints {
                for j in 0..<k { rowUp[j] = 0; rowAcross[j] = 0 }
                weights.withUnsafeBufferPointer { w in
                    for i in 0..<basis.sampleCount where w[i] > 0 {
                        let c = cosines[i], s = sines[i]
                        let fu = forceX[i] * c + forceY[i] * s
                        let fw = -forceX[i] * s + forceY[i] * c
                        let first = firsts[i]
                        for j in 0..<4 {
                            let bv = bvs[4 * i + j]
                            // Constraint rows are "model" rows too: residual = 0 − (−constraint).
                            rowUp[first + j] -= factor * w[i] * fw * bv
                            rowAcross[first + j] -= factor * w[i] * (-fu) * bv
                        }
                    }
                }
                DampedLeastSquares.addRow(rowUp, indices, k, residual: residuals[row], normal: jtj, gradient: jtr, size: n)
                DampedLeastSquares.addRow(rowAcross, indices, k, residual: residuals[row + 1], normal: jtj, gradient: jtr, size: n)
                row += 2
            }
            for rest in restRates {
                let scale = -restWeight * state.radius
                rowX[0] = scale * rest.rate.0; rowX[1] = scale * rest.rate.1
                rowX[2] = scale * rest.rate.2; rowX[3] = scale * rest.rate.3
                for j in 0..<4 { indices[j] = rest.first + j }
                DampedLeastSquares.addRow(rowX, indices, 4, residual: residuals[row], normal: jtj, gradient: jtr, size: n)
                row += 1
            }
        }}}}}}}}}
    }
}

/// What `RigidSwingProblem` keeps of one evaluated point.
struct RigidSwingState {
    var value: [Double] = []
    var rate: [Double] = []
    var acceleration: [Double] = []
    var cosine: [Double] = []
    var sine: [Double] = []
    var residual: [Double] = []
    var pivot = (0.0, 0.0)
    var radius = 0.0
    /// Σ of the squared pointwise residuals, (m/s²)².
    var pointwiseSquares = 0.0

    init() {}

    init(sampleCount: Int, usedCount: Int, constraintRows: Int, restRows: Int) {
        value = [Double](repeating: 0, count: sampleCount)
        rate = value; acceleration = value; cosine = value; sine = value
        residual = [Double](repeating: 0, count: 2 * usedCount + constraintRows + restRows)
    }
}

/// The bell-attitude fit of one rep: unknowns are the arm angle's spline θ(t), the attitude's
/// spline β(t) and the pivot-to-sensor radius r. Rows, in order: per usable sample the in-plane
/// force misfit (two), the rest over the rep (up and across), per usable sample the prior that
/// holds the bell in line with the arm, and the arm's rate at the two turnarounds.
struct SwingPathProblem: DampedLeastSquaresProblem {
    let basis: SampledSplineBasis
    let forceX: [Double]
    let forceY: [Double]
    let used: [Int]
    let weights: [Double]
    let restWeight: Double
    let priorForce: Double
    /// The rigid fit's offset between the attitude and the arm angle, rad.
    let offset: Double
    let restRates: [(first: Int, rate: (Double, Double, Double, Double))]
    let unknownCount: Int

    var current = SwingPathState()
    var trial = SwingPathState()

    init(basis: SampledSplineBasis, forceX: [Double], forceY: [Double], used: [Int], weights: [Double], restWeight: Double,
         priorForce: Double, offset: Double, restRates: [(first: Int, rate: (Double, Double, Double, Double))]) {
        self.basis = basis
        self.forceX = forceX
        self.forceY = forceY
        self.used = used
        self.weights = weights
        self.restWeight = restWeight
        self.priorForce = priorForce
        self.offset = offset
        self.restRates = restRates
        unknownCount = 2 * basis.coefficientCount + 1
        current = SwingPathState(sampleCount: basis.sampleCount, rows: 3 * used.count + 2 + restRates.count)
        trial = current
    }

    mutating func trialCost(_ x: [Double]) -> Double {
        Self.evaluate(x, into: &trial, problem: self)
    }

    mutating func acceptTrial() { swap(&current, &trial) }

    static func evaluate(_ x: [Double], into state: inout SwingPathState, problem: SwingPathProblem) -> Double {
        let g = standardGravity
        let basis = problem.basis
        let k = basis.coefficientCount
        let r = x[2 * k]
        state.radius = r
        basis.evaluate(x, offset: 0, value: &state.theta, rate: &state.thetaRate, acceleration: &state.thetaAcceleration)
        basis.evaluate(x, offset: k, value: &state.beta, rate: &state.betaRate, acceleration: &state.betaAcceleration)
        // libm's sincos: the same bits as cos and sin, one range reduction (SignalMath.sineCosine).
        let sincos = SignalMath.sineCosineFunction
        for i in 0..<basis.sampleCount {
            (state.sinBeta[i], state.cosBeta[i]) = SignalMath.sineCosine(state.beta[i], using: sincos)
        }
        var cost = 0.0, pointwise = 0.0
        for (row, i) in problem.used.enumerated() {
            let th = state.theta[i], rate = state.thetaRate[i], acc = state.thetaAcceleration[i]
            let (st, ct) = SignalMath.sineCosine(th, using: sincos)
            // World specific force of the path point: (across, up).
            let fh = r * (acc * ct - rate * rate * st)
            let fz = r * (acc * st + rate * rate * ct) + g
            let cb = state.cosBeta[i], sb = state.sinBeta[i]
            let m1 = fz * cb - fh * sb
            let m2 = fz * sb + fh * cb
            state.cosTheta[i] = ct; state.sinTheta[i] = st
            state.pathAcross[i] = fh; state.pathUp[i] = fz
            let e1 = problem.forceX[i] - m1, e2 = problem.forceY[i] - m2
            state.residual[2 * row] = e1
            state.residual[2 * row + 1] = e2
            cost += e1 * e1 + e2 * e2
            pointwise += e1 * e1 + e2 * e2
        }
        var row = 2 * problem.used.count
        var up = 0.0, across = 0.0
        for i in 0..<basis.sampleCount where problem.weights[i] > 0 {
            let c = state.cosBeta[i], s = state.sinBeta[i]
            up += problem.weights[i] * (problem.forceX[i] * c + problem.forceY[i] * s - g)
            across += problem.weights[i] * (-problem.forceX[i] * s + problem.forceY[i] * c)
        }
        state.residual[row] = problem.restWeight * up
        state.residual[row + 1] = problem.restWeight * across
        cost += state.residual[row] * state.residual[row] + state.residual[row + 1] * state.residual[row + 1]
        row += 2
        // The bell lines up with the arm unless the force says otherwise: a turn ρ = β − θ away
        // from the rigid fit's offset costs like a force misfit of ρ·priorForce.
        for i in problem.used {
            let prior = problem.priorForce * remainder(state.beta[i] - state.theta[i] - problem.offset, 2 * .pi)
            state.residual[row] = prior
            cost += prior * prior
            row += 1
        }
        for rest in problem.restRates {
            let rate = x[rest.first] * rest.rate.0 + x[rest.first + 1] * rest.rate.1 + x[rest.first + 2] * rest.rate.2
                + x[rest.first + 3] * rest.rate.3
            state.restRate[row - 3 * problem.used.count - 2] = rate
            state.residual[row] = problem.restWeight * r * rate
            cost += state.residual[row] * state.residual[row]
            row += 1
        }
        state.pointwiseSquares = pointwise
        return cost
    }

    /// JᵀJ (upper triangle) and Jᵀr at the current point from the analytic derivatives
    /// (J = ∂model/∂x = −∂r/∂x).
    func normalEquations(normal jtj: UnsafeMutablePointer<Double>, gradient jtr: UnsafeMutablePointer<Double>,
                         scratch: UnsafeMutablePointer<Double>, indices: UnsafeMutablePointer<Int>) {
        let g = standardGravity
        let k = basis.coefficientCount
        let n = unknownCount
        let state = current
        let r = state.radius
        // A pointwise row touches θ's four coefficients, β's four and r: nine entries.
        let rowX = scratch, rowY = scratch + 9, rowPrior = scratch + 18
        indices[8] = 2 * k
        let priorRow = 2 * used.count + 2
        basis.value.withUnsafeBufferPointer { bvs in
        basis.rate.withUnsafeBufferPointer { brs in
        basis.acceleration.withUnsafeBufferPointer { bas in
        basis.first.withUnsafeBufferPointer { firsts in
        state.residual.withUnsafeBufferPointer { residuals in
            // Per spline piece, the rows' outer products summed in a 9 × 9 block (see the rigid fit).
            let block = scratch + 27, blockGradient = scratch + 108
            var blockFirst = -1
            func flush() {
                guard blockFirst >= 0 else { return }
                for j in 0..<4 {
                    indices[j] = blockFirst + j
                    indices[4 + j] = k + blockFirst + j
                }
                indices[8] = 2 * k
                for u in 0..<9 {
                    let line = jtj + indices[u] * n
                    jtr[indices[u]] += blockGradient[u]
                    for v in u..<9 { line[indices[v]] += block[u * 9 + v] }
                }
            }
            rowPrior[8] = 0
            for (row, i) in used.enumerated() {
                let ct = state.cosTheta[i], st = state.sinTheta[i]
                let cb = state.cosBeta[i], sb = state.sinBeta[i]
                let rate = state.thetaRate[i], acc = state.thetaAcceleration[i]
                let fh = state.pathAcross[i], fz = state.pathUp[i]
                let m1 = fz * cb - fh * sb, m2 = fz * sb + fh * cb
                // Derivatives of the path's force (fh, fz) by θ, θ̇, θ̈ and r.
                let dfhTheta = -(fz - g), dfzTheta = fh
                let dfhRate = -2 * r * rate * st, dfzRate = 2 * r * rate * ct
                let dfhAcc = r * ct, dfzAcc = r * st
                let dfhRadius = acc * ct - rate * rate * st, dfzRadius = acc * st + rate * rate * ct
                let first = firsts[i]
                if first != blockFirst {
                    flush()
                    for m in 0..<90 { block[m] = 0 }
                    blockFirst = first
                }
                for j in 0..<4 {
                    let bv = bvs[4 * i + j], br = brs[4 * i + j], ba = bas[4 * i + j]
                    let dfh = dfhTheta * bv + dfhRate * br + dfhAcc * ba
                    let dfz = dfzTheta * bv + dfzRate * br + dfzAcc * ba
                    // m1 = fz cos β − fh sin β, m2 = fz sin β + fh cos β.
                    rowX[j] = cb * dfz - sb * dfh
                    rowY[j] = sb * dfz + cb * dfh
                    // ∂m1/∂β = −m2, ∂m2/∂β = m1.
                    rowX[4 + j] = -m2 * bv
                    rowY[4 + j] = m1 * bv
                    // The prior row's model is −priorForce·(β − θ − offset).
                    rowPrior[j] = priorForce * bv
                    rowPrior[4 + j] = -priorForce * bv
                }
                rowX[8] = cb * dfzRadius - sb * dfhRadius
                rowY[8] = sb * dfzRadius + cb * dfhRadius
                let rx = residuals[2 * row], ry = residuals[2 * row + 1], rp = residuals[priorRow + row]
                for u in 0..<9 {
                    let xu = rowX[u], yu = rowY[u], pu = rowPrior[u]
                    blockGradient[u] += xu * rx + yu * ry + pu * rp
                    for v in u..<9 { block[u * 9 + v] += xu * rowX[v] + yu * rowY[v] + pu * rowPrior[v] }
                }
            }
            flush()
            // The rest rows, dense over β's coefficients.
            let rowUp = scratch + 117, rowAcross = scratch + 117 + k
            for j in 0..<k { rowUp[j] = 0; rowAcross[j] = 0; indices[j] = k + j }
            for i in 0..<basis.sampleCount where weights[i] > 0 {
                let c = state.cosBeta[i], s = state.sinBeta[i]
                let fu = forceX[i] * c + forceY[i] * s
                let fw = -forceX[i] * s + forceY[i] * c
                let first = firsts[i]
                for j in 0..<4 {
                    let bv = bvs[4 * i + j]
                    rowUp[first + j] -= restWeight * weights[i] * fw * bv
                    rowAcross[first + j] -= restWeight * weights[i] * (-fu) * bv
                }
            }
            let restRow = 2 * used.count
            DampedLeastSquares.addRow(rowUp, indices, k, residual: residuals[restRow], normal: jtj, gradient: jtr, size: n)
            DampedLeastSquares.addRow(rowAcross, indices, k, residual: residuals[restRow + 1], normal: jtj, gradient: jtr, size: n)
            // The arm's rate at the turnarounds: −restWeight·(r·θ̇) by θ's coefficients and r.
            for (m, rest) in restRates.enumerated() {
                rowX[0] = -restWeight * r * rest.rate.0; rowX[1] = -restWeight * r * rest.rate.1
                rowX[2] = -restWeight * r * rest.rate.2; rowX[3] = -restWeight * r * rest.rate.3
                rowX[4] = -restWeight * state.restRate[m]
                for j in 0..<4 { indices[j] = rest.first + j }
                indices[4] = 2 * k
                DampedLeastSquares.addRow(rowX, indices, 5, residual: residuals[priorRow + used.count + m], normal: jtj,
                                          gradient: jtr, size: n)
            }
        }}}}}
    }
}

/// What `SwingPathProblem` keeps of one evaluated point.
struct SwingPathState {
    var theta: [Double] = []
    var thetaRate: [Double] = []
    var thetaAcceleration: [Double] = []
    var beta: [Double] = []
    var betaRate: [Double] = []
    var betaAcceleration: [Double] = []
    var cosTheta: [Double] = []
    var sinTheta: [Double] = []
    var cosBeta: [Double] = []
    var sinBeta: [Double] = []
    /// The path point's world specific force (across, up), m/s².
    var pathAcross: [Double] = []
    var pathUp: [Double] = []
    var restRate: [Double] = [0, 0]
    var residual: [Double] = []
    var radius = 0.0
    var pointwiseSquares = 0.0

    init() {}

    init(sampleCount: Int, rows: Int) {
        theta = [Double](repeating: 0, count: sampleCount)
        thetaRate = theta; thetaAcceleration = theta
        beta = theta; betaRate = theta; betaAcceleration = theta
        cosTheta = theta; sinTheta = theta; cosBeta = theta; sinBeta = theta
        pathAcross = theta; pathUp = theta
        residual = [Double](repeating: 0, count: rows)
    }
}
