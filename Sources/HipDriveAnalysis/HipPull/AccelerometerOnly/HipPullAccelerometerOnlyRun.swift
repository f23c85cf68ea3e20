import Foundation
import HipDriveRecordings

// Accelerometer-only hip pulls: one hinge for the whole run, with the pelvis rhythm's curvature.
//
// Why per-rep fits went wrong (sessions whose strokes read +60 % or −25 %): without a gyroscope
// the angle φ and the hips' acceleration share the direction of f. A tilt δφ turns g·u into
// g·δφ·J u, exactly the direction of the hips' horizontal acceleration, so the DIRECTION of f
// only tells φ + atan(A/g); the scale of the travel comes from the second-order effects: the size
// |f| ≈ g + A²/2g and the lever's centripetal terms. Anything else that moves |f| or the lever's
// terms moves L. The largest such thing is the shape of the hinge itself: the lumbo-pelvic rhythm
// is not linear (the pelvis turns late or early in the descent), so the hips' travel per radian
// changes by ±30–40 % between lockout and turnaround. Its acceleration x′(φ)φ̈ + x″φ̇² has a
// φ̇² part that a linear hinge can only explain through the lever's centripetal term φ̇²p; the
// lever then comes out twice its length and L follows it (simulated: pelvis turning late,
// β = −0.31, L 0.75–1.0 m/rad against a true 0.38–0.73, strokes +55…+90 %; turning early,
// β = +0.39: −22 %; the same sessions with a linear rhythm: +2…+18 %).
//
// Fix: the hips' travel is x = L·(φ − φ₀) + K·(φ − φ₀)², the same form as the gyroscope's hinge
// (HipPullGyroHinge.swift), with L, K and the lever shared by every rep of the run (they belong
// to the athlete's build and stance and the belt's place, fixed within a run) and one angle
// spline per rep. Per rep, K, L and the lever trade off (Python prototype: K from −0.4 to +0.4
// m/rad² rep to rep); over a run whose reps share the constants they separate (the same session:
// K −0.25 against a true −0.25, strokes −10 % instead of +55 %), because every rep adds its own
// angle but no new constants. The joint least squares is solved by Levenberg–Marquardt with the
// reps' spline blocks eliminated (a Schur complement onto the four constants), so its cost grows
// with the number of reps, not its square. φ₀ is the run's mean angle in a plane common to the run.
//
// K is used only when the run determines it (at least `hingeCurvatureSignificance` standard
// errors from zero, residuals counted one per `hingeResidualCorrelationS`, as for the gyroscope)
// and the hips move one way over the whole range of angles (dx/dφ keeps its sign: a hinge).
// Otherwise the reps keep their own linear fits with the run's median L, as before.
//
// Left out: the hip joint's drop of a few cm as the hips go back (a vertical travel along u). It
// trades off against the lever even over a run (prototype: the lever went from 0.25 to 0.44 m)
// and is not used.
extension HipHingeFit {
    /// The run's reps fitted together (see the file's notes). `windows` holds each rep's
    /// sensor-frame specific force (m/s², interval `dt`) and which samples are usable, nil for a
    /// rep without a window. Returns one fit per rep (nil where there is none) and whether the
    /// fits share the run's curved hinge (true) or are each rep's own linear fit (false).
    /// `measured`: the fits the power is measured with, the data's own (`fits`) or, for a run
    /// that is not a plausible hip hinge, the anatomy's (HipPullAccelerometerOnlyAnatomy.swift);
    /// `fits` stay the data's (the final drive's sign test asks the data).
    static func fitRun(_ windows: [(force: [Vector3], usable: [Bool])?], dt: Double, debug: Bool = false)
        -> (fits: [HipHingeFit?], shared: Bool, measured: [HipHingeFit?]) {
        let all = windows.compactMap { $0 }.flatMap { $0.force }
        guard let plane = HingePlane(all) else {
            let fits = windows.map { $0.flatMap { fit(force: $0.force, dt: dt, usable: $0.usable) } }
            return (fits, false, fits)
        }
        let problems = windows.map { $0.flatMap { HingeWindow(force: $0.force, dt: dt, usable: $0.usable, plane: plane) } }
        let alone = problems.map { $0?.fitAlone() }
        let run: (fits: [HipHingeFit?], shared: Bool)
        if let joint = fitJointly(problems, alone: alone, dt: dt, debug: debug) {
            run = (zip(alone, joint).map { $1 ?? $0 }, true)
        } else {
            run = (alone, false)
        }
        // A run the data determine as a hip hinge keeps its fits; its reps whose own fit is not a
        // hinge of the physical sign get the run's L held (their angle and lever fitted) rather
        // than their integrated kinematics (the tilt read as travel). Otherwise the run's L is
        // chosen by the anatomy (HipPullAccelerometerOnlyAnatomy.swift).
        let count = problems.compactMap { $0 }.count
        if isPlausibleRun(run.fits, windows: count) {
            guard let median = SignalMath.median(run.fits.compactMap { $0 }.filter(\.isForwardHinge).map(\.travelPerRadian))
            else { return (run.fits, run.shared, run.fits) }
            let fits = zip(run.fits, problems).map { fit, problem -> HipHingeFit? in
                if let fit, fit.isForwardHinge { return fit }
                guard var held = problem?.fitHeld(travelPerRadian: median)?.fit else { return fit }
                held.anatomicalPrior = true
                if debug { print("accel-only hinge rep held at the run's L", median, "rms", held.residualRMS) }
                return held
            }
            return (run.fits, run.shared, fits)
        }
        if debug { print("accel-only hinge run not a plausible hip hinge: L from the anatomy") }
        guard let anatomical = fitAnatomical(problems, debug: debug) else { return (run.fits, run.shared, run.fits) }
        return (run.fits, false, anatomical)
    }

