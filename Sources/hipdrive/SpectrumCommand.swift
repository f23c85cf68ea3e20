import ArgumentParser
import Foundation
import HipDriveAudio
import HipDriveDSP

/// `hipdrive spectrum FILE`: a Welch PSD or a spectrogram of an audio file or of one column of a
/// CSV table, written as CSV or NumPy `.npy`.
struct SpectrumCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spectrum",
        abstract: "Welch power spectral density or spectrogram of an audio file or a CSV column.",
        discussion: """
            Audio: any file libsndfile reads (WAV, FLAC, Ogg, AIFF, CAF, MP3), mixed to mono, read \
            block by block. Tables: .csv/.tsv/.txt with a header row; pick the column with \
            --column and give the rate with --sample-rate, or let it come from a time column \
            (seconds; irregular times are resampled onto a uniform grid at their median rate).

            Welch (default) matches scipy.signal.welch with the same settings: one-sided \
            density in units²/Hz (audio: full scale = 1), segments detrended, windowed, \
            transformed and averaged. The spectrogram matches scipy.signal.spectrogram \
            (mode 'psd'); its defaults are scipy's (Tukey 0.25 window, hop = 7/8 segment).

            Output: CSV `frequency_hz,power` (Welch), `time_s,frequency_hz,power` (spectrogram, \
            long) or `time_s,<f0>,<f1>,…` (--wide); or --format npy: a float64 array of the same \
            columns (wide spectrogram: first row NaN then the frequencies, first column times).

            Example: hipdrive spectrum session.wav --segment-length 4096 -o psd.csv
            """)

    enum Method: String, ExpressibleByArgument, CaseIterable {
        case welch, spectrogram
    }

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case csv, npy
    }

    @Argument(help: "Audio file or CSV table.")
    var file: String

    @Option(help: "welch (averaged PSD) or spectrogram (PSD per segment).")
    var method: Method = .welch

    @Option(help: "Window: hann, hamming, blackman, blackmanharris, rectangular, tukey:ALPHA, kaiser:BETA, gaussian:SIGMA (default: hann for welch, tukey:0.25 for spectrogram).")
    var window: String?

    @Option(name: .customLong("segment-length"), help: "Samples per segment (scipy's nperseg); shortened to the signal if longer.")
    var segmentLength: Int = 256

    @Option(help: "Welch: samples shared by consecutive segments (default: half a segment).")
    var overlap: Int?

    @Option(help: "Spectrogram: samples between segment starts (default: segment length − segment length/8).")
    var hop: Int?

    @Option(name: .customLong("fft-length"), help: "Transform length ≥ segment length; zero-padded (default: the segment length).")
    var fftLength: Int?

    @Option(help: "Per-segment detrend: constant, linear or none.")
    var detrend: String = "constant"

    @Option(help: "density (units²/Hz) or spectrum (units²).")
    var scaling: String = "density"

    @Option(help: "CSV: the column to analyse, by header name or 0-based index.")
    var column: String?

    @Option(name: .customLong("time-column"), help: "CSV: time column in seconds, by name or 0-based index (default: a column named like 'time', 't' or 'seconds').")
    var timeColumn: String?

    @Option(name: .customLong("sample-rate"), help: "CSV: sample rate in Hz (overrides the time column).")
    var sampleRate: Double?

    @Option(help: "csv or npy (default: npy when the output name ends in .npy, else csv).")
    var format: OutputFormat?

    @Flag(help: "Spectrogram CSV/npy in wide form: one row per time, one column per frequency.")
    var wide = false

    @Option(name: [.short, .customLong("output")], help: "Output file (default: standard output).")
    var output: String?

    func validate() throws {
        guard segmentLength >= 1 else { throw ValidationError("--segment-length must be at least 1") }
        if let overlap, overlap < 0 || overlap >= segmentLength {
            throw ValidationError("--overlap must be in 0..<segment length (\(segmentLength))")
        }
        if let hop, hop < 1 { throw ValidationError("--hop must be at least 1") }
        if let fftLength, fftLength < segmentLength {
            throw ValidationError("--fft-length must be at least the segment length (\(segmentLength))")
        }
        if let sampleRate, !(sampleRate > 0 && sampleRate.isFinite) { throw ValidationError("--sample-rate must be a positive number of Hz") }
        guard Detrend(rawValue: detrend) != nil else { throw ValidationError("--detrend must be constant, linear or none") }
        guard SpectralScaling(rawValue: scaling) != nil else { throw ValidationError("--scaling must be density or spectrum") }
        if let window {
            do { _ = try WindowFunction(parsing: window) } catch { throw ValidationError(error.description) }
        }
        if method == .welch && hop != nil { throw ValidationError("--hop is for --method spectrogram; Welch takes --overlap") }
        if method == .spectrogram && overlap != nil { throw ValidationError("--overlap is for --method welch; the spectrogram takes --hop") }
        if wide && method == .welch { throw ValidationError("--wide applies to --method spectrogram") }
    }

    func run() async throws {
        try await CommandSupport.failingCleanly {
            let outputFormat = format ?? (output?.lowercased().hasSuffix(".npy") == true ? .npy : .csv)
            if outputFormat == .npy && (output == nil || output == "-") && isatty(STDOUT_FILENO) != 0 {
                throw ValidationError("refusing to write binary .npy to a terminal; give -o FILE.npy")
            }
            let source = try SpectrumSource.open(path: file, column: column, timeColumn: timeColumn, sampleRate: sampleRate)
            let sink = try SpectrumSink(path: output)
            switch method {
            case .welch:
                try runWelch(source, sink: sink, format: outputFormat)
            case .spectrogram:
                try runSpectrogram(source, sink: sink, format: outputFormat)
            }
            try sink.close()
        }
    }

    private func parsedWindow(default fallback: WindowFunction) -> WindowFunction {
        // validate() has parsed it already.
        window.flatMap { try? WindowFunction(parsing: $0) } ?? fallback
    }

    private func runWelch(_ source: SpectrumSource, sink: SpectrumSink, format: OutputFormat) throws {
        // As scipy: a segment longer than the signal is shortened to it.
        let length = min(segmentLength, source.sampleCount)
        let shortened = length < segmentLength
        let options = WelchOptions(
            window: parsedWindow(default: .hann), segmentLength: length,
            overlap: shortened ? length / 2 : overlap, fftLength: fftLength,
            detrend: Detrend(rawValue: detrend) ?? .constant, scaling: SpectralScaling(rawValue: scaling) ?? .density)
        if shortened {
            CommandSupport.printStatus("note: \(file) has \(source.sampleCount) samples; segment length shortened to \(length)")
        }
        let estimator = WelchEstimator(sampleRate: source.sampleRate, options: options)
        try source.forEachBlock { block in
            switch block {
            case .single(let samples): estimator.process(samples)
            case .double(let samples): estimator.process(samples)
            }
        }
        let psd: PowerSpectrum
        do { psd = try estimator.result() } catch { throw SpectrumInputError(path: file, message: error.description) }
        switch format {
        case .csv:
            try sink.write("frequency_hz,power\n")
            for (frequency, power) in zip(psd.frequencies, psd.power) { try sink.write("\(frequency),\(power)\n") }
        case .npy:
            try sink.writeNpyHeader(rows: psd.frequencies.count, columns: 2)
            for (frequency, power) in zip(psd.frequencies, psd.power) { try sink.writeDoubles([frequency, power]) }
        }
    }

    private func runSpectrogram(_ source: SpectrumSource, sink: SpectrumSink, format: OutputFormat) throws {
        let length = min(segmentLength, source.sampleCount)
        if length < segmentLength {
            CommandSupport.printStatus("note: \(file) has \(source.sampleCount) samples; segment length shortened to \(length)")
        }
        let options = SpectrogramOptions(
            window: parsedWindow(default: .tukey(alpha: 0.25)), segmentLength: length, hop: hop,
            fftLength: fftLength.map { max($0, length) },
            detrend: Detrend(rawValue: detrend) ?? .constant, scaling: SpectralScaling(rawValue: scaling) ?? .density)
        let estimator = SpectrogramEstimator(sampleRate: source.sampleRate, options: options)
        let frequencies = estimator.frequencies
        let segments = (source.sampleCount - length) / options.hop + 1
        switch (format, wide) {
        case (.csv, false):
            try sink.write("time_s,frequency_hz,power\n")
        case (.csv, true):
            try sink.write("time_s," + frequencies.map { "\($0)" }.joined(separator: ",") + "\n")
        case (.npy, false):
            try sink.writeNpyHeader(rows: segments * frequencies.count, columns: 3)
        case (.npy, true):
            try sink.writeNpyHeader(rows: segments + 1, columns: frequencies.count + 1)
            try sink.writeDoubles([.nan] + frequencies)
        }
        let handleRow: (Double, UnsafeBufferPointer<Double>) throws -> Void = { time, row in
            switch (format, wide) {
            case (.csv, false):
                var text = ""
                for (frequency, power) in zip(frequencies, row) { text += "\(time),\(frequency),\(power)\n" }
                try sink.write(text)
            case (.csv, true):
                try sink.write("\(time)," + row.map { "\($0)" }.joined(separator: ",") + "\n")
            case (.npy, false):
                var values: [Double] = []
                values.reserveCapacity(3 * row.count)
                for (frequency, power) in zip(frequencies, row) { values += [time, frequency, power] }
                try sink.writeDoubles(values)
            case (.npy, true):
                try sink.writeDoubles([time] + Array(row))
            }
        }
        try source.forEachBlock { block in
            switch block {
            case .single(let samples): try estimator.process(samples, handleRow)
            case .double(let samples): try estimator.process(samples, handleRow)
            }
        }
        if estimator.segmentCount != segments {
            throw SpectrumInputError(path: file, message: "expected \(segments) segments but read \(estimator.segmentCount); the file changed or is damaged")
        }
    }
}

