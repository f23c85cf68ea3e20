import Foundation
import HipDriveRecordings

// wrist → bell without a gyroscope: the arm's rotation from the rep's planar pendulum fit.
//
// With a gyroscope the bell's velocity is the wrist's plus the lever's, v_bell = v_wrist + R·(ω × ℓ)
// (WristToBell.swift). Without one, the rep's planar pendulum fit (AccelerometerOnlyKinematics.swift)
// already estimates that rotation for a sensor that turns rigidly with the arm, which a watch on
// the forearm does: the swing axis n (sensor frame), and the world-up angle φ(t) in the plane ⟂ n.
// The fit's model, f = φ̇² p + φ̈ (n × p) + g u(φ) + (the shoulder's own acceleration), is the
// rigid body ω × (ω × (−p)) + α × (−p) with ω = −φ̇ n (φ is a world direction seen from the
// sensor: it turns against the sensor). The lever ℓ (wrist → bell's centre of mass, fixed in the
// sensor frame) sits in the world at R ℓ, whose components in the swing plane are
//     up: ℓ · u(φ),   across: ℓ · u′(φ)      (u = cos φ e1 + sin φ e2, u′ = −sin φ e1 + cos φ e2)
// so the lever's velocity is φ̇ (ℓ · u′, −ℓ · u) (up, across), and the bell, further out on the
// same arm, rises (|p| + |ℓ|)/|p| as far as the wrist for the same arm angles.
//
// The arm is at rest at both turnarounds (the bell stops there and the arm is straight: a
// simulated forearm's gyroscope reads under 0.1 rad/s there), but the fit's rate is least sure
// there: its spline has knots every `PlanarSwingFit.knotSpacingS`, its rest rows are soft, and
// the hip snap's shoulder acceleration, which the model leaves out, is largest right after the
// turnaround (measured: 2–3 rad/s at the rep's ends on a simulated wrist whose gyroscope read
// < 0.1 rad/s). Integrated, that end rate is a velocity the zero-velocity updates remove as a
// linear drift over the whole rep, which bent every rep's velocity (mean drive power 13 → 31 %
// median error, tried). So the lever's velocity is faded in and out over one knot spacing from
// each turnaround (a raised cosine), which makes it vanish where the physics says it does, and
// its time derivative is added to the wrist's world-frame acceleration. Peak speed and power,
// made at the bottom of the arc 0.3–0.5 s from the turnaround, are outside the fades.
//
// The lever's direction is the arm's from the rep's two bottom passes (`WristToBell.armDirection`,
// the measurement the gyroscope path makes per set; it uses only the specific force), its
// length `WristToBell.leverLengthM(massKg:)`: anatomy and bell size. When the rep's fit is not
// pendulum-like, or its bottom passes do not agree on the arm, the rep keeps the wrist's own
// kinematics (as before this stage).

extension MotionRepFinder {
    /// The bell's world-frame linear acceleration (gravity removed, m/s², in the trace's heading)
    /// for one rep of an accelerometer-only wrist swing, through the rep's pendulum fit and the
    /// lever along the arm (see the top of this file); nil when the rep's fit or the arm's
    /// direction does not hold (the rep keeps the wrist's own kinematics).
    ///
    /// - Parameters:
    ///   - samples: absolute sample indices of the rep.
    ///   - start: the rep's turnaround, fractional absolute sample position.
    ///   - end: the rep's end (next turnaround), fractional absolute sample position.
    func accelerometerOnlyWristBellAcceleration(samples: ClosedRange<Int>, start: Double, end: Double) -> (acceleration: Axes, driveAxis: Vector3)? {
        guard exercise == .swing, sensorOnWrist, trace.angularVelocity == nil,
              trace.orientationMethod == .accelerometerOnly,
              let fit = accelerometerOnlySwingFit(samples: samples, start: start, end: end),
              WristToBell.accelerometerOnlyFitHolds(fit),
              fit.upAngle.count == samples.count, fit.upRate.count == samples.count,
              let arm = WristToBell.armDirection(trace: trace, samples: samples.lowerBound..<(samples.upperBound + 1)),
              arm.agreement >= WristToBell.minimumAccelerometerOnlyAgreement
        else { return nil }
        // The watch sits in front of the arm's line (the back of the wrist): the lever steps back
        // across the arm, forward taken from the fit's plane (`forwardDirection(fit:arm:)`).
        let measured = WristLever(samples: samples.lowerBound..<(samples.upperBound + 1), direction: arm.direction,
                                  agreement: arm.agreement, forward: WristToBell.forwardDirection(fit: fit, arm: arm.direction))
        let lever = measured.vector(length: WristToBell.leverLengthM(massKg: wristMassKg))
        let relative = WristToBell.leverAcceleration(fit: fit, lever: lever, dt: 1 / trace.sampleRate,
                                                     startOffset: start - Double(samples.lowerBound),
                                                     endOffset: end - Double(samples.lowerBound))
        if MotionRepFinder.debug {
            print("wrist accel-only lever", samples, "agreement", arm.agreement, "rate at the ends",
                  fit.upRate.first ?? 0, fit.upRate.last ?? 0)
        }
        return worldAcceleration(fit, samples: samples, extraUp: relative.up, extraAcross: relative.across)
            .map { ($0, fit.driveAxis) }
    }
}

