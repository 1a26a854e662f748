import Foundation

/// Writes the renderers' XML straight into a byte array: the bytes libxml2's xmlTextWriter wrote with the same
/// calls (two-space indentation, its escaping of text and attribute values), without its per-call list
/// operations, string measuring and buffer copies, which were most of rendering an Atom or RSS feed.
/// `LibXML2ReferenceWriter` in the tests is that writer; they hold the two to identical bytes.
/// Characters XML 1.0 forbids are removed from every string before it is written. A struct: as a class, every
/// write to its buffer went through Swift's run-time exclusivity checks, which cost more than the writing.
struct XMLWriter {
    private var out: [UInt8] = []
    /// Open elements, innermost last, each with whether its start tag is still open (`<name attr="…"`, no `>`).
    private var open: [(name: StaticString, startTagOpen: Bool)] = []
    /// libxml2's `doindent`: an end tag goes on its own indented line unless text came right before it.
    private var indentEndTag = true
    private var failed = false

    /// `capacity`: the expected size in bytes, reserved up front so the array is not copied as it grows.
    init(capacity: Int = 16_384) throws(RenderError) {
        out.reserveCapacity(max(4096, min(capacity, 1 << 30)))
        append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
    }

    /// A size estimate for a feed document: its entries' content plus markup and metadata per entry.
    static func estimatedSize(_ feed: FeedDocument) -> Int {
        feed.entries.reduce(4096) { total, entry in
            total + 800 + (entry.contentHTML?.utf8.count ?? 0) + (entry.summary?.utf8.count ?? 0) + entry.title.utf8.count
        }
    }

    private mutating func append(_ literal: StaticString) {
        // A literal's storage is its UTF-8; a one-character literal may be held as a scalar instead.
        guard literal.hasPointerRepresentation else {
            out.append(contentsOf: literal.description.utf8)
            return
        }
        out.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    private mutating func indent(_ levels: Int) {
        for _ in 0..<max(0, levels) { out.append(0x20); out.append(0x20) }
    }

    /// Closes the innermost start tag if it is still open; content follows.
    private mutating func closeStartTag(newline: Bool) {
        guard let last = open.indices.last, open[last].startTagOpen else { return }
        out.append(0x3E)  // >
        if newline { out.append(0x0A) }
        open[last].startTagOpen = false
    }

    mutating func start(_ name: StaticString) {
        closeStartTag(newline: true)
        open.append((name, true))
        indent(open.count - 1)
        out.append(0x3C)  // <
        append(name)
    }

    mutating func end() {
        guard let last = open.popLast() else {
            failed = true
            return
        }
        if last.startTagOpen {
            out.append(0x2F); out.append(0x3E)  // />
        } else {
            if indentEndTag { indent(open.count) }
            out.append(0x3C); out.append(0x2F)  // </
            append(last.name)
            out.append(0x3E)
        }
        indentEndTag = true
        out.append(0x0A)
    }

    mutating func attribute(_ name: StaticString, _ value: String) {
        // Attributes belong in an open start tag; libxml2 refused them anywhere else.
        guard let last = open.last, last.startTagOpen else {
            failed = true
            return
        }
        out.append(0x20)
        append(name)
        out.append(0x3D); out.append(0x22)  // ="
        var safe = TextHygiene.xmlSafe(value)
        safe.withUTF8 { Self.appendAttributeValue($0, to: &out) }
        out.append(0x22)
    }

    /// An attribute value escaped as libxml2's xmlBufAttrSerializeTxtContent does in a UTF-8 document:
    /// `"`, `<`, `>`, `&`, tab, line feed and carriage return as references; everything else as it is.
    static func appendAttributeValue(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var runStart = 0
        for index in bytes.indices {
            let replacement: StaticString
            switch bytes[index] {
            case 0x0A: replacement = "&#10;"
            case 0x0D: replacement = "&#13;"
            case 0x09: replacement = "&#9;"
            case 0x22: replacement = "&quot;"
            case 0x3C: replacement = "&lt;"
            case 0x3E: replacement = "&gt;"
            case 0x26: replacement = "&amp;"
            default: continue
            }
            if runStart < index { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
            out.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
            runStart = index + 1
        }
        if runStart < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...])) }
    }

    /// Element text, escaped as libxml2's xmlEncodeSpecialChars does.
    mutating func text(_ value: String) {
        closeStartTag(newline: false)
        indentEndTag = false
        var safe = TextHygiene.xmlSafe(value)
        safe.withUTF8 { Self.appendEscapedText($0, to: &out) }
    }

    /// Appends element text escaped as libxml2's xmlEncodeSpecialChars does (`<`, `>`, `&`, `"`, and CR as
    /// `&#13;`), in runs between the bytes escaped.
    static func appendEscapedText(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        // One table load per byte instead of five comparisons: feed content is mostly markup to escape; words
        // holding none of the five are skipped whole (``ByteScan``).
        specialBytes.withUnsafeBufferPointer { table in
            var runStart = 0
            ByteScan.forEach(bytes, mayHold: mayNeedEscape, needsEscape: { table[Int($0)] != 0 }) { index, byte in
                if runStart < index { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
                let replacement: StaticString
                switch byte {
                case 0x3C: replacement = "&lt;"
                case 0x3E: replacement = "&gt;"
                case 0x26: replacement = "&amp;"
                case 0x22: replacement = "&quot;"
                default: replacement = "&#13;"
                }
                out.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
                runStart = index + 1
            }
            if runStart < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...])) }
        }
    }

    /// Whether any of the eight bytes is one element text escapes (`<` `>` `&` `"` CR).
    @inline(__always)
    static func mayNeedEscape(_ word: UInt64) -> Bool {
        ByteScan.matches(0x3C, word) | ByteScan.matches(0x3E, word) | ByteScan.matches(0x26, word)
            | ByteScan.matches(0x22, word) | ByteScan.matches(0x0D, word) != 0
    }

    /// Non-zero for the bytes element text escapes.
    private static let specialBytes: [UInt8] = (0..<256).map { [0x3C, 0x3E, 0x26, 0x22, 0x0D].contains($0) ? 1 : 0 }

    /// `<name attr="…">text</name>`.
    mutating func element(_ name: StaticString, _ value: String, attributes: [(StaticString, String)] = []) {
        start(name)
        for (key, attributeValue) in attributes { attribute(key, attributeValue) }
        text(value)
        end()
    }

    /// `<name>…</name>` around bytes that `write` appends as they are: text that never needs escaping and holds
    /// no character XML forbids, such as a date.
    mutating func element(_ name: StaticString, unescaped write: (inout [UInt8]) -> Void) {
        start(name)
        closeStartTag(newline: false)
        indentEndTag = false
        write(&out)
        end()
    }

    /// `<name attr="…"/>`.
    mutating func empty(_ name: StaticString, attributes: [(StaticString, String)]) {
        start(name)
        for (key, value) in attributes { attribute(key, value) }
        end()
    }

    /// The document, with any element still open closed as libxml2's xmlTextWriterEndDocument closed it.
    mutating func finish() throws(RenderError) -> [UInt8] {
        while !open.isEmpty { end() }
        guard !failed else { throw RenderError(message: "the XML writer was called out of order (an end without a start, or an attribute after content)") }
        return out
    }
}
