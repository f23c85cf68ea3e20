import Foundation
import Testing

/// `--bell-sensor` and `--bell-sensor-offset`: what the JSON's `input.bellSensor` records, the
/// summary line, and the refusals.
@Suite struct BellSensorOptionTests {
    static var swingFile: String { AnalyzeCommandTests.swingFile }

    private func input(_ arguments: [String]) throws -> [String: Any] {
        let run = try CLITestSupport.run(["analyze", "--json"] + arguments + [Self.swingFile])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        return try #require(object["input"] as? [String: Any])
    }

    @Test func defaultIsTheHandleWithALeverFromTheMass() throws {
        let bell = try #require(try input(["--mass", "20"])["bellSensor"] as? [String: Any])
        #expect(bell["mount"] as? String == "handle")
        #expect(bell["leverSource"] as? String == "bell-mass")
        // 0.14 m × (20/16)^⅓ for a cast-iron bell.
        let lever = try #require(bell["leverM"] as? Double)
        #expect(abs(lever - 0.14 * cbrt(20.0 / 16)) < 1e-6)
    }

    @Test func centreAndAGivenOffsetAreRecorded() throws {
        let centre = try #require(try input(["--mass", "20", "--bell-sensor", "centre"])["bellSensor"] as? [String: Any])
        #expect(centre["mount"] as? String == "centre" && centre["leverM"] as? Double == 0)
        let given = try #require(try input(["--mass", "20", "--bell-sensor-offset", "0.16"])["bellSensor"] as? [String: Any])
        #expect(given["leverSource"] as? String == "user" && given["leverM"] as? Double == 0.16)
    }

    @Test func summarySaysWhereTheSensorSat() throws {
        let run = try CLITestSupport.run(["analyze", "--mass", "20", Self.swingFile])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("sensor on the bell handle (moved 0.151 m to the bell's centre of mass)"), "\(run.stdout)")
    }

    @Test func badValuesAreRefused() throws {
        let mount = try CLITestSupport.run(["analyze", "--bell-sensor", "lid", Self.swingFile])
        #expect(mount.status != 0 && mount.stderr.contains("--bell-sensor lid"))
        let offset = try CLITestSupport.run(["analyze", "--bell-sensor-offset", "14", Self.swingFile])
        #expect(offset.status != 0 && offset.stderr.contains("--bell-sensor-offset"))
        let both = try CLITestSupport.run(["analyze", "--bell-sensor", "centre", "--bell-sensor-offset", "0.1", Self.swingFile])
        #expect(both.status != 0)
    }
}
