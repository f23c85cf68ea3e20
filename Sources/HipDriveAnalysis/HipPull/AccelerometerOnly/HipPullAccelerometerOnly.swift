import Foundation
import HipDriveRecordings

// Accelerometer-only hip pulls: the hips' travel from a one-degree-of-freedom hinge.
//
// Without a gyroscope the trace's tilt is the low-passed specific force, which reads the hips'
// 5–10 m/s² reversals as tilt; integrated, the hips' travel comes out 2–3× too long. A belt
// sensor (or the hands holding the band at the groin) moves with the pelvis, and in a hip hinge
// the pelvis pitch and the hips' backward travel are one motion: the hips go back BECAUSE the
// pelvis tilts over the fixed feet. So one angle per sample describes the rep:
//
// * φ(t), the angle of the world's up in the sensor's plane of motion (the plane ⟂ the pitch
//   axis, which is fixed in the sensor frame: the smallest principal axis of the specific force
//   over the rep, along which neither gravity nor the hips' acceleration varies);
// * the hip joint travels horizontally by x = L·φ (L, m/rad, the hinge's travel per radian of
//   pelvis tilt, fitted per rep: it depends on the athlete's build and stance, not assumed);
// * the sensor sits at a lever p from the hip joint, fixed in the sensor frame (fitted).
//
// Rigid-body kinematics in the sensor's plane (as in AccelerometerOnlyKinematics.swift, with the
// pivot's acceleration now modelled as L·φ̈ along the world's horizontal):
//     f(t) = φ̇² p + φ̈ J p + g u(φ) + L φ̈ J u(φ),
// with u(φ) = (cos φ, sin φ) and J the 90° turn in the plane. Two equations per sample against
// one unknown angle per sample plus three constants: far better conditioned than a free pitch
// plus a free translation, where a 0.1 m/s² error of |f| near g reads as 1.4 m/s² of
// horizontal acceleration (hip2's fit: pitch 55–95° against a true 50°).
//
// The hips' velocity L·φ̇ needs no integration, so no zero-velocity update and no drift. The
// turnaround (hips furthest back) and the lockout are the zero crossings of φ̇: the pelvis stops
// turning when the hips stop. The turnaround is therefore re-measured here (the tilt-rate stops
// of the rep finder come from a low-passed signal, ~0.1 s off).
//
// What a rep reports is the sensor's own point (`sensorPoint(at:)`: the joint's travel plus the
// lever's turning; the band pulls where the sensor rides, HipPullKinematics.swift). A real hip
// joint also drops a few centimetres as the hips go back; that vertical path is not in the model
// (its coefficient is not identifiable within one rep: fitted, it scattered over ±0.1 m/rad), so
// L and the lever absorb it between them, which moved the joint's stroke by +5–10 % (and far
// more on an independent simulator) but their sum, the sensor's, much less.

/// One rep's hinge fit: the pelvis angle over the fitted window and the hinge's constants.
struct HipHingeFit {
    /// Times of the fitted samples, s from the window's first sample.
    var times: [Double]
    var spline: UniformCubicSpline
    var coefficients: [Double]
    /// Hip travel per radian of the angle φ at `origin`, m/rad (signed: the sign of the plane's
    /// orientation).
    var travelPerRadian: Double
    /// Curvature of the hips' path in the angle, m/rad²: the travel is
    /// x = L·(φ − φ₀) + K·(φ − φ₀)² (HipPullAccelerometerOnlyRun.swift). 0 for a linear hinge.
    var curvature: Double = 0
    /// The angle φ₀ about which `travelPerRadian` and `curvature` are taken, rad.
    var origin: Double = 0
    /// Lever from the sensor to the hip joint in the plane, m (sensor frame).
    var lever: (Double, Double)
    /// Root-mean-square residual of the model, m/s².
    var residualRMS: Double
    /// The travel per radian was not determined by the data but chosen by the hinge's anatomy
    /// (HipPullAccelerometerOnlyAnatomy.swift): a quality flag.
    var anatomicalPrior = false

    /// Residuals above this, m/s², are more than a hinge leaves unmodelled (the hip joint's small
    /// rise and fall, sway, soft tissue under a belt: a few tenths of m/s²; 0.1 g leaves room for
    /// sensor noise, not for a motion that is not a hinge).
    static let maximumResidualRMS = 0.1 * standardGravity
    /// Plausible hinge travel per radian of pelvis tilt, m/rad: hip hinges move the hips 0.2–0.5 m
    /// over 30–70° of pelvis tilt (0.2–0.95 m/rad); wider bounds keep unusual builds.
    static let travelPerRadianRange = 0.1...1.2
    /// Longest plausible lever from the hip joint to a belt sensor or to the hands at the groin, m
    /// (with room for the hands' grip below the groin).
    static let maximumLeverM = 0.35
    /// Spacing of the angle's spline knots, s: a drive lasts 0.5–0.9 s, the turnaround's reversal
    /// about 0.2 s; knots every 0.15 s follow both and are too coarse to chase noise.
    static let knotSpacingS = 0.15

    var isHinge: Bool {
        // A fit whose L was held at the anatomy's: its lever is the model's best for that L (it
        // does not set the travel), so only the residual is judged.
        if anatomicalPrior { return residualRMS <= Self.maximumResidualRMS }
        let length = (lever.0 * lever.0 + lever.1 * lever.1).squareRoot()
        return residualRMS <= Self.maximumResidualRMS && Self.travelPerRadianRange.contains(abs(travelPerRadian))
            && length <= Self.maximumLeverM
    }

