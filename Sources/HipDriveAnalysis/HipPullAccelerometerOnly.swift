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
// Known bias: a real (and the simulated) hip joint also drops a few centimetres as the hips go
// back; that vertical path is not in the model (its coefficient is not identifiable within one
// rep: fitted, it scattered over ±0.1 m/rad), and L absorbs part of it: strokes about +5–10 %
// on simulated sessions whose hips drop 4 cm over the stroke.

/// One rep's hinge fit: the pelvis angle over the fitted window and the hinge's constants.
struct HipHingeFit {
    /// Times of the fitted samples, s from the window's first sample.
    var times: [Double]
    var spline: UniformCubicSpline
    var coefficients: [Double]
    /// Hip travel per radian of the angle φ, m/rad (signed: the sign of the plane's orientation).
    var travelPerRadian: Double
    /// Lever from the sensor to the hip joint in the plane, m (sensor frame).
    var lever: (Double, Double)
    /// Root-mean-square residual of the model, m/s².
    var residualRMS: Double

    /// Residuals above this, m/s², are more than a hinge leaves unmodelled (the hip joint's small
    /// rise and fall, sway, soft tissue under a belt: a few tenths of m/s²; 0.1 g leaves room for
    /// sensor noise, not for a motion that is not a hinge).
    static let maximumResidualRMS = 0.1 * standardGravity
    /// Plausible hinge travel per radian of pelvis tilt, m/rad: hip hinges move the hips 0.2–0.5 m
    /// over 30–70° of pelvis tilt (0.2–0.95 m/rad); wider bounds keep unusual builds.
    static let travelPerRadianRange = 0.1...1.2
    /// Longest plausible lever from the hip joint to a belt sensor or to the hands at the groin, m
    /// (as `MotionRepFinder.maximumHipLeverM`, with room for the hands' grip below the groin).
    static let maximumLeverM = 0.35
    /// Spacing of the angle's spline knots, s: a drive lasts 0.5–0.9 s, the turnaround's reversal
    /// about 0.2 s; knots every 0.15 s follow both and are too coarse to chase noise.
    static let knotSpacingS = 0.15

    var isHinge: Bool {
        let length = (lever.0 * lever.0 + lever.1 * lever.1).squareRoot()
        return residualRMS <= Self.maximumResidualRMS && Self.travelPerRadianRange.contains(abs(travelPerRadian))
            && length <= Self.maximumLeverM
    }

    /// Angle, rate and acceleration at time `t` (s from the window's first sample).
    func angle(at t: Double) -> (value: Double, rate: Double, acceleration: Double) {
        let b = spline.basis(at: t)
        var v = 0.0, r = 0.0, a = 0.0
        for j in 0..<4 {
            let c = coefficients[b.indices[j]]
            v += c * b.value[j]; r += c * b.rate[j]; a += c * b.acceleration[j]
        }
        return (v, r, a)
    }

