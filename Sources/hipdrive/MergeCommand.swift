import ArgumentParser

// PLACEHOLDER: replaced by the issue that builds `hipdrive merge`.
struct MergeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "merge", abstract: "(not built yet)")
    func run() async throws { throw ValidationError("hipdrive merge is not built yet") }
}
