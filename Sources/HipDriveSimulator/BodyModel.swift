import Foundation
import HipDriveRecordings

/// Standard gravity, m/s² (the value analysis.md fixes).
let standardGravity = 9.80665

/// Position, velocity and acceleration (world frame, m, m/s, m/s²) of a point, with the
/// orientation of the body it belongs to and that body's angular velocity (world frame, rad/s).
struct PointKinematics: Sendable {
    var position: Vector3
    var velocity: Vector3
    var acceleration: Vector3
    /// Body-to-world rotation.
    var rotation: Rotation
    var angularVelocity: Vector3
}

/// The kinematics of a point fixed in a body that rotates about the world y axis (the sagittal
/// plane's normal) by `angle`, attached at `origin`: q = R_y(angle)·offset,
/// q̇ = α̇ ŷ×q, q̈ = α̈ ŷ×q + α̇² ŷ×(ŷ×q).
func planarRigidPoint(origin: (Vector3, Vector3, Vector3), angle: Motion1D, offset: Vector3)
    -> (position: Vector3, velocity: Vector3, acceleration: Vector3)
{
    let rotated = Rotation.aboutY(angle.value).apply(offset)
    let tangential = Vector3(rotated.z, 0, -rotated.x)  // ŷ × q
    let centripetal = Vector3(-rotated.x, 0, -rotated.z)  // ŷ × (ŷ × q) for a point with y along ŷ removed
    let velocity = angle.rate * tangential
    let acceleration = angle.acceleration * tangential + (angle.rate * angle.rate) * centripetal
    return (origin.0 + rotated, origin.1 + velocity, origin.2 + acceleration)
}

/// The athlete's body and the bell over a session: keyframed coordinates (``Track``) and the
/// geometry that turns them into the world-frame kinematics of the bell, the wrist and the hips.
///
/// Swing coordinates: hinge φ (torso pitch forward from vertical, rad), crouch c (extra drop of
/// the hips for picking the bell up, m), arm θ (arm angle from hanging straight down, forward
/// positive, rad). The hip joint moves back and down with the hinge,
/// H = (−hipTravel·φ/φ_ref, 0, hipHeight − kneeDrop·φ/φ_ref − c); the shoulder sits on the
/// torso, S = H + torso·(sin φ, 0, cos φ); a point at radius r on the arm is
/// S + r·(sin θ, 0, −cos θ). A forearm (wrist) sensor rotates with the arm:
/// R = R_y(−θ)·R_z(ψ), with a one-hand twist ψ = ψ_amp·sin θ about the arm axis. The bell hangs
/// from the grip (at bellRadius − gripToBell) and pivots there: its centre is at
/// grip + gripToBell·(sin β, 0, −cos β) with β = θ + ρ, and it rotates by R_y(−β)·R_z(ψ(β)).
///
/// Hip-pull coordinate: hip shift x (m, 0 at lockout, negative = hips back); the pelvis pitches
/// forward in proportion as the hips go back.
struct BodyModel: Sendable {
    var exercise: SimulationConfig.Exercise
    var athlete: SimulationConfig.Athlete
    var hinge = Track()
    var crouch = Track()
    var arm = Track()
    /// Bell tilt while it rests on the floor, rad (same sense as θ).
    var floorTilt = Track()
    /// Bell rotation relative to the arm about the grip, ρ, rad (same sense as θ): negative
    /// when the bell flips back behind the legs, positive when it tips over at the float.
    var bellPivot = Track()
    var hipShift = Track()
    /// Sideways shift of the whole body, m (y): the small wobble of real reps, larger one-handed.
    var lateral = Track()
    /// Hip pull: where the hips stand upright (hipShift's value with no hinge), m. It is the
    /// lockout (0) during a set and the step towards the anchor between sets, so standing and
    /// walking keep the pelvis upright: only travel behind the stance is hinge.
    var pullStance = Track()
    /// Intervals in which the bell is in the hand; outside them it rests on the floor.
    var bellInHand: [ClosedRange<Double>] = []
    /// Where the bell rests on the floor, from the given time on.
    var floorPositions: [(from: Double, position: Vector3)] = []
    /// Twist amplitude about the forearm, rad (one-hand swings).
    var twistAmplitude: Double = 0
    /// Hip pull: nominal stroke used to scale the pelvis pitch and hip drop, m.
    var pullStrokeReference: Double = 0.35
    /// Hip pull: pelvis pitch at the nominal turnaround, rad, and hip drop, m.
    var pullPelvisPitch: Double { athlete.pullPelvisPitchDeg * Double.pi / 180 }
    var pullHipDrop: Double { athlete.pullHipDropM }
    /// Pelvis pitch per unit of hinge in a swing (the pelvis follows the torso partly).
    var pelvisShareOfHinge: Double = 0.7

