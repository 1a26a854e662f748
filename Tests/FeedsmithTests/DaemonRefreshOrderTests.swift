import Feedsmith
import FeedsmithFetch
import FeedsmithServe
import FeedsmithStore
import Foundation
import Logging
import Testing

/// A `feedctl refresh` that arrives while a scheduled poll runs waits its turn: the daemon's core is an actor,
/// and an actor runs other calls while one awaits, so without turns the two refreshes interleaved.
@Suite struct DaemonRefreshOrderTests {
    @Test func overlappingRefreshesTakeTurns() async throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        var rss = "<rss version=\"2.0\"><channel><title>S</title><link>https://s.example/</link><description>d</description>"
        for item in 0..<15 {
            rss += "<item><title>Item \(item)</title><link>https://s.example/\(item)</link><description>Body \(item)</description></item>"
        }
        // A slow answer, so interleaved refreshes would have both requests open at once.
        var route = FixtureServer.Route.feed(rss + "</channel></rss>")
        route.delay = 0.4
        server.set("/s.rss", route)
        try workspace.writeConfig(sources: [("s", server.url("/s.rss"))])
        let session = try workspace.session()
        let fetcher = Fetcher()
        let core = DaemonCore(config: session.config, store: session.store, fetcher: fetcher, logger: Logger(label: "test"), metrics: .shared)
        // Both start at once; each refreshes every source.
        async let first = core.refresh([], onlyChanged: true)
        async let second = core.refresh([], onlyChanged: false)
        let reports = try await [first, second]
        await fetcher.shutdown()
        for report in reports { #expect(report.failedCount == 0, "\(report.sources.compactMap(\.error))") }
        #expect(server.requests("/s.rss").count == 2)
        #expect(server.maxConcurrentRequests == 1)
        // One of them stored the 15 items; the other, running after it, found them all.
        #expect(reports.map { $0.sources.reduce(0) { $0 + $1.new } }.sorted() == [0, 15])
    }
}
