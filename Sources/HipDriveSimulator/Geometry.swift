import Foundation
import HipDriveRecordings

// Small vector, rotation and curve helpers for the kinematic model. Kept internal: the public
// types are HipDriveRecordings' Vector3 and Quaternion.

// `+`, `-`, `dot` and `cross` come from HipDriveRecordings (Quaternion+Rotation.swift).
extension Vector3 {
    @inline(__always) static func * (s: Double, a: Vector3) -> Vector3 { Vector3(s * a.x, s * a.y, s * a.z) }
    var norm: Double { (x * x + y * y + z * z).squareRoot() }
}

/// A 3×3 rotation matrix, row-major. Rotates a body-frame vector into the world frame.
struct Rotation: Sendable, Equatable {
    var m: (Double, Double, Double, Double, Double, Double, Double, Double, Double)

    static let identity = Rotation(m: (1, 0, 0, 0, 1, 0, 0, 0, 1))

    static func == (a: Rotation, b: Rotation) -> Bool {
        a.m.0 == b.m.0 && a.m.1 == b.m.1 && a.m.2 == b.m.2 && a.m.3 == b.m.3 && a.m.4 == b.m.4
            && a.m.5 == b.m.5 && a.m.6 == b.m.6 && a.m.7 == b.m.7 && a.m.8 == b.m.8
    }

    /// Rotation by `angle` (radians, right-handed) about the world x axis.
    static func aboutX(_ angle: Double) -> Rotation {
        let c = cos(angle), s = sin(angle)
        return Rotation(m: (1, 0, 0, 0, c, -s, 0, s, c))
    }
    /// Rotation by `angle` (radians, right-handed) about the y axis: z turns towards +x.
    static func aboutY(_ angle: Double) -> Rotation {
        let c = cos(angle), s = sin(angle)
        return Rotation(m: (c, 0, s, 0, 1, 0, -s, 0, c))
    }
    static func aboutZ(_ angle: Double) -> Rotation {
        let c = cos(angle), s = sin(angle)
        return Rotation(m: (c, -s, 0, s, c, 0, 0, 0, 1))
    }

    @inline(__always) func apply(_ v: Vector3) -> Vector3 {
        Vector3(m.0 * v.x + m.1 * v.y + m.2 * v.z, m.3 * v.x + m.4 * v.y + m.5 * v.z,
                m.6 * v.x + m.7 * v.y + m.8 * v.z)
    }
    /// Rᵀ·v: a world vector expressed in the body frame.
    @inline(__always) func applyTransposed(_ v: Vector3) -> Vector3 {
        Vector3(m.0 * v.x + m.3 * v.y + m.6 * v.z, m.1 * v.x + m.4 * v.y + m.7 * v.z,
                m.2 * v.x + m.5 * v.y + m.8 * v.z)
    }
    var transposed: Rotation { Rotation(m: (m.0, m.3, m.6, m.1, m.4, m.7, m.2, m.5, m.8)) }

    static func * (a: Rotation, b: Rotation) -> Rotation {
        let x = a.m, y = b.m
        return Rotation(m: (
            x.0 * y.0 + x.1 * y.3 + x.2 * y.6, x.0 * y.1 + x.1 * y.4 + x.2 * y.7, x.0 * y.2 + x.1 * y.5 + x.2 * y.8,
            x.3 * y.0 + x.4 * y.3 + x.5 * y.6, x.3 * y.1 + x.4 * y.4 + x.5 * y.7, x.3 * y.2 + x.4 * y.5 + x.5 * y.8,
            x.6 * y.0 + x.7 * y.3 + x.8 * y.6, x.6 * y.1 + x.7 * y.4 + x.8 * y.7, x.6 * y.2 + x.7 * y.5 + x.8 * y.8))
    }

    /// Intrinsic x-y-z Euler angles in degrees (R = Rx·Ry·Rz), the form the CLI takes.
    static func fromEulerDegrees(_ angles: Vector3) -> Rotation {
        let k = Double.pi / 180
        return aboutX(angles.x * k) * aboutY(angles.y * k) * aboutZ(angles.z * k)
    }

