import Foundation
import HipDriveAnalysis
import HipDriveRecordings
import HipDriveSimulator

/// The accuracy check: simulate randomised sessions, write each to a file in a format the
/// readers accept, read it back, analyse it, and compare every number with the simulator's
/// ground truth.
///
/// ```swift
/// let report = try Validator.run(ValidationOptions(sessions: 200, seed: 1))
/// print(report.table())
/// ```
public enum Validator {
    /// Runs `options.sessions` randomised sessions. Files go to `options.scratchFolder` (by
    /// default a new folder in the temporary folder), which is removed at the end.
    public static func run(_ options: ValidationOptions,
                           progress: ((Int, Int) -> Void)? = nil) throws -> ValidationReport {
        let folder = options.scratchFolder
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var report = ValidationReport()
        var random = SplitMix64(seed: options.seed)
        for k in 0..<options.sessions {
            let config = SessionDraw.draw(&random, index: k, options: options)
            // The draw above always happens, so a filtered run analyses the same sessions as the
            // full table's rows for that group.
            if options.stopRequest?.isRequested == true {
                throw ValidationInterrupted(completedSessions: k, sessions: options.sessions)
            }
            if let only = options.onlyGroup, !SessionDraw.group(of: config).contains(only) {
                progress?(k + 1, options.sessions)
                continue
            }
            let outcome = try runSession(config, folder: folder, options: options)
            report.add(outcome)
            progress?(k + 1, options.sessions)
        }
        return report
    }

    /// Simulates, writes, reads and analyses one session, and compares it with its truth.
    public static func runSession(_ config: SimulationConfig, folder: URL,
                                  options: ValidationOptions) throws -> SessionOutcome {
        let session = Simulator.simulate(config)
        let recording: Recording
        let format: String
        var written: SimulatedFormat?
        if options.throughFiles {
            // A format the session's sensor fits, drawn from the seed: the readers meet every layout.
            let gyroFormats: [SimulatedFormat] = [.kettlebox, .tsvLogger, .phyphox, .sensorLogger, .metawear]
            let accelFormats: [SimulatedFormat] = [.physicsToolbox, .phyphox, .metawear]
            let choices = session.sensor.angularVelocity != nil ? gyroFormats : accelFormats
            let chosen = choices[Int(config.seed % UInt64(choices.count))]
            let url = try RecordingWriter.write(session, format: chosen, to: folder, name: "session-\(config.seed)")
            format = chosen.rawValue
            written = chosen
            recording = try RecordingReader.read(url)
            try? FileManager.default.removeItem(at: url)
        } else {
            format = "ideal trace"
            recording = Recording(source: URL(fileURLWithPath: "simulated-\(config.seed)"), format: format,
                                  columns: [], content: .motion(session.idealTrace))
        }
        var load = LoadSpecification(massKg: config.exercise == .swing ? config.massKg : nil)
        if config.exercise == .hipPull {
            let band = config.effectiveBand
            // The same physical band as the simulator's: k, and the stretch beyond slack it
            // already has at the turnaround (a negative slack relative to the turnaround).
            load.band = .stiffness(newtonsPerMetre: band.stiffnessNPerM,
                                   slackM: band.slackM - band.distanceAtTurnaroundM)
        }
        let exercise: Exercise = config.exercise == .swing ? .swing : .hipPull
        // The placement the athlete would declare (flag or manifest column): a legitimate input.
        let placement = SensorPlacement(rawValue: config.sensor.placement.rawValue)
        // And, for a bell sensor, where on the bell it sits (handle or centre): what the user
        // knows and says (`--bell-sensor`); the handle's distance from the centre of mass is left
        // to the analysis (from the bell's mass), as most users will.
        let bellMount = config.sensor.placement == .bell
            ? BellSensorMount(rawValue: config.sensor.effectiveBellMount.rawValue) : nil
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(exercise: exercise, load: load,
                                                                                         placement: placement,
                                                                                         bellSensorMount: bellMount))
        // Some layouts count time from a device tick (the tab logger starts at 6 s): put the found
        // times on the truth's clock (0 = the session's first sample) before comparing.
        var aligned = analysis
        if case let .motion(trace) = recording.content {
            aligned.shiftTimes(by: -(trace.startTime - (session.sensor.time.first ?? 0)))
        }
        var outcome = SessionOutcome.compare(analysis: aligned, truth: session.truth, config: config, format: format)
        if let keep = options.keepMissesIn, let written,
           outcome.falseReps > 0 || outcome.setCounts.contains(where: { $0.truth != $0.found })
            || outcome.breakdownProfileHits.contains(false) {
            // A miss (a count, a false rep or the profile's breakdown rep), kept for a closer
            // look: `hipdrive analyze` on the recording (with the placement and load in
            // keep-command.txt), its truth beside it.
            let folder = keep.appendingPathComponent("session-\(config.seed)")
            let url = try RecordingWriter.write(session, format: written, to: folder, name: "recording")
            try RecordingWriter.writeTruth(session.truth, to: folder.appendingPathComponent("truth.json"))
            var command = ["hipdrive", "analyze", url.lastPathComponent, "--exercise", exercise.rawValue,
                           "--placement", config.sensor.placement.rawValue]
            if let mass = load.massKg { command += ["--mass", String(mass)] }
            if let bellMount { command += ["--bell-sensor", bellMount.rawValue] }
            if case let .stiffness(k, slack)? = load.band {
                command += ["--band-stiffness", String(format: "%.3f", k), "--band-slack", String(format: "%.4f", slack)]
            }
            try (command.joined(separator: " ") + "\n").write(to: folder.appendingPathComponent("keep-command.txt"),
                                                                 atomically: true, encoding: .utf8)
        }
        // Audio of the same session (swings): rep counts and clatter from the WAV file.
        if options.throughFiles, options.includeAudio, config.exercise == .swing, config.seed % 3 == 0 {
            let url = try RecordingWriter.write(session, format: .wav, to: folder, name: "session-\(config.seed)")
            let audio = try RecordingReader.read(url)
            try? FileManager.default.removeItem(at: url)
            let heard = try SessionAnalyzer.analyze(audio, settings: AnalysisSettings(exercise: .swing))
            outcome.audio = SessionOutcome.compareAudio(analysis: heard, truth: session.truth)
        }
        return outcome
    }
}