/// A user-caused problem with the spectrum's input, naming the file.
struct SpectrumInputError: Error, CustomStringConvertible {
    var path: String
    var line: Int?
    var message: String

    init(path: String, line: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    var description: String { line.map { "\(path):\($0): \(message)" } ?? "\(path): \(message)" }
}

/// A block of samples from the input, in the precision it was read.
enum SampleBlock {
    case single(UnsafeBufferPointer<Float>)
    case double(UnsafeBufferPointer<Double>)
}

/// The signal to analyse: an audio file streamed block by block, or one table column in memory.
enum SpectrumSource {
    case audio(AudioFileReader)
    case table(values: [Double], sampleRate: Double)

    var sampleRate: Double {
        switch self {
        case .audio(let reader): return reader.info.sampleRate
        case .table(_, let rate): return rate
        }
    }

    var sampleCount: Int {
        switch self {
        case .audio(let reader): return reader.info.frames
        case .table(let values, _): return values.count
        }
    }

    func forEachBlock(_ body: (SampleBlock) throws -> Void) throws {
        switch self {
        case .audio(let reader):
            try reader.forEachMonoBlock(frames: 65_536) { try body(.single($0)) }
        case .table(let values, _):
            try values.withUnsafeBufferPointer { try body(.double($0)) }
        }
    }

