import FeedsmithFetch
import Foundation
import Testing

/// The fetcher opens at most `per_host` connections to one host, however many requests for it arrive at once:
/// a site is never held to more connections than the configuration promises, and the daemon's sockets stay
/// bounded by hosts × `per_host`.
@Suite struct FetcherConnectionTests {
    /// Four slow requests to one keep-alive server at once; (connections the server accepted, answers that came back).
    static func connections(perHost: Int) async throws -> (accepted: Int, answered: Int) {
        let server = try FixtureServer(keepAlive: true)
        defer { server.shutdown() }
        server.set("/slow.xml", FixtureServer.Route(body: Array("<rss version=\"2.0\"><channel/></rss>".utf8), delay: 0.3))
        let fetcher = Fetcher(connectionsPerHost: perHost)
        let url = try #require(URL(string: server.url("/slow.xml")))
        let answered = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<4 {
                group.addTask { ((try? await fetcher.fetch(FetchRequest(url: url, timeout: 10)))?.status) == 200 }
            }
            var count = 0
            for await ok in group where ok { count += 1 }
            return count
        }
        await fetcher.shutdown()
        return (server.connectionsAccepted, answered)
    }

    @Test func connectionsToAHostStayWithinTheLimit() async throws {
        let limited = try await Self.connections(perHost: 2)
        #expect(limited.answered == 4)
        #expect(limited.accepted == 2, "\(limited.accepted) connections for per_host 2")
        // The same requests with AsyncHTTPClient's default of eight: one connection each, which the limit prevents.
        let unlimited = try await Self.connections(perHost: 8)
        #expect(unlimited.answered == 4)
        #expect(unlimited.accepted == 4)
    }
}
