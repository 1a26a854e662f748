import FeedsmithCore
import Foundation

/// What one refresh of a source produced, whether it was a feed or pages.
struct SourceContent {
    /// `feed:rss2.0`, `article`, `list`: shown in the source status.
    var kind: String
    var title: String?
    var siteURL: String?
    var items: [Item]
    var recovered: Bool
    var notes: [String]
    var encoding: String
    var replacedBytes: Int

    init(feed: ParsedFeed, decoded: DecodedDocument) {
        kind = "feed:\(feed.format.rawValue)"
        title = feed.title
        siteURL = feed.siteURL
        items = feed.items
        recovered = feed.recovered
        notes = feed.recoveryNotes
        encoding = decoded.encoding
        replacedBytes = decoded.replacedBytes
    }

    init(kind: String, title: String?, siteURL: String?, items: [Item], notes: [String], decoded: DecodedDocument) {
        self.kind = kind
        self.title = title
        self.siteURL = siteURL
        self.items = items
        recovered = false
        self.notes = notes
        encoding = decoded.encoding
        replacedBytes = decoded.replacedBytes
    }
}