extension WristToBell {
    /// Whether a wrist rep's rigid pendulum fit is used (with the lever below) rather than the
    /// trace's low-pass tilt.
    ///
    /// The only other attitude there is, the specific force low-passed at 0.3 Hz, cannot follow an
    /// arm that turns through 150–270° within a second (the bell's case,
    /// `MotionRepFinder.accelerometerOnlyFitHolds`): on the independent simulator's one- and
    /// two-hand wrists its open position missed by metres, and closing the loop left the bell
    /// ~6 m/s fast at the turnaround, with negative work on nearly every rep. A forearm does not
    /// turn rigidly about a fixed shoulder (the torso hinges under it, a one-hand swing twists
    /// it), so the rigid fit's residual there reached 0.55–1.1 g, over `maximumResidualRMS`; the
    /// fit still follows the arm's turn. So: trusted when it turned like a swing (at least
    /// `PlanarSwingFit.minimumTurn`, at most `maximumWristTurn`) and its residual stays under
    /// `maximumWristResidualRMS`.
    static func accelerometerOnlyFitHolds(_ fit: PlanarSwingFit) -> Bool {
        fit.turn >= PlanarSwingFit.minimumTurn && fit.turn <= maximumWristTurn
            && fit.residualRMS <= maximumWristResidualRMS
    }

    /// The arm's largest turn in a rep, rad: from 30–60° behind the vertical to overhead (180°)
    /// is at most 240°; 300° leaves room for the forearm's twist. A fit that turns further is
    /// spinning, not following an arm.
    static let maximumWristTurn = 300 * Double.pi / 180

    /// A residual above this, m/s², is more than a hinging torso and a twisting forearm add to a
    /// pendulum (measured 0.55–1.1 g, above): a motion that is not a swing about the shoulder.
    static let maximumWristResidualRMS = 1.2 * standardGravity

    /// Agreement of the bottom passes' arm directions needed for an accelerometer-only wrist
    /// rep (`armDirection`). Lower than `minimumAgreement` (the gyroscope's per-set lever): here
    /// one rep's two passes decide, and a one-hand swing twists the forearm between them (its
    /// force turns about the arm), measured 0.56–0.80 on the independent simulator; the lever's
    /// share of the bell's speed is |ℓ|/(|p| + |ℓ|) ≈ a quarter, so a direction off by up to
    /// cos⁻¹ 0.5 = 60° errs less than keeping the low-pass tilt (above).
    static let minimumAccelerometerOnlyAgreement = 0.5

