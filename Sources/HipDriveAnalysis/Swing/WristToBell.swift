import Foundation
import HipDriveRecordings

/// Where the sensor was worn: on the bell's handle, on the wrist (a watch or a strap on the
/// forearm), or at the hips (belt, waistband, pocket).
public enum SensorPlacement: String, Sendable, Codable, CaseIterable {
    case bell, wrist, hips

    /// Parses the words people use for a placement (file names, manifests, flags):
    /// bell/handle/kettlebell (and bell-handle, bell-centre/bell-center for where on the bell,
    /// see `BellSensorMount.implied(byPlacementText:)`), wrist/watch/forearm,
    /// hips/hip/belt/waist/pocket/pelvis. Nil for anything else (including "auto").
    public init?(userText: String) {
        switch userText.trimmingCharacters(in: .whitespaces).lowercased() {
        case "bell", "handle", "kettlebell", "kb", "bell-handle", "bell-centre", "bell-center": self = .bell
        case "wrist", "watch", "forearm": self = .wrist
        case "hips", "hip", "belt", "waist", "pocket", "pelvis": self = .hips
        default: return nil
        }
    }

    /// Where a sensor sits when nobody says: on the bell for swings (the usual strap-on IMU),
    /// at the hips for hip pulls (a phone on the belt).
    public static func usual(for exercise: Exercise) -> SensorPlacement {
        exercise == .swing ? .bell : .hips
    }

    /// What the recording itself says about where it was worn, nil when it does not say.
    /// Sensor Logger writes a paired watch's motion to `WristMotion.csv`: a watch is on a wrist.
    public static func detected(in recording: Recording) -> SensorPlacement? {
        let evidence = [recording.format, recording.source.lastPathComponent] + recording.columns
        return evidence.contains { $0.lowercased().contains("wristmotion") } ? .wrist : nil
    }
}

/// How the analysis decided the placement it used.
public enum PlacementSource: String, Sendable, Codable {
    /// The user said so (`--placement`, the manifest's `placement` column, a file-name token).
    case user
    /// The recording said so (a Sensor Logger `WristMotion.csv` comes from a watch).
    case recording
    /// Nobody said: the usual placement for the exercise.
    case usual
}

/// The lever from a wrist sensor to the bell's centre of mass, measured on one active stretch.
struct WristLever: Sendable, Equatable {
    /// Absolute sample indices of the active stretch (a set) it was measured on.
    var samples: Range<Int>
    /// The arm's direction, shoulder → wrist and on to the bell, sensor frame, unit.
    var direction: Vector3
    /// How well the bottom passes agree on the arm's direction, 0…1 (mean resultant length).
    var agreement: Double
    /// Forward across the arm at the bottom of the swing (the way the wrist travels there in the
    /// drive), sensor frame, unit, ⟂ `direction`; nil when it was not measured (the lever then
    /// runs along `direction` only).
    var forward: Vector3? = nil

    /// Wrist sensor → bell's centre of mass, sensor frame, m, for a lever `length` m along the
    /// arm. The measured `direction` is the shoulder → watch line; the bell hangs on the
    /// shoulder → grip line, which passes `WristToBell.watchOffsetM` behind the watch (a watch
    /// sits on the back of the wrist, and the back of the hand faces forward at the bottom of a
    /// swing). Going `length` out along the shoulder → watch line leaves the bell the watch's
    /// offset times (1 + length / shoulder → watch) in front of where it is, so the lever steps
    /// back across the arm by that much (small angles: the offset is 5 % of the radius).
    func vector(length: Double) -> Vector3 {
        guard let forward else { return direction * length }
        return direction * length
            - forward * (WristToBell.watchOffsetM * (1 + length / WristToBell.shoulderToWatchM))
    }
}

