import Foundation
import Testing
@testable import HipDriveSimulator

/// SampleData/manifest.csv names recordings that exist, each with its truth beside it, and the
/// truth agrees with the manifest's exercise and mass.
@Test func sampleDataManifestMatchesTheFiles() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("SampleData")
    let manifest = try String(contentsOf: root.appendingPathComponent("manifest.csv"), encoding: .utf8)
    let lines = manifest.split(separator: "\n").map(String.init)
    #expect(lines.first == "path,athlete,date,exercise,mass_kg,band,placement")
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    var athletes = Set<String>()
    for line in lines.dropFirst() {
        let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        try #require(fields.count == 7, "\(line)")
        let recording = root.appendingPathComponent(fields[0])
        #expect(FileManager.default.fileExists(atPath: recording.path), "\(fields[0]) is missing")
        let truthURL = recording.deletingLastPathComponent().appendingPathComponent("truth.json")
        let truth = try decoder.decode(SimulationTruth.self, from: Data(contentsOf: truthURL))
        #expect(truth.exercise == fields[3])
        if let mass = Double(fields[4]) { #expect(truth.massKg == mass) } else { #expect(truth.massKg == nil) }
        #expect(ISO8601DateFormatter().string(from: truth.startDate).hasPrefix(fields[2]))
        athletes.insert(fields[1])
    }
    #expect(athletes.count >= 2)
}
