import CLibXML2
import Foundation

/// Finds the feeds an HTML page advertises with `<link rel="alternate" type="application/rss+xml">` and friends.
public enum FeedAutodiscovery {
    static let feedTypes = ["application/atom+xml", "application/rss+xml", "application/feed+json", "application/json"]

    /// Absolute URLs of advertised feeds, Atom first, then RSS, then JSON Feed.
    public static func feedLinks(inHTML html: String, baseURL: String?) -> [String] {
        guard let document = LibXML.parseHTML(html, url: baseURL) else { return [] }
        defer { xmlFreeDoc(document) }
        return feedLinks(in: document, baseURL: baseURL)
    }

    /// The same for a page already parsed, so a page that advertises nothing is parsed once for both this
    /// search and its extraction. Call it before extraction, which removes boilerplate from the page.
    public static func feedLinks(in page: HTMLPage) -> [String] {
        feedLinks(in: page.document, baseURL: page.url)
    }

    static func feedLinks(in document: htmlDocPtr, baseURL: String?) -> [String] {
        var base = baseURL
        var found: [(rank: Int, url: String)] = []
        var stack: [(xmlNodePtr, Int)] = []
        if let root = xmlDocGetRootElement(document) { stack.append((root, 0)) }
        var visited = 0
        while let (node, depth) = stack.popLast(), visited < 20_000 {
            visited += 1
            if node.pointee.type == XML_ELEMENT_NODE {
                let name = HTMLTree.name(node)
                if name == "base", let href = HTMLTree.attribute(node, "href") { base = LibXML.resolve(href, against: baseURL) }
                if name == "link", let rel = HTMLTree.attribute(node, "rel")?.lowercased(),
                   rel.split(separator: " ").contains("alternate"),
                   let type = HTMLTree.attribute(node, "type")?.lowercased(),
                   let rank = feedTypes.firstIndex(of: type.trimmedWhitespace()),
                   let href = HTMLTree.attribute(node, "href"), !href.isEmpty {
                    found.append((rank, LibXML.resolve(href, against: base)))
                }
                if name == "body" { continue }  // advertisements belong in <head>
            }
            guard depth < HTMLElements.maximumDepth else { continue }
            var child = node.pointee.last
            while let current = child {
                stack.append((current, depth + 1))
                child = current.pointee.prev
            }
        }
        var seen: Set<String> = []
        return found.sorted { $0.rank < $1.rank }.map(\.url).filter { seen.insert($0).inserted }
    }
}
