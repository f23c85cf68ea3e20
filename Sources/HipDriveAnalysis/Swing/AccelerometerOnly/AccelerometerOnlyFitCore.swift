import Foundation

// The numeric core of the accelerometer-only per-rep fits (AccelerometerOnlyKinematics.swift,
// AccelerometerOnlySwingPath.swift): a cubic B-spline basis sampled once per rep into flat
// arrays, a dense Cholesky solve on a flat matrix, and one Levenberg–Marquardt driver that asks
// its problem for the cost at a trial point and for JᵀJ, Jᵀr at the accepted one.
//
// Why hand-written: there is no LAPACK (or any other linear-algebra package) on the machines
// HipDrive targets, and the systems are tiny (15–30 unknowns, a few hundred rows). What cost
// the time was not the algebra but its packaging: `[[Double]]` Jacobians, a closure per
// residual evaluation, a basis struct of four arrays per sample, and, in the bell-attitude fit, a
// forward-difference Jacobian that re-evaluated every residual once per unknown. A 30-minute
// 100 Hz accelerometer-only file (400 reps) took 24 s of CPU that way, ~57 ms per rep; see
// Benchmarks/README.md for the numbers after this file. The driver reproduces
// `PlanarSwingFit.dampedStep`'s damping schedule step for step, so the pendulum fit's iterates
// are the same numbers as before.

/// A uniform cubic B-spline's four non-zero basis functions (value, first and second derivative
/// per second) at each sample of a regular grid, flat: entry `4·i + j` belongs to sample `i` and
/// coefficient `first[i] + j`.
struct SampledSplineBasis {
    /// Number of samples.
    private(set) var sampleCount: Int
    /// Number of spline coefficients.
    let coefficientCount: Int
    /// The first of the four coefficients each sample depends on.
    var first: [Int]
    var value: [Double]
    var rate: [Double]
    var acceleration: [Double]

    /// The basis at `sampleCount` samples spaced `dt` seconds from the spline's start (the same
    /// numbers as `UniformCubicSpline.basis(at:)`).
    init(spline: UniformCubicSpline, sampleCount: Int, dt: Double) {
        self.sampleCount = sampleCount
        coefficientCount = spline.count
        first = [Int](repeating: 0, count: sampleCount)
        value = [Double](repeating: 0, count: 4 * sampleCount)
        rate = value
        acceleration = value
        for i in 0..<sampleCount {
            let b = spline.flatBasis(at: Double(i) * dt)
            first[i] = b.first
            (value[4 * i], value[4 * i + 1], value[4 * i + 2], value[4 * i + 3]) = b.value
            (rate[4 * i], rate[4 * i + 1], rate[4 * i + 2], rate[4 * i + 3]) = b.rate
            (acceleration[4 * i], acceleration[4 * i + 1], acceleration[4 * i + 2], acceleration[4 * i + 3]) = b.acceleration
        }
    }

    /// The same spline's basis at every other sample (0, 2, 4, …): the entries of those samples,
    /// the same numbers.
    func everyOtherSample() -> SampledSplineBasis {
        let coarseCount = (sampleCount + 1) / 2
        var coarse = self
        coarse.sampleCount = coarseCount
        coarse.first = (0..<coarseCount).map { first[2 * $0] }
        func pick(_ entries: [Double]) -> [Double] {
            var picked = [Double](repeating: 0, count: 4 * coarseCount)
            for i in 0..<coarseCount { for j in 0..<4 { picked[4 * i + j] = entries[8 * i + j] } }
            return picked
        }
        coarse.value = pick(value)
        coarse.rate = pick(rate)
        coarse.acceleration = pick(acceleration)
        return coarse
    }

    /// Samples per spline piece (the cubic has `coefficientCount − 3` pieces).
    var samplesPerPiece: Double { Double(sampleCount) / Double(max(1, coefficientCount - 3)) }

    /// The spline with `coefficients[offset ..< offset + coefficientCount]` at every sample:
    /// value, rate (per s) and acceleration (per s²), written into the three arrays (each
    /// `sampleCount` long).
    func evaluate(_ coefficients: [Double], offset: Int = 0, value out: inout [Double], rate outRate: inout [Double],
                  acceleration outAcceleration: inout [Double]) {
        evaluate(coefficients, offset: offset, samples: 0..<sampleCount, value: &out, rate: &outRate,
                 acceleration: &outAcceleration)
    }

