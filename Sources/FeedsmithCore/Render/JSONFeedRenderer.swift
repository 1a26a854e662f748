import Foundation

/// Writes JSON Feed 1.1 with keys in a fixed order, so unchanged data gives identical bytes.
public enum JSONFeedRenderer {
    public static func render(_ feed: FeedDocument) throws(RenderError) -> [UInt8] {
        var root: [String: Any] = [
            "version": "https://jsonfeed.org/version/1.1",
            "title": TextHygiene.xmlSafe(feed.title),
            "home_page_url": feed.homeURL,
        ]
        if let selfURL = feed.selfURLs[.json] { root["feed_url"] = selfURL }
        if let subtitle = feed.subtitle { root["description"] = subtitle }
        if let language = feed.language { root["language"] = language }
        if !feed.hubs.isEmpty { root["hubs"] = feed.hubs.map { ["type": "WebSub", "url": $0] } }
        root["items"] = feed.entries.map { entry -> [String: Any] in
            var item: [String: Any] = ["id": entry.id, "title": entry.title]
            if let link = entry.link { item["url"] = link }
            item["content_html"] = entry.contentHTML ?? HTMLEscaping.text(entry.summary ?? entry.title)
            if let summary = entry.summary { item["summary"] = summary }
            if let published = entry.published { item["date_published"] = DateFormatting.rfc3339(published, in: feed.timeZone) }
            item["date_modified"] = DateFormatting.rfc3339(entry.updated, in: feed.timeZone)
            item["authors"] = [["name": entry.authorName]]
            if !entry.categories.isEmpty { item["tags"] = entry.categories }
            if let language = entry.language { item["language"] = language }
            var source: [String: Any] = ["id": entry.source.id, "title": entry.source.title, "feed_url": entry.source.url]
            if let site = entry.source.siteURL { source["home_page_url"] = site }
            var feedsmith: [String: Any] = ["about": "https://github.com/feedsmith/feedsmith", "source": source]
            if !entry.related.isEmpty {
                // The other members of the entry's story group: the same story as other sources reported it.
                feedsmith["related"] = entry.related.map { member -> [String: Any] in
                    var object: [String: Any] = ["id": member.id, "title": member.title, "source_title": member.sourceTitle]
                    if let link = member.link { object["url"] = link }
                    if let published = member.published { object["date_published"] = DateFormatting.rfc3339(published, in: feed.timeZone) }
                    return object
                }
            }
            item["_feedsmith"] = feedsmith
            return item
        }
        do {
            let data = try JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            return Array(data) + [0x0A]
        } catch {
            throw RenderError(message: "JSON Feed: \(error.localizedDescription)")
        }
    }
}
