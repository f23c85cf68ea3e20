import ArgumentParser
import Foundation
import HipDriveHistory

/// `hipdrive merge`: combine shard stores into one.
struct MergeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge history stores (e.g. from `hipdrive batch --shard K/N`) into one.",
        discussion: """
            Sessions are matched by the recording's content hash: one found in several inputs is \
            stored once, keeping the most recent analysis. Each session is copied in its own \
            transaction, so an interrupted merge can simply be run again.
            """)

    @Argument(help: ArgumentHelp("Stores to merge from.", valueName: "store.sqlite"))
    var inputs: [String]

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("give at least one store to merge from") }
    }

    func run() async throws {
        try await CommandSupport.failingCleanly {
            let target = try HistoryStore(path: storeOptions.resolvedPath)
            let targetPath = URL(fileURLWithPath: target.path).standardizedFileURL.path
            var added = 0, replaced = 0, unchanged = 0
            for input in inputs {
                guard URL(fileURLWithPath: input).standardizedFileURL.path != targetPath else {
                    CommandSupport.printStatus("hipdrive merge: skipping \(input): it is the target store")
                    continue
                }
                let source = try HistoryStore(path: input, create: false)
                let entries = try source.entries()
                for entry in entries {
                    switch try target.save(entry, replaceNewerOnly: true) {
                    case .inserted: added += 1
                    case .replaced: replaced += 1
                    case .unchanged: unchanged += 1
                    }
                }
                CommandSupport.printStatus("hipdrive merge: \(input): \(entries.count) sessions read")
            }
            let counts = try target.counts()
            print("Merged into \(target.path): \(added) sessions added, \(replaced) replaced by a newer analysis, "
                + "\(unchanged) already present. Store: \(counts.athletes) athletes, \(counts.sessions) sessions, "
                + "\(counts.sets) sets, \(counts.reps) reps.")
        }
    }
}
