import FeedsmithCore
import Foundation

/// The storage every other stage uses. SQLite (``SQLiteStore``) is the embedded implementation; a
/// PostgreSQL one for several daemons sharing a database would implement the same protocol.
public protocol FeedStore: Sendable {
    /// The state of a source, created from its configured URL when new or when the configured URL changed.
    func sourceState(id: String, configuredURL: String) async throws -> SourceState
    func allSourceStates() async throws -> [SourceState]
    func saveSourceState(_ state: SourceState) async throws
    /// Stores a refresh's items and the source's new state in one transaction.
    func storeItems(_ items: [Item], state: SourceState, now: Date) async throws -> UpsertResult
    /// The newest items of the given sources, at most `limit` of them, newest first.
    func recentItems(sourceIDs: [String], limit: Int) async throws -> [StoredItem]
    func itemCount(sourceID: String) async throws -> Int
    /// Writes a heartbeat row: fails when the database cannot be written (full disk, read-only, locked out).
    func checkWritable() async throws
    /// Records the outcome of publishing each output file.
    func saveOutputStatuses(_ statuses: [OutputStatus]) async throws
    /// Outputs whose last publication failed.
    func failingOutputs() async throws -> [OutputStatus]
    /// Which of these canonical URLs the source already has items for, as their URL or as the GUID a list
    /// page's link gave them (list pages do not refetch them).
    func knownURLs(sourceID: String, canonicalURLs: [String]) async throws -> Set<String>
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
