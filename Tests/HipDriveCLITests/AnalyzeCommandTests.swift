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

    @Test func bandOptionsMustComeTogether() throws {
        let run = try CLITestSupport.run(["analyze", "--exercise", "hip-pull", "--band-tension", "200", Self.swingFile])
        #expect(run.status != 0)
        #expect(run.stderr.contains("--band-stroke"))
    }
}
