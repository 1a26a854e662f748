import FeedsmithCore
import Foundation

/// The storage every other stage uses. SQLite (``SQLiteStore``) is the embedded implementation; a
/// PostgreSQL one for several daemons sharing a database would implement the same protocol.
public protocol FeedStore: Sendable {
    /// The states of sources (id → configured URL), each created from its configured URL when new or when the
    /// configured URL changed (``SourceState/configured(_:)``). One read: a refresh asks for all of its sources at
    /// its start, where a query per source cost a round trip to the readers each.
    func sourceStates(configuredURLs: [String: String]) async throws -> [String: SourceState]
    func allSourceStates() async throws -> [SourceState]
    func saveSourceState(_ state: SourceState) async throws
    /// Stores a refresh's items and the source's new state in one transaction.
    func storeItems(_ items: [Item], state: SourceState, now: Date) async throws -> UpsertResult
    /// The newest items of the given sources, at most `limit` of them, newest first.
    func recentItems(sourceIDs: [String], limit: Int) async throws -> [StoredItem]
    func itemCount(sourceID: String) async throws -> Int
    /// Writes a heartbeat row: fails when the database cannot be written (full disk, read-only, locked out).
    func checkWritable() async throws
    /// Records the outcome of publishing each output file, and forgets the `stale` paths: files the configuration
    /// no longer publishes, removed or left outside the output folder (``recordedOutputPaths()`` would name them again).
    func saveOutputStatuses(_ statuses: [OutputStatus], forgetting stale: [String]) async throws
    /// Outputs whose last publication failed.
    func failingOutputs() async throws -> [OutputStatus]
    /// Every output file whose publication is recorded (written, unchanged or failed), and not yet forgotten.
    func recordedOutputPaths() async throws -> [String]
    /// Which of these canonical URLs the source already has items for, as their URL or as the GUID a list
    /// page's link gave them (list pages do not refetch them).
    func knownURLs(sourceID: String, canonicalURLs: [String]) async throws -> Set<String>
    /// The recorded failures of a list source's article links among `urls`, by URL.
    func articleAttempts(sourceID: String, urls: [String]) async throws -> [String: ArticleAttempt]
    /// In one transaction: records `failed` links (replacing what was recorded for them), forgets `settled`
    /// ones (stored, or given up on), and forgets links whose first failure is older than `expiry` (gone from
    /// the list, most likely; one still listed is tried again as a new link).
    func saveArticleAttempts(sourceID: String, failed: [ArticleAttempt], settled: [String], expiry: Date) async throws

    // Story groups (see ``StoryIndex``).
    /// Items not yet grouped, oldest first.
    func ungroupedItems(limit: Int) async throws -> [StoredItem]
    /// The grouped items whose story date is at or after `since`, in grouping order, with the generation read.
    func groupingRows(since: Date) async throws -> GroupingSnapshot
    /// Stores new assignments and folds merged groups, in one transaction; returns the new generation.
    func saveGrouping(_ rows: [GroupingRow], storyDates: [String: Date], merges: [(from: String, into: String)]) async throws -> Int64
    /// Changes with every ``saveGrouping(_:storyDates:merges:)``, by this process or another.
    func groupingGeneration() async throws -> Int64
    /// Replaces the filter counts of each scope (`source:<id>`, `feed:<id>`) that was just published.
    func saveFilterCounts(_ counts: [String: [FilterCount]]) async throws
    func filterCounts() async throws -> [FilterCount]
    /// Items of the given sources that belong to the given groups; with `earliest`, only each group's first
    /// that many with distinct links (canonical URL, else id), ordered by date, first seen, then id.
    func groupMembers(groupIDs: [String], sourceIDs: [String], earliest: Int?) async throws -> [StoredItem]
}

/// One grouped item as stored: its group and its encoded ``StoryFingerprint``.
public struct GroupingRow: Sendable, Equatable {
    public var itemID: String
    public var groupID: String
    /// The item's source: a group holds one item per source (see `StoryIndex`). Stored with the grouping, so a
    /// rebuilt index need not read the items.
    public var sourceID: String
    public var fingerprint: [UInt8]

    public init(itemID: String, groupID: String, sourceID: String, fingerprint: [UInt8]) {
        self.itemID = itemID
        self.groupID = groupID
        self.sourceID = sourceID
        self.fingerprint = fingerprint
    }
}

/// The grouped items read at one generation.
public struct GroupingSnapshot: Sendable {
    public var generation: Int64
    public var rows: [GroupingRow]
}

/// Whether an output file's last publication succeeded; `error` says why not.
public struct OutputStatus: Sendable, Equatable {
    public var path: String
    public var error: String?

    public init(path: String, error: String?) {
        self.path = path
        self.error = error
    }
}

/// A store failure, naming the database file and what to do.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String

    public var description: String { "store \(path): \(message)" }
}