/// What to vary and how to run.
public struct ValidationOptions: Sendable {
    public var sessions: Int
    public var seed: UInt64
    /// Write each session to a file and read it back through the readers (default); false
    /// analyses the simulator's ideal trace (isolates the analysis from the readers).
    public var throughFiles: Bool
    /// Largest number of sets and reps per set drawn (smaller values make a fast subset).
    public var maximumSets: Int
    public var maximumRepsPerSet: Int
    /// Also write a third of the swing sessions as WAV audio and count their reps.
    public var includeAudio: Bool
    /// Only sessions whose group ("swing/bell/gyro", "hip-pull/hips/accel-only", …; swing
    /// sessions with an audio leg also match "audio") contains this text; nil runs all.
    public var onlyGroup: String?
    /// Draw each session's body proportions (arm, grip, bell size, torso, hinge) from adult
    /// ranges (default), or keep the simulator's one standard athlete. Varied bodies keep the
    /// analysis honest: it must measure the lever and the hinge, not assume the simulator's.
    public var varyAthlete: Bool
    /// Where to keep the recording and truth of every session with a miscounted set, a rep
    /// found outside the sets or a breakdown rep that misses the profile's (nil: keep none).
    /// Through files only.
    public var keepMissesIn: URL? = nil
    /// The folder each session's file is written to and read back from; created by the run and
    /// removed at its end (also when it stops early). A caller that must remove it itself as a
    /// last resort (the command line, on a signal) names it here.
    public var scratchFolder = FileManager.default.temporaryDirectory
        .appendingPathComponent("hipdrive-validate-\(UUID().uuidString)")
    /// Checked before each session: once requested, the run stops there, removes its scratch
    /// folder and throws `ValidationInterrupted` (the command line requests it on Ctrl-C).
    public var stopRequest: ValidationStopRequest? = nil

    public init(sessions: Int = 200, seed: UInt64 = 1, throughFiles: Bool = true, maximumSets: Int = 3,
                maximumRepsPerSet: Int = 20, includeAudio: Bool = true, onlyGroup: String? = nil,
                varyAthlete: Bool = true) {
        self.varyAthlete = varyAthlete
        self.includeAudio = includeAudio
        self.onlyGroup = onlyGroup
        self.sessions = sessions
        self.seed = seed
        self.throughFiles = throughFiles
        self.maximumSets = maximumSets
        self.maximumRepsPerSet = maximumRepsPerSet
    }
}