/// Turns a wrist sensor's kinematics into the bell's, for swings.
///
/// The bell hangs from the hand, and with the arm straight the wrist, the grip and the bell's
/// centre of mass lie on one line from the shoulder. The forearm, hand and bell then move as one
/// rigid body: for a lever ℓ (wrist → bell's centre of mass, fixed in the sensor frame),
///
///     v_bell = v_wrist + R·(ω × ℓ)
///     a_bell = a_wrist + R·(α × ℓ + ω × (ω × ℓ))
///
/// with ω the gyroscope's angular velocity (sensor frame), α = dω/dt and R the sensor→world
/// rotation. At the turnaround the whole arm is at rest (ω ≈ 0), so the zero-velocity update
/// there holds for the bell as well as for the wrist, and integrating a_bell with the same
/// updates gives the bell's velocity, height, power and work.
///
/// Without a gyroscope the arm's rotation comes from each rep's planar pendulum fit instead
/// (WristToBellAccelerometerOnly.swift), with the lever's direction measured on the rep.
///
/// The lever's direction is measured per set: the arm's direction (radial, away from the
/// shoulder) from the wrist's specific force at the bottom of the swing, where centripetal
/// acceleration and gravity both point along the arm (see `measureLevers`). The lever's length
/// is anatomy and
/// bell geometry, which a wrist sensor cannot see: the hand from the watch to the grip, plus
/// the handle to the bell's centre of mass, which grows with the bell's size (see
/// `gripToCentreOfMassM(massKg:)`).
///
/// What this cannot see: the bell pivots in the grip (it flips back behind the legs at the
/// turnaround and tips over at the float), a rotation of the bell relative to the forearm that
/// no forearm sensor measures. The lever assumes the bell in line with the forearm, which holds
/// at the bottom of the swing (where speed and peak power are made: the grip's specific force
/// points along the arm there) but not at the turnaround, where a flipped-back bell sits higher
/// than in line: the bell's rise, work and mean drive power come out too high.
///
/// Models of that pivot driven by what the watch measures were tried (see the branch notes
/// `wrist2.md`) and none is used, because none predicts the flip from the arm's own motion:
/// - a quasi-static free hinge (the bell along the grip's −f, low-passed): flips 15–35° at the
///   turnaround, 90° at the float;
/// - a free physical pendulum hinged at the grip (grip → centre of mass d, body a sphere,
///   driven by the grip's specific force and the forearm's dω/dt): it is excited near
///   resonance (its ~1.2 Hz at 1 g is twice the swing's rate, the bell passes the bottom twice
///   a rep) and tumbles within a few reps; anchored in line at each bottom pass it gives
///   under 10° at the turnaround and droops 80–150° at the float, where the grip is not
///   weightless (0.3–0.4 g);
/// - a grip that holds the bell in line up to a torque limit (a quarter of m·g·d, a relaxed
///   hook grip) and lets it slip beyond: the backswing's demand (~12–14 N·m at 16 kg) is
///   exceeded only briefly, so the bell stays within ~6° of line at the turnaround, while it
///   lags ~30° in the hip snap; on the simulator mean drive power 20 → 16 % but peak power
///   5 → 25 % and peak speed 0.08 → 0.30 m/s.
/// The watch is not on the arm's line: it sits on the back of the wrist, in front of the line
/// from the shoulder through the grip on which the bell hangs (`watchOffsetM`). The bottom
/// passes measure the shoulder → watch line, so a lever along it puts the bell in front of the
/// arm's line by the offset scaled out to the bell's radius (≈ 3.5 cm), which raises the float
/// in front and lowers the turnaround behind: work read high by ~7 % for a Russian swing
/// (arm horizontal at the float), ~2 % for an American one. The lever steps back by that much
/// across the arm (`WristLever.vector(length:)`), forward being measured per set
/// (`forwardDirection`).
///
/// Where the error stands (2026-11-26, with the step back): our simulator's wrist with a
/// gyroscope reads mean drive power 9–11 % high (validate seeds 1–3), all of it the rise; with
/// the simulator's grip pivot switched off (a local experiment) 3.3–3.9 %, so the rest is the
/// pivot's flip at the turnaround (ρ −49…−91° there), which a lever along the forearm cannot
/// follow. Lever length is not the error (`--standard-athlete` reads the same or worse). The
/// independent simulator (seed 71, 20 sessions each) reads 7.5 % without a pivot and 6.6 % with
/// its quasi-static one; what is left there is per-set scatter of ±10–15 % in the rise from
/// the measured direction (a few degrees of tilt: 4° over the lever is 1.6 cm across the arm)
/// and sets whose bottom passes were too weak or spread for a lever (see `minimumAgreement`).
///
/// The flip a real bell shows at the hike comes from the wrist bending and the forearms
/// meeting the thighs, which the forearm's motion does not carry; a fixed flip angle from
/// coaching pictures would be a guess, not a measurement.
enum WristToBell {
    /// Watch (sensor) to the centre of the grip, m. A watch sits on the back of the wrist, about
    /// 2 cm above the wrist crease; the handle lies across the palm about 6–8 cm beyond the
    /// crease (adult hand length, crease to middle fingertip, is 0.17–0.20 m; a power grip
    /// closes the fingers around the handle near the palm's middle). 0.09 m is the middle of
    /// that 0.08–0.10 m range.
    static let watchToGripM = 0.09

