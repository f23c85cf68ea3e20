import ArgumentParser

// PLACEHOLDER: replaced by the issue that builds `hipdrive analyze`.
struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "analyze", abstract: "(not built yet)")
    func run() async throws { throw ValidationError("hipdrive analyze is not built yet") }
}
