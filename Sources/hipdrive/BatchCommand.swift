import ArgumentParser

// PLACEHOLDER: replaced by the issue that builds `hipdrive batch`.
struct BatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "batch", abstract: "(not built yet)")
    func run() async throws { throw ValidationError("hipdrive batch is not built yet") }
}
