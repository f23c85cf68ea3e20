import ArgumentParser
import HipDriveAnalysis

extension CommandSupport {
    /// Largest band-point offset from the sensor a belt or a band handle allows, m (the depth of
    /// the pelvis front to back is some 0.2–0.3 m).
    static let largestBandOffsetM = 0.4

    /// `--band-offset FORWARD[,UP]` (analyze, batch): where the band pulls relative to the
    /// sensor, metres, standing tall; nil when not given.
    static func parsedBandOffset(_ text: String?) throws -> BandPointOffset? {
        guard let text else { return nil }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard (1...2).contains(parts.count), parts.allSatisfy({ $0 != nil }),
              let forward = parts[0], let up = parts.count > 1 ? parts[1] : 0,
              abs(forward) <= largestBandOffsetM, abs(up) <= largestBandOffsetM else {
            throw ValidationError("--band-offset \(text): give FORWARD[,UP] in metres from the sensor to where the band pulls, "
                                  + "standing tall, each within ±\(largestBandOffsetM) (e.g. 0.2 for a sensor at the back "
                                  + "of the belt with the band round the front)")
        }
        return BandPointOffset(forwardM: forward, upM: up)
    }
}