/// A small seeded generator for the session draws (SplitMix64), independent of the simulator's.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x1234_5678 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + unit() * (range.upperBound - range.lowerBound)
    }
    mutating func integer(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }
    mutating func chance(_ p: Double) -> Bool { unit() < p }
}

/// Draws one randomised session configuration.
enum SessionDraw {
    /// The table group a configuration falls in (the sensor's, before any analysis), with
    /// "+audio" for the swing sessions that are also written as WAV audio.
    static func group(of config: SimulationConfig) -> String {
        let method = config.sensor.hasGyroscope ? "gyro" : "accel-only"
        let audio = config.exercise == .swing && config.seed % 3 == 0 ? "+audio" : ""
        return "\(config.exercise.rawValue)/\(config.sensor.placement.rawValue)/\(method)\(audio)"
    }

    static func draw(_ random: inout SplitMix64, index: Int, options: ValidationOptions) -> SimulationConfig {
        var config = SimulationConfig(seed: random.next() % 1_000_000_007)
        let hipPull = random.chance(0.2)
        config.exercise = hipPull ? .hipPull : .swing
        config.style = random.chance(0.65) ? .russian : .american
        config.hands = random.chance(0.6) ? .two : .one
        config.massKg = [8, 12, 16, 20, 24, 28, 32][random.integer(0...6)]
        if hipPull {
            config.band = .init(stiffnessNPerM: random.uniform(80...300), slackM: random.uniform(0.8...1.1),
                                distanceAtTurnaroundM: random.uniform(1.1...1.3))
            config.sensor.placement = .hips
        } else {
            config.sensor.placement = random.chance(0.7) ? .bell : .wrist
        }
        config.sets = random.integer(1...max(1, options.maximumSets))
        config.repsPerSet = random.integer(min(6, options.maximumRepsPerSet)...options.maximumRepsPerSet)
        config.restS = random.uniform(20...60)
        config.cadencePerMin = config.effectiveCadencePerMin * random.uniform(0.85...1.2)
        switch random.integer(0...2) {
        case 0: config.fatigue = .init(kind: .none)
        case 1: config.fatigue = .init(kind: .decline, lossFraction: random.uniform(0.05...0.4),
                                       workShare: random.uniform(0.3...0.9))
        default:
            let k = random.integer(max(4, config.repsPerSet / 2)...max(4, config.repsPerSet - 1))
            config.fatigue = .init(kind: .breakdown, lossFraction: random.uniform(0.3...0.5), breakdownRep: k,
                                   workShare: random.uniform(0.3...0.9))
        }
        config.includeHike = random.chance(0.85)
        config.includePark = random.chance(0.85)
        config.idleBeforeS = random.uniform(2...8)
        config.idleAfterS = random.uniform(2...8)
        config.clatterCount = random.integer(0...2)
        config.repVariability = random.uniform(0.01...0.06)
        config.sensor.hasGyroscope = random.chance(0.75)
        config.sensor.sampleRateHz = [50, 100, 100, 200][random.integer(0...3)]
        let noise = random.uniform(0.5...3)
        config.sensor.accelNoiseMps2 = 0.03 * noise
        config.sensor.gyroNoiseRadps = 0.005 * noise
        config.sensor.accelBiasMps2 = 0.05 * noise
        config.sensor.gyroBiasRadps = 0.005 * noise
        config.sensor.timestampJitterS = random.uniform(0...0.003)
        config.sensor.accelRangeG = random.chance(0.25) ? 4 : (random.chance(0.5) ? 8 : 16)
        config.sensor.gapCount = random.chance(0.15) ? 1 : 0
        config.sensor.gapDurationS = random.uniform(0.5...2)
        if options.varyAthlete { config.athlete = athlete(seed: config.seed, massKg: config.massKg) }
        if config.exercise == .swing && config.sensor.placement == .bell {
            // Where the sensor sits on the bell: strapped to the handle (the usual place) three
            // times in four, at the centre of mass once. Own generator (seeded by the session),
            // so every other draw stays the same.
            var mount = SplitMix64(seed: config.seed ^ 0xBE11_4A4D)
            config.sensor.bellMount = mount.chance(0.75) ? .handle : .centre
        }
        if !hipPull {
            // One swing session in eight is recorded at the hips (a phone in a pocket or on the
            // belt): counted and timed, no power (the bell's motion is not in the data). Own
            // generator (seeded by the session), so every other draw stays the same.
            var hips = SplitMix64(seed: config.seed ^ 0x4149_5053)
            if hips.chance(0.125) { config.sensor.placement = .hips }
        }
        if hipPull {
            // Half the hip-pull sets end standing tall at the last lockout, half return into a
            // last turnaround and stand up out of it. Own generator (seeded by the session), so
            // every other draw stays the same.
            var finish = SplitMix64(seed: config.seed ^ 0x51A7_F1E1)
            config.hipPullFinish = finish.chance(0.5) ? .lockout : .hinge
        }
        return config
    }

