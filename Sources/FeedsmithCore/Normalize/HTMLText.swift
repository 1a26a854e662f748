import CLibXML2
import Foundation

/// Plain text from HTML: ruby annotations, scripts and styles left out; one paragraph per line.
public enum HTMLText {
    public static func plain(_ html: String) -> String {
        fromBody(html, noMarkup: normalizeLines, body: text(of:))
    }

    /// `TextHygiene.singleLine(plain(html))` without the line pass between: block boundaries become the
    /// space that line breaks would have collapsed to. Content hashes (so item ids) are built on it, and
    /// `HTMLTextEquivalenceTests` holds it to that definition.
    ///
    /// HTML in the shape the sanitizer writes (every item's content) is read without a parse, by
    /// ``SanitizedHTMLLine``. Other HTML is parsed; it is often asked twice in a row (an item's summary, then its
    /// content hash), so recent answers of the parse are kept in ``SingleLineCache``.
    public static func singleLine(_ html: String) -> String {
        // The reading is not cached: `stages` gave 1,279–1,281 µs per source without, 1,296–1,327 through the cache.
        if hasMarkup(html), let line = SanitizedHTMLLine.line(html) { return line }
        return SingleLineCache.shared.line(html, computeSingleLine)
    }

    static func computeSingleLine(_ html: String) -> String {
        fromBody(html, noMarkup: TextHygiene.singleLine) { TextHygiene.singleLine(NodeText.line($0)) }
    }

    /// Text with no tag or entity is taken as it is (`noMarkup`); otherwise it is parsed as the body of an
    /// HTML document and `body` reads it ("" when the parse yields no body, `noMarkup` when it fails).
    private static func fromBody(_ html: String, noMarkup: (String) -> String, body read: (xmlNodePtr) -> String) -> String {
        guard hasMarkup(html) else { return noMarkup(html) }
        guard let document = LibXML.parseHTMLFragment(html, url: nil) else { return noMarkup(html) }
        defer { xmlFreeDoc(document) }
        guard let body = HTMLTree.body(of: document) else { return "" }
        return read(body)
    }

    /// Whether the text has a tag or an entity to read. Byte checks: String.contains(String) goes through
    /// Foundation's string search on Linux.
    static func hasMarkup(_ html: String) -> Bool {
        html.utf8.contains(UInt8(ascii: "<")) || html.utf8.contains(UInt8(ascii: "&"))
    }

    /// The text below `node` with block elements as line breaks (the extractor's byte-level walk).
    static func text(of node: xmlNodePtr) -> String {
        normalizeLines(NodeText.paragraphs(node))
    }

    /// Collapses spacing inside lines and drops empty lines.
    static func normalizeLines(_ text: String) -> String {
        // One pass over the bytes: each line made single-line in place, empty ones dropped.
        var text = text
        return text.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var lineStart = 0
            while lineStart <= bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
                let before = out.count
                if before > 0 { out.append(0x0A) }
                TextHygiene.appendSingleLine(UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd]), to: &out)
                if out.count == before + (before > 0 ? 1 : 0) { out.removeSubrange(before...) }  // an empty line
                lineStart = lineEnd + 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
