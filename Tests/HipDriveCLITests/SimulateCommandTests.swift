import Foundation
import Testing

/// End-to-end runs of `hipdrive simulate` as a user would type them.
struct SimulateCommandTests {
    private func truth(at url: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: url)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func writesTheRecordingAndItsTruth() throws {
        let directory = CLITestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try CLITestSupport.run(["simulate", "--out", "out", "--reps", "5", "--seed", "3", "--idle", "2"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("set 1:"))
        let csv = try String(contentsOf: directory.appendingPathComponent("out/session.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("time,gFx,gFy,gFz,TgF\n"))
        let json = try truth(at: directory.appendingPathComponent("out/truth.json"))
        let sets = try #require(json["sets"] as? [[String: Any]])
        let reps = try #require(sets.first?["reps"] as? [[String: Any]])
        #expect(reps.count == 5)
        for key in ["index", "start", "end", "turnaround", "apex", "peakPowerW", "meanDrivePowerW", "workJ", "peakSpeedMps", "driveTimeS"] {
            #expect(reps[0][key] != nil, "rep key \(key)")
        }
    }

    @Test func theSameSeedWritesTheSameFiles() throws {
        let directory = CLITestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for out in ["a", "b"] {
            let run = try CLITestSupport.run(["simulate", "--out", out, "--reps", "4", "--seed", "99", "--format", "kettlebox,wav",
                                              "--idle", "1", "--gaps", "1"], in: directory)
            #expect(run.status == 0, "\(run.stderr)")
        }
        for file in ["session-kettlebox.csv", "session-wav.wav", "truth.json"] {
            let a = try Data(contentsOf: directory.appendingPathComponent("a/\(file)"))
            let b = try Data(contentsOf: directory.appendingPathComponent("b/\(file)"))
            #expect(a == b, "\(file) differs between runs with the same seed")
        }
    }

    @Test func hipPullWithBandGivenAsLockoutTension() throws {
        let directory = CLITestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try CLITestSupport.run(["simulate", "--out", ".", "--exercise", "hip-pull", "--band-tension", "120",
                                          "--band-stroke", "0.35", "--reps", "4", "--format", "phyphox", "--json"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(json["exercise"] as? String == "hip-pull")
        #expect(json["placement"] as? String == "hips")
        let band = try #require(json["band"] as? [String: Any])
        #expect(abs((band["stiffnessNPerM"] as? Double ?? 0) - 120 / 0.35) < 1e-6)
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("session/Accelerometer.csv").path))
    }

    @Test func badOptionsFailWithOneLine() throws {
        let cases: [[String]] = [
            ["simulate", "--out", "x", "--format", "excel"],
            ["simulate", "--out", "x", "--reps", "0"],
            ["simulate", "--out", "x", "--fatigue", "breakdown", "--breakdown-rep", "20", "--reps", "10"],
            ["simulate", "--out", "x", "--band-tension", "100"],
            ["simulate", "--out", "x", "--no-gyro", "--format", "kettlebox"],
        ]
        for arguments in cases {
            let run = try CLITestSupport.run(arguments)
            #expect(run.status != 0, "\(arguments) should fail")
            #expect(!run.stderr.isEmpty && run.stderr.trimmingCharacters(in: .newlines).split(separator: "\n").count <= 3,
                    "\(arguments): \(run.stderr)")
        }
    }

    @Test func printConfigRoundTripsThroughConfig() throws {
        let directory = CLITestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let printed = try CLITestSupport.run(["simulate", "--out", ".", "--reps", "3", "--style", "american", "--print-config"], in: directory)
        #expect(printed.status == 0)
        try printed.stdout.write(to: directory.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
        let run = try CLITestSupport.run(["simulate", "--out", "o", "--config", "config.json", "--json"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\"style\" : \"american\""))
    }
}
