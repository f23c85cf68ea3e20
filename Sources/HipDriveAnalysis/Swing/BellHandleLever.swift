import Foundation
import HipDriveRecordings

/// Where on the bell a bell sensor (placement `bell`) is fixed.
///
/// analysis.md's power is the bell's, that of its centre of mass; a sensor strapped to the
/// handle (where people put it) sits 0.11–0.18 m nearer the shoulder and moves slower: taken as
/// the centre of mass it reads mean drive power 10–19 % low and peak speed 0.5–0.6 m/s low.
public enum BellSensorMount: String, Sendable, Codable, CaseIterable {
    /// Strapped to the handle (the usual place): the analysis moves its kinematics to the
    /// bell's centre of mass through a rigid lever (`BellHandleLever`).
    case handle
    /// At the bell's centre of mass (inside the bell, or on the ball's side at the centre's
    /// height): used as measured.
    case centre

    /// The largest sensor → centre of mass distance accepted, m: the biggest bells (48 kg cast
    /// iron, 0.40 m tall) put the grip about 0.2 m from the centre of mass; 0.3 m leaves room
    /// for a sensor on a long strap, and catches centimetres typed as metres.
    public static let largestOffsetM = 0.3

    /// The mount a placement word names, nil when it names none (plain "bell": the handle is
    /// then assumed). "handle"/"bell-handle" → handle, "bell-centre"/"bell-center" → centre.
    public static func implied(byPlacementText text: String) -> BellSensorMount? {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "handle", "bell-handle": return .handle
        case "bell-centre", "bell-center": return .centre
        default: return nil
        }
    }

    /// Parses the words people use (flags, manifests): handle/grip/top/strap for the handle,
    /// centre/center/com/body/ball/inside for the centre of mass. Nil for anything else.
    public init?(userText: String) {
        switch userText.trimmingCharacters(in: .whitespaces).lowercased() {
        case "handle", "grip", "top", "strap", "bell-handle": self = .handle
        case "centre", "center", "com", "centre-of-mass", "center-of-mass", "body", "ball", "inside": self = .centre
        default: return nil
        }
    }
}

/// How the lever's length (sensor → the bell's centre of mass) was decided.
public enum BellLeverLengthSource: String, Sendable, Codable {
    /// The user gave it (`--bell-sensor-offset`, the manifest's `bell_sensor_offset_m`).
    case user
    /// From the bell's mass, for cast-iron proportions (`WristToBell.gripToCentreOfMassM`).
    case bellMass = "bell-mass"
    /// No mass given: the 16 kg cast-iron value.
    case standardBell = "standard-bell"
}

/// How the lever's direction in the sensor frame was measured for a set.
public enum BellLeverDirectionSource: String, Sendable, Codable {
    /// The bell standing upright (or hanging still from the hand) next to the set: the specific
    /// force then points along the bell's axis, from the centre of mass to the handle.
    case uprightRest = "upright-rest"
    /// The |f|²-weighted specific force at the bottom passes, where the bell hangs in line with
    /// the arm (as for a wrist sensor).
    case bottomPasses = "bottom-passes"
}

/// What the analysis did with a bell sensor's position on the bell (JSON `input.bellSensor`).
public struct BellSensorReport: Sendable, Codable, Equatable {
    /// Where the sensor was taken to sit.
    public var mount: BellSensorMount
    /// Sensor → the bell's centre of mass, m (0 for `centre`).
    public var leverM: Double
    /// How `leverM` was decided; nil for `centre`.
    public var leverSource: BellLeverLengthSource?
    /// Sets (active stretches) whose lever direction came from an upright rest / from the
    /// bottom passes; sets with neither keep the handle's own kinematics.
    public var setsByUprightRest: Int
    public var setsByBottomPasses: Int
    public var setsWithoutLever: Int

    public init(mount: BellSensorMount, leverM: Double, leverSource: BellLeverLengthSource?,
                setsByUprightRest: Int = 0, setsByBottomPasses: Int = 0, setsWithoutLever: Int = 0) {
        self.mount = mount
        self.leverM = leverM
        self.leverSource = leverSource
        self.setsByUprightRest = setsByUprightRest
        self.setsByBottomPasses = setsByBottomPasses
        self.setsWithoutLever = setsWithoutLever
    }
}

