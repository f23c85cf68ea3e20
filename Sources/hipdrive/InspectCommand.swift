import ArgumentParser

// PLACEHOLDER: replaced by the issue that builds `hipdrive inspect`.
struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", abstract: "(not built yet)")
    func run() async throws { throw ValidationError("hipdrive inspect is not built yet") }
}