    /// Handle (grip centre) to the bell's centre of mass for a 16 kg cast-iron bell, m.
    /// Published dimensions of a 16 kg cast-iron bell: about 0.26 m tall overall (10.2 in), a
    /// body about 0.19 m across, a handle about 33 mm thick (thesize.net/kettlebells; handles
    /// 33–35 mm per wolverson-fitness.co.uk). The grip centre is half a handle thickness below
    /// the top (0.26 − 0.017 ≈ 0.243 m above the floor), the centre of mass near the middle of
    /// the body, a little above half its width because of the flat base (≈ 0.10 m): ≈ 0.14 m.
    /// Competition bells (0.28 m tall, 0.21 m body, for every mass) give about
    /// 0.28 − 0.017 − 0.105 ≈ 0.16 m.
    static let gripToCentreOfMass16kgM = 0.14

    /// Bell mass assumed for the lever when none is given, kg: 16 kg (one pood) is the most
    /// common swing bell.
    static let referenceMassKg = 16.0

    /// Handle to the bell's centre of mass, m, scaled with the mass.
    ///
    /// Cast-iron bells keep their shape and grow with the mass (mass ∝ size³), so every length
    /// scales as m^(1/3): 8 kg → 0.11 m, 16 kg → 0.14 m, 32 kg → 0.18 m. A fixed offset is right
    /// for competition bells only (the same size at every mass); they sit within 0.02 m of this
    /// scaling from 16 kg up, and cast iron is what most people swing. Clamped to the masses of
    /// real bells (4–48 kg).
    static func gripToCentreOfMassM(massKg: Double?) -> Double {
        let mass = min(48, max(4, massKg ?? referenceMassKg))
        return gripToCentreOfMass16kgM * cbrt(mass / referenceMassKg)
    }

    /// Wrist sensor to the bell's centre of mass, m.
    static func leverLengthM(massKg: Double?) -> Double {
        watchToGripM + gripToCentreOfMassM(massKg: massKg)
    }

    /// The bottom of the swing: samples whose specific force reaches at least this share of
    /// the set's high value (its 95th percentile). There centripetal acceleration and gravity's
    /// reaction add up along the arm (|f| = ω²·r + g·cos θ), so the strongest readings come
    /// from the arm near vertical; 60 % keeps the arc within ~±40° of the bottom, where the
    /// along-arm part still dominates the tangential and the shoulder's own acceleration.
    static let bottomForceShare = 0.6

    /// A set's wrist must be loaded at least this much at the bottom to be a swing, m/s²
    /// (1.5 g): a swing loads the wrist to 2–3 g there; standing, walking or a deadlift stays
    /// near 1 g, and its specific force is gravity, which says nothing about the arm.
    static let minimumBottomForceMps2 = 1.5 * standardGravity

    /// The unit vectors from the bottom passes must agree this well (mean resultant length,
    /// 1 = identical) for the direction to be trusted.
    static let minimumAgreement = 0.85

    /// Watch (sensor) to the arm's line, m, forward across the arm at the bottom of the swing.
    /// The bell hangs on the line from the shoulder through the grip; a watch sits on the back
    /// of the wrist, whose front-to-back thickness is 3.5–4.5 cm in adults, so the wrist's
    /// mid-line is ~2 cm under the skin and the watch's sensor ~0.5 cm above it (half a case):
    /// 2.5 cm. In a swing the back of the hand faces forward at the bottom (the hands hook the
    /// handle with the palms towards the body), so the watch leads the arm's line.
    static let watchOffsetM = 0.025

    /// Shoulder to the watch, m: an adult's upper arm (~0.30 m) and forearm (~0.25 m). Only
    /// scales the small lever correction of `watchOffsetM` (`WristLever.vector(length:)`).
    static let shoulderToWatchM = 0.55