    init(exercise: SimulationConfig.Exercise, athlete: SimulationConfig.Athlete) {
        self.exercise = exercise
        self.athlete = athlete
    }

    var hingeReference: Double { athlete.hingeDepthDeg * Double.pi / 180 }

    // MARK: Hips

    /// The hip joint (midpoint between the hips), with the pelvis rotation.
    func hips(at time: Double) -> PointKinematics {
        switch exercise {
        case .swing:
            let phi = hinge.evaluate(time), c = crouch.evaluate(time)
            let back = athlete.hipTravelM / hingeReference, drop = athlete.kneeDropM / hingeReference
            let side = lateral.evaluate(time)
            let position = Vector3(-back * phi.value, side.value, athlete.hipHeightM - drop * phi.value - c.value)
            let velocity = Vector3(-back * phi.rate, side.rate, -drop * phi.rate - c.rate)
            let acceleration = Vector3(-back * phi.acceleration, side.acceleration, -drop * phi.acceleration - c.acceleration)
            let pitch = pelvisShareOfHinge
            return PointKinematics(position: position, velocity: velocity, acceleration: acceleration,
                                   rotation: .aboutY(pitch * phi.value),
                                   angularVelocity: Vector3(0, pitch * phi.rate, 0))
        case .hipPull:
            let x = hipShift.evaluate(time)
            let depth = pullDepth(at: time)
            let side = lateral.evaluate(time)
            let position = Vector3(x.value, side.value, athlete.hipHeightM - pullHipDrop * depth.value)
            let velocity = Vector3(x.rate, side.rate, -pullHipDrop * depth.rate)
            let acceleration = Vector3(x.acceleration, side.acceleration, -pullHipDrop * depth.acceleration)
            return PointKinematics(position: position, velocity: velocity, acceleration: acceleration,
                                   rotation: .aboutY(pelvisPitch(at: time).value),
                                   angularVelocity: Vector3(0, pelvisPitch(at: time).rate, 0))
        }
    }

    /// A point on the pelvis (belt sensor, or the hands holding a band at the groin), offset in
    /// the pelvis frame (x forward, z up), m.
    func pelvisPoint(at time: Double, offset: Vector3) -> PointKinematics {
        let hip = hips(at: time)
        let point = planarRigidPoint(origin: (hip.position, hip.velocity, hip.acceleration),
                                     angle: pelvisPitch(at: time), offset: offset)
        return PointKinematics(position: point.position, velocity: point.velocity, acceleration: point.acceleration,
                               rotation: hip.rotation, angularVelocity: hip.angularVelocity)
    }

    /// Pelvis pitch forward, rad, with its derivatives.
    func pelvisPitch(at time: Double) -> Motion1D {
        switch exercise {
        case .swing:
            let phi = hinge.evaluate(time)
            return Motion1D(value: pelvisShareOfHinge * phi.value, rate: pelvisShareOfHinge * phi.rate,
                            acceleration: pelvisShareOfHinge * phi.acceleration)
        case .hipPull:
            // Pitch = P·f(d) with f(d) = d + β·d·(1 − d): f(0) = 0, f(1) = 1, and β bends the
            // lumbo-pelvic rhythm (β > 0: the pelvis turns early in the descent, β < 0: late),
            // so the hips' travel is not simply proportional to the pelvis angle.
            let d = pullDepth(at: time), k = pullPelvisPitch, beta = athlete.pullPitchCurvature
            let f = d.value + beta * d.value * (1 - d.value)
            let slope = 1 + beta * (1 - 2 * d.value)
            return Motion1D(value: k * f, rate: k * slope * d.rate,
                            acceleration: k * (slope * d.acceleration - 2 * beta * d.rate * d.rate))
        }
    }

