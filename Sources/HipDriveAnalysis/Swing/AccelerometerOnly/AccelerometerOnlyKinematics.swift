import Foundation
import HipDriveRecordings

// Accelerometer-only orientation within one swing rep, from the physics of a pendulum.
//
// Without a gyroscope the trace's tilt comes from the low-passed specific force, which cannot
// follow a bell that turns through 150–270° within a second. Within one rep (turnaround to
// turnaround) the motion itself says how the sensor turned:
//
// * The swing is nearly planar: the arm turns about one axis n that is fixed in the sensor frame
//   and horizontal in the world. n is the smallest principal axis of the specific force over the
//   rep (the force has little component along it). In the plane ⟂ n the world's up direction
//   sits at an angle φ(t), and it turns exactly as fast as the sensor does (φ̇ = −ω).
// * The sensor is a point of a rigid body turning about a pivot (the shoulder, through the arm).
//   With p the vector from the sensor to the pivot in the sensor frame (fixed, |p| the swing
//   radius), rigid-body kinematics give, in the sensor frame,
//       f(t) = φ̇² p + φ̈ J p + g u(φ) + Rᵀ a_pivot,
//   with u(φ) = (cos φ, sin φ) the world's up in the plane and J the 90° turn about n: that is
//   the brief's radial r·θ̇² + g·cos θ and tangential r·θ̈ + g·sin θ, written for any p. The
//   pivot's own acceleration (the shoulder rides on the hinging torso, 2–4 m/s²) is the model's
//   residual.
// * The bell is at rest at both turnarounds, so ∫ (R f − g ẑ) dt = 0 over the rep, exactly,
//   whatever the pivot does; the arm stops there too (φ̇ ≈ 0); and the bell comes back to
//   nearly where it turned around (∫∫ a dt² ≈ 0).
//
// φ(t) is a cubic B-spline over the rep; it and p are fitted to those relations by damped
// Gauss–Newton (Levenberg–Marquardt), started from the best of a grid of one-cycle swings
// (φ = c − A cos 2πτ, p by linear least squares for each). The rep's world-frame acceleration
// is then the measured specific force turned by φ(t), minus g: the pivot's acceleration, which
// the model left out, is still in the measurement.
//
// On a bell sensor the attitude is then refitted apart from the arm's angle (the bell turns in
// the grip): AccelerometerOnlySwingPath.swift.
//
// When the fit does not hold (a rep that hardly turns; off the bell also a residual larger than a
// pivot can explain, see `accelerometerOnlyFitHolds`) the rep keeps the trace's own orientation;
// the analysis notes say that power without a gyroscope has reduced accuracy.

/// One rep's planar swing fit: the plane, the up angle per sample and the fit quality.
struct PlanarSwingFit {
    /// Sensor-frame unit vectors: e1, e2 span the swing plane, n = e1 × e2 is the arm's axis.
    var e1: Vector3
    var e2: Vector3
    var n: Vector3
    /// World-up angle in the plane, rad, per sample of the rep (up = cos φ e1 + sin φ e2).
    var upAngle: [Double]
    /// Its rate, rad/s (the sensor's rotation rate about the arm axis, sign aside).
    var upRate: [Double]
    /// Sensor-to-pivot vector in the plane (e1, e2 components), m.
    var pivot: (Double, Double)
    /// Root-mean-square model residual over the rep, m/s² (the pivot's unmodelled acceleration).
    var residualRMS: Double
    /// Range of φ over the rep, rad (how far the sensor turned).
    var turn: Double
    /// Sensor-frame unit axis about which world-up turns (φ rising) as the drive leaves the
    /// turnaround: n when φ first moves up from its turnaround value, −n when it moves down.
    /// Every rep of a set turns the same way about the same axis (see `driveSense` in `fit`).
    var driveAxis: Vector3