    /// Fits the hinge to `force` (sensor-frame specific force, m/s², one per sample at interval
    /// `dt`), samples with `usable` false left out (clipped).
    static func fit(force: [Vector3], dt: Double, usable: [Bool]) -> HipHingeFit? {
        let count = force.count
        guard count >= 20, let axes = PlanarSwingFit.principalAxes(force) else { return nil }
        let g = standardGravity
        let n = axes.smallest
        let e1 = (axes.largest - n * n.dot(axes.largest)).normalized
        let e2 = n.cross(e1)
        let planar = force.map { ($0.dot(e1), $0.dot(e2)) }
        let used = (0..<count).filter { usable[$0] }
        guard used.count >= 20 else { return nil }
        let times = (0..<count).map { Double($0) * dt }
        let duration = times[count - 1]
        let spline = UniformCubicSpline(start: 0, end: duration,
                                        intervals: max(4, Int((duration / knotSpacingS).rounded())))
        let basis = times.map { spline.basis(at: $0) }
        // Start: the angle as if the force were gravity alone (unwrapped).
        var tilt: [Double] = []
        for (x, y) in planar {
            var a = atan2(y, x)
            if let last = tilt.last { a += 2 * Double.pi * ((last - a) / (2 * Double.pi)).rounded() }
            tilt.append(a)
        }
        // The hips' accelerations (up to half of g at a fast cadence) distort that start, and from
        // a distorted one the fit can settle in a wrong basin (rms 0.4–0.55 against 0.15 m/s²).
        // Most of the distortion is the hips' reversal at the turnaround, which tilts f by
        // atan(|a|/g) towards the drive, with |a| = √(|f|² − g²) measured from the force's size
        // alone (HipPullAccelerometerOnlyCounting.swift): the starts are the tilt with that
        // apparent tilt removed either way (the drive's sense in this plane is not known yet),
        // and the tilt itself, whole and with its swing shrunk (it overstates the swing where
        // the hips' acceleration adds to it).
        let apparent = force.map { v -> Double in
            let excess = v.dot(v) - g * g
            return excess > 0 ? atan(excess.squareRoot() / g) : 0
        }
        let mean = tilt.reduce(0, +) / Double(count)
        let starts = [zip(tilt, apparent).map { $0 - $1 }, zip(tilt, apparent).map { $0 + $1 }, tilt,
                      tilt.map { mean + 0.6 * ($0 - mean) }]
        let initials = starts.compactMap { spline.leastSquares(values: $0, basis: basis) }
        guard !initials.isEmpty else { return nil }
        let unknowns = spline.count + 3
        let iL = spline.count, ipx = spline.count + 1, ipy = spline.count + 2

        // The basis of every used sample in flat buffers (first coefficient index, then four
        // weights each for the value, rate and acceleration): the fit evaluates them some
        // hundreds of times per rep, and per-sample arrays cost an allocation and a bounds and
        // uniqueness check per access. The arithmetic and its order are those of
        // `UniformCubicSpline.evaluate`.
        let rows = used.count
        var first = [Int](repeating: 0, count: rows)
        var weights = [Double](repeating: 0, count: 12 * rows)
        var forceX = [Double](repeating: 0, count: rows), forceY = [Double](repeating: 0, count: rows)
        for (row, i) in used.enumerated() {
            let b = basis[i]
            first[row] = b.indices[0]
            for j in 0..<4 {
                weights[12 * row + j] = b.value[j]
                weights[12 * row + 4 + j] = b.rate[j]
                weights[12 * row + 8 + j] = b.acceleration[j]
            }
            forceX[row] = planar[i].0; forceY[row] = planar[i].1
        }
        /// The angle, its rate and acceleration at used sample `row` for coefficients `x`.
        @inline(__always) func state(_ x: UnsafeBufferPointer<Double>, _ w: UnsafeBufferPointer<Double>,
                                     _ row: Int, _ base: Int) -> (Double, Double, Double) {
            var v = 0.0, r = 0.0, a = 0.0
            for j in 0..<4 {
                let c = x[base + j]
                v += c * w[12 * row + j]; r += c * w[12 * row + 4 + j]; a += c * w[12 * row + 8 + j]
            }
            return (v, r, a)
        }
        // The cosines and sines of the angle at the last x whose residuals were taken: the
        // normal equations are always formed at that x (the start, or the step just accepted),
        // and the trigonometry is a third of the fit's cost.
        // (Raw buffers: arrays captured and mutated by these nested functions are checked for
        // exclusive access on every element, which cost more than the trigonometry saved.)
        var cachedX: [Double] = []
        let cachedCos = UnsafeMutablePointer<Double>.allocate(capacity: max(1, rows))
        let cachedSin = UnsafeMutablePointer<Double>.allocate(capacity: max(1, rows))
        defer { cachedCos.deallocate(); cachedSin.deallocate() }
        func residuals(_ x: [Double]) -> [Double] {
            let L = x[iL], px = x[ipx], py = x[ipy]
            var r = [Double](repeating: 0, count: 2 * rows)
            r.withUnsafeMutableBufferPointer { r in
            x.withUnsafeBufferPointer { xs in
                weights.withUnsafeBufferPointer { w in
                    for row in 0..<rows {
                        let (v, s, a) = state(xs, w, row, first[row])
                        let c = cos(v), sn = sin(v)
                        cachedCos[row] = c; cachedSin[row] = sn
                        r[2 * row] = forceX[row] - (s * s * px - a * py + g * c - a * L * sn)
                        r[2 * row + 1] = forceY[row] - (s * s * py + a * px + g * sn + a * L * c)
                    }
                }
            }
            }
            cachedX = x
            return r
        }
        // Normal equations JᵀJ and Jᵀr of the model (J = ∂model/∂x, r = data − model).
        func normal(_ x: [Double], _ r: [Double]) -> ([[Double]], [Double]) {
            let L = x[iL], px = x[ipx], py = x[ipy]
            // Accumulated flat (row-major): nested arrays cost a copy check per access.
            var flat = [Double](repeating: 0, count: unknowns * unknowns)
            var jtr = [Double](repeating: 0, count: unknowns)
            let cached = cachedX == x
            var index = [Int](repeating: 0, count: 7)
            var gx = [Double](repeating: 0, count: 7), gy = [Double](repeating: 0, count: 7)
            x.withUnsafeBufferPointer { xs in
                weights.withUnsafeBufferPointer { w in
                    flat.withUnsafeMutableBufferPointer { m in
                    jtr.withUnsafeMutableBufferPointer { jtr in
                    index.withUnsafeMutableBufferPointer { index in
                    gx.withUnsafeMutableBufferPointer { gx in
                    gy.withUnsafeMutableBufferPointer { gy in
                        for row in 0..<rows {
                            let base = first[row]
                            let (v, s, a) = state(xs, w, row, base)
                            let c = cached ? cachedCos[row] : cos(v), sn = cached ? cachedSin[row] : sin(v)
                            for j in 0..<4 {
                                let bv = w[12 * row + j], br = w[12 * row + 4 + j], ba = w[12 * row + 8 + j]
                                index[j] = base + j
                                gx[j] = 2 * s * br * px - ba * py - g * sn * bv - ba * L * sn - a * L * c * bv
                                gy[j] = 2 * s * br * py + ba * px + g * c * bv + ba * L * c - a * L * sn * bv
                            }
                            index[4] = iL; gx[4] = -a * sn; gy[4] = a * c
                            index[5] = ipx; gx[5] = s * s; gy[5] = a
                            index[6] = ipy; gx[6] = -a; gy[6] = s * s
                            let rx = r[2 * row], ry = r[2 * row + 1]
                            // The indices increase (spline coefficients, then L and the lever),
                            // so the upper triangle is accumulated and mirrored below.
                            for u in 0..<7 {
                                jtr[index[u]] += gx[u] * rx + gy[u] * ry
                                let rowBase = index[u] * unknowns
                                for v in u..<7 { m[rowBase + index[v]] += gx[u] * gx[v] + gy[u] * gy[v] }
                            }
                        }
                    }
                    }
                    }
                    }
                    }
                }
            }
            for i in 0..<unknowns { for j in 0..<i { flat[i * unknowns + j] = flat[j * unknowns + i] } }
            let jtj = (0..<unknowns).map { Array(flat[($0 * unknowns)..<(($0 + 1) * unknowns)]) }
            return (jtj, jtr)
        }
        func cost(_ r: [Double]) -> Double { r.reduce(0) { $0 + $1 * $1 } }

        // Starts: the angles above, with either sense of the plane (the sign of L) and the lever at
        // the hip joint. The lowest final cost wins: a start far from the truth can settle with a
        // lever of metres and a shallow angle. (With the tilt alone the starts needed five
        // levers and three shrinks, 30 in all, and still missed the basin at fast cadences.)
        let typicalTravel = 0.4   // m/rad: 0.35 m of hips over 50° of pelvis tilt, a start only
        // Levenberg–Marquardt from `x` for at most `iterations` steps: the final cost and x.
        func refine(_ start: [Double], iterations: Int) -> (cost: Double, x: [Double]) {
            var x = start
            var r = residuals(x)
            var current = cost(r)
            var damping = 1e-3
            for _ in 0..<iterations {
                let (jtj, jtr) = normal(x, r)
                guard let accepted = PlanarSwingFit.dampedStep(normal: jtj, gradient: jtr, from: x, cost: current,
                                                               damping: &damping, residuals: residuals)
                else { break }
                let gain = (current - accepted.cost) / max(current, 1e-12)
                x = accepted.x; r = accepted.residuals; current = accepted.cost
                if gain <= 1e-7 { break }
            }
            return (current, x)
        }
        // Every start takes a few steps (the wrong basins show by then: their cost stays 3–10×
        // the right one's); the best is refined to convergence.
        var screened: [(cost: Double, x: [Double])] = []
        for initial in initials {
            for sign in [1.0, -1.0] {
                screened.append(refine(initial + [sign * typicalTravel, 0, 0], iterations: 4))
            }
        }
        screened.sort { $0.cost < $1.cost }
        let best = screened.first.map { refine($0.x, iterations: 30) }
        guard let best else { return nil }
        let rms = (best.cost / Double(2 * used.count)).squareRoot()
        return HipHingeFit(times: times, spline: spline, coefficients: Array(best.x[0..<spline.count]),
                           travelPerRadian: best.x[iL], lever: (best.x[ipx], best.x[ipy]), residualRMS: rms)
    }
}

