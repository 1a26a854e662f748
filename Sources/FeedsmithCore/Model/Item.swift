import Foundation

/// One article as every stage after parsing sees it, whether it came from a feed or a page.
///
/// The feed parsers and the page extractor both produce this value; nothing downstream asks
/// where an item came from except through these fields.
public struct Item: Sendable, Hashable, Codable {
    /// The source's own identifier for the item (RSS `guid`, Atom `id`, JSON Feed `id`).
    public var guid: String?
    /// The article's absolute URL.
    public var url: String?
    /// Plain text, one line.
    public var title: String
    /// A person's name, not an e-mail address when a name is known.
    public var author: String?
    public var published: Date?
    public var updated: Date?
    /// Sanitized HTML with absolute URLs.
    public var contentHTML: String?
    /// Plain text.
    public var summary: String?
    public var categories: [String]
    /// A BCP 47 tag when the source states one.
    public var language: String?
    /// Links the article itself lists as related (a 相关新闻 box): other stories, shown as "Related" and
    /// never used to merge stories.
    public var related: [ListedLink]

    public init(
        guid: String? = nil, url: String? = nil, title: String, author: String? = nil,
        published: Date? = nil, updated: Date? = nil, contentHTML: String? = nil,
        summary: String? = nil, categories: [String] = [], language: String? = nil,
        related: [ListedLink] = []
    ) {
        self.guid = guid
        self.url = url
        self.title = title
        self.author = author
        self.published = published
        self.updated = updated
        self.contentHTML = contentHTML
        self.summary = summary
        self.categories = categories
        self.language = language
        self.related = related
    }
}