    /// Residuals larger than this, m/s², are more than a moving pivot explains: the shoulder rides
    /// on the hinging torso, about 0.2–0.3 m of travel at the swing's 0.5–0.6 Hz plus the hip
    /// snap, a few m/s²; 0.45 g leaves room for that and for sensor noise, not for a motion that
    /// is not a swing about a pivot.
    static let maximumResidualRMS = 0.45 * standardGravity
    /// A rep that turns less than this, rad, is not a pendulum swing (a swing turns the arm
    /// through 120–270°; a hip pull tilts the pelvis by tens of degrees).
    static let minimumTurn = 60 * Double.pi / 180
    /// Spacing of the spline's knots, s. The bell's orientation over a rep is one smooth
    /// back-and-forth of 1.5–2 s; knots every 0.2 s (8–10 pieces) follow its asymmetric drive and
    /// return, and are too coarse for the angle to wiggle after the pivot's own accelerations
    /// (the hip snap lasts about 0.2 s), which the model leaves in the residual.
    static let knotSpacingS = 0.2
    /// Distinct starting swings refined per rep (the grid's best few).
    static let startCount = 4

    /// A start's refinement pauses after a step that gains less than this fraction of the cost
    /// (the fit's own tolerance is 1e-6): by then it has left the grid's rough swing and sits in
    /// its valley, so the starts can be compared.
    static let pauseTolerance = 1e-3
    /// A paused start whose cost is within this fraction of the best one's is also refined to
    /// the end (its remaining gain is of the order of the tolerance times its remaining steps).
    static let contenderMargin = 0.02

    var isPendulumLike: Bool {
        residualRMS <= Self.maximumResidualRMS && turn >= Self.minimumTurn
    }