    /// The joint fit of the reps whose own fits are hinges of the run's sense; nil when the run
    /// does not determine a curvature (or has fewer than three such reps).
    private static func fitJointly(_ problems: [HingeWindow?], alone: [HipHingeFit?], dt: Double, debug: Bool) -> [HipHingeFit?]? {
        // In a plane common to the run the hips' sense of travel is the same in every rep: a rep
        // whose own L has the other sign settled in a wrong basin and is left out.
        let hinges = alone.indices.filter { alone[$0]?.isHinge == true && problems[$0] != nil }
        let positive = hinges.filter { (alone[$0]?.travelPerRadian ?? 0) > 0 }.count
        let sign: Double = 2 * positive >= hinges.count ? 1 : -1
        let members = hinges.filter { (alone[$0]?.travelPerRadian ?? 0) * sign > 0 }
        guard members.count >= 3 else { return nil }
        let windows = members.compactMap { problems[$0] }
        // Each rep's angle is unwrapped within its own window: a whole turn apart from the next
        // rep's is the same attitude, but K·(φ − φ₀)² needs one level for the run. The reps are
        // brought within half a turn of the first one's mean (the spline's basis sums to one, so
        // a constant added to every coefficient adds it to the angle).
        var ownFits = members.compactMap { alone[$0] }
        func meanAngle(_ fit: HipHingeFit) -> Double {
            fit.times.reduce(0) { $0 + fit.angle(at: $1).value } / Double(max(1, fit.times.count))
        }
        if let reference = ownFits.first.map(meanAngle) {
            for k in ownFits.indices {
                let turns = ((meanAngle(ownFits[k]) - reference) / (2 * Double.pi)).rounded()
                if turns != 0 { ownFits[k].coefficients = ownFits[k].coefficients.map { $0 - 2 * Double.pi * turns } }
            }
        }
        var coefficients = ownFits.map(\.coefficients)
        let angles = ownFits.flatMap { fit in fit.times.map { fit.angle(at: $0).value } }
        let origin = angles.reduce(0, +) / Double(max(1, angles.count))
        var constants = HingeConstants(travelPerRadian: SignalMath.median(ownFits.map(\.travelPerRadian)) ?? 0,
                                       leverX: SignalMath.median(ownFits.map(\.lever.0)) ?? 0,
                                       leverY: SignalMath.median(ownFits.map(\.lever.1)) ?? 0,
                                       curvature: 0, origin: origin)
        var residuals = zip(windows, coefficients).map { $0.residuals($1, constants) }
        var cost = residuals.reduce(0) { $0 + HingeWindow.cost($1) }
        var damping = 1e-3
        var schur: [Double] = []
        let m = HingeConstants.count
        for _ in 0..<Self.jointIterations {
            let blocks = zip(windows, zip(coefficients, residuals)).map { $0.normal($1.0, constants, $1.1) }
            var accepted = false
            for _ in 0..<8 {
                guard let step = Self.schurStep(blocks, damping: damping) else { damping *= 10; continue }
                let trialConstants = constants.adding(step.constants)
                let trialCoefficients = zip(coefficients, step.splines).map { zip($0, $1).map { $0 + $1 } }
                let trialResiduals = zip(windows, trialCoefficients).map { $0.residuals($1, trialConstants) }
                let trialCost = trialResiduals.reduce(0) { $0 + HingeWindow.cost($1) }
                if trialCost < cost {
                    damping = max(damping / 3, 1e-7)
                    let gain = (cost - trialCost) / max(cost, 1e-12)
                    constants = trialConstants; coefficients = trialCoefficients; residuals = trialResiduals; cost = trialCost
                    accepted = gain > 1e-7
                    break
                }
                damping *= 10
            }
            if !accepted { break }
        }
        // The constants' covariance: the inverse of the undamped Schur complement, scaled by the
        // residual variance with one observation per correlation time.
        let blocks = zip(windows, zip(coefficients, residuals)).map { $0.normal($1.0, constants, $1.1) }
        schur = Self.schurComplement(blocks, damping: 0)?.matrix ?? []
        let rows = residuals.reduce(0) { $0 + $1.count }
        let correlated = max(1, MotionRepFinder.hingeResidualCorrelationS / dt)
        let variance = cost / Double(max(1, rows - m - coefficients.reduce(0) { $0 + $1.count })) * correlated
        guard schur.count == m * m, let curvatureColumn = solveFlatSymmetric(schur, m, unit(3, m)) else { return nil }
        let standardError = (max(0, variance * curvatureColumn[3])).squareRoot()
        // The angles the run covers: dx/dφ = L + 2K(φ − φ₀) keeps its sign over them (a hinge).
        var fitted = zip(ownFits, coefficients).map { fit, c -> HipHingeFit in
            var out = fit
            out.coefficients = c; out.travelPerRadian = constants.travelPerRadian; out.curvature = constants.curvature
            out.origin = origin; out.lever = (constants.leverX, constants.leverY)
            return out
        }
        let covered = fitted.flatMap { fit in fit.times.map { fit.angle(at: $0).value } }
        let low = covered.min() ?? origin, high = covered.max() ?? origin
        let L = constants.travelPerRadian, K = constants.curvature
        let monotonic = (L + 2 * K * (low - origin)) * L > 0 && (L + 2 * K * (high - origin)) * L > 0
        let determined = abs(K) >= MotionRepFinder.hingeCurvatureSignificance * standardError
        for index in fitted.indices {
            fitted[index].residualRMS = (HingeWindow.cost(residuals[index]) / Double(max(1, residuals[index].count))).squareRoot()
        }
        if debug {
            print("accel-only hinge run: L", L, "K", K, "±", standardError, "lever", constants.leverX, constants.leverY,
                  "angles", low - origin, high - origin, "monotonic", monotonic, "reps", members.count)
        }
        guard determined, monotonic, fitted.allSatisfy({ $0.isHinge }) else { return nil }
        var out = [HipHingeFit?](repeating: nil, count: problems.count)
        for (k, index) in members.enumerated() { out[index] = fitted[k] }
        // The other reps (their own fit settled in a wrong basin or is not a hinge: one rep's
        // data against the angle and the constants) get the run's constants, which belong to the
        // athlete and the belt, and only their angle is fitted.
        for index in problems.indices where out[index] == nil {
            guard let window = problems[index], let fit = window.fitAngle(constants), fit.isHinge else { continue }
            out[index] = fit
        }
        return out
    }

