import Foundation
@testable import FeedsmithCore

/// The JSON Feed renderer as it was before it wrote bytes directly: a tree of values whose objects are sorted
/// by key on the way out, with its own string escaping. Kept as the reference the direct writer must match
/// byte for byte.
enum JSONFeedReferenceRenderer {
    static func render(_ feed: FeedDocument) -> [UInt8] {
        var root: [(String, ReferenceJSONValue)] = [
            ("version", .string("https://jsonfeed.org/version/1.1")),
            ("title", .string(TextHygiene.xmlSafe(feed.title))),
            ("home_page_url", .string(feed.homeURL)),
        ]
        if let selfURL = feed.selfURLs[.json] { root.append(("feed_url", .string(selfURL))) }
        if let subtitle = feed.subtitle { root.append(("description", .string(subtitle))) }
        if let language = feed.language { root.append(("language", .string(language))) }
        if !feed.hubs.isEmpty {
            root.append(("hubs", .array(feed.hubs.map { .object([("type", .string("WebSub")), ("url", .string($0))]) })))
        }
        root.append(("items", .array(feed.entries.map { item($0, feed: feed) })))
        var out: [UInt8] = []
        out.reserveCapacity(4096 + feed.entries.count * 2048)
        ReferenceJSONValue.object(root).write(to: &out)
        out.append(0x0A)
        return out
    }

    private static func item(_ entry: FeedEntry, feed: FeedDocument) -> ReferenceJSONValue {
        var item: [(String, ReferenceJSONValue)] = [("id", .string(entry.id)), ("title", .string(entry.title))]
        if let link = entry.link { item.append(("url", .string(link))) }
        item.append(("content_html", .string(entry.contentHTML ?? HTMLEscaping.text(entry.summary ?? entry.title))))
        if let summary = entry.summary { item.append(("summary", .string(summary))) }
        if let published = entry.published { item.append(("date_published", .string(DateFormatting.rfc3339(published, in: feed.timeZone)))) }
        item.append(("date_modified", .string(DateFormatting.rfc3339(entry.updated, in: feed.timeZone))))
        item.append(("authors", .array([.object([("name", .string(entry.authorName))])])))
        if !entry.categories.isEmpty { item.append(("tags", .array(entry.categories.map(ReferenceJSONValue.string)))) }
        if let language = entry.language { item.append(("language", .string(language))) }
        var source: [(String, ReferenceJSONValue)] = [
            ("id", .string(entry.source.id)), ("title", .string(entry.source.title)),
        ]
        if let url = entry.source.url { source.append(("feed_url", .string(url))) }
        if let site = entry.source.siteURL { source.append(("home_page_url", .string(site))) }
        var feedsmith: [(String, ReferenceJSONValue)] = [("about", .string("https://github.com/feedsmith/feedsmith")), ("source", .object(source))]
        if !entry.related.isEmpty {
            // The other members of the entry's story group: the same story as other sources reported it.
            feedsmith.append(("related", .array(entry.related.map { member in
                var object: [(String, ReferenceJSONValue)] = [
                    ("id", .string(member.id)), ("title", .string(member.title)), ("source_title", .string(member.sourceTitle)),
                ]
                if let link = member.link { object.append(("url", .string(link))) }
                if let published = member.published { object.append(("date_published", .string(DateFormatting.rfc3339(published, in: feed.timeZone)))) }
                return .object(object)
            })))
        }
        item.append(("_feedsmith", .object(feedsmith)))
        return .object(item)
    }
}

/// A JSON value written with keys in sorted order and two-space indentation.
enum ReferenceJSONValue {
    case string(String)
    case array([ReferenceJSONValue])
    case object([(String, ReferenceJSONValue)])

    func write(to out: inout [UInt8], indent: Int = 0) {
        switch self {
        case let .string(text):
            Self.writeString(text, to: &out)
        case let .array(values):
            guard !values.isEmpty else { out += Array("[]".utf8); return }
            out.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.newline(indent + 1, &out)
                value.write(to: &out, indent: indent + 1)
            }
            Self.newline(indent, &out)
            out.append(UInt8(ascii: "]"))
        case let .object(members):
            guard !members.isEmpty else { out += Array("{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            for (index, member) in members.sorted(by: { $0.0 < $1.0 }).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.newline(indent + 1, &out)
                Self.writeString(member.0, to: &out)
                out += [UInt8(ascii: ":"), UInt8(ascii: " ")]
                member.1.write(to: &out, indent: indent + 1)
            }
            Self.newline(indent, &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func newline(_ indent: Int, _ out: inout [UInt8]) {
        out.append(0x0A)
        for _ in 0..<(indent * 2) { out.append(0x20) }
    }

    static func writeString(_ text: String, to out: inout [UInt8]) { out += Array(ReferenceEscaping.json(text).utf8) }
}
