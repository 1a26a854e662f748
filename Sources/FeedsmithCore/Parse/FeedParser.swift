import CLibXML2
import Foundation

/// Reads RSS 0.9x/2.0, RSS 1.0 (RDF), Atom 1.0 and 0.3, and JSON Feed 1.0/1.1 from decoded text.
public enum FeedParser {
    public static func parse(_ text: String, context: ParseContext) throws(FeedParseError) -> ParsedFeed {
        let start = text.unicodeScalars.first { !TextHygiene.isSpace($0) }
        guard let start else { throw .empty }
        if start == "{" { return try JSONFeedParser.parse(text, context: context) }
        return try parseXML(text, context: context)
    }

    /// True when the text's root looks like a feed, without building items (for source classification).
    public static func looksLikeFeed(_ text: String) -> Bool {
        var body = text
        // A DOCTYPE (with an internal subset of any size) comes before the root element: look past it.
        if body.withUTF8({ $0.prefix(4096).contains(0x21) }) { body = DoctypeStripper.strip(body).text }
        // Searched in the bytes in place: through the UTF-8 view, generic sequence code took longer than
        // the search (`perf` of the poll benchmark: 3% of the sources' own work).
        let head = body.withUTF8(asciiHead)
        if body.unicodeScalars.first(where: { !$0.properties.isWhitespace }) == "{" {
            return contains(head, "jsonfeed.org/version")
        }
        for marker: StaticString in ["<rss", "<feed", "<rdf:rdf", ":rdf "] where contains(head, marker) {
            return !contains(head, "<html")
        }
        return false
    }

    /// The bytes of the first 2,048 scalars, ASCII letters lower-cased: every marker is ASCII.
    private static func asciiHead(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var head: [UInt8] = []
        head.reserveCapacity(min(bytes.count, 4096))
        var scalars = 0
        for byte in bytes {
            if byte & 0xC0 != 0x80 {
                if scalars == 2048 { break }
                scalars += 1
            }
            head.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
        }
        return head
    }

    private static func contains(_ head: [UInt8], _ marker: StaticString) -> Bool {
        marker.withUTF8Buffer { needle in
            head.withUnsafeBufferPointer { head in
                guard let first = needle.first, needle.count <= head.count else { return false }
                for start in 0...(head.count - needle.count) where head[start] == first {
                    if UnsafeBufferPointer(rebasing: head[start..<(start + needle.count)]).elementsEqual(needle) { return true }
                }
                return false
            }
        }
    }

    static func parseXML(_ text: String, context: ParseContext) throws(FeedParseError) -> ParsedFeed {
        var notes: [String] = []
        let (withoutDoctype, hadDoctype) = DoctypeStripper.strip(text)
        let (clean, removed) = TextHygiene.removingXMLForbidden(withoutDoctype)
        if removed > 0 { notes.append("removed \(removed) character(s) XML forbids") }
        let (repaired, entities) = HTMLEntityRepair.repair(clean)
        let (document, wellFormed, problem) = LibXML.parseXML(repaired, url: context.baseURL)
        guard let document else { throw .unreadable(problem ?? "no document") }
        defer { xmlFreeDoc(document) }
        if !wellFormed { notes.append("not well-formed: \(problem ?? "unknown error"); recovered") }
        guard let rootPointer = xmlDocGetRootElement(document) else { throw .unreadable(problem ?? "no root element") }
        let root = XMLNode(rootPointer)
        var feed: ParsedFeed
        switch (root.name, root.namespace) {
        case ("rss", _):
            feed = RSSParser.parseRSS(root, context: context)
        case ("RDF", Namespaces.rdf?):
            feed = RSSParser.parseRDF(root, context: context)
        case ("feed", Namespaces.atom10?):
            feed = AtomParser.parse(root, version: .atom10, context: context)
        case ("feed", Namespaces.atom03?):
            feed = AtomParser.parse(root, version: .atom03, context: context)
        case ("feed", nil):
            // Atom without its namespace: read it as Atom 1.0 but say the document is broken.
            feed = AtomParser.parse(root, version: .atom10, namespace: nil, context: context)
            notes.append("Atom feed without the Atom namespace")
        default:
            throw .notAFeed(root: root.name)
        }
        if entities > 0 { notes.append("rewrote \(entities) HTML entity reference(s)") }
        if hadDoctype && text.contains("<!ENTITY") { notes.append("ignored the DOCTYPE and its entity declarations (never expanded)") }
        feed.recovered = removed > 0 || !wellFormed || root.namespace == nil && root.name == "feed"
        feed.recoveryNotes = notes + feed.recoveryNotes
        return feed
    }

    /// Normalizes raw items, dropping empty ones, and counts clamped dates in the notes.
    static func finish(_ raw: [(Item, String?)], into feed: inout ParsedFeed, context: ParseContext) {
        var clamped = 0
        feed.items = raw.prefix(context.maxItems).compactMap { ItemNormalizer.normalize($0.0, contentBase: $0.1, context: context, clamped: &clamped) }
        if clamped > 0 { feed.recoveryNotes.append("clamped \(clamped) future date(s) to the fetch time") }
    }
}
