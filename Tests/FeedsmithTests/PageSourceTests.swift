import Feedsmith
import FeedsmithCore
import Foundation
import Testing

/// Sites that publish no feed: a list page and its articles served over loopback HTTP.
@Suite struct PageSourceTests {
    static let extractFixtures = Fixtures.parseFolder.deletingLastPathComponent().appendingPathComponent("extract")

    static func extractFixture(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: extractFixtures.appendingPathComponent(name)))
    }

    /// A list of three articles: GBK labelled gb2312, Traditional with ruby, and Big5.
    /// One list source, `site`, reading at most `maxArticles` articles per refresh, in the feed `all`.
    static func writeConfig(_ workspace: Workspace, listAt url: String, maxArticles: Int) throws {
        try workspace.writeConfig(sources: [], feeds: """
              - id: site
                url: \(url)
                max_articles: \(maxArticles)
            feeds:
              - id: all
                sources: all

            """)
    }

    static func serveSite(_ server: FixtureServer) throws {
        let list = """
            <html><head><meta charset="utf-8"><title>新闻列表_示例网</title></head><body>
            <div class="nav"><a href="/">首页</a><a href="/list/">新闻</a><a href="/about/">关于</a></div>
            <ul class="newslist">
            <li><a href="/news/20260312/1.html">银川市发放创业担保贷款2.3亿元</a><span>[2026-03-12]</span></li>
            <li><a href="/news/20260313/2.html">銀川萬名黨員筑起疫情防控“紅色堡壘”</a><span>[2026-03-13]</span></li>
            <li><a href="/news/2026-03/11/88.html">港府公布新一輪基建計劃</a><span>[2026-03-11]</span></li>
            </ul><div class="footer"><a href="/a">友情链接一</a><a href="/b">友情链接二</a></div></body></html>
            """
        server.set("/list/", .init(body: Array(list.utf8), contentType: "text/html; charset=utf-8"))
        server.set("/news/20260312/1.html", .init(body: try extractFixture("gbk-gb2312-label-article.html"), contentType: "text/html"))
        server.set("/news/20260313/2.html", .init(body: try extractFixture("utf8-traditional-ruby-article.html"), contentType: "text/html"))
        server.set("/news/2026-03/11/88.html", .init(body: try extractFixture("big5-article.html"), contentType: "text/html"))
    }

    @Test func listPageAndArticlesThroughFeedctlToAtom() throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        try Self.serveSite(server)
        try workspace.writeConfig(sources: [("site", server.url("/list/"))])
        let result = try ProcessRunner.run(ProcessRunner.feedctl, ["refresh", "--config", workspace.configPath])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("new=3"))
        let atom = try workspace.read("all.atom")
        #expect(try RelaxNGValidator.atom().validate(Array(atom.utf8)) == [])
        let feed = try workspace.parsed("all.atom")
        #expect(feed.items.map(\.title) == ["銀川萬名黨員筑起疫情防控“紅色堡壘”", "银川市发放创业担保贷款2.3亿元", "港府公布新一輪基建計劃"])
        #expect(feed.items.map(\.author) == ["張曉慧", "张晓慧", "李娜"])
        #expect(atom.contains("<published>2026-03-13T09:05:00+08:00</published>"))
        #expect(atom.contains("<published>2026-03-12T16:40:00+08:00</published>"))
        #expect(atom.contains("<published>2026-03-11T00:00:00+08:00</published>"))
        #expect(feed.items[1].contentHTML?.contains("朱镕基") == true)
        #expect(feed.items.allSatisfy { !($0.contentHTML ?? "").contains("\u{FFFD}") && !($0.contentHTML ?? "").contains("(qū)") })
        #expect(feed.items[0].url == server.url("/news/20260313/2.html"))
        // The article's 相關新聞 box is stored as declared relations and listed under "Related", not merged.
        #expect(feed.items[0].contentHTML?.contains("<h4>Related</h4>") == true)
        #expect(!atom.contains("rel=\"related\""))
        try OutputChecks.expectAllValid(workspace)

        // The second refresh does not fetch stored articles again.
        let again = try ProcessRunner.run(ProcessRunner.feedctl, ["refresh", "--config", workspace.configPath])
        #expect(again.status == 0)
        #expect(server.requests("/news/20260312/1.html").count == 1)
        #expect(server.requests("/list/").count == 2)
        let sources = try ProcessRunner.run(ProcessRunner.feedctl, ["sources", "--config", workspace.configPath])
        #expect(sources.stdout.contains("site: list"))
        #expect(sources.stdout.contains("list of 3 link(s), 0 new, 0 fetched"))
    }

    @Test func maxArticlesBoundsOneRefreshAndTheRestComeNextTime() async throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        try Self.serveSite(server)
        try Self.writeConfig(workspace, listAt: server.url("/list/"), maxArticles: 2)
        let (first, _) = try await workspace.refresh()
        #expect(first.sources[0].new == 2, "\(first.sources[0].error ?? "")")
        let (second, _) = try await workspace.refresh()
        #expect(second.sources[0].new == 1)
        #expect(try workspace.parsed("all.atom").items.count == 3)
    }

    /// Links whose pages fail never take the slots of links not yet tried; they wait (15 minutes, doubling), and
    /// a page that is gone five times running is published from what the list says. A 503 is retried, never given up.
    @Test func failingArticleLinksWaitTheirTurnAndGoneOnesArePublishedFromTheList() async throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        let list = """
            <html><head><meta charset="utf-8"><title>新闻列表_示例网</title></head><body><ul class="newslist">
            <li><a href="/gone/1.html">银川市第一条已经删除的新闻</a><span>[2026-03-13]</span></li>
            <li><a href="/gone/2.html">银川市第二条已经删除的新闻</a><span>[2026-03-13]</span></li>
            <li><a href="/busy/3.html">银川市第三条暂时无法打开的新闻</a><span>[2026-03-11]</span></li>
            <li><a href="/news/20260312/1.html">银川市发放创业担保贷款2.3亿元</a><span>[2026-03-12]</span></li>
            </ul></body></html>
            """
        server.set("/list/", .init(body: Array(list.utf8), contentType: "text/html; charset=utf-8"))
        server.set("/news/20260312/1.html", .init(body: try Self.extractFixture("gbk-gb2312-label-article.html"), contentType: "text/html"))
        server.set("/busy/3.html", .init(status: .serviceUnavailable, body: Array("busy".utf8), contentType: "text/html"))
        try Self.writeConfig(workspace, listAt: server.url("/list/"), maxArticles: 3)
        let start = Date(timeIntervalSince1970: 1_773_300_000)
        let (first, _) = try await workspace.refresh(now: start)
        #expect(first.sources[0].new == 0, "the three failing links came first")
        #expect(first.sources[0].notes.contains { $0.hasPrefix("3 article(s) not fetched, retried in 15 minutes or more") }, "\(first.sources[0].notes)")
        let (second, _) = try await workspace.refresh(now: start.addingTimeInterval(60))
        #expect(second.sources[0].new == 1, "the article behind the failing links: \(second.sources[0].notes)")
        #expect(second.sources[0].notes.contains("list of 4 link(s), 4 new, 1 fetched, 3 waiting to be retried"), "\(second.sources[0].notes)")
        #expect(server.requests("/gone/1.html").count == 1)
        // At each retry time the gone links fail again; the fifth failure publishes them.
        var now = start
        for (failures, wait) in zip(1...4, [15.0, 30, 60, 120]) {
            now = now.addingTimeInterval(wait * 60 + 1)
            let (report, _) = try await workspace.refresh(now: now)
            #expect(report.sources[0].new == (failures == 4 ? 2 : 0), "\(report.sources[0].notes)")
        }
        #expect(server.requests("/gone/1.html").count == 5)
        #expect(server.requests("/gone/2.html").count == 5)
        let items = try workspace.parsed("all.atom").items
        #expect(Set(items.map(\.title)) == ["银川市发放创业担保贷款2.3亿元", "银川市第一条已经删除的新闻", "银川市第二条已经删除的新闻"])
        #expect(items.first { $0.title == "银川市第一条已经删除的新闻" }?.url == server.url("/gone/1.html"))
        let (after, session) = try await workspace.refresh(now: now.addingTimeInterval(7 * 3600))
        // Settled links are forgotten; the busy one stays recorded.
        let recorded = try await session.store.articleAttempts(sourceID: "site", urls: ["/gone/1.html", "/gone/2.html", "/busy/3.html"].map(server.url))
        #expect(Array(recorded.keys) == [server.url("/busy/3.html")])
        #expect(recorded[server.url("/busy/3.html")]?.failures == 6)
        #expect(server.requests("/gone/1.html").count == 5, "a published link is known")
        #expect(server.requests("/busy/3.html").count == 6, "a 503 is retried")
        #expect(!items.contains { $0.title.contains("暂时无法打开") })
        #expect(!after.sources[0].notes.contains { $0.contains("published from the list alone") })
    }

    @Test func selectorsMatchingNothingFailTheSourceLoudly() async throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        try Self.serveSite(server)
        try workspace.writeConfig(sources: [], feeds: """
              - id: pinned
                url: \(server.url("/list/"))
                list: { item: "ul.newslist li", link: "a", date: "span" }
              - id: broken
                url: \(server.url("/list/"))
                list: { item: "ul.articles li" }
            feeds:
              - id: all
                sources: all

            """)
        let (report, _) = try await workspace.refresh()
        let byID = Dictionary(uniqueKeysWithValues: report.sources.map { ($0.sourceID, $0) })
        #expect(byID["pinned"]?.new == 3, "\(byID["pinned"]?.error ?? "")")
        #expect(byID["broken"]?.error == "source broken: list.item `ul.articles li` matched 0 nodes on \(server.url("/list/")); the site's layout may have changed: check the selector")
    }

    @Test func badSelectorInConfigIsAConfigError() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try "sources:\n  - id: a\n    url: https://x.example/\n    list: { item: \"ul[\" }\nfeeds: []\n".write(toFile: workspace.configPath, atomically: true, encoding: .utf8)
        let result = try ProcessRunner.run(ProcessRunner.feedctl, ["sources", "--config", workspace.configPath])
        #expect(result.status == 2)
        #expect(result.stderr.contains(":4:19: error: list.item: `ul[`: expected an attribute name after `[`"), "\(result.stderr)")
    }

    @Test func feedctlExtractJSON() throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        try Self.serveSite(server)
        let file = Self.extractFixtures.appendingPathComponent("big5-article.html").path
        let workspace = try Workspace()
        defer { workspace.remove() }
        // Run where no feeds.yml lies about: the zone is the one given.
        let result = try ProcessRunner.run(ProcessRunner.feedctl, [
            "extract", "--json", "--timezone", "Asia/Shanghai", server.url("/list/"), server.url("/news/20260312/1.html"),
            "--base-url", "https://hk.example.com/news/2026-03/11/88.html", file,
        ], currentDirectory: workspace.folder)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 3, "\(result.stdout)\(result.stderr)")
        let objects = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:] }
        #expect(objects.map { $0["kind"] as? String } == ["list", "article", "article"])
        #expect((objects[0]["links"] as? [[String: Any]])?.count == 3)
        #expect(objects[1]["encoding"] as? String == "GB18030")
        #expect(objects[1]["replaced_bytes"] as? Int == 0)
        #expect(objects[1]["title"] as? String == "银川市发放创业担保贷款2.3亿元")
        #expect(objects[1]["published"] as? String == "2026-03-12T16:40:00+08:00")
        #expect(objects[1]["author"] as? String == "张晓慧")
        #expect((objects[1]["text"] as? String)?.split(separator: "\n").count == 4)
        #expect((objects[1]["html"] as? String)?.hasPrefix("<p>") == true)
        #expect(objects[2]["encoding"] as? String == "BIG5-HKSCS")
        #expect(objects[2]["published"] as? String == "2026-03-11T00:00:00+08:00")
        for key in ["input", "url", "kind", "encoding", "replaced_bytes", "title", "author", "published", "text", "html"] {
            #expect(objects[1].keys.contains(key), "\(key)")
        }
    }
}