extension MotionRepFinder {
    /// Accelerometer-only hip-pull reps re-measured by the hinge fit (see the file's notes): their
    /// turnarounds from the pelvis angle's rate, their hip travel as L·φ. A rep whose fit is not a
    /// hinge keeps its integrated kinematics.
    func accelerometerOnlyHipPullReps(_ reps: [MotionRep]) -> [MotionRep] {
        guard exercise == .hipPull, trace.angularVelocity == nil, trace.orientationMethod == .accelerometerOnly
        else { return reps }
        let fitted = reps.map { hingeRep($0) }
        // The hinge's travel per radian belongs to the athlete's build and stance, fixed within a
        // run; per rep it scatters by ±10 % (one rep's data against three constants). The run's
        // median is used for every rep: its hips' travel is the median L times its own angle.
        let travels = fitted.compactMap { $0?.travelPerRadian }
        guard let median = SignalMath.median(travels) else { return reps }
        return zip(reps, fitted).map { rep, fit in
            guard var out = fit?.rep, let own = fit?.travelPerRadian, own > 0 else { return rep }
            let scale = median / own
            out.forwardPosition = out.forwardPosition.map { $0 * scale }
            out.forwardVelocity = out.forwardVelocity.map { $0 * scale }
            out.forwardAcceleration = out.forwardAcceleration.map { $0 * scale }
            return out
        }
    }

