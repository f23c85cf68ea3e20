import Foundation
import HipDriveRecordings

// Hip pulls with a gyroscope: the sensor's travel from the hinge, the hip joint's x = L·φ (L
// measured per run) plus the turning lever from the joint to the sensor (`gyroHingeRep`: the
// band pulls where the sensor rides, HipPullKinematics.swift).
//
// The gyroscope measures the pelvis pitch rate φ̇ directly. In a hip hinge the hips travel back
// BECAUSE the pelvis tilts over the fixed feet, so the hips' forward velocity is L·φ̇, with L
// (m/rad) the hinge's travel per radian of pelvis tilt (HipPullAccelerometerOnly.swift has the
// same model without a gyroscope). L is measured from the accelerometer, in the sensor frame:
//     f − g·u = α × r + ω × (ω × r) + L·φ̈·(n × u),
// with u the world's up in the sensor frame (from the orientation), n the pitch axis (the gyro's
// principal axis over the run), r the lever from the hip joint to the sensor and n × u the
// hips' horizontal direction. That is linear in (r, L): one least-squares solve over every
// sample of the run's reps. The component of r along n does not turn and is left out.
//
// Why not integrate the sensor's acceleration? The fused orientation's tilt is pulled towards
// the specific force, i.e. by the hips' own 0.1–0.3 g, in step with them, which cancels most of
// the forward acceleration. Here the lever enters only through the rigid-body terms α × r and
// ω²r, which are fixed in the sensor frame, while the hips' acceleration L·φ̈ points along the
// world's horizontal, which turns in the sensor frame by the whole pitch: the two are told apart
// by the turning. The velocity (L + r-terms)·φ̇ needs no integration: no drift, and it is zero
// exactly where the pelvis stops turning (the turnarounds the rep finder found). How the
// sensor's motion splits between r and the joint's path is NOT well determined (see
// `hipDropPerTravel`, `placeLeverHeight`), which is why the sensor's own point, their sum, is
// what the rep reports.
//
// The lumbo-pelvic rhythm: the pelvis is not turned in proportion to the hips' travel all the
// way. Early in the descent the pelvis leads, late in it the lumbar spine takes over (or the
// other way round, by build and habit), so the travel is a smooth, non-linear function of the
// pelvis angle. Its second-order term is fitted with the rest, x = L·φ + K·φ² (φ from the run's
// mean angle), whose acceleration ẍ = (L + 2Kφ)·φ̈ + 2K·φ̇² is still linear in the unknowns
// (r, L, K): the same least squares with one more column. The angle φ needs a level common to
// all reps (K·φ² depends on it): the gyroscope's integral within a rep, placed by the fused
// orientation's mean tilt over the rep. K is used only when the data determine it (at least two
// standard errors from zero, and the hips moving the same way over the whole range of angles);
// otherwise the linear hinge is, as before.
//
// The hip joint's vertical travel: it sinks a few centimetres as the hips go back (the knees
// unlock). It cannot be measured from one sensor on the pelvis (see `hipDropPerTravel`: it trades
// off exactly against the lever), but leaving it out is not neutral: with a curved rhythm
// (K ≠ 0) the lever then absorbs the drop and the fit moves L by about 2K·c, the sessions with a
// large curvature and a large drop reading 20–45 % off. The path is therefore taken as forward
// and down by a fixed physical slope c (`hipDropPerTravel`), the travel's columns pointing along
// n × u + c·u; with a straight hinge (K = 0) c changes L very little.
extension MotionRepFinder {
    /// The run's hinge (see the file's notes): the hips' travel x = L·φ + K·φ² over the pelvis
    /// angle φ (rad, about the pitch axis n, centred on the run's mean angle), signed so that the
    /// drive is forward; and the lever's length (m). nil when the run does not look like a hinge.
    func gyroHinge(_ reps: [MotionRep]) -> GyroHinge? {
        guard let gyro = trace.angularVelocity, !reps.isEmpty else { return nil }
        let fs = trace.sampleRate, g = standardGravity
        let windows = reps.compactMap { rep -> ClosedRange<Int>? in
            let a = max(1, Int(rep.turnaroundPosition.rounded(.up))), b = min(trace.count - 2, Int(rep.endPosition.rounded(.down)))
            return a <= b ? a...b : nil
        }
        guard windows.reduce(0, { $0 + $1.count }) >= 50 else { return nil }
        // The pitch axis: the principal axis of the rotation rate.
        var m = [[Double]](repeating: [0, 0, 0], count: 3)
        for window in windows {
            for i in window {
                let w = [gyro.x[i], gyro.y[i], gyro.z[i]]
                for a in 0..<3 { for b in 0..<3 { m[a][b] += w[a] * w[b] } }
            }
        }
        guard let axisComponents = SignalMath.dominantEigenvector3(m) else { return nil }
        let n = Vector3(axisComponents[0], axisComponents[1], axisComponents[2]).normalized
        let (e1, e2) = Self.pelvisBasis(n)
        // Each rep's pelvis angle, on one scale for the whole run.
        let angles = windows.map { pelvisAngle(positions: $0.map(Double.init), axis: n) }
        let all = angles.flatMap { $0 }
        let centre = all.reduce(0, +) / Double(max(1, all.count))
        // The upright pelvis: its angle at the reps' lockouts (each window runs turnaround → next
        // turnaround and holds its rep's lockout).
        let lockoutAngles = zip(reps, zip(windows, angles)).compactMap { rep, pair -> Double? in
            let k = Int((rep.apexPosition - Double(pair.0.lowerBound)).rounded())
            return pair.1.indices.contains(k) ? pair.1[k] : nil
        }
        // Angular acceleration over ±20 ms: the hinge's own changes take 0.1 s and more, while a
        // one-sample difference multiplies the gyro's noise by fs (that noise, in a regressor,
        // would shrink L).
        let h = max(1, Int((Self.hingeRateDifferenceS * fs).rounded()))
        // The sign of the drive along n × u (the drive, turnaround → lockout, is forward): the
        // pelvis angle's change over the drives.
        var drive = 0.0
        for rep in reps {
            let a = max(0, Int(rep.turnaroundPosition.rounded())), b = min(trace.count - 1, Int(rep.apexPosition.rounded()))
            guard a < b else { continue }
            for i in a..<b { drive += gyro[i].dot(n) / fs }
        }
        // Columns: the lever (2); the hips' horizontal travel along n × u with its curvature (2);
        // the same two along u (the hip joint's vertical travel, combined below with a fixed
        // drop per metre of travel, see `hipDropPerTravel`).
        let columnCount = 6
        var gram = [[Double]](repeating: [Double](repeating: 0, count: columnCount), count: columnCount)
        var moment = [Double](repeating: 0, count: columnCount)
        var sumSquares = 0.0, rows = 0
        var pitchRange = 0.0
        var low = Double.infinity, high = -Double.infinity
        for (window, angle) in zip(windows, angles) {
            pitchRange = max(pitchRange, (angle.max() ?? 0) - (angle.min() ?? 0))
            // The world's up in the sensor frame from the gyroscope's pelvis angle, not from the
            // fused orientation: a fusion filter pulls its tilt towards the specific force, i.e.
            // by atan(a/g) the hips' own acceleration, low-passed. That error is along the hips'
            // travel and in step with it, so g × (tilt error) entered the left-hand side as a
            // fraction of L·φ̈ and shortened L (by 10–30 % on files without an orientation
            // channel). The integrated rate is exact in shape; its level is the fused tilt's mean
            // over the rep, whose hips start and end at rest (their acceleration averages out).
            let outOfPlane = window.reduce(0.0) { $0 + trace.orientation[$1].conjugate.rotate(Vector3(0, 0, 1)).dot(n) }
                / Double(window.count)
            let inPlane = (1 - min(1, outOfPlane * outOfPlane)).squareRoot()
            for (k, i) in window.enumerated() {
                let w = gyro[i]
                let before = gyro[max(0, i - h)], after = gyro[min(trace.count - 1, i + h)]
                let span = Double(min(trace.count - 1, i + h) - max(0, i - h))
                guard span > 0 else { continue }
                let alpha = (after - before) * (fs / span)
                let u = (e1 * cos(angle[k]) - e2 * sin(angle[k])) * inPlane + n * outOfPlane
                let lhs = trace.specificForce[i] - u * g
                let forward = n.cross(u)
                let phi = angle[k] - centre, rate = w.dot(n), acceleration = alpha.dot(n)
                low = min(low, phi); high = max(high, phi)
                let curved = 2 * phi * acceleration + 2 * rate * rate
                let columns = [alpha.cross(e1) + w.cross(w.cross(e1)),
                               alpha.cross(e2) + w.cross(w.cross(e2)),
                               forward * acceleration,
                               forward * curved,
                               u * acceleration,
                               u * curved]
                for r in 0..<columnCount {
                    moment[r] += columns[r].dot(lhs)
                    for c in r..<columnCount { gram[r][c] += columns[r].dot(columns[c]) }
                }
                sumSquares += lhs.dot(lhs)
                rows += 3
            }
        }
        for r in 0..<columnCount { for c in 0..<r { gram[r][c] = gram[c][r] } }
        guard pitchRange >= Self.minimumLeverPitchRad else { return nil }
        // The hip joint's path: forward along the drive and up by `hipDropPerTravel` per metre
        // (it sinks as the hips go back). Which way n × u points along the drive comes from the
        // straight hinge without the drop (the drop changes L by a fifth at most, never its sign).
        let straight = [[0, 1, 2].map { gram[0][$0] }, [0, 1, 2].map { gram[1][$0] }, [0, 1, 2].map { gram[2][$0] }]
        guard let plain = PlanarSwingFit.solveSymmetric(straight, [moment[0], moment[1], moment[2]]) else { return nil }
        let drop = (plain[2] * drive >= 0 ? 1.0 : -1.0) * Self.hipDropPerTravel
        // Unknowns: the lever (2), L and K, with the travel's columns along n × u + drop·u.
        let unknowns = 4
        let combine: [[Double]] = [[1, 0, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0], [0, 0, 1, 0, drop, 0], [0, 0, 0, 1, 0, drop]]
        var normal = [[Double]](repeating: [Double](repeating: 0, count: unknowns), count: unknowns)
        var rhs = [Double](repeating: 0, count: unknowns)
        for r in 0..<unknowns {
            for a in 0..<columnCount where combine[r][a] != 0 {
                rhs[r] += combine[r][a] * moment[a]
                for c in 0..<unknowns {
                    for b in 0..<columnCount where combine[c][b] != 0 { normal[r][c] += combine[r][a] * gram[a][b] * combine[c][b] }
                }
            }
        }
        // The linear hinge (K = 0) and the curved one; K is kept only when
        // the data determine it.
        let linearIndices = [0, 1, 2]
        let linearNormal = linearIndices.map { r in linearIndices.map { normal[r][$0] } }
        guard let linear = PlanarSwingFit.solveSymmetric(linearNormal, linearIndices.map { rhs[$0] }) else { return nil }
        var x = [linear[0], linear[1], linear[2], 0]
        if let curved = PlanarSwingFit.solveSymmetric(normal, rhs),
           let column = PlanarSwingFit.solveSymmetric(normal, [0, 0, 0, 1]) {
            // Residual variance of the curved fit; the residuals are not independent sample to
            // sample (what the model leaves out, sway and soft tissue, varies over a tenth of a
            // second), so each tenth of a second counts as one observation.
            let residual = sumSquares - 2 * zip(curved, rhs).reduce(0) { $0 + $1.0 * $1.1 }
                + (0..<unknowns).reduce(0.0) { s, r in s + (0..<unknowns).reduce(0.0) { $0 + curved[r] * normal[r][$1] * curved[$1] } }
            let correlated = max(1, Self.hingeResidualCorrelationS * fs)
            let variance = max(0, residual) / Double(max(1, rows - unknowns)) * correlated
            let standardError = (variance * column[3]).squareRoot()
            // The hips move one way while the pelvis turns one way (a hinge): the slope
            // dx/dφ = L + 2Kφ keeps its sign over the angles the run covers.
            let monotonic = (curved[2] + 2 * curved[3] * low) * curved[2] > 0 && (curved[2] + 2 * curved[3] * high) * curved[2] > 0
            let determined = abs(curved[3]) >= Self.hingeCurvatureSignificance * standardError
            if Self.debug { print("gyro hinge curvature K", curved[3], "±", standardError, "L", curved[2], "monotonic", monotonic) }
            if determined, monotonic { x = curved }
        }
        if let upright = lockoutAngles.isEmpty ? nil : lockoutAngles.reduce(0, +) / Double(lockoutAngles.count),
           let placed = placeLeverHeight(x, gram: gram, moment: moment, drop: drop, uprightAngle: upright),
           (placed[2] + 2 * placed[3] * low) * placed[2] > 0, (placed[2] + 2 * placed[3] * high) * placed[2] > 0 {
            // (still a hinge: the hips move one way over the run's angles)
            x = placed
        }
        let lever = (x[0] * x[0] + x[1] * x[1]).squareRoot()
        var travel = x[2], curvature = x[3]
        guard HipHingeFit.travelPerRadianRange.contains(abs(travel)), lever <= HipHingeFit.maximumLeverM else {
            if Self.debug { print("gyro hinge rejected: L", travel, "lever", lever) }
            return nil
        }
        // Sign: the drive (turnaround → lockout) is forward.
        let driveSign = travel * drive < 0 ? -1.0 : 1.0
        travel *= driveSign; curvature *= driveSign
        if Self.debug { print("gyro hinge: L", travel, "K", curvature, "lever", x[0], x[1], "pitch range", pitchRange) }
        // Standing tall: in each window (turnaround → next turnaround) the angle furthest from the
        // turnaround's. (`lockoutAngles` read at the rep finder's apexes, which can lie a third of
        // the drive early, still hinged by some 15°.)
        let uprights = angles.compactMap { angle -> Double? in
            guard let first = angle.first else { return nil }
            return angle.max { abs($0 - first) < abs($1 - first) }
        }
        let upright = SignalMath.median(uprights) ?? centre
        return GyroHinge(travelPerRadian: travel, curvature: curvature, centre: centre, axis: n, lever: lever,
                         leverVector: e1 * x[0] + e2 * x[1], driveSign: driveSign, uprightAngle: upright)
    }