    static let tableExtensions: Set<String> = ["csv", "tsv", "txt", "tab"]

    static func open(path: String, column: String?, timeColumn: String?, sampleRate: Double?) throws -> SpectrumSource {
        let url = URL(fileURLWithPath: path)
        if tableExtensions.contains(url.pathExtension.lowercased()) {
            let table = try SimpleTable.read(path: path)
            return try tableColumn(table, column: column, timeColumn: timeColumn, sampleRate: sampleRate)
        }
        if column != nil || timeColumn != nil {
            throw SpectrumInputError(path: path, message: "--column and --time-column apply to tables (.csv, .tsv, .txt); this looks like audio")
        }
        let reader = try AudioFileReader(url: url)
        if let sampleRate, sampleRate != reader.info.sampleRate {
            throw SpectrumInputError(path: path, message: "--sample-rate \(sampleRate) differs from the file's own \(reader.info.sampleRate) Hz; leave it out for audio")
        }
        return .audio(reader)
    }

    private static func tableColumn(_ table: SimpleTable, column: String?, timeColumn: String?,
                                    sampleRate: Double?) throws -> SpectrumSource {
        let path = table.path
        let timeIndex: Int?
        if let timeColumn {
            timeIndex = try table.columnIndex(timeColumn)
        } else {
            timeIndex = table.header.firstIndex { name in
                let lowered = name.lowercased()
                return lowered == "t" || lowered.hasPrefix("time") || lowered.hasPrefix("seconds") || lowered == "elapsed (s)"
            }
        }
        let valueIndex: Int
        if let column {
            valueIndex = try table.columnIndex(column)
        } else {
            let candidates = table.header.indices.filter { $0 != timeIndex }
            guard candidates.count == 1 else {
                throw SpectrumInputError(path: path, message: "choose a column with --column; found: " + table.header.joined(separator: ", "))
            }
            valueIndex = candidates[0]
        }
        let values = try table.numbers(in: valueIndex)
        guard !values.isEmpty else { throw SpectrumInputError(path: path, message: "no data rows") }
        if let sampleRate { return .table(values: values, sampleRate: sampleRate) }
        guard let timeIndex else {
            throw SpectrumInputError(path: path, message: "no time column found; give --sample-rate HZ or --time-column NAME")
        }
        let times = try table.numbers(in: timeIndex)
        // Resample when the times are irregular (jitter above 1 % of the median interval).
        do {
            let intervals = zip(times.dropFirst(), times).map { $0 - $1 }.sorted()
            guard let median = intervals.isEmpty ? nil : intervals[intervals.count / 2], median > 0 else {
                throw SpectrumInputError(path: path, message: "time column '\(table.header[timeIndex])' does not increase; give --sample-rate HZ")
            }
            let regular = intervals.first.map { $0 >= 0.99 * median } == true && intervals.last.map { $0 <= 1.01 * median } == true
            if regular {
                // The mean interval over the whole span: free of the rounding of single steps.
                return .table(values: values, sampleRate: Double(times.count - 1) / (times[times.count - 1] - times[0]))
            }
            let rate = 1 / median
            let series = try resampleUniformly(times: times, values: values, sampleRate: rate, antiAliasing: false)
            CommandSupport.printStatus("note: \(path): irregular times; resampled to \(rate) Hz (\(series.count) samples)")
            return .table(values: series.channels[0], sampleRate: rate)
        } catch let error as ResamplingError {
            throw SpectrumInputError(path: path, message: "time column '\(table.header[timeIndex])': \(error.description)")
        }
    }
}

/// A small local CSV reader for the spectrum command: a header row, then numbers. Comma,
/// semicolon or tab separated (from the header), optional quotes, a UTF-8 byte-order mark,
/// CRLF, and decimal commas in semicolon files. The full IMU readers live in HipDriveRecordings.
struct SimpleTable {
    var path: String
    var header: [String]
    /// Data rows as text fields, with their 1-based line numbers.
    var rows: [(line: Int, fields: [Substring])]
    var separator: Character