    /// `evaluate` for the samples in `samples` only (the other entries of the outputs are left
    /// as they are); each sample's numbers do not depend on the others.
    func evaluate(_ coefficients: [Double], offset: Int = 0, samples: Range<Int>, value out: inout [Double],
                  rate outRate: inout [Double], acceleration outAcceleration: inout [Double]) {
        coefficients.withUnsafeBufferPointer { c in
            value.withUnsafeBufferPointer { bv in
                rate.withUnsafeBufferPointer { br in
                    acceleration.withUnsafeBufferPointer { ba in
                        for i in samples {
                            var v = 0.0, r = 0.0, a = 0.0
                            let base = offset + first[i]
                            // Summed from the first basis function on, as `UniformCubicSpline.evaluate` does.
                            for j in 0..<4 {
                                let ck = c[base + j]
                                v += ck * bv[4 * i + j]
                                r += ck * br[4 * i + j]
                                a += ck * ba[4 * i + j]
                            }
                            out[i] = v
                            outRate[i] = r
                            outAcceleration[i] = a
                        }
                    }
                }
            }
        }
    }

    /// Coefficients whose spline fits `values` (one per sample) in least squares, as
    /// `UniformCubicSpline.leastSquares` (the same whisper of ridge).
    func leastSquares(values: [Double]) -> [Double]? {
        let n = coefficientCount
        var normal = [Double](repeating: 0, count: n * n)
        var rhs = [Double](repeating: 0, count: n)
        for i in 0..<sampleCount {
            let base = first[i]
            for j in 0..<4 {
                rhs[base + j] += value[4 * i + j] * values[i]
                for k in 0..<4 { normal[(base + j) * n + base + k] += value[4 * i + j] * value[4 * i + k] }
            }
        }
        for k in 0..<n { normal[k * n + k] += 1e-9 }
        var solution = [Double](repeating: 0, count: n)
        var factor = [Double](repeating: 0, count: n * n)
        guard DenseCholesky.solve(normal, rhs, size: n, factor: &factor, solution: &solution) else { return nil }
        return solution
    }
}

extension UniformCubicSpline {
    /// The four non-zero basis functions at `t` without allocating: the same formulas, in the
    /// same order of operations, as `basis(at:)`.
    func flatBasis(at t: Double) -> (first: Int, value: (Double, Double, Double, Double),
                                     rate: (Double, Double, Double, Double), acceleration: (Double, Double, Double, Double)) {
        let h = spacing
        let x = max(0, min(Double(intervals) - 1e-9, (t - start) / h))
        let piece = Int(x)
        let u = x - Double(piece)
        let u2 = u * u, u3 = u2 * u
        let value = ((1 - u) * (1 - u) * (1 - u) / 6, (3 * u3 - 6 * u2 + 4) / 6,
                     (-3 * u3 + 3 * u2 + 3 * u + 1) / 6, u3 / 6)
        let rate = (-(1 - u) * (1 - u) / 2 / h, (3 * u2 - 4 * u) / 2 / h, (-3 * u2 + 2 * u + 1) / 2 / h, u2 / 2 / h)
        let hh = h * h
        let acceleration = ((1 - u) / hh, (3 * u - 2) / hh, (-3 * u + 1) / hh, u / hh)
        return (piece, value, rate, acceleration)
    }
}

/// Solves a symmetric positive definite system stored flat (row-major, `size`²) by Cholesky, the
/// same operations in the same order as `PlanarSwingFit.solveSymmetric`.
enum DenseCholesky {
    /// Writes the solution of `a·x = b` into `solution`; `factor` (size²) is scratch. False when `a`
    /// is not positive definite.
    static func solve(_ a: [Double], _ b: [Double], size n: Int, factor l: inout [Double], solution x: inout [Double]) -> Bool {
        guard factorize(a, size: n, into: &l) else { return false }
        substitute(l, b, size: n, solution: &x)
        return true
    }

