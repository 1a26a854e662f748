import Foundation

/// When two items are the same story. Defaults were tuned on the fixture corpus in
/// `Tests/FeedsmithCoreTests/Fixtures/group` (precision and recall are printed by `feedsmith-bench group`).
public struct GroupingOptions: Sendable, Equatable {
    /// Estimated Jaccard similarity of the texts' shingle sets at or above which two items are one story.
    public var textSimilarity = 0.5
    /// Title similarity (character bigrams) that, with dates within `dateWindow` and some shared text,
    /// makes two items one story.
    public var titleSimilarity = 0.7
    /// How much of the shorter text must appear in the longer one when only the titles agree closely.
    public var minimumContainment = 0.5
    /// Titles only count for items published this close together.
    public var dateWindow: TimeInterval = 3 * 86_400
    /// Stored items older than this (by publication) are no longer candidates: a story's coverage arrives
    /// within days, and the window bounds the grouper's memory.
    public var window: TimeInterval = 30 * 86_400
    /// Character n-gram length for texts.
    public var shingleSize = 3
    /// Texts shorter than this many shingles are judged with their titles, not on text alone.
    public var minimumShingles = 40

    public init() {}
}
