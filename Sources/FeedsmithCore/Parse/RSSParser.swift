import Foundation

/// RSS 0.9x and 2.0 (`<rss>`), RSS 1.0 and 0.90 (`<rdf:RDF>`), with Dublin Core and content:encoded.
enum RSSParser {
    static func parseRSS(_ root: XMLNode, context: ParseContext) -> ParsedFeed {
        let channel = root.child("channel", namespace: nil) ?? root
        var feed = channelInfo(channel, format: .rss2, namespace: nil, context: context)
        let context = context.resolvingLocalDocument(against: feed.siteURL)
        if let version = root.attribute("version"), version.hasPrefix("0.9") { feed.format = .rss090 }
        if let ttl = channel.child("ttl", namespace: nil).flatMap({ Int($0.text.trimmedWhitespace()) }), ttl > 0 {
            feed.ttlMinutes = ttl
        }
        if let hours = channel.child("skipHours", namespace: nil) {
            feed.skipHours = Set(hours.children("hour", namespace: nil).compactMap { Int(TextHygiene.trimmed($0.text)) }.filter { (0...24).contains($0) }.map { $0 % 24 })
        }
        if let days = channel.child("skipDays", namespace: nil) {
            let names = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
            feed.skipDays = Set(days.children("day", namespace: nil).compactMap { names.firstIndex(of: TextHygiene.trimmed($0.text).lowercased()) })
        }
        // Items belong in the channel; a few generators put them beside it.
        let items = channel.children("item", namespace: nil) + (channel.pointer == root.pointer ? [] : root.children("item", namespace: nil))
        let raw = items.prefix(context.maxItems).map { item(from: $0, namespace: nil, feedLanguage: feed.language, context: context) }
        FeedParser.finish(raw, into: &feed, context: context)
        if items.count > context.maxItems { feed.recoveryNotes.append("kept the first \(context.maxItems) of \(items.count) items") }
        return feed
    }

    static func parseRDF(_ root: XMLNode, context: ParseContext) -> ParsedFeed {
        let namespace = root.child("channel", namespace: Namespaces.rss10) != nil ? Namespaces.rss10 : Namespaces.rss090
        let channel = root.child("channel", namespace: namespace)
        var feed = channel.map { channelInfo($0, format: .rss1, namespace: namespace, context: context) } ?? ParsedFeed(format: .rss1)
        let context = context.resolvingLocalDocument(against: feed.siteURL)
        let items = root.children("item", namespace: namespace)
        let raw = items.prefix(context.maxItems).map { item(from: $0, namespace: namespace, feedLanguage: feed.language, context: context) }
        FeedParser.finish(raw, into: &feed, context: context)
        if items.count > context.maxItems { feed.recoveryNotes.append("kept the first \(context.maxItems) of \(items.count) items") }
        return feed
    }

    private static func channelInfo(_ channel: XMLNode, format: ParsedFeed.Format, namespace: String?, context: ParseContext) -> ParsedFeed {
        var feed = ParsedFeed(format: format)
        feed.title = channel.child("title", namespace: namespace).map { TextHygiene.singleLine($0.text) }
        feed.siteURL = channel.child("link", namespace: namespace).map { LibXML.resolve($0.text, against: context.base(of: $0)) }
        feed.language = (channel.child("language", namespace: namespace) ?? channel.child("language", namespace: Namespaces.dublinCore))
            .map { TextHygiene.singleLine($0.text) }
        return feed
    }

    /// RSS titles are nominally plain text, but many feeds put escaped HTML in them (`&lt;b&gt;`,
    /// `&amp;amp;`): read them as HTML only when they contain a tag or an entity reference.
    static func plainTitle(_ raw: String) -> String {
        let bytes = Array(raw.utf8)
        guard bytes.contains(0x3C) || bytes.contains(0x26) else { return raw }
        return looksLikeHTML(bytes) ? HTMLText.plain(raw) : raw
    }

    /// `<` before a letter, `/` or `!`, or an entity reference `&name;` / `&#123;` / `&#x1F;`: a byte scan,
    /// since this runs for every RSS item title.
    static func looksLikeHTML(_ bytes: [UInt8]) -> Bool {
        func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
        func isAlphanumeric(_ b: UInt8) -> Bool { isLetter(b) || (b >= 0x30 && b <= 0x39) }
        for (index, byte) in bytes.enumerated() where byte == 0x3C || byte == 0x26 {
            guard index + 1 < bytes.count else { continue }
            let next = bytes[index + 1]
            if byte == 0x3C {
                if isLetter(next) || next == 0x2F || next == 0x21 { return true }
                continue
            }
            var end = index + 1
            if next == 0x23 {  // numeric reference
                end += 1
                if end < bytes.count, bytes[end] | 0x20 == 0x78 { end += 1 }
                let start = end
                while end < bytes.count, isAlphanumeric(bytes[end]) { end += 1 }
                if end > start, end < bytes.count, bytes[end] == 0x3B { return true }
            } else if isLetter(next) {
                while end < bytes.count, isAlphanumeric(bytes[end]) { end += 1 }
                if end < bytes.count, bytes[end] == 0x3B { return true }
            }
        }
        return false
    }

    private static func item(from node: XMLNode, namespace: String?, feedLanguage: String?, context: ParseContext) -> (Item, String?) {
        let base = context.base(of: node)
        func text(_ name: String, _ ns: String?) -> String? {
            guard let child = node.child(name, namespace: ns) else { return nil }
            let value = child.text.trimmedWhitespace()
            return value.isEmpty ? nil : value
        }
        var item = Item(title: plainTitle(text("title", namespace) ?? text("title", Namespaces.dublinCore) ?? ""))
        var guidIsPermaLink = false
        if let guidNode = node.child("guid", namespace: namespace) {
            let value = guidNode.text.trimmedWhitespace()
            if !value.isEmpty {
                item.guid = value
                guidIsPermaLink = (guidNode.attribute("isPermaLink")?.lowercased() ?? "true") == "true"
            }
        } else if let about = node.attribute("about", namespace: Namespaces.rdf), !about.isEmpty {
            item.guid = about
        }
        if let link = text("link", namespace) {
            item.url = LibXML.resolve(link, against: base)
        } else if let guid = item.guid, guidIsPermaLink, guid.lowercased().hasPrefix("http") {
            item.url = guid
        } else if let atomLink = node.children("link", namespace: Namespaces.atom10).first(where: { ($0.attribute("rel") ?? "alternate") == "alternate" }),
                  let href = atomLink.attribute("href") {
            item.url = LibXML.resolve(href, against: base)
        }
        let description = text("description", namespace)
        if let encoded = text("encoded", Namespaces.content) {
            item.contentHTML = encoded
            item.summary = description
        } else {
            item.contentHTML = description
        }
        item.author = text("creator", Namespaces.dublinCore) ?? text("author", namespace)
        let dateText = text("pubDate", namespace) ?? text("date", Namespaces.dublinCore) ?? text("issued", Namespaces.dublinCoreTerms)
        item.published = dateText.flatMap { DateParser.parse($0, timeZone: context.timeZone) }
        let updatedText = text("updated", Namespaces.atom10) ?? text("modified", Namespaces.dublinCoreTerms)
        item.updated = updatedText.flatMap { DateParser.parse($0, timeZone: context.timeZone) }
        item.categories = (node.children("category", namespace: namespace) + node.children("subject", namespace: Namespaces.dublinCore))
            .map { $0.text }
        item.language = text("language", Namespaces.dublinCore) ?? feedLanguage
        return (item, base)
    }
}