    /// The hinge refitted with the sensor's height above the hips' pivot point held at the edge
    /// of the pelvis when the straight path puts the sensor off it; nil when the straight fit's
    /// lever is on the pelvis (it is kept) or the refit fails. `x` is the straight-path fit
    /// (lever in e1, e2; L; K), `gram`/`moment` the normal equations of the six columns (lever 2,
    /// travel along n × u 2, travel along u 2), `drop` the path's slope, `uprightAngle` the
    /// pelvis angle at lockout on `pelvisAngle`'s scale (rad).
    ///
    /// Why: the sensor's rise and fall over a rep holds the lever's height h (above the hip
    /// joint, at the upright) only through h·(1 − cos φ) ≈ h·φ²/2, and a hip path that curves
    /// down as the hips go back, z = −D·φ², makes the same term: the data give h + 2D, not h.
    /// The straight path (D = 0) reads every curve of the path as lever height, and the travel
    /// comes out (h + 2D)·sin φ too long. A real hip path does curve: at lockout thigh and shin
    /// stand near vertical, so the hip joint leaves the lockout level and sinks as the knees
    /// unlock (on the thigh's arc about the knee, x²/2ℓ: some 4 cm at 0.2 m of travel with a
    /// 0.45 m thigh); with a pitch swing of 30–40° that is read as 0.2–0.4 m of extra lever
    /// (/work/notes/hipindep.md). How much of h + 2D is curve cannot be measured, but a sensor
    /// that moves with the pelvis sits on it: when the straight path needs the sensor higher
    /// (or lower) than any place on the pelvis, the excess is the path's curve, so h is held at
    /// the pelvis's edge (`pelvisSensorHeightRangeM`) and D is fitted with the rest.
    func placeLeverHeight(_ x: [Double], gram: [[Double]], moment: [Double], drop: Double,
                          uprightAngle: Double) -> [Double]? {
        // The world's up in the sensor frame at the upright, in (e1, e2): u = e1·cos φ − e2·sin φ.
        let a = cos(uprightAngle), b = -sin(uprightAngle)
        let measured = x[0] * a + x[1] * b
        if Self.debug { print("gyro hinge straight-path lever height \(measured) m") }
        guard !Self.pelvisSensorHeightRangeM.contains(measured) else { return nil }
        let height = min(max(measured, Self.pelvisSensorHeightRangeM.lowerBound), Self.pelvisSensorHeightRangeM.upperBound)
        // Unknowns: the lever's horizontal part s (along (−b, a) in e1, e2), L, K (only when the
        // straight fit kept it) and D; the lever's height is held.
        let curved = x[3] != 0
        var map: [[Double]] = [[-b, a, 0, 0, 0, 0], [0, 0, 1, 0, drop, 0]]
        if curved { map.append([0, 0, 0, 1, 0, drop]) }
        map.append([0, 0, 0, 0, 0, 1])
        let fixed = [height * a, height * b, 0, 0, 0, 0]
        let count = map.count, columns = fixed.count
        var normal = [[Double]](repeating: [Double](repeating: 0, count: count), count: count)
        var rhs = [Double](repeating: 0, count: count)
        for r in 0..<count {
            for i in 0..<columns where map[r][i] != 0 {
                var shifted = moment[i]
                for j in 0..<columns { shifted -= gram[i][j] * fixed[j] }
                rhs[r] += map[r][i] * shifted
                for c in 0..<count {
                    for j in 0..<columns where map[c][j] != 0 { normal[r][c] += map[r][i] * gram[i][j] * map[c][j] }
                }
            }
        }
        guard let y = PlanarSwingFit.solveSymmetric(normal, rhs) else { return nil }
        let s = y[0]
        if Self.debug {
            print("gyro hinge lever height: straight path \(measured) m, held \(height) m; L \(y[1]) K \(curved ? y[2] : 0) D \(y[count - 1])")
        }
        return [height * a - s * b, height * b + s * a, y[1], curved ? y[2] : 0]
    }