    /// Angle, rate and acceleration at time `t` (s from the window's first sample).
    func angle(at t: Double) -> (value: Double, rate: Double, acceleration: Double) {
        // `flatBasis`: the same numbers as `basis(at:)` without its four arrays per call (the run's
        // fit and the rep's re-measurement ask for every sample of every rep).
        let b = spline.flatBasis(at: t)
        let c = (coefficients[b.first], coefficients[b.first + 1], coefficients[b.first + 2], coefficients[b.first + 3])
        var v = 0.0, r = 0.0, a = 0.0
        v += c.0 * b.value.0; r += c.0 * b.rate.0; a += c.0 * b.acceleration.0
        v += c.1 * b.value.1; r += c.1 * b.rate.1; a += c.1 * b.acceleration.1
        v += c.2 * b.value.2; r += c.2 * b.rate.2; a += c.2 * b.acceleration.2
        v += c.3 * b.value.3; r += c.3 * b.rate.3; a += c.3 * b.acceleration.3
        return (v, r, a)
    }

    /// The hips' travel at angle `phi` (m, from the origin's place) and its slope dx/dφ (m/rad).
    func travel(atAngle phi: Double) -> (value: Double, slope: Double) {
        let q = phi - origin
        return (travelPerRadian * q + curvature * q * q, travelPerRadian + 2 * curvature * q)
    }

    /// The sensor's own kinematics at time `t` (s from the window's first sample): along the hips'
    /// forward direction, the hip joint's travel x(φ) plus the lever's, x_s = x(φ) − p·J u(φ) with
    /// p the lever from the sensor to the hip joint, so v_s = (x′ + p·u)·φ̇; and its height above
    /// the joint, −p·u, the lever turning with the pelvis. Each as position, velocity and
    /// acceleration.
    func sensorPoint(at t: Double) -> (forward: (position: Double, velocity: Double, acceleration: Double),
                                       vertical: (position: Double, velocity: Double, acceleration: Double)) {
        let a = angle(at: t)
        let x = travel(atAngle: a.value)
        let c = cos(a.value), s = sin(a.value)
        let (px, py) = lever
        let along = px * c + py * s, across = -px * s + py * c
        let forward = (x.value + px * s - py * c,
                       (x.slope + along) * a.rate,
                       (x.slope + along) * a.acceleration + (2 * curvature + across) * a.rate * a.rate)
        let vertical = (-along, -across * a.rate, -across * a.acceleration + along * a.rate * a.rate)
        return (forward, vertical)
    }

    /// Fits the hinge to `force` (sensor-frame specific force, m/s², one per sample at interval
    /// `dt`), samples with `usable` false left out (clipped), in the plane of the force's own
    /// motion (its smallest principal axis is the pitch axis).
    static func fit(force: [Vector3], dt: Double, usable: [Bool]) -> HipHingeFit? {
        guard force.count >= 20, let plane = HingePlane(force) else { return nil }
        return HingeWindow(force: force, dt: dt, usable: usable, plane: plane)?.fitAlone()
    }
}

/// The plane of the pelvis' rotation in the sensor frame: `normal` is the pitch axis (the smallest
/// principal axis of the specific force, along which neither gravity nor the hips' acceleration
/// varies), `e1` and `e2` span the plane.
struct HingePlane {
    var normal: Vector3
    var e1: Vector3
    var e2: Vector3

    init?(_ force: [Vector3]) {
        guard let axes = PlanarSwingFit.principalAxes(force) else { return nil }
        normal = axes.smallest
        e1 = (axes.largest - normal * normal.dot(axes.largest)).normalized
        e2 = normal.cross(e1)
    }
}

/// The hinge's constants shared by the samples of a window (or the reps of a run): travel per
/// radian L (m/rad), lever (px, py) (m), curvature K (m/rad²) about the angle `origin` (rad).
struct HingeConstants {
    var travelPerRadian: Double
    var leverX: Double
    var leverY: Double
    var curvature: Double = 0
    var origin: Double = 0
    /// Number of constants in the normal equations' shared block: L, px, py, K.
    static let count = 4

    func adding(_ step: [Double]) -> HingeConstants {
        var out = self
        out.travelPerRadian += step[0]; out.leverX += step[1]; out.leverY += step[2]
        if step.count > 3 { out.curvature += step[3] }
        return out
    }
}

/// One rep's window of specific force in a hinge plane, with the model's residuals and normal
/// equations:
///     f(t) = φ̇² p + φ̈ J p + g u(φ) + A(t) J u(φ),  A = x′(φ) φ̈ + x″ φ̇²,
/// x(φ) = L·(φ − φ₀) + K·(φ − φ₀)² (K = 0: the linear hinge), u(φ) = (cos φ, sin φ), J the 90°
/// turn in the plane. Unknowns: the angle's spline coefficients, and the constants (L, px, py, K).
final class HingeWindow {
    let times: [Double]
    let spline: UniformCubicSpline
    /// Samples used (not clipped), as rows.
    let rows: Int
    /// Angle as if the force were gravity alone (unwrapped), rad, every sample.
    let tilt: [Double]
    /// The apparent tilt atan(√(|f|² − g²)/g) of the hips' acceleration, rad, every sample.
    let apparent: [Double]
    /// The spline's basis at every sample (used or not), for the starts' least squares.
    let basis: SampledSplineBasis
    // Flat buffers per used row: the first coefficient's index; four weights each for the value,
    // rate and acceleration; the planar force. The fit evaluates them some hundreds of times per
    // rep, and per-sample arrays cost an allocation and a bounds and uniqueness check per access.
    private let first: UnsafeMutableBufferPointer<Int>
    private let weights: UnsafeMutableBufferPointer<Double>
    private let forceX: UnsafeMutableBufferPointer<Double>
    private let forceY: UnsafeMutableBufferPointer<Double>
    // The cosines and sines of the angle at the last coefficients whose residuals were taken: the
    // normal equations are always formed there (the start, or the step just accepted), and the
    // trigonometry is a third of the fit's cost.
    private let cachedCos: UnsafeMutableBufferPointer<Double>
    private let cachedSin: UnsafeMutableBufferPointer<Double>
    private var cachedCoefficients: [Double] = []

