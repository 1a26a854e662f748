import Foundation

/// The filters of a source or an output feed. Filters decide what is published, not what is stored, so
/// changing them takes effect at the next publication without fetching anything again.
public struct FilterSet: Sendable, CustomStringConvertible {
    /// When not empty, an item must match at least one.
    public var include: [FilterRule] = []
    /// An item matching any is dropped.
    public var exclude: [FilterRule] = []
    /// Items published (or first seen) longer ago are dropped.
    public var maxAge: TimeInterval?
    /// Items whose content text is shorter (in characters) are dropped.
    public var minLength: Int?

    public init() {}

    public var isEmpty: Bool { include.isEmpty && exclude.isEmpty && maxAge == nil && minLength == nil }

    /// nil to keep the item, else the name of the rule that drops it (as `feedctl status` shows it).
    public func dropReason(_ stored: StoredItem, now: Date) -> String? {
        if let maxAge, stored.sortDate < now.addingTimeInterval(-maxAge) { return "max_age \(DurationFormatting.text(maxAge))" }
        var fields = FilterFields(stored.item)
        if let minLength, fields.text.count < minLength { return "min_length \(minLength)" }
        for rule in exclude where rule.matches(&fields) { return "exclude \(rule)" }
        if !include.isEmpty {
            var matched = false
            for rule in include where rule.matches(&fields) {
                matched = true
                break
            }
            if !matched { return "include (no rule matched)" }
        }
        return nil
    }

    /// The names ``dropReason(_:now:)`` gives, one per rule.
    public var ruleNames: [String] {
        var names = exclude.map { "exclude \($0)" }
        if !include.isEmpty { names.append("include (no rule matched)") }
        if let maxAge { names.append("max_age \(DurationFormatting.text(maxAge))") }
        if let minLength { names.append("min_length \(minLength)") }
        return names
    }

    public var description: String {
        var parts = include.map { "include \($0)" } + exclude.map { "exclude \($0)" }
        if let maxAge { parts.append("max_age \(DurationFormatting.text(maxAge))") }
        if let minLength { parts.append("min_length \(minLength)") }
        return parts.joined(separator: "; ")
    }
}

/// How many items each rule dropped in one publication of a source's or a feed's output.
public struct FilterCount: Sendable, Equatable, Codable {
    /// `source:<id>` or `feed:<id>`.
    public var scope: String
    public var rule: String
    public var dropped: Int
    /// Items the filters looked at.
    public var checked: Int

    public init(scope: String, rule: String, dropped: Int, checked: Int) {
        self.scope = scope
        self.rule = rule
        self.dropped = dropped
        self.checked = checked
    }
}

enum DurationFormatting {
    static func text(_ seconds: TimeInterval) -> String {
        let value = Int(seconds)
        if value % 86_400 == 0 { return "\(value / 86_400)d" }
        if value % 3600 == 0 { return "\(value / 3600)h" }
        if value % 60 == 0 { return "\(value / 60)m" }
        return "\(value)s"
    }
}