    /// Fits one rep. `force` holds the sensor-frame specific force of the rep's samples (m/s²),
    /// `dt` the sampling interval (s), `startOffset`/`endOffset` the turnaround and end as
    /// fractional positions within `force` (the bell is at rest there), `usable[i]` false for
    /// samples not to be trusted pointwise (clipped).
    /// With `atRest` false the rest rows are left out (turnarounds not known, only roughly where
    /// `startOffset` and `endOffset` say), so that the arm's own stops (φ̇ = 0) can be read off.
    /// `starts`: how many of the grid's best distinct swings are refined (`startCount`); with
    /// `finish` false the refinement ends where the starts pause (`pauseTolerance`), not at
    /// full convergence.
    /// `driveSense`: the sensor-frame axis the set's other reps turn about in their drive
    /// (`driveAxis`); when given, only fits that turn the same way are considered (nil when none
    /// does).
    static func fit(force: [Vector3], dt: Double, startOffset: Double, endOffset: Double,
                    usable: [Bool], atRest: Bool = true, starts startLimit: Int = startCount,
                    finish: Bool = true, driveSense: Vector3? = nil) -> PlanarSwingFit? {
        let count = force.count
        guard count >= 12, endOffset > startOffset else { return nil }
        // The plane: the arm's axis is the direction along which the force varies least.
        guard let axes = principalAxes(force) else { return nil }
        let n = axes.smallest
        var e1 = axes.largest
        e1 = (e1 - n * n.dot(e1)).normalized
        let e2 = n.cross(e1)
        let forceX = force.map { $0.dot(e1) }, forceY = force.map { $0.dot(e2) }

        // Time axis: seconds from the first sample; the spline spans all samples.
        let duration = Double(count - 1) * dt
        let intervals = max(4, Int((duration / knotSpacingS).rounded()))
        let spline = UniformCubicSpline(start: 0, end: duration, intervals: intervals)
        let times = (0..<count).map { Double($0) * dt }
        let basis = SampledSplineBasis(spline: spline, sampleCount: count, dt: dt)
        let t0 = startOffset * dt, t1 = endOffset * dt

        // Trapezoid weights of the rep interval [t0, t1] on the samples (for ∫ … dt).
        let weights = Self.trapezoidWeights(times: times, from: t0, to: t1)
        let used = (0..<count).filter { usable[$0] }
        guard used.count >= 10 else { return nil }

        // Starts: one-cycle swings φ = c − A cos(2π τ), τ from turnaround to end, on a grid of
        // offsets c and amplitudes A (either sense of rotation); p by linear least squares for each.
        // The best few distinct ones are refined and the lowest final cost wins: a single start
        // can settle in a shallow swing with an implausibly long arm.
        let w = 2 * Double.pi / (t1 - t0)
        var candidates = startingSwings(forceX: forceX, forceY: forceY, times: times, t0: t0, frequency: w, samples: used,
                                        sorted: startLimit > 1)
        // A start φ = c − A cos 2πτ rises from the turnaround when A > 0: it turns about n.
        if let driveSense {
            candidates = candidates.filter { (n * ($0.amplitude > 0 ? 1 : -1)).dot(driveSense) > 0 }
        }
        // One start: the grid's best, without sorting the grid (the first of equal costs, as the stable sort).
        if startLimit == 1, let best = candidates.indices.min(by: { candidates[$0].cost < candidates[$1].cost }) {
            candidates = [candidates[best]]
        }
        var starts: [(c: Double, amplitude: Double)] = []
        for candidate in candidates where starts.count < startLimit {
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
        var restRates: [(first: Int, rate: (Double, Double, Double, Double))] = []
        if atRest {
            for t in [t0, t1] {
                let b = spline.flatBasis(at: t)
                restRates.append((first: b.first, rate: b.rate))
            }
        }
        var problem = RigidSwingProblem(basis: basis, forceX: forceX, forceY: forceY, used: used,
                                        constraints: constraints, restRates: restRates, restWeight: zuptWeight)
        // Each start is refined until its steps gain less than `pauseTolerance` of the cost; then
        // only the best of them, and any other that is within `contenderMargin` of it, goes on to
        // full convergence. The starts that lose spend most of their steps creeping along a
        // shallow valley, so this costs a fraction of refining every start to the end, and when
        // the best start at the pause is the best at the end it gives nearly the same fit: the
        // screening steps run on the problem's every-other-sample form (`coarsened()`,
        // AccelerometerOnlyFitCore.swift), so a start resumed from its pause finishes with full
        // steps from the coarse point rather than repeating exactly the steps of one run.
        var refined: [(cost: Double, x: [Double], run: DampedLeastSquares.Run, state: RigidSwingState)] = []
        var rate = [Double](repeating: 0, count: count), acceleration = rate, phi = rate
        let planar = (0..<count).map { (forceX[$0], forceY[$0]) }
        // cos(ω (t − t0)) once for all starts (the same numbers as per start).
        let startPhase = times.map { cos(w * ($0 - t0)) }
        for start in starts {
            let initial = startPhase.map { start.c - start.amplitude * $0 }
            guard let coefficients = basis.leastSquares(values: initial) else { continue }
            basis.evaluate(coefficients, value: &phi, rate: &rate, acceleration: &acceleration)
            guard let (p, _) = solvePivot(planar: planar, phi: phi, rate: rate, acceleration: acceleration,
                                          samples: used, withCost: false) else { continue }
            var x = coefficients + [p.0, p.1]
            var currentCost = problem.trialCost(x)
            problem.acceptTrial()
            var run = DampedLeastSquares.Run()
            DampedLeastSquares.resume(&problem, x: &x, cost: &currentCost, run: &run, pauseTolerance: Self.pauseTolerance)
            refined.append((currentCost, x, run, problem.current))
        }
        // Resume in order of cost at the pause; a start is worth finishing when its paused cost is
        // within the margin of the best cost found so far.
        let insideRep = (0..<count).filter { times[$0] >= t0 && times[$0] <= t1 }
        func driveAxis(_ state: RigidSwingState) -> Vector3 {
            let inside = insideRep.map { state.value[$0] }
            guard let first = inside.first,
                  let furthest = inside.max(by: { abs($0 - first) < abs($1 - first) }) else { return n }
            return furthest >= first ? n : n * -1
        }
        var bestFit: (cost: Double, x: [Double], state: RigidSwingState)?
        for index in refined.indices.sorted(by: { refined[$0].cost < refined[$1].cost }) {
            var (currentCost, x, run, state) = refined[index]
            if let best = bestFit, currentCost > best.cost * (1 + Self.contenderMargin) { continue }
            if !run.finished && finish {
                problem.current = state
                DampedLeastSquares.resume(&problem, x: &x, cost: &currentCost, run: &run)
                state = problem.current
            }
            if let driveSense, driveAxis(state).dot(driveSense) <= 0 { continue }
            if bestFit == nil || currentCost < bestFit?.cost ?? .infinity { bestFit = (currentCost, x, state) }
        }
        guard let chosen = bestFit else { return nil }
        let state = chosen.state
        let k = spline.count
        let rms = (state.pointwiseSquares / Double(used.count)).squareRoot()
        let inside = insideRep.map { state.value[$0] }
        let turn = (inside.max() ?? 0) - (inside.min() ?? 0)
        return PlanarSwingFit(e1: e1, e2: e2, n: n, upAngle: state.value, upRate: state.rate,
                              pivot: (chosen.x[k], chosen.x[k + 1]), residualRMS: rms, turn: turn,
                              driveAxis: driveAxis(state))
    }

    /// The grid of starting swings φ = c − A cos(ω (t − t0)) (offsets c every 10°, amplitudes
    /// ±40…160° every 20°), each with its least-squares pivot, sorted by cost (best first; in grid
    /// order when `sorted` is false).
    ///
    /// The model is linear in p, so a candidate's cost is ‖f − g u(φ)‖² − |b|²/a with a = Σ s⁴ + φ̈²
    /// and b the pivot's right-hand side (see `solvePivot`); with cos(c − x) = cos c cos x + sin c sin x
    /// every sum splits into sums over the samples that depend on the amplitude only, times cos c
    /// and sin c. So the 504 candidates cost 7 sine/cosine pairs per sample (the amplitude's sign
    /// only flips the sine), not 504: the grid was a third of the fit's time.
    static func startingSwings(forceX: [Double], forceY: [Double], times: [Double], t0: Double, frequency w: Double,
                               samples: [Int], sorted: Bool = true) -> [(cost: Double, c: Double, amplitude: Double)] {
        let g = standardGravity
        var forceSquares = 0.0
        for i in samples { forceSquares += forceX[i] * forceX[i] + forceY[i] * forceY[i] }
        let gravitySquares = Double(samples.count) * g * g
        let phase = times.map { cos(w * ($0 - t0)) }, phaseSine = times.map { sin(w * ($0 - t0)) }
        // Per amplitude: Σ fx C, Σ fx S, Σ fy C, Σ fy S; a; the pivot's sums P1, P2, U, V (C = cos x, S = sin x, x = A cos τ).
        struct AmplitudeSums { var fxC = 0.0, fxS = 0.0, fyC = 0.0, fyS = 0.0, a = 0.0, p1 = 0.0, p2 = 0.0, u = 0.0, v = 0.0 }
        let amplitudesDeg = Array(stride(from: -160.0, through: 160.0, by: 20.0)).filter { abs($0) >= 40 }
        var sums: [AmplitudeSums] = []
        for amplitudeDeg in amplitudesDeg {
            let amplitude = amplitudeDeg * Double.pi / 180
            var t = AmplitudeSums()
            for i in samples {
                let x = amplitude * phase[i]
                let c = cos(x), s = sin(x)
                let rate = amplitude * w * phaseSine[i]
                let s2 = rate * rate, a = amplitude * w * w * phase[i]
                let fx = forceX[i], fy = forceY[i]
                t.fxC += fx * c; t.fxS += fx * s; t.fyC += fy * c; t.fyS += fy * s
                t.a += s2 * s2 + a * a
                t.p1 += s2 * fx + a * fy
                t.p2 += -a * fx + s2 * fy
                t.u += s2 * c - a * s
                t.v += s2 * s + a * c
            }
            sums.append(t)
        }
        var candidates: [(cost: Double, c: Double, amplitude: Double)] = []
        for ci in 0..<36 {
            let c = Double(ci) * 10 * Double.pi / 180
            let cc = cos(c), sc = sin(c)
            for (m, amplitudeDeg) in amplitudesDeg.enumerated() {
                let t = sums[m]
                guard t.a > 0 else { continue }
                // cos φ = cc C + sc S, sin φ = sc C − cc S.
                let misfit = forceSquares + gravitySquares - 2 * g * (cc * (t.fxC - t.fyS) + sc * (t.fxS + t.fyC))
                let b1 = t.p1 - g * (cc * t.u + sc * t.v)
                let b2 = t.p2 - g * (sc * t.u - cc * t.v)
                candidates.append((misfit - (b1 * b1 + b2 * b2) / t.a, c, amplitudeDeg * Double.pi / 180))
            }
        }
        if sorted { candidates.sort { $0.cost < $1.cost } }
        return candidates
    }

    /// Least-squares pivot p for a given φ(t) (the model is linear in p), with the cost of the fit
    /// (0 when `withCost` is false: the starts need only p).
    static func solvePivot(planar: [(Double, Double)], phi: [Double], rate: [Double], acceleration: [Double],
                           samples: [Int], withCost: Bool = true) -> ((Double, Double), Double)? {
        let g = standardGravity
        // Rows for p = (p1, p2): x: s² p1 − a p2 = fx − g cos φ; y: a p1 + s² p2 = fy − g sin φ.
        var a11 = 0.0, a12 = 0.0, a22 = 0.0, b1 = 0.0, b2 = 0.0
        // sincos: the same bits as cos and sin (SignalMath.sineCosine).
        let sincos = SignalMath.sineCosineFunction
        for i in samples {
            let s2 = rate[i] * rate[i], a = acceleration[i]
            let (sinPhi, cosPhi) = SignalMath.sineCosine(phi[i], using: sincos)
            let rx = planar[i].0 - g * cosPhi, ry = planar[i].1 - g * sinPhi
            // The normal matrix of [[s², −a], [a, s²]] is (s⁴ + a²) I.
            a11 += s2 * s2 + a * a
            b1 += s2 * rx + a * ry
            b2 += -a * rx + s2 * ry
        }
        a22 = a11
        _ = a12
        guard a11 > 0 else { return nil }
        let p = (b1 / a11, b2 / a22)
        var cost = 0.0
        guard withCost else { return (p, 0) }
        for i in samples {
            let s2 = rate[i] * rate[i], a = acceleration[i]
            let ex = planar[i].0 - (s2 * p.0 - a * p.1 + g * cos(phi[i]))
            let ey = planar[i].1 - (s2 * p.1 + a * p.0 + g * sin(phi[i]))
            cost += ex * ex + ey * ey
        }
        return (p, cost)
    }

    /// Principal axes (largest and smallest) of the second moment Σ f fᵀ, by Jacobi rotations.
    static func principalAxes(_ vectors: [Vector3]) -> (largest: Vector3, smallest: Vector3)? {
        var m = [[Double]](repeating: [0, 0, 0], count: 3)
        for v in vectors {
            let c = [v.x, v.y, v.z]
            for a in 0..<3 { for b in 0..<3 { m[a][b] += c[a] * c[b] } }
        }
        let (eigen, vectorsMatrix) = SignalMath.symmetricEigen3(m)
        guard let big = eigen.indices.max(by: { eigen[$0] < eigen[$1] }),
              let small = eigen.indices.min(by: { eigen[$0] < eigen[$1] }), big != small else { return nil }
        func column(_ j: Int) -> Vector3 { Vector3(vectorsMatrix[0][j], vectorsMatrix[1][j], vectorsMatrix[2][j]).normalized }
        return (column(big), column(small))
    }

    /// Solves the symmetric positive definite system A x = b (Cholesky); nil when not definite.
    /// Weights w_i with Σ w_i·y_i = ∫_{t0}^{t1} y dt for y linear between the samples at `times`.
    static func trapezoidWeights(times: [Double], from t0: Double, to t1: Double) -> [Double] {
        var weights = [Double](repeating: 0, count: times.count)
        for i in 0..<max(0, times.count - 1) {
            let a = max(times[i], t0), b = min(times[i + 1], t1)
            guard b > a else { continue }
            // Linear interpolation between samples i and i+1 integrated over [a, b].
            let h = times[i + 1] - times[i]
            let wa = (b - a) * (1 - ((a + b) / 2 - times[i]) / h)
            weights[i] += wa
            weights[i + 1] += (b - a) - wa
        }
        return weights
    }

    /// One Levenberg–Marquardt step from `x` (cost Σr² = `cost`): the normal equations damped by
    /// `damping`·diag, up to eight tries, the damping ×10 after a try that does not lower the
    /// cost and ÷3 (not below 1e-7) after one that does. The accepted point, or nil when none of
    /// the tries lowered the cost. Shared by the accelerometer-only fits (pendulum, bell
    /// attitude, hip hinge).
    static func dampedStep(normal: [[Double]], gradient: [Double], from x: [Double], cost: Double,
                           damping: inout Double, residuals: ([Double]) -> [Double])
        -> (x: [Double], residuals: [Double], cost: Double)? {
        for _ in 0..<8 {
            var system = normal
            for k in normal.indices { system[k][k] += damping * max(normal[k][k], 1e-9) }
            guard let step = solveSymmetric(system, gradient) else { damping *= 10; continue }
            let trial = zip(x, step).map { $0 + $1 }
            let trialResiduals = residuals(trial)
            let trialCost = trialResiduals.reduce(0) { $0 + $1 * $1 }
            if trialCost < cost {
                damping = max(damping / 3, 1e-7)
                return (trial, trialResiduals, trialCost)
            }
            damping *= 10
        }
        return nil
    }

    static func solveSymmetric(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        let n = b.count
        var l = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            for j in 0...i {
                var sum = a[i][j]
                for k in 0..<j { sum -= l[i][k] * l[j][k] }
                if i == j {
                    guard sum > 0 else { return nil }
                    l[i][i] = sum.squareRoot()
                } else {
                    l[i][j] = sum / l[j][j]
                }
            }
        }
        var y = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var sum = b[i]
            for k in 0..<i { sum -= l[i][k] * y[k] }
            y[i] = sum / l[i][i]
        }
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var sum = y[i]
            for k in (i + 1)..<n { sum -= l[k][i] * x[k] }
            x[i] = sum / l[i][i]
        }
        return x
    }
}

