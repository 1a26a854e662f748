import Foundation

/// Writes JSON Feed 1.1 with every object's keys in byte order, so unchanged data gives identical bytes.
public enum JSONFeedRenderer {
    public static func render(_ feed: FeedDocument) throws(RenderError) -> [UInt8] {
        var json = JSONWriter(capacity: 4096 + feed.entries.count * 2048)
        var dates = ZonedDateWriter(zone: feed.timeZone)
        // Keys below are written in sorted order by hand; `JSONFeedRendererTests` compares the bytes with a
        // renderer that sorts.
        json.beginObject()
        if let subtitle = feed.subtitle { json.member("description", subtitle) }
        if let selfURL = feed.selfURLs[.json] { json.member("feed_url", selfURL) }
        json.member("home_page_url", feed.homeURL)
        if !feed.hubs.isEmpty {
            json.key("hubs")
            json.beginArray()
            for hub in feed.hubs {
                json.element()
                json.beginObject()
                json.member("type", "WebSub")
                json.member("url", hub)
                json.endObject()
            }
            json.endArray()
        }
        json.key("items")
        json.beginArray()
        for entry in feed.entries {
            json.element()
            item(entry, feed: feed, dates: &dates, to: &json)
        }
        json.endArray()
        if let language = feed.language { json.member("language", language) }
        json.member("title", TextHygiene.xmlSafe(feed.title))
        json.member("version", "https://jsonfeed.org/version/1.1")
        json.endObject()
        var bytes = json.bytes
        bytes.append(0x0A)
        return bytes
    }

    private static func item(_ entry: FeedEntry, feed: FeedDocument, dates: inout ZonedDateWriter, to json: inout JSONWriter) {
        json.beginObject()
        json.key("_feedsmith")
        json.beginObject()
        json.member("about", "https://github.com/feedsmith/feedsmith")
        if !entry.related.isEmpty {
            // The other members of the entry's story group: the same story as other sources reported it.
            json.key("related")
            json.beginArray()
            for member in entry.related {
                json.element()
                json.beginObject()
                if let published = member.published { json.member("date_published") { dates.appendRFC3339(published, to: &$0) } }
                json.member("id", member.id)
                json.member("source_title", member.sourceTitle)
                json.member("title", member.title)
                if let link = member.link { json.member("url", link) }
                json.endObject()
            }
            json.endArray()
        }
        json.key("source")
        json.beginObject()
        if let url = entry.source.url { json.member("feed_url", url) }
        if let site = entry.source.siteURL { json.member("home_page_url", site) }
        json.member("id", entry.source.id)
        json.member("title", entry.source.title)
        json.endObject()
        json.endObject()
        json.key("authors")
        json.beginArray()
        json.element()
        json.beginObject()
        json.member("name", entry.authorName)
        json.endObject()
        json.endArray()
        json.member("content_html", entry.contentHTML ?? HTMLEscaping.text(entry.summary ?? entry.title))
        json.member("date_modified") { dates.appendRFC3339(entry.updated, to: &$0) }
        if let published = entry.published { json.member("date_published") { dates.appendRFC3339(published, to: &$0) } }
        json.member("id", entry.id)
        if let language = entry.language { json.member("language", language) }
        if let summary = entry.summary { json.member("summary", summary) }
        if !entry.categories.isEmpty {
            json.key("tags")
            json.beginArray()
            for category in entry.categories {
                json.element()
                json.string(category)
            }
            json.endArray()
        }
        json.member("title", entry.title)
        if let link = entry.link { json.member("url", link) }
        json.endObject()
    }
}