    init?(force: [Vector3], dt: Double, usable: [Bool], plane: HingePlane) {
        let count = force.count
        let used = (0..<count).filter { usable[$0] }
        guard count >= 20, used.count >= 20 else { return nil }
        let planar = force.map { ($0.dot(plane.e1), $0.dot(plane.e2)) }
        let times = (0..<count).map { Double($0) * dt }
        let duration = times[count - 1]
        let spline = UniformCubicSpline(start: 0, end: duration,
                                        intervals: max(4, Int((duration / HipHingeFit.knotSpacingS).rounded())))
        let basis = SampledSplineBasis(spline: spline, sampleCount: count, dt: dt)
        self.times = times; self.spline = spline; self.basis = basis
        var tilt: [Double] = []
        for (x, y) in planar {
            var a = atan2(y, x)
            if let last = tilt.last { a += 2 * Double.pi * ((last - a) / (2 * Double.pi)).rounded() }
            tilt.append(a)
        }
        self.tilt = tilt
        let g = standardGravity
        apparent = force.map { v -> Double in
            let excess = v.dot(v) - g * g
            return excess > 0 ? atan(excess.squareRoot() / g) : 0
        }
        let rows = used.count
        self.rows = rows
        first = .allocate(capacity: rows)
        weights = .allocate(capacity: 12 * rows)
        forceX = .allocate(capacity: rows); forceY = .allocate(capacity: rows)
        cachedCos = .allocate(capacity: rows); cachedSin = .allocate(capacity: rows)
        for (row, i) in used.enumerated() {
            first[row] = basis.first[i]
            for j in 0..<4 {
                weights[12 * row + j] = basis.value[4 * i + j]
                weights[12 * row + 4 + j] = basis.rate[4 * i + j]
                weights[12 * row + 8 + j] = basis.acceleration[4 * i + j]
            }
            forceX[row] = planar[i].0; forceY[row] = planar[i].1
        }
    }

    deinit {
        first.deallocate(); weights.deallocate(); forceX.deallocate(); forceY.deallocate()
        cachedCos.deallocate(); cachedSin.deallocate()
    }

    /// The angle, its rate and acceleration at used row `row` for coefficients `x`.
    @inline(__always) private func state(_ x: UnsafeBufferPointer<Double>, _ row: Int) -> (Double, Double, Double) {
        let base = first[row]
        var v = 0.0, r = 0.0, a = 0.0
        for j in 0..<4 {
            let c = x[base + j]
            v += c * weights[12 * row + j]; r += c * weights[12 * row + 4 + j]; a += c * weights[12 * row + 8 + j]
        }
        return (v, r, a)
    }

    /// Residuals (data − model), two per used row, for spline coefficients `x` and `constants`.
    func residuals(_ x: [Double], _ constants: HingeConstants) -> [Double] {
        let g = standardGravity
        let L = constants.travelPerRadian, K = constants.curvature, origin = constants.origin
        let px = constants.leverX, py = constants.leverY
        var r = [Double](repeating: 0, count: 2 * rows)
        r.withUnsafeMutableBufferPointer { r in
            x.withUnsafeBufferPointer { xs in
                let sincos = SignalMath.sineCosineFunction
                for row in 0..<rows {
                    let (v, s, a) = state(xs, row)
                    let (sn, c) = SignalMath.sineCosine(v, using: sincos)
                    cachedCos[row] = c; cachedSin[row] = sn
                    let q = v - origin
                    let along = (L + 2 * K * q) * a + 2 * K * s * s
                    r[2 * row] = forceX[row] - (s * s * px - a * py + g * c - along * sn)
                    r[2 * row + 1] = forceY[row] - (s * s * py + a * px + g * sn + along * c)
                }
            }
        }
        cachedCoefficients = x
        return r
    }

