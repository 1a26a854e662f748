import CLibXML2
import Foundation

/// One walk over a page collecting every element the article extractor asks about, instead of a
/// whole-document XPath query per question (those scans dominated extraction time).
struct PageScan {
    /// `<meta>` content by lower-cased name, property or itemprop; the first occurrence wins.
    var metas: [String: String] = [:]
    var jsonLDScripts: [xmlNodePtr] = []
    var canonicalHref: String?
    var title: xmlNodePtr?
    var headings: [xmlNodePtr] = []
    var timeWithDatetime: xmlNodePtr?
    /// Elements named like datelines (`info`, `time`, `date`, `source`, `meta`, `pubtime`).
    var datelineBlocks: [xmlNodePtr] = []
    /// Elements whose own text says "published at" (`发布时间`, `時間`, …).
    var datelineMarkers: [xmlNodePtr] = []
    /// Headings of related-story boxes (`相关新闻`, …).
    var relatedHeadings: [xmlNodePtr] = []

    /// NUL-terminated, ready for `xmlStrstr`.
    static let dateMarkers: [[xmlChar]] = ["发布时间", "發布時間", "发布日期", "發佈時間", "時間", "时间："].map { Array($0.utf8) + [0] }
    /// NUL-terminated class/id words of dateline blocks.
    static let classHints: [[xmlChar]] = ["info", "time", "date", "source", "meta"].map { Array($0.utf8) + [0] }

    init(page: HTMLPage) {
        guard let root = page.root else { return }
        var stack: [(xmlNodePtr, Int)] = [(root, 0)]
        var visited = 0
        while let (node, depth) = stack.popLast(), visited < 200_000 {
            visited += 1
            guard let name = node.pointee.name else { continue }
            // Names are compared in place (the HTML parser lower-cases them): a String per element was a
            // fifth of this walk.
            switch name[0] {
            case UInt8(ascii: "m") where xmlStrEqual(name, "meta") != 0:
                if let content = HTMLTree.attribute(node, "content")?.trimmedWhitespace(), !content.isEmpty {
                    for key in ["name", "property", "itemprop", "http-equiv"] {
                        if let value = HTMLTree.attribute(node, key)?.lowercased(), metas[value] == nil { metas[value] = content }
                    }
                }
            case UInt8(ascii: "s") where xmlStrEqual(name, "script") != 0:
                if HTMLTree.attribute(node, "type")?.lowercased() == "application/ld+json" { jsonLDScripts.append(node) }
                continue  // no elements inside
            case UInt8(ascii: "s") where xmlStrEqual(name, "style") != 0:
                continue
            case UInt8(ascii: "l") where xmlStrEqual(name, "link") != 0:
                if canonicalHref == nil, HTMLTree.attribute(node, "rel")?.lowercased() == "canonical" { canonicalHref = HTMLTree.attribute(node, "href") }
            case UInt8(ascii: "t") where xmlStrEqual(name, "title") != 0:
                if title == nil { title = node }
            case UInt8(ascii: "h") where xmlStrEqual(name, "h1") != 0 || xmlStrEqual(name, "h2") != 0:
                headings.append(node)
            case UInt8(ascii: "t") where xmlStrEqual(name, "time") != 0:
                if timeWithDatetime == nil, HTMLTree.attribute(node, "datetime") != nil { timeWithDatetime = node }
            default:
                break
            }
            if datelineBlocks.count < 10, node.pointee.properties != nil, hasDatelineName(node) { datelineBlocks.append(node) }
            inspectOwnText(node)
            guard depth < HTMLElements.maximumDepth else { continue }
            var child = node.pointee.last
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE { stack.append((current, depth + 1)) }
                child = current.pointee.prev
            }
        }
    }

    /// A class or id containing a dateline word, read from the attribute's text without copying it.
    private func hasDatelineName(_ node: xmlNodePtr) -> Bool {
        var property = node.pointee.properties
        while let attribute = property {
            if let name = attribute.pointee.name, xmlStrEqual(name, "class") != 0 || xmlStrEqual(name, "id") != 0,
               let value = attribute.pointee.children?.pointee.content {
                for hint in Self.classHints where hint.withUnsafeBufferPointer({ xmlStrcasestr(value, $0.baseAddress) != nil }) {
                    return true
                }
            }
            property = attribute.pointee.next
        }
        return false
    }

    /// Looks at an element's own text children for date markers and related-box headings.
    private mutating func inspectOwnText(_ node: xmlNodePtr) {
        var child = node.pointee.children
        var textChildren = 0
        var onlyText: UnsafeBufferPointer<UInt8>?
        while let current = child {
            if current.pointee.type == XML_TEXT_NODE, let content = current.pointee.content {
                textChildren += 1
                // Only lengths up to 240 matter: paragraphs are not measured to their end.
                let length = strnlen(UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self), 241)
                // Datelines are short; paragraphs of article text are not searched for markers. Every marker
                // holds 时, 時 or 日, so text without any of them is passed over in one look at its bytes.
                if datelineMarkers.count < 5, length <= 240, Self.mayHoldMarker(content, length),
                    Self.dateMarkers.contains(where: { contains(content, $0) }) {
                    datelineMarkers.append(node)
                }
                if relatedHeadings.count < 3, textChildren == 1, length <= 40 {
                    var text = UnsafeBufferPointer(start: content, count: length)
                    while let first = text.first, first <= 0x20 { text = UnsafeBufferPointer(rebasing: text.dropFirst()) }
                    while let last = text.last, last <= 0x20 { text = UnsafeBufferPointer(rebasing: text.dropLast()) }
                    onlyText = text
                }
            } else if current.pointee.type == XML_ELEMENT_NODE {
                onlyText = nil
                textChildren += 1
            }
            child = current.pointee.next
        }
        // Headings are short: only text of a heading's length is looked up.
        if let text = onlyText, textChildren == 1, Self.isRelatedHeading(text) {
            relatedHeadings.append(node)
        }
    }

    /// The related-box headings' bytes by length (all are under 64 bytes long).
    static let headingsByLength: [[[UInt8]]] = PageHints.boilerplateHeadings.reduce(into: Array(repeating: [], count: 64)) { table, heading in
        if heading.utf8.count < 64 { table[heading.utf8.count].append(Array(heading.utf8)) }
    }

    /// Whether `text` is a related-box heading. Compared in place with the headings of its length: hashing
    /// each short text of the page into a set, with an array copied for it, was 1.3% of extraction in `perf`.
    static func isRelatedHeading(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = text.baseAddress, text.count < headingsByLength.count else { return false }
        return headingsByLength[text.count].contains { heading in
            heading.withUnsafeBufferPointer { $0.baseAddress.map { memcmp($0, base, text.count) == 0 } ?? false }
        }
    }

    /// Whether `content` holds 时 (E6 97 B6), 時 (E6 99 82) or 日 (E6 97 A5).
    private static func mayHoldMarker(_ content: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        var index = 0
        while index + 2 < length {
            if content[index] == 0xE6 {
                let second = content[index + 1], third = content[index + 2]
                if (second == 0x97 && (third == 0xB6 || third == 0xA5)) || (second == 0x99 && third == 0x82) { return true }
            }
            index += 1
        }
        return false
    }

    private func contains(_ haystack: UnsafeMutablePointer<xmlChar>, _ needle: [xmlChar]) -> Bool {
        needle.withUnsafeBufferPointer { xmlStrstr(haystack, $0.baseAddress) != nil }
    }

    func meta(_ keys: [String]) -> String? {
        for key in keys { if let value = metas[key.lowercased()] { return value } }
        return nil
    }
}
