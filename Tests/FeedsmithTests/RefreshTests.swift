import Feedsmith
import FeedsmithCore
import FeedsmithStore
import Foundation
import Testing

/// The whole pipeline against a real HTTP server on 127.0.0.1 and a real SQLite file.
@Suite struct RefreshTests {
    @Test func writesEveryOutputAndSecondRefreshIsConditional() async throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        server.set("/rss2.xml", .init(body: try Fixtures.parse("rss2-basic.xml"), etag: "\"v1\""))
        server.set("/rdf.xml", .init(body: try Fixtures.parse("rss1-rdf.xml"), lastModified: "Thu, 12 Mar 2026 08:00:00 GMT"))
        server.set("/atom.xml", .init(body: try Fixtures.parse("atom-xml-base.xml"), contentType: "application/atom+xml", etag: "\"a1\""))
        server.set("/feed.json", .init(body: try Fixtures.parse("jsonfeed-1.1.json"), contentType: "application/feed+json"))
        server.set("/gb.xml", .init(body: try Fixtures.parse("atom-gb18030.xml"), contentType: "application/atom+xml"))
        server.set("/control.xml", .init(body: try Fixtures.parse("rss-stray-control-byte.xml")))
        let ids = ["rss2", "rdf", "atom", "json", "gb", "control"]
        let paths = ["/rss2.xml", "/rdf.xml", "/atom.xml", "/feed.json", "/gb.xml", "/control.xml"]
        try workspace.writeConfig(sources: zip(ids, paths.map(server.url)).map { ($0, $1) }, outputKey: "source_feeds: all")

        let (first, session) = try await workspace.refresh()
        #expect(first.failedCount == 0, "\(first.sources.compactMap(\.error))")
        #expect(first.sources.map(\.new) == [2, 2, 2, 2, 1, 2])
        #expect(first.sources.first { $0.sourceID == "control" }?.outcome == .recovered)
        #expect(first.publish.failures.isEmpty)
        #expect(first.publish.written.count == 4 + 6 * 3, "the feed's three formats and its page, three formats per source")
        for name in ["all.atom", "all.rss", "all.json", "all.html"] + ids.flatMap({ ["sources/\($0).atom", "sources/\($0).rss", "sources/\($0).json"] }) {
            #expect(FileManager.default.fileExists(atPath: workspace.output.appendingPathComponent(name).path), "\(name)")
        }
        let atom = try workspace.parsed("all.atom")
        #expect(atom.items.count == 11)
        #expect(Set(atom.items.compactMap(\.guid)).count == 11, "entry ids are unique")
        #expect(atom.items.contains { $0.title == "朱镕基旧居修缮完成 €" }, "GB18030 text survives into the output")
        let validator = try RelaxNGValidator.atom()
        for name in ["all.atom"] + ids.map({ "sources/\($0).atom" }) {
            #expect(validator.validate(try workspace.bytes(name)) == [], "\(name)")
        }
        try OutputChecks.expectAllValid(workspace)
        // Each format names the feed's timeline page as its site, in Atom's alternate link, RSS's link and JSON Feed's
        // home page; a source's own feed names the source's site.
        for name in ["all.atom", "all.rss", "all.json"] {
            #expect(try workspace.parsed(name).siteURL == OutputChecks.baseURL + "all.html", "\(name)")
        }
        #expect(try workspace.parsed("sources/atom.atom").siteURL?.hasPrefix(OutputChecks.baseURL) == false)
        let state = try #require(try await session.store.allSourceStates().first { $0.id == "control" })
        #expect(state.flags.contains("recovered"))

        let mtime = try FileManager.default.attributesOfItem(atPath: workspace.output.appendingPathComponent("all.atom").path)[.modificationDate] as? Date
        let (second, _) = try await workspace.refresh()
        #expect(second.sources.map(\.new) == [0, 0, 0, 0, 0, 0])
        #expect(second.sources.map(\.updated) == [0, 0, 0, 0, 0, 0])
        #expect(second.sources.first { $0.sourceID == "rss2" }?.outcome == .notModified)
        #expect(second.sources.first { $0.sourceID == "rdf" }?.outcome == .notModified)
        #expect(second.publish.written.isEmpty, "unchanged outputs are not rewritten")
        let again = try workspace.parsed("all.atom")
        #expect(again.items.map(\.guid) == atom.items.map(\.guid), "ids are identical across refreshes")
        let mtimeAfter = try FileManager.default.attributesOfItem(atPath: workspace.output.appendingPathComponent("all.atom").path)[.modificationDate] as? Date
        #expect(mtime == mtimeAfter)

