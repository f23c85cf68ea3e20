import Foundation

extension Vector3 {
    /// Euclidean length.
    public var length: Double { (x * x + y * y + z * z).squareRoot() }

    public static func + (a: Vector3, b: Vector3) -> Vector3 { Vector3(a.x + b.x, a.y + b.y, a.z + b.z) }
    public static func - (a: Vector3, b: Vector3) -> Vector3 { Vector3(a.x - b.x, a.y - b.y, a.z - b.z) }
    public static func * (a: Vector3, s: Double) -> Vector3 { Vector3(a.x * s, a.y * s, a.z * s) }

    /// Dot product.
    public func dot(_ other: Vector3) -> Double { x * other.x + y * other.y + z * other.z }

    /// Cross product.
    public func cross(_ other: Vector3) -> Vector3 {
        Vector3(y * other.z - z * other.y, z * other.x - x * other.z, x * other.y - y * other.x)
    }
}

extension Quaternion {
    /// Hamilton product `self ⊗ other`.
    public static func * (a: Quaternion, b: Quaternion) -> Quaternion {
        Quaternion(w: a.w * b.w - a.x * b.x - a.y * b.y - a.z * b.z,
                   x: a.w * b.x + a.x * b.w + a.y * b.z - a.z * b.y,
                   y: a.w * b.y - a.x * b.z + a.y * b.w + a.z * b.x,
                   z: a.w * b.z + a.x * b.y - a.y * b.x + a.z * b.w)
    }

    /// The inverse rotation (for a unit quaternion).
    public var conjugate: Quaternion { Quaternion(w: w, x: -x, y: -y, z: -z) }

    public var norm: Double { (w * w + x * x + y * y + z * z).squareRoot() }

    /// The same rotation with unit norm (identity for a zero or non-finite quaternion).
    public var normalized: Quaternion {
        let n = norm
        guard n > 0, n.isFinite else { return .identity }
        return Quaternion(w: w / n, x: x / n, y: y / n, z: z / n)
    }

    /// Rotates `v` (sensor frame) into the world frame: q v q*.
    public func rotate(_ v: Vector3) -> Vector3 {
        // Expanded form of q ⊗ (0, v) ⊗ q* (fewer operations than two Hamilton products).
        let tx = 2 * (y * v.z - z * v.y)
        let ty = 2 * (z * v.x - x * v.z)
        let tz = 2 * (x * v.y - y * v.x)
        return Vector3(v.x + w * tx + (y * tz - z * ty),
                       v.y + w * ty + (z * tx - x * tz),
                       v.z + w * tz + (x * ty - y * tx))
    }

    /// Rotation by `angle` radians about the unit vector `axis`.
    public init(axis: Vector3, angle: Double) {
        let half = angle / 2
        let s = sin(half)
        let n = axis.length
        let unit = n > 0 ? axis * (1 / n) : Vector3(0, 0, 1)
        self.init(w: cos(half), x: unit.x * s, y: unit.y * s, z: unit.z * s)
    }

    /// The shortest rotation taking direction `from` onto direction `to`.
    public static func aligning(_ from: Vector3, to: Vector3) -> Quaternion {
        let a = from.length, b = to.length
        guard a > 0, b > 0 else { return .identity }
        let u = from * (1 / a), v = to * (1 / b)
        let d = u.dot(v)
        if d < -0.999999 {
            // Opposite: any axis perpendicular to u.
            var axis = Vector3(1, 0, 0).cross(u)
            if axis.length < 1e-6 { axis = Vector3(0, 1, 0).cross(u) }
            return Quaternion(axis: axis, angle: .pi)
        }
        let c = u.cross(v)
        return Quaternion(w: 1 + d, x: c.x, y: c.y, z: c.z).normalized
    }

    /// Integrates the body-frame angular velocity `omega` (rad/s) over `dt` seconds: q ⊗ exp(ω dt / 2).
    public func integrated(omega: Vector3, dt: Double) -> Quaternion {
        let angle = omega.length * dt
        guard angle > 0 else { return self }
        return (self * Quaternion(axis: omega, angle: angle)).normalized
    }
}