extension PageSourceTests {
    /// feedctl extract reads a configured source's URL as a refresh reads it (its zone and selectors), other
    /// inputs in the config's default zone, and with no config at all dates without a zone as UTC.
    @Test func feedctlExtractAppliesTheConfiguredSource() throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        try Self.serveSite(server)
        let workspace = try Workspace()
        defer { workspace.remove() }
        try """
            storage: { sqlite: var/store.sqlite }
            output: { dir: public }
            defaults: { timezone: Europe/Berlin }
            sources:
              - id: site
                url: \(server.url("/list/"))
                timezone: Asia/Shanghai
                list: { item: "div.footer a" }
              - id: article
                url: \(server.url("/news/20260312/1.html"))
                timezone: America/New_York
            feeds: []

            """.write(toFile: workspace.configPath, atomically: true, encoding: .utf8)
        func extract(_ arguments: [String], in folder: URL) throws -> [[String: Any]] {
            let result = try ProcessRunner.run(ProcessRunner.feedctl, ["extract", "--json"] + arguments, currentDirectory: folder)
            return try result.stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:] }
        }
        let article = server.url("/news/20260312/1.html"), other = server.url("/news/20260313/2.html")
        // The article's dateline, 2026-03-12 16:40, carries no zone.
        let configured = try extract(["--config", workspace.configPath, server.url("/list/"), article], in: FileManager.default.temporaryDirectory)
        #expect(configured.map { $0["source"] as? String } == ["site", "article"])
        #expect((configured[0]["links"] as? [[String: Any]])?.compactMap { $0["title"] as? String } == ["友情链接一", "友情链接二"], "the pinned selector")
        #expect(configured[1]["published"] as? String == "2026-03-12T16:40:00-04:00")
        // ./feeds.yml is read when there is one; an input that is no source's URL takes defaults.timezone.
        let fromFolder = try extract([article, other], in: workspace.folder)
        #expect(fromFolder[0]["published"] as? String == "2026-03-12T16:40:00-04:00")
        #expect(fromFolder[1]["source"] == nil)
        #expect((fromFolder[1]["published"] as? String)?.hasSuffix("+01:00") == true, "\(fromFolder[1])")
        let overridden = try extract(["--config", workspace.configPath, "--timezone", "Asia/Shanghai", article], in: workspace.folder)
        #expect(overridden[0]["published"] as? String == "2026-03-12T16:40:00+08:00")
        let empty = try Workspace()
        defer { empty.remove() }
        let unconfigured = try extract([article], in: empty.folder)
        #expect(unconfigured[0]["published"] as? String == "2026-03-12T16:40:00Z")
    }
}