        let rssRequests = server.requests("/rss2.xml")
        #expect(rssRequests.count == 2)
        #expect(rssRequests[0].header("If-None-Match") == nil)
        #expect(rssRequests[1].header("If-None-Match") == "\"v1\"")
        #expect(rssRequests[0].header("User-Agent")?.hasPrefix("Feedsmith/") == true)
        #expect(server.requests("/rdf.xml")[1].header("If-Modified-Since") == "Thu, 12 Mar 2026 08:00:00 GMT")
    }

    @Test func sourceFeedsOffWritesOnlyTheFeeds() async throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.writeConfigServingWiresAB(on: server, outputKey: "source_feeds: false")
        let (report, _) = try await workspace.refresh()
        #expect(report.failedCount == 0)
        #expect(report.sources.map(\.new) == [2, 2], "both sources are stored")
        #expect(Set(report.publish.written.map { URL(fileURLWithPath: $0).lastPathComponent }) == ["all.atom", "all.rss", "all.json", "all.html"])
        let sources = workspace.output.appendingPathComponent("sources")
        #expect((try? FileManager.default.contentsOfDirectory(atPath: sources.path))?.isEmpty ?? true, "no file under sources/")
        #expect(try workspace.parsed("all.atom").items.map(\.title) == ["银川发放创业担保贷款2.3亿元", "Only in A", "Only in B"])
        try OutputChecks.expectAllValid(workspace)
    }

    /// A source that is a local file (a feed a script writes) has no public URL: its path is not published in any
    /// output (atom:source, RSS `<source>`, the JSON extension), nor are item links that resolve to local files,
    /// and every format is still written. Before, the JSON Feed of such a source was refused whole by validation.
    @Test func localFileSourcesPublishNoLocalPaths() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let feed = """
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><title>Local</title><link>http://local.example/</link>
            <item><title>Relative link</title><link>/news/1.html</link><description>One</description>
              <pubDate>Mon, 30 Nov 2026 10:00:00 +0800</pubDate></item>
            <item><title>Absolute link</title><link>https://local.example/news/2.html</link><description>Two</description>
              <pubDate>Mon, 30 Nov 2026 11:00:00 +0800</pubDate></item>
            </channel></rss>
            """
        try feed.write(to: workspace.folder.appendingPathComponent("local.xml"), atomically: true, encoding: .utf8)
        // Without a site of its own, a relative link has nothing public to resolve against.
        let bare = """
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><title>Bare</title>
            <item><title>Relative link, no site</title><link>/news/3.html</link><description>Three</description>
              <pubDate>Mon, 30 Nov 2026 09:00:00 +0800</pubDate></item>
            <item><title></title><link>https://bare.example/news/4.html</link>
              <pubDate>Mon, 30 Nov 2026 08:00:00 +0800</pubDate></item>
            </channel></rss>
            """
        try bare.write(to: workspace.folder.appendingPathComponent("bare.xml"), atomically: true, encoding: .utf8)
        try workspace.writeConfig(sources: [("local", "local.xml"), ("bare", "bare.xml")], outputKey: "source_feeds: all")
        let (report, _) = try await workspace.refresh()
        #expect(report.failedCount == 0)
        #expect(report.publish.failures.isEmpty, "\(report.publish.failures)")
        #expect(report.publish.warnings.isEmpty, "\(report.publish.warnings)")
        for file in ["all.atom", "all.rss", "all.json", "all.html", "sources/local.atom", "sources/local.rss", "sources/local.json", "sources/bare.atom"] {
            let text = try workspace.read(file)
            #expect(!text.contains("file:"), "\(file): \(text)")
        }
        let atom = try workspace.parsed("all.atom")
        // An item with neither title nor text is shown by its link, as Miniflux shows it.
        #expect(atom.items.map(\.title) == ["Absolute link", "Relative link", "Relative link, no site", "https://bare.example/news/4.html"])
        // A file's relative links resolve against the site its channel names, as Miniflux resolves them.
        #expect(atom.items.map(\.url) == ["https://local.example/news/2.html", "http://local.example/news/1.html", nil, "https://bare.example/news/4.html"])
        let sourceID = "urn:uuid:" + ItemIdentity.stableID(sourceID: "feedsmith-source", key: "local")
        #expect(try workspace.read("all.atom").contains("<source>\n      <id>\(sourceID)</id>"))
        try OutputChecks.expectAllValid(workspace)
    }

    /// By default only sources read as pages get a feed of their own (a feed source's copy would republish its
    /// feed): `kind: page`, and `kind: auto` once a refresh has found a list or an article page.
    @Test func sourceFeedsByDefaultOnlyForSourcesReadAsPages() async throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        server.set("/a.rss", .init(body: try Fixtures.bytes("sites/wire-a.rss")))
        try PageSourceTests.serveSite(server)
        let sources = [("a", server.url("/a.rss")), ("site", server.url("/list/")), ("down", server.url("/missing"))]
        try Self.writeConfigWithArticlePage(workspace, server, sources: sources)
        let (report, session) = try await workspace.refresh()
        #expect(report.sources.filter { $0.outcome == .failed }.map(\.sourceID) == ["down"], "\(report.sources.map(\.outcome))")
        let states = Dictionary(try await session.store.allSourceStates().map { ($0.id, $0.readAsPage) }, uniquingKeysWith: { a, _ in a })
        #expect(states == ["a": false, "site": true, "down": false, "article": true])
        #expect(try Self.sourceFiles(workspace) == ["site.atom", "site.rss", "site.json", "article.atom", "article.rss", "article.json"])
        #expect(try workspace.parsed("sources/site.atom").items.count == 3)
        #expect(try workspace.parsed("sources/article.json").items.count == 1)
        #expect(try workspace.parsed("all.atom").items.map(\.title).contains("Only in A"), "a feed source is still in the feeds")
        try OutputChecks.expectAllValid(workspace)
    }

    /// `sources` plus a `kind: page` source `article` (an article page of the site `PageSourceTests.serveSite` serves),
    /// and one feed `all` of every source.
    static func writeConfigWithArticlePage(_ workspace: Workspace, _ server: FixtureServer, sources: [(String, String)]) throws {
        try workspace.writeConfig(sources: sources, feeds: """
              - id: article
                url: \(server.url("/news/20260313/2.html"))
                kind: page
            feeds:
              - id: all
                sources: all

            """)
    }

    /// The files in the output's `sources/` folder.
    static func sourceFiles(_ workspace: Workspace) throws -> Set<String> {
        let folder = workspace.output.appendingPathComponent("sources")
        return Set(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") })
    }

    /// A `kind: auto` source read as a page that starts serving a feed stops getting its own files under the default
    /// `source_feeds: pages`, and they go at its next refresh as the daemon publishes (only what changed), not at the
    /// next full publish. A page source beside it keeps its files.
    @Test func aPageSourceThatTurnsIntoAFeedLosesItsOwnFilesAtItsNextRefresh() async throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        try PageSourceTests.serveSite(server)
        try Self.writeConfigWithArticlePage(workspace, server, sources: [("site", server.url("/list/"))])
        _ = try await workspace.refresh(onlyChanged: true)
        #expect(try Self.sourceFiles(workspace) == ["site.atom", "site.rss", "site.json", "article.atom", "article.rss", "article.json"])

        server.set("/list/", .init(body: try Fixtures.bytes("sites/wire-a.rss")))
        let (report, _) = try await workspace.refresh(["site"], onlyChanged: true)
        #expect(report.failedCount == 0, "\(report.sources.map { $0.error ?? "" })")
        #expect(try Self.sourceFiles(workspace) == ["article.atom", "article.rss", "article.json"])
        #expect(Set(report.publish.removed.map { URL(fileURLWithPath: $0).lastPathComponent }) == ["site.atom", "site.rss", "site.json"])
        #expect(try workspace.parsed("all.atom").items.map(\.title).contains("Only in A"), "the feed's items reach the feeds")
        try OutputChecks.expectAllValid(workspace)
    }

    @Test func sameArticleInTwoSourcesIsOneEntry() async throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.writeConfigServingWiresAB(on: server, outputKey: "source_feeds: all")
        let (report, _) = try await workspace.refresh()
        #expect(report.failedCount == 0)
        for format in ["atom", "rss", "json"] {
            let all = try workspace.parsed("all.\(format)")
            #expect(all.items.map(\.title) == ["银川发放创业担保贷款2.3亿元", "Only in A", "Only in B"], "\(format)")
            #expect(try workspace.parsed("sources/a.\(format)").items.count == 2)
            #expect(try workspace.parsed("sources/b.\(format)").items.count == 2)
        }
        let atom = try workspace.read("all.atom")
        #expect(atom.contains("<published>2026-03-12T16:40:00+08:00</published>"), "the original, not the reprint, represents the story")
        try OutputChecks.expectAllValid(workspace)
    }

    /// A feed without GUIDs that links every item to its home page (or a live blog's updates): each item is its own
    /// entry, with or without grouping, and keeps its id when a new item is listed first.
    @Test(arguments: [false, true])
    func itemsOfOneFeedSharingALinkAreSeparateEntries(grouped: Bool) async throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        func serve(_ titles: [String]) {
            let items = titles.map { title in
                "<item><title>\(title)</title><link>https://live.example/</link><description>What happened: \(title).</description>"
                    + "<pubDate>Tue, 01 Dec 2026 1\(title.suffix(1)):00:00 +0800</pubDate></item>"
            }.joined()
            let rss = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Live</title><link>https://live.example/</link>"
                + "<description>Updates</description>\(items)</channel></rss>"
            server.set("/live.rss", .init(body: Array(rss.utf8)))
        }
        serve(["Update 3", "Update 2", "Update 1"])
        try workspace.writeConfig(
            sources: [("live", server.url("/live.rss"))],
            feeds: "feeds:\n  - id: all\n    title: All\n    sources: all\n    group_related: \(grouped)\n")
        _ = try await workspace.refresh()
        let first = try workspace.parsed("all.atom").items
        #expect(first.map(\.title) == ["Update 3", "Update 2", "Update 1"])
        serve(["Update 4", "Update 3", "Update 2", "Update 1"])
        _ = try await workspace.refresh()
        let second = try workspace.parsed("all.atom").items
        #expect(second.map(\.title) == ["Update 4", "Update 3", "Update 2", "Update 1"])
        #expect(Array(second.dropFirst().map(\.guid)) == first.map(\.guid), "ids unchanged")
        try OutputChecks.expectAllValid(workspace)
    }

    @Test func oneFailingSourceDoesNotStopTheOthers() async throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        server.set("/a.rss", .init(body: try Fixtures.bytes("sites/wire-a.rss")))
        server.set("/broken", .init(status: .internalServerError, body: Array("oops".utf8), headers: [("Retry-After", "120")]))
        try workspace.writeConfig(sources: [("gone", server.url("/missing.xml")), ("a", server.url("/a.rss")), ("broken", server.url("/broken")),
                                            ("refused", "http://127.0.0.1:9/feed.xml"), ("html", server.url("/page"))])
        server.set("/page", .init(body: Array("<html><head><title>x</title></head><body>no feed</body></html>".utf8), contentType: "text/html"))
        let (report, session) = try await workspace.refresh()
        let byID = Dictionary(uniqueKeysWithValues: report.sources.map { ($0.sourceID, $0) })
        #expect(byID["a"]?.outcome == .ok)
        #expect(byID["a"]?.new == 2)
        let gone = try #require(byID["gone"]?.error)
        #expect(gone.contains(server.url("/missing.xml")) && gone.contains("HTTP 404") && gone.contains("check the URL"))
        #expect(byID["broken"]?.error?.contains("HTTP 500") == true)
        #expect(byID["refused"]?.error?.contains("connection refused") == true, "\(byID["refused"]?.error ?? "")")
        #expect(byID["html"]?.error?.contains("found neither an article nor a list of article links; pin `list:` or `article:` selectors") == true)
        #expect(report.failedCount == 4)
        #expect(try workspace.parsed("all.atom").items.count == 2, "outputs are written from what is stored")
        let states = Dictionary(uniqueKeysWithValues: try await session.store.allSourceStates().map { ($0.id, $0) })
        #expect(states["gone"]?.httpStatus == 404)
        #expect(states["gone"]?.errorCount == 1)
        #expect(states["broken"]?.status == .error)
        #expect(states["a"]?.errorCount == 0)
    }

    @Test func permanentRedirectUpdatesTheStoredURL() async throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        server.set("/old.rss", .redirect(.movedPermanently, to: "/new.rss"))
        server.set("/new.rss", .init(body: try Fixtures.bytes("sites/wire-a.rss"), etag: "\"n\""))
        server.set("/temp.rss", .redirect(.found, to: server.url("/a.rss")))
        server.set("/a.rss", .init(body: try Fixtures.bytes("sites/wire-a.rss")))
        server.set("/loop1", .redirect(.found, to: "/loop2"))
        server.set("/loop2", .redirect(.found, to: "/loop1"))
        server.set("/to-file", .redirect(.found, to: "file:///etc/passwd"))
        try workspace.writeConfig(sources: [("moved", server.url("/old.rss")), ("temp", server.url("/temp.rss")),
                                            ("loop", server.url("/loop1")), ("file", server.url("/to-file"))])
        let (report, session) = try await workspace.refresh()
        let byID = Dictionary(uniqueKeysWithValues: report.sources.map { ($0.sourceID, $0) })
        #expect(byID["moved"]?.new == 2)
        #expect(byID["temp"]?.new == 2)
        #expect(byID["loop"]?.error?.contains("redirect loop") == true)
        #expect(byID["file"]?.error?.contains("unsupported URL file:///etc/passwd") == true)
        let states = Dictionary(uniqueKeysWithValues: try await session.store.allSourceStates().map { ($0.id, $0) })
        #expect(states["moved"]?.currentURL == server.url("/new.rss"))
        #expect(states["temp"]?.currentURL == server.url("/temp.rss"), "a temporary redirect does not move the source")
        _ = try await workspace.refresh(["moved"])
        #expect(server.requests("/old.rss").count == 1, "after a permanent move the old URL is not asked again")
        #expect(server.requests("/new.rss").last?.header("If-None-Match") == "\"n\"")

        // The operator points the source elsewhere: the move and the old URL's validators are forgotten.
        server.set("/other.rss", .init(body: try Fixtures.bytes("sites/wire-a.rss"), etag: "\"o\""))
        try workspace.writeConfig(sources: [("moved", server.url("/other.rss")), ("temp", server.url("/temp.rss"))])
        _ = try await workspace.refresh(["moved"])
        #expect(server.requests("/new.rss").count == 2, "the old destination is not asked again")
        #expect(server.requests("/other.rss").count == 1)
        #expect(server.requests("/other.rss").last?.header("If-None-Match") == nil)
        let moved = try await session.store.allSourceStates().first { $0.id == "moved" }
        #expect(moved?.currentURL == server.url("/other.rss"))
        #expect(moved?.configuredURL == server.url("/other.rss"))
        #expect(moved?.etag == "\"o\"")
    }

    @Test func gzipBodiesAreDecodedAndOversizedBodiesRefused() async throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        let feed = try Fixtures.bytes("sites/wire-a.rss")
        server.set("/gz.rss", .init(body: feed, gzipped: try ProcessRunner.gzip(feed)))
        server.set("/huge.rss", .init(body: Array(repeating: 0x20, count: 3 << 20) + feed))
        server.set("/huge-chunked.rss", .init(body: Array(repeating: 0x20, count: 1100 << 10), trickle: nil))
        try workspace.writeConfig(sources: [("gz", server.url("/gz.rss")), ("huge", server.url("/huge.rss"))],
                                  extra: "  max_body_size: 1MiB")
        let (report, _) = try await workspace.refresh()
        let byID = Dictionary(uniqueKeysWithValues: report.sources.map { ($0.sourceID, $0) })
        #expect(byID["gz"]?.new == 2, "\(byID["gz"]?.error ?? "")")
        #expect(server.requests("/gz.rss").first?.header("Accept-Encoding")?.contains("gzip") == true)
        #expect(byID["huge"]?.error?.contains("exceeds the limit of 1048576 bytes") == true, "\(byID["huge"]?.error ?? "")")
    }

    @Test func aStalledServerHitsTheTotalDeadline() async throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        // One byte every 300 ms never trips an idle timeout, only a total deadline.
        server.set("/slow.rss", .init(body: try Fixtures.bytes("sites/wire-a.rss"), trickle: 0.3))
        try workspace.writeConfig(sources: [("slow", server.url("/slow.rss"))], timeout: "2s")
        let started = Date()
        let (report, _) = try await workspace.refresh()
        #expect(report.sources[0].error?.contains("no complete answer within 2s") == true, "\(report.sources[0].error ?? "")")
        #expect(Date().timeIntervalSince(started) < 10)
    }

    /// A source that changes its GUID scheme and edits titles keeps its items' ids.
    @Test func idsSurviveGUIDSchemeChangesAndEdits() async throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        func rss(_ items: [(guid: String?, link: String, title: String)]) -> String {
            var text = "<rss version=\"2.0\"><channel><title>S</title><link>https://s.example/</link><description>d</description>"
            for item in items {
                text += "<item><title>\(item.title)</title><link>\(item.link)</link>"
                if let guid = item.guid { text += "<guid isPermaLink=\"false\">\(guid)</guid>" }
                text += "<description>Body of \(item.link)</description></item>"
            }
            return text + "</channel></rss>"
        }
        server.set("/s.rss", .feed(rss([("1", "https://s.example/a", "A"), ("2", "https://s.example/b", "B"), (nil, "https://s.example/c", "C")])))
        try workspace.writeConfig(sources: [("s", server.url("/s.rss"))])
        _ = try await workspace.refresh()
        let before = try workspace.parsed("all.atom").items
        server.set("/s.rss", .feed(rss([("urn:s:a", "https://s.example/a?utm_campaign=x", "A (edited)"), ("urn:s:b", "https://s.example/b", "B"), (nil, "https://s.example/c", "C")])))
        let (report, _) = try await workspace.refresh()
        #expect(report.sources[0].new == 0)
        #expect(report.sources[0].updated == 2)
        let after = try workspace.parsed("all.atom").items
        #expect(after.map(\.guid) == before.map(\.guid))
        #expect(after.first?.title == "A (edited)")
    }

    /// Miniflux #4197: a feed that gives every item the same GUID still yields every item.
    @Test func duplicateGUIDsInOneFeedKeepDistinctItems() async throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        var text = "<rss version=\"2.0\"><channel><title>S</title><link>https://s.example/</link><description>d</description>"
        for index in 1...10 {
            text += "<item><title>Item \(index)</title><link>https://s.example/\(index)</link><guid>same</guid></item>"
        }
        server.set("/dup.rss", .feed(text + "</channel></rss>"))
        try workspace.writeConfig(sources: [("dup", server.url("/dup.rss"))])
        let (first, _) = try await workspace.refresh()
        #expect(first.sources[0].new == 10)
        let (second, _) = try await workspace.refresh()
        #expect(second.sources[0].new == 0)
        #expect(try workspace.parsed("all.atom").items.count == 10)
    }

    @Test func discoveredFeedIsUsedAndRemembered() async throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        server.set("/", .init(body: Array("<html><head><link rel=\"alternate\" type=\"application/atom+xml\" href=\"/b.atom\"></head><body></body></html>".utf8), contentType: "text/html; charset=utf-8"))
        server.set("/b.atom", .init(body: try Fixtures.bytes("sites/wire-b.atom"), etag: "\"b\""))
        try workspace.writeConfig(sources: [("site", server.url("/"))])
        let (report, session) = try await workspace.refresh()
        #expect(report.sources[0].new == 2)
        #expect(try await session.store.allSourceStates()[0].currentURL == server.url("/b.atom"))
        let (second, _) = try await workspace.refresh()
        #expect(second.sources[0].outcome == .notModified)
        #expect(server.requests("/").count == 1)
    }
}