/// A handle sensor's lever to the bell's centre of mass, measured for one active stretch.
struct BellLever: Sendable, Equatable {
    /// Absolute sample indices of the active stretch (a set) it applies to.
    var samples: Range<Int>
    /// Sensor → centre of mass, sensor frame, unit.
    var direction: Vector3
    var source: BellLeverDirectionSource

    /// The same lever in the wrist lever's form (`WristToBell.lever(for:among:)` picks by set).
    var asArmLever: WristLever { WristLever(samples: samples, direction: direction, agreement: 1) }
}

/// Moves a handle sensor's kinematics to the bell's centre of mass.
///
/// The bell is rigid and the sensor rides on it, so with a gyroscope the transfer is exact
/// rigid-body kinematics for the lever r (sensor → centre of mass, fixed in the sensor frame):
///
///     v_com = v_s + R·(ω × r),   a_com = a_s + R·(α × r + ω × (ω × r))
///
/// (`WristToBell.bellAcceleration`, the same formula the wrist uses, here with no assumption:
/// the sensor turns with the bell, also when the bell pivots in the grip). Without a gyroscope
/// the bell's rotation comes from each rep's fitted attitude (the accelerometer-only swing fit)
/// and r is carried through it (`MotionRepFinder.accelerometerOnlyHandleBellAcceleration`).
///
/// Direction, measured per set in the sensor frame:
/// - (a) the bell standing upright on the floor before the hike or after the park, or hanging
///   still from the hand: the sensor is at rest, its specific force is +g along the bell's axis
///   (handle up, the centre of mass below on the axis), so r̂ = −f̂. A kettlebell's centre of
///   mass lies on its axis of symmetry, through the handle's middle.
/// - (b) otherwise the |f|²-weighted −f̂ at the bottom passes (`WristToBell.armDirection`): there
///   the bell hangs in line with the arm, and the handle's specific force points along the arm
///   towards the shoulder. It misses the bell's own turn in the grip at the bottom (20–30° on the
///   simulator, whose bell lags the arm through the hip snap), so it is the coarser of the two.
/// When both exist and disagree by more than `maximumRestDisagreementRad`, the rest was not an
/// upright bell (lying on its side, racked on the forearm) and the bottom passes are used.
///
/// Length: the user's, else `WristToBell.gripToCentreOfMassM(massKg:)` (cast-iron bells scale as
/// mass^⅓; 0.14 m at 16 kg or with no mass). Competition bells are one size at every mass
/// (grip → centre of mass ≈ 0.16 m): their users should give the offset.
enum BellHandleLever {
    /// Still: the sensor turns slower than this, rad/s. A bell on the floor reads only the
    /// gyroscope's bias and noise (under 0.02 rad/s on MEMS parts after the factory trim); a
    /// bell being tipped or hiked turns at 1–10 rad/s. 0.1 rad/s (6°/s) separates them.
    static let stillRateRadps = 0.1
    /// Still: |f| within this of g, m/s². At rest the accelerometer reads exactly g; a bell that
    /// is moved at all reads 1–3 m/s² off it. 0.3 m/s² leaves room for a 1–2 % scale error.
    static let stillForceToleranceMps2 = 0.3
    /// Still: the specific force's direction may wander at most this much over the rest, rad
    /// (3°): a bell standing on the floor or hanging from a still hand does not turn.
    static let stillDirectionSpreadRad = 3.0 * Double.pi / 180
    /// A rest must last at least this long, s: a still floor contact or a held pause lasts
    /// seconds, while the bell passes through |f| ≈ g for a few tens of ms in every rep.
    static let minimumRestS = 0.5
    /// How far before a set the upright rest is looked for, s: the athlete walks up to the bell
    /// and sets up within ~10–20 s; the bell sits still on the floor all that while.
    static let searchBeforeS = 20.0
    /// And after it (the bell parked on the floor, or held standing at the end), s.
    static let searchAfterS = 20.0
    /// The upright rest and the bottom passes must agree within this, rad (35°). At the bottom
    /// the bell hangs within ~10–20° of the arm's line (it turns in the grip), so a larger
    /// disagreement means the rest was not an upright bell (on its side, racked, carried).
    static let maximumRestDisagreementRad = 35.0 * Double.pi / 180