    /// Measures the lever on each active stretch of a gyroscope trace.
    ///
    /// Direction: at the bottom of the swing the wrist's specific force (what the
    /// accelerometer reads, f = a − g⃗) points along the arm towards the shoulder with
    /// magnitude ω²·r + g, 20–30 m/s², against the shoulder's own few m/s² from the hip hinge.
    /// So −f̂ averaged over the strongest readings, weighted by |f|², is the arm's direction in
    /// the sensor frame (shoulder → wrist, and on to the bell). It uses the raw sensor frame
    /// only, not the orientation estimate. Simpler ideas that failed on the simulator: a
    /// least-squares rigid-body fit of a = α × p + ω × (ω × p) over the set (the shoulder's
    /// motion, in step with the arm, pulls it 40–60° off), and the samples of the highest
    /// rotation rate (the arm's rate peaks well past the bottom when the hips drive it).
    /// Weakness: away from vertical, gravity's reaction is not along the arm, which tilts the
    /// estimate by a few degrees when the arc is not symmetric; over a 140° arc a tangential
    /// lever error of a few degrees changes the bell's rise (work) by up to ~15 %, while speed
    /// and peak power, made at the bottom, barely move.
    ///
    /// - Parameters:
    ///   - trace: a wrist sensor's trace with angular velocity.
    ///   - stretches: absolute sample ranges of the active stretches (sets).
    ///   - massKg: bell mass, kg (nil: 16 kg assumed for the lever's length).
    /// - Returns: one lever per stretch whose bottom passes are clear.
    static func measureLevers(in trace: MotionTrace, stretches: [Range<Int>], massKg: Double?) -> [WristLever] {
        guard trace.angularVelocity != nil else { return [] }
        var levers: [WristLever] = []
        for stretch in stretches {
            guard let arm = armDirection(trace: trace, samples: stretch) else { continue }
            if MotionRepFinder.debug { print("wrist lever", stretch, "agreement", arm.agreement, arm.direction) }
            guard arm.agreement >= minimumAgreement else { continue }
            let forward = forwardDirection(trace: trace, samples: stretch, arm: arm.direction)
            levers.append(WristLever(samples: stretch, direction: arm.direction, agreement: arm.agreement, forward: forward))
        }
        return levers
    }

    /// The arm's direction (shoulder → wrist, sensor frame, unit) and the agreement of the
    /// bottom passes (0…1), from the strongest specific force of the stretch; nil when the
    /// stretch never loads the wrist like a swing.
    static func armDirection(trace: MotionTrace, samples: Range<Int>) -> (direction: Vector3, agreement: Double)? {
        guard samples.count > 10 else { return nil }
        let forces = samples.map { trace.specificForce[$0].length }
        let high = forces.sorted()[Int(0.95 * Double(forces.count - 1))]
        guard high >= minimumBottomForceMps2 else { return nil }
        var sum = Vector3.zero, weights = 0.0
        for (offset, i) in samples.enumerated() where forces[offset] >= bottomForceShare * high {
            let magnitude = forces[offset]
            // −f̂·|f|²: the unit vector towards the wrist, weighted by |f|².
            sum = sum - trace.specificForce[i] * magnitude
            weights += magnitude * magnitude
        }
        let resultant = sum.length
        guard weights > 0, resultant > 0 else { return nil }
        return (sum * (1 / resultant), resultant / weights)
    }

    /// Forward across the arm at the bottom of the swing, sensor frame (unit, ⟂ `arm`, the arm's
    /// direction from `armDirection`), nil when the stretch does not show it.
    ///
    /// Which way is forward comes from the world: the bell rises higher in front (the float,
    /// arm at 60–180°) than behind (the turnaround, the arm 30–50° back), so the arm's
    /// horizontal direction, weighted by its height above the bottom (1 + its up component),
    /// points forward over the set. That world direction, seen in the sensor frame at the
    /// bottom passes (the samples `armDirection` uses) and taken across the arm, is forward
    /// there. It uses the trace's orientation (gyroscope sets: fused, good to a few degrees).
    static func forwardDirection(trace: MotionTrace, samples: Range<Int>, arm: Vector3) -> Vector3? {
        guard samples.count > 10, trace.orientation.count >= samples.upperBound else { return nil }
        var front = Vector3.zero
        for i in samples {
            let world = trace.orientation[i].rotate(arm)
            front = front + Vector3(world.x, world.y, 0) * (1 + world.z)
        }
        guard front.length > 0 else { return nil }
        let heading = front * (1 / front.length)
        let forces = samples.map { trace.specificForce[$0].length }
        let high = forces.sorted()[Int(0.95 * Double(forces.count - 1))]
        var sum = Vector3.zero
        for (offset, i) in samples.enumerated() where forces[offset] >= bottomForceShare * high {
            let local = trace.orientation[i].conjugate.rotate(heading)
            sum = sum + (local - arm * local.dot(arm)) * forces[offset]
        }
        guard sum.length > 0 else { return nil }
        return sum * (1 / sum.length)
    }