    /// Share of the drive's peak speed below which the hinge fit's hips have arrived at lockout.
    static let hingeArrivalShareOfPeak = 0.05

    /// One rep re-measured by the hinge fit with the fit's |L| (m/rad), or nil when the fit fails
    /// or is not a hinge.
    func hingeRep(_ rep: MotionRep) -> (rep: MotionRep, travelPerRadian: Double)? {
        let fs = trace.sampleRate, dt = 1 / fs
        // The window reaches a fifth of a period beyond both turnarounds: they may be ~0.1 s off,
        // and the zero crossings of the angle's rate are searched there.
        let margin = 0.2 * rep.runPeriodS * fs
        let lo = max(0, Int((rep.turnaroundPosition - margin).rounded(.down)))
        let hi = min(trace.count - 1, Int((rep.endPosition + margin).rounded(.up)))
        guard hi - lo >= 20 else { return nil }
        let f = trace.specificForce
        let force = (lo...hi).map { f[$0] }
        let clipLevel = clippingLevel()
        let usable = force.map { v in clipLevel.map { max(abs(v.x), abs(v.y), abs(v.z)) < $0 } ?? true }
        guard let fit = HipHingeFit.fit(force: force, dt: dt, usable: usable), fit.isHinge else {
            if Self.debug { print("hinge fit rejected at", rep.turnaroundPosition / fs) }
            return nil
        }
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
        let angles = positions.map { fit.angle(at: ($0 - Double(lo)) * dt) }
        // Forward: the hips travel forward from the turnaround (the drive).
        let start0 = angles[0].value
        let travel = angles.map { fit.travelPerRadian * ($0.value - start0) }
        // The rep finder's apex lies in the lockout (the set's last rep can go on backwards
        // beyond its turnaround as the athlete stands up and steps back, so the extremes of the
        // travel do not tell).
        let apexIndex = positions.indices.min { abs(positions[$0] - rep.apexPosition) < abs(positions[$1] - rep.apexPosition) } ?? 0
        let sense: Double = travel[apexIndex] >= 0 ? 1 : -1
        var out = rep
        out.positions = positions
        out.forwardPosition = travel.map { sense * $0 }
        out.forwardVelocity = angles.map { sense * fit.travelPerRadian * $0.rate }
        out.forwardAcceleration = angles.map { sense * fit.travelPerRadian * $0.acceleration }
        let zeros = [Double](repeating: 0, count: positions.count)
        out.lateralVelocity = zeros; out.verticalVelocity = zeros
        out.lateralAcceleration = zeros; out.verticalAcceleration = zeros
        out.height = zeros
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
            print("hinge rep", start / fs, "L", fit.travelPerRadian, "lever", fit.lever, "rms", fit.residualRMS,
                  "stroke", out.forwardTravel)
        }
        return (out, abs(fit.travelPerRadian))
    }
}