    /// The normal equations JᵀJ and Jᵀr (J = ∂model/∂unknowns, r = data − model) in blocks: the
    /// spline's `splineBlock` (n×n, row-major), `crossBlock` (n×4: spline × constants, row-major),
    /// `constantBlock` (4×4), and the gradients. The constants' order is L, px, py, K.
    func normal(_ x: [Double], _ constants: HingeConstants, _ r: [Double])
        -> (splineBlock: [Double], crossBlock: [Double], constantBlock: [Double], splineGradient: [Double], constantGradient: [Double]) {
        let g = standardGravity
        let n = spline.count, m = HingeConstants.count
        let L = constants.travelPerRadian, K = constants.curvature, origin = constants.origin
        let px = constants.leverX, py = constants.leverY
        var aa = [Double](repeating: 0, count: n * n)
        var ab = [Double](repeating: 0, count: n * m)
        var bb = [Double](repeating: 0, count: m * m)
        var ga = [Double](repeating: 0, count: n)
        var gb = [Double](repeating: 0, count: m)
        let cached = cachedCoefficients == x
        // Per row the eight unknowns it touches (its four spline coefficients, then L, px, py, K)
        // fill the lanes of a SIMD vector; consecutive rows of one spline piece are summed in an
        // 8 × 8 block (one vector per block row) and added to the blocks when the piece changes.
        // Written by hand like `linearNormal` (the run's joint fit forms these for every rep on
        // every step); it regroups the sums of the row-by-row form, so results differ at round-off.
        var rowsOfBlock = [SIMD8<Double>](repeating: SIMD8(), count: 8)
        var blockGradient = SIMD8<Double>()
        var blockFirst = -1
        aa.withUnsafeMutableBufferPointer { aa in
        ab.withUnsafeMutableBufferPointer { ab in
        bb.withUnsafeMutableBufferPointer { bb in
        ga.withUnsafeMutableBufferPointer { ga in
        gb.withUnsafeMutableBufferPointer { gb in
        rowsOfBlock.withUnsafeMutableBufferPointer { block in
            func flush() {
                guard blockFirst >= 0 else { return }
                for u in 0..<4 {
                    let iu = blockFirst + u
                    ga[iu] += blockGradient[u]
                    for v in u..<4 { aa[iu * n + blockFirst + v] += block[u][v] }
                    for k in 0..<4 { ab[iu * m + k] += block[u][4 + k] }
                }
                for k in 0..<4 {
                    gb[k] += blockGradient[4 + k]
                    for l in k..<4 { bb[k * m + l] += block[4 + k][4 + l] }
                }
            }
            x.withUnsafeBufferPointer { xs in
                let sincos = SignalMath.sineCosineFunction
                for row in 0..<rows {
                    let base = first[row]
                    if base != blockFirst {
                        flush()
                        for u in 0..<8 { block[u] = SIMD8() }
                        blockGradient = SIMD8()
                        blockFirst = base
                    }
                    let (v, s, a) = state(xs, row)
                    let (sn, c) = cached ? (cachedSin[row], cachedCos[row]) : SignalMath.sineCosine(v, using: sincos)
                    let q = v - origin
                    let slope = L + 2 * K * q
                    let along = slope * a + 2 * K * s * s
                    // ∂model/∂coefficient j, with ∂A/∂coefficient = x′ b̈ + 2K φ̈ b + 4K φ̇ ḃ, grouped by
                    // basis function: b·(−g sin φ − A cos φ − 2Kφ̈ sin φ, …) + ḃ·(…) + b̈·(…).
                    let o = 12 * row, w = weights
                    let bv = SIMD8<Double>(w[o], w[o + 1], w[o + 2], w[o + 3], 0, 0, 0, 0)
                    let br = SIMD8<Double>(w[o + 4], w[o + 5], w[o + 6], w[o + 7], 0, 0, 0, 0)
                    let ba = SIMD8<Double>(w[o + 8], w[o + 9], w[o + 10], w[o + 11], 0, 0, 0, 0)
                    var gx = bv * (-g * sn - along * c - 2 * K * a * sn) + br * (2 * s * px - 4 * K * s * sn)
                        + ba * (-py - slope * sn)
                    var gy = bv * (g * c - along * sn + 2 * K * a * c) + br * (2 * s * py + 4 * K * s * c)
                        + ba * (px + slope * c)
                    let dK = 2 * q * a + 2 * s * s
                    gx[4] = -a * sn; gy[4] = a * c
                    gx[5] = s * s; gy[5] = a
                    gx[6] = -a; gy[6] = s * s
                    gx[7] = -dK * sn; gy[7] = dK * c
                    let rx = r[2 * row], ry = r[2 * row + 1]
                    blockGradient += gx * rx + gy * ry
                    for u in 0..<8 { block[u] += gx * gx[u] + gy * gy[u] }
                }
            }
            flush()
        }
        }
        }
        }
        }
        }
        for i in 0..<n { for j in 0..<i { aa[i * n + j] = aa[j * n + i] } }
        for i in 0..<m { for j in 0..<i { bb[i * m + j] = bb[j * m + i] } }
        return (aa, ab, bb, ga, gb)
    }

    /// Total squared residual.
    static func cost(_ r: [Double]) -> Double { r.reduce(0) { $0 + $1 * $1 } }

    /// The rep fitted on its own, with a linear hinge (K = 0; one rep cannot tell a curvature from
    /// the lever and the angle's scale).
    ///
    /// Starts: the hips' accelerations (up to half of g at a fast cadence) distort the angle of f,
    /// and from a distorted start the fit can settle in a wrong basin (rms 0.4–0.55 against
    /// 0.15 m/s²). Most of the distortion is the hips' reversal at the turnaround, which tilts f
    /// by atan(|a|/g) towards the drive, with |a| = √(|f|² − g²) measured from the force's size
    /// alone (HipPullAccelerometerOnlyCounting.swift): the starts are the tilt with that apparent
    /// tilt removed either way (the drive's sense in this plane is not known yet), and the tilt
    /// itself, whole and with its swing shrunk (it overstates the swing where the hips'
    /// acceleration adds to it); each with either sense of the plane (the sign of L) and the lever
    /// at the hip joint. Every start takes a few steps (the wrong basins show by then: their cost
    /// stays 3–10× the right one's); the best is refined to convergence.
    func fitAlone() -> HipHingeFit? {
        let count = tilt.count
        let mean = tilt.reduce(0, +) / Double(count)
        let starts = [zip(tilt, apparent).map { $0 - $1 }, zip(tilt, apparent).map { $0 + $1 }, tilt,
                      tilt.map { mean + 0.6 * ($0 - mean) }]
        let initials = starts.compactMap { basis.leastSquares(values: $0) }
        guard !initials.isEmpty else { return nil }
        let n = spline.count
        let typicalTravel = 0.4   // m/rad: 0.35 m of hips over 50° of pelvis tilt, a start only
        let solver = LinearHingeSolver(window: self)
        var screened: [(cost: Double, x: [Double])] = []
        for initial in initials {
            for sign in [1.0, -1.0] {
                screened.append(solver.refine(initial + [sign * typicalTravel, 0, 0], iterations: 4))
            }
        }
        screened.sort { $0.cost < $1.cost }
        guard let best = screened.first.map({ solver.refine($0.x, iterations: 30) }) else { return nil }
        let rms = (best.cost / Double(2 * rows)).squareRoot()
        return HipHingeFit(times: times, spline: spline, coefficients: Array(best.x[0..<n]),
                           travelPerRadian: best.x[n], lever: (best.x[n + 1], best.x[n + 2]), residualRMS: rms)
    }

