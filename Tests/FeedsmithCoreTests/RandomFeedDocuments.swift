import Foundation

@testable import FeedsmithCore

/// Feed documents with every optional part present or absent at random, for comparing a renderer with its
/// reference.
enum RandomFeedDocuments {
    static let texts = [
        "", "plain", "标题 <b>&</b> \"引号\" \\ /", "line\nbreak\r\ttab", "\u{1}\u{1F}\u{7F}", "銀川 ❤️ 👩‍👩‍👧", "\u{2028}\u{2029}",
        "https://news.example.cn/a/1.html?x=1&y=2", "<p class=\"x\">正文 &amp; 链接</p>", String(repeating: "長", count: 200),
    ]

    static func maybe<T>(_ value: T, _ random: inout some RandomNumberGenerator) -> T? {
        Bool.random(using: &random) ? value : nil
    }

    static func text(_ random: inout some RandomNumberGenerator) -> String {
        texts.randomElement(using: &random) ?? ""
    }

    static func date(_ random: inout some RandomNumberGenerator) -> Date {
        Date(timeIntervalSince1970: Double(Int.random(in: -100_000_000...2_000_000_000, using: &random)) + ([0, 0.25, 0.999].randomElement(using: &random) ?? 0))
    }

    /// A document with every optional part present or absent at random.
    static func document(_ random: inout some RandomNumberGenerator) -> FeedDocument {
        let entries = (0..<Int.random(in: 0...6, using: &random)).map { _ in
            var entry = FeedEntry(
                id: Bool.random(using: &random) ? "urn:uuid:\(UUID().uuidString.lowercased())" : text(&random), title: text(&random), link: maybe(text(&random), &random),
                published: maybe(date(&random), &random), updated: date(&random), authorName: text(&random),
                contentHTML: maybe(text(&random), &random), summary: maybe(text(&random), &random),
                categories: (0..<Int.random(in: 0...3, using: &random)).map { _ in text(&random) },
                language: maybe("zh-CN", &random),
                source: EntrySource(id: text(&random), title: text(&random), url: maybe(text(&random), &random), siteURL: maybe(text(&random), &random)))
            entry.related = (0..<Int.random(in: 0...2, using: &random)).map { _ in
                RelatedCoverage(
                    id: text(&random), title: text(&random), link: maybe(text(&random), &random), sourceTitle: text(&random),
                    published: maybe(date(&random), &random))
            }
            return entry
        }
        let zones = ["Asia/Shanghai", "UTC", "America/St_Johns", "Pacific/Chatham"]
        var document = FeedDocument(
            title: text(&random), subtitle: maybe(text(&random), &random), id: "urn:uuid:1",
            selfURLs: Dictionary(uniqueKeysWithValues: OutputFormat.allCases.filter { _ in Bool.random(using: &random) }.map {
                ($0, "http://localhost:8080/all.\($0.fileExtension)?a=1&b=\"2\"")
            }), homeURL: text(&random),
            language: maybe("en", &random), updated: date(&random),
            timeZone: TimeZone(identifier: zones.randomElement(using: &random) ?? "UTC") ?? .gmt, entries: entries)
        document.hubs = (0..<Int.random(in: 0...2, using: &random)).map { _ in text(&random) }
        return document
    }
}