    /// Writes the lower Cholesky factor of `a` into `l` (size², overwritten); false when `a` is
    /// not positive definite.
    static func factorize(_ a: [Double], size n: Int, into l: inout [Double]) -> Bool {
        // The banded factor with a band as wide as the matrix and no border is this one, in the
        // same order of operations (the same bits), through buffer pointers: no bounds check per
        // product (the bell fits factor a 20 × 20 system on every damped try).
        precondition(a.count >= n * n && l.count >= n * n, "Cholesky: matrix smaller than size²")
        guard n > 0 else { return true }
        return a.withUnsafeBufferPointer { a in
            l.withUnsafeMutableBufferPointer { l in
                BandedCholesky.factorize(a.baseAddress!, size: n, band: n, border: 0, into: l.baseAddress!)
            }
        }
    }

    /// Solves L·Lᵀ·x = b with a factor from `factorize`, into `x` (size n).
    static func substitute(_ l: [Double], _ b: [Double], size n: Int, solution x: inout [Double]) {
        // Forward, then back substitution: the banded solver's with a full band.
        precondition(l.count >= n * n && b.count >= n && x.count >= n, "Cholesky: factor or vectors smaller than size")
        guard n > 0 else { return }
        l.withUnsafeBufferPointer { l in
            b.withUnsafeBufferPointer { b in
                x.withUnsafeMutableBufferPointer { x in
                    BandedCholesky.substitute(l.baseAddress!, b.baseAddress!, size: n, band: n, border: 0,
                                              solution: x.baseAddress!)
                }
            }
        }
    }
}

extension DampedLeastSquares {
    /// The full JᵀJ (row-major) and Jᵀr of `problem` at its current point, into the given
    /// buffers (sizes as `DampedLeastSquaresProblem.normalEquations` asks).
    static func formNormalEquations<Problem: DampedLeastSquaresProblem>(_ problem: Problem, normal: inout [Double],
                                                                       gradient: inout [Double], scratch: inout [Double],
                                                                       columns: inout [Int]) {
        let n = problem.unknownCount
        for k in 0..<(n * n) { normal[k] = 0 }
        for k in 0..<n { gradient[k] = 0 }
        normal.withUnsafeMutableBufferPointer { jtj in
            gradient.withUnsafeMutableBufferPointer { jtr in
                scratch.withUnsafeMutableBufferPointer { rows in
                    columns.withUnsafeMutableBufferPointer { indices in
                        // Non-nil: the arrays are not empty (n ≥ 1).
                        guard let jtj = jtj.baseAddress, let jtr = jtr.baseAddress, let rows = rows.baseAddress,
                              let indices = indices.baseAddress else { return }
                        problem.normalEquations(normal: jtj, gradient: jtr, scratch: rows, indices: indices)
                    }
                }
            }
        }
        // The lower triangle from the upper (the same sums: each product commutes exactly).
        for a in 0..<n { for b in (a + 1)..<max(a + 1, n) { normal[b * n + a] = normal[a * n + b] } }
    }

    /// Convenience for checks: the full JᵀJ and Jᵀr at the problem's current point.
    static func normalEquations<Problem: DampedLeastSquaresProblem>(of problem: Problem) -> (normal: [Double], gradient: [Double]) {
        let n = problem.unknownCount
        var normal = [Double](repeating: 0, count: n * n), gradient = [Double](repeating: 0, count: n)
        var scratch = [Double](repeating: 0, count: 4 * n + 128), columns = [Int](repeating: 0, count: 2 * n + 16)
        formNormalEquations(problem, normal: &normal, gradient: &gradient, scratch: &scratch, columns: &columns)
        return (normal, gradient)
    }

    /// Adds one Jacobian row's outer product into the upper triangle of `normal` (n × n,
    /// row-major) and row·residual into `gradient`. `columns` must ascend.
    @inline(__always)
    static func addRow(_ row: UnsafeMutablePointer<Double>, _ columns: UnsafeMutablePointer<Int>, _ count: Int,
                       residual: Double, normal: UnsafeMutablePointer<Double>, gradient: UnsafeMutablePointer<Double>,
                       size n: Int) {
        for u in 0..<count {
            let value = row[u]
            // A zero entry adds nothing (the constraint rows are zero outside the rep).
            if value == 0 { continue }
            let column = columns[u]
            gradient[column] += value * residual
            let line = normal + column * n
            for v in u..<count { line[columns[v]] += value * row[v] }
        }
    }
}

