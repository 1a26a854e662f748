/// Which sources get a feed of their own under `sources/` (`output.source_feeds`), beside the configured feeds.
public enum SourceFeeds: String, Sendable, CaseIterable {
    /// Every source.
    case all
    /// Sources read as pages: `kind: page`, or `kind: auto` whose last successful refresh found a list or an
    /// article page. There the file is the only feed the site has; a feed source's copy would republish what the
    /// source already publishes, at three rendered and validated files per changed source — more CPU than the rest
    /// of a refresh when thousands of feeds change at once.
    case pages
    /// None: items are published only through `feeds`.
    case none

    /// Whether `source` gets its own feed. `readAsPage` says what its last successful refresh found (false when it
    /// has never been read); it matters only for `kind: auto`.
    public func publishes(_ source: SourceConfig, readAsPage: Bool) -> Bool {
        switch self {
        case .all: true
        case .none: false
        case .pages:
            switch source.kind {
            case .page: true
            case .feed: false
            case .auto: readAsPage
            }
        }
    }

    /// What `check-config` and the benchmark print about it.
    public var summary: String {
        switch self {
        case .all: "each source's own feed under sources/ (output.source_feeds: all)"
        case .pages: "own feeds under sources/ for sources read as pages (output.source_feeds: pages)"
        case .none: "no per-source feeds (output.source_feeds: none)"
        }
    }
}