    /// Hip pull: hinge depth, the hips' travel behind the upright stance in nominal strokes
    /// (1 at a full turnaround, 0 standing or at lockout).
    func pullDepth(at time: Double) -> Motion1D {
        let x = hipShift.evaluate(time), stance = pullStance.evaluate(time)
        return Motion1D(value: -(x.value - stance.value) / pullStrokeReference,
                        rate: -(x.rate - stance.rate) / pullStrokeReference,
                        acceleration: -(x.acceleration - stance.acceleration) / pullStrokeReference)
    }

    // MARK: Arm and bell

    /// The shoulder (the swing's moving pivot).
    func shoulder(at time: Double) -> (Vector3, Vector3, Vector3) {
        let hip = hips(at: time)
        let phi = hinge.evaluate(time)
        let point = planarRigidPoint(origin: (hip.position, hip.velocity, hip.acceleration), angle: phi,
                                     offset: Vector3(0, 0, athlete.torsoLengthM))
        return (point.position, point.velocity, point.acceleration)
    }

    /// Rotation and world angular velocity of a body swinging at arm angle `theta` with the
    /// one-hand twist.
    func armOrientation(_ theta: Motion1D) -> (Rotation, Vector3) {
        let twist = twistAmplitude * sin(theta.value)
        let twistRate = twistAmplitude * cos(theta.value) * theta.rate
        let rotation = Rotation.aboutY(-theta.value) * Rotation.aboutZ(twist)
        // ω = −θ̇ ŷ + ψ̇ · (arm axis), the arm axis being R_y(−θ)·ẑ = (−sin θ, 0, cos θ).
        let omega = Vector3(-twistRate * sin(theta.value), -theta.rate, twistRate * cos(theta.value))
        return (rotation, omega)
    }

    /// A point on the arm at `radius` m from the shoulder (wrist, bell), held in the hand, and
    /// `forward` m in front of the arm's line (forward with the arm hanging, up with it
    /// horizontal in front: the back of the hand's side).
    func armPoint(at time: Double, radius: Double, forward: Double = 0) -> PointKinematics {
        let theta = arm.evaluate(time)
        let pivot = shoulder(at: time)
        let point = planarRigidPoint(origin: pivot, angle: Motion1D(value: -theta.value, rate: -theta.rate,
                                                                     acceleration: -theta.acceleration),
                                     offset: Vector3(forward, 0, -radius))
        let (rotation, omega) = armOrientation(theta)
        return PointKinematics(position: point.position, velocity: point.velocity, acceleration: point.acceleration,
                               rotation: rotation, angularVelocity: omega)
    }

    func isBellInHand(at time: Double) -> Bool {
        bellInHand.contains { $0.contains(time) }
    }

    func floorPosition(at time: Double) -> Vector3 {
        var position = floorPositions.first?.position ?? .zero
        for entry in floorPositions where entry.from <= time { position = entry.position }
        return position
    }

    /// The bell's measured point: in the hand, on the arm at the bell radius; on the floor, at
    /// rest with its tilt.
    func bell(at time: Double) -> PointKinematics {
        if exercise == .swing && isBellInHand(at: time) {
            let grip = armPoint(at: time, radius: athlete.bellRadiusM - athlete.gripToBellM)
            let beta = arm.evaluate(time) + bellPivot.evaluate(time)
            let point = planarRigidPoint(origin: (grip.position, grip.velocity, grip.acceleration),
                                         angle: Motion1D(value: -beta.value, rate: -beta.rate, acceleration: -beta.acceleration),
                                         offset: Vector3(0, 0, -athlete.gripToBellM))
            let (rotation, omega) = armOrientation(beta)
            return PointKinematics(position: point.position, velocity: point.velocity, acceleration: point.acceleration,
                                   rotation: rotation, angularVelocity: omega)
        }
        let (rotation, omega) = armOrientation(floorTilt.evaluate(time))
        return PointKinematics(position: floorPosition(at: time), velocity: .zero, acceleration: .zero,
                               rotation: rotation, angularVelocity: omega)
    }