/// A nonlinear least-squares problem for `DampedLeastSquares.minimize`: it evaluates the cost
/// Σr² at a trial point (keeping what it needs for the Jacobian there), adopts the last trial as
/// its current point on request, and forms JᵀJ and Jᵀr (J = ∂model/∂x = −∂r/∂x) at its current point.
protocol DampedLeastSquaresProblem {
    var unknownCount: Int { get }
    mutating func trialCost(_ x: [Double]) -> Double
    /// The cost at `x` as `trialCost(_:)`, except that the evaluation may stop as soon as its
    /// running sum of squares reaches `bound` and return that partial sum (≥ `bound`; the trial's
    /// state is then incomplete and must not be accepted). The sum only grows, so the comparison
    /// with `bound` comes out as with the full cost.
    mutating func trialCost(_ x: [Double], bound: Double) -> Double
    mutating func acceptTrial()
    /// The same problem on every other sample (its pointwise rows halved, its integral rows
    /// approximating the same integrals, the row weights rescaled so that the cost is about half
    /// the full one and the rows keep their relative weights), over the same unknowns; nil when
    /// the samples are too sparse for that. `DampedLeastSquares.resume` iterates on it and
    /// evaluates the full problem at the point reached.
    func coarsened() -> Self?
    /// Adds JᵀJ (its upper triangle: row ≤ column, row-major, unknownCount²) and Jᵀr into
    /// `normal` and `gradient`, which come in zeroed. `scratch` holds 4·unknownCount + 128 numbers
    /// and `indices` 2·unknownCount + 16, for the rows' entries and columns.
    func normalEquations(normal: UnsafeMutablePointer<Double>, gradient: UnsafeMutablePointer<Double>,
                         scratch: UnsafeMutablePointer<Double>, indices: UnsafeMutablePointer<Int>)
}

extension DampedLeastSquaresProblem {
    mutating func trialCost(_ x: [Double], bound: Double) -> Double { trialCost(x) }
    func coarsened() -> Self? { nil }
}

/// The weights of an integral ∫ y dt over a regular grid (one per sample), moved onto every other
/// sample: each dropped sample's weight is split between its two kept neighbours (all of it to
/// the one neighbour at the grid's end), which is the integral of y interpolated linearly across
/// the dropped sample. The total weight (the interval's length) is kept.
func everyOtherSampleIntegralWeights(_ weights: [Double]) -> [Double] {
    let count = weights.count
    var coarse = [Double](repeating: 0, count: (count + 1) / 2)
    for i in 0..<count {
        if i % 2 == 0 {
            coarse[i / 2] += weights[i]
        } else if i + 1 < count {
            coarse[i / 2] += 0.5 * weights[i]
            coarse[i / 2 + 1] += 0.5 * weights[i]
        } else {
            coarse[i / 2] += weights[i]
        }
    }
    return coarse
}

enum DampedLeastSquares {
    /// Where a Levenberg–Marquardt run stands: the damping, the steps taken, and whether it has
    /// finished (converged, no try lowered the cost, or out of steps) or only paused at a looser
    /// tolerance.
    struct Run {
        var damping = 1e-3
        var iterations = 0
        var finished = false
        /// Whether the steps on the problem's coarse form (`coarsened()`) have been taken.
        var coarseDone = false
    }

    /// Steps on all samples after the coarse form's (see `resume`).
    static let fullStepsAfterCoarse = 2

    /// Levenberg–Marquardt from `x` (already evaluated and accepted by `problem`, cost `cost`):
    /// up to `maxIterations` steps, each the damping schedule of `PlanarSwingFit.dampedStep`
    /// (up to eight tries; damping ×10 after a try that does not lower the cost, ÷3 but not below
    /// 1e-7 after one that does), stopping when no try lowers the cost or a step lowers it by
    /// less than `relativeTolerance` of itself.
    static func minimize<Problem: DampedLeastSquaresProblem>(_ problem: inout Problem, x: inout [Double], cost: inout Double,
                                                            maxIterations: Int = 40, relativeTolerance: Double = 1e-6) {
        var run = Run()
        resume(&problem, x: &x, cost: &cost, run: &run, maxIterations: maxIterations, relativeTolerance: relativeTolerance)
    }