    /// The lever length, m, and how it was decided, for a handle sensor.
    static func length(userOffsetM: Double?, massKg: Double?) -> (lengthM: Double, source: BellLeverLengthSource) {
        if let userOffsetM { return (userOffsetM, .user) }
        return (WristToBell.gripToCentreOfMassM(massKg: massKg), massKg == nil ? .standardBell : .bellMass)
    }

    /// Measures the lever's direction on each active stretch (a set); stretches with neither an
    /// upright rest nor clear bottom passes get no lever.
    static func measureLevers(in trace: MotionTrace, stretches: [Range<Int>]) -> [BellLever] {
        var levers: [BellLever] = []
        for (k, stretch) in stretches.enumerated() {
            // The rest must lie between this set and its neighbours (not inside another set).
            let previousEnd = k > 0 ? stretches[k - 1].upperBound : 0
            let nextStart = k + 1 < stretches.count ? stretches[k + 1].lowerBound : trace.count
            let rest = uprightRestDirection(in: trace, stretch: stretch, after: previousEnd, before: nextStart)
            let arm = WristToBell.armDirection(trace: trace, samples: stretch)
            let bottom = arm.flatMap { $0.agreement >= WristToBell.minimumAgreement ? $0.direction : nil }
            if MotionRepFinder.debug {
                let angle = rest.flatMap { r in bottom.map { acos(max(-1, min(1, r.dot($0)))) * 180 / Double.pi } }
                print("bell lever", stretch, "rest", rest.map { "\($0)" } ?? "none", "bottom", bottom.map { "\($0)" } ?? "none",
                      "angle", angle.map { String(format: "%.1f°", $0) } ?? "-")
            }
            if let rest, bottom.map({ acos(max(-1, min(1, rest.dot($0)))) <= maximumRestDisagreementRad }) ?? true {
                levers.append(BellLever(samples: stretch, direction: rest, source: .uprightRest))
            } else if let bottom {
                levers.append(BellLever(samples: stretch, direction: bottom, source: .bottomPasses))
            }
        }
        return levers
    }

    /// The lever's direction (−f̂, sensor frame, unit) from the still rest nearest to the
    /// stretch, before it (the bell on the floor before the hike) in preference to after it
    /// (parked, or held standing); nil when there is none.
    static func uprightRestDirection(in trace: MotionTrace, stretch: Range<Int>, after earliest: Int,
                                     before latest: Int) -> Vector3? {
        let rate = trace.sampleRate
        let searchBefore = max(earliest, stretch.lowerBound - Int(searchBeforeS * rate))..<stretch.lowerBound
        let searchAfter = stretch.upperBound..<min(latest, stretch.upperBound + Int(searchAfterS * rate))
        if let direction = stillRest(in: trace, samples: searchBefore, nearestToEnd: true) { return direction }
        return stillRest(in: trace, samples: searchAfter, nearestToEnd: false)
    }

    /// The mean −f̂ over the still run nearest to the end (or start) of `samples` that lasts at
    /// least `minimumRestS` inside one segment of data.
    static func stillRest(in trace: MotionTrace, samples: Range<Int>, nearestToEnd: Bool) -> Vector3? {
        guard !samples.isEmpty else { return nil }
        let g = standardGravity
        let minimumCount = max(3, Int(minimumRestS * trace.sampleRate))
        func isStill(_ i: Int) -> Bool {
            let f = trace.specificForce[i]
            guard abs(f.length - g) < stillForceToleranceMps2 else { return false }
            if let gyro = trace.angularVelocity { return gyro[i].length < stillRateRadps }
            return true
        }
        // Runs of still samples that do not cross a gap in the data.
        var runs: [Range<Int>] = []
        var start: Int?
        for i in samples {
            let broken = trace.segments.contains { $0.lowerBound == i } && start != nil
            if broken, let s = start { runs.append(s..<i); start = nil }
            if isStill(i) {
                if start == nil { start = i }
            } else if let s = start {
                runs.append(s..<i)
                start = nil
            }
        }
        if let s = start { runs.append(s..<samples.upperBound) }
        let ordered = nearestToEnd ? runs.reversed() : runs
        for run in ordered where run.count >= minimumCount {
            var sum = Vector3.zero
            for i in run { sum = sum + trace.specificForce[i] * (1 / trace.specificForce[i].length) }
            let resultant = sum.length / Double(run.count)
            // Mean resultant length of unit vectors ≥ cos(spread): the direction did not wander.
            guard resultant >= cos(stillDirectionSpreadRad), sum.length > 0 else { continue }
            return sum * (-1 / sum.length)
        }
        return nil
    }