    /// Levenberg–Marquardt steps of the joint fit at most: it starts from the reps' own fits, so
    /// it needs to move the constants and the angles only by the curvature's share.
    static let jointIterations = 30

    /// The Schur complement of the reps' spline blocks onto the constants (m×m, row-major) and its
    /// right-hand side, with the diagonal damped by `damping` (Levenberg–Marquardt); also each
    /// rep's damped spline block's solution pieces for the back-substitution.
    private static func schurComplement(
        _ blocks: [(splineBlock: [Double], crossBlock: [Double], constantBlock: [Double], splineGradient: [Double], constantGradient: [Double])],
        damping: Double
    ) -> (matrix: [Double], rhs: [Double], solved: [(gradient: [Double], cross: [Double])])? {
        let m = HingeConstants.count
        var matrix = [Double](repeating: 0, count: m * m)
        var rhs = [Double](repeating: 0, count: m)
        var solved: [(gradient: [Double], cross: [Double])] = []
        for block in blocks {
            let n = block.splineGradient.count
            var a = block.splineBlock
            for i in 0..<n { a[i * n + i] += damping * max(a[i * n + i], 1e-9) }
            // A⁻¹·[g | B]: one factorisation, m + 1 right-hand sides.
            guard let factor = splineFactor(a, n) else { return nil }
            let ag = splineSolve(factor, n, block.splineGradient)
            var ab = [Double](repeating: 0, count: n * m)
            for k in 0..<m {
                let column = splineSolve(factor, n, (0..<n).map { block.crossBlock[$0 * m + k] })
                for i in 0..<n { ab[i * m + k] = column[i] }
            }
            for k in 0..<m {
                var sum = block.constantGradient[k]
                for i in 0..<n { sum -= block.crossBlock[i * m + k] * ag[i] }
                rhs[k] += sum
                for l in 0..<m {
                    var s = block.constantBlock[k * m + l]
                    for i in 0..<n { s -= block.crossBlock[i * m + k] * ab[i * m + l] }
                    matrix[k * m + l] += s
                }
            }
            solved.append((ag, ab))
        }
        for k in 0..<m { matrix[k * m + k] += damping * max(matrix[k * m + k], 1e-9) }
        return (matrix, rhs, solved)
    }

