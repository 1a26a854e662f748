import Foundation
import Testing
@testable import FeedsmithCore

@Suite struct ConfigLoaderTests {
    let file = URL(fileURLWithPath: "/srv/feedsmith/feeds.yml")

    /// The form from the foundation issue, exactly as written.
    static let issueExample = """
        storage:
          sqlite: var/feedsmith.sqlite        # the embedded default store
        output:
          dir: public
          base_url: http://localhost:8080/    # self links and feed ids
        defaults:
          timezone: Asia/Shanghai             # for dates that carry no zone
          interval: 15m
          timeout: 20s
        sources:
          - id: ycnews
            url: https://news.example.cn/ycxw/index.html   # http(s) and file:// URLs
            # optional: kind (auto|feed|page, default auto), title, interval, timezone, encoding
        feeds:
          - id: all
            title: 宁夏新闻汇总
            sources: all            # or a list of source ids
            group_related: true     # accepted now; grouping itself is its own issue
            limit: 200
        """

    @Test func issueExampleLoads() throws {
        let config = try ConfigLoader.parse(Self.issueExample, file: file)
        #expect(config.storage.sqlitePath.path == "/srv/feedsmith/var/feedsmith.sqlite")
        #expect(config.output.directory.path == "/srv/feedsmith/public")
        #expect(config.output.baseURL.absoluteString == "http://localhost:8080/")
        #expect(config.output.sourceFeeds == .pages, "sources read as pages get their own feed unless told otherwise")
        // The booleans earlier versions took still work: true is every source, false none.
        for (text, expected) in [("all", SourceFeeds.all), ("pages", .pages), ("none", .none), ("Pages", .pages), ("true", .all), ("false", .none)] {
            let parsed = try ConfigLoader.parse("output:\n  source_feeds: \(text)\nsources: []\nfeeds: []\n", file: file)
            #expect(parsed.output.sourceFeeds == expected, "\(text)")
        }
        #expect(config.defaults.timeZone.identifier == "Asia/Shanghai")
        #expect(config.defaults.interval == 900)
        #expect(config.defaults.timeout == 20)
        #expect(config.sources.map(\.id) == ["ycnews"])
        #expect(config.sources[0].kind == .auto)
        #expect(config.sources[0].interval == 900)
        #expect(config.feeds[0].title == "宁夏新闻汇总")
        #expect(config.feeds[0].sourceIDs == ["ycnews"])
        #expect(config.feeds[0].groupRelated)
        #expect(config.feeds[0].limit == 200)
    }

    @Test func perSourceOverridesAndRelativePaths() throws {
        let config = try ConfigLoader.parse("""
            sources:
              - id: a
                url: samples/a.rss
                kind: feed
                title: A
                interval: 1h30m
                timezone: Europe/Berlin
                encoding: gb2312
              - id: b
                url: file:///data/b.atom
            feeds:
              - id: one
                sources: [b, a]
            """, file: file)
        #expect(config.sources[0].url.path == "/srv/feedsmith/samples/a.rss")
        #expect(config.sources[0].url.isFileURL)
        #expect(config.sources[0].interval == 5400)
        #expect(config.sources[0].timeZone.identifier == "Europe/Berlin")
        #expect(config.sources[0].encoding == "gb2312")
        #expect(config.sources[1].url.absoluteString == "file:///data/b.atom")
        #expect(config.feeds[0].sourceIDs == ["b", "a"])
        #expect(config.feeds[0].title == "one")
        #expect(config.output.baseURL.absoluteString == "http://localhost:8080/")
    }