/// A uniform cubic B-spline on [start, end] with `intervals` pieces (`intervals + 3` coefficients).
struct UniformCubicSpline {
    var start: Double
    var end: Double
    var intervals: Int
    var count: Int { intervals + 3 }
    var spacing: Double { (end - start) / Double(intervals) }

    /// The four non-zero basis functions at `t` (clamped to the span), with their first and
    /// second derivatives (per second).
    struct Basis {
        var indices: [Int]
        var value: [Double]
        var rate: [Double]
        var acceleration: [Double]
    }

    func basis(at t: Double) -> Basis {
        let h = spacing
        let x = max(0, min(Double(intervals) - 1e-9, (t - start) / h))
        let piece = Int(x)
        let u = x - Double(piece)
        let u2 = u * u, u3 = u2 * u
        let value = [(1 - u) * (1 - u) * (1 - u) / 6, (3 * u3 - 6 * u2 + 4) / 6,
                     (-3 * u3 + 3 * u2 + 3 * u + 1) / 6, u3 / 6]
        let rate = [-(1 - u) * (1 - u) / 2, (3 * u2 - 4 * u) / 2, (-3 * u2 + 2 * u + 1) / 2, u2 / 2].map { $0 / h }
        let acceleration = [1 - u, 3 * u - 2, -3 * u + 1, u].map { $0 / (h * h) }
        return Basis(indices: [piece, piece + 1, piece + 2, piece + 3], value: value, rate: rate,
                     acceleration: acceleration)
    }