    /// The pelvis angle about `axis` at fractional sample `positions` (rad): the integrated
    /// pitch rate (exact in shape), placed on the run's common scale by the fused orientation's
    /// angle averaged over the same positions (the gyroscope alone has no absolute level; the
    /// fusion's tilt is pulled by the hips' accelerations, which average out over a rep whose
    /// hips come back to rest). Increases with the rate about `axis`.
    func pelvisAngle(positions: [Double], axis: Vector3) -> [Double] {
        guard let gyro = trace.angularVelocity, !positions.isEmpty else { return [] }
        let fs = trace.sampleRate
        let (e1, e2) = Self.pelvisBasis(axis)
        func sample(_ position: Double) -> (rate: Double, up: Vector3) {
            let i = max(0, min(Int(position), trace.count - 2)), frac = max(0, min(1, position - Double(i)))
            let rate = gyro[i].dot(axis) * (1 - frac) + gyro[i + 1].dot(axis) * frac
            return (rate, trace.orientation[i].conjugate.rotate(Vector3(0, 0, 1)))
        }
        let samples = positions.map(sample)
        var integrated = [Double](repeating: 0, count: positions.count)
        for k in 1..<max(1, positions.count) {
            integrated[k] = integrated[k - 1] + 0.5 * (samples[k].rate + samples[k - 1].rate) * (positions[k] - positions[k - 1]) / fs
        }
        // World up seen from the sensor turns the other way: its angle in the plane ⟂ axis
        // falls by the pitch, so the pelvis angle is minus that angle (unwrapped).
        var offset = 0.0, previous: Double?
        for (k, s) in samples.enumerated() {
            var tilt = -atan2(s.up.dot(e2), s.up.dot(e1))
            if let previous { tilt += 2 * Double.pi * ((previous - tilt) / (2 * Double.pi)).rounded() }
            previous = tilt
            offset += tilt - integrated[k]
        }
        offset /= Double(positions.count)
        return integrated.map { $0 + offset }
    }

