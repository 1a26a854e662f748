import Foundation

/// Writes Atom 1.0 (RFC 4287).
public enum AtomRenderer {
    public static func render(_ feed: FeedDocument) throws(RenderError) -> [UInt8] {
        var w = try XMLWriter(capacity: XMLWriter.estimatedSize(feed))
        var dates = ZonedDateWriter(zone: feed.timeZone)
        w.start("feed")
        w.attribute("xmlns", "http://www.w3.org/2005/Atom")
        if let language = feed.language { w.attribute("xml:lang", language) }
        w.element("id", feed.id)
        w.element("title", feed.title)
        if let subtitle = feed.subtitle { w.element("subtitle", subtitle) }
        w.element("updated") { dates.appendRFC3339(feed.updated, to: &$0) }
        if let selfURL = feed.selfURLs[.atom] {
            w.empty("link", attributes: [("rel", "self"), ("type", OutputFormat.atom.mediaType), ("href", selfURL)])
        }
        w.empty("link", attributes: [("rel", "alternate"), ("type", "text/html"), ("href", feed.homeURL)])
        for format in [OutputFormat.rss, .json] {
            if let url = feed.selfURLs[format] {
                w.empty("link", attributes: [("rel", "alternate"), ("type", format.mediaType), ("href", url)])
            }
        }
        for hub in feed.hubs { w.empty("link", attributes: [("rel", "hub"), ("href", hub)]) }
        w.element("generator", "Feedsmith", attributes: [("uri", "https://github.com/feedsmith/feedsmith"), ("version", Feedsmith.version)])
        for entry in feed.entries { write(entry, to: &w, dates: &dates, feed: feed) }
        w.end()
        return try w.finish()
    }

    private static func write(_ entry: FeedEntry, to w: inout XMLWriter, dates: inout ZonedDateWriter, feed: FeedDocument) {
        w.start("entry")
        if let language = entry.language, language != feed.language { w.attribute("xml:lang", language) }
        w.element("id", entry.id)
        w.element("title", entry.title)
        if let link = entry.link { w.empty("link", attributes: [("rel", "alternate"), ("type", "text/html"), ("href", link)]) }
        // rel="related" is kept for the same story elsewhere; links a page lists as "see also" stay in the content.
        for member in entry.related {
            if let link = member.link {
                w.empty("link", attributes: [("rel", "related"), ("type", "text/html"), ("href", link), ("title", "\(member.sourceTitle): \(member.title)")])
            }
        }
        if let published = entry.published { w.element("published") { dates.appendRFC3339(published, to: &$0) } }
        w.element("updated") { dates.appendRFC3339(entry.updated, to: &$0) }
        w.start("author")
        w.element("name", entry.authorName)
        w.end()
        for category in entry.categories { w.empty("category", attributes: [("term", category)]) }
        if let summary = entry.summary, entry.contentHTML != nil || entry.link == nil {
            w.element("summary", summary)
        }
        if let html = entry.contentHTML {
            w.element("content", html, attributes: [("type", "html")])
        } else if entry.link == nil {
            w.element("content", entry.summary ?? entry.title)
        } else if let summary = entry.summary {
            w.element("summary", summary)
        }
        w.start("source")
        // A source with no public URL (a local file) is named by an id derived from its configured id.
        w.element("id", entry.source.url ?? "urn:uuid:" + ItemIdentity.stableID(sourceID: "feedsmith-source", key: entry.source.id))
        w.element("title", entry.source.title)
        if let url = entry.source.url { w.empty("link", attributes: [("rel", "self"), ("href", url)]) }
        if let site = entry.source.siteURL, site != entry.source.url {
            w.empty("link", attributes: [("rel", "alternate"), ("type", "text/html"), ("href", site)])
        }
        w.element("updated") { dates.appendRFC3339(entry.updated, to: &$0) }
        w.end()
        w.end()
    }
}

/// The generator's identity, written into outputs and the User-Agent.
public enum Feedsmith {
    public static let version = "0.1.0"
    public static let userAgent = "Feedsmith/\(version) (+https://github.com/feedsmith/feedsmith)"
}