@Suite struct HostLimitTests {
    /// Several sources on one host plus a list page's articles: never more than two requests at once.
    @Test func atMostTwoRequestsPerHost() async throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        try PageSourceTests.serveSite(server)
        for path in ["/list/", "/news/20260312/1.html", "/news/20260313/2.html", "/news/2026-03/11/88.html"] {
            guard var route = server.route(path) else { continue }
            route.delay = 0.3
            server.set(path, route)
        }
        server.set("/a.rss", .init(body: try Fixtures.bytes("sites/wire-a.rss"), delay: 0.3))
        server.set("/b.atom", .init(body: try Fixtures.bytes("sites/wire-b.atom"), delay: 0.3))
        server.set("/c.rss", .init(body: try Fixtures.parse("rss2-basic.xml"), delay: 0.3))
        try workspace.writeConfig(sources: [("site", server.url("/list/")), ("a", server.url("/a.rss")), ("b", server.url("/b.atom")), ("c", server.url("/c.rss"))])
        let (report, _) = try await workspace.refresh()
        #expect(report.failedCount == 0, "\(report.sources.compactMap(\.error))")
        #expect(report.sources.reduce(0) { $0 + $1.new } == 3 + 2 + 2 + 2)
        #expect(server.maxConcurrentRequests == 2)
    }
}
