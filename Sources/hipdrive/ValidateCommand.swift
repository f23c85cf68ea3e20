import ArgumentParser
import Foundation
import HipDriveValidation

/// `hipdrive validate`: the accuracy check against the simulator's ground truth.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the analysis against simulated sessions with known truth and print the accuracy table.",
        discussion: CommandSupport.reflow("""
            Simulates randomised sessions (swings and banded hip pulls; bell, wrist and hip
            sensors; with and without a gyroscope; 50–200 Hz; noise, bias, clipping ranges, gaps;
            hike, park, idle and clatter; no fatigue, steady decline or a late breakdown), writes
            each to a sensor file, reads it back through the readers, analyses it and compares
            rep counts, turnaround times (s), mean drive and peak power (%), peak speed (m/s) and
            the breakdown rep with the truth. Deterministic for a given --seed.
            """))

    @Option(help: "Number of randomised sessions.")
    var sessions: Int = 200

    @Option(help: "Seed of the session draws (the same seed gives the same table).")
    var seed: UInt64 = 1

    @Flag(help: "Analyse the simulator's ideal trace instead of writing and reading files (isolates the analysis from the readers).")
    var idealTraces = false

    @Option(help: ArgumentHelp("Only the sessions whose group contains this text, e.g. hip-pull, swing/bell/accel-only, wrist, audio (the same draws as the full run).", valueName: "text"))
    var only: String?

    @Flag(help: "Print one line per session (seed, group, counts, median errors, and per set the breakdown rep found/profile/definition, - for none).")
    var verbose = false

    @Flag(help: "Simulate every session with the simulator's one standard athlete instead of body proportions drawn per session (arm, grip, bell size, torso, hinge).")
    var standardAthlete = false

    @Option(help: ArgumentHelp("Keep every session with a miscounted set, a rep found outside the sets or a breakdown rep off the profile's in this folder (session-SEED/: the recording, truth.json and keep-command.txt, the hipdrive analyze command with its placement and load).", valueName: "folder"))
    var keepMisses: String?

    func validate() throws {
        guard sessions > 0 else { throw ValidationError("--sessions must be at least 1") }
        if keepMisses != nil, idealTraces { throw ValidationError("--keep-misses keeps recordings: it needs files (leave out --ideal-traces)") }
    }

    func run() async throws {
        try await CommandSupport.failingCleanly {
            var options = ValidationOptions(sessions: sessions, seed: seed, throughFiles: !idealTraces, onlyGroup: only,
                                            varyAthlete: !standardAthlete)
            options.keepMissesIn = keepMisses.map { URL(fileURLWithPath: $0) }
            let stop = ValidationStopRequest()
            options.stopRequest = stop
            let interrupts = StopOnInterrupt(stop, scratchFolder: options.scratchFolder)
            defer { withExtendedLifetime(interrupts) {} }
            let report: ValidationReport
            do {
                report = try Validator.run(options) { done, total in
                    if done % 20 == 0 || done == total { CommandSupport.printStatus("validate: \(done)/\(total) sessions") }
                }
            } catch let interrupted as ValidationInterrupted {
                CommandSupport.printError(interrupted.description)
                throw ExitCode(interrupts.exitStatus)
            }
            if verbose {
                for o in report.outcomes {
                    let counts = o.setCounts.map { "\($0.found)/\($0.truth)" }.joined(separator: " ")
                    let mdp = ValidationReportFormatting.median(o.meanDrivePowerErrors.map { 100 * abs($0) })
                    let signed = ValidationReportFormatting.median(o.meanDrivePowerErrors.map { 100 * $0 })
                    let work = ValidationReportFormatting.median(o.workErrors.map { 100 * $0 })
                    let speed = ValidationReportFormatting.median(o.peakSpeedErrorsMps, unit: " m/s", digits: 3)
                    let audio = o.audio.map { a in
                        " audio reps " + a.setCounts.map { "\($0.found)/\($0.truth)" }.joined(separator: " ") + " false \(a.falseReps)"
                    } ?? ""
                    // Breakdown rep per set: found/profile/definition ("-" for none).
                    let breakdowns = o.breakdownReps.isEmpty ? "" : " breakdown " + o.breakdownReps.map { b in
                        [b.found, b.profile, b.definition].map { $0.map(String.init) ?? "-" }.joined(separator: "/")
                    }.joined(separator: " ")
                    print("seed \(o.seed) \(o.group)\(o.bellMount.map { "[\($0)]" } ?? "") \(o.format) reps \(counts) false \(o.falseReps) MDP \(mdp) signed MDP \(signed) work \(work) speed \(speed)\(breakdowns)\(audio)")
                }
            }
            print(report.table())
        }
    }
}

enum ValidationReportFormatting {
    /// The median of `values` with its unit ("%" by default), "–" when there are none.
    static func median(_ values: [Double], unit: String = "%", digits: Int = 1) -> String {
        guard !values.isEmpty else { return "–" }
        let s = values.sorted()
        return String(format: "%.\(digits)f", s[s.count / 2]) + unit
    }
}
