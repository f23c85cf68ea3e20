import ArgumentParser
import HipDriveAnalysis

/// The `hipdrive` command: one subcommand per job a user does.
@main
struct HipDriveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hipdrive",
        abstract: "Hip-drive power and fatigue from kettlebell swings and banded hip pulls.",
        discussion: """
            Reads IMU tables (phones, watches, sensors) and audio recordings, finds sets \
            and reps, estimates hip-drive power per rep and the fatigue breakdown of each \
            set, and keeps a workout history with trends and reports.

            Start with `hipdrive analyze FILE --mass KG` for one recording, or \
            `hipdrive batch FOLDER` then `hipdrive trends` and `hipdrive report` for a \
            season of recordings. Every subcommand has --help.
            """,
        version: HipDriveVersion.string,
        subcommands: [
            SpectrumCommand.self,
            InspectCommand.self,
            SimulateCommand.self,
            AnalyzeCommand.self,
            ValidateCommand.self,
            BatchCommand.self,
            MergeCommand.self,
            TrendsCommand.self,
            ReportCommand.self,
        ]
    )
}