    /// Residuals of the linear hinge (K = 0) at `x` = (spline coefficients, L, px, py) into `r`
    /// (2·rows), leaving the angle's cosines and sines in the cache for `linearNormal`; returns
    /// Σr² (summed in row order, as `cost`). The same numbers as `residuals(_:_:)` with K = 0
    /// (its curvature terms are exact zeros there).
    func linearResiduals(_ x: UnsafeBufferPointer<Double>, into r: UnsafeMutableBufferPointer<Double>) -> Double {
        let g = standardGravity
        let n = spline.count
        let L = x[n], px = x[n + 1], py = x[n + 2]
        var cost = 0.0
        let sincos = SignalMath.sineCosineFunction
        for row in 0..<rows {
            let (v, s, a) = state(x, row)
            let (sn, c) = SignalMath.sineCosine(v, using: sincos)
            cachedCos[row] = c; cachedSin[row] = sn
            let along = L * a
            let rx = forceX[row] - (s * s * px - a * py + g * c - along * sn)
            let ry = forceY[row] - (s * s * py + a * px + g * sn + along * c)
            r[2 * row] = rx; r[2 * row + 1] = ry
            cost += rx * rx
            cost += ry * ry
        }
        return cost
    }

    /// The linear hinge's normal equations JᵀJ ((n+3)², row-major, both triangles) and Jᵀr
    /// (n+3) at `x` = (spline coefficients, L, px, py) with residuals `r`, using the cosines and
    /// sines `linearResiduals` cached at `x`.
    ///
    /// Written by hand for `fitAlone` (about half of an accelerometer-only hip-pull file's time):
    /// the terms of `normal(_:_:_:)` at K = 0 (its curvature column and terms are exact zeros
    /// there), straight into the flat system the Cholesky solver takes. Consecutive samples share
    /// their four spline coefficients (a piece spans 0.15 s, 15 samples), so their rows' outer
    /// products are summed in a 7 × 7 block held in SIMD registers and added to JᵀJ when the piece
    /// changes (a scattered add per entry and row was most of the cost), and each Jacobian entry
    /// is grouped by its basis function. That regroups the sums: the result differs from the
    /// row-by-row sums at round-off.
    func linearNormal(_ x: UnsafePointer<Double>, _ r: UnsafePointer<Double>,
                                  normal jtj: UnsafeMutablePointer<Double>, gradient jtr: UnsafeMutablePointer<Double>) {
        let g = standardGravity
        let n = spline.count, size = n + 3
        let L = x[n], px = x[n + 1], py = x[n + 2]
        jtj.update(repeating: 0, count: size * size)
        jtr.update(repeating: 0, count: size)
        // Per row: ∂model/∂(the row's four spline coefficients, then L, px, py), x and y, in the
        // lanes of a SIMD vector (the eighth lane stays zero); the piece's 7 × 7 block (one vector
        // per row of the block: whole rows in registers instead of scattered scalar adds) and
        // gradient.
        var b0 = SIMD8<Double>(), b1 = b0, b2 = b0, b3 = b0, b4 = b0, b5 = b0, b6 = b0, bg = b0
        var blockFirst = -1
        // Unknown index of the block's entry u: the piece's four coefficients, then the constants.
        func unknown(_ u: Int) -> Int { u < 4 ? blockFirst + u : n + u - 4 }
        func add(_ line: SIMD8<Double>, _ u: Int) {
            let iu = unknown(u)
            jtr[iu] += bg[u]
            let target = jtj + iu * size
            for v in u..<7 { target[unknown(v)] += line[v] }
        }
        func flush() {
            guard blockFirst >= 0 else { return }
            add(b0, 0); add(b1, 1); add(b2, 2); add(b3, 3); add(b4, 4); add(b5, 5); add(b6, 6)
        }
        let xs = UnsafeBufferPointer(start: x, count: size)
        for row in 0..<rows {
            let base = first[row]
            if base != blockFirst {
                flush()
                b0 = SIMD8(); b1 = b0; b2 = b0; b3 = b0; b4 = b0; b5 = b0; b6 = b0; bg = b0
                blockFirst = base
            }
            let (_, s, a) = state(xs, row)
            let c = cachedCos[row], sn = cachedSin[row]
            let along = L * a
            // ∂model/∂coefficient j = bv·(−g sin φ − A cos φ, g cos φ − A sin φ) + ḃ·2φ̇p
            // + b̈·(Jp + L·J u), A = L φ̈: the same terms as `normal`'s at K = 0, grouped by basis.
            let o = 12 * row, w = weights
            let bv = SIMD8<Double>(w[o], w[o + 1], w[o + 2], w[o + 3], 0, 0, 0, 0)
            let br = SIMD8<Double>(w[o + 4], w[o + 5], w[o + 6], w[o + 7], 0, 0, 0, 0)
            let ba = SIMD8<Double>(w[o + 8], w[o + 9], w[o + 10], w[o + 11], 0, 0, 0, 0)
            var gx = bv * (-g * sn - along * c) + br * (2 * s * px) + ba * (-py - L * sn)
            var gy = bv * (g * c - along * sn) + br * (2 * s * py) + ba * (px + L * c)
            gx[4] = -a * sn; gy[4] = a * c
            gx[5] = s * s; gy[5] = a
            gx[6] = -a; gy[6] = s * s
            let rx = r[2 * row], ry = r[2 * row + 1]
            bg += gx * rx + gy * ry
            b0 += gx * gx[0] + gy * gy[0]
            b1 += gx * gx[1] + gy * gy[1]
            b2 += gx * gx[2] + gy * gy[2]
            b3 += gx * gx[3] + gy * gy[3]
            b4 += gx * gx[4] + gy * gy[4]
            b5 += gx * gx[5] + gy * gy[5]
            b6 += gx * gx[6] + gy * gy[6]
        }
        flush()
        for i in 0..<size { for j in 0..<i { jtj[i * size + j] = jtj[j * size + i] } }
    }
}