    static func read(path: String) throws -> SimpleTable {
        guard FileManager.default.fileExists(atPath: path) else {
            throw SpectrumInputError(path: path, message: "no such file; check the path")
        }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw SpectrumInputError(path: path, message: "cannot read: \(error.localizedDescription)")
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw SpectrumInputError(path: path, message: "not UTF-8 text; is it a table?")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }.enumerated()
            .map { (line: $0.offset + 1, text: $0.element.hasSuffix("\r") ? $0.element.dropLast() : $0.element) }
        lines.removeAll { $0.text.trimmingCharacters(in: .whitespaces).isEmpty }
        guard let headerLine = lines.first else { throw SpectrumInputError(path: path, message: "the file is empty") }
        let separator: Character = headerLine.text.contains("\t") ? "\t" : headerLine.text.contains(";") ? ";" : ","
        func fields(_ line: Substring) -> [Substring] {
            line.split(separator: separator, omittingEmptySubsequences: false).map { field in
                var trimmed = field.drop { $0 == " " }
                while trimmed.last == " " { trimmed = trimmed.dropLast() }
                if trimmed.count >= 2 && trimmed.first == "\"" && trimmed.last == "\"" { trimmed = trimmed.dropFirst().dropLast() }
                return trimmed
            }
        }
        let header = fields(headerLine.text).map(String.init)
        return SimpleTable(path: path, header: header, rows: lines.dropFirst().map { ($0.line, fields($0.text)) },
                           separator: separator)
    }

