import ArgumentParser
import FeedsmithCore
import FeedsmithStore
import Foundation

/// Where one polled source's CPU goes, stage by stage, on one thread: the feeds the poll benchmark serves,
/// taken through decoding, parsing (with each item's sanitizing and summary), the store's identity keys, and
/// rendering and validating the source's own three outputs. No network, database or files: what is left of
/// the poll benchmark's CPU per source is theirs.
struct StagesBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stages",
        abstract: "Per-source CPU of each pure stage of a refresh, over the poll benchmark's generated feeds.")

    @Option(help: "Generated feeds (20 items each) taken through every stage.")
    var feeds = 1000

    func run() throws {
        let bodies = (0..<feeds).map { Array(GeneratedFeed.rss($0).utf8) }
        let utc = TimeZone(identifier: "UTC") ?? .current
        let now = Date(timeIntervalSince1970: 1_780_100_000)
        let clock = ContinuousClock()
        // Source by source, stage after stage, as a refresh takes each source: the stages share caches (the
        // zone offsets, the recent single lines) the way they do in the daemon.
        var decode = Duration.zero, parse = Duration.zero, identity = Duration.zero, render = Duration.zero
        var validateByFormat = [Duration](repeating: .zero, count: 3)
        var items = 0, bytes = 0, findings = 0, keys = 0, feedsSeen = 0
        for (number, body) in bodies.enumerated() {
            var text = ""
            decode += clock.measure {
                // As a refresh takes a source of kind `auto`: decode, then tell a feed from a page.
                text = DocumentDecoder.decode(body, contentType: "application/rss+xml; charset=utf-8").text
                if FeedParser.looksLikeFeed(text) { feedsSeen += 1 }
            }
            var parsed: [Item] = []
            parse += clock.measure {
                let context = ParseContext(baseURL: "http://127.0.0.1/feeds/\(number).xml", timeZone: utc, now: now)
                parsed = (try? FeedParser.parse(text, context: context))?.items ?? []
            }
            items += parsed.count
            identity += clock.measure {
                // The store's own preparation of a document: content hashes, canonical URLs, identity keys and
                // the two ids each key can give.
                let batch = PreparedBatch(parsed, sourceID: "s\(number)")
                keys &+= batch.ids.reduce(0) { $0 &+ $1.utf8.count }
            }
            let document = Self.document(number, parsed, zone: utc, now: now)
            var rendered: [[UInt8]] = []
            render += clock.measure {
                rendered = [(try? AtomRenderer.render(document)) ?? [], (try? RSSRenderer.render(document)) ?? [], (try? JSONFeedRenderer.render(document)) ?? []]
            }
            for (index, format) in [OutputFormat.atom, .rss, .json].enumerated() {
                bytes += rendered[index].count
                validateByFormat[index] += clock.measure {
                    let report = FeedValidator.validate(rendered[index], options: .init(expectedSelfURL: document.selfURLs[format]))
                    findings += report.errors.count + report.warnings.count
                }
            }
        }
        let validate = validateByFormat.reduce(Duration.zero, +)
        print("stages: \(feeds) feeds (\(feedsSeen) classified as feeds), \(items) items, \(bytes / 1_000_000) MB of outputs, \(findings) validation findings (key checksum \(keys % 10))")
        let total = [decode, parse, identity, render, validate].reduce(0) { $0 + $1.seconds }
        func padded(_ text: String) -> String { text + String(repeating: " ", count: max(0, 38 - text.count)) }
        for (name, time) in [("decode and classify", decode), ("parse, sanitize, summarize", parse), ("identity keys (hash, URL, ids)", identity),
                             ("render Atom + RSS + JSON", render), ("validate Atom", validateByFormat[0]), ("validate RSS", validateByFormat[1]),
                             ("validate JSON Feed", validateByFormat[2])] {
            print("  " + padded(name) + String(format: "%7.0f µs per source  (%4.1f%%)", time.seconds / Double(feeds) * 1e6, time.seconds / total * 100))
        }
        print("  " + padded("all pure stages") + String(format: "%7.0f µs per source", total / Double(feeds) * 1e6))
    }

    /// A source's own feed, as publishing builds it: every item, newest first, with the source named.
    static func document(_ number: Int, _ items: [Item], zone: TimeZone, now: Date) -> FeedDocument {
        let source = EntrySource(id: "s\(number)", title: "Source \(number)", url: "http://127.0.0.1/feeds/\(number).xml", siteURL: "https://source\(number).example/")
        let entries = items.map { item in
            FeedEntry(
                id: "urn:uuid:" + ItemIdentity.stableID(sourceID: "s\(number)", key: item.guid ?? item.url ?? item.title), title: item.title,
                link: item.url, published: item.published, updated: item.updated ?? item.published ?? now, authorName: item.author ?? "Source \(number)",
                contentHTML: item.contentHTML, summary: item.summary, categories: item.categories, language: item.language, source: source)
        }
        let base = "https://feeds.example.net/sources/s\(number)"
        return FeedDocument(
            title: "Source \(number)", subtitle: "Source \(number), as collected by Feedsmith",
            id: "urn:uuid:" + ItemIdentity.stableID(sourceID: "feedsmith-output", key: "source:s\(number)"),
            selfURLs: [.atom: base + ".atom", .rss: base + ".rss", .json: base + ".json"],
            homeURL: "https://source\(number).example/", language: nil, updated: entries.first?.updated ?? now, timeZone: zone, entries: entries)
    }
}
