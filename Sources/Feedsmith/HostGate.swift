import FeedsmithCore
import Foundation

/// Limits concurrent requests per host across every source of a refresh, so a site with several sources
/// (or a list page's articles) never sees more than `limit` requests from Feedsmith at once.
public actor HostGate {
    public let limit: Int
    /// Least time between the starts of two requests to one host.
    public let gap: TimeInterval
    private var active: [String: Int] = [:]
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]
    private var lastStart: [String: Date] = [:]
    /// Recent start times per host (the last 64), for tests and diagnostics.
    public private(set) var starts: [String: [Date]] = [:]

    public init(limit: Int = DefaultsConfig.standardPerHost, gap: TimeInterval = 0) {
        self.limit = max(1, limit)
        self.gap = max(0, gap)
    }

    /// Runs `body` once a slot for `url`'s host is free. `file://` URLs have no host and are not limited.
    public func run<T: Sendable>(for url: URL, _ body: @Sendable () async throws -> T) async rethrows -> T {
        guard let host = url.host?.lowercased(), !host.isEmpty else { return try await body() }
        await acquire(host)
        defer { release(host) }
        // Check and mark the start in one actor step (no suspension between), so starts are at least `gap`
        // apart even when a sleeper wakes late on a loaded machine.
        while gap > 0, let last = lastStart[host] {
            let wait = last.addingTimeInterval(gap).timeIntervalSinceNow
            guard wait > 0 else { break }
            try? await Task.sleep(nanoseconds: UInt64(wait * 1e9))
        }
        let now = Date()
        lastStart[host] = now
        starts[host, default: []].append(now)
        if starts[host, default: []].count > 64 { starts[host]?.removeFirst() }
        return try await body()
    }

    private func acquire(_ host: String) async {
        if active[host, default: 0] < limit {
            active[host, default: 0] += 1
            return
        }
        await withCheckedContinuation { waiting[host, default: []].append($0) }
    }

    private func release(_ host: String) {
        if var queue = waiting[host], !queue.isEmpty {
            let next = queue.removeFirst()
            waiting[host] = queue.isEmpty ? nil : queue
            next.resume()  // the slot passes straight to the next waiter
        } else {
            active[host, default: 1] -= 1
            if active[host] == 0 { active[host] = nil }
        }
    }

    /// Requests in flight per host, for tests and metrics.
    public func inFlight(_ host: String) -> Int { active[host.lowercased(), default: 0] }
}
