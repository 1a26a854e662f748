import CLibXML2
import Foundation

/// Re-serializes untrusted HTML through an allow-list: only known-safe elements and attributes survive,
/// URLs become absolute against the page (and its `<base href>`), and only http(s), mailto and
/// `data:image/*` (raster) URLs are kept. Unknown elements are unwrapped, keeping their text.
public enum HTMLSanitizer {
    /// Sanitizes an HTML fragment. `baseURL` resolves relative links and images.
    public static func sanitize(_ html: String, baseURL: String?) -> String {
        guard !html.isEmpty else { return "" }
        // Markup already in the shape this writes (most item content) is read without libxml2: its tree is the
        // markup itself (`SanitizedHTMLLine.scan`), and the same writer walks it.
        if let fragment = ShapedFragment.parse(html) {
            var writer = SanitizingWriter<ShapedFragment.Node>(base: baseURL)
            writer.writeChildren(of: fragment.body, depth: 0)
            return writer.output.trimmedWhitespace()
        }
        return sanitizeParsed(html, baseURL: baseURL)
    }

    /// Sanitizes an HTML fragment as libxml2 parses it, never reading it without libxml2 (the tests' reference).
    static func sanitizeParsed(_ html: String, baseURL: String?) -> String {
        guard !html.isEmpty else { return "" }
        guard let document = LibXML.parseHTMLFragment(html, url: baseURL) else { return "" }
        defer { xmlFreeDoc(document) }
        guard let body = HTMLTree.body(of: document) else { return "" }
        var writer = SanitizingWriter<LibXMLNode>(base: baseURL)
        writer.writeChildren(of: LibXMLNode(body), depth: 0)
        return writer.output.trimmedWhitespace()
    }

    /// Sanitizes a node's children from a document already parsed (the page extractor's path).
    static func sanitize(children node: xmlNodePtr, baseURL: String?) -> String {
        var writer = SanitizingWriter<LibXMLNode>(base: baseURL)
        writer.writeChildren(of: LibXMLNode(node), depth: 0)
        return writer.output.trimmedWhitespace()
    }

    /// The URL to keep for an attribute, or nil to drop the attribute.
    static func safeURL(_ raw: String, attribute: String, element: String, base: String?) -> String? {
        let trimmed = TextHygiene.trimmed(raw)
        guard !trimmed.isEmpty else { return nil }
        let lower = trimmed.lowercased()
        if lower.hasPrefix("data:") {
            let raster = ["data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp", "data:image/avif"]
            return element == "img" && attribute == "src" && raster.contains(where: lower.hasPrefix) ? trimmed : nil
        }
        if lower.hasPrefix("#") { return attribute == "href" ? trimmed : nil }
        let resolved = LibXML.resolve(trimmed, against: base)
        let scheme = resolved.prefix { $0 != ":" }.lowercased()
        switch scheme {
        case "http", "https": return resolved
        case "mailto": return attribute == "href" ? resolved : nil
        default: return nil
        }
    }
}

/// Walks a tree and writes the allowed subset as HTML text.
private struct SanitizingWriter<Node: SanitizerNode> {
    let base: String?
    var output = ""
    /// True right after a block element opened or closed, where layout whitespace means nothing.
    var atBlockBoundary = true

    init(base: String?) {
        self.base = base
        output.reserveCapacity(4096)
    }

    mutating func writeChildren(of node: Node, depth: Int) {
        guard depth < HTMLElements.maximumDepth else { return }
        var child = node.firstChild
        while let current = child {
            write(current, depth: depth + 1)
            child = current.next
        }
    }

