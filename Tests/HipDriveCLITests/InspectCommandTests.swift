import Foundation
import Testing

/// `hipdrive inspect` end to end: the built tool on fixtures and real recordings.
@Suite struct InspectCommandTests {
    static var fixtures: URL {
        CLITestSupport.packageRoot.appendingPathComponent("Tests/HipDriveRecordingsTests/Fixtures")
    }

    @Test func inspectsARealRecording() throws {
        let file = CLITestSupport.sharedDirectory.appendingPathComponent("realdata/kettlebox/tsv_50hz_20kg-swing-both-hands-1.log")
        let run = try CLITestSupport.run(["inspect", file.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("IMU logger (tab, millisecond counter)"))
        #expect(run.stdout.contains("Gx (deg/s)") && run.stdout.contains("Ax (g)"))
        #expect(run.stdout.contains("sensor-fusion"))
        #expect(run.stdout.contains("gap(s)"))
    }

    @Test func jsonOutputIsOneDocument() throws {
        let run = try CLITestSupport.run(["inspect", "--json", Self.fixtures.appendingPathComponent("phyphox.zip").path,
                                          Self.fixtures.appendingPathComponent("physics_toolbox.csv").path])
        #expect(run.status == 0, "\(run.stderr)")
        let parsed = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]]
        let reports = try #require(parsed)
        #expect(reports.count == 2)
        #expect(reports[0]["format"] as? String == "phyphox")
        #expect(reports[0]["orientationMethod"] as? String == "sensor-fusion")
        #expect(reports[1]["orientationMethod"] as? String == "accelerometer-only")
        let quality = try #require(reports[1]["quality"] as? [String: Any])
        #expect((quality["effectiveSampleRateHz"] as? Double ?? 0) > 99)
    }

    @Test func badFileFailsWithOneLineAndTheOthersAreStillInspected() throws {
        let folder = CLITestSupport.makeTemporaryDirectory()
        let bad = folder.appendingPathComponent("empty.csv")
        try Data().write(to: bad)
        let good = Self.fixtures.appendingPathComponent("imu_tab.log")
        let run = try CLITestSupport.run(["inspect", bad.path, good.path])
        #expect(run.status != 0)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains(bad.path) == true)
        #expect(lines.first?.contains("empty") == true)
        #expect(run.stdout.contains("imu_tab.log"))
    }

    @Test func tableErrorsNameLineAndColumn() throws {
        let folder = CLITestSupport.makeTemporaryDirectory()
        let file = folder.appendingPathComponent("words.csv")
        try Data("time,ax,ay,az\nnoon,0,0,1\n".utf8).write(to: file)
        let run = try CLITestSupport.run(["inspect", file.path])
        #expect(run.status != 0)
        #expect(run.stderr.contains("line 2, column 1"))
    }

    @Test func columnMapAndUnitsFlags() throws {
        let file = Self.fixtures.appendingPathComponent("headerless.csv")
        let refused = try CLITestSupport.run(["inspect", file.path])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--columns time=0,ax=1"))
        let run = try CLITestSupport.run(["inspect", "--columns", "time=0,ax=1,ay=2,az=3", "--units", "time=ms,accel=g", file.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("generic table"))
        #expect(run.stdout.contains("accelerometer-only"))
    }

    @Test func helpDescribesUnits() throws {
        let run = try CLITestSupport.run(["inspect", "--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("--json") && run.stdout.contains("deg/s"))
    }
}