    /// One damped joint step: the constants' step and each rep's spline step.
    private static func schurStep(
        _ blocks: [(splineBlock: [Double], crossBlock: [Double], constantBlock: [Double], splineGradient: [Double], constantGradient: [Double])],
        damping: Double
    ) -> (constants: [Double], splines: [[Double]])? {
        let m = HingeConstants.count
        guard let reduced = schurComplement(blocks, damping: damping),
              let constants = solveFlatSymmetric(reduced.matrix, m, reduced.rhs) else { return nil }
        // Each rep: δc = A⁻¹(g − B δk).
        let splines = reduced.solved.map { piece -> [Double] in
            let n = piece.gradient.count
            return (0..<n).map { i in
                var v = piece.gradient[i]
                for k in 0..<m { v -= piece.cross[i * m + k] * constants[k] }
                return v
            }
        }
        return (constants, splines)
    }

    private static func unit(_ k: Int, _ m: Int) -> [Double] { (0..<m).map { $0 == k ? 1 : 0 } }

    /// Lower Cholesky factor of a symmetric positive-definite n×n matrix (row-major), nil if it
    /// is not positive definite (`DenseCholesky`).
    static func choleskyFactor(_ a: [Double], _ n: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: n * n)
        return DenseCholesky.factorize(a, size: n, into: &l) ? l : nil
    }

    /// Solves L·Lᵀ·x = b with the factor from `choleskyFactor`.
    static func choleskySolve(_ l: [Double], _ n: Int, _ b: [Double]) -> [Double] {
        var x = [Double](repeating: 0, count: n)
        DenseCholesky.substitute(l, b, size: n, solution: &x)
        return x
    }

    /// Half-width of the band of a spline block's normal matrix: a cubic B-spline sample touches
    /// four consecutive coefficients.
    static let splineBand = 3

    /// Lower Cholesky factor of a spline block (n×n, row-major, banded: `BandedCholesky`, the
    /// same bits as `choleskyFactor` at a fraction of the cost), nil if not positive definite.
    static func splineFactor(_ a: [Double], _ n: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: n * n)
        let ok = l.withUnsafeMutableBufferPointer { l in
            l.baseAddress.map { BandedCholesky.factorize(a, size: n, band: splineBand, border: 0, into: $0) } ?? false
        }
        return ok ? l : nil
    }

    /// Solves L·Lᵀ·x = b with the factor from `splineFactor`.
    static func splineSolve(_ l: [Double], _ n: Int, _ b: [Double]) -> [Double] {
        var x = [Double](repeating: 0, count: n)
        x.withUnsafeMutableBufferPointer { x in
            if let xp = x.baseAddress { BandedCholesky.substitute(l, b, size: n, band: splineBand, border: 0, solution: xp) }
        }
        return x
    }

    static func solveFlatSymmetric(_ a: [Double], _ n: Int, _ b: [Double]) -> [Double]? {
        choleskyFactor(a, n).map { choleskySolve($0, n, b) }
    }
}