    /// A point of the bell on its axis, `towardsHandle` m from the centre of mass towards the
    /// handle (the grip at `gripToBellM`), with the bell's rotation and angular velocity: the
    /// bell is rigid, so the point moves as v = v_centre + ω × r. In the hand it is computed
    /// from the grip (the bell's pivot); on the floor the bell is at rest.
    func bellPoint(at time: Double, towardsHandle: Double) -> PointKinematics {
        let centre = bell(at: time)
        guard exercise == .swing && isBellInHand(at: time) else { return centre }
        let grip = armPoint(at: time, radius: athlete.bellRadiusM - athlete.gripToBellM)
        let beta = arm.evaluate(time) + bellPivot.evaluate(time)
        let point = planarRigidPoint(origin: (grip.position, grip.velocity, grip.acceleration),
                                     angle: Motion1D(value: -beta.value, rate: -beta.rate, acceleration: -beta.acceleration),
                                     offset: Vector3(0, 0, towardsHandle - athlete.gripToBellM))
        return PointKinematics(position: point.position, velocity: point.velocity, acceleration: point.acceleration,
                               rotation: centre.rotation, angularVelocity: centre.angularVelocity)
    }

    /// The point a sensor at `placement` measures, with the rotation of the body it is fixed to.
    /// A bell sensor sits at the grip on the handle (`bellMount` `.handle`) or at the bell's
    /// centre of mass (`.centre`).
    func sensorBody(at time: Double, placement: SimulationConfig.Placement,
                    bellMount: SimulationConfig.BellMount = .centre) -> PointKinematics {
        switch (exercise, placement) {
        case (.swing, .bell):
            return bellMount == .handle ? bellPoint(at: time, towardsHandle: athlete.gripToBellM) : bell(at: time)
        case (.swing, .wrist): return armPoint(at: time, radius: athlete.wristRadiusM, forward: athlete.watchForwardM)
        case (_, .hips): return pelvisPoint(at: time, offset: Vector3(athlete.beltForwardM, 0, athlete.beltUpM))
        case (.hipPull, .bell), (.hipPull, .wrist):
            // Hands holding the band's handle at the groin move with the pelvis.
            return pelvisPoint(at: time, offset: Self.bandHandleOffset)
        }
    }

    /// Hip pull: where the band pulls on the pelvis, offset from the hip joint in the pelvis frame
    /// (m). The band loops around the hips over the belt, and a belt sensor rides under it
    /// (`hips`); a sensor held in the hands sits on the band's handle at the groin (`bell`,
    /// `wrist`). analysis.md's P = F_band·v_x is the power the band takes at that point.
    func bandOffset(placement: SimulationConfig.Placement) -> Vector3 {
        placement == .hips ? Vector3(athlete.beltForwardM, 0, athlete.beltUpM) : Self.bandHandleOffset
    }

    /// Hip pull: the band's point, and its forward position at the nominal turnaround (the hips a
    /// nominal stroke behind the lockout, the pelvis pitched by `pullPelvisPitch`), from which the
    /// band's distance to its anchor is measured.
    func bandPoint(at time: Double, placement: SimulationConfig.Placement) -> PointKinematics {
        pelvisPoint(at: time, offset: bandOffset(placement: placement))
    }

    func bandPointNominalTurnaroundX(placement: SimulationConfig.Placement) -> Double {
        -pullStrokeReference + Rotation.aboutY(pullPelvisPitch).apply(bandOffset(placement: placement)).x
    }

    /// The band's point at the upright lockout, forward of the hip joint, m.
    func bandPointLockoutX(placement: SimulationConfig.Placement) -> Double {
        bandOffset(placement: placement).x
    }

    /// Hands holding the band's handle at the groin, from the hip joint in the pelvis frame, m.
    static let bandHandleOffset = Vector3(0.15, 0, -0.22)
}

@inline(__always) func asinClamped(_ x: Double) -> Double { asin(max(-1, min(1, x))) }
