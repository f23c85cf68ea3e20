import Foundation
import Testing
@testable import HipDriveRecordings
import HipDriveTestSupport

/// Random bytes, truncated and mutated real files fed to the table readers: every case must end
/// in a trace or a `RecordingError`, never a trap or a hang.
///
/// The suite runs `HIPDRIVE_FUZZ_CASES` cases (default 20 000, a few seconds); the longer run is
/// `Tests/HipDriveRecordingsTests/fuzz.sh` (a million cases).
@Suite struct FuzzTests {
    static var caseCount: Int {
        ProcessInfo.processInfo.environment["HIPDRIVE_FUZZ_CASES"].flatMap(Int.init) ?? 20_000
    }

    /// Seed corpus: the heads of the fixtures and of the real recordings (a few KB each).
    static func corpus() -> [Data] {
        var seeds: [Data] = []
        let names = ["physics_toolbox.csv", "imu_semicolon.csv", "imu_tab.log", "sensorlog.csv", "headerless.csv",
                     "phyphox/Accelerometer.csv", "sensorlogger/Gyroscope.csv", "metawear/fixture_Accelerometer_50.000Hz_1.4.4.csv"]
        for name in names {
            if let data = try? Data(contentsOf: TestPaths.fixture(name)) { seeds.append(data.prefix(400)) }
        }
        if let files = try? FileManager.default.contentsOfDirectory(at: TestPaths.kettlebox, includingPropertiesForKeys: nil) {
            for file in files.sorted(by: { $0.path < $1.path }) where file.pathExtension != "" && file.lastPathComponent != "LICENSE" {
                if let data = try? Data(contentsOf: file) { seeds.append(data.prefix(400)) }
            }
        }
        return seeds
    }

    /// xorshift64*: reproducible from the seed printed on failure.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12; state ^= state << 25; state ^= state >> 27
            return state &* 2_685_821_657_736_338_717
        }
    }

    static func mutate(_ seed: Data, _ random: inout Generator) -> Data {
        var bytes = [UInt8](seed)
        let interesting: [UInt8] = Array(",;\t\n\r\"-.eE0123456789 naNINF:T+Z".utf8) + [0, 0xEF, 0xBB, 0xBF, 0xFF]
        switch random.next() % 6 {
        case 0:                                                     // truncate
            bytes = Array(bytes.prefix(Int(random.next() % UInt64(bytes.count + 1))))
        case 1:                                                     // flip bytes
            for _ in 0..<(1 + random.next() % 8) where !bytes.isEmpty {
                bytes[Int(random.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: random.next())
            }
        case 2:                                                     // insert syntax characters
            for _ in 0..<(1 + random.next() % 8) {
                let at = Int(random.next() % UInt64(bytes.count + 1))
                bytes.insert(interesting[Int(random.next() % UInt64(interesting.count))], at: at)
            }
        case 3:                                                     // delete a range
            if !bytes.isEmpty {
                let start = Int(random.next() % UInt64(bytes.count))
                let length = Int(random.next() % 64)
                bytes.removeSubrange(start..<min(bytes.count, start + length))
            }
        case 4:                                                     // duplicate a range (repeated rows)
            if !bytes.isEmpty {
                let start = Int(random.next() % UInt64(bytes.count))
                let end = min(bytes.count, start + Int(random.next() % 200))
                bytes.insert(contentsOf: bytes[start..<end], at: Int(random.next() % UInt64(bytes.count + 1)))
            }
        default:                                                    // pure random bytes
            bytes = (0..<Int(random.next() % 512)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        }
        return Data(bytes)
    }

    @Test func readersSurviveRandomTruncatedAndMutatedInput() {
        let seeds = Self.corpus()
        #expect(!seeds.isEmpty)
        let seed = UInt64(ProcessInfo.processInfo.environment["HIPDRIVE_FUZZ_SEED"].flatMap(UInt64.init) ?? 0x9E37_79B9_7F4A_7C15)
        var random = Generator(state: seed)
        var read = 0, rejected = 0
        let source = URL(fileURLWithPath: "/fuzz/case.csv")
        for _ in 0..<Self.caseCount {
            let input = Self.mutate(seeds[Int(random.next() % UInt64(seeds.count))], &random)
            do throws(RecordingError) {
                // Every case is parsed and cleaned; every 200th also goes through resampling and
                // orientation (the expensive, input-independent part) to keep the suite fast.
                if (read + rejected) % 200 == 0 {
                    let recording = try RecordingReader.readTable(input, source: source)
                    if let trace = recording.motion {
                        // Whatever was read is a valid trace.
                        #expect(trace.count > 0 && trace.sampleRate > 0)
                        #expect(trace.orientation.count == trace.count)
                    }
                } else {
                    var reader = TableReader(displayName: source.path, options: ReadOptions())
                    let stream = try reader.read(input)
                    _ = try StreamCleaner.clean(TraceAssembler.reclassified(stream))
                }
                read += 1
            } catch {
                #expect(!error.description.isEmpty)
                rejected += 1
            }
        }
        #expect(read + rejected == Self.caseCount)
        #expect(read > 0 && rejected > 0)
    }
}

/// Mutated zips (ZIPFoundation) and audio files (libsndfile) through the whole reader: errors,
/// never traps. Fewer cases than the table fuzz: each goes through a temporary file.
@Suite struct ContainerFuzzTests {
    static var caseCount: Int {
        ProcessInfo.processInfo.environment["HIPDRIVE_FUZZ_CONTAINER_CASES"].flatMap(Int.init) ?? 300
    }

    @Test(arguments: ["phyphox.zip", "sensorlogger.zip", "audio"])
    func containersSurviveMutation(seedName: String) throws {
        let seed: Data
        let fileName: String
        if seedName == "audio" {
            var samples = [Double](repeating: 0, count: 4000)
            for n in samples.indices { samples[n] = 0.3 * sin(Double(n) * 0.05) }
            seed = try Data(contentsOf: AudioTraceTests.writeWAV(samples, rate: 8000, channels: 1))
            fileName = "mutated.wav"
        } else {
            seed = try Data(contentsOf: TestPaths.fixture(seedName))
            fileName = "mutated.zip"
        }
        var random = FuzzTests.Generator(state: 0xC0FFEE ^ UInt64(seedName.utf8.count))
        let folder = TestScratch.root.appendingPathComponent("hipdrive-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent(fileName)
        var outcomes = 0
        for _ in 0..<Self.caseCount {
            var bytes = [UInt8](seed)
            // Keep the magic bytes most of the time so the container parser itself is exercised.
            switch random.next() % 3 {
            case 0:
                bytes = Array(bytes.prefix(Int(random.next() % UInt64(bytes.count + 1))))
            default:
                for _ in 0..<(1 + random.next() % 16) where bytes.count > 4 {
                    bytes[4 + Int(random.next() % UInt64(bytes.count - 4))] = UInt8(truncatingIfNeeded: random.next())
                }
            }
            try Data(bytes).write(to: url)
            do {
                _ = try RecordingReader.read(url)
            } catch {
                #expect(!String(describing: error).isEmpty)
            }
            outcomes += 1
        }
        #expect(outcomes == Self.caseCount)
    }
}
