import ArgumentParser
import Foundation
import HipDriveAnalysis
import HipDriveRecordings

/// `hipdrive analyze RECORDING...`: sets, reps, hip-drive power and the fatigue breakdown.
struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Find sets and reps, measure hip-drive power per rep and the fatigue breakdown of each set.",
        discussion: CommandSupport.reflow("""
            Each RECORDING is an IMU table, a folder or zip holding one recording, or an audio
            file (see `hipdrive inspect --help` for the formats).

            Swings: give the bell's mass with --mass KG for watts; without it power and work are
            reported per kilogram of bell (W/kg, J/kg) and the output says so. Banded hip pulls:
            give the band as --band-stiffness N_PER_M (optionally --band-slack M: forward travel
            from the normal turnaround of the opening reps before the band pulls; negative when it
            is already stretched there) or as --band-tension N --band-stroke M (tension at lockout
            and the pull distance; the band is taken as just taut at the turnaround, k = N / M).
            Without a band, hip speed, displacement and relativeDriveIndex are reported, never
            watts. Audio gives rep times, cadence and tempo; with --mass and --float-height M it
            adds a labelled power estimate. Accelerometer-only recordings are analysed with
            reduced accuracy (stated in the output).

            Sensor placement (--placement): bell (strapped to the handle), wrist (a watch or a
            forearm strap) or hips (belt), or auto (the default): what the recording says (a
            Sensor Logger WristMotion.csv comes from a watch), else bell for swings and hips for
            hip pulls. A wrist sensor with a gyroscope reports the bell's speed and power: the
            bell's motion is inferred through a rigid lever from the wrist to the bell's centre
            of mass (its direction measured per set, its length from the hand and the bell's
            size, scaled with --mass); the output states the placement and the lever used. A
            swing recorded at the hips (--placement hips: a phone in a pocket or on the belt) is
            counted from the hip hinge, with the hips' speed and travel and no bell power (the
            bell's motion is not in the data).

            A bell sensor (--bell-sensor): handle (the default: strapped to the handle, where
            people put it) or centre (at the bell's centre of mass, e.g. inside the bell). Power
            is the bell's, that of its centre of mass, which a handle sensor does not follow: it
            sits nearer the shoulder and moves slower (mean drive power would read 10-19 % low).
            Its readings are moved to the centre of mass through a rigid lever from the handle,
            its direction measured per set (from the bell standing or hanging still, else from
            the bottom of the swing), its length --bell-sensor-offset METRES, by default from
            --mass for a cast-iron bell: 0.14 m x (mass / 16 kg)^(1/3) (0.11 m at 8 kg, 0.18 m at
            32 kg; 0.14 m without --mass). Competition bells are one size at every mass: give
            --bell-sensor-offset 0.16 for them (grip centre to the bell's centre of mass).

            Output: a readable summary (units on every number), --json (versioned, schemaVersion
            \(SessionAnalysis.currentSchemaVersion); one object per recording, an array for several;
            SI units; null where not measurable) or --csv (one row per rep).

            Examples:
              hipdrive analyze swings.csv --mass 16
              hipdrive analyze --exercise hip-pull --band-tension 250 --band-stroke 0.35 pulls.csv
              hipdrive analyze --json session.log > session.json
              hipdrive analyze --placement wrist --mass 24 watch.csv
              hipdrive analyze --mass 24 --bell-sensor-offset 0.16 competition-bell.csv
            """))

    @Argument(help: "Recordings to analyse (files, folders or zips).")
    var recordings: [String]

    @Option(help: "Exercise: swing or hip-pull.")
    var exercise: String = "swing"

    @Option(help: "Bell mass, kg (swings; and audio calibration).")
    var mass: Double?

    @Option(name: .customLong("band-stiffness"), help: "Band stiffness, N/m (hip pulls).")
    var bandStiffness: Double?

    // `.unconditional`: a pre-stretched band is a negative slack ("--band-slack -0.2"), and the
    // parser would otherwise read "-0.2" as an unknown flag and say the value is missing.
    @Option(name: .customLong("band-slack"), parsing: .unconditional, help: "With --band-stiffness: forward travel from the normal turnaround (the depth of the opening reps; with a gyroscope, of the recording's first set, for every set: one stance) before the band pulls, m (default 0; negative = already stretched). The stretch then follows the hips' position, measured back from the lockout.")
    var bandSlack: Double = 0

    @Option(name: .customLong("band-tension"), help: "Band tension at lockout, N (hip pulls; with --band-stroke).")
    var bandTension: Double?

    @Option(name: .customLong("band-stroke"), help: "Pull distance from turnaround to lockout, m (with --band-tension).")
    var bandStroke: Double?

    // `.unconditional`: a band point behind the sensor is a negative offset ("--band-offset -0.1").
    @Option(name: .customLong("band-offset"), parsing: .unconditional, help: ArgumentHelp(
        "Hip pulls: where the band pulls relative to the sensor, standing tall, m: FORWARD[,UP] (e.g. 0.2 for a sensor at the back of the belt with the band round the front). Default: at the sensor.",
        valueName: "forward[,up]"))
    var bandOffset: String?

    @Option(help: ArgumentHelp("Where the sensor was worn: bell, wrist, hips or auto (default: auto).",
                               valueName: "placement"))
    var placement: String = "auto"

    @Option(name: .customLong("bell-sensor"), help: ArgumentHelp(
        "Where a bell sensor sits on the bell: handle (strapped to the handle, the default) or centre (at the bell's centre of mass).",
        valueName: "handle|centre"))
    var bellSensor: String = "handle"

    @Option(name: .customLong("bell-sensor-offset"), help: ArgumentHelp(
        "A handle sensor's distance from the bell's centre of mass, m (default: 0.14 m x (mass/16 kg)^(1/3) for cast iron; about 0.16 for competition bells).",
        valueName: "metres"))
    var bellSensorOffset: Double?

    @Option(name: .customLong("float-height"), help: "Audio calibration: the bell's float height above its lowest point, m (with --mass).")
    var floatHeight: Double?

    @Option(name: .customLong("breakdown-threshold"), help: "Breakdown threshold, fraction of the reference mean drive power (default 0.8).")
    var breakdownThreshold: Double = 0.8

    @Option(name: .customLong("loss-thresholds"), help: "Loss thresholds to mark, percent, comma separated (default 10,20,30).")
    var lossThresholds: String = "10,20,30"

    @Flag(help: "Print JSON (one object per recording; an array for several).")
    var json = false

    @Flag(help: "Print CSV, one row per rep.")
    var csv = false

    @Option(name: [.short, .long], help: "Write the output to this file instead of standard output.")
    var output: String?

    @OptionGroup var reading: TableReadingOptions

    func validate() throws {
        guard Exercise(rawValue: exercise) != nil else {
            throw ValidationError("--exercise \(exercise): use swing or hip-pull")
        }
        if json && csv { throw ValidationError("choose one of --json and --csv") }
        if placement.lowercased() != "auto" && SensorPlacement(userText: placement) == nil {
            throw ValidationError("--placement \(placement): use bell, wrist, hips or auto")
        }
        if let mass, !(mass > 0) { throw ValidationError("--mass must be a positive number of kilograms") }
        try CommandSupport.validateBellSensor(bellSensor, offset: bellSensorOffset)
        if bandStiffness != nil && (bandTension != nil || bandStroke != nil) {
            throw ValidationError("give the band either as --band-stiffness or as --band-tension with --band-stroke, not both")
        }
        if (bandTension == nil) != (bandStroke == nil) {
            throw ValidationError("--band-tension and --band-stroke go together (tension at lockout in N, pull distance in m)")
        }
        if let k = bandStiffness, !(k > 0) { throw ValidationError("--band-stiffness must be positive (N/m)") }
        if let t = bandTension, let s = bandStroke, !(t > 0 && s > 0) {
            throw ValidationError("--band-tension and --band-stroke must be positive")
        }
        _ = try CommandSupport.parsedBandOffset(bandOffset)
        if !(breakdownThreshold > 0 && breakdownThreshold < 1) {
            throw ValidationError("--breakdown-threshold is a fraction between 0 and 1 (default 0.8)")
        }
        _ = try parsedLossThresholds()
    }

    func parsedLossThresholds() throws -> [Double] {
        let values = lossThresholds.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil && $0! > 0 && $0! < 100 }) else {
            throw ValidationError("--loss-thresholds \(lossThresholds): percentages between 0 and 100, comma separated")
        }
        return values.compactMap { $0 }
    }

    func run() async throws {
        var band: BandSpecification?
        if let k = bandStiffness { band = .stiffness(newtonsPerMetre: k, slackM: bandSlack) }
        if let t = bandTension, let s = bandStroke { band = .lockoutTension(newtons: t, strokeM: s) }
        let settings = AnalysisSettings(
            exercise: Exercise(rawValue: exercise) ?? .swing,
            load: LoadSpecification(massKg: mass, band: band, bandPointOffset: try CommandSupport.parsedBandOffset(bandOffset),
                                    audioFloatHeightM: floatHeight),
            breakdownThreshold: breakdownThreshold, lossThresholdsPct: try parsedLossThresholds(),
            placement: SensorPlacement(userText: placement),
            bellSensorMount: BellSensorMount(userText: bellSensor), bellSensorOffsetM: bellSensorOffset)
        var analyses: [SessionAnalysis] = []
        var failed = false
        for path in recordings {
            do {
                let recording = try RecordingReader.read(URL(fileURLWithPath: path), options: reading.readOptions)
                var analysis = try SessionAnalyzer.analyze(recording, settings: settings)
                analysis.input.path = path
                analyses.append(analysis)
            } catch {
                CommandSupport.printError(String(describing: error))
                failed = true
            }
        }
        try await CommandSupport.failingCleanly {
            if json {
                let encoder = CommandSupport.jsonEncoder()
                let data = analyses.count == 1 && recordings.count == 1
                    ? try encoder.encode(analyses[0]) : try encoder.encode(analyses)
                try CommandSupport.write(String(decoding: data, as: UTF8.self) + "\n", to: output)
            } else if csv {
                try CommandSupport.write(AnalysisFormatter.csv(analyses), to: output)
            } else {
                try CommandSupport.write(analyses.map(AnalysisFormatter.summary).joined(separator: "\n"), to: output)
            }
        }
        if failed { throw ExitCode.failure }
    }
}
