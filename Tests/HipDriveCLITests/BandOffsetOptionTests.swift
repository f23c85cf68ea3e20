import Foundation
import Testing

/// `--band-offset FORWARD[,UP]` (hip pulls: where the band pulls relative to the sensor): the
/// note it leaves, that it moves the power (the band's point in front of a sensor whose pelvis
/// pitches travels differently), and the refusals.
@Suite struct BandOffsetOptionTests {
    static var hipPull: String {
        CLITestSupport.packageRoot.appendingPathComponent("SampleData/ben/2026-01-21-hip-pull-band/recording").path
    }

    private func analysis(_ extra: [String]) throws -> [String: Any] {
        let run = try CLITestSupport.run(["analyze", "--exercise", "hip-pull", "--band-stiffness", "200", "--json"]
                                         + extra + [Self.hipPull])
        #expect(run.status == 0, "\(run.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    private func medianPower(_ object: [String: Any]) -> Double {
        let sets = object["sets"] as? [[String: Any]] ?? []
        let powers = sets.flatMap { ($0["reps"] as? [[String: Any]]) ?? [] }.compactMap { $0["meanDrivePowerW"] as? Double }.sorted()
        return powers.isEmpty ? .nan : powers[powers.count / 2]
    }

    @Test func theOffsetIsNotedAndMovesThePower() throws {
        let plain = try analysis([])
        let offset = try analysis(["--band-offset", "0.15,0.05"])
        let notes = (offset["notes"] as? [String]) ?? []
        #expect(notes.contains { $0.contains("band's point, 0.15 m forward and 0.05 m up of the sensor") }, "\(notes)")
        #expect(abs(medianPower(offset) / medianPower(plain) - 1) > 0.03,
                "median mean drive power \(medianPower(offset)) W with the offset, \(medianPower(plain)) W without")
        // A band point behind the sensor is a negative forward offset, and parses as one.
        _ = try analysis(["--band-offset", "-0.1"])
    }

    @Test func badValuesAreRefused() throws {
        for bad in ["0.2,0.1,0", "two", "0.9", "0.1,-0.8"] {
            let run = try CLITestSupport.run(["analyze", "--exercise", "hip-pull", "--band-offset", bad, Self.hipPull])
            #expect(run.status != 0 && run.stderr.contains("--band-offset"), "\(bad): \(run.stderr)")
        }
    }
}