    func evaluate(_ coefficients: [Double], basis: [Basis]) -> (value: [Double], rate: [Double], acceleration: [Double]) {
        var value = [Double](repeating: 0, count: basis.count)
        var rate = value, acceleration = value
        for (i, b) in basis.enumerated() {
            for j in 0..<4 {
                let c = coefficients[b.indices[j]]
                value[i] += c * b.value[j]
                rate[i] += c * b.rate[j]
                acceleration[i] += c * b.acceleration[j]
            }
        }
        return (value, rate, acceleration)
    }

    func derivative(_ coefficients: [Double], at t: Double) -> Double {
        let b = basis(at: t)
        return (0..<4).reduce(0) { $0 + coefficients[b.indices[$1]] * b.rate[$1] }
    }

    /// Coefficients whose spline fits `values` (one per basis row) in least squares.
    func leastSquares(values: [Double], basis: [Basis]) -> [Double]? {
        var normal = [[Double]](repeating: [Double](repeating: 0, count: count), count: count)
        var rhs = [Double](repeating: 0, count: count)
        for (b, v) in zip(basis, values) {
            for j in 0..<4 {
                rhs[b.indices[j]] += b.value[j] * v
                for k in 0..<4 { normal[b.indices[j]][b.indices[k]] += b.value[j] * b.value[k] }
            }
        }
        // A whisper of ridge keeps coefficients without samples (very short reps) defined.
        for k in 0..<count { normal[k][k] += 1e-9 }
        return PlanarSwingFit.solveSymmetric(normal, rhs)
    }
}

