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

    mutating func trialCost(_ x: [Double], bound: Double) -> Double {
        Self.evaluate(x, into: &trial, basis: basis, forceX: forceX, forceY: forceY, used: used,
                      constraints: constraints, restRates: restRates, restWeight: restWeight, bound: bound)
    }

    /// Samples evaluated between two looks at the running cost against the bound: long enough
    /// that the look costs nothing, short enough that a rejected try (a third of all tries: the
    /// damping schedule raises the damping after each) stops soon after its sum passes the
    /// accepted cost.
    static let boundCheckSamples = 32

    mutating func acceptTrial() { swap(&current, &trial) }

    /// A spline piece needs at least this many samples for the fit to go to every other one:
    /// 20 at 100 Hz (0.2 s pieces) leave 10, against the piece's one new coefficient and the
    /// model's bandwidth of a few hertz.
    static let coarseningSamplesPerPiece = 16.0

    func coarsened() -> RigidSwingProblem? {
        guard basis.samplesPerPiece >= Self.coarseningSamplesPerPiece else { return nil }
        let coarseUsed = used.filter { $0 % 2 == 0 }.map { $0 / 2 }
        guard coarseUsed.count >= 10 else { return nil }
        func pick(_ values: [Double]) -> [Double] { stride(from: 0, to: values.count, by: 2).map { values[$0] } }
        // Half the pointwise rows: the integral rows weigh 1/√2 as much, to keep their share.
        let scale = 0.5.squareRoot()
        return RigidSwingProblem(basis: basis.everyOtherSample(), forceX: pick(forceX), forceY: pick(forceY),
                                 used: coarseUsed,
                                 constraints: constraints.map { (everyOtherSampleIntegralWeights($0.weights), $0.factor * scale) },
                                 restRates: restRates, restWeight: restWeight * scale)
    }

    static func evaluate(_ x: [Double], into state: inout RigidSwingState, basis: SampledSplineBasis, forceX: [Double],
                         forceY: [Double], used: [Int], constraints: [(weights: [Double], factor: Double)],
                         restRates: [(first: Int, rate: (Double, Double, Double, Double))], restWeight: Double,
                         bound: Double = .infinity) -> Double {
        let g = standardGravity
        let k = basis.coefficientCount
        let p0 = x[k], p1 = x[k + 1]
        state.pivot = (p0, p1)
        // Through buffer pointers (one uniqueness check per array, not per write); the same
        // operations in the same order as the indexed form.
        var cost = 0.0, pointwise = 0.0
        var row = 2 * used.count
        let count = basis.sampleCount
        // The spline, its sine and cosine and the pointwise rows a block of samples at a time, so
        // that a try whose running cost passes `bound` stops there (every sample's numbers are
        // its own: the blocks change no bit of a completed evaluation).
        var start = 0, nextUsed = 0
        var stopped = false
        while start < count {
            let end = min(count, start + boundCheckSamples)
            basis.evaluate(x, samples: start..<end, value: &state.value, rate: &state.rate,
                           acceleration: &state.acceleration)
            state.value.withUnsafeBufferPointer { value in
            state.rate.withUnsafeBufferPointer { rates in
            state.acceleration.withUnsafeBufferPointer { accelerations in
            state.sine.withUnsafeMutableBufferPointer { sine in
            state.cosine.withUnsafeMutableBufferPointer { cosine in
            state.residual.withUnsafeMutableBufferPointer { residual in
            forceX.withUnsafeBufferPointer { forceX in
            forceY.withUnsafeBufferPointer { forceY in
            used.withUnsafeBufferPointer { used in
                // Two angles at a time (SignalMath.sineCosine(_:sine:cosine:): within an ulp or two of libm's).
                if let sineBase = sine.baseAddress, let cosineBase = cosine.baseAddress {
                    SignalMath.sineCosine(UnsafeBufferPointer(rebasing: value[start..<end]), sine: sineBase + start,
                                          cosine: cosineBase + start)
                }
                while nextUsed < used.count && used[nextUsed] < end {
                    let row = nextUsed, i = used[nextUsed]
                    let s = rates[i], a = accelerations[i]
                    let rx = forceX[i] - (s * s * p0 - a * p1 + g * cosine[i])
                    let ry = forceY[i] - (s * s * p1 + a * p0 + g * sine[i])
                    residual[2 * row] = rx
                    residual[2 * row + 1] = ry
                    cost = cost + rx * rx
                    cost = cost + ry * ry
                    pointwise += rx * rx + ry * ry
                    nextUsed += 1
                }
            }}}}}}}}}
            // (An infinite bound never stops: an overflowing sum completes as before.)
            if bound < .infinity && cost >= bound { stopped = true; break }
            start = end
        }
        if stopped { return cost }
        state.sine.withUnsafeMutableBufferPointer { sine in
        state.cosine.withUnsafeMutableBufferPointer { cosine in
        state.residual.withUnsafeMutableBufferPointer { residual in
        forceX.withUnsafeBufferPointer { forceX in
        forceY.withUnsafeBufferPointer { forceY in
            for (weights, factor) in constraints {
                var up = 0.0, across = 0.0
                weights.withUnsafeBufferPointer { weights in
                    for i in 0..<count where weights[i] > 0 {
                        let c = cosine[i], s = sine[i]
                        up += weights[i] * (forceX[i] * c + forceY[i] * s - g)
                        across += weights[i] * (-forceX[i] * s + forceY[i] * c)
                    }
                }
                residual[row] = factor * up
                residual[row + 1] = factor * across
                cost = cost + residual[row] * residual[row]
                cost = cost + residual[row + 1] * residual[row + 1]
                row += 2
            }
        }}}}}
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
        let rowX = scratch
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
            // The block's rows are held as pairs of entries (SIMD2: one SSE2 instruction per pair)
            // in local variables, not in scratch memory that the compiler had to assume the rows
            // alias: every entry is the same sum of the same products in the same order as the
            // scalar form (each lane does exactly the scalar's operations), so JᵀJ has the same
            // bits; entries left of the diagonal that share a pair are summed and dropped.
            let block = scratch + 12
            var blockFirst = -1
            var sums = RigidBlockSums()
            func flush() {
                guard blockFirst >= 0 else { return }
                sums.store(into: block)
                for j in 0..<4 { indices[j] = blockFirst + j }
                for u in 0..<6 {
                    let line = jtj + indices[u] * n
                    jtr[indices[u]] += block[36 + u]
                    for v in u..<6 { line[indices[v]] += block[u * 6 + v] }
                }
            }
            for (row, i) in used.enumerated() {
                let s = rates[i], a = accelerations[i]
                let gSin = g * sines[i], gCos = g * cosines[i]
                let first = firsts[i]
                if first != blockFirst {
                    flush()
                    sums = RigidBlockSums()
                    blockFirst = first
                }
                let o = 4 * i
                let bv01 = SIMD2(bvs[o], bvs[o + 1]), bv23 = SIMD2(bvs[o + 2], bvs[o + 3])
                let br01 = SIMD2(brs[o], brs[o + 1]), br23 = SIMD2(brs[o + 2], brs[o + 3])
                let ba01 = SIMD2(bas[o], bas[o + 1]), ba23 = SIMD2(bas[o + 2], bas[o + 3])
                // m = s² p + a J p + g u(φ);  J p = (−p.1, p.0);  du/dφ = (−sin φ, cos φ)
                // (2·s·ḃ·p0 − b̈·p1 − g sin φ·b, evaluated left to right as the scalar form was).
                let twoS = 2 * s
                let x01 = twoS * br01 * p0 - ba01 * p1 - gSin * bv01
                let x23 = twoS * br23 * p0 - ba23 * p1 - gSin * bv23
                let y01 = twoS * br01 * p1 + ba01 * p0 + gCos * bv01
                let y23 = twoS * br23 * p1 + ba23 * p0 + gCos * bv23
                let x45 = SIMD2(s * s, -a), y45 = SIMD2(a, s * s)
                sums.add(x01: x01, x23: x23, x45: x45, y01: y01, y23: y23, y45: y45,
                         rx: residuals[2 * row], ry: residuals[2 * row + 1])
            }
            flush()
            var row = 2 * used.count
            // The constraint rows are dense over the spline's coefficients.
            let rowUp = scratch + 54, rowAcross = scratch + 54 + k
            for j in 0..<k { indices[j] = j }
            for (weights, factor) in constraints {
                for j in 0..<k { rowUp[j] = 0; rowAcross[j] = 0 }
                weights.withUnsafeBufferPointer { w in
                forceX.withUnsafeBufferPointer { forceX in
                forceY.withUnsafeBufferPointer { forceY in
                    // Constraint rows are "model" rows too: residual = 0 − (−constraint).
                    RestRowSums.accumulate(count: basis.sampleCount, weights: w, factor: factor, forceX: forceX,
                                           forceY: forceY, cosines: cosines, sines: sines, firsts: firsts, values: bvs,
                                           up: rowUp, across: rowAcross)
                }}}
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

/// One spline piece's sums of the rigid fit's pointwise rows: the upper triangle of the 6 × 6
/// block Σ (jx jxᵀ + jy jyᵀ) and Σ (jx rx + jy ry), as pairs of entries. Row u's pairs start at
/// the pair holding its diagonal, so rows 1, 3 and 5 also sum the one entry left of it (unused).
struct RigidBlockSums {
    var row0 = (SIMD2<Double>(), SIMD2<Double>(), SIMD2<Double>())
    var row1 = (SIMD2<Double>(), SIMD2<Double>(), SIMD2<Double>())
    var row2 = (SIMD2<Double>(), SIMD2<Double>())
    var row3 = (SIMD2<Double>(), SIMD2<Double>())
    var row4 = SIMD2<Double>()
    var row5 = SIMD2<Double>()
    var gradient = (SIMD2<Double>(), SIMD2<Double>(), SIMD2<Double>())

    /// Adds one sample's two rows (x and y, entries 0…5 in pairs) with their residuals: each
    /// entry gets `xu·x[v] + yu·y[v]`, each gradient entry `x[u]·rx + y[u]·ry`, as the scalar form.
    @inline(__always)
    mutating func add(x01: SIMD2<Double>, x23: SIMD2<Double>, x45: SIMD2<Double>, y01: SIMD2<Double>,
                      y23: SIMD2<Double>, y45: SIMD2<Double>, rx: Double, ry: Double) {
        gradient.0 += x01 * rx + y01 * ry
        gradient.1 += x23 * rx + y23 * ry
        gradient.2 += x45 * rx + y45 * ry
        var xu = x01[0], yu = y01[0]
        row0.0 += xu * x01 + yu * y01; row0.1 += xu * x23 + yu * y23; row0.2 += xu * x45 + yu * y45
        xu = x01[1]; yu = y01[1]
        row1.0 += xu * x01 + yu * y01; row1.1 += xu * x23 + yu * y23; row1.2 += xu * x45 + yu * y45
        xu = x23[0]; yu = y23[0]
        row2.0 += xu * x23 + yu * y23; row2.1 += xu * x45 + yu * y45
        xu = x23[1]; yu = y23[1]
        row3.0 += xu * x23 + yu * y23; row3.1 += xu * x45 + yu * y45
        xu = x45[0]; yu = y45[0]
        row4 += xu * x45 + yu * y45
        xu = x45[1]; yu = y45[1]
        row5 += xu * x45 + yu * y45
    }

    /// Writes the block row-major into `block[0..<36]` (entries left of the diagonal not all
    /// written) and the gradient into `block[36..<42]`.
    func store(into block: UnsafeMutablePointer<Double>) {
        func put(_ pair: SIMD2<Double>, _ at: Int) { block[at] = pair[0]; block[at + 1] = pair[1] }
        put(row0.0, 0); put(row0.1, 2); put(row0.2, 4)
        put(row1.0, 6); put(row1.1, 8); put(row1.2, 10)
        put(row2.0, 14); put(row2.1, 16)
        put(row3.0, 20); put(row3.1, 22)
        put(row4, 28)
        put(row5, 34)
        put(gradient.0, 36); put(gradient.1, 38); put(gradient.2, 40)
    }
}

/// The two rest rows of a fit (the bell at rest at both turnarounds: ∫ (R f − g ẑ) dt = 0 over
/// the rep, up and across), dense over one spline's coefficients.
enum RestRowSums {
    /// Subtracts, for every sample with a positive weight, `factor·w·fw·b` from `up` and
    /// `factor·w·(−fu)·b` from `across` at the sample's four coefficients (fu, fw: the force turned
    /// up and across by the angle; b: the spline's value basis).
    ///
    /// The four entries a sample touches are kept in registers (pairs) while the samples stay in
    /// one spline piece, and written back when it changes: each entry still receives its
    /// samples' terms one by one in sample order, the same operations as subtracting in memory
    /// (the same bits), without a store and reload per term (that chain through memory was a
    /// third of forming the rigid fit's normal equations).
    @inline(__always)
    static func accumulate(count: Int, weights: UnsafeBufferPointer<Double>, factor: Double,
                           forceX: UnsafeBufferPointer<Double>, forceY: UnsafeBufferPointer<Double>,
                           cosines: UnsafeBufferPointer<Double>, sines: UnsafeBufferPointer<Double>,
                           firsts: UnsafeBufferPointer<Int>, values: UnsafeBufferPointer<Double>,
                           up: UnsafeMutablePointer<Double>, across: UnsafeMutablePointer<Double>) {
        var first = -1
        var up01 = SIMD2<Double>(), up23 = up01, across01 = up01, across23 = up01
        func store() {
            guard first >= 0 else { return }
            up[first] = up01[0]; up[first + 1] = up01[1]; up[first + 2] = up23[0]; up[first + 3] = up23[1]
            across[first] = across01[0]; across[first + 1] = across01[1]
            across[first + 2] = across23[0]; across[first + 3] = across23[1]
        }
        for i in 0..<count where weights[i] > 0 {
            let c = cosines[i], s = sines[i]
            let fu = forceX[i] * c + forceY[i] * s
            let fw = -forceX[i] * s + forceY[i] * c
            if firsts[i] != first {
                store()
                first = firsts[i]
                up01 = SIMD2(up[first], up[first + 1]); up23 = SIMD2(up[first + 2], up[first + 3])
                across01 = SIMD2(across[first], across[first + 1]); across23 = SIMD2(across[first + 2], across[first + 3])
            }
            let o = 4 * i
            let b01 = SIMD2(values[o], values[o + 1]), b23 = SIMD2(values[o + 2], values[o + 3])
            let termUp = factor * weights[i] * fw
            let termAcross = factor * weights[i] * (-fu)
            up01 -= termUp * b01; up23 -= termUp * b23
            across01 -= termAcross * b01; across23 -= termAcross * b23
        }
        store()
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

    mutating func trialCost(_ x: [Double], bound: Double) -> Double {
        Self.evaluate(x, into: &trial, problem: self, bound: bound)
    }

    mutating func acceptTrial() { swap(&current, &trial) }

    /// As `RigidSwingProblem.coarsened()`: the pointwise and prior rows on every other sample, the
    /// rest rows on the same integral, the rows that are not per sample weighed 1/√2.
    func coarsened() -> SwingPathProblem? {
        guard basis.samplesPerPiece >= RigidSwingProblem.coarseningSamplesPerPiece else { return nil }
        let coarseUsed = used.filter { $0 % 2 == 0 }.map { $0 / 2 }
        guard coarseUsed.count >= 10 else { return nil }
        func pick(_ values: [Double]) -> [Double] { stride(from: 0, to: values.count, by: 2).map { values[$0] } }
        return SwingPathProblem(basis: basis.everyOtherSample(), forceX: pick(forceX), forceY: pick(forceY),
                                used: coarseUsed, weights: everyOtherSampleIntegralWeights(weights),
                                restWeight: restWeight * 0.5.squareRoot(), priorForce: priorForce, offset: offset,
                                restRates: restRates)
    }

    static func evaluate(_ x: [Double], into state: inout SwingPathState, problem: SwingPathProblem,
                         bound: Double = .infinity) -> Double {
        let g = standardGravity
        let basis = problem.basis
        let k = basis.coefficientCount
        let r = x[2 * k]
        state.radius = r
        // Two angles at a time (SignalMath.sineCosine(_:sine:cosine:): within an ulp or two of
        // libm's), the arm's for every sample too (only the used ones are read).
        let count = basis.sampleCount
        func fill(_ angles: [Double], _ sine: inout [Double], _ cosine: inout [Double], _ samples: Range<Int>) {
            angles.withUnsafeBufferPointer { a in
                sine.withUnsafeMutableBufferPointer { s in
                    cosine.withUnsafeMutableBufferPointer { c in
                        if let s = s.baseAddress, let c = c.baseAddress {
                            SignalMath.sineCosine(UnsafeBufferPointer(rebasing: a[samples]), sine: s + samples.lowerBound,
                                                  cosine: c + samples.lowerBound)
                        }
                    }
                }
            }
        }
        var cost = 0.0, pointwise = 0.0
        // A block of samples at a time, so that a try whose running cost passes `bound` stops
        // there (as in the rigid fit; every sample's numbers are its own).
        var start = 0, row = 0
        while start < count {
            let end = min(count, start + RigidSwingProblem.boundCheckSamples)
            basis.evaluate(x, offset: 0, samples: start..<end, value: &state.theta, rate: &state.thetaRate,
                           acceleration: &state.thetaAcceleration)
            basis.evaluate(x, offset: k, samples: start..<end, value: &state.beta, rate: &state.betaRate,
                           acceleration: &state.betaAcceleration)
            fill(state.beta, &state.sinBeta, &state.cosBeta, start..<end)
            fill(state.theta, &state.sinTheta, &state.cosTheta, start..<end)
            while row < problem.used.count && problem.used[row] < end {
                defer { row += 1 }
                let i = problem.used[row]
                let rate = state.thetaRate[i], acc = state.thetaAcceleration[i]
                let st = state.sinTheta[i], ct = state.cosTheta[i]
                // World specific force of the path point: (across, up).
                let fh = r * (acc * ct - rate * rate * st)
                let fz = r * (acc * st + rate * rate * ct) + g
                let cb = state.cosBeta[i], sb = state.sinBeta[i]
                let m1 = fz * cb - fh * sb
                let m2 = fz * sb + fh * cb
                state.pathAcross[i] = fh; state.pathUp[i] = fz
                let e1 = problem.forceX[i] - m1, e2 = problem.forceY[i] - m2
                state.residual[2 * row] = e1
                state.residual[2 * row + 1] = e2
                cost += e1 * e1 + e2 * e2
                pointwise += e1 * e1 + e2 * e2
            }
            // (An infinite bound never stops: an overflowing sum completes as before.)
            if bound < .infinity && cost >= bound { return cost }
            start = end
        }
        row = 2 * problem.used.count
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
        let rowX = scratch
        indices[8] = 2 * k
        let priorRow = 2 * used.count + 2
        basis.value.withUnsafeBufferPointer { bvs in
        basis.rate.withUnsafeBufferPointer { brs in
        basis.acceleration.withUnsafeBufferPointer { bas in
        basis.first.withUnsafeBufferPointer { firsts in
        state.residual.withUnsafeBufferPointer { residuals in
            // Per spline piece, the rows' outer products summed in a 9 × 9 block (see the rigid fit),
            // held as pairs of entries (SIMD2) on the stack: slot 5·u + q holds row u's entries
            // 2q and 2q + 1 for the pairs from the one with its diagonal on (29 of the 45 slots);
            // entry 8 is paired with a zero. Each lane does the scalar form's operations in its
            // order, so JᵀJ has the same bits as summing entry by entry.
            let block = scratch + 27, blockGradient = scratch + 108
            var blockFirst = -1
            withUnsafeTemporaryAllocation(of: SIMD2<Double>.self, capacity: 50) { sums in
            withUnsafeTemporaryAllocation(of: SIMD2<Double>.self, capacity: 15) { lanes in
            guard let sums = sums.baseAddress, let lanes = lanes.baseAddress else { return }
            let gradientSums = sums + 45
            let rowX = lanes, rowY = lanes + 5, rowPrior = lanes + 10
            sums.update(repeating: SIMD2(), count: 50)
            func flush() {
                guard blockFirst >= 0 else { return }
                for u in 0..<9 {
                    blockGradient[u] = gradientSums[u / 2][u % 2]
                    for v in u..<9 { block[u * 9 + v] = sums[5 * u + v / 2][v % 2] }
                }
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
            rowPrior[4] = SIMD2()
            state.cosTheta.withUnsafeBufferPointer { cosTheta in
            state.sinTheta.withUnsafeBufferPointer { sinTheta in
            state.cosBeta.withUnsafeBufferPointer { cosBeta in
            state.sinBeta.withUnsafeBufferPointer { sinBeta in
            state.thetaRate.withUnsafeBufferPointer { thetaRate in
            state.thetaAcceleration.withUnsafeBufferPointer { thetaAcceleration in
            state.pathAcross.withUnsafeBufferPointer { pathAcross in
            state.pathUp.withUnsafeBufferPointer { pathUp in
            for (row, i) in used.enumerated() {
                let ct = cosTheta[i], st = sinTheta[i]
                let cb = cosBeta[i], sb = sinBeta[i]
                let rate = thetaRate[i], acc = thetaAcceleration[i]
                let fh = pathAcross[i], fz = pathUp[i]
                let m1 = fz * cb - fh * sb, m2 = fz * sb + fh * cb
                // Derivatives of the path's force (fh, fz) by θ, θ̇, θ̈ and r.
                let dfhTheta = -(fz - g), dfzTheta = fh
                let dfhRate = -2 * r * rate * st, dfzRate = 2 * r * rate * ct
                let dfhAcc = r * ct, dfzAcc = r * st
                let dfhRadius = acc * ct - rate * rate * st, dfzRadius = acc * st + rate * rate * ct
                let first = firsts[i]
                if first != blockFirst {
                    flush()
                    sums.update(repeating: SIMD2(), count: 50)
                    blockFirst = first
                }
                let o = 4 * i
                let bv01 = SIMD2(bvs[o], bvs[o + 1]), bv23 = SIMD2(bvs[o + 2], bvs[o + 3])
                let br01 = SIMD2(brs[o], brs[o + 1]), br23 = SIMD2(brs[o + 2], brs[o + 3])
                let ba01 = SIMD2(bas[o], bas[o + 1]), ba23 = SIMD2(bas[o + 2], bas[o + 3])
                let dfh01 = dfhTheta * bv01 + dfhRate * br01 + dfhAcc * ba01
                let dfh23 = dfhTheta * bv23 + dfhRate * br23 + dfhAcc * ba23
                let dfz01 = dfzTheta * bv01 + dfzRate * br01 + dfzAcc * ba01
                let dfz23 = dfzTheta * bv23 + dfzRate * br23 + dfzAcc * ba23
                // m1 = fz cos β − fh sin β, m2 = fz sin β + fh cos β.
                rowX[0] = cb * dfz01 - sb * dfh01; rowX[1] = cb * dfz23 - sb * dfh23
                rowY[0] = sb * dfz01 + cb * dfh01; rowY[1] = sb * dfz23 + cb * dfh23
                // ∂m1/∂β = −m2, ∂m2/∂β = m1.
                rowX[2] = -m2 * bv01; rowX[3] = -m2 * bv23
                rowY[2] = m1 * bv01; rowY[3] = m1 * bv23
                // The prior row's model is −priorForce·(β − θ − offset).
                rowPrior[0] = priorForce * bv01; rowPrior[1] = priorForce * bv23
                rowPrior[2] = -priorForce * bv01; rowPrior[3] = -priorForce * bv23
                rowX[4] = SIMD2(cb * dfzRadius - sb * dfhRadius, 0)
                rowY[4] = SIMD2(sb * dfzRadius + cb * dfhRadius, 0)
                let rx = residuals[2 * row], ry = residuals[2 * row + 1], rp = residuals[priorRow + row]
                for q in 0..<5 { gradientSums[q] += rowX[q] * rx + rowY[q] * ry + rowPrior[q] * rp }
                for u in 0..<9 {
                    let xu = rowX[u / 2][u % 2], yu = rowY[u / 2][u % 2], pu = rowPrior[u / 2][u % 2]
                    for q in (u / 2)..<5 { sums[5 * u + q] += xu * rowX[q] + yu * rowY[q] + pu * rowPrior[q] }
                }
            }
            }}}}}}}}
            flush()
            }}
            // The rest rows, dense over β's coefficients.
            let rowUp = scratch + 117, rowAcross = scratch + 117 + k
            for j in 0..<k { rowUp[j] = 0; rowAcross[j] = 0; indices[j] = k + j }
            weights.withUnsafeBufferPointer { w in
            forceX.withUnsafeBufferPointer { forceX in
            forceY.withUnsafeBufferPointer { forceY in
            state.cosBeta.withUnsafeBufferPointer { cosBeta in
            state.sinBeta.withUnsafeBufferPointer { sinBeta in
                RestRowSums.accumulate(count: basis.sampleCount, weights: w, factor: restWeight, forceX: forceX,
                                       forceY: forceY, cosines: cosBeta, sines: sinBeta, firsts: firsts, values: bvs,
                                       up: rowUp, across: rowAcross)
            }}}}}
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
