import Foundation

/// What the page extractor found on one page.
public enum ExtractedPage: Sendable {
    case article(ExtractedArticle)
    case list(ExtractedList)
}

/// One article page, ready to become an ``Item``.
public struct ExtractedArticle: Sendable, Equatable {
    public var url: String
    public var title: String
    public var author: String?
    public var published: Date?
    /// Where the date came from (`json-ld`, `meta`, `time`, `dateline`, `url`, `list`), for `feedctl extract`.
    public var dateSource: String?
    /// Sanitized HTML with absolute URLs.
    public var contentHTML: String
    /// Plain text, one paragraph per line.
    public var text: String
    public var language: String?
    /// Links the page lists as related coverage (a 相关新闻 box): kept apart from the content.
    public var related: [ListedLink]
    /// Text problems found and what was done: ruby annotations removed, mojibake repaired or left.
    public var notes: [String]
    /// True when damaged text could not be repaired: the source status shows it.
    public var flagged: Bool

    public func item() -> Item {
        Item(
            guid: nil, url: url, title: title, author: author, published: published, updated: nil,
            contentHTML: contentHTML.isEmpty ? nil : contentHTML, summary: nil, categories: [], language: language,
            related: related)
    }
}

/// A list page: links to articles with the dates printed beside them.
public struct ExtractedList: Sendable, Equatable {
    public var url: String
    public var title: String?
    public var links: [ListedLink]
}

public struct ListedLink: Sendable, Hashable, Codable {
    public var url: String
    public var title: String
    public var date: Date?

    public init(url: String, title: String, date: Date?) {
        self.url = url
        self.title = title
        self.date = date
    }
}