    /// A rep's kinematics at the sensor from the hinge, with the lockout searched again on them.
    /// The sensor rides on the pelvis at the lever r from the hip joint, so its travel along the
    /// drive is the joint's plus the lever's turning part: x_s = L·φ + K·φ² + σ·r·(n × u(φ)),
    /// with σ the sign that makes the drive forward, and it rises and falls by r·u(φ). The fit
    /// determines that sum (it is what the accelerometer measured) even where it cannot split it
    /// between the joint's path and the lever (see `hipDropPerTravel`), and the band pulls where
    /// the sensor is (HipPullKinematics.swift): this is the point whose power is reported.
    func gyroHingeRep(_ rep: MotionRep, hinge: GyroHinge) -> MotionRep {
        guard let gyro = trace.angularVelocity else { return rep }
        let fs = trace.sampleRate
        let axis = hinge.axis, L = hinge.travelPerRadian, K = hinge.curvature
        let h = max(1, Int((Self.hingeRateDifferenceS * fs).rounded()))
        func rate(_ position: Double) -> Double {
            let i = max(0, min(Int(position), trace.count - 2)), frac = position - Double(i)
            return gyro[i].dot(axis) * (1 - frac) + gyro[i + 1].dot(axis) * frac
        }
        func acceleration(_ position: Double) -> Double {
            let i = Int(position.rounded())
            let a = max(0, i - h), b = min(trace.count - 1, i + h)
            return b > a ? (gyro[b].dot(axis) - gyro[a].dot(axis)) * fs / Double(b - a) : 0
        }
        let rates = rep.positions.map(rate)
        let angle = pelvisAngle(positions: rep.positions, axis: axis).map { $0 - hinge.centre }
        guard angle.count == rates.count, let first = angle.first else { return rep }
        // The lever at the absolute pelvis angle a (the fit's plane basis, `pelvisBasis`): its
        // part along the drive, r·(n × u), and its height, r·u, with their derivatives in a
        // (u = e1·cos a − e2·sin a, u′ = −e1·sin a − e2·cos a, u″ = −u).
        let (e1, e2) = Self.pelvisBasis(axis)
        let r = hinge.bandLever(offset: bandPointOffset), sigma = hinge.driveSign
        func lever(_ a: Double) -> (along: Double, alongSlope: Double, height: Double, heightSlope: Double) {
            let u = e1 * cos(a) - e2 * sin(a), du = e1 * (-sin(a)) - e2 * cos(a)
            return (sigma * r.dot(axis.cross(u)), sigma * r.dot(axis.cross(du)), r.dot(u), r.dot(du))
        }
        let start = lever(first + hinge.centre)
        var out = rep
        let count = angle.count
        out.forwardPosition = [Double](repeating: 0, count: count)
        out.forwardVelocity = out.forwardPosition; out.forwardAcceleration = out.forwardPosition
        out.verticalVelocity = out.forwardPosition; out.verticalAcceleration = out.forwardPosition
        out.height = out.forwardPosition
        for k in 0..<count {
            let phi = angle[k], w = rates[k], alpha = acceleration(rep.positions[k])
            let l = lever(phi + hinge.centre)
            let slope = L + 2 * K * phi + l.alongSlope
            out.forwardPosition[k] = L * (phi - first) + K * (phi * phi - first * first) + l.along - start.along
            out.forwardVelocity[k] = slope * w
            // d/dt of slope·φ̇: the slope's own change is (2K − along)·φ̇ (u″ = −u).
            out.forwardAcceleration[k] = slope * alpha + (2 * K - l.along) * w * w
            out.height[k] = l.height - start.height
            out.verticalVelocity[k] = l.heightSlope * w
            out.verticalAcceleration[k] = l.heightSlope * alpha - l.height * w * w
        }
        // The hips barely move sideways in a hinge, and what the sensor's sway adds is not the band's.
        out.lateralVelocity = [Double](repeating: 0, count: count)
        out.lateralAcceleration = out.lateralVelocity
        // Positions come from the measured angle, not from an integrated acceleration: nothing
        // to close.
        out.closesLoop = false
        // The lockout is searched around the hinge's own furthest point, not around the rep
        // finder's apex: that one comes from the sensor's own integrated path, not the hinge's,
        // and on an independent simulator it came 0.2–0.3 s before the hips stopped, beyond the
        // ±0.1-period search (hipindep.md). The travel is monotone in the pelvis angle (the joint's
        // is checked in the fit; the lever's part runs against it for a sensor above the joint,
        // but a belt lever's sin φ is a fraction of the hinge's travel), so its maximum over the
        // rep is the most upright pelvis: the lockout.
        let furthest = out.forwardPosition.indices.max { out.forwardPosition[$0] < out.forwardPosition[$1] }
        if let furthest, furthest <= 1 || furthest >= count - 2, !rep.endsStanding {
            // A sensor whose own point runs against the hips: its furthest point is the rep's
            // start or end (`lockoutAtPelvisStop`). (A set's last drive that ends standing ends
            // at its lockout: there the end is the furthest point.)
            out = lockoutAtPelvisStop(out, within: 0)
        } else {
            relocateHipPullApex(&out, near: furthest.map { out.positions[$0] } ?? rep.apexPosition)
        }
        if Self.debug { print("gyro hinge rep: apex \(rep.apexPosition) -> \(out.apexPosition)") }
        return out
    }

