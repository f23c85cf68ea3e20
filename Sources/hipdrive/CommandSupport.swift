import ArgumentParser
import Foundation

/// Shared habits of every subcommand: errors go to standard error as one line that names the
/// file and says what to do, and the exit status is non-zero.
enum CommandSupport {
    /// Joins the lines of each paragraph of a `--help` discussion into one line, so that the
    /// argument parser wraps it to the terminal instead of keeping the source's line breaks.
    /// Blank lines separate paragraphs; lines that start with a space or "-" (examples, lists)
    /// keep their own line.
    static func reflow(_ text: String) -> String {
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let startsOwnLine = line.isEmpty || line.hasPrefix(" ") || line.hasPrefix("-")
            if !startsOwnLine, let last = lines.last, !last.isEmpty, !last.hasPrefix(" ") {
                lines[lines.count - 1] = last + " " + line
            } else {
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Writes `message` to standard error, one line, prefixed with "hipdrive: ".
    static func printError(_ message: String) {
        let line = "hipdrive: " + message.replacingOccurrences(of: "\n", with: " ") + "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Writes a progress or status line to standard error (keeps standard output machine-clean).
    static func printStatus(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// JSON encoder used for every `--json` output: sorted keys, ISO-8601 dates, readable.
    static func jsonEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    /// Writes `text` to `path`, or to standard output when `path` is nil or "-".
    static func write(_ text: String, to path: String?) throws {
        if let path, path != "-" {
            do {
                try text.write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                throw ValidationError("cannot write \(path): \(error.localizedDescription)")
            }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    /// Runs `body`, turning any thrown error into one line on standard error and exit status 1.
    static func failingCleanly(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as ValidationError {
            throw error
        } catch let error as ExitCode {
            throw error
        } catch {
            printError(String(describing: error))
            throw ExitCode.failure
        }
    }
}
