import Foundation

/// The whole of `feeds.yml`, validated, with every relative path resolved against the file's folder.
public struct FeedsmithConfig: Sendable {
    public var file: URL
    public var storage: StorageConfig
    public var output: OutputConfig
    public var defaults: DefaultsConfig
    public var sources: [SourceConfig]
    public var feeds: [FeedConfig]
    public var server = ServerConfig()
    /// WebSub hubs advertised in every output and pinged when an output changes.
    public var websubHubs: [URL] = []
    /// When items of different sources are the same story (`grouping:`).
    public var grouping = GroupingOptions()

    public init(
        file: URL, storage: StorageConfig, output: OutputConfig, defaults: DefaultsConfig,
        sources: [SourceConfig], feeds: [FeedConfig]
    ) {
        self.file = file
        self.storage = storage
        self.output = output
        self.defaults = defaults
        self.sources = sources
        self.feeds = feeds
    }

    public func source(id: String) -> SourceConfig? { sources.first { $0.id == id } }
    /// The source at `url`, compared as canonical URLs (scheme and host case, default port, fragment).
    public func source(for url: String) -> SourceConfig? {
        let key = URLCanonicalizer.key(url)
        return sources.first { URLCanonicalizer.key($0.url.absoluteString) == key }
    }
}

/// The daemon's HTTP listener.
public struct ServerConfig: Sendable, Equatable {
    public var host = "127.0.0.1"
    public var port = 8080

    public init(host: String = "127.0.0.1", port: Int = 8080) {
        self.host = host
        self.port = port
    }
}

public struct StorageConfig: Sendable {
    /// The SQLite database file.
    public var sqlitePath: URL
}

public struct OutputConfig: Sendable {
    public var directory: URL
    /// The public URL under which `directory` is served; self links and feed ids derive from it.
    public var baseURL: URL
    /// Which sources also get their own feed under `sources/` (`output.source_feeds`): by default those read as
    /// pages, whose only feed this is.
    public var sourceFeeds: SourceFeeds = .pages
}

public struct DefaultsConfig: Sendable {
    /// The zone of dates that carry none.
    public var timeZone: TimeZone
    /// Seconds between polls.
    public var interval: TimeInterval
    /// Total seconds one fetch may take, redirects and body included.
    public var timeout: TimeInterval
    /// Largest response body accepted, in bytes.
    public var maxBodySize: Int
    /// Most items taken from one source in one refresh (the newest, in document order).
    public var maxItemsPerSource: Int
    /// Sources fetched at once, in all.
    public var concurrency = 8
    /// Requests at once to one host, and connections kept open to it.
    public var perHost = Self.standardPerHost
    /// Least time between two requests to one host.
    public var hostGap: TimeInterval = 0.1

    public static let standardInterval: TimeInterval = 15 * 60
    public static let standardTimeout: TimeInterval = 20
    public static let standardMaxBodySize = 10 * 1024 * 1024
    public static let standardMaxItemsPerSource = 500
    public static let standardPerHost = 2
}

public struct SourceConfig: Sendable {
    public var id: String
    public var url: URL
    public var kind: SourceKind
    public var title: String?
    /// A folder label (from an OPML import's nested outlines); exported again as a nested outline.
    public var group: String?
    public var interval: TimeInterval
    public var timeZone: TimeZone
    /// A charset label that overrides whatever the source declares.
    public var encoding: String?
    /// Selectors pinned for an odd site; empty when extraction is automatic.
    public var rules: ExtractionRules = .none
    /// Most new article pages fetched from a list page in one refresh.
    public var maxArticles: Int = SourceConfig.standardMaxArticles
    /// What of this source is published (everything is stored).
    public var filters = FilterSet()

    public static let standardMaxArticles = 30
}

public struct FeedConfig: Sendable {
    public var id: String
    public var title: String
    public var description: String?
    /// Source ids, in configuration order; `all` is expanded here.
    public var sourceIDs: [String]
    public var groupRelated: Bool
    public var limit: Int
    /// What this feed publishes, after each source's own filters.
    public var filters = FilterSet()

    public static let standardLimit = 200
}
