import ArgumentParser
import FeedsmithCore
import Foundation
import Hummingbird
import Logging
import NIOCore

/// Serves N generated RSS feeds of 20 items (about 12 KB each) with ETags, answering 304 to a matching
/// If-None-Match. Run as a child process by `idle`, and by `poll --server builtin`, so its memory is not counted as Feedsmith's.
struct ServeFeeds: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve-feeds", abstract: "Serve generated RSS feeds on 0.0.0.0:PORT (used by poll and idle).", shouldDisplay: false)

    @Option(help: "0 picks a free port; the port is printed as `port N` on the first line.")
    var port = 0

    @Option(help: "Seconds between new versions of every feed (one new item each); 0 never changes them.")
    var changeEvery = 0

    @Option(help: "Feeds whose first version is generated before the port is printed, and then served as stored bytes.")
    var prepared = 0

    func run() async throws {
        let router = Router()
        let every = changeEvery
        // A benchmark measures Feedsmith, not this server: on two cores every CPU second spent building a feed
        // per request is taken from the refresh being timed (0.29–0.37 CPU-s of a 1,000-source refresh), where a
        // static file server would send stored bytes.
        let stored = (0..<max(0, prepared)).map { ByteBuffer(string: GeneratedFeed.rss($0)) }
        router.get("/feeds/:number") { request, context -> Response in
            let name = context.parameters.get("number") ?? "0"
            let number = Int(name.split(separator: ".").first ?? "0") ?? 0
            let version = every > 0 ? Int(Date().timeIntervalSince1970) / every : 0
            let etag = "\"v\(version)-\(number)\""
            if request.headers[.ifNoneMatch] == etag {
                return Response(status: .notModified, headers: [.eTag: etag])
            }
            return Response(
                status: .ok, headers: [.contentType: "application/rss+xml; charset=utf-8", .eTag: etag],
                body: .init(byteBuffer: version == 0 && stored.indices.contains(number)
                    ? stored[number] : ByteBuffer(string: GeneratedFeed.rss(number, version: version))))
        }
        var logger = Logger(label: "bench-server")
        logger.logLevel = .error
        let app = Application(
            router: router, configuration: .init(address: .hostname("0.0.0.0", port: port)),
            onServerRunning: { channel in
                // Unbuffered, so the parent reading the pipe sees it at once.
                FileHandle.standardOutput.write(Data("port \(channel.localAddress?.port ?? 0)\n".utf8))
            },
            logger: logger)
        try await app.runService()
    }
}

/// The feeds the polling benchmark serves: deterministic, 20 items, 11.6–11.9 KB.
enum GeneratedFeed {
    static let utc = TimeZone(identifier: "UTC") ?? .current

    /// Each version adds one newer item at the top (and drops the oldest), as a live feed does.
    static func rss(_ number: Int, version: Int = 0) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel><title>Source \(number)</title>"
        xml += "<link>https://source\(number).example/</link><description>Generated source \(number)</description>"
        let base = 1_780_000_000 - number * 60 + version * 3600
        for position in 0..<20 {
            let item = position - version
            let date = Date(timeIntervalSince1970: Double(base - position * 3600))
            xml += "<item><title>Source \(number) reports item \(item): council approves budget for district \(item * 7 % 31)</title>"
            xml += "<link>https://source\(number).example/news/\(item).html</link>"
            xml += "<guid>https://source\(number).example/news/\(item).html</guid>"
            xml += "<pubDate>\(DateFormatting.rfc822(date, in: utc))</pubDate>"
            xml += "<description>&lt;p&gt;The council of district \(item * 7 % 31) voted on Tuesday to approve a budget of \(item + 3) million for roads, "
            xml += "schools and parks, after a debate that lasted four hours. Residents from source \(number)'s area spoke for and against.&lt;/p&gt;"
            xml += "&lt;p&gt;The plan now goes to the mayor, who is expected to sign it next week.&lt;/p&gt;</description></item>"
        }
        return xml + "</channel></rss>\n"
    }
}

