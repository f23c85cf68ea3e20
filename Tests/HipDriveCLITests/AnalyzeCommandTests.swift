import Foundation
import Testing

@Suite struct AnalyzeCommandTests {
    static var swingFile: String {
        CLITestSupport.sharedDirectory.appendingPathComponent("realdata/kettlebox/tsv_50hz_20kg-swing-both-hands-2.log").path
    }

    @Test func jsonHasTheDocumentedKeysWithNulls() throws {
        let run = try CLITestSupport.run(["analyze", "--json", "--mass", "20", Self.swingFile])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["schemaVersion"] as? Int == 1)
        let input = try #require(object["input"] as? [String: Any])
        #expect(input["quality"] is [String: Any])
        let sets = try #require(object["sets"] as? [[String: Any]])
        let first = try #require(sets.first)
        for key in ["start", "end", "reps", "fatigue"] { #expect(first[key] != nil, "set key \(key)") }
        let rep = try #require((first["reps"] as? [[String: Any]])?.first)
        for key in ["index", "start", "end", "turnaround", "apex", "peakPowerW", "meanDrivePowerW", "workJ",
                    "peakSpeedMps", "driveTimeS"] {
            #expect(rep.keys.contains(key), "rep key \(key)")
        }
        let fatigue = try #require(first["fatigue"] as? [String: Any])
        for key in ["powerLossPct", "velocityLossPct", "slopePctPerRep", "breakdownRep", "workShare", "tempoShare",
                    "smoothnessDrift"] {
            // Present even when null.
            #expect(fatigue.keys.contains(key), "fatigue key \(key)")
        }
    }

    @Test func summaryWithoutMassSaysPerKilogram() throws {
        let run = try CLITestSupport.run(["analyze", Self.swingFile])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("PER KILOGRAM"))
        #expect(run.stdout.contains("reps/min"))
        #expect(run.stdout.contains("Set 1"))
    }

    @Test func csvHasOneRowPerRep() throws {
        let run = try CLITestSupport.run(["analyze", "--csv", "--mass", "20", Self.swingFile])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("file,exercise,set,rep,start_s") == true)
        #expect(lines.count > 10)
    }

    @Test func missingFileFailsWithOneLineNamingIt() throws {
        let run = try CLITestSupport.run(["analyze", "/nonexistent/swings.csv"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("/nonexistent/swings.csv"))
    }

    /// A pre-stretched band is a negative slack; the value must not be read as a flag.
    @Test func negativeBandSlackIsAValue() throws {
        let hipPull = CLITestSupport.packageRoot.appendingPathComponent("SampleData/ben/2026-01-21-hip-pull-band/recording").path
        let run = try CLITestSupport.run(["analyze", "--exercise", "hip-pull", "--band-stiffness", "200",
                                          "--band-slack", "-0.05", "--json", hipPull])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\"schemaVersion\""))
    }

    /// A table whose header names nothing HipDrive knows: the error says to map it with
    /// --columns and --units, and analyze accepts exactly that.
    @Test func unknownHeaderIsMappedWithColumnsAndUnits() throws {
        let folder = CLITestSupport.makeTemporaryDirectory()
        let source = try String(contentsOfFile: Self.swingFile, encoding: .utf8)
        var lines = source.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        lines[0] = "c0\tc1\tc2\tc3\tc4\tc5\tc6"
        let file = folder.appendingPathComponent("logger.txt")
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let refused = try CLITestSupport.run(["analyze", file.path])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--columns"))
        let mapped = try CLITestSupport.run(["analyze", "--json", "--columns", "time=0,gx=1,gy=2,gz=3,ax=4,ay=5,az=6",
                                             "--units", "time=ms,accel=g,gyro=deg/s", file.path])
        #expect(mapped.status == 0, "\(mapped.stderr)")
        let original = try CLITestSupport.run(["analyze", "--json", Self.swingFile])
        func reps(_ text: String) throws -> Int {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            let sets = try #require(object["sets"] as? [[String: Any]])
            return sets.map { ($0["reps"] as? [Any])?.count ?? 0 }.reduce(0, +)
        }
        #expect(try reps(mapped.stdout) == reps(original.stdout))
        let badUnits = try CLITestSupport.run(["analyze", "--units", "speed=fast", file.path])
        #expect(badUnits.status != 0)
        #expect(badUnits.stderr.contains("--units"))
        // A unit of the wrong kind is refused, not applied as a scale factor (deg/s on the
        // acceleration scaled it by pi/180; an unknown time unit was ignored and guessed).
        for wrong in ["accel=deg/s", "time=g", "time=fortnights"] {
            let run = try CLITestSupport.run(["analyze", "--columns", "time=0,gx=1,gy=2,gz=3,ax=4,ay=5,az=6", "--units", wrong, file.path])
            #expect(run.status != 0, "\(wrong)")
            #expect(run.stderr.contains("--units"), "\(wrong)")
        }
    }

    @Test func bandOptionsMustComeTogether() throws {
        let run = try CLITestSupport.run(["analyze", "--exercise", "hip-pull", "--band-tension", "200", Self.swingFile])
        #expect(run.status != 0)
        #expect(run.stderr.contains("--band-stroke"))
    }
}
