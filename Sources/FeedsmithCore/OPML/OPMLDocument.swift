import CLibXML2
import Foundation

/// One subscription of an OPML file.
public struct OPMLSubscription: Sendable, Equatable {
    public var title: String?
    /// The feed (or page) URL: `xmlUrl`.
    public var url: String
    /// The site: `htmlUrl`.
    public var siteURL: String?
    /// The enclosing outline's title when subscriptions are nested in folders.
    public var group: String?

    public init(title: String?, url: String, siteURL: String? = nil, group: String? = nil) {
        self.title = title
        self.url = url
        self.siteURL = siteURL
        self.group = group
    }
}

/// An OPML file that could not be read, with what to do.
public struct OPMLError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// Reads and writes OPML 1.0/2.0 subscription lists, as feed readers export and import them.
public enum OPMLDocument {
    /// Subscriptions in document order. Folders nest as outlines without `xmlUrl`; the innermost folder's
    /// title becomes the group. Outlines are read to a bounded depth and count; no entity or DTD is fetched.
    public static func parse(_ bytes: [UInt8], file: String) throws(OPMLError) -> [OPMLSubscription] {
        let text = DocumentDecoder.decode(bytes).text
        let (document, wellFormed, problem) = LibXML.parseXML(text, url: nil)
        guard let document else { throw OPMLError(description: "\(file): not an XML document (\(problem ?? "unreadable")); export the subscriptions from your reader as OPML") }
        defer { xmlFreeDoc(document) }
        guard wellFormed else {
            throw OPMLError(description: "\(file): not well-formed XML (\(problem ?? "unreadable")); export the list again from your reader")
        }
        guard let root = xmlDocGetRootElement(document), XMLNode(root).name.lowercased() == "opml" else {
            throw OPMLError(description: "\(file): not an OPML document (the root element must be <opml>)")
        }
        guard let body = XMLNode(root).elementChildren.first(where: { $0.name.lowercased() == "body" }) else {
            throw OPMLError(description: "\(file): the OPML document has no <body>")
        }
        var result: [OPMLSubscription] = []
        var stack: [(node: XMLNode, group: String?, depth: Int)] = body.elementChildren.reversed().map { ($0, nil, 1) }
        while let (node, group, depth) = stack.popLast(), result.count < 100_000 {
            guard node.name.lowercased() == "outline", depth <= 32 else { continue }
            let title = (node.attribute("title") ?? node.attribute("text")).map(TextHygiene.singleLine).flatMap { $0.isEmpty ? nil : $0 }
            if let url = (node.attribute("xmlUrl") ?? node.attribute("xmlurl") ?? node.attribute("url"))?.trimmedWhitespace(), !url.isEmpty {
                let site = node.attribute("htmlUrl")?.trimmedWhitespace()
                result.append(OPMLSubscription(title: title, url: url, siteURL: site?.isEmpty == false ? site : nil, group: group))
            }
            // Children of a folder (or of a feed outline, as some readers nest them) inherit its title as group.
            let childGroup = node.attribute("xmlUrl") == nil ? (title ?? group) : group
            stack += node.elementChildren.reversed().map { ($0, childGroup, depth + 1) }
        }
        return result
    }

    /// OPML 2.0: grouped subscriptions as folders in first-appearance order, ungrouped ones at the top level.
    public static func render(title: String, subscriptions: [OPMLSubscription], created: Date) -> [UInt8] {
        func attr(_ value: String) -> String {
            HTMLEscaping.attribute(TextHygiene.xmlSafe(value)).replacingOccurrences(of: "\n", with: "&#10;")
        }
        func outline(_ subscription: OPMLSubscription, indent: String) -> String {
            let name = attr(subscription.title ?? subscription.url)
            var line = "\(indent)<outline type=\"rss\" text=\"\(name)\" title=\"\(name)\" xmlUrl=\"\(attr(subscription.url))\""
            if let site = subscription.siteURL { line += " htmlUrl=\"\(attr(site))\"" }
            return line + "/>\n"
        }
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <opml version="2.0">
              <head>
                <title>\(attr(title))</title>
                <dateCreated>\(DateFormatting.rfc822(created, in: TimeZone(identifier: "UTC") ?? .current))</dateCreated>
                <docs>http://opml.org/spec2.opml</docs>
              </head>
              <body>

            """
        var groups: [String] = []
        for subscription in subscriptions {
            guard let group = subscription.group else { xml += outline(subscription, indent: "    "); continue }
            if !groups.contains(group) { groups.append(group) }
        }
        for group in groups {
            xml += "    <outline text=\"\(attr(group))\" title=\"\(attr(group))\">\n"
            for subscription in subscriptions where subscription.group == group { xml += outline(subscription, indent: "      ") }
            xml += "    </outline>\n"
        }
        xml += "  </body>\n</opml>\n"
        return Array(xml.utf8)
    }
}
