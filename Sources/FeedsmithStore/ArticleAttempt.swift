import Foundation

/// A list page's article link whose page could not be fetched or read: how often, since when, when to try
/// again and why. Kept so that failing links wait their turn instead of taking every refresh's
/// `max_articles` slots, and so that a link that keeps failing for good is given up on.
public struct ArticleAttempt: Sendable, Equatable {
    public var url: String
    public var failures: Int
    public var firstFailedAt: Date
    public var nextAttemptAt: Date
    public var lastError: String

    public init(url: String, failures: Int, firstFailedAt: Date, nextAttemptAt: Date, lastError: String) {
        self.url = url
        self.failures = failures
        self.firstFailedAt = firstFailedAt
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
    }
}