    mutating func write(_ node: Node, depth: Int) {
        if node.isText {
            appendText(node.text, preformatted: node.insidePre)
        } else if node.isElement {
            let name = node.name
            if HTMLElements.dropped.contains(name) { return }
            guard let allowedAttributes = HTMLElements.allowed[name] else {
                writeChildren(of: node, depth: depth)  // unknown element: keep its content
                return
            }
            var attributes: [(String, String)] = []
            node.forEachAttribute { attributeName, read in
                guard allowedAttributes.contains(attributeName) || HTMLElements.globalAttributes.contains(attributeName),
                      let value = read()
                else { return }
                if HTMLElements.urlAttributes.contains(attributeName) {
                    guard let url = HTMLSanitizer.safeURL(value, attribute: attributeName, element: name, base: base) else { return }
                    attributes.append((attributeName, url))
                } else if attributeName == "dir" {
                    if ["ltr", "rtl", "auto"].contains(value.lowercased()) { attributes.append((attributeName, value.lowercased())) }
                } else {
                    attributes.append((attributeName, TextHygiene.singleLine(value)))
                }
            }
            if name == "img" {
                // Lazy-loading pages keep the real image in data-src and a placeholder in src.
                let lazy = ["data-src", "data-original", "data-actualsrc", "data-lazy-src"].lazy
                    .compactMap { node.attribute($0) }.first
                if let lazy, let url = HTMLSanitizer.safeURL(lazy, attribute: "src", element: "img", base: base) {
                    attributes.removeAll { $0.0 == "src" }
                    attributes.insert(("src", url), at: 0)
                }
                guard attributes.contains(where: { $0.0 == "src" }) else { return }
            }
            if name == "a", attributes.contains(where: { $0.0 == "href" }) == false, node.firstChild == nil { return }
            let isBlock = HTMLElements.block.contains(name)
            if isBlock { trimTrailingSpace() }
            output += "<" + name
            for (attributeName, value) in attributes {
                output += " " + attributeName + "=\"" + HTMLEscaping.attribute(value) + "\""
            }
            output += ">"
            atBlockBoundary = isBlock
            if HTMLElements.void.contains(name) { return }
            writeChildren(of: node, depth: depth)
            if isBlock { trimTrailingSpace() }
            output += "</" + name + ">"
            atBlockBoundary = isBlock
        }
        // Other nodes (comments, processing instructions, DTD nodes) are left out.
    }

    mutating func appendText(_ text: String, preformatted: Bool) {
        if preformatted {
            output += HTMLEscaping.text(TextHygiene.xmlSafe(text))
            return
        }
        // Collapse layout whitespace (including &nbsp; and full-width indents) to single spaces, on bytes. A
        // space at the start is dropped at a block boundary or after a space already written.
        var text = text
        let leadingSpace = !(atBlockBoundary || output.utf8.last == 0x20)
        var collapsed: [UInt8] = []
        text.withUTF8 { bytes in
            collapsed.reserveCapacity(bytes.count + 1)
            TextHygiene.appendCollapsed(bytes, to: &collapsed, leadingSpace: leadingSpace, trailingSpace: true)
        }
        guard !collapsed.isEmpty else { return }
        output += HTMLEscaping.text(String(decoding: collapsed, as: UTF8.self))
        atBlockBoundary = false
    }

    mutating func trimTrailingSpace() {
        while output.hasSuffix(" ") { output.removeLast() }
    }
}

/// Escaping for HTML text and attribute values: `&`, `<`, `>`, and in attribute values `"`.
public enum HTMLEscaping {
    public static func text(_ value: String) -> String { escape(value, quotes: false) }

    public static func attribute(_ value: String) -> String { escape(value, quotes: true) }

    /// The value unchanged when nothing needs escaping, which is most of them.
    private static func escape(_ value: String, quotes: Bool) -> String {
        var value = value
        // Searched in the contiguous bytes: `utf8.contains(where:)` went through generic collection code
        // (`perf` of the poll benchmark: 0.4% of the process).
        let needed = value.withUTF8 { bytes in bytes.contains { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || (quotes && $0 == 0x22) } }
        guard needed else { return value }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count + 16)
        append(value, quotes: quotes, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the value escaped, as bytes (the timeline page is written this way). The characters escaped are
    /// ASCII, so this works on UTF-8, copying the runs between them whole: per-grapheme iteration, and then
    /// an array per escape, were hot spots.
    static func append(_ value: String, quotes: Bool, to out: inout [UInt8]) {
        var value = value
        value.withUTF8 { source in
            var runStart = 0
            for index in 0..<source.count {
                let replacement: StaticString
                switch source[index] {
                case 0x26: replacement = "&amp;"
                case 0x3C: replacement = "&lt;"
                case 0x3E: replacement = "&gt;"
                case 0x22 where quotes: replacement = "&quot;"
                default: continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart..<index]))
                replacement.withUTF8Buffer { out.append(contentsOf: $0) }
                runStart = index + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart..<source.count]))
        }
    }
}