extension Vector3 {
    var normalized: Vector3 {
        let length = (x * x + y * y + z * z).squareRoot()
        return length > 0 ? self * (1 / length) : self
    }
}

extension MotionRepFinder {
    /// Accelerometer-only swings: the rep's world-frame acceleration from the planar pendulum fit
    /// (see the top of this file), in the trace's heading; nil (keep the trace's orientation) for
    /// other exercises, for traces whose orientation was recorded, and when the fit does not hold.
    func accelerometerOnlyRepWorldAcceleration(samples: ClosedRange<Int>, start: Double, end: Double) -> (acceleration: Axes, driveAxis: Vector3)? {
        guard exercise == .swing, trace.orientationMethod == .accelerometerOnly,
              var fit = accelerometerOnlySwingFit(samples: samples, start: start, end: end)
        else { return nil }
        // A bell turns in the grip: its attitude from the two-angle fit (AccelerometerOnlySwingPath.swift).
        let path = accelerometerOnlySwingPathFit(fit, samples: samples, start: start, end: end)
        guard Self.accelerometerOnlyFitHolds(fit, path: path) else { return nil }
        if let path { fit.upAngle = path.attitude }
        return worldAcceleration(fit, samples: samples).map { ($0, fit.driveAxis) }
    }

    /// Whether a rep's accelerometer-only fit is trusted over the trace's low-pass tilt.
    ///
    /// On a bell (the two-angle fit ran): whenever the rep turned like a swing. The only other
    /// attitude there is, the specific force low-passed at 0.3 Hz, cannot follow a bell that turns
    /// through 150–290° within a second; it errs by up to 180° and read from −2× to +2× the work,
    /// while a fit whose residual exceeds what a moving pivot explains (a one-hand twist, the bell
    /// turning in the grip at an overhead swing's 5–7 g bottom pass) still errs by 10–30°. The
    /// residual gate used to send such reps to the low-pass tilt: on American swings the rigid
    /// fit's residual exceeded 0.45 g on most reps (validation seed 3: 8 of 9 American sessions read
    /// +50…+114 % mean drive power).
    /// Elsewhere (a forearm sensor, or when the two-angle fit failed): the rigid fit's own test,
    /// `PlanarSwingFit.isPendulumLike`.
    static func accelerometerOnlyFitHolds(_ fit: PlanarSwingFit, path: SwingPathFit?) -> Bool {
        guard path != nil else { return fit.isPendulumLike }
        return fit.turn >= PlanarSwingFit.minimumTurn
    }

