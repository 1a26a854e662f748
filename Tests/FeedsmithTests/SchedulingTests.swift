import Feedsmith
import FeedsmithCore
import Foundation
import NIOConcurrencyHelpers
import Testing

@Suite struct SchedulingTests {
    @Test func hostGateKeepsAGapBetweenRequestsToOneHost() async throws {
        let gate = HostGate(limit: 2, gap: 0.2)
        let starts = NIOLockedValueBox<[Date]>([])
        let url = try #require(URL(string: "http://one.example/x"))
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask { await gate.run(for: url) { starts.withLockedValue { $0.append(Date()) } } }
            }
        }
        #expect(starts.withLockedValue { $0 }.count == 4)
        // The gate's own record of when it let each request start: exactly the spacing it guarantees.
        let marked = await gate.starts["one.example"] ?? []
        #expect(marked.count == 4)
        for (earlier, later) in zip(marked, marked.dropFirst()) {
            #expect(later.timeIntervalSince(earlier) >= 0.2, "\(marked)")
        }
    }

    @Test func dueTimesArePersistedAfterEachRefresh() async throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        server.set("/a.rss", .init(body: try Fixtures.bytes("sites/wire-a.rss"), headers: [("Cache-Control", "max-age=7200")]))
        server.set("/down", .init(status: .serviceUnavailable, body: [], headers: [("Retry-After", "600")]))
        try workspace.writeConfig(sources: [("a", server.url("/a.rss")), ("down", server.url("/down"))], extra: "  interval: 15m")
        let now = Date()
        let (_, session) = try await workspace.refresh(now: now)
        let states = Dictionary(uniqueKeysWithValues: try await session.store.allSourceStates().map { ($0.id, $0) })
        let aDue = try #require(states["a"]?.nextDueAt).timeIntervalSince(now)
        #expect(aDue >= 7200 - 1 && aDue <= 7200 + 1, "max-age lengthens the 15 min interval to 2 h")
        let downDue = try #require(states["down"]?.nextDueAt).timeIntervalSince(now)
        #expect(downDue >= 1800 * 0.9 - 1 && downDue <= 1800 * 1.1 + 1, "first failure: 2 × 15 min (Retry-After 600 is shorter)")
        #expect(states["down"]?.flags.contains("backoff") == true)
    }

    @Test func onlyAffectedFeedsAreRegenerated() async throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.writeConfigServingWiresAB(on: server, feeds: """
            feeds:
              - id: just-a
                sources: [a]
              - id: just-b
                sources: [b]

            """, outputKey: "source_feeds: all")
        let (first, _) = try await workspace.refresh(onlyChanged: true)
        #expect(first.publish.written.count == 14, "two feeds and two sources, three formats each, and a page per feed")
        server.set("/b.atom", .init(body: Array(try String(contentsOf: Fixtures.folder.appendingPathComponent("sites/wire-b.atom"), encoding: .utf8)
            .replacingOccurrences(of: "Only in B", with: "Only in B, edited").utf8)))
        let (second, _) = try await workspace.refresh(onlyChanged: true)
        let written = Set(second.publish.written.map { URL(fileURLWithPath: $0).lastPathComponent })
        #expect(written == ["just-b.atom", "just-b.rss", "just-b.json", "just-b.html", "b.atom", "b.rss", "b.json"], "\(written)")
        #expect(second.publish.unchanged == 0, "feeds of unchanged sources are not even rendered")
        // A manual refresh renders everything (and still writes nothing that did not change).
        let (manual, _) = try await workspace.refresh()
        #expect(manual.publish.written.isEmpty)
        #expect(manual.publish.unchanged == 14)
    }

    @Test func pageSourceThatStopsYieldingIsFlaggedBroken() async throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        try PageSourceTests.serveSite(server)
        try workspace.writeConfig(sources: [("site", server.url("/list/"))])
        let (first, _) = try await workspace.refresh()
        #expect(first.sources[0].new == 3)
        server.set("/list/", .init(body: Array("<html><head><title>改版了</title></head><body><div>网站改版中</div></body></html>".utf8), contentType: "text/html; charset=utf-8"))
        let (second, session) = try await workspace.refresh()
        #expect(second.sources[0].outcome == .failed)
        let state = try #require(try await session.store.allSourceStates().first)
        #expect(state.flags.contains("broken"))
        let sources = try ProcessRunner.run(ProcessRunner.feedctl, ["sources", "--config", workspace.configPath])
        #expect(sources.stdout.contains("site: broken"))
        #expect(try workspace.parsed("all.atom").items.count == 3, "the stored items stay published")
    }
}

@Suite struct WebSubTests {
    @Test func hubsAreAdvertisedAndPingedWhenAFeedChanges() async throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        server.set("/a.rss", .init(body: try Fixtures.bytes("sites/wire-a.rss")))
        server.set("/hub", .init(status: .noContent, body: [], contentType: nil))
        try workspace.writeConfig(sources: [("a", server.url("/a.rss"))], extra: "websub:\n  hubs: [\(server.url("/hub"))]",
                                  outputKey: "source_feeds: all")
        _ = try await workspace.refresh()
        #expect(try workspace.read("all.atom").contains("<link rel=\"hub\" href=\"\(server.url("/hub"))\"/>"))
        #expect(try workspace.read("all.rss").contains("<atom:link href=\"\(server.url("/hub"))\" rel=\"hub\"/>"))
        #expect(try workspace.read("all.json").contains("\"type\": \"WebSub\""))
        try OutputChecks.expectAllValid(workspace)
        let pings = server.requests("/hub")
        #expect(pings.allSatisfy { $0.method == "POST" && $0.header("Content-Type") == "application/x-www-form-urlencoded" })
        let bodies = Set(pings.map(\.body))
        #expect(bodies.contains("hub.mode=publish&hub.url=https%3A%2F%2Ffeeds.example.net%2Fall.atom"), "\(bodies)")
        #expect(bodies.contains("hub.mode=publish&hub.url=https%3A%2F%2Ffeeds.example.net%2Fsources%2Fa.rss"))
        #expect(pings.count == 6, "every written feed once (not the HTML page)")
        // Nothing changed: no pings.
        _ = try await workspace.refresh()
        #expect(server.requests("/hub").count == 6)
    }
}