/// Levenberg–Marquardt on one window's linear hinge for `HingeWindow.fitAlone`, its buffers
/// allocated once per window rather than per step (allocation was a tenth of an
/// accelerometer-only hip-pull file's time). The steps are those of `PlanarSwingFit.dampedStep`
/// (up to eight tries; damping ×10 after a try that does not lower the cost, ÷3 but not below
/// 1e-7 after one that does) with the stop at a relative gain ≤ 1e-7; the damped system is solved
/// by `BandedCholesky` (the same bits as the dense solver).
final class LinearHingeSolver {
    let window: HingeWindow
    /// A travel per radian the fit is held at (m/rad) and the weight of (L − held)² in the cost
    /// ((m/s²)² per (m/rad)²); nil: L is free (`HipPullAccelerometerOnlyAnatomy.swift`).
    var held: (travelPerRadian: Double, weight: Double)?
    /// Unknowns: the spline's coefficients, L, px, py.
    let size: Int
    private let normal: UnsafeMutablePointer<Double>, system: UnsafeMutablePointer<Double>, factor: UnsafeMutablePointer<Double>
    private let gradient: UnsafeMutablePointer<Double>, step: UnsafeMutablePointer<Double>
    private var residuals: UnsafeMutablePointer<Double>, trialResiduals: UnsafeMutablePointer<Double>
    /// The hinge's constants L, px, py couple every sample: the dense border of the band.
    private static let constants = 3

    init(window: HingeWindow) {
        self.window = window
        size = window.spline.count + Self.constants
        normal = .allocate(capacity: size * size); system = .allocate(capacity: size * size); factor = .allocate(capacity: size * size)
        gradient = .allocate(capacity: size); step = .allocate(capacity: size)
        residuals = .allocate(capacity: 2 * window.rows); trialResiduals = .allocate(capacity: 2 * window.rows)
    }

    deinit {
        normal.deallocate(); system.deallocate(); factor.deallocate()
        gradient.deallocate(); step.deallocate()
        residuals.deallocate(); trialResiduals.deallocate()
    }

    private func evaluate(_ x: [Double], into r: UnsafeMutablePointer<Double>) -> Double {
        let data = x.withUnsafeBufferPointer { window.linearResiduals($0, into: UnsafeMutableBufferPointer(start: r, count: 2 * window.rows)) }
        guard let held else { return data }
        let off = x[window.spline.count] - held.travelPerRadian
        return data + held.weight * off * off
    }

    /// Up to `iterations` damped steps from `start`; the cost Σr² and the unknowns reached.
    func refine(_ start: [Double], iterations: Int) -> (cost: Double, x: [Double]) {
        var x = start, trial = start
        var current = evaluate(x, into: residuals)
        var damping = 1e-3
        let n = size
        for _ in 0..<iterations {
            // Formed where the residuals were last evaluated (the start or the step just taken),
            // so the window's cached cosines and sines belong to `x`.
            x.withUnsafeBufferPointer { xs in
                if let xs = xs.baseAddress { window.linearNormal(xs, residuals, normal: normal, gradient: gradient) }
            }
            if let held {
                let l = window.spline.count
                normal[l * n + l] += held.weight
                gradient[l] += held.weight * (held.travelPerRadian - x[l])
            }
            var acceptedCost: Double?
            for _ in 0..<8 {
                system.update(from: normal, count: n * n)
                for k in 0..<n { system[k * n + k] += damping * max(normal[k * n + k], 1e-9) }
                guard BandedCholesky.factorize(system, size: n, band: 3, border: Self.constants, into: factor) else {
                    damping *= 10
                    continue
                }
                BandedCholesky.substitute(factor, gradient, size: n, band: 3, border: Self.constants, solution: step)
                for k in 0..<n { trial[k] = x[k] + step[k] }
                let trialCost = evaluate(trial, into: trialResiduals)
                if trialCost < current {
                    damping = max(damping / 3, 1e-7)
                    acceptedCost = trialCost
                    break
                }
                damping *= 10
            }
            guard let accepted = acceptedCost else { break }
            let gain = (current - accepted) / max(current, 1e-12)
            swap(&x, &trial); swap(&residuals, &trialResiduals)
            current = accepted
            if gain <= 1e-7 { break }
        }
        return (current, x)
    }
}

