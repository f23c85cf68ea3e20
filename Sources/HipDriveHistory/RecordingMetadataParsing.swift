import Foundation
import HipDriveAnalysis

/// Parsing of the metadata users write in manifests, flags and file names.
public enum MetadataParsing {
    /// Exercise names accepted anywhere (manifest, flag, file name), case-insensitive.
    public static func exercise(_ text: String) -> Exercise? {
        switch text.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "swing", "swings", "kb-swing", "kettlebell-swing", "russian-swing", "american-swing": return .swing
        case "hip-pull", "hippull", "hip-pulls", "banded-hip-pull", "pull-through", "band-pull-through": return .hipPull
        default: return nil
        }
    }

    /// A date as `2026-03-02`, `2026-03-02T07:15[:00][Z|±hh:mm]`, `2026-03-02 07:15` or
    /// `20260302`; dates without a zone are taken as UTC.
    public static func date(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let iso = ISO8601DateFormatter()
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds]] {
            iso.formatOptions = options
            if let d = iso.date(from: trimmed) { return d }
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        for format in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss",
                       "yyyy-MM-dd HH:mm", "yyyy-MM-dd", "yyyyMMdd"] {
            formatter.dateFormat = format
            if let d = formatter.date(from: trimmed), trimmed.count == formatter.string(from: d).count {
                return d
            }
        }
        return nil
    }

    /// A bell mass: `24`, `24kg`, `24 kg`, `16.5kg`, `53lb` (converted to kg).
    public static func massKg(_ text: String) -> Double? {
        var t = text.lowercased().replacingOccurrences(of: " ", with: "")
        var factor = 1.0
        if t.hasSuffix("kg") { t.removeLast(2) } else if t.hasSuffix("lbs") { t.removeLast(3); factor = 0.45359237 } else if t.hasSuffix("lb") { t.removeLast(2); factor = 0.45359237 }
        guard let v = Double(t.replacingOccurrences(of: ",", with: ".")), v > 0, v.isFinite else { return nil }
        return v * factor
    }

    /// A band as users write it:
    /// - stiffness: `k=300N/m`, `300N/m`, `k=300`, optionally with slack: `k=300N/m,slack=0.2m`
    ///   or `300N/m@0.2m`;
    /// - tension at lockout with the stroke: `150N@0.45m`, `tension=150N,stroke=0.45m`, and
    ///   `15kgf@0.45m` / `34lbf@0.45m` (kilogram- and pound-force).
    public static func band(_ text: String) -> BandSpecification? {
        let t = text.lowercased().replacingOccurrences(of: " ", with: "")
            .replacingOccurrences(of: ";", with: ",")
        guard !t.isEmpty else { return nil }
        func number(_ s: Substring, units: [(String, Double)]) -> Double? {
            var s = String(s)
            var factor = 1.0
            for (unit, f) in units where s.hasSuffix(unit) { s.removeLast(unit.count); factor = f; break }
            guard let v = Double(s), v.isFinite, v >= 0 else { return nil }
            return v * factor
        }
        let forceUnits: [(String, Double)] = [("kgf", 9.80665), ("lbf", 4.4482216152605), ("n", 1)]
        let lengthUnits: [(String, Double)] = [("cm", 0.01), ("mm", 0.001), ("m", 1)]
        // key=value pairs
        if t.contains("=") {
            var values: [String: Substring] = [:]
            for part in t.split(separator: ",") {
                let kv = part.split(separator: "=", maxSplits: 1)
                guard kv.count == 2 else { return nil }
                values[String(kv[0])] = kv[1]
            }
            if let k = values["k"] ?? values["stiffness"] {
                guard let stiffness = number(Substring(k.replacingOccurrences(of: "n/m", with: "")), units: []) else { return nil }
                let slack = values["slack"].flatMap { number($0, units: lengthUnits) } ?? 0
                return .stiffness(newtonsPerMetre: stiffness, slackM: slack)
            }
            if let tension = values["tension"] ?? values["lockout"], let stroke = values["stroke"] {
                guard let n = number(tension, units: forceUnits), let s = number(stroke, units: lengthUnits) else { return nil }
                return .lockoutTension(newtons: n, strokeM: s)
            }
            return nil
        }
        let parts = t.split(separator: "@", maxSplits: 1)
        let head = parts[0]
        let tail = parts.count > 1 ? parts[1] : nil
        if head.hasSuffix("n/m") {
            guard let k = number(head.dropLast(3), units: []) else { return nil }
            let slack = tail.flatMap { number($0, units: lengthUnits) } ?? 0
            return .stiffness(newtonsPerMetre: k, slackM: slack)
        }
        if let tail, let n = number(head, units: forceUnits), let s = number(tail, units: lengthUnits),
           head.hasSuffix("n") || head.hasSuffix("kgf") || head.hasSuffix("lbf") {
            return .lockoutTension(newtons: n, strokeM: s)
        }
        return nil
    }

    /// Sensor placements recognised in file names.
    static let placements: Set<String> = ["handle", "bell", "wrist", "watch", "belt", "hip", "hips", "waist", "pocket"]
}

