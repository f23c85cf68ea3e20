import ArgumentParser

// PLACEHOLDER: replaced by the issue that builds `hipdrive validate`.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "validate", abstract: "(not built yet)")
    func run() async throws { throw ValidationError("hipdrive validate is not built yet") }
}