    /// Body proportions for one session, from their own generator seeded by the session's seed,
    /// so every other draw (and so every other session) is the same with or without them.
    /// Ranges are adult anthropometry (segment lengths ≈ fractions of a 1.55–1.95 m stature:
    /// upper arm + forearm 0.33·H, hand to the middle of the grip ≈ 0.04·H, hip joint 0.53·H,
    /// hip to shoulder 0.29·H) and the spread of swing technique (hinge depth, knee bend), not
    /// values any analysis constant was taken from.
    static func athlete(seed: UInt64, massKg: Double) -> SimulationConfig.Athlete {
        var random = SplitMix64(seed: seed ^ 0xA7B1_E7E5)
        let wrist = random.uniform(0.50...0.64)
        let grip = wrist + random.uniform(0.06...0.09)
        // Cast-iron bells grow with mass (size ∝ mass^⅓) and spread ±10 % between makers about a
        // 16 kg bell's 0.14 m (0.26 m tall, 0.19 m body, 33 mm handle: thesize.net, the same
        // published dimensions `WristToBell.gripToCentreOfMass16kgM` cites); competition bells are
        // one size (0.28 m tall, 0.21 m body: 0.14–0.16 m) at every mass.
        let gripToBell = random.chance(0.5)
            ? 0.14 * pow(massKg / 16, 1.0 / 3.0) * random.uniform(0.9...1.1)
            : random.uniform(0.14...0.16)
        var athlete = SimulationConfig.Athlete(bellRadiusM: grip + gripToBell, gripToBellM: gripToBell,
                                        wristRadiusM: wrist, torsoLengthM: random.uniform(0.45...0.58),
                                        hipHeightM: random.uniform(0.82...1.03), hipTravelM: random.uniform(0.15...0.30),
                                        kneeDropM: random.uniform(0.06...0.20), hingeDepthDeg: random.uniform(50...74),
                                        // A belt sensor sits on the front or side of a belt worn
                                        // at or a little above the hip joints.
                                        beltForwardM: random.uniform(0.06...0.16), beltUpM: random.uniform(-0.02...0.10),
                                        pullPelvisPitchDeg: random.uniform(35...60), pullHipDropM: random.uniform(0.02...0.07),
                                        pullPitchCurvature: random.uniform(-0.4...0.4))
        // A watch sits on the back of the wrist, in front of the arm's line; drawn last so every
        // earlier draw stays the same.
        athlete.watchForwardM = random.uniform(0.015...0.035)
        return athlete
    }
}

extension SessionAnalysis {
    /// Adds `offset` seconds to every time in the analysis (sets and reps).
    mutating func shiftTimes(by offset: Double) {
        for s in sets.indices {
            sets[s].start += offset
            sets[s].end += offset
            for r in sets[s].reps.indices {
                sets[s].reps[r].start += offset
                sets[s].reps[r].end += offset
                sets[s].reps[r].turnaround += offset
                sets[s].reps[r].apex = sets[s].reps[r].apex.map { $0 + offset }
            }
        }
    }
}

/// A request to stop a validation run between two sessions, made from another thread (a signal
/// handler's queue) and read by the run's loop.
public final class ValidationStopRequest: @unchecked Sendable {
    // A lock rather than an atomic: one read per session, and it keeps the type plain.
    private let lock = NSLock()
    private var requested = false

    public init() {}

    public func request() { lock.withLock { requested = true } }

    public var isRequested: Bool { lock.withLock { requested } }
}

/// Thrown by `Validator.run` when its stop request was made: how far it got.
public struct ValidationInterrupted: Error, CustomStringConvertible {
    public var completedSessions: Int
    public var sessions: Int

    public var description: String {
        "validation interrupted after \(completedSessions) of \(sessions) sessions; its scratch folder was removed and no table was printed"
    }
}
