import FeedsmithCore
import Foundation

/// What the store remembers about a source between refreshes.
public struct SourceState: Sendable, Equatable {
    public enum Status: String, Sendable {
        case never, ok, notModified = "not-modified", error
    }

    public var id: String
    /// The URL in feeds.yml when this state was written; a change there resets `currentURL`.
    public var configuredURL: String
    /// Where the source is fetched now: the configured URL, or where a permanent redirect moved it.
    public var currentURL: String
    public var etag: String?
    public var lastModified: String?
    public var lastFetchAt: Date?
    public var lastSuccessAt: Date?
    public var status: Status
    public var lastError: String?
    public var httpStatus: Int?
    public var errorCount: Int
    public var nextDueAt: Date?
    public var title: String?
    public var siteURL: String?
    public var encoding: String?
    public var replacedBytes: Int
    /// Flags and notes for `feedctl sources`: `recovered`, the detected kind, what was repaired.
    public var flags: [String]

    public init(id: String, url: String) {
        self.id = id
        configuredURL = url
        currentURL = url
        status = .never
        errorCount = 0
        replacedBytes = 0
        flags = []
    }

    /// Whether the last successful refresh read the source as a page (a list of articles, or one article)
    /// rather than a feed: the kind it found is among the flags, and errors keep it.
    public var readAsPage: Bool { flags.contains("list") || flags.contains("article") }

    /// This state for the URL now configured: when the operator changed it, redirects and validators that
    /// belonged to the old one are forgotten.
    public func configured(_ url: String) -> SourceState {
        guard configuredURL != url else { return self }
        var state = self
        state.configuredURL = url
        state.currentURL = url
        state.etag = nil
        state.lastModified = nil
        return state
    }
}

/// What one refresh changed in a source's items.
public struct UpsertResult: Sendable, Equatable {
    public var new: Int
    public var updated: Int
    public var unchanged: Int

    public init(new: Int = 0, updated: Int = 0, unchanged: Int = 0) {
        self.new = new
        self.updated = updated
        self.unchanged = unchanged
    }
}
