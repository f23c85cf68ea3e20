import ArgumentParser

// PLACEHOLDER: replaced by the issue that builds `hipdrive simulate`.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "simulate", abstract: "(not built yet)")
    func run() async throws { throw ValidationError("hipdrive simulate is not built yet") }
}
