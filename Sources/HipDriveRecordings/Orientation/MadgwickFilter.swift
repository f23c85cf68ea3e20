import Foundation

/// Gyroscope + accelerometer orientation filter after S. O. H. Madgwick, "An efficient
/// orientation filter for inertial and inertial/magnetic sensor arrays", report, University of
/// Bristol, 2010, and Madgwick, Harrison & Vaidyanathan, "Estimation of IMU and MARG orientation
/// using a gradient descent algorithm", IEEE ICORR 2011 (IMU variant, no magnetometer).
///
/// The quaternion `q` rotates sensor-frame vectors into the world frame (z up): the gyroscope
/// integrates `q̇ = ½ q ⊗ (0, ω)`, and one normalised gradient-descent step per sample pulls the
/// predicted gravity direction `q* ẑ q` towards the measured specific-force direction at the
/// rate `beta` (rad/s).
///
/// Kettlebell physics: during a swing the accelerometer reads the bell's centripetal and
/// tangential acceleration on top of gravity (2–4 g at the bottom of the arc, near 0 g at the
/// float), so its direction is not "up" and Madgwick's fixed gain would drag the estimate off by
/// tens of degrees every rep. The correction is therefore weighted per sample by how much
/// non-gravitational acceleration there can be: `| |f| − g |` is a lower bound on it, and
/// `|ω|² · r` (r = `swingRadius`, the distance of a hand-held sensor from the shoulder axis)
/// is the centripetal part that can hide at |f| ≈ g. The weight
/// `1 / (1 + (a / tolerance)²)` keeps the full gain when the bell is quiet (a < 0.05 g, about
/// 3° of tilt error) and falls to ~2 % in the swing, where the gyroscope carries the estimate
/// alone; the correction catches up in the next quiet moment (the park, the hike, between sets).
struct MadgwickFilter {
    /// Gradient-descent gain, rad/s. Madgwick (2010) derives β = √(3/4) · ω̃ from the gyroscope's
    /// mean zero-rate error ω̃; 0.1 rad/s (his reference implementation's default) corresponds
    /// to ω̃ ≈ 6.6 deg/s, generous for uncalibrated consumer gyroscopes, and still converges from a
    /// 30° tilt error in about 5 s of quiet.
    var beta = 0.1
    /// Typical distance of the sensor from the rotation axis in a swing or hip hinge, m.
    var swingRadius = 0.7
    /// Non-gravitational acceleration at which the correction weight halves, m/s².
    var tolerance = 0.05 * ColumnUnit.standardGravityValue
    var q = Quaternion.identity

    /// The correction weight for specific force `f` (m/s²) and angular velocity `omega` (rad/s).
    func correctionWeight(f: Vector3, omega: Vector3) -> Double {
        let g = ColumnUnit.standardGravityValue
        let magnitudeError = abs(f.length - g)
        let centripetal = omega.dot(omega) * swingRadius
        let disturbance = max(magnitudeError, centripetal)
        let ratio = disturbance / tolerance
        return 1 / (1 + ratio * ratio)
    }

    /// One filter step of `dt` seconds. `weight` scales `beta` (0 = gyroscope only).
    mutating func update(omega: Vector3, f: Vector3, dt: Double, weight: Double) {
        var q0 = q.w, q1 = q.x, q2 = q.y, q3 = q.z
        let gx = omega.x, gy = omega.y, gz = omega.z
        // Rate of change of the quaternion from the gyroscope.
        var qDot1 = 0.5 * (-q1 * gx - q2 * gy - q3 * gz)
        var qDot2 = 0.5 * (q0 * gx + q2 * gz - q3 * gy)
        var qDot3 = 0.5 * (q0 * gy - q1 * gz + q3 * gx)
        var qDot4 = 0.5 * (q0 * gz + q1 * gy - q2 * gx)
        let norm = f.length
        let gain = beta * weight
        if norm > 0 && gain > 0 {
            let ax = f.x / norm, ay = f.y / norm, az = f.z / norm
            // Gradient of the objective ‖q* ẑ q − â‖² (Madgwick 2010, eq. 25–26 for the IMU case).
            let _2q0 = 2 * q0, _2q1 = 2 * q1, _2q2 = 2 * q2, _2q3 = 2 * q3
            let _4q0 = 4 * q0, _4q1 = 4 * q1, _4q2 = 4 * q2
            let _8q1 = 8 * q1, _8q2 = 8 * q2
            let q0q0 = q0 * q0, q1q1 = q1 * q1, q2q2 = q2 * q2, q3q3 = q3 * q3
            var s0 = _4q0 * q2q2 + _2q2 * ax + _4q0 * q1q1 - _2q1 * ay
            var s1 = _4q1 * q3q3 - _2q3 * ax + 4 * q0q0 * q1 - _2q0 * ay - _4q1 + _8q1 * q1q1 + _8q1 * q2q2 + _4q1 * az
            var s2 = 4 * q0q0 * q2 + _2q0 * ax + _4q2 * q3q3 - _2q3 * ay - _4q2 + _8q2 * q1q1 + _8q2 * q2q2 + _4q2 * az
            var s3 = 4 * q1q1 * q3 - _2q1 * ax + 4 * q2q2 * q3 - _2q2 * ay
            let sNorm = (s0 * s0 + s1 * s1 + s2 * s2 + s3 * s3).squareRoot()
            if sNorm > 1e-12 {
                s0 /= sNorm; s1 /= sNorm; s2 /= sNorm; s3 /= sNorm
                qDot1 -= gain * s0
                qDot2 -= gain * s1
                qDot3 -= gain * s2
                qDot4 -= gain * s3
            }
        }
        q0 += qDot1 * dt
        q1 += qDot2 * dt
        q2 += qDot3 * dt
        q3 += qDot4 * dt
        q = Quaternion(w: q0, x: q1, y: q2, z: q3).normalized
    }
}
