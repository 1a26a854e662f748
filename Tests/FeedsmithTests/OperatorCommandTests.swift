import Feedsmith
import FeedsmithCore
import Foundation
import Testing

/// feedctl as an operator meets it: check-config, add, status with and without a daemon, filters that
/// change what is published without refetching, the progress line and colours on a terminal, completions
/// and the man page.
@Suite struct OperatorCommandTests {
    static func rss(_ items: [(title: String, description: String, category: String?, daysAgo: Double)]) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Filtered source</title><link>https://filtered.example/</link><description>d</description>"
        for (index, item) in items.enumerated() {
            let date = DateFormatting.rfc822(Date().addingTimeInterval(-item.daysAgo * 86_400), in: TimeZone(identifier: "UTC")!)
            xml += "<item><title>\(item.title)</title><link>https://filtered.example/\(index).html</link><guid>https://filtered.example/\(index).html</guid>"
            xml += "<pubDate>\(date)</pubDate><description>\(item.description)</description>"
            if let category = item.category { xml += "<category>\(category)</category>" }
            xml += "</item>"
        }
        return xml + "</channel></rss>"
    }

    /// Runs a command under script(1), so it sees a terminal on stdout and stderr. NO_COLOR is cleared: the
    /// test runner's own environment may carry it.
    static func onTerminal(_ command: [String]) throws -> ProcessResult {
        let line = command.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        return try ProcessRunner.run("/usr/bin/env", ["-u", "NO_COLOR", "/usr/bin/script", "-qec", line, "/dev/null"])
    }

    @Test func checkConfigSummarizesWarnsAndPointsAtErrors() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.writeConfig(sources: [("a", "https://a.example/feed.xml"), ("b", "https://a.example/feed.xml")])
        let ok = try ProcessRunner.run(ProcessRunner.feedctl, ["check-config", "--config", workspace.configPath])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("valid — 2 source(s), 1 feed(s)"))
        #expect(ok.stdout.contains("warning: sources `a` and `b` have the same URL"))
        #expect(!FileManager.default.fileExists(atPath: workspace.folder.appendingPathComponent("var/store.sqlite").path), "nothing fetched or stored")

        try workspace.writeConfig(sources: [("a", "https://a.example/feed.xml")], feeds: """
            feeds:
              - id: all
                sources: all
                filters:
                  exclude:
                    - title: "/[unclosed/"

            """)
        let bad = try ProcessRunner.run(ProcessRunner.feedctl, ["check-config", "--config", workspace.configPath])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("feeds.yml:19:"), "\(bad.stderr)")
        #expect(bad.stderr.contains("not a valid regular expression"))
    }

    /// Which sources outside every feed are still published depends on `output.source_feeds` and their kind.
    @Test func checkConfigSaysWhichSourcesArePublishedNowhere() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        func write(outputKey: String = "") throws {
            try workspace.writeConfig(sources: [("in", "https://in.example/feed.xml"), ("guess", "https://guess.example/")], feeds: """
                  - { id: feedonly, url: "https://f.example/feed.xml", kind: feed }
                  - { id: paper, url: "https://p.example/news/", kind: page }
                feeds:
                  - id: main
                    sources: [in]

                """, outputKey: outputKey)
        }
        try write()
        let pages = try ProcessRunner.run(ProcessRunner.feedctl, ["check-config", "--config", workspace.configPath])
        #expect(pages.status == 0, "\(pages.stderr)")
        #expect(pages.stdout.contains("own feeds under sources/ for sources read as pages (output.source_feeds: pages)"), "\(pages.stdout)")
        #expect(pages.stdout.contains("warning: source `feedonly` is in no feed and output.source_feeds is pages: its items are stored but published nowhere"))
        #expect(pages.stdout.contains("warning: source `paper` is in no feed (it still gets its own file under sources/)"))
        #expect(pages.stdout.contains("warning: source `guess` is in no feed: it gets a file of its own under sources/ only if it is read as a page"))
        #expect(!pages.stdout.contains("source `in`"))
        try write(outputKey: "source_feeds: all")
        let all = try ProcessRunner.run(ProcessRunner.feedctl, ["check-config", "--config", workspace.configPath])
        #expect(all.stdout.contains("(output.source_feeds: all)"), "\(all.stdout)")
        #expect(all.stdout.contains("warning: source `feedonly` is in no feed (it still gets its own file under sources/)"))
        #expect(!all.stdout.contains("published nowhere"))
    }

    @Test func addShowsWhatWouldBeExtractedAndAppendsOnConfirmation() throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        try PageSourceTests.serveSite(server)
        server.set("/feed.xml", .feed(Self.rss([("First story", "<p>Body</p>", nil, 1), ("Second story", "<p>Body</p>", nil, 2)]), contentType: "application/rss+xml"))
        try workspace.writeConfig(sources: [("existing", server.url("/existing.xml"))])

        let refused = try ProcessRunner.run(ProcessRunner.feedctl, ["add", server.url("/feed.xml"), "--config", workspace.configPath])
        #expect(refused.status == 1, "without a terminal, adding needs --yes")
        #expect(refused.stderr.contains("confirm with --yes"))
        #expect(refused.stdout.contains("kind:     a feed"))
        #expect(refused.stdout.contains("First story") && refused.stdout.contains("Second story"))

        let added = try ProcessRunner.run(ProcessRunner.feedctl, ["add", server.url("/feed.xml"), "--yes", "--config", workspace.configPath])
        #expect(added.status == 0, "\(added.stdout)\(added.stderr)")
        #expect(added.stdout.contains("added source `filtered-source`"))
        let list = try ProcessRunner.run(ProcessRunner.feedctl, ["add", server.url("/list/"), "--id", "site", "--yes", "--config", workspace.configPath])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("kind:     a list page"))
        #expect(list.stdout.contains("2026-03-12  银川市发放创业担保贷款2.3亿元"))
        let config = try ConfigLoader.load(from: URL(fileURLWithPath: workspace.configPath))
        #expect(config.sources.map(\.id) == ["existing", "filtered-source", "site"])
        #expect(config.sources[1].title == "Filtered source")

        let again = try ProcessRunner.run(ProcessRunner.feedctl, ["add", server.url("/feed.xml"), "--yes", "--config", workspace.configPath])
        #expect(again.status == 1)
        #expect(again.stderr.contains("already source `filtered-source`"))
        let dry = try ProcessRunner.run(ProcessRunner.feedctl, ["add", server.url("/list/"), "--dry-run", "--id", "other", "--config", workspace.configPath])
        #expect(dry.status == 1, "the list page is already configured")
        let missing = try ProcessRunner.run(ProcessRunner.feedctl, ["add", server.url("/nothing-here"), "--yes", "--config", workspace.configPath])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("404"))
    }

    @Test func filtersDecideWhatIsPublishedAndStatusCountsThem() throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        let long = String(repeating: "银川市今年发放创业担保贷款，扶持创业者。", count: 8)
        server.set("/feed.xml", .feed(Self.rss([
            ("[广告] 限时优惠", "<p>\(long)</p>", nil, 1),
            ("银川创业担保贷款发放2亿元", "<p>\(long)</p>", "经济", 1),
            ("Short note", "<p>Too short.</p>", nil, 1),
            ("Sponsored: a product", "<p>\(long)</p>", "广告", 1),
            ("Old story about 银川", "<p>\(long)</p>", nil, 90),
        ]), etag: "\"v1\"", contentType: "application/rss+xml"))
        let source = """
              - id: filtered
                url: \(server.url("/feed.xml"))
                filters:
                  exclude:
                    - title: "/^\\\\[广告\\\\]/"
                    - category: 广告

            """
        func write(feedFilters: String) throws {
            // Every source's own feed: the source's filters apply there, the feed's do not.
            try workspace.writeConfig(sources: [], feeds: source + """
                feeds:
                  - id: all
                    sources: all
                    filters:
                \(feedFilters)

                """, outputKey: "source_feeds: all")
        }
        try write(feedFilters: "      min_length: 40\n      max_age: 30d")
        let first = try ProcessRunner.run(ProcessRunner.feedctl, ["refresh", "--config", workspace.configPath])
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(first.stdout.contains("new=5"), "every item is stored")
        let titles = try workspace.parsed("all.atom").items.map(\.title)
        #expect(titles == ["银川创业担保贷款发放2亿元"])
        #expect(try workspace.parsed("sources/filtered.atom").items.map(\.title).sorted() == ["Old story about 银川", "Short note", "银川创业担保贷款发放2亿元"])
        try OutputChecks.expectAllValid(workspace)

        let status = try ProcessRunner.run(ProcessRunner.feedctl, ["status", "--json", "--config", workspace.configPath])
        #expect(status.status == 0, "\(status.stderr)")
        struct Output: Decodable {
            struct Count: Decodable { var scope: String; var rule: String; var dropped: Int; var checked: Int }
            var daemon: Bool
            var filters: [Count]
        }
        let output = try JSONDecoder().decode(Output.self, from: Data(status.stdout.utf8))
        #expect(output.daemon == false)
        let counts = Dictionary(uniqueKeysWithValues: output.filters.map { ("\($0.scope) \($0.rule)", $0.dropped) })
        #expect(counts["source:filtered exclude title: /^\\[广告\\]/"] == 1)
        #expect(counts["source:filtered exclude category: 广告"] == 1)
        #expect(counts["feed:all min_length 40"] == 1)
        #expect(counts["feed:all max_age 30d"] == 1)
        let table = try ProcessRunner.run(ProcessRunner.feedctl, ["status", "--config", workspace.configPath])
        #expect(table.stdout.contains("filters (items each rule kept out of the last publication):"))
        #expect(table.stdout.contains("(no daemon answers"))
        #expect(!table.stdout.contains("\u{1B}["), "no colour when not on a terminal")

        // Loosening the feed's filters publishes stored items: the source only answers 304.
        try write(feedFilters: "      max_age: 365d")
        let second = try ProcessRunner.run(ProcessRunner.feedctl, ["refresh", "--config", workspace.configPath])
        #expect(second.stdout.contains("not-modified"), "\(second.stdout)")
        #expect(try workspace.parsed("all.atom").items.map(\.title).sorted() == ["Old story about 银川", "Short note", "银川创业担保贷款发放2亿元"])
    }

    @Test func terminalGetsProgressAndColourScriptsDoNot() throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        server.set("/ok.xml", .feed(Self.rss([("One", "<p>x</p>", nil, 1)]), contentType: "application/rss+xml"))
        try workspace.writeConfig(sources: [("ok", server.url("/ok.xml")), ("down", server.url("/missing.xml"))])
        let refresh = try Self.onTerminal([ProcessRunner.feedctl, "refresh", "--config", workspace.configPath])
        #expect(refresh.stdout.contains("refreshing: 2/2 sources"), "\(refresh.stdout)")
        let plain = try ProcessRunner.run(ProcessRunner.feedctl, ["refresh", "--config", workspace.configPath])
        #expect(!plain.stderr.contains("refreshing:"))
        let status = try Self.onTerminal([ProcessRunner.feedctl, "status", "--config", workspace.configPath])
        #expect(status.stdout.contains("\u{1B}[31mdown"), "failing sources in red on a terminal")
        #expect(status.stdout.contains("\u{1B}[1mSOURCE"))
    }

    @Test func completionScriptsAndTheManPageCoverEveryCommand() throws {
        let commands = ["refresh", "sources", "status", "daemon", "reload", "extract", "validate", "check-config", "add", "import-opml", "export-opml"]
        for shell in ["bash", "zsh", "fish"] {
            let script = try ProcessRunner.run(ProcessRunner.feedctl, ["--generate-completion-script", shell])
            #expect(script.status == 0)
            for command in commands { #expect(script.stdout.contains(command), "\(shell): \(command)") }
        }
        let help = try ProcessRunner.run(ProcessRunner.feedctl, ["--help"])
        for command in commands { #expect(help.stdout.contains(command)) }
        let man = try String(contentsOf: Fixtures.folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/man/feedctl.1"), encoding: .utf8)
        for command in commands { #expect(man.contains(".It Em \(command)"), "docs/man/feedctl.1 lacks \(command): run scripts/man.sh") }
    }
}
