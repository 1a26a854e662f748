import Foundation

/// Atom 1.0 (RFC 4287) and Atom 0.3, with xml:base and text constructs of type text, html and xhtml.
enum AtomParser {
    static func parse(_ root: XMLNode, version: ParsedFeed.Format, namespace: String?? = .none, context: ParseContext) -> ParsedFeed {
        let ns: String? = namespace ?? (version == .atom03 ? Namespaces.atom03 : Namespaces.atom10)
        var feed = ParsedFeed(format: version)
        feed.title = root.child("title", namespace: ns).map { TextHygiene.singleLine(textConstruct($0, version: version).plain) }
        feed.siteURL = alternateLink(root, namespace: ns, context: context)
        let context = context.resolvingLocalDocument(against: feed.siteURL)
        feed.language = root.attribute("lang", namespace: Namespaces.xml)
        let feedAuthor = authorName(root, namespace: ns)
        let entries = root.children("entry", namespace: ns)
        if entries.count > context.maxItems { feed.recoveryNotes.append("kept the first \(context.maxItems) of \(entries.count) items") }
        let raw = entries.prefix(context.maxItems).map { entry -> (Item, String?) in
            entryItem(entry, namespace: ns, version: version, feedAuthor: feedAuthor, feedLanguage: feed.language, context: context)
        }
        FeedParser.finish(raw, into: &feed, context: context)
        return feed
    }

    private static func entryItem(
        _ entry: XMLNode, namespace ns: String?, version: ParsedFeed.Format, feedAuthor: String?, feedLanguage: String?,
        context: ParseContext
    ) -> (Item, String?) {
        func date(_ names: String...) -> Date? {
            for name in names {
                if let node = entry.child(name, namespace: ns), let value = DateParser.parse(node.text, timeZone: context.timeZone) {
                    return value
                }
            }
            return nil
        }
        var item = Item(title: entry.child("title", namespace: ns).map { textConstruct($0, version: version).plain } ?? "")
        item.guid = entry.child("id", namespace: ns).map { $0.text.trimmedWhitespace() }
        item.url = alternateLink(entry, namespace: ns, context: context)
        item.published = date("published", "issued", "created")
        item.updated = date("updated", "modified")
        if item.published == nil { item.published = item.updated }
        let source = entry.child("source", namespace: ns)
        item.author = authorName(entry, namespace: ns) ?? source.flatMap { authorName($0, namespace: ns) } ?? feedAuthor
        var contentBase: String?
        if let content = entry.child("content", namespace: ns) {
            contentBase = context.base(of: content)
            if let src = content.attribute("src"), item.url == nil {
                item.url = LibXML.resolve(src, against: context.base(of: content))
            } else {
                item.contentHTML = textConstruct(content, version: version).html
            }
        }
        if let summary = entry.child("summary", namespace: ns) ?? entry.child("summary", namespace: nil) {
            let construct = textConstruct(summary, version: version)
            item.summary = construct.html
            if item.contentHTML == nil {
                item.contentHTML = construct.html
                contentBase = context.base(of: summary)
            }
        }
        item.categories = entry.children("category", namespace: ns).compactMap { $0.attribute("label") ?? $0.attribute("term") }
        item.language = entry.attribute("lang", namespace: Namespaces.xml) ?? feedLanguage
        return (item, contentBase ?? context.base(of: entry))
    }

    /// The alternate link (or the first link without rel), resolved against the element's xml:base.
    private static func alternateLink(_ node: XMLNode, namespace ns: String?, context: ParseContext) -> String? {
        let links = node.children("link", namespace: ns)
        let chosen = links.first { ($0.attribute("rel") ?? "alternate") == "alternate" && ($0.attribute("type").map { $0.contains("html") } ?? true) }
            ?? links.first { ($0.attribute("rel") ?? "alternate") == "alternate" }
        guard let chosen, let href = chosen.attribute("href") else { return nil }
        return LibXML.resolve(href, against: context.base(of: chosen))
    }

    private static func authorName(_ node: XMLNode, namespace ns: String?) -> String? {
        let names = node.children("author", namespace: ns).compactMap { author -> String? in
            let name = author.child("name", namespace: ns)?.text ?? author.child("email", namespace: ns)?.text ?? ""
            let trimmed = TextHygiene.singleLine(name)
            return trimmed.isEmpty ? nil : trimmed
        }
        return names.isEmpty ? nil : names.joined(separator: ", ")
    }

    /// An Atom text construct as HTML and as plain text.
    static func textConstruct(_ node: XMLNode, version: ParsedFeed.Format) -> (html: String, plain: String) {
        let type = (node.attribute("type") ?? "text").lowercased()
        let mode = node.attribute("mode")?.lowercased()  // Atom 0.3: xml, escaped, base64
        if type == "xhtml" || type == "application/xhtml+xml" || mode == "xml" {
            let div = node.child("div", namespace: Namespaces.xhtml)
            let html = (div ?? node).innerXML
            return (html, HTMLText.plain(html))
        }
        if type == "html" || type == "text/html" || (version == .atom03 && mode == "escaped") {
            let html = node.text
            return (html, HTMLText.plain(html))
        }
        if mode == "base64", let data = Data(base64Encoded: node.text.trimmedWhitespace()),
           let decoded = String(data: data, encoding: .utf8) {
            return (decoded, HTMLText.plain(decoded))
        }
        let text = node.text
        return (HTMLEscaping.text(text).replacingOccurrences(of: "\n\n", with: "<br><br>"), text)
    }
}
