import Foundation
import Testing

/// End-to-end tests of `hipdrive spectrum`, run as a user would run it.
@Suite struct SpectrumCommandTests {
    /// scipy's results stored by the DSP tests (Tests/HipDriveDSPTests/Fixtures).
    struct Fixture: Decodable {
        struct WelchCase: Decodable { var window: String; var nperseg: Int; var frequencies: [Double]; var power: [Double] }
        var sample_rate: Double
        var signal: [Double]
        var welch: [WelchCase]
    }

    static func fixture() throws -> Fixture {
        let url = CLITestSupport.packageRoot.appendingPathComponent("Tests/HipDriveDSPTests/Fixtures/scipy_spectral.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    /// Parses `frequency_hz,power` CSV.
    static func parseTwoColumns(_ text: String) -> (header: String, first: [Double], second: [Double]) {
        let lines = text.split(separator: "\n")
        var first: [Double] = [], second: [Double] = []
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",")
            first.append(Double(fields[0]) ?? .nan)
            second.append(Double(fields[1]) ?? .nan)
        }
        return (String(lines.first ?? ""), first, second)
    }

    /// The largest relative difference where the expected power is above 1e-12 of its peak.
    static func relativeDifference(_ actual: [Double], _ expected: [Double]) -> Double {
        let peak = expected.max() ?? 0
        return zip(actual, expected).filter { $0.1 > 1e-12 * peak }.map { abs($0.0 - $0.1) / $0.1 }.max() ?? .infinity
    }

    /// A mono 32-bit float WAV (format tag 3).
    static func floatWAV(_ samples: [Float], sampleRate: Int) -> Data {
        var data = Data()
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        data.append(contentsOf: Array("RIFF".utf8)); append(UInt32(36 + 4 * samples.count))
        data.append(contentsOf: Array("WAVEfmt ".utf8)); append(UInt32(16))
        append(UInt16(3)); append(UInt16(1)); append(UInt32(sampleRate)); append(UInt32(4 * sampleRate))
        append(UInt16(4)); append(UInt16(32))
        data.append(contentsOf: Array("data".utf8)); append(UInt32(4 * samples.count))
        for sample in samples { append(sample.bitPattern) }
        return data
    }

