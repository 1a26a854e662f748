import Feedsmith
import FeedsmithCore
import Foundation
import Testing

/// Real feed readers consume Feedsmith's outputs served over loopback: python3-feedparser must read every
/// Atom and RSS output with bozo == 0 and the expected entries, and newsboat must store every entry.
/// (Debian 12's feedparser 6.0.10 and newsboat 2.21 predate JSON Feed support; JSON Feed outputs are checked
/// by the validator and by Python's own json parser.)
@Suite(.serialized) struct RealClientTests {
    static let python = "/usr/bin/python3"
    static let newsboat = "/usr/bin/newsboat"

    /// A refreshed workspace with feeds, an Atom, a JSON Feed, and a page source; its outputs served on loopback.
    static func publishedWorkspace() async throws -> (Workspace, FixtureServer, FixtureServer, Session) {
        let sources = try FixtureServer()
        let workspace = try Workspace()
        sources.set("/a.rss", .init(body: try Fixtures.bytes("sites/wire-a.rss")))
        sources.set("/b.atom", .init(body: try Fixtures.bytes("sites/wire-b.atom")))
        sources.set("/rss2.xml", .init(body: try Fixtures.parse("rss2-basic.xml")))
        sources.set("/feed.json", .init(body: try Fixtures.parse("jsonfeed-1.1.json")))
        sources.set("/gb.xml", .init(body: try Fixtures.parse("atom-gb18030.xml")))
        try PageSourceTests.serveSite(sources)
        try workspace.writeConfig(sources: [("a", sources.url("/a.rss")), ("b", sources.url("/b.atom")), ("rss2", sources.url("/rss2.xml")),
                                            ("json", sources.url("/feed.json")), ("gb", sources.url("/gb.xml")), ("site", sources.url("/list/"))],
                                  outputKey: "source_feeds: all")
        let (report, session) = try await workspace.refresh()
        #expect(report.failedCount == 0, "\(report.sources.compactMap(\.error))")
        let outputs = try FixtureServer()
        for file in try OutputChecks.allOutputs(workspace) {
            let format = OutputFormat(rawValue: String(file.split(separator: ".").last ?? "")) ?? .atom
            outputs.set("/" + file, .init(body: try workspace.bytes(file), contentType: format.mediaType + "; charset=utf-8"))
        }
        return (workspace, sources, outputs, session)
    }

    /// What a reader should see, newest first, from the store rather than from our own rendering.
    static func expected(_ session: Session, sourceIDs: [String], limit: Int = 200) async throws -> [[String: Any]] {
        let items = Timeline.merge(try await session.store.recentItems(sourceIDs: sourceIDs, limit: limit * 2 + 50), limit: limit)
        return items.map { stored in
            ["title": stored.item.title, "link": stored.item.url ?? "",
             "published": stored.item.published.map { Int($0.timeIntervalSince1970) } ?? Int((stored.item.updated ?? stored.firstSeen).timeIntervalSince1970)]
        }
    }

    @Test func everyOutputValidatesWithoutWarnings() async throws {
        let (workspace, sources, outputs, _) = try await Self.publishedWorkspace()
        defer { sources.shutdown(); outputs.shutdown(); workspace.remove() }
        try OutputChecks.expectAllValid(workspace)
        #expect(try OutputChecks.allOutputs(workspace).count == 3 + 6 * 3)
    }

    @Test func feedparserReadsEveryAtomAndRSSOutput() async throws {
        let (workspace, sources, outputs, session) = try await Self.publishedWorkspace()
        defer { sources.shutdown(); outputs.shutdown(); workspace.remove() }
        let script = Fixtures.folder.appendingPathComponent("clients/feedparser_check.py").path
        let plans: [(String, [String])] = [("all", session.config.sources.map(\.id))] + session.config.sources.map { ("sources/\($0.id)", [$0.id]) }
        for (name, ids) in plans {
            let expected = try await Self.expected(session, sourceIDs: ids)
            let expectedFile = workspace.folder.appendingPathComponent("expected-\(name.replacingOccurrences(of: "/", with: "-")).json")
            try JSONSerialization.data(withJSONObject: expected).write(to: expectedFile)
            for format in ["atom", "rss"] {
                let result = try ProcessRunner.run(Self.python, [script, outputs.url("/\(name).\(format)"), expectedFile.path])
                #expect(result.status == 0, "\(name).\(format): \(result.stdout)\(result.stderr)")
                #expect(result.stdout.contains("\(expected.count) entries, 0 problem(s)"), "\(result.stdout)")
            }
            let json = try ProcessRunner.run(Self.python, ["-c", "import json,sys; d=json.load(open(sys.argv[1])); print(len(d['items']))", workspace.output.appendingPathComponent("\(name).json").path])
            #expect(json.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == String(expected.count))
        }
    }

    @Test func newsboatStoresEveryEntry() async throws {
        let (workspace, sources, outputs, session) = try await Self.publishedWorkspace()
        defer { sources.shutdown(); outputs.shutdown(); workspace.remove() }
        let home = workspace.folder.appendingPathComponent("newsboat-home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let config = home.appendingPathComponent("config")
        try "".write(to: config, atomically: true, encoding: .utf8)
        for (name, ids) in [("all", session.config.sources.map(\.id)), ("sources/site", ["site"]), ("sources/gb", ["gb"])] {
            let expected = try await Self.expected(session, sourceIDs: ids)
            for format in ["atom", "rss"] {
                // One cache per feed: newsboat keys items by GUID across feeds, and our formats share entry ids.
                let urls = home.appendingPathComponent("urls-\(format)")
                try (outputs.url("/\(name).\(format)") + "\n").write(to: urls, atomically: true, encoding: .utf8)
                let cache = home.appendingPathComponent("cache-\(name.replacingOccurrences(of: "/", with: "-"))-\(format).db")
                let result = try ProcessRunner.run("/usr/bin/env", ["HOME=\(home.path)", Self.newsboat, "-x", "reload", "-u", urls.path, "-c", cache.path, "-C", config.path])
                #expect(result.status == 0, "\(result.stderr)")
                let stored = try ProcessRunner.run("/usr/bin/sqlite3", [cache.path, "SELECT title FROM rss_item ORDER BY pubDate DESC, id"])
                let titles = stored.stdout.split(separator: "\n").map(String.init)
                #expect(titles.count == expected.count, "\(name).\(format): \(titles)")
                #expect(Set(titles) == Set(expected.compactMap { $0["title"] as? String }), "\(name).\(format)")
            }
        }
    }
}
