import Foundation

/// What a parser needs besides the bytes: where they came from, and the zone of zone-less dates.
public struct ParseContext: Sendable {
    /// The document's URL, against which relative links resolve.
    public var baseURL: String?
    public var timeZone: TimeZone
    /// The fetch time: dates more than a day after it are clamped to it.
    public var now: Date
    /// Most items read from one document (the first ones, newest in feed order); the rest are not even
    /// normalized, so a feed of 100,000 items costs what one of this many does.
    public var maxItems: Int

    public init(baseURL: String?, timeZone: TimeZone, now: Date = Date(), maxItems: Int = 100_000) {
        self.baseURL = baseURL
        self.timeZone = timeZone
        self.now = now
        self.maxItems = maxItems
    }
}

/// Why a document could not be read as a feed.
public enum FeedParseError: Error, Sendable, CustomStringConvertible, Equatable {
    case empty
    case notAFeed(root: String)
    case invalidJSON(String)
    case unreadable(String)

    public var description: String {
        switch self {
        case .empty: return "the document is empty"
        case let .notAFeed(root): return "the document is not a feed (root element <\(root)>); set `kind: page` if it is a web page"
        case let .invalidJSON(detail): return "invalid JSON Feed: \(detail)"
        case let .unreadable(detail): return "the document could not be parsed: \(detail)"
        }
    }
}