extension HingeWindow {
    /// The rep's angle fitted with the run's `constants` held (Levenberg–Marquardt on the spline
    /// alone), from the same starts as `fitAlone` placed at the run's level (whole turns apart
    /// are the same attitude); nil when no start converges.
    func fitAngle(_ constants: HingeConstants) -> HipHingeFit? {
        let count = tilt.count
        let mean = tilt.reduce(0, +) / Double(count)
        let level = -2 * Double.pi * ((mean - constants.origin) / (2 * Double.pi)).rounded()
        let starts = [zip(tilt, apparent).map { $0 - $1 + level }, zip(tilt, apparent).map { $0 + $1 + level },
                      tilt.map { $0 + level }]
        let n = spline.count
        func refine(_ start: [Double], iterations: Int) -> (cost: Double, x: [Double], residuals: [Double]) {
            var x = start
            var r = residuals(x, constants)
            var current = Self.cost(r)
            var damping = 1e-3
            for _ in 0..<iterations {
                let blocks = normal(x, constants, r)
                var accepted = false
                for _ in 0..<8 {
                    var a = blocks.splineBlock
                    for i in 0..<n { a[i * n + i] += damping * max(a[i * n + i], 1e-9) }
                    guard let step = BandedCholesky.solve(a, blocks.splineGradient, size: n, band: HipHingeFit.splineBand, border: 0)
                    else { damping *= 10; continue }
                    let trial = zip(x, step).map { $0 + $1 }
                    let trialResiduals = residuals(trial, constants)
                    let trialCost = Self.cost(trialResiduals)
                    if trialCost < current {
                        damping = max(damping / 3, 1e-7)
                        let gain = (current - trialCost) / max(current, 1e-12)
                        x = trial; r = trialResiduals; current = trialCost
                        accepted = gain > 1e-7
                        break
                    }
                    damping *= 10
                }
                if !accepted { break }
            }
            return (current, x, r)
        }
        let screened = starts.compactMap { basis.leastSquares(values: $0) }
            .map { refine($0, iterations: 4) }
            .sorted { $0.cost < $1.cost }
        guard let start = screened.first else { return nil }
        let best = refine(start.x, iterations: 30)
        return HipHingeFit(times: times, spline: spline, coefficients: best.x, travelPerRadian: constants.travelPerRadian,
                           curvature: constants.curvature, origin: constants.origin,
                           lever: (constants.leverX, constants.leverY),
                           residualRMS: (best.cost / Double(max(1, best.residuals.count))).squareRoot())
    }
}
