import Foundation
import HipDriveRecordings

/// Standard gravity, m/s².
let standardGravity = 9.80665

/// Per-rep power, work and speed from a rep's zero-velocity-updated kinematics.
///
/// Swing: E = ½·m·|v|² + m·g·z, P = dE/dt = m·v·(a + g·ẑ). The numbers are computed per
/// kilogram first and multiplied by the mass when it is known. Hip pull with a band:
/// P = F_band·v_x. Hip pull without a band: speeds, displacement and `relativeDriveIndex` only.
enum RepPower {
    static func metrics(for openRep: MotionRep, index: Int, trace: MotionTrace, exercise: Exercise,
                        load: LoadSpecification) -> RepMetrics {
        let rep = openRep.closingLoop(exercise: exercise, sampleRate: trace.sampleRate)
        let dt = 1 / trace.sampleRate
        let apex = rep.apexOffset
        let speed = rep.speed
        let time = { (position: Double) in trace.startTime + position * dt }
        let turnaroundTime = time(rep.turnaroundPosition)
        let apexTime = time(rep.apexPosition)
        let endTime = time(rep.endPosition)
        let driveTime = (rep.apexPosition - rep.turnaroundPosition) * dt
        var metrics = RepMetrics(index: index, start: turnaroundTime, end: endTime,
                                 turnaround: turnaroundTime, apex: apexTime,
                                 peakSpeedMps: speed.max(), driveTimeS: driveTime,
                                 repTimeS: endTime - turnaroundTime)
        metrics.smoothnessSPARC = Smoothness.sparc(speed, sampleRate: trace.sampleRate)
        switch exercise {
        case .swing:
            // Per kilogram: e(t) = ½|v|² + g·z, p(t) = v·(a + g·ẑ).
            let specificEnergy = { (k: Int) in 0.5 * speed[k] * speed[k] + standardGravity * rep.height[k] }
            let specificWork = specificEnergy(apex) - specificEnergy(0)
            // The drive takes the bell from rest at the turnaround to the float, higher up: the
            // float is above the turnaround and the energy grows. Otherwise the rep is counted and
            // its power is not measurable: a float below the turnaround is an orientation failure
            // (a saturated gyroscope, a fused tilt gone wrong), and a drive that loses energy an
            // integration that does not describe the swing (seen: an accelerometer-only wrist whose
            // pendulum fit fails keeps the low-passed tilt, whose position does not come back by
            // metres, so closing the loop leaves the bell 6 m/s fast at the turnaround where it rests).
            guard rep.rise > 0, specificWork > 0 else {
                metrics.peakSpeedMps = nil
                metrics.smoothnessSPARC = nil
                return metrics
            }
            var peakSpecificPower = -Double.infinity
            for k in 0...apex {
                let p = rep.forwardVelocity[k] * rep.forwardAcceleration[k]
                    + rep.lateralVelocity[k] * rep.lateralAcceleration[k]
                    + rep.verticalVelocity[k] * (rep.verticalAcceleration[k] + standardGravity)
                peakSpecificPower = max(peakSpecificPower, p)
            }
            metrics.displacementM = rep.rise
            metrics.workJPerKg = specificWork
            metrics.peakPowerWPerKg = peakSpecificPower
            metrics.meanDrivePowerWPerKg = driveTime > 0 ? specificWork / driveTime : nil
            if let mass = load.massKg {
                metrics.workJ = metrics.workJPerKg.map { $0 * mass }
                metrics.peakPowerW = metrics.peakPowerWPerKg.map { $0 * mass }
                metrics.meanDrivePowerW = metrics.meanDrivePowerWPerKg.map { $0 * mass }
            }
        case .hipPull:
            metrics.displacementM = rep.forwardTravel
            // The drive takes the band's point forward, away from the anchor. A sensor whose own
            // point does not move forward over the drive (at the back of the belt, carried
            // forward by the pelvis's turn as the hips go back: HipPullGyroHinge.swift) does not
            // measure the band's power: counted and timed, power not reported (the analysis says
            // so and names `--band-offset`).
            guard rep.forwardTravel > 0 else { return metrics }
            let peakDriveSpeed = rep.forwardVelocity[0...apex].max() ?? 0
            if let band = load.band {
                let force = bandForce(band, travel: rep.forwardPosition, apex: apex, referenceStroke: rep.referenceStrokeM)
                var work = 0.0, peakPower = -Double.infinity
                for k in 0...apex {
                    let p = force[k] * rep.forwardVelocity[k]
                    peakPower = max(peakPower, p)
                    if k > 0 {
                        let step = (rep.positions[k] - rep.positions[k - 1]) * dt
                        work += 0.5 * (p + force[k - 1] * rep.forwardVelocity[k - 1]) * step
                    }
                }
                metrics.workJ = work
                metrics.peakPowerW = peakPower
                metrics.meanDrivePowerW = driveTime > 0 ? work / driveTime : nil
            } else {
                metrics.relativeDriveIndex = peakDriveSpeed * rep.forwardTravel
            }
        }
        return metrics
    }

    /// Band force along the hips' path, N. Positions are forward travel from the turnaround.
    ///
    /// Stiffness k with slack s: F = k·max(0, x − s), the band taking up its slack over the first
    /// s metres of the pull from the normal turnaround. The band's stretch depends on where the
    /// hips are, not on where this rep turned around, so with a `referenceStroke` (the opening
    /// reps' stroke, the first set's with a gyroscope, see HipPullKinematics.swift) the hips'
    /// place is taken from the lockout, the fixed end of every rep: x − x_lockout +
    /// referenceStroke from that turnaround.
    /// Lockout tension F_L with stroke d: a linear band that reaches F_L at
    /// this rep's lockout and is slack d before it, k = F_L/d, F = k·max(0, x − (x_lockout − d)).
    static func bandForce(_ band: BandSpecification, travel: [Double], apex: Int, referenceStroke: Double? = nil) -> [Double] {
        switch band {
        case let .stiffness(k, slack):
            let shift = referenceStroke.map { $0 - travel[apex] } ?? 0
            return travel.map { k * max(0, $0 + shift - slack) }
        case let .lockoutTension(tension, stroke):
            guard stroke > 0 else { return travel.map { _ in 0 } }
            let k = tension / stroke
            let slackPoint = travel[apex] - stroke
            return travel.map { k * max(0, $0 - slackPoint) }
        }
    }
}