    @Test func csvColumnWelchMatchesScipy() throws {
        let fixture = try Self.fixture()
        let folder = CLITestSupport.makeTemporaryDirectory()
        var csv = "time_s,value\n"
        for (index, value) in fixture.signal.enumerated() { csv += "\(Double(index) / fixture.sample_rate),\(value)\n" }
        try csv.write(to: folder.appendingPathComponent("signal.csv"), atomically: true, encoding: .utf8)

        let expected = fixture.welch[0]  // hann, nperseg 256, default overlap, constant detrend
        #expect(expected.window == "hann" && expected.nperseg == 256)
        let run = try CLITestSupport.run(["spectrum", "signal.csv", "--column", "value"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let parsed = Self.parseTwoColumns(run.stdout)
        #expect(parsed.header == "frequency_hz,power")
        #expect(parsed.first.count == expected.frequencies.count)
        #expect(zip(parsed.first, expected.frequencies).allSatisfy { abs($0 - $1) < 1e-9 })
        #expect(Self.relativeDifference(parsed.second, expected.power) < 1e-6)
    }

    @Test func wavAndCSVOfTheSameSamplesGiveTheSameSpectrumInBothFormats() throws {
        let fixture = try Self.fixture()
        let folder = CLITestSupport.makeTemporaryDirectory()
        // Samples a Float holds exactly, so the WAV and the CSV carry identical values.
        let samples = fixture.signal.map { Float($0 / 8) }
        try Self.floatWAV(samples, sampleRate: 100).write(to: folder.appendingPathComponent("signal.wav"))
        let csv = "value\n" + samples.map { "\(Double($0))" }.joined(separator: "\n") + "\n"
        try csv.write(to: folder.appendingPathComponent("signal.csv"), atomically: true, encoding: .utf8)

        let options = ["--segment-length", "200", "--overlap", "50", "--window", "hamming", "--detrend", "linear"]
        let fromWAV = try CLITestSupport.run(["spectrum", "signal.wav"] + options, in: folder)
        let fromCSV = try CLITestSupport.run(["spectrum", "signal.csv", "--sample-rate", "100"] + options, in: folder)
        #expect(fromWAV.status == 0 && fromCSV.status == 0, "\(fromWAV.stderr) \(fromCSV.stderr)")
        let wav = Self.parseTwoColumns(fromWAV.stdout), table = Self.parseTwoColumns(fromCSV.stdout)
        #expect(wav.first.count == 101)
        #expect(Self.relativeDifference(wav.second, table.second) < 1e-12)

        // The same spectrum as .npy: a (101, 2) float64 array after a 64-byte-aligned header.
        let npy = try CLITestSupport.run(["spectrum", "signal.wav", "-o", "psd.npy"] + options, in: folder)
        #expect(npy.status == 0, "\(npy.stderr)")
        let data = try Data(contentsOf: folder.appendingPathComponent("psd.npy"))
        #expect(data.prefix(6) == Data([0x93] + Array("NUMPY".utf8)))
        let headerLength = Int(data[8]) | Int(data[9]) << 8
        let header = String(decoding: data[10..<(10 + headerLength)], as: UTF8.self)
        #expect(header.contains("'shape': (101, 2)") && header.contains("'<f8'"))
        #expect((10 + headerLength) % 64 == 0)
        #expect(data.count == 10 + headerLength + 101 * 2 * 8)
        let values = data[(10 + headerLength)...].withUnsafeBytes { raw in
            (0..<(101 * 2)).map { Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * $0, as: UInt64.self))) }
        }
        let power = stride(from: 1, to: values.count, by: 2).map { values[$0] }
        #expect(Self.relativeDifference(power, table.second) < 1e-12)
    }

    @Test func spectrogramRowsHaveTimeFrequencyAndPower() throws {
        let folder = CLITestSupport.makeTemporaryDirectory()
        let csv = "t,x\n" + (0..<1000).map { "\(Double($0) / 50),\(sin(Double($0)))" }.joined(separator: "\n") + "\n"
        try csv.write(to: folder.appendingPathComponent("a.csv"), atomically: true, encoding: .utf8)
        let run = try CLITestSupport.run(["spectrum", "a.csv", "--method", "spectrogram", "--segment-length", "100", "--hop", "50"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.first == "time_s,frequency_hz,power")
        // 19 segments × 51 frequencies; the first segment is centred at 50 samples = 1 s.
        #expect(lines.count == 1 + 19 * 51)
        #expect(lines[1].hasPrefix("1.0,0.0,"))
    }

    @Test func missingAndCorruptInputsFailWithOneLineNamingTheFile() throws {
        let folder = CLITestSupport.makeTemporaryDirectory()
        let missing = try CLITestSupport.run(["spectrum", "nowhere.wav"], in: folder)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("nowhere.wav"))
        #expect(missing.stderr.split(separator: "\n").count == 1)

        try Data("RIFF\u{4}\0\0\0WAVEgarbage that is not audio".utf8).write(to: folder.appendingPathComponent("broken.wav"))
        let corrupt = try CLITestSupport.run(["spectrum", "broken.wav"], in: folder)
        #expect(corrupt.status != 0)
        #expect(corrupt.stderr.contains("broken.wav"))
        #expect(corrupt.stderr.split(separator: "\n").count == 1)

        try "time,x\n0,1\n0.01,oops\n".write(to: folder.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
        let badCell = try CLITestSupport.run(["spectrum", "bad.csv", "--column", "x"], in: folder)
        #expect(badCell.status != 0)
        #expect(badCell.stderr.contains("bad.csv:3:"))
    }
}
