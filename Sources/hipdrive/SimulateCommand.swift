import ArgumentParser
import Foundation
import HipDriveSimulator
import HipDriveRecordings

extension SimulationConfig.Exercise: ExpressibleByArgument {}
extension SimulationConfig.SwingStyle: ExpressibleByArgument {}
extension SimulationConfig.Hands: ExpressibleByArgument {}
extension SimulationConfig.Placement: ExpressibleByArgument {}
extension SimulationConfig.FatigueKind: ExpressibleByArgument {}
extension SimulationConfig.HipPullFinish: ExpressibleByArgument {}
extension SimulationConfig.BellMount: ExpressibleByArgument {}

/// `hipdrive simulate`: a physical model of a swing or banded hip-pull session, recorded by a
/// simulated sensor or microphone, with its ground truth.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate a session (physical model + sensor model) and write recordings with their truth.",
        discussion: """
            Swings: a bell on an arm from a shoulder pivot that moves with the hip hinge, driven from the backswing turnaround (bell at rest behind the legs) to the float (Russian: arm near horizontal; American: overhead), then falling back under gravity; the bell pivots in the grip. Hike and park of the bell, idle time, pauses, sets and rests. Banded hip pulls: the hips travel back and drive forward against a band anchored behind, F = k·max(0, d − slack).

            The truth (truth.json) holds every rep's turnaround, apex and end times (s from the first sample) and its true peak power and mean drive power (W), work (J), peak speed (m/s) and drive time (s), computed from the model: E = ½m|v|² + m·g·z of the bell, P = m·v·(a + g·ẑ); for hip pulls P = F_band·v_x at the point the band pulls, where the belt sensor rides (the hands' for a sensor held on the handle). It also lists everything that is not a rep (idle, rest, approach, hike, park, pause, clatter) and the sensor's gaps.

            Formats: physics-toolbox (time,gFx,gFy,gFz,TgF; no gyroscope), phyphox (folder), sensor-logger (folder), metawear (folder with the accelerometer/gyroscope pair), kettlebox (semicolon logger, g and deg/s), tsv-logger (tab logger, ms counter), wav (audio: exhales, whoosh, room noise, clatter), or all. Several may be given separated by commas. The same --seed gives the same files.

            Examples:
              hipdrive simulate --out sim --reps 20 --fatigue decline
              hipdrive simulate --out sim --format phyphox,wav --sets 3 --seed 7
              hipdrive simulate --out pull --exercise hip-pull \\
                  --band-tension 120 --band-stroke 0.35
            """)

    // MARK: Output

    @Option(name: .long, help: "Folder to write the recording(s) and truth.json into (created if needed).")
    var out: String

    @Option(name: .long, help: "Output format(s), comma separated: physics-toolbox, phyphox, sensor-logger, metawear, kettlebox, tsv-logger, wav, all.")
    var format: String = "physics-toolbox"

    @Option(name: .long, help: "Base name of the recording files.")
    var name: String = "session"

    @Option(name: .long, help: "Path of the truth JSON. (default: OUT/truth.json)")
    var truth: String?

    @Option(name: .long, help: "Start from this SimulationConfig JSON (as printed by --print-config); flags override it.")
    var config: String?

    @Flag(name: .long, help: "Print the effective configuration as JSON and exit without simulating.")
    var printConfig = false

    @Flag(name: .long, help: "Print the truth JSON on standard output instead of the summary table.")
    var json = false

    // MARK: Session

    @Option(name: .long, help: "Seed of every random draw (unsigned 64-bit). (default: 1)")
    var seed: UInt64?

    @Option(name: .long, help: "swing or hip-pull. (default: swing)")
    var exercise: SimulationConfig.Exercise?

    @Option(name: .long, help: "russian (float at chest height) or american (overhead). (default: russian)")
    var style: SimulationConfig.SwingStyle?

    @Option(name: .long, help: "one or two hands. (default: two)")
    var hands: SimulationConfig.Hands?

    @Option(name: .long, help: "Bell mass, kg. (default: 16)")
    var mass: Double?

    @Option(name: .long, help: "Hip pull: band stiffness, N/m (with --band-slack). (default: 180)")
    var bandStiffness: Double?

    @Option(name: .long, help: "Hip pull: band length at which it starts to pull, m; the band's point sits 1.2 m from the anchor at the nominal turnaround. (default: 0.9)")
    var bandSlack: Double?

    @Option(name: .long, help: "Hip pull: how each set ends: hinge (the last rep returns into a turnaround, the athlete stands up out of it stepping back) or lockout (the last drive ends standing tall). (default: hinge)")
    var hipPullFinish: SimulationConfig.HipPullFinish?

    @Option(name: .long, help: "Hip pull: band tension at lockout, N (with --band-stroke; the band is taken as just taut at the turnaround, k = tension / stroke).")
    var bandTension: Double?

    @Option(name: .long, help: "Hip pull: pull distance from turnaround to lockout, m (with --band-tension).")
    var bandStroke: Double?

    @Option(name: .long, help: "Number of sets. (default: 1)")
    var sets: Int?

    @Option(name: .long, help: "Reps per set. (default: 15)")
    var reps: Int?

    @Option(name: .long, help: "Rest between sets, s. (default: 60)")
    var rest: Double?

    @Option(name: .long, help: "Reps per minute at the start of a set. (default: Russian 34, American 28, hip pull 26)")
    var cadence: Double?

    @Option(name: .long, help: "Fatigue profile: none, decline (steady), breakdown (at --breakdown-rep). (default: none)")
    var fatigue: SimulationConfig.FatigueKind?

    @Option(name: .long, help: "Mean drive power lost at full fatigue, percent. (default: 30)")
    var fatigueLoss: Double?

    @Option(name: .long, help: "Rep at which a breakdown profile drops (1-based). (default: 10)")
    var breakdownRep: Int?

    @Option(name: .long, help: "Share of the loss from less work per rep (the rest: slower drive), 0-1. (default: 0.6)")
    var workShare: Double?

    @Flag(name: .long, help: "Start each set with the bell in hand instead of hiking it from the floor.")
    var noHike = false

    @Flag(name: .long, help: "End each set standing with the bell instead of parking it on the floor.")
    var noPark = false

    @Option(name: .long, help: "Idle time before the first and after the last set, s. (default: 4)")
    var idle: Double?

    @Option(name: .long, help: "Random clatter events (knocks) in idle and rest time. (default: 0)")
    var clatter: Int?

    @Option(name: .long, help: "Pauses inside each set of 5+ reps: the athlete stops swinging and stands with the bell (hip pull: holds the lockout). (default: 0)")
    var pauses: Int?

    @Option(name: .long, help: "Length of each pause, s. (default: 3)")
    var pauseDuration: Double?

    @Option(name: .long, help: "Rep-to-rep coefficient of variation (float height, drive and fall time, hinge). (default: 0.03)")
    var variability: Double?

    @Option(name: .long, help: "Wall-clock start of the recording, ISO-8601 (e.g. 2026-01-05T09:00:00Z). (default: 2026-01-05T08:00:00Z)")
    var date: String?

    // MARK: Sensor

    @Option(name: .long, help: "Sensor placement: bell (handle), wrist, hips (belt). (default: bell; hips for hip pulls)")
    var placement: SimulationConfig.Placement?

    @Option(name: .customLong("bell-sensor"), help: "Where a bell sensor sits on the bell: handle (at the grip, the grip-to-centre-of-mass distance nearer the shoulder; it turns with the bell) or centre (at the bell's centre of mass). The truth is the centre of mass either way. (default: handle)")
    var bellSensor: SimulationConfig.BellMount?

    @Option(name: .long, help: "Mounting rotation: random, or intrinsic x,y,z Euler angles in degrees, e.g. 0,90,0. (default: random)")
    var mounting: String?

    @Option(name: .long, help: "Accelerometer rate, Hz. (default: 100)")
    var rate: Double?

    @Option(name: .long, help: "Gyroscope rate, Hz, on its own clock. (default: the accelerometer's)")
    var gyroRate: Double?

    @Flag(name: .long, help: "Accelerometer only (no gyroscope).")
    var noGyro = false

    @Option(name: .long, help: "Timestamp jitter (standard deviation), s. (default: 0.001)")
    var jitter: Double?

    @Option(name: .long, help: "Accelerometer white noise per axis, m/s². (default: 0.05)")
    var accelNoise: Double?

    @Option(name: .long, help: "Gyroscope white noise per axis, rad/s. (default: 0.01)")
    var gyroNoise: Double?

    @Option(name: .long, help: "Largest accelerometer bias per axis, m/s². (default: 0.05)")
    var accelBias: Double?

    @Option(name: .long, help: "Largest gyroscope bias per axis, rad/s. (default: 0.01)")
    var gyroBias: Double?

    @Option(name: .long, help: "Accelerometer range, ±g. (default: 8)")
    var accelRange: Double?

    @Option(name: .long, help: "Gyroscope range, ±deg/s. (default: 2000)")
    var gyroRange: Double?

    @Option(name: .long, help: "Number of dropouts with no samples. (default: 0)")
    var gaps: Int?

    @Option(name: .long, help: "Length of each dropout, s. (default: 1.5)")
    var gapDuration: Double?

    @Option(name: .long, help: "Clock glitches in the written timestamps (repeated or stepping back). (default: 0)")
    var timestampGlitches: Int?

    @Option(name: .long, help: "Audio sample rate, Hz. (default: 8000)")
    var audioRate: Double?

    @Option(name: .long, help: "Audio room noise level (RMS, full scale 1). (default: 0.01)")
    var roomNoise: Double?

    func run() async throws {
        try await CommandSupport.failingCleanly {
            let configuration = try makeConfig()
            if printConfig {
                let encoder = CommandSupport.jsonEncoder()
                try CommandSupport.write(String(decoding: try encoder.encode(configuration), as: UTF8.self) + "\n", to: nil)
                return
            }
            let formats = try parseFormats()
            let session = Simulator.simulate(configuration)
            let directory = URL(fileURLWithPath: out)
            var written: [String] = []
            for format in formats {
                // Several formats in one folder get the format in their names so none collide.
                let fileName = formats.count > 1 ? "\(name)-\(format.rawValue)" : name
                let url = try RecordingWriter.write(session, format: format, to: directory, name: fileName)
                written.append(url.path)
            }
            let truthURL = truth.map { URL(fileURLWithPath: $0) } ?? directory.appendingPathComponent("truth.json")
            try RecordingWriter.writeTruth(session.truth, to: truthURL)
            written.append(truthURL.path)
            for path in written { CommandSupport.printStatus("wrote \(path)") }
            if json {
                let data = try RecordingWriter.truthJSON(session.truth)
                try CommandSupport.write(String(decoding: data, as: UTF8.self) + "\n", to: nil)
            } else {
                try CommandSupport.write(Self.summary(session.truth), to: nil)
            }
        }
    }

    func parseFormats() throws -> [SimulatedFormat] {
        var formats: [SimulatedFormat] = []
        for entry in format.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
            if entry == "all" {
                formats += SimulatedFormat.allCases
            } else if let parsed = SimulatedFormat(rawValue: entry) {
                formats.append(parsed)
            } else {
                throw ValidationError("--format \(entry): unknown; use one of \(SimulatedFormat.allCases.map(\.rawValue).joined(separator: ", ")), all")
            }
        }
        var seen = Set<SimulatedFormat>()
        formats = formats.filter { seen.insert($0).inserted }
        if noGyro, formats.count > 1 { formats.removeAll { $0 == .kettlebox || $0 == .tsvLogger } }
        guard !formats.isEmpty else { throw ValidationError("--format: give at least one format") }
        return formats
    }

    func makeConfig() throws -> SimulationConfig {
        var c = SimulationConfig()
        if let config {
            do {
                let decoder = JSONDecoder()
                decoder.dateDecodingStrategy = .iso8601
                c = try decoder.decode(SimulationConfig.self, from: Data(contentsOf: URL(fileURLWithPath: config)))
            } catch {
                throw ValidationError("--config \(config): not a simulation config (\(error.localizedDescription)); write one with --print-config")
            }
        }
        func positive(_ value: Double?, _ option: String) throws -> Double? {
            guard let value else { return nil }
            guard value > 0, value.isFinite else { throw ValidationError("\(option) \(value): must be positive") }
            return value
        }
        func nonNegative(_ value: Double?, _ option: String) throws -> Double? {
            guard let value else { return nil }
            guard value >= 0, value.isFinite else { throw ValidationError("\(option) \(value): must not be negative") }
            return value
        }
        if let seed { c.seed = seed }
        if let exercise {
            c.exercise = exercise
            if exercise == .hipPull {
                if c.band == nil { c.band = .init() }
                if placement == nil { c.sensor.placement = .hips }
            }
        }
        if let style { c.style = style }
        if let hands { c.hands = hands }
        if let hipPullFinish { c.hipPullFinish = hipPullFinish }
        if let mass = try positive(mass, "--mass") { c.massKg = mass }
        if bandTension != nil || bandStroke != nil {
            guard let tension = try positive(bandTension, "--band-tension"), let stroke = try positive(bandStroke, "--band-stroke") else {
                throw ValidationError("--band-tension and --band-stroke go together (N and m)")
            }
            guard bandStiffness == nil else { throw ValidationError("give the band as --band-stiffness or as --band-tension with --band-stroke, not both") }
            c.band = .lockout(tensionN: tension, strokeM: stroke)
        }
        if bandStiffness != nil || bandSlack != nil {
            var band = c.band ?? .init()
            if let k = try positive(bandStiffness, "--band-stiffness") { band.stiffnessNPerM = k }
            if let slack = try nonNegative(bandSlack, "--band-slack") { band.slackM = slack }
            c.band = band
        }
        if c.band != nil && c.exercise == .swing && exercise == nil && (bandTension != nil || bandStiffness != nil) {
            throw ValidationError("band options describe a hip pull; add --exercise hip-pull")
        }
        if let sets {
            guard sets >= 1 else { throw ValidationError("--sets \(sets): at least 1") }
            c.sets = sets
        }
        if let reps {
            guard reps >= 1 else { throw ValidationError("--reps \(reps): at least 1") }
            c.repsPerSet = reps
        }
        if let rest = try nonNegative(rest, "--rest") { c.restS = rest }
        if let cadence = try positive(cadence, "--cadence") {
            guard cadence >= 10 && cadence <= 70 else { throw ValidationError("--cadence \(cadence): reps per minute between 10 and 70") }
            c.cadencePerMin = cadence
        }
        if let fatigue { c.fatigue.kind = fatigue }
        if let loss = fatigueLoss {
            guard loss >= 0 && loss <= 80 else { throw ValidationError("--fatigue-loss \(loss): percent between 0 and 80") }
            c.fatigue.lossFraction = loss / 100
        }
        if let breakdownRep {
            guard breakdownRep >= 1 else { throw ValidationError("--breakdown-rep \(breakdownRep): at least 1") }
            c.fatigue.breakdownRep = breakdownRep
        }
        if c.fatigue.kind == .breakdown && c.fatigue.breakdownRep > c.repsPerSet {
            throw ValidationError("--breakdown-rep \(c.fatigue.breakdownRep) is past the last rep (--reps \(c.repsPerSet))")
        }
        if let share = workShare {
            guard share >= 0 && share <= 1 else { throw ValidationError("--work-share \(share): between 0 and 1") }
            c.fatigue.workShare = share
        }
        if noHike { c.includeHike = false }
        if noPark { c.includePark = false }
        if let idle = try nonNegative(idle, "--idle") { c.idleBeforeS = idle; c.idleAfterS = idle }
        if let clatter {
            guard clatter >= 0 else { throw ValidationError("--clatter \(clatter): must not be negative") }
            c.clatterCount = clatter
        }
        if let pauses {
            guard pauses >= 0 else { throw ValidationError("--pauses \(pauses): must not be negative") }
            c.pausesPerSet = pauses
        }
        if let value = try positive(pauseDuration, "--pause-duration") { c.pauseDurationS = value }
        if let variability = try nonNegative(variability, "--variability") {
            guard variability <= 0.15 else { throw ValidationError("--variability \(variability): at most 0.15") }
            c.repVariability = variability
        }
        if let date {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime]
            guard let parsed = formatter.date(from: date) ?? ISO8601DateFormatter().date(from: date + "T00:00:00Z") else {
                throw ValidationError("--date \(date): use ISO-8601, e.g. 2026-01-05T09:00:00Z or 2026-01-05")
            }
            c.startDate = parsed
        }
        if let placement { c.sensor.placement = placement }
        if let bellSensor { c.sensor.bellMount = bellSensor }
        if let mounting {
            if mounting.lowercased() == "random" {
                c.sensor.mountingEulerDeg = nil
            } else {
                let parts = mounting.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
                guard parts.count == 3, let x = parts[0], let y = parts[1], let z = parts[2] else {
                    throw ValidationError("--mounting \(mounting): use random or three angles in degrees, e.g. 0,90,0")
                }
                c.sensor.mountingEulerDeg = Vector3(x, y, z)
            }
        }
        if let rate = try positive(rate, "--rate") { c.sensor.sampleRateHz = rate }
        if let gyroRate = try positive(gyroRate, "--gyro-rate") { c.sensor.gyroSampleRateHz = gyroRate }
        if noGyro { c.sensor.hasGyroscope = false }
        if let jitter = try nonNegative(jitter, "--jitter") { c.sensor.timestampJitterS = jitter }
        if let value = try nonNegative(accelNoise, "--accel-noise") { c.sensor.accelNoiseMps2 = value }
        if let value = try nonNegative(gyroNoise, "--gyro-noise") { c.sensor.gyroNoiseRadps = value }
        if let value = try nonNegative(accelBias, "--accel-bias") { c.sensor.accelBiasMps2 = value }
        if let value = try nonNegative(gyroBias, "--gyro-bias") { c.sensor.gyroBiasRadps = value }
        if let value = try positive(accelRange, "--accel-range") { c.sensor.accelRangeG = value }
        if let value = try positive(gyroRange, "--gyro-range") { c.sensor.gyroRangeDps = value }
        if let gaps {
            guard gaps >= 0 else { throw ValidationError("--gaps \(gaps): must not be negative") }
            c.sensor.gapCount = gaps
        }
        if let value = try positive(gapDuration, "--gap-duration") { c.sensor.gapDurationS = value }
        if let timestampGlitches {
            guard timestampGlitches >= 0 else { throw ValidationError("--timestamp-glitches \(timestampGlitches): must not be negative") }
            c.sensor.timestampGlitchCount = timestampGlitches
        }
        if let value = try positive(audioRate, "--audio-rate") {
            guard value >= 4000 else { throw ValidationError("--audio-rate \(value): at least 4000 Hz") }
            c.audio.sampleRateHz = value
        }
        if let value = try nonNegative(roomNoise, "--room-noise") { c.audio.roomNoiseLevel = value }
        try Self.check(c, source: config.map { "--config \($0)" } ?? "options")
        return c
    }

    /// The simulator's caller contracts, checked on the final configuration (a --config file
    /// bypasses the per-flag checks), so that a bad value is an error message, not a crash.
    static func check(_ c: SimulationConfig, source: String) throws {
        var problems: [String] = []
        if c.sets < 1 { problems.append("sets must be at least 1") }
        if c.repsPerSet < 1 { problems.append("repsPerSet must be at least 1") }
        if !(c.massKg > 0) { problems.append("massKg must be positive") }
        if !(c.sensor.sampleRateHz > 0) { problems.append("sensor.sampleRateHz must be positive") }
        if let rate = c.sensor.gyroSampleRateHz, !(rate > 0) { problems.append("sensor.gyroSampleRateHz must be positive") }
        if !(c.sensor.accelRangeG > 0) || !(c.sensor.gyroRangeDps > 0) { problems.append("sensor ranges must be positive") }
        if !(c.audio.sampleRateHz >= 4000) { problems.append("audio.sampleRateHz must be at least 4000") }
        if let cadence = c.cadencePerMin, !(cadence >= 10 && cadence <= 70) { problems.append("cadencePerMin must be 10-70") }
        if let band = c.band, !(band.stiffnessNPerM > 0) { problems.append("band.stiffnessNPerM must be positive") }
        if c.fatigue.kind == .breakdown && !(1...c.repsPerSet).contains(c.fatigue.breakdownRep) {
            problems.append("fatigue.breakdownRep \(c.fatigue.breakdownRep) is outside 1...\(c.repsPerSet)")
        }
        if !(c.athlete.wristRadiusM < c.athlete.bellRadiusM - c.athlete.gripToBellM) {
            problems.append("athlete.wristRadiusM must be shorter than bellRadiusM - gripToBellM")
        }
        if !problems.isEmpty { throw ValidationError("\(source): " + problems.joined(separator: "; ")) }
    }

    /// A readable table of the truth: one line per rep.
    static func summary(_ truth: SimulationTruth) -> String {
        var lines: [String] = []
        let load: String
        if let mass = truth.massKg {
            load = String(format: "%.0f kg bell", mass)
        } else if let band = truth.band {
            load = String(format: "band %.0f N/m (%.0f N at lockout, %.2f m stroke)", band.stiffnessNPerM, band.lockoutTensionN, band.strokeM)
        } else {
            load = "no load"
        }
        lines.append("\(truth.exercise)\(truth.style.map { " (\($0))" } ?? ""), \(truth.hands) hand(s), \(load); sensor on the \(truth.placement)"
            + (truth.bellSensorMount.map { mount in
                mount == "handle" ? String(format: " handle (%.3f m from the centre of mass)", truth.sensorToCentreOfMassM ?? 0)
                    : " at its centre of mass" } ?? "")
            + String(format: " at %.0f Hz%@; %.1f s; fatigue %@", truth.sampleRateHz, truth.hasGyroscope ? " with gyroscope" : ", accelerometer only",
                     truth.durationS, truth.fatigueProfile.kind))
        for set in truth.sets {
            lines.append("")
            lines.append(String(format: "set %d: %.1f–%.1f s, %d reps, %.1f reps/min", set.index, set.start, set.end, set.reps.count, set.cadenceRpm)
                + (set.meanDrivePowerLossPct.map { String(format: ", mean drive power loss %.1f %%", $0) } ?? "")
                + (set.breakdownRep.map { ", breakdown at rep \($0)" } ?? ""))
            lines.append("  rep  turnaround   apex    end   peak W  mean W  work J  peak m/s  drive s")
            for rep in set.reps {
                lines.append(String(format: "  %3d  %9.2f %7.2f %6.2f  %7.0f %7.0f %7.1f  %8.2f  %7.2f", rep.index, rep.turnaround, rep.apex,
                                    rep.end, rep.peakPowerW, rep.meanDrivePowerW, rep.workJ, rep.peakSpeedMps, rep.driveTimeS))
            }
        }
        let others = truth.nonRepIntervals.map { String(format: "%@ %.1f–%.1f", $0.kind, $0.start, $0.end) }
        lines.append("")
        lines.append("not reps: " + others.joined(separator: ", "))
        if !truth.gaps.isEmpty {
            lines.append("gaps: " + truth.gaps.map { String(format: "%.1f–%.1f", $0.start, $0.end) }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
