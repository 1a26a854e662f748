import Foundation

/// One conditional GET.
public struct FetchRequest: Sendable {
    public var url: URL
    /// Validators from the previous successful fetch.
    public var etag: String?
    public var lastModified: String?
    /// Total seconds for the whole fetch: connection, redirects and body.
    public var timeout: TimeInterval
    public var maxBodySize: Int

    public init(url: URL, etag: String? = nil, lastModified: String? = nil, timeout: TimeInterval = 20, maxBodySize: Int = 10 << 20) {
        self.url = url
        self.etag = etag
        self.lastModified = lastModified
        self.timeout = timeout
        self.maxBodySize = maxBodySize
    }
}

/// What a fetch returned.
public struct FetchResponse: Sendable {
    /// nil when the server answered 304 Not Modified (or a file is unchanged).
    public var body: [UInt8]?
    public var status: Int
    /// Where the body came from after redirects.
    public var finalURL: URL
    /// Set when every redirect on the way was permanent (301/308): the source has moved.
    public var movedPermanentlyTo: URL?
    public var contentType: String?
    public var etag: String?
    public var lastModified: String?
    /// Scheduling hints for the daemon.
    public var retryAfter: String?
    public var cacheControl: String?
    public var expires: String?

    public var notModified: Bool { body == nil }
}

/// A fetch that failed, with the URL, the HTTP status when there was one, and what an operator can do.
public struct FetchError: Error, Sendable, CustomStringConvertible {
    public var url: String
    public var status: Int?
    public var reason: String
    public var hint: String
    public var retryAfter: String?

    public init(url: String, status: Int? = nil, reason: String, hint: String, retryAfter: String? = nil) {
        self.url = url
        self.status = status
        self.reason = reason
        self.hint = hint
        self.retryAfter = retryAfter
    }

    /// The server answered that the page is not there or not for us (4xx other than 408 and 429): asking again
    /// soon will most likely get the same answer. Timeouts, refused connections and 5xx answers are not.
    public var refusesForGood: Bool {
        guard let status else { return false }
        return (400..<500).contains(status) && status != 408 && status != 429
    }

    public var description: String {
        let statusText = status.map { " (HTTP \($0))" } ?? ""
        return "\(url)\(statusText): \(reason); \(hint)"
    }
}
