import Foundation
import HipDriveRecordings

// Hip pulls with a gyroscope: the hips' travel from the hinge, x = L·φ, with L measured per run.
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
// Why not integrate the sensor's acceleration and move it to the hip joint (`hipJointRep`)? That
// needs the lever's vertical component, which the sensor's own rise and fall cannot separate from
// the hip joint's drop (hip2: fitted forward lever 0.16–0.18 m for a true 0.12, strokes −9 %).
// Here the lever enters only through the rigid-body terms α × r and ω²r, which are fixed in the
// sensor frame, while the hips' acceleration L·φ̈ points along the world's horizontal, which
// turns in the sensor frame by the whole pitch: the two are told apart by the turning.
// The velocity L·φ̇ needs no integration: no drift, and it is zero exactly where the pelvis
// stops turning (the turnarounds the rep finder found).
//
// Known bias: the hip joint's small vertical travel (it drops a few cm as the hips go back) is
// not modelled; on simulated sessions whose hips drop 4 cm over the stroke, L came out within
// −2…0 % (Python cross-check, /work/notes/hip3.md).
extension MotionRepFinder {
    /// The run's hinge: travel per radian of pitch L (m/rad, signed so that the drive is
    /// forward), the pitch axis n (sensor frame) and the fit's lever length (m); nil when the run
    /// does not look like a hinge.
    func gyroHinge(_ reps: [MotionRep]) -> (travelPerRadian: Double, axis: Vector3, lever: Double)? {
        guard let gyro = trace.angularVelocity, !reps.isEmpty else { return nil }
        let fs = trace.sampleRate, g = standardGravity
        let samples = reps.flatMap { rep -> [Int] in
            let a = max(1, Int(rep.turnaroundPosition.rounded(.up))), b = min(trace.count - 2, Int(rep.endPosition.rounded(.down)))
            return a <= b ? Array(a...b) : []
        }
        guard samples.count >= 50 else { return nil }
        // The pitch axis: the principal axis of the rotation rate.
        var m = [[Double]](repeating: [0, 0, 0], count: 3)
        for i in samples {
            let w = [gyro.x[i], gyro.y[i], gyro.z[i]]
            for a in 0..<3 { for b in 0..<3 { m[a][b] += w[a] * w[b] } }
        }
        guard let axis = SignalMath.dominantEigenvector3(m) else { return nil }
        let n = Vector3(axis[0], axis[1], axis[2]).normalized
        let seed = abs(n.x) < 0.9 ? Vector3(1, 0, 0) : Vector3(0, 1, 0)
        let e1 = (seed - n * n.dot(seed)).normalized, e2 = n.cross(e1)
        // Angular acceleration over ±20 ms: the hinge's own changes take 0.1 s and more, while a
        // one-sample difference multiplies the gyro's noise by fs (that noise, in a regressor,
        // would shrink L).
        let h = max(1, Int((Self.hingeRateDifferenceS * fs).rounded()))
        var normal = [[Double]](repeating: [0, 0, 0], count: 3)
        var rhs = [0.0, 0.0, 0.0]
        var pitchRange = 0.0
        for rep in reps {
            var angle = 0.0, low = 0.0, high = 0.0
            let a = max(1, Int(rep.turnaroundPosition.rounded(.up))), b = min(trace.count - 2, Int(rep.endPosition.rounded(.down)))
            guard a <= b else { continue }
            for i in a...b {
                let w = gyro[i]
                angle += w.dot(n) / fs
                low = min(low, angle); high = max(high, angle)
                let before = gyro[max(0, i - h)], after = gyro[min(trace.count - 1, i + h)]
                let span = Double(min(trace.count - 1, i + h) - max(0, i - h))
                guard span > 0 else { continue }
                let alpha = (after - before) * (fs / span)
                let q = trace.orientation[i]
                let u = q.conjugate.rotate(Vector3(0, 0, 1))
                let lhs = trace.specificForce[i] - u * g
                let forward = n.cross(u)
                let columns = [alpha.cross(e1) + w.cross(w.cross(e1)),
                               alpha.cross(e2) + w.cross(w.cross(e2)),
                               forward * alpha.dot(n)]
                for r in 0..<3 {
                    rhs[r] += columns[r].dot(lhs)
                    for c in 0..<3 { normal[r][c] += columns[r].dot(columns[c]) }
                }
            }
            pitchRange = max(pitchRange, high - low)
        }
        guard pitchRange >= Self.minimumLeverPitchRad, let x = PlanarSwingFit.solveSymmetric(normal, rhs) else { return nil }
        let lever = (x[0] * x[0] + x[1] * x[1]).squareRoot()
        var travel = x[2]
        guard HipHingeFit.travelPerRadianRange.contains(abs(travel)), lever <= HipHingeFit.maximumLeverM else {
            if Self.debug { print("gyro hinge rejected: L", travel, "lever", lever) }
            return nil
        }
        // Sign: the drive (turnaround → lockout) is forward.
        var drive = 0.0
        for rep in reps {
            let a = max(0, Int(rep.turnaroundPosition.rounded())), b = min(trace.count - 1, Int(rep.apexPosition.rounded()))
            guard a < b else { continue }
            for i in a..<b { drive += gyro[i].dot(n) / fs }
        }
        if travel * drive < 0 { travel = -travel }
        if Self.debug { print("gyro hinge: L", travel, "lever", x[0], x[1], "pitch range", pitchRange) }
        return (travel, n, lever)
    }

    /// A rep's forward kinematics from the hinge: v = L·φ̇, a = L·φ̈, x = L·(φ − φ_turnaround),
    /// with the lockout searched again on them.
    func gyroHingeRep(_ rep: MotionRep, travelPerRadian: Double, axis: Vector3) -> MotionRep {
        guard let gyro = trace.angularVelocity else { return rep }
        let fs = trace.sampleRate
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
        var out = rep
        let rates = rep.positions.map(rate)
        var angle = [Double](repeating: 0, count: rates.count)
        for k in 1..<rates.count {
            angle[k] = angle[k - 1] + 0.5 * (rates[k] + rates[k - 1]) * (rep.positions[k] - rep.positions[k - 1]) / fs
        }
        out.forwardVelocity = rates.map { travelPerRadian * $0 }
        out.forwardAcceleration = rep.positions.map { travelPerRadian * acceleration($0) }
        out.forwardPosition = angle.map { travelPerRadian * $0 }
        let zeros = [Double](repeating: 0, count: rates.count)
        out.lateralVelocity = zeros; out.verticalVelocity = zeros
        out.lateralAcceleration = zeros; out.verticalAcceleration = zeros
        out.height = zeros
        // Positions come from the measured angle, not from an integrated acceleration: nothing
        // to close.
        out.closesLoop = false
        relocateHipPullApex(&out, near: rep.apexPosition)
        return out
    }

    /// Half-width of the central difference for the pelvis's angular acceleration, s.
    static let hingeRateDifferenceS = 0.02
}
