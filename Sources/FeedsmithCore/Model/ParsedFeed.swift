import Foundation

/// What a feed parser read from one document.
public struct ParsedFeed: Sendable {
    public enum Format: String, Sendable {
        case rss090 = "rss0.90"
        case rss2 = "rss2.0"
        case rss1 = "rss1.0"
        case atom10 = "atom1.0"
        case atom03 = "atom0.3"
        case jsonFeed = "jsonfeed"
    }

    public var format: Format
    public var title: String?
    /// The site the feed describes (RSS channel `link`, Atom alternate link).
    public var siteURL: String?
    public var language: String?
    /// RSS `<ttl>` in minutes.
    public var ttlMinutes: Int?
    /// RSS `<skipHours>` (0–23 GMT) and `<skipDays>` (0 = Sunday).
    public var skipHours: Set<Int> = []
    public var skipDays: Set<Int> = []
    public var items: [Item]
    /// True when the document was not well-formed and libxml2's recover mode had to repair it.
    public var recovered: Bool
    /// What the recovery repaired, for the source status.
    public var recoveryNotes: [String]

    public init(
        format: Format, title: String? = nil, siteURL: String? = nil, language: String? = nil,
        ttlMinutes: Int? = nil, items: [Item] = [], recovered: Bool = false, recoveryNotes: [String] = []
    ) {
        self.format = format
        self.title = title
        self.siteURL = siteURL
        self.language = language
        self.ttlMinutes = ttlMinutes
        self.items = items
        self.recovered = recovered
        self.recoveryNotes = recoveryNotes
    }
}