/// What a file's path says about it, under the naming convention:
///
///     <root>/<athlete>/<date>_<exercise>_<load>[_<placement>][_anything].<ext>
///     <root>/<athlete>/<date>-<exercise>-<load>[-...]/recording.<ext>   (a folder per session)
///
/// Tokens are recognised wherever they appear in the file name or the folder names below the
/// athlete's, separated by `_` or `-`: a date (`2026-03-02` or `20260302`), an exercise
/// (`swing`, `hip-pull`), a mass (`24kg`, `53lb`), a band (`band-300N-m`, i.e. `band-` + the band
/// with `/` written as `-`, or `band-150N@0.45m`; only with `_` separators), a placement
/// (`handle`, `bell`, `wrist`, `belt`, `hips`, ...). The athlete is the first folder below the root
/// the batch was given (files directly in the root have none). The file name wins over folders.
public struct PathMetadata: Sendable, Equatable {
    public var athlete: String?
    public var date: Date?
    public var exercise: Exercise?
    public var massKg: Double?
    public var band: String?
    public var placement: String?

    public init(athlete: String? = nil, date: Date? = nil, exercise: Exercise? = nil, massKg: Double? = nil,
                band: String? = nil, placement: String? = nil) {
        self.athlete = athlete; self.date = date; self.exercise = exercise
        self.massKg = massKg; self.band = band; self.placement = placement
    }

    /// - Parameter relativePath: the recording's path relative to the root the batch was given.
    public init(relativePath: String) {
        let components = relativePath.split(separator: "/").map(String.init)
        guard let fileName = components.last else { self.init(); return }
        let folders = components.dropLast()
        self.init(athlete: folders.count >= 1 ? folders.first : nil)
        // Folders below the athlete's first, then the file name, so that the file name wins.
        for name in folders.dropFirst() + [(fileName as NSString).deletingPathExtension] {
            absorb(name)
        }
    }

    /// First match of an ICU pattern (NSRegularExpression: Swift's Regex has no lookbehind).
    private static func firstMatch(_ pattern: String, in text: String) -> String? {
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let range = Range(match.range, in: text) else { return nil }
        return String(text[range])
    }

    private mutating func absorb(_ name: String) {
        let lower = name.lowercased()
        if let text = Self.firstMatch(#"(?<![0-9])[0-9]{4}-[0-9]{2}-[0-9]{2}(?![0-9])"#, in: lower)
            ?? Self.firstMatch(#"(?<![0-9])(19|20)[0-9]{6}(?![0-9])"#, in: lower),
           let d = MetadataParsing.date(text) {
            date = d
        }
        if lower.contains("hip-pull") || lower.contains("hippull") || lower.contains("hip_pull") || lower.contains("pull-through") {
            exercise = .hipPull
        } else if lower.contains("swing") {
            exercise = .swing
        }
        if let text = Self.firstMatch(#"(?<![0-9.])[0-9]+(\.[0-9]+)?(kg|lb)(?![a-z])"#, in: lower),
           let kg = MetadataParsing.massKg(text) { massKg = kg }
        for token in name.split(separator: "_").map(String.init) where token.lowercased().hasPrefix("band-") {
            let spec = String(token.dropFirst(5)).replacingOccurrences(of: "N-m", with: "N/m")
                .replacingOccurrences(of: "n-m", with: "N/m")
            if MetadataParsing.band(spec) != nil { band = spec }
        }
        for token in lower.split(whereSeparator: { $0 == "_" || $0 == "-" || $0 == " " }) where MetadataParsing.placements.contains(String(token)) {
            placement = String(token)
        }
    }
}