    /// Each bad input gives file, line, column and a message naming what is expected.
    @Test(arguments: [
        ("sources:\n  - id: a\n    url: https://x.example/\n    intervall: 5m\nfeeds: []\n", 4, 5, "unknown key `intervall` in a source (did you mean `interval`?)"),
        ("sources:\n  - id: a\n    url: https://x.example/\n    interval: soon\nfeeds: []\n", 4, 15, "expected a duration"),
        ("sources:\n  - id: a\n    url: https://x.example/\n    timezone: Mars/Olympus\nfeeds: []\n", 4, 15, "unknown time zone `Mars/Olympus`"),
        ("sources:\n  - id: a\n    url: https://x.example/\n  - id: a\n    url: https://y.example/\nfeeds: []\n", 4, 9, "duplicate source id `a` (first defined at line 2)"),
        ("sources:\n  - id: a\n    url: https://x.example/\nfeeds:\n  - id: all\n    sources: [a, nope]\n", 6, 18, "names unknown source `nope`"),
        ("sources:\n  - id: a\n    url: ftp://x.example/\nfeeds: []\n", 3, 10, "unsupported scheme `ftp`"),
        ("sources:\n  - id: a\n    url: \"https://\"\nfeeds: []\n", 3, 10, "is not a complete URL"),
        ("sources:\n  - id: a\n    url: https://x.example/\n    kind: magic\nfeeds: []\n", 4, 11, "unknown kind `magic`"),
        ("sources:\n  - id: a\n    url: https://x.example/\nfeeds:\n  - id: all\n    limit: lots\n", 6, 12, "expected a whole number"),
        ("sources:\n  - id: a\n    url: https://x.example/\nfeeds:\n  - id: all\n    group_related: maybe\n", 6, 20, "expected true or false"),
        ("sources: {}\nfeeds: []\n", 1, 10, "expected a list"),
        ("sources:\n  - id: a\n    url: [1, 2]\nfeeds: []\n", 3, 10, "expected a single value"),
        ("sources:\n  - id: a\n    url: https://x.example/\n  - id: b\n    url: https://x.example/\n    encoding: klingon\nfeeds: []\n", 6, 15, "unknown encoding `klingon`"),
        ("output:\n  base_url: not a url\nsources: []\nfeeds: []\n", 2, 13, "expected an absolute http(s) URL"),
        ("output:\n  source_feeds: maybe\nsources: []\nfeeds: []\n", 2, 17, "output.source_feeds: expected all, pages or none, found `maybe`"),
        ("sources:\n  - id: a\n    url: https://x.example/\n   bad: [\nfeeds: []\n", 4, 4, "YAML syntax"),
        ("sources:\n  - id: \"a b\"\n    url: https://x.example/\nfeeds: []\n", 2, 9, "expected 1–64 ASCII letters"),
        ("feeds: []\n", 1, 1, "missing `sources:`"),
    ])
    func errorsNameLineAndColumn(yaml: String, line: Int, column: Int, message: String) {
        #expect {
            _ = try ConfigLoader.parse(yaml, file: file)
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            #expect(error.file == "/srv/feedsmith/feeds.yml")
            #expect(error.line == line, "\(error)")
            #expect(error.column == column, "\(error)")
            #expect(error.message.contains(message), "\(error)")
            return true
        }
    }

    /// Every problem of the file in one run, in file order: per key of `defaults`, per source and per feed. A feed
    /// naming a source whose own entry has a problem adds none of its own.
    @Test func everyProblemIsReportedInOneRun() {
        let yaml = """
            defaults:
              timezone: Asia/Shanghia
              interval: 15 minutes
            sources:
              - id: a
                url: https://a.example/
                kind: feeds
              - id: b
                url: ftp://b.example/feed
              - id: a
                url: https://c.example/
              - id: d
                url: https://d.example/
            feeds:
              - id: all
                sources: [a, d, nope]
              - id: two
                limit: lots
            """
        #expect {
            _ = try ConfigLoader.parse(yaml, file: file)
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            let all = [error] + error.more
            #expect(all.map(\.line) == [2, 3, 7, 9, 10, 16, 18], "\(error)")
            #expect(all.map { String($0.message.prefix(20)) } == [
                "defaults.timezone: u", "defaults.interval: e", "source `a`: unknown ", "source `b` url: unsu",
                "duplicate source id ", "feed `all` names unk", "feed `two` limit: ex",
            ], "\(error)")
            #expect(all[5].message.hasSuffix("known sources: a, b, d"), "\(all[5].message)")
            #expect(error.description.split(separator: "\n").count == 7)
            #expect(error.description.hasPrefix("/srv/feedsmith/feeds.yml:2:13: error: defaults.timezone"))
            #expect(error.summary.hasSuffix("(and 6 more)") && !error.summary.contains("\n"), "\(error.summary)")
            return true
        }
    }

    @Test func missingFileSaysWhatToDo() {
        #expect {
            _ = try ConfigLoader.load(from: URL(fileURLWithPath: "/nonexistent/feeds.yml"))
        } throws: { error in
            "\(error)".contains("/nonexistent/feeds.yml") && "\(error)".contains("--config")
        }
    }

    @Test(arguments: [("90s", 90.0), ("15m", 900), ("1h30m", 5400), ("2d", 172_800), ("500ms", 0.5), ("1w", 604_800)])
    func durations(text: String, seconds: Double) {
        #expect(DurationParser.seconds(text) == seconds)
    }

    @Test func invalidDurationsAndSizes() {
        #expect(DurationParser.seconds("15") == nil)
        #expect(DurationParser.seconds("m") == nil)
        #expect(DurationParser.seconds("") == nil)
        #expect(DurationParser.bytes("10MiB") == 10 << 20)
        #expect(DurationParser.bytes("512KiB") == 512 << 10)
        #expect(DurationParser.bytes("2MB") == 2_000_000)
        #expect(DurationParser.bytes("12 parsecs") == nil)
    }
}