    /// The unit quaternion of this rotation (Shepperd's method, stable for every angle), w ≥ 0.
    var quaternion: Quaternion {
        let (r00, r01, r02, r10, r11, r12, r20, r21, r22) = m
        let trace = r00 + r11 + r22
        var q: Quaternion
        if trace > 0 {
            let s = (trace + 1).squareRoot() * 2
            q = Quaternion(w: s / 4, x: (r21 - r12) / s, y: (r02 - r20) / s, z: (r10 - r01) / s)
        } else if r00 > r11 && r00 > r22 {
            let s = (1 + r00 - r11 - r22).squareRoot() * 2
            q = Quaternion(w: (r21 - r12) / s, x: s / 4, y: (r01 + r10) / s, z: (r02 + r20) / s)
        } else if r11 > r22 {
            let s = (1 + r11 - r00 - r22).squareRoot() * 2
            q = Quaternion(w: (r02 - r20) / s, x: (r01 + r10) / s, y: s / 4, z: (r12 + r21) / s)
        } else {
            let s = (1 + r22 - r00 - r11).squareRoot() * 2
            q = Quaternion(w: (r10 - r01) / s, x: (r02 + r20) / s, y: (r12 + r21) / s, z: s / 4)
        }
        if q.w < 0 { q = Quaternion(w: -q.w, x: -q.x, y: -q.y, z: -q.z) }
        return q
    }

    init(m: (Double, Double, Double, Double, Double, Double, Double, Double, Double)) { self.m = m }

    init(_ q: Quaternion) {
        let (w, x, y, z) = (q.w, q.x, q.y, q.z)
        m = (1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
             2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
             2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y))
    }
}

/// A scalar coordinate with its first and second time derivatives.
struct Motion1D: Sendable, Equatable {
    var value: Double
    var rate: Double = 0
    var acceleration: Double = 0

    static func at(_ value: Double) -> Motion1D { Motion1D(value: value) }
    static func + (a: Motion1D, b: Motion1D) -> Motion1D {
        Motion1D(value: a.value + b.value, rate: a.rate + b.rate, acceleration: a.acceleration + b.acceleration)
    }
}

/// A quintic Hermite segment: the unique fifth-degree polynomial in time that matches value,
/// rate and acceleration at both ends. Chained segments are therefore C² (continuous
/// acceleration), which keeps the simulated specific force free of steps a real body never makes.
struct QuinticSegment: Sendable {
    var duration: Double
    /// Coefficients of p(τ) = Σ cₖ τᵏ, τ in seconds from the segment's start.
    var coefficients: (Double, Double, Double, Double, Double, Double)

    init(from start: Motion1D, to end: Motion1D, duration: Double) {
        precondition(duration > 0, "segment duration must be positive")
        let T = duration
        let c0 = start.value, c1 = start.rate, c2 = start.acceleration / 2
        // Residuals of the quadratic part at τ = T, in normalised form.
        let r = end.value - (c0 + c1 * T + c2 * T * T)
        let rv = (end.rate - (c1 + 2 * c2 * T)) * T
        let ra = (end.acceleration - 2 * c2) * T * T
        let a3 = 10 * r - 4 * rv + ra / 2
        let a4 = -15 * r + 7 * rv - ra
        let a5 = 6 * r - 3 * rv + ra / 2
        coefficients = (c0, c1, c2, a3 / (T * T * T), a4 / (T * T * T * T), a5 / (T * T * T * T * T))
        self.duration = T
    }

    /// Value, rate and acceleration at `time` seconds from the segment's start (clamped).
    @inline(__always) func evaluate(_ time: Double) -> Motion1D {
        let t = min(max(time, 0), duration)
        let (c0, c1, c2, c3, c4, c5) = coefficients
        let value = c0 + t * (c1 + t * (c2 + t * (c3 + t * (c4 + t * c5))))
        let rate = c1 + t * (2 * c2 + t * (3 * c3 + t * (4 * c4 + t * 5 * c5)))
        let acceleration = 2 * c2 + t * (6 * c3 + t * (12 * c4 + t * 20 * c5))
        return Motion1D(value: value, rate: rate, acceleration: acceleration)
    }

    /// True when the value moves monotonically from start to end (checked on a fine grid).
    func isMonotone(samples: Int = 64) -> Bool {
        let sign = evaluate(duration).value >= evaluate(0).value ? 1.0 : -1.0
        for k in 1..<samples {
            if sign * evaluate(duration * Double(k) / Double(samples)).rate < -1e-9 { return false }
        }
        return true
    }
}