    /// `minimize` that can pause: with `pauseTolerance` it also stops (unfinished) after a step
    /// that lowers the cost by less than that fraction but not less than `relativeTolerance`.
    ///
    /// When the problem has a coarse form (`coarsened()`: every other sample), the steps are taken
    /// on it, until they converge or, with `pauseTolerance`, pause; the full problem is then
    /// evaluated (and accepted; `cost` is its cost) at the point reached, and the run finishes
    /// with `fullStepsAfterCoarse` steps on all samples: at once after converging, or when a
    /// paused run is resumed (so a screened start that goes on is finished from its coarse pause
    /// point, not taken on to the coarse minimum first). Why that holds: the unknowns are splines
    /// with knots 0.2 s apart, so the model carries nothing above ~2.5 Hz, and what it leaves in
    /// the residual (the pivot's own acceleration) is smooth on the scale of 10 ms; at 100 Hz
    /// every other sample still puts 10 samples on each spline piece, so the coarse minimum is
    /// next to the full one and the last steps close the gap (a rep's mean drive power moves by
    /// 0.05 % in the median), while each coarse step costs half. Without a coarse form, a paused
    /// run resumed with the same `run` takes exactly the steps `minimize` would have taken.
    static func resume<Problem: DampedLeastSquaresProblem>(_ problem: inout Problem, x: inout [Double], cost: inout Double,
                                                          run: inout Run, maxIterations: Int = 40,
                                                          relativeTolerance: Double = 1e-6, pauseTolerance: Double? = nil) {
        guard !run.finished else { return }
        if !run.coarseDone, var coarse = problem.coarsened() {
            var coarseCost = coarse.trialCost(x)
            coarse.acceptTrial()
            var coarseRun = Run(damping: run.damping)
            iterate(&coarse, x: &x, cost: &coarseCost, run: &coarseRun, maxIterations: maxIterations,
                    relativeTolerance: relativeTolerance, pauseTolerance: pauseTolerance)
            run.damping = coarseRun.damping
            run.coarseDone = true
            cost = problem.trialCost(x)
            problem.acceptTrial()
            // A start being screened pauses where its coarse steps stopped.
            if pauseTolerance != nil { return }
        }
        if run.coarseDone {
            // From there a few steps on all samples: the point is close to the full problem's
            // minimum, and Gauss–Newton's steps there are short and accepted.
            run.iterations = 0
            iterate(&problem, x: &x, cost: &cost, run: &run, maxIterations: Self.fullStepsAfterCoarse,
                    relativeTolerance: relativeTolerance, pauseTolerance: nil)
            run.finished = true
            return
        }
        iterate(&problem, x: &x, cost: &cost, run: &run, maxIterations: maxIterations,
                relativeTolerance: relativeTolerance, pauseTolerance: pauseTolerance)
    }

    /// The Levenberg–Marquardt steps of `resume` on `problem` itself.
    private static func iterate<Problem: DampedLeastSquaresProblem>(_ problem: inout Problem, x: inout [Double],
                                                                   cost: inout Double, run: inout Run, maxIterations: Int,
                                                                   relativeTolerance: Double, pauseTolerance: Double?) {
        let n = problem.unknownCount
        var normal = [Double](repeating: 0, count: n * n)
        var gradient = [Double](repeating: 0, count: n)
        var system = normal
        var factor = normal
        var step = gradient
        var trial = x
        var scratch = [Double](repeating: 0, count: 4 * n + 128)
        var columns = [Int](repeating: 0, count: 2 * n + 16)
        var damping = run.damping
        defer { run.damping = damping }
        while run.iterations < maxIterations {
            run.iterations += 1
            formNormalEquations(problem, normal: &normal, gradient: &gradient, scratch: &scratch, columns: &columns)
            var acceptedCost: Double?
            for _ in 0..<8 {
                for k in 0..<(n * n) { system[k] = normal[k] }
                for k in 0..<n { system[k * n + k] += damping * max(normal[k * n + k], 1e-9) }
                guard DenseCholesky.solve(system, gradient, size: n, factor: &factor, solution: &step) else {
                    damping *= 10
                    continue
                }
                for k in 0..<n { trial[k] = x[k] + step[k] }
                // A try is accepted only below `cost`: its evaluation can stop once it reaches it.
                let trialCost = problem.trialCost(trial, bound: cost)
                if trialCost < cost {
                    damping = max(damping / 3, 1e-7)
                    acceptedCost = trialCost
                    break
                }
                damping *= 10
            }
            guard let accepted = acceptedCost else {
                run.finished = true
                return
            }
            let reduction = cost - accepted
            let converged = reduction < relativeTolerance * cost
            let paused = pauseTolerance.map { reduction < $0 * cost } ?? false
            problem.acceptTrial()
            swap(&x, &trial)
            cost = accepted
            if converged {
                run.finished = true
                return
            }
            if paused { return }
        }
        run.finished = true
    }
}