    /// The plain-words note a bell analysis carries about the sensor's position on the bell.
    static func note(_ report: BellSensorReport, hasGyroscope: Bool) -> String {
        guard report.mount == .handle, report.leverM > 0 else {
            return "bell sensor at the bell's centre of mass: its kinematics used as measured"
        }
        let lengthText: String
        switch report.leverSource {
        case .user?: lengthText = String(format: "%.3f m (given)", report.leverM)
        case .bellMass?: lengthText = String(format: "%.3f m (from the bell's mass, cast-iron proportions)", report.leverM)
        default: lengthText = String(format: "%.3f m (16 kg cast-iron bell assumed, no mass given)", report.leverM)
        }
        var text = "bell sensor on the handle: its kinematics moved to the bell's centre of mass through a rigid lever of "
            + lengthText + ", its direction measured "
        var parts: [String] = []
        if report.setsByUprightRest > 0 { parts.append("from the bell standing or hanging still in \(report.setsByUprightRest) set(s)") }
        if report.setsByBottomPasses > 0 { parts.append("from the bottom passes in \(report.setsByBottomPasses) set(s)") }
        text += parts.isEmpty ? "in no set" : parts.joined(separator: " and ")
        text += hasGyroscope ? " (the bell's rotation from the gyroscope)" : " (the bell's rotation from each rep's fit, not measured)"
        if report.setsWithoutLever > 0 {
            text += "; \(report.setsWithoutLever) set(s) showed neither and keep the handle's own speed and power, which under-read the bell's"
        }
        return text
    }
}

extension MotionRepFinder {
    /// The bell's world-frame linear acceleration (gravity removed, m/s², in the trace's heading)
    /// for one rep of an accelerometer-only handle sensor: the rep's fitted attitude φ(t)
    /// (the bell's, from the two-angle fit, AccelerometerOnlySwingPath.swift) turns the lever r,
    /// whose in-plane world components are (r · u(φ), r · u′(φ)) (up, across); their second
    /// time derivative is added to the sensor's. The lever's velocity is faded in and out over a
    /// knot spacing from each turnaround, as for the wrist (WristToBellAccelerometerOnly.swift):
    /// the fit's rate is least sure there, and the bell is at rest there. Nil when the rep's fit
    /// does not hold (the rep keeps the handle's own kinematics, as before).
    func accelerometerOnlyHandleBellAcceleration(samples: ClosedRange<Int>, start: Double, end: Double,
                                                 lever: Vector3) -> (acceleration: Axes, driveAxis: Vector3)? {
        guard exercise == .swing, !sensorOnWrist, trace.orientationMethod == .accelerometerOnly,
              var fit = accelerometerOnlySwingFit(samples: samples, start: start, end: end)
        else { return nil }
        let path = accelerometerOnlySwingPathFit(fit, samples: samples, start: start, end: end)
        guard Self.accelerometerOnlyFitHolds(fit, path: path) else { return nil }
        if let path { fit.upAngle = path.attitude }
        let count = samples.count
        let dt = 1 / trace.sampleRate
        let startOffset = start - Double(samples.lowerBound), endOffset = end - Double(samples.lowerBound)
        // The lever's in-plane world position, then its velocity by central differences.
        var up = [Double](repeating: 0, count: count), across = up
        for k in 0..<count {
            let phi = fit.upAngle[k]
            let u = fit.e1 * cos(phi) + fit.e2 * sin(phi), uPrime = fit.e1 * -sin(phi) + fit.e2 * cos(phi)
            up[k] = lever.dot(u)
            across[k] = lever.dot(uPrime)
        }
        var velocityUp = WristToBell.centralDerivative(up, dt: dt)
        var velocityAcross = WristToBell.centralDerivative(across, dt: dt)
        for k in 0..<count {
            let weight = WristToBell.turnaroundFade(at: k, dt: dt, startOffset: startOffset, endOffset: endOffset)
            velocityUp[k] *= weight
            velocityAcross[k] *= weight
        }
        return worldAcceleration(fit, samples: samples, extraUp: WristToBell.centralDerivative(velocityUp, dt: dt),
                                 extraAcross: WristToBell.centralDerivative(velocityAcross, dt: dt))
            .map { ($0, fit.driveAxis) }
    }
}