    /// The rep with its lockout at the pelvis's stop (the pitch rate's sign change, `pelvisStop`)
    /// when the lockout found on the sensor's own path lies more than `within` periods from it.
    ///
    /// Why: a sensor at the back of the belt, 10–12 cm behind the hip joint and as high above
    /// it, is carried forward by the pelvis's turn as the hips go back, so its own point barely
    /// moves along the band, or against it (independent simulator seed 655 session 65500024:
    /// the hinge's L −0.12 m/rad with a 0.14 m lever; in its second set no hinge fitted at all).
    /// Its furthest point is then the rep's start or end, or anywhere in the drive, and the
    /// lockout searched there was up to a half-cycle off (drives of 0 or 3 s where they took
    /// 1.6). The lockout is where the pelvis stops turning upright, wherever the sensor is; its
    /// power at the sensor's point is then withheld when that point did not move forward
    /// (RepPower.swift).
    func lockoutAtPelvisStop(_ rep: MotionRep) -> MotionRep {
        lockoutAtPelvisStop(rep, within: Self.pelvisStopLockoutTolerancePeriods)
    }

    func lockoutAtPelvisStop(_ rep: MotionRep, within periods: Double) -> MotionRep {
        guard let stop = rep.pelvisStop, rep.positions.count > 2,
              abs(rep.apexPosition - stop) > periods * rep.runPeriodS * trace.sampleRate,
              let k = rep.positions.indices.min(by: { abs(rep.positions[$0] - stop) < abs(rep.positions[$1] - stop) }),
              k > 0, k < rep.positions.count - 1 else { return rep }
        if Self.debug { print("hip-pull lockout at the pelvis's stop:", rep.apexPosition / trace.sampleRate, "->", stop / trace.sampleRate) }
        var out = rep
        out.apexOffset = k
        out.apexPosition = stop
        return out
    }