    /// A column by header name (case-insensitive) or 0-based index.
    func columnIndex(_ name: String) throws -> Int {
        if let index = header.firstIndex(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) { return index }
        if let index = Int(name), header.indices.contains(index) { return index }
        throw SpectrumInputError(path: path, message: "no column '\(name)'; found: " + header.joined(separator: ", "))
    }

    /// The column's values; a missing or non-numeric cell is an error naming its line and column.
    func numbers(in column: Int) throws -> [Double] {
        var values: [Double] = []
        values.reserveCapacity(rows.count)
        for row in rows {
            guard column < row.fields.count else {
                throw SpectrumInputError(path: path, line: row.line, message: "row has \(row.fields.count) fields, no column '\(header[column])' (column \(column + 1))")
            }
            var field = row.fields[column]
            var replaced: String?
            if separator == ";" && field.contains(",") { replaced = field.replacingOccurrences(of: ",", with: ".") }
            if let replaced { field = Substring(replaced) }
            guard let value = Double(field), value.isFinite else {
                throw SpectrumInputError(path: path, line: row.line, message: "'\(row.fields[column])' in column '\(header[column])' (column \(column + 1)) is not a number")
            }
            values.append(value)
        }
        return values
    }
}

/// Buffered output to a file or standard output, text or raw little-endian float64 (.npy).
final class SpectrumSink {
    private let handle: FileHandle
    private let path: String?
    private var buffer = Data()

    init(path: String?) throws {
        if let path, path != "-" {
            guard FileManager.default.createFile(atPath: path, contents: nil),
                  let handle = FileHandle(forWritingAtPath: path) else {
                throw SpectrumInputError(path: path, message: "cannot create the output file; check the folder exists and is writable")
            }
            self.handle = handle
            self.path = path
        } else {
            handle = FileHandle.standardOutput
            self.path = nil
        }
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Appends float64 values, little-endian (the .npy body).
    func writeDoubles(_ values: [Double]) throws {
        for value in values {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { buffer.append(contentsOf: $0) }
        }
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// NumPy format 1.0 header for a C-order float64 array of shape (rows, columns).
    func writeNpyHeader(rows: Int, columns: Int) throws {
        var dictionary = "{'descr': '<f8', 'fortran_order': False, 'shape': (\(rows), \(columns)), }"
        // Magic (6) + version (2) + length (2) + header, padded with spaces to a multiple of 64,
        // ending in a newline.
        let unpadded = 10 + dictionary.utf8.count + 1
        dictionary += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var header = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(dictionary.utf8.count)
        header.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        header.append(contentsOf: dictionary.utf8)
        buffer.append(header)
    }

    private func flush() throws {
        do { try handle.write(contentsOf: buffer) } catch {
            throw SpectrumInputError(path: path ?? "standard output", message: "cannot write: \(error.localizedDescription)")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush()
        if path != nil { try? handle.close() }
    }
}