    /// The planar pendulum fit of one rep, or nil when the samples do not allow one.
    func accelerometerOnlySwingFit(samples: ClosedRange<Int>, start: Double, end: Double) -> PlanarSwingFit? {
        let f = trace.specificForce
        guard samples.lowerBound >= 0, samples.upperBound < f.count else { return nil }
        let force = samples.map { f[$0] }
        let clipLevel = clippingLevel()
        let usable = Self.unclipped(force, below: clipLevel)
        return PlanarSwingFit.fit(force: force, dt: 1 / trace.sampleRate,
                                  startOffset: start - Double(samples.lowerBound),
                                  endOffset: end - Double(samples.lowerBound), usable: usable,
                                  driveSense: accelerometerOnlyDriveSense)
    }

    /// The accelerometer's range, m/s², when the trace reports clipped samples (the largest
    /// magnitude on any axis, less a quantisation step), else nil.
    func clippingLevel() -> Double? { clipLevel }

    /// Which samples a fit may trust pointwise: those under the clipping level `level` on every
    /// axis (all of them when the trace did not clip).
    static func unclipped(_ force: [Vector3], below level: Double?) -> [Bool] {
        force.map { v in level.map { max(abs(v.x), abs(v.y), abs(v.z)) < $0 } ?? true }
    }

