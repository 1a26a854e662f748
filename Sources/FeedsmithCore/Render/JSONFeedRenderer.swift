import Foundation

/// Writes JSON Feed 1.1 with keys in a fixed order, so unchanged data gives identical bytes.
public enum JSONFeedRenderer {
    public static func render(_ feed: FeedDocument) throws(RenderError) -> [UInt8] {
        var root: [(String, JSONValue)] = [
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
        JSONValue.object(root).write(to: &out)
        out.append(0x0A)
        return out
    }

    private static func item(_ entry: FeedEntry, feed: FeedDocument) -> JSONValue {
        var item: [(String, JSONValue)] = [("id", .string(entry.id)), ("title", .string(entry.title))]
        if let link = entry.link { item.append(("url", .string(link))) }
        item.append(("content_html", .string(entry.contentHTML ?? HTMLEscaping.text(entry.summary ?? entry.title))))
        if let summary = entry.summary { item.append(("summary", .string(summary))) }
        if let published = entry.published { item.append(("date_published", .string(DateFormatting.rfc3339(published, in: feed.timeZone)))) }
        item.append(("date_modified", .string(DateFormatting.rfc3339(entry.updated, in: feed.timeZone))))
        item.append(("authors", .array([.object([("name", .string(entry.authorName))])])))
        if !entry.categories.isEmpty { item.append(("tags", .array(entry.categories.map(JSONValue.string)))) }
        if let language = entry.language { item.append(("language", .string(language))) }
        var source: [(String, JSONValue)] = [
            ("id", .string(entry.source.id)), ("title", .string(entry.source.title)), ("feed_url", .string(entry.source.url)),
        ]
        if let site = entry.source.siteURL { source.append(("home_page_url", .string(site))) }
        var feedsmith: [(String, JSONValue)] = [("about", .string("https://github.com/feedsmith/feedsmith")), ("source", .object(source))]
        if !entry.related.isEmpty {
            // The other members of the entry's story group: the same story as other sources reported it.
            feedsmith.append(("related", .array(entry.related.map { member in
                var object: [(String, JSONValue)] = [
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