extension MotionRepFinder {
    /// Accelerometer-only hip-pull reps re-measured by the hinge fit (see the file's notes and
    /// HipPullAccelerometerOnlyRun.swift): their turnarounds from the pelvis angle's rate, their
    /// hip travel as x(φ). A rep whose fit is not a hinge keeps its integrated kinematics.
    /// `setDrives`: the reps of the same set across a data gap (`HipPullSetMeasures
    /// .accelerometerOnlyDrives`), for a piece whose only rep is the set's last drive.
    func accelerometerOnlyHipPullReps(_ reps: [MotionRep], setDrives: [MotionRep] = []) -> [MotionRep] {
        guard hipPullWithoutGyroscope else { return reps }
        // The set's last drive that ends standing is judged against the run's hinge fitted
        // without it (HipPullAccelerometerOnlyFinish.swift).
        let final = reps.last?.endsStanding == true ? reps.last : nil
        let reps = final == nil ? reps : Array(reps.dropLast())
        // A piece after a data gap whose only rep is the set's last drive (confirmed against the
        // set's drives before the gap): no drive of its own to fit a hinge to or judge it by, so
        // it is judged by the set's (HipPullAccelerometerOnlyGap.swift), or kept when the piece
        // has no such set.
        if reps.isEmpty, let final {
            return setDrives.count >= 2 ? lastDriveJudgedBySetDrives(final, setDrives: setDrives).map { [$0] } ?? [] : [final]
        }
        // Likewise a piece with one drive of its own before its last (a pause or a gap cut the
        // set a rep before its end): one rep fits no run hinge to judge the last drive by, so the
        // set's drives and its own judge it (HipDrive's own simulator, `simulate_sweep.py --mode
        // hip --seed 2`, session 58: both sets' last drives after their pause were lost).
        if let final, reps.count == 1, setDrives.count >= 2 {
            let own = accelerometerOnlyHipPullReps(reps)
            return own + (lastDriveJudgedBySetDrives(final, setDrives: setDrives + reps).map { [$0] } ?? [])
        }
        let f = trace.specificForce
        let clipLevel = clippingLevel()
        let bounds = reps.map { hingeWindow($0) }
        let windows = bounds.map { bound -> (force: [Vector3], usable: [Bool])? in
            guard let bound else { return nil }
            let force = (bound.lowerBound...bound.upperBound).map { f[$0] }
            let usable = Self.unclipped(force, below: clipLevel)
            return (force, usable)
        }
        let run = HipHingeFit.fitRun(windows, dt: 1 / trace.sampleRate, debug: Self.debug)
        let fitted = zip(reps, zip(bounds, run.measured)).map { rep, window -> MotionRep? in
            guard let lo = window.0?.lowerBound, let fit = window.1 else { return nil }
            guard fit.isHinge else {
                if Self.debug {
                    print("hinge fit rejected at", rep.turnaroundPosition / trace.sampleRate, "L", fit.travelPerRadian, "K", fit.curvature,
                          "lever", fit.lever, "rms", fit.residualRMS)
                }
                return nil
            }
            return hingeRep(rep, fit: fit, windowStart: lo)
        }
        let finalDrive = final.flatMap { finalDriveIsRunHinge($0, otherReps: reps, others: windows, fits: run.fits, clipLevel: clipLevel,
                                                                     measured: run.measured) }
        // Each rep keeps its own fit's travel: the sensor's, which the fit's L and lever determine
        // together. (Until 0.4.6 a rep fitted alone had its hip joint's travel rescaled to the
        // run's median L; for the sensor's point that has no meaning for the lever's part, and
        // leaving it out was neutral on HipDrive's simulator, seeds 1–3.) A rep without a hinge
        // keeps the rep finder's kinematics, as does a run in which no rep fits.
        guard fitted.contains(where: { $0 != nil }) else { return reps + (finalDrive.map { [$0] } ?? []) }
        return zip(reps, fitted).map { rep, fit in fit ?? rep } + (finalDrive.map { [$0] } ?? [])
    }

    /// The samples a rep's hinge fit covers: a fifth of a period beyond both turnarounds (they may
    /// be ~0.1 s off, and the zero crossings of the angle's rate are searched there). nil when too
    /// short to fit.
    func hingeWindow(_ rep: MotionRep) -> ClosedRange<Int>? {
        let margin = 0.2 * rep.runPeriodS * trace.sampleRate
        let lo = max(0, Int((rep.turnaroundPosition - margin).rounded(.down)))
        let hi = min(trace.count - 1, Int((rep.endPosition + margin).rounded(.up)))
        return hi - lo >= 20 ? lo...hi : nil
    }

    /// The hinge fit's lever from the band's point to the hip joint (plane coordinates), for a
    /// band pulling at `offset` from the sensor: p − d, with d the offset turned into the plane at
    /// the upright (the angle over `times` furthest from the first, the turnaround's), forward
    /// being `sense`·J u (the drive's direction along the travel's axis) and up u.
    func bandLever(_ fit: HipHingeFit, offset: BandPointOffset, sense: Double, times: [Double]) -> (Double, Double) {
        let angles = times.map { fit.angle(at: $0).value }
        guard let first = angles.first, let up = angles.max(by: { abs($0 - first) < abs($1 - first) }) else { return fit.lever }
        let u = (cos(up), sin(up)), forward = (-sense * sin(up), sense * cos(up))
        let d = (offset.forwardM * forward.0 + offset.upM * u.0, offset.forwardM * forward.1 + offset.upM * u.1)
        return (fit.lever.0 - d.0, fit.lever.1 - d.1)
    }

