import Foundation

/// Writes RSS 2.0 with `atom:link rel="self"`, `dc:creator` for names and RFC 822 dates with numeric zones.
public enum RSSRenderer {
    public static func render(_ feed: FeedDocument) throws(RenderError) -> [UInt8] {
        var w = try XMLWriter(capacity: XMLWriter.estimatedSize(feed))
        var dates = ZonedDateWriter(zone: feed.timeZone)
        w.start("rss")
        w.attribute("version", "2.0")
        w.attribute("xmlns:atom", "http://www.w3.org/2005/Atom")
        w.attribute("xmlns:dc", "http://purl.org/dc/elements/1.1/")
        w.start("channel")
        w.element("title", feed.title)
        w.element("link", feed.homeURL)
        w.element("description", feed.subtitle ?? feed.title)
        if let selfURL = feed.selfURLs[.rss] {
            w.empty("atom:link", attributes: [("href", selfURL), ("rel", "self"), ("type", OutputFormat.rss.mediaType)])
        }
        for hub in feed.hubs { w.empty("atom:link", attributes: [("href", hub), ("rel", "hub")]) }
        if let language = feed.language { w.element("language", language) }
        w.element("lastBuildDate") { dates.appendRFC822(feed.updated, to: &$0) }
        w.element("generator", "Feedsmith \(Feedsmith.version)")
        w.element("docs", "https://www.rssboard.org/rss-specification")
        for entry in feed.entries {
            w.start("item")
            w.element("title", entry.title)
            if let link = entry.link { w.element("link", link) }
            w.element("guid", entry.id, attributes: [("isPermaLink", "false")])
            if let published = entry.published ?? Optional(entry.updated) {
                w.element("pubDate") { dates.appendRFC822(published, to: &$0) }
            }
            w.element("dc:creator", entry.authorName)
            for category in entry.categories { w.element("category", category) }
            w.element("description", entry.contentHTML ?? entry.summary.map(HTMLEscaping.text) ?? HTMLEscaping.text(entry.title))
            // RSS requires `<source>`'s url: a source without a public URL (a local file) gets no element.
            if let url = entry.source.url { w.element("source", entry.source.title, attributes: [("url", url)]) }
            for member in entry.related {
                if let link = member.link {
                    w.empty("atom:link", attributes: [("href", link), ("rel", "related"), ("type", "text/html"), ("title", "\(member.sourceTitle): \(member.title)")])
                }
            }
            w.end()
        }
        w.end()
        w.end()
        return try w.finish()
    }
}