    /// Forward across the arm at the bottom of the swing for an accelerometer-only rep, sensor
    /// frame (unit, ⟂ `arm` and the fit's axis n), nil when the fit does not show it.
    ///
    /// The arm turns about n, so across the arm in the swing plane is ±(n × arm); which sign is
    /// forward comes from the world, as with a gyroscope (`forwardDirection(trace:samples:arm:)`):
    /// the bell rises higher in front (the float, arm 60–180° from down) than behind (the
    /// turnaround, 30–50°). The fit's world-up u(φ), seen from the arm (which turns rigidly with
    /// the sensor), is u = sin θ F − cos θ arm for an arm θ forward of the bottom, F forward at
    /// the bottom; so u's component across the arm, weighted by the arm's height above the
    /// bottom (1 + u · arm = 1 − cos θ), leans forward over the rep.
    static func forwardDirection(fit: PlanarSwingFit, arm: Vector3) -> Vector3? {
        let acrossRaw = fit.n.cross(arm)
        guard acrossRaw.length > 0.5, !fit.upAngle.isEmpty else { return nil }
        let across = acrossRaw * (1 / acrossRaw.length)
        var lean = 0.0, height = 0.0
        for phi in fit.upAngle {
            let up = fit.e1 * cos(phi) + fit.e2 * sin(phi)
            let weight = 1 + up.dot(arm)
            lean += weight * up.dot(across)
            height += weight
        }
        // A rep whose heights do not lean clearly one way (a swing about the bottom, or a fit
        // that is not one) says nothing about forward.
        guard height > 0, abs(lean) > 0.1 * height else { return nil }
        return lean > 0 ? across : across * -1
    }

    /// The lever's acceleration relative to the wrist in the swing plane (up and across, m/s²,
    /// one value per sample of the fit): the time derivative of its velocity φ̇ (ℓ · u′, −ℓ · u),
    /// faded in and out over `PlanarSwingFit.knotSpacingS` from the turnarounds (see the top of
    /// this file), zero outside them.
    ///
    /// - Parameters:
    ///   - fit: the rep's planar pendulum fit.
    ///   - lever: wrist → bell's centre of mass, sensor frame, m.
    ///   - dt: sampling interval, s.
    ///   - startOffset: the turnaround, fractional sample position within the fit's samples.
    ///   - endOffset: the rep's end, fractional sample position within the fit's samples.
    static func leverAcceleration(fit: PlanarSwingFit, lever: Vector3, dt: Double, startOffset: Double,
                                  endOffset: Double) -> (up: [Double], across: [Double]) {
        let count = fit.upAngle.count
        var velocityUp = [Double](repeating: 0, count: count), velocityAcross = velocityUp
        for k in 0..<count {
            let phi = fit.upAngle[k]
            let up = fit.e1 * cos(phi) + fit.e2 * sin(phi), across = fit.e1 * -sin(phi) + fit.e2 * cos(phi)
            let weight = turnaroundFade(at: k, dt: dt, startOffset: startOffset, endOffset: endOffset)
            velocityUp[k] = weight * fit.upRate[k] * lever.dot(across)
            velocityAcross[k] = -weight * fit.upRate[k] * lever.dot(up)
        }
        return (centralDerivative(velocityUp, dt: dt), centralDerivative(velocityAcross, dt: dt))
    }

    /// Weight of a lever's velocity at sample `k` of a rep: 0 at and beyond the turnarounds, 1 from
    /// `PlanarSwingFit.knotSpacingS` inside them, a raised cosine between (see the top of this
    /// file: the fit's rate is least sure at the turnarounds, and the bell is at rest there).
    /// `startOffset` / `endOffset` are the turnarounds' fractional sample positions, `dt` s.
    static func turnaroundFade(at k: Int, dt: Double, startOffset: Double, endOffset: Double) -> Double {
        let fade = PlanarSwingFit.knotSpacingS
        let edge = min(Double(k) - startOffset, endOffset - Double(k)) * dt
        return edge <= 0 ? 0 : edge >= fade ? 1 : 0.5 - 0.5 * cos(Double.pi * edge / fade)
    }

    /// Time derivative by central differences (one-sided at the ends), so that the integration's
    /// trapezoids give back `values` to O(dt²); `dt` s.
    static func centralDerivative(_ values: [Double], dt: Double) -> [Double] {
        let count = values.count
        return (0..<count).map { k in
            let a = max(0, k - 1), b = min(count - 1, k + 1)
            return b > a ? (values[b] - values[a]) / (Double(b - a) * dt) : 0
        }
    }
}
