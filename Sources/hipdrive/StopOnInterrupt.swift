import Dispatch
import Foundation
import HipDriveValidation

/// Stops `validate` cleanly on Ctrl-C, `kill` or a closed terminal. `defer` blocks do not run
/// when a signal ends the process, so a run stopped mid-way used to leave its
/// `hipdrive-validate-…` folder in the temporary folder.
///
/// The signal goes to a dispatch source instead of its default action. Its handler asks the run
/// to stop before its next session (the run then removes its folder and throws
/// `ValidationInterrupted`); removing the folder from the handler straight away would pull it from
/// under a session being written and read. If the run has not stopped within `grace` (a session
/// takes well under a second), the handler removes the folder itself and ends the process with
/// the signal's default action.
final class StopOnInterrupt {
    private static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    private static let grace: DispatchTimeInterval = .seconds(10)
    private var sources: [DispatchSourceSignal] = []
    private let received = ReceivedSignal()

    /// The exit status the shell gives a process ended by the signal received (128 + its number:
    /// 130 for Ctrl-C, 143 for `kill`), 130 if none was.
    var exitStatus: Int32 { 128 + (received.number ?? SIGINT) }

    init(_ request: ValidationStopRequest, scratchFolder: URL) {
        for number in Self.signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [received] in
                received.record(number)
                request.request()
                DispatchQueue.global().asyncAfter(deadline: .now() + Self.grace) {
                    try? FileManager.default.removeItem(at: scratchFolder)
                    signal(number, SIG_DFL)
                    raise(number)
                }
            }
            source.resume()
            sources.append(source)
        }
    }

    deinit {
        for source in sources { source.cancel() }
        for number in Self.signals { signal(number, SIG_DFL) }
    }
}

/// The first signal received, written on the signal source's queue and read by the command.
private final class ReceivedSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var first: Int32?

    func record(_ number: Int32) { lock.withLock { if first == nil { first = number } } }

    var number: Int32? { lock.withLock { first } }
}