    /// How far the lockout on the sensor's own path may lie from the pelvis's stop, periods: a
    /// belt lever's sin φ shifts the sensor's furthest point by a few hundredths of a period (the
    /// hinge's own lockout is searched within a tenth, `relocateHipPullApex`); further is a
    /// lockout found elsewhere in the drive.
    static let pelvisStopLockoutTolerancePeriods = 0.1

    /// The basis (e1, e2) of the plane ⟂ `axis` in which `pelvisAngle` and the hinge fit measure
    /// the pelvis angle (the world's up in the sensor frame is e1·cos φ − e2·sin φ).
    static func pelvisBasis(_ axis: Vector3) -> (Vector3, Vector3) {
        let seed = abs(axis.x) < 0.9 ? Vector3(1, 0, 0) : Vector3(0, 1, 0)
        let e1 = (seed - axis * axis.dot(seed)).normalized
        return (e1, axis.cross(e1))
    }

    /// Half-width of the central difference for the pelvis's angular acceleration, s.
    static let hingeRateDifferenceS = 0.02
    /// Time over which the hinge fit's residuals stay correlated, s (what the model leaves out,
    /// sway, soft tissue under a belt and the hip joint's small drop, changes over a tenth of a
    /// second): the residual samples within it count as one observation.
    static let hingeResidualCorrelationS = 0.1
    /// How far the hip joint sinks per metre the hips travel back in a hinge, m/m (the path's
    /// slope; the drive raises it again). It is NOT measured: the data cannot tell it from the
    /// lever. A hip path tilted by c and a lever turned by the same first-order amount explain the
    /// specific force alike to second order in the pelvis angle (the drop's c·ẍ·u is matched by
    /// the lever's φ̈ term, the lever's φ̇² term by K), and the third order, lever·φ³/6, is a few
    /// millimetres. Taken as zero, the lever absorbs the drop and L comes out wrong by about 2K·c:
    /// the sessions with a curved rhythm read 10–45 % off (hip4). So a physical value: in a hinge
    /// the knees unlock by some 15–25° with the shins near vertical, so the hip joint, carried
    /// back on the thigh's arc about the knee, sinks by tan(θ/2) ≈ 0.13–0.22 of that part of its
    /// travel, and the part from the ankles' lean is level; a stiff-legged hinge sinks about
    /// 0.05, a soft-kneed one 0.2. 0.12 is the middle; an error of ±0.06 in it leaves ±2K·0.06
    /// in L (a few percent of the stroke on the most curved rhythms, none on a straight one).
    static let hipDropPerTravel = 0.12
    /// Heights above the hip joint's centre at which a sensor still moves with the pelvis, m
    /// (at the upright): from the hip joint's own level (below it is the thigh) less a few
    /// centimetres of soft tissue and strap, to the top of the iliac crest. The joint's centre
    /// lies about 30 % of the inter-ASIS width (23–26 cm) below the anterior superior iliac
    /// spines, i.e. 7–8 cm (Bell et al. 1990, the usual gait-lab rule), and the crest's highest
    /// point another 4–5 cm above the spines: 11–13 cm, so 0.12 m. A belt sensor centred higher
    /// sits on the waist over the lumbar spine, which bends against the pelvis in a hinge (the
    /// rigid-pelvis model does not hold there), and a belt strapped over the crest rides down
    /// onto it. Only the upper edge matters for the hip path: every centimetre the edge sits
    /// above the real sensor is read as lever, not path curve, and lengthens the stroke by
    /// about sin(pitch) cm (hipgyro2.md: with the edge at 0.15 m the strokes on the independent
    /// simulator's thigh's-arc paths, sensor 5–12 cm up, read a median 20 % long, at 0.12 m 7 %).
    static let pelvisSensorHeightRangeM = -0.05...0.12
    /// The curvature K is used when it is at least this many standard errors from zero (a
    /// two-sided 95 % test); otherwise the linear hinge is, as the data do not show the curve.
    static let hingeCurvatureSignificance = 2.0
}

