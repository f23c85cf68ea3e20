import ArgumentParser

// PLACEHOLDER: replaced by the issue that builds `hipdrive report`.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "(not built yet)")
    func run() async throws { throw ValidationError("hipdrive report is not built yet") }
}
