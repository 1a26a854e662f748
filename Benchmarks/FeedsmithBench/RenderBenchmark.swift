import ArgumentParser
import Feedsmith
import FeedsmithCore
import FeedsmithStore
import Foundation

/// Rendering a 10,000-entry feed in each format, and publishing every output of a 100-feed configuration.
struct RenderBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Time Atom/RSS/JSON rendering of a large feed, and publishing all outputs of a 100-feed config.")

    @Option(help: "Entries in the large feed.")
    var entries = 10_000

    @Option(help: "Feeds (and sources) in the configuration that is published.")
    var feeds = 100

    @Flag(help: "Only the publishing part (for profiling it).")
    var publishOnly = false

    func run() async throws {
        if !publishOnly { try renderLarge() }
        try await publishConfig()
    }

    private func renderLarge() throws {
        let document = Self.document(entries: entries)
        for format in OutputFormat.allCases {
            var size = 0
            let seconds = measure(repeat: 3) {
                switch format {
                case .atom: size = (try? AtomRenderer.render(document))?.count ?? 0
                case .rss: size = (try? RSSRenderer.render(document))?.count ?? 0
                case .json: size = (try? JSONFeedRenderer.render(document))?.count ?? 0
                }
            }
            print(String(format: "render %@ of %d entries: %.0f ms (%.1f MB)", format.rawValue, entries, seconds * 1000, Double(size) / 1e6))
        }
        if let atom = try? AtomRenderer.render(document) {
            let seconds = measure(repeat: 3) { _ = FeedValidator.validate(atom, options: .init()) }
            print(String(format: "validate the Atom file of %d entries: %.0f ms", entries, seconds * 1000))
        }
    }

    private func publishConfig() async throws {

        // A refreshed store: `feeds` sources of 50 items, and `feeds` output feeds over 10 sources each. Every
        // source's own feed as well (`source_feeds: all`; by default these feed sources would get none): the
        // heavier case, and the one earlier runs measured.
        let folder = try BenchScratch.folder("render")
        defer { BenchScratch.remove(folder) }
        var yaml = "storage:\n  sqlite: \(folder.path)/feedsmith.sqlite\noutput:\n  dir: \(folder.path)/out\n  base_url: https://feeds.example.net/\n  source_feeds: all\nsources:\n"
        for number in 0..<feeds { yaml += "  - { id: s\(number), url: \"https://source\(number).example/feed.xml\" }\n" }
        yaml += "feeds:\n"
        for number in 0..<feeds {
            let members = (0..<10).map { "s\((number + $0 * 7) % feeds)" }
            yaml += "  - { id: f\(number), title: Feed \(number), sources: [\(Array(Set(members)).sorted().joined(separator: ", "))] }\n"
        }
        let path = folder.appendingPathComponent("feeds.yml")
        try yaml.write(to: path, atomically: true, encoding: .utf8)
        let config = try ConfigLoader.load(from: path)
        let store = try SQLiteStore(path: config.storage.sqlitePath.path)
        let now = Date()
        for source in config.sources {
            let items = (0..<50).map { Self.item(source: source.id, number: $0, now: now) }
            var state = SourceState(id: source.id, url: source.url.absoluteString)
            state.status = .ok
            _ = try await store.storeItems(items, state: state, now: now)
        }
        let publisher = Publisher(config: config, store: store)
        let clock = ContinuousClock()
        var report: PublishReport?
        let cpuBefore = processCPUSeconds()
        let first = try await clock.measure { report = try await publisher.publishAll() }
        let cpuFirst = processCPUSeconds() - cpuBefore
        let written = report?.written.count ?? 0
        let stages = report.map { String(format: "summed over outputs: reading %.2f s, rendering and validating %.2f s, writing %.2f s; the final commit %.2f s", $0.stageSeconds.reading, $0.stageSeconds.rendering, $0.stageSeconds.writing, $0.commitSeconds) } ?? ""
        let again = try await clock.measure { report = try await publisher.publishAll() }
        let cpuAgain = processCPUSeconds() - cpuBefore - cpuFirst
        print(String(format: "publish all outputs of %d feeds + %d per-source feeds: %.0f ms, %.2f CPU-s (%d files written); again, unchanged: %.0f ms, %.2f CPU-s",
                     feeds, feeds, first.seconds * 1000, cpuFirst, written, again.seconds * 1000, cpuAgain))
        print("  first publication, " + stages)
    }

    static func item(source: String, number: Int, now: Date) -> Item {
        let paragraph = "<p>The council voted on Tuesday to approve the budget for roads, schools and parks in the district, after a debate of four hours in which residents spoke for and against the plan.</p>"
        return Item(
            guid: "https://\(source).example/news/\(number).html", url: "https://\(source).example/news/\(number).html",
            title: "Item \(number) of \(source): council approves the district budget", author: "Reporter \(number % 7)",
            published: now.addingTimeInterval(-Double(number) * 3600), contentHTML: String(repeating: paragraph, count: 6),
            summary: "The council voted on Tuesday to approve the budget.")
    }

    static func document(entries: Int) -> FeedDocument {
        let zone = TimeZone(identifier: "Asia/Shanghai") ?? .current
        let now = Date(timeIntervalSince1970: 1_780_000_000)
        let source = EntrySource(id: "s", title: "Source", url: "https://source.example/feed.xml", siteURL: "https://source.example/")
        let list = (0..<entries).map { number -> FeedEntry in
            let item = item(source: "source", number: number, now: now)
            return FeedEntry(
                id: "urn:uuid:\(SyntheticNews.uuid(number).uuidString.lowercased())", title: item.title, link: item.url,
                published: item.published, updated: item.published ?? now, authorName: item.author ?? "", contentHTML: item.contentHTML,
                summary: item.summary, categories: ["news"], language: nil, source: source)
        }
        return FeedDocument(
            title: "Large", subtitle: nil, id: "urn:uuid:00000000-0000-8000-8000-000000000000",
            selfURLs: [.atom: "https://feeds.example.net/large.atom", .rss: "https://feeds.example.net/large.rss", .json: "https://feeds.example.net/large.json"],
            homeURL: "https://feeds.example.net/", language: "en", updated: now, timeZone: zone, entries: list)
    }
}
