import Foundation

/// Everything a renderer needs for one output feed, independent of format.
public struct FeedDocument: Sendable {
    public var title: String
    public var subtitle: String?
    /// The feed's stable id IRI (Atom `<id>`).
    public var id: String
    /// Where each format of this feed is published: the self links.
    public var selfURLs: [OutputFormat: String]
    /// The site the feed is about.
    public var homeURL: String
    public var language: String?
    /// The newest entry change: a function of the entries, so unchanged data renders to identical bytes.
    public var updated: Date
    /// The zone in which dates are written.
    public var timeZone: TimeZone
    public var entries: [FeedEntry]
    /// WebSub hubs to advertise.
    public var hubs: [String] = []

    public init(
        title: String, subtitle: String?, id: String, selfURLs: [OutputFormat: String], homeURL: String,
        language: String?, updated: Date, timeZone: TimeZone, entries: [FeedEntry]
    ) {
        self.title = title
        self.subtitle = subtitle
        self.id = id
        self.selfURLs = selfURLs
        self.homeURL = homeURL
        self.language = language
        self.updated = updated
        self.timeZone = timeZone
        self.entries = entries
    }
}

/// One entry of an output feed.
public struct FeedEntry: Sendable, Equatable {
    /// `urn:uuid:…`, derived once when the item was first stored.
    public var id: String
    public var title: String
    public var link: String?
    public var published: Date?
    public var updated: Date
    public var authorName: String
    public var contentHTML: String?
    public var summary: String?
    public var categories: [String]
    public var language: String?
    public var source: EntrySource
    /// The same story as other sources reported it (the other members of the entry's group).
    public var related: [RelatedCoverage] = []

    public init(
        id: String, title: String, link: String?, published: Date?, updated: Date, authorName: String,
        contentHTML: String?, summary: String?, categories: [String], language: String?, source: EntrySource
    ) {
        self.id = id
        self.title = title
        self.link = link
        self.published = published
        self.updated = updated
        self.authorName = authorName
        self.contentHTML = contentHTML
        self.summary = summary
        self.categories = categories
        self.language = language
        self.source = source
    }
}

/// Another source's report of an entry's story.
public struct RelatedCoverage: Sendable, Equatable {
    /// `urn:uuid:…` of the member item.
    public var id: String
    public var title: String
    public var link: String?
    public var sourceTitle: String
    public var published: Date?

    public init(id: String, title: String, link: String?, sourceTitle: String, published: Date?) {
        self.id = id
        self.title = title
        self.link = link
        self.sourceTitle = sourceTitle
        self.published = published
    }
}

/// The origin of an entry, written as Atom `<source>`, RSS `<source>` and a JSON Feed extension.
public struct EntrySource: Sendable, Equatable {
    public var id: String
    public var title: String
    /// The source's own URL (its feed or page); nil when it is not an http(s) URL (a local file).
    public var url: String?
    public var siteURL: String?

    public init(id: String, title: String, url: String?, siteURL: String?) {
        self.id = id
        self.title = title
        self.url = url
        self.siteURL = siteURL
    }
}

/// The three output formats and their file extensions and media types.
public enum OutputFormat: String, Sendable, CaseIterable, Hashable {
    case rss, atom, json

    public var fileExtension: String { rawValue }

    public var mediaType: String {
        switch self {
        case .rss: return "application/rss+xml"
        case .atom: return "application/atom+xml"
        case .json: return "application/feed+json"
        }
    }
}

/// Why an output could not be rendered.
public struct RenderError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { "render failed: \(message)" }
}
