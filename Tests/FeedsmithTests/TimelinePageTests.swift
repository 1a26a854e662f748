import Feedsmith
import FeedsmithCore
import Foundation
import Testing

/// The HTML timeline page, rendered by a real browser (Debian's chromium, headless): the entries and
/// groups must be in the DOM it builds, and it must find the feeds through the autodiscovery links.
@Suite struct TimelinePageTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Headless chromium, bounded by coreutils' timeout so a stuck browser fails the test instead of hanging it.
    static func browser(_ arguments: [String]) throws -> ProcessResult {
        let binary = try #require(chromium, "chromium is installed by scripts/setup.sh")
        return try ProcessRunner.run(
            "/usr/bin/timeout", ["120", binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars"] + arguments)
    }

    @Test func groupedTimelinePageInHeadlessChromium() throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        let items = try GroupingEndToEndTests.corpus()
        let sources = Array(Set(items.map(\.source))).sorted()
        for source in sources {
            server.set("/\(source).xml", .init(body: GroupingEndToEndTests.rss(source, items.filter { $0.source == source }), contentType: "application/rss+xml"))
        }
        try workspace.writeConfig(sources: sources.map { ($0, server.url("/\($0).xml")) }, feeds: """
            grouping:
              window: 3650d
            feeds:
              - id: news
                title: 新闻汇总 News digest
                description: Every source, one entry per story
                sources: all
                group_related: true

            """)
        let refresh = try ProcessRunner.run(ProcessRunner.feedctl, ["refresh", "--config", workspace.configPath])
        #expect(refresh.status == 0, "\(refresh.stdout)\(refresh.stderr)")
        let page = workspace.output.appendingPathComponent("news.html")
        #expect(FileManager.default.fileExists(atPath: page.path))
        #expect(!FileManager.default.fileExists(atPath: workspace.output.appendingPathComponent("sources/wire.html").path), "pages are for output feeds")
        // Polyglot markup: an XML parser reads it too.
        #expect(OutputValidator.wellFormed(try workspace.bytes("news.html")).isEmpty)

        let dom = try Self.browser(["--dump-dom", page.absoluteString])
        #expect(dom.status == 0, "\(dom.stderr)")
        let html = dom.stdout
        #expect(html.components(separatedBy: "<article class=\"entry\"").count - 1 == 10, "one entry per story")
        #expect(html.components(separatedBy: "<div class=\"related\">").count - 1 == 5, "five stories have coverage elsewhere")
        // The seed story, under its day, with the two other reports listed.
        let party = try #require(html.components(separatedBy: "<article").first { $0.contains("银川万名党员筑起疫情防控") })
        #expect(party.components(separatedBy: "<li>").count - 1 == 2)
        #expect(party.contains("ycnews") && party.contains("portal"))
        #expect(html.contains("<section class=\"day\" id=\"day-2026-10-24\">"))
        // Days are newest first.
        let days = html.components(separatedBy: "<section class=\"day\" id=\"day-").dropFirst().map { String($0.prefix(10)) }
        #expect(days == days.sorted(by: >))
        #expect(days.count == Set(days).count)
        // Autodiscovery: a reader pointed at the page finds all three feeds.
        for type in ["application/atom+xml", "application/rss+xml", "application/feed+json"] {
            #expect(html.contains("<link rel=\"alternate\" type=\"\(type)\""))
        }
        let discovered = FeedAutodiscovery.feedLinks(inHTML: try workspace.read("news.html"), baseURL: "https://feeds.example.net/news.html")
        #expect(discovered == ["https://feeds.example.net/news.atom", "https://feeds.example.net/news.rss", "https://feeds.example.net/news.json"])

        // A phone-sized screenshot, light and dark (README shows one).
        for (name, extra) in [("light", [String]()), ("dark", ["--force-dark-mode", "--blink-settings=preferredColorScheme=0"])] {
            let shot = workspace.folder.appendingPathComponent("timeline-\(name).png")
            let result = try Self.browser(extra + ["--window-size=420,1400", "--screenshot=\(shot.path)", page.absoluteString])
            #expect(result.status == 0, "\(result.stderr)")
            let png = try Data(contentsOf: shot)
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 20_000)
            if let keep = ProcessInfo.processInfo.environment["FEEDSMITH_SCREENSHOT_DIR"] {
                try? FileManager.default.removeItem(atPath: keep + "/timeline-\(name).png")
                try FileManager.default.copyItem(atPath: shot.path, toPath: keep + "/timeline-\(name).png")
            }
        }
    }
}