    /// Share of the drive's peak speed below which the hinge fit's hips have arrived at lockout.
    static let hingeArrivalShareOfPeak = 0.05

    /// One rep re-measured by its hinge fit `fit` (whose window starts at sample `lo`), or nil when
    /// the fit's angle has no turnarounds near the rep's.
    func hingeRep(_ rep: MotionRep, fit: HipHingeFit, windowStart lo: Int) -> MotionRep? {
        let fs = trace.sampleRate, dt = 1 / fs
        let margin = 0.2 * rep.runPeriodS * fs
        // The turnarounds: the zero crossings of φ̇ nearest the rep finder's, within the margin.
        let rates = fit.times.map { fit.angle(at: $0).rate }
        func crossing(near position: Double) -> Double? {
            let local = position - Double(lo)
            var best: Double?
            for i in 1..<rates.count where (rates[i - 1] < 0) != (rates[i] < 0) {
                let at = Double(i - 1) + rates[i - 1] / (rates[i - 1] - rates[i])
                if abs(at - local) <= margin, best.map({ abs(at - local) < abs($0 - local) }) ?? true { best = at }
            }
            return best.map { $0 + Double(lo) }
        }
        // The set's last rep may end without a reversal of the pelvis (standing up and stepping
        // back goes on in the return's direction): its end stays the rep finder's. The drive,
        // which the power is measured over, lies between the turnaround and the lockout.
        let end = crossing(near: rep.endPosition) ?? rep.endPosition
        guard let start = crossing(near: rep.turnaroundPosition), end - start > 0.3 * rep.runPeriodS * fs else {
            if Self.debug {
                print("hinge rep without turnarounds at", rep.turnaroundPosition / fs, crossing(near: rep.turnaroundPosition).map { $0 / fs } ?? -1,
                      crossing(near: rep.endPosition).map { $0 / fs } ?? -1, "L", fit.travelPerRadian, "rms", fit.residualRMS)
            }
            return nil
        }
        var positions = [start]
        var k = Int(start.rounded(.down)) + 1
        while Double(k) < end { if Double(k) - positions[positions.count - 1] > 1e-6 { positions.append(Double(k)) }; k += 1 }
        positions.append(end)
        // The sensor's own point: the band pulls where the sensor rides (HipPullKinematics.swift).
        var points = positions.map { fit.sensorPoint(at: ($0 - Double(lo)) * dt) }
        var hips = points.map(\.forward)
        // Forward: the hips travel forward from the turnaround (the drive).
        var travel = hips.map { $0.position - hips[0].position }
        // The rep finder's apex lies in the lockout (the set's last rep can go on backwards
        // beyond its turnaround as the athlete stands up and steps back, so the extremes of the
        // travel do not tell).
        let apexIndex = positions.indices.min { abs(positions[$0] - rep.apexPosition) < abs(positions[$1] - rep.apexPosition) } ?? 0
        let sense: Double = travel[apexIndex] >= 0 ? 1 : -1
        // The band pulling elsewhere than at the sensor (`bandPointOffset`): the lever to its point.
        var fit = fit
        if let offset = bandPointOffset {
            fit.lever = bandLever(fit, offset: offset, sense: sense, times: positions.map { ($0 - Double(lo)) * dt })
            points = positions.map { fit.sensorPoint(at: ($0 - Double(lo)) * dt) }
            hips = points.map(\.forward)
            travel = hips.map { $0.position - hips[0].position }
        }
        var out = rep
        out.positions = positions
        out.forwardPosition = travel.map { sense * $0 }
        out.forwardVelocity = hips.map { sense * $0.velocity }
        out.forwardAcceleration = hips.map { sense * $0.acceleration }
        let zeros = [Double](repeating: 0, count: positions.count)
        out.lateralVelocity = zeros; out.lateralAcceleration = zeros
        let vertical = points.map(\.vertical)
        out.verticalVelocity = vertical.map(\.velocity)
        out.verticalAcceleration = vertical.map(\.acceleration)
        out.height = vertical.map { $0.position - vertical[0].position }
        // The positions come from the angle, not from an integral: nothing to close.
        out.closesLoop = false
        // The lockout: the pelvis stops turning when the hips arrive. During a hold at lockout the
        // fitted φ̇ hovers near zero without always crossing it (the fit's velocity noise is a few
        // cm/s), so the arrival is where the drive's speed has fallen to a twentieth of its peak
        // (0.03–0.04 m/s): the hips are then a few millimetres and a few hundredths of a second
        // from the stop, while the fit's noise during the hold stays below it.
        guard let peak = out.forwardVelocity.indices.max(by: { out.forwardVelocity[$0] < out.forwardVelocity[$1] }),
              out.forwardVelocity[peak] > 0
        else { return nil }
        let stopped = Self.hingeArrivalShareOfPeak * out.forwardVelocity[peak]
        guard let arrival = ((peak + 1)..<positions.count).first(where: { out.forwardVelocity[$0] <= stopped })
        else { return nil }
        let v0 = out.forwardVelocity[arrival - 1] - stopped, v1 = out.forwardVelocity[arrival] - stopped
        let frac = v0 > v1 ? v0 / (v0 - v1) : 0
        out.apexOffset = frac < 0.5 ? arrival - 1 : arrival
        out.apexPosition = positions[arrival - 1] + frac * (positions[arrival] - positions[arrival - 1])
        if Self.debug {
            print("hinge rep", start / fs, "L", fit.travelPerRadian, "K", fit.curvature, "lever", fit.lever, "rms", fit.residualRMS,
                  "stroke", out.forwardTravel)
        }
        return out
    }
}
