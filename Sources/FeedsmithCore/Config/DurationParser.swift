import Foundation

/// Reads the human forms operators write for durations and sizes in `feeds.yml`.
public enum DurationParser {
    /// `90s`, `15m`, `1h30m`, `2d`, `500ms`. Returns seconds, or nil when the text is not a duration.
    public static func seconds(_ text: String) -> TimeInterval? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400), ("w", 604_800)]
        var total = 0.0
        var rest = Substring(text.trimmedWhitespace())
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !digits.isEmpty, let value = Double(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            guard let unit = units.first(where: { rest.hasPrefix($0.0) }) else { return nil }
            rest = rest.dropFirst(unit.0.count)
            total += value * unit.1
        }
        return total
    }

    /// `10MiB`, `512KiB`, `2MB`, `1000000`. Returns bytes.
    public static func bytes(_ text: String) -> Int? {
        let trimmed = text.trimmedWhitespace()
        let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let value = Int(digits) else { return nil }
        let unit = trimmed.dropFirst(digits.count).trimmedWhitespace().lowercased()
        let factors: [String: Int] = [
            "": 1, "b": 1, "k": 1024, "kb": 1000, "kib": 1024, "m": 1 << 20, "mb": 1_000_000, "mib": 1 << 20,
            "g": 1 << 30, "gb": 1_000_000_000, "gib": 1 << 30,
        ]
        guard let factor = factors[unit] else { return nil }
        let (product, overflow) = value.multipliedReportingOverflow(by: factor)
        return overflow ? nil : product
    }
}