    /// `clippingLevel()` of `trace`, computed (a scan of the whole trace when it clipped).
    static func clippingLevel(of trace: MotionTrace) -> Double? {
        guard trace.quality.clippedPercent > 0 else { return nil }
        let f = trace.specificForce
        var peak = 0.0
        for i in 0..<f.count { peak = max(peak, abs(f.x[i]), abs(f.y[i]), abs(f.z[i])) }
        return peak > 0 ? 0.995 * peak : nil
    }

    /// The measured specific force turned into the world by the fitted up angle, minus g, with the
    /// swing's in-plane horizontal axis and the arm's axis put into the trace's heading: the
    /// horizontal direction is the one the trace's own linear acceleration over the rep points
    /// along (least squares), so that the run's forward axis projects it as before.
    ///
    /// `extraUp` and `extraAcross` (m/s², one per sample, in the plane) are added before the
    /// heading is taken: a wrist sensor's lever to the bell (WristToBellAccelerometerOnly.swift).
    func worldAcceleration(_ fit: PlanarSwingFit, samples: ClosedRange<Int>, extraUp: [Double]? = nil,
                           extraAcross: [Double]? = nil) -> Axes? {
        let g = standardGravity
        let f = trace.specificForce, traceLinear = trace.linearAcceleration
        var up = [Double](), across = [Double](), axial = [Double]()
        for (offset, i) in samples.enumerated() {
            let v = f[i]
            let f1 = v.dot(fit.e1), f2 = v.dot(fit.e2)
            // sincos: the same bits as cos and sin (SignalMath.sineCosine).
            let (sinPhi, cosPhi) = SignalMath.sineCosine(fit.upAngle[offset])
            up.append(f1 * cosPhi + f2 * sinPhi - g + (extraUp?[offset] ?? 0))
            across.append(-f1 * sinPhi + f2 * cosPhi + (extraAcross?[offset] ?? 0))
            axial.append(v.dot(fit.n))
        }
        var dx = 0.0, dy = 0.0
        for (offset, i) in samples.enumerated() {
            dx += traceLinear.x[i] * across[offset]
            dy += traceLinear.y[i] * across[offset]
        }
        let length = (dx * dx + dy * dy).squareRoot()
        guard length > 0 else { return nil }
        // (up, across, axis) is right-handed, like (z, x, y): across ↦ F, axis ↦ ẑ × F.
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
