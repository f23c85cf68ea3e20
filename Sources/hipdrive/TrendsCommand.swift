import ArgumentParser

// PLACEHOLDER: replaced by the issue that builds `hipdrive trends`.
struct TrendsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "trends", abstract: "(not built yet)")
    func run() async throws { throw ValidationError("hipdrive trends is not built yet") }
}