/// Cholesky factorisation and solution for a symmetric positive definite matrix (flat, row-major,
/// size²) whose leading `size − border` rows and columns are a band of half-width `band`, with
/// `border` dense rows and columns last: the normal equations of a cubic spline's coefficients
/// (each sample couples four neighbours) and a few constants every sample shares.
///
/// Written by hand because the dense factorisation was a tenth of an accelerometer-only
/// hip-pull file's time, and almost all of its products are of exact zeros: the factor of such a
/// matrix has no entries outside the pattern (no fill-in: the dense part comes last), so the
/// sums here are those of `DenseCholesky` without their zero terms, in the same order, and give
/// the same bits (a zero product added changes no sum). O(size·band² + size·border·band) instead
/// of O(size³).
enum BandedCholesky {
    /// Writes the lower factor into `l` (size², every entry written); false when `a` is not
    /// positive definite.
    static func factorize(_ a: UnsafePointer<Double>, size n: Int, band: Int, border: Int,
                          into l: UnsafeMutablePointer<Double>) -> Bool {
        let banded = n - border
        l.update(repeating: 0, count: n * n)
        for i in 0..<n {
            let rowStart = i < banded ? max(0, i - band) : 0
            for j in rowStart...i {
                let columnStart = j < banded ? max(0, j - band) : 0
                var sum = a[i * n + j]
                var k = max(rowStart, columnStart)
                while k < j {
                    sum -= l[i * n + k] * l[j * n + k]
                    k += 1
                }
                if i == j {
                    guard sum > 0 else { return false }
                    l[i * n + i] = sum.squareRoot()
                } else {
                    l[i * n + j] = sum / l[j * n + j]
                }
            }
        }
        return true
    }

    /// Solves L·Lᵀ·x = b with a factor from `factorize` (the same `band` and `border`), into `x`.
    static func substitute(_ l: UnsafePointer<Double>, _ b: UnsafePointer<Double>, size n: Int, band: Int, border: Int,
                           solution x: UnsafeMutablePointer<Double>) {
        let banded = n - border
        for i in 0..<n {
            var sum = b[i]
            var k = i < banded ? max(0, i - band) : 0
            while k < i {
                sum -= l[i * n + k] * x[k]
                k += 1
            }
            x[i] = sum / l[i * n + i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            var sum = x[i]
            // Rows below i with an entry in column i: the band's, then the dense border's.
            var k = i + 1
            let bandEnd = min(banded, i + band + 1)
            while k < bandEnd {
                sum -= l[k * n + i] * x[k]
                k += 1
            }
            k = max(i + 1, banded)
            while k < n {
                sum -= l[k * n + i] * x[k]
                k += 1
            }
            x[i] = sum / l[i * n + i]
        }
    }

    /// Array form: the solution of `a·x = b`, or nil when `a` is not positive definite.
    static func solve(_ a: [Double], _ b: [Double], size n: Int, band: Int, border: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: n * n)
        var x = [Double](repeating: 0, count: n)
        let ok = l.withUnsafeMutableBufferPointer { l -> Bool in
            guard let lp = l.baseAddress, factorize(a, size: n, band: band, border: border, into: lp) else { return false }
            x.withUnsafeMutableBufferPointer { x in
                if let xp = x.baseAddress { substitute(lp, b, size: n, band: band, border: border, solution: xp) }
            }
            return true
        }
        return ok ? x : nil
    }
}
