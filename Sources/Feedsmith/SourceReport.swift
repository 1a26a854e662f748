import FeedsmithCore
import Foundation

/// The outcome of refreshing one source, as `feedctl refresh` prints it.
public struct SourceReport: Sendable {
    public enum Outcome: String, Sendable {
        case ok, notModified = "not-modified", recovered, failed
    }

    public var sourceID: String
    public var outcome: Outcome
    public var new: Int = 0
    public var updated: Int = 0
    public var duration: TimeInterval = 0
    /// The error, naming the URL and what to do, when the outcome is `failed`.
    public var error: String?
    public var notes: [String] = []

    public var succeeded: Bool { outcome != .failed }
}

/// The outcome of a whole refresh.
public struct RefreshReport: Sendable {
    public var sources: [SourceReport]
    public var publish: PublishReport
    public var duration: TimeInterval
    /// nil when no feed groups related coverage (grouping is then skipped) or grouping failed.
    public var grouping: GroupingReport?
    /// Wall time of each phase: fetching, parsing and storing every source; grouping; publishing outputs.
    public var phases = Phases()

    public struct Phases: Sendable {
        public var sources: TimeInterval = 0
        public var grouping: TimeInterval = 0
        public var publishing: TimeInterval = 0
    }

    public var failedCount: Int { sources.filter { !$0.succeeded }.count }
}
