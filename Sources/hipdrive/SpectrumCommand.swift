import ArgumentParser

// PLACEHOLDER: replaced by the issue that builds `hipdrive spectrum`.
struct SpectrumCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "spectrum", abstract: "(not built yet)")
    func run() async throws { throw ValidationError("hipdrive spectrum is not built yet") }
}