    /// The lever for a rep: the one measured on the set the rep overlaps most, else the nearest
    /// set's (the watch stays where it was strapped between sets).
    static func lever(for samples: ClosedRange<Int>, among levers: [WristLever]) -> WristLever? {
        func overlap(_ lever: WristLever) -> Int {
            max(0, min(lever.samples.upperBound, samples.upperBound + 1) - max(lever.samples.lowerBound, samples.lowerBound))
        }
        func distance(_ lever: WristLever) -> Int {
            max(0, lever.samples.lowerBound - samples.upperBound, samples.lowerBound - lever.samples.upperBound)
        }
        if let best = levers.max(by: { overlap($0) < overlap($1) }), overlap(best) > 0 { return best }
        return levers.min(by: { distance($0) < distance($1) })
    }

    /// The bell's world-frame linear acceleration from the wrist's, for one rep.
    ///
    /// - Parameters:
    ///   - wristAcceleration: the wrist's world-frame linear acceleration (gravity removed), m/s²,
    ///     one value per sample of `samples`.
    ///   - orientation: sensor→world rotation for each sample of `samples` (the trace's, or a
    ///     per-rep re-estimate).
    ///   - angularVelocity: the trace's sensor-frame angular velocity, rad/s (the whole trace:
    ///     the neighbours of the rep's first and last samples give dω/dt there).
    ///   - samples: absolute sample indices of the rep.
    ///   - sampleRate: Hz.
    ///   - lever: wrist → bell's centre of mass, sensor frame, m.
    /// - Returns: a_bell = a_wrist + R·(α × ℓ + ω × (ω × ℓ)), world frame, m/s².
    static func bellAcceleration(wristAcceleration: Axes, orientation: [Quaternion], angularVelocity: Axes,
                                 samples: ClosedRange<Int>, sampleRate: Double, lever: Vector3) -> Axes {
        precondition(wristAcceleration.count == samples.count && orientation.count == samples.count,
                     "one acceleration and one orientation per sample")
        var bell = wristAcceleration
        let last = angularVelocity.count - 1
        for (offset, i) in samples.enumerated() {
            let omega = angularVelocity[i]
            // Central difference (one-sided at the trace's ends): its response falls to zero at
            // the Nyquist rate, so gyroscope noise is not amplified where a swing has no content.
            let before = max(0, i - 1), after = min(last, i + 1)
            let alpha = after > before
                ? (angularVelocity[after] - angularVelocity[before]) * (sampleRate / Double(after - before))
                : .zero
            let relative = alpha.cross(lever) + omega.cross(omega.cross(lever))
            bell[offset] = wristAcceleration[offset] + orientation[offset].rotate(relative)
        }
        return bell
    }

    /// The plain-words note every wrist analysis carries.
    static func note(levers: [WristLever], massKg: Double?, hasGyroscope: Bool) -> String {
        guard hasGyroscope else {
            let massText = massKg.map { String(format: "%g kg bell", $0) } ?? "16 kg bell assumed, no mass given"
            return "sensor on the wrist without a gyroscope: the bell's kinematics are inferred per rep through a rigid lever of "
                + String(format: "%.2f m (", leverLengthM(massKg: massKg)) + massText
                + ") along the arm (its direction from the rep's bottom passes"
                + String(format: ", stepped back across it for the watch %.1f cm in front of the arm's line, the back of the wrist", 100 * watchOffsetM)
                + "), the arm's rotation taken from the rep's "
                + "pendulum fit, not measured; a rep whose fit is not a pendulum swing keeps the wrist's own speed, power "
                + "and work, which under-read the bell's; the bell's pivot in the grip is not seen"
        }
        guard !levers.isEmpty else {
            return "sensor on the wrist: no set showed a clear rotation about the shoulder, so the bell's kinematics "
                + "could not be inferred; speed, power and work are the wrist's and under-read the bell's"
        }
        let massText = massKg.map { String(format: "%g kg bell", $0) } ?? "16 kg bell assumed, no mass given"
        let agreement = levers.map(\.agreement).min() ?? 0
        return "sensor on the wrist: the bell's kinematics are inferred through a rigid lever of "
            + String(format: "%.2f m (watch to grip %.2f m + grip to the bell's centre of mass %.2f m, ",
                     leverLengthM(massKg: massKg), watchToGripM, gripToCentreOfMassM(massKg: massKg))
            + massText + ") along the arm, its direction measured in each of \(levers.count) set(s) "
            + String(format: "(bottom passes agree to %.2f)", agreement)
            + (levers.contains { $0.forward != nil }
                ? String(format: ", the watch taken %.1f cm in front of the arm's line (the back of the wrist)", 100 * watchOffsetM)
                : "")
            + "); the bell's pivot in the grip is not seen"
    }
}
