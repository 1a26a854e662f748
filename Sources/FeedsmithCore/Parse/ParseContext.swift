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

    /// The context for a document's items once the feed has named its site (channel link, alternate link or home
    /// page). A document read from a local file has no public URL: links relative to it would become `file:` URLs,
    /// which outputs leave out, so its items' links resolve against that site instead, as Miniflux resolves them.
    /// A document fetched over HTTP keeps its own URL as the base, as RFC 3986 has it.
    /// The base URL in effect at `node`: its xml:base, which libxml2 resolves down to the document's own URL. Once
    /// a local file's items resolve against its site, a base that is still the file's gives way to the site.
    func base(of node: XMLNode) -> String? {
        guard let base = node.base else { return baseURL }
        if base.lowercased().hasPrefix("file:"), let baseURL, !baseURL.lowercased().hasPrefix("file:") { return baseURL }
        return base
    }

    func resolvingLocalDocument(against siteURL: String?) -> ParseContext {
        guard let baseURL, baseURL.lowercased().hasPrefix("file:"), let siteURL, FeedValidator.isHTTPURL(siteURL) else { return self }
        var context = self
        context.baseURL = siteURL
        return context
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