/// The hinge of one run with a gyroscope (see `MotionRepFinder.gyroHinge`).
struct GyroHinge {
    /// L, m/rad: the hips' travel per radian of pelvis angle at the run's mean angle (signed so
    /// that the drive is forward).
    var travelPerRadian: Double
    /// K, m/rad²: the travel's curvature in the angle (the lumbo-pelvic rhythm); 0 when the data
    /// do not determine it.
    var curvature: Double
    /// The run's mean pelvis angle on `pelvisAngle`'s scale, rad: φ is measured from it.
    var centre: Double
    /// The pitch axis in the sensor frame.
    var axis: Vector3
    /// Length of the fitted lever from the hip joint to the sensor, m.
    var lever: Double
    /// The fitted lever r from the hip joint to the sensor in the sensor frame, m.
    var leverVector: Vector3
    /// +1 when the drive is forward along n × u (the fit's travel direction), else −1: L and K
    /// are stored times it, and the lever's part along the drive is taken times it.
    var driveSign: Double
    /// The pelvis angle standing tall (the reps' lockouts), on `pelvisAngle`'s scale, rad.
    var uprightAngle: Double

    /// The lever from the hip joint to the point the band pulls, in the sensor frame: the fitted
    /// lever to the sensor plus the user's offset from the sensor to the band's point (forward
    /// along the drive and up, standing tall), nil offset: the sensor's own point.
    func bandLever(offset: BandPointOffset?) -> Vector3 {
        guard let offset else { return leverVector }
        let (e1, e2) = MotionRepFinder.pelvisBasis(axis)
        let up = e1 * cos(uprightAngle) - e2 * sin(uprightAngle)
        let forward = axis.cross(up) * driveSign
        return leverVector + forward * offset.forwardM + up * offset.upM
    }
}
