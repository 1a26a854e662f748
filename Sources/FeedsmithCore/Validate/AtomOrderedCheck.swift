import CLibXML2

/// The first and cheapest step of Atom validation: exactly the documents ``AtomRenderer`` writes, recognized by
/// walking libxml2's tree in Swift.
///
/// Everything this accepts is accepted by ``AtomSchema/inFeedsmithOrder`` (the same children in the same order,
/// only `xml:lang` among the common attributes, plain text constructs, inline text content, dates in the one
/// `xsd:dateTime` form the renderer writes), so it is valid Atom; it is narrower still, so the check never needs
/// to decide what the grammar would. Anything else — another generator's feed, an extension element, a comment,
/// XHTML text, a date with fractions — is left to the grammars, which decide and report. libxml2's RELAX NG
/// validator was 6% of the poll benchmark's CPU (`perf`); with this walk, validating a polled source's Atom
/// output (20 entries) takes 298–307 instead of 489–515 µs, parsing and the prose rules included
/// (`feedsmith-bench stages`, alternating runs).
enum AtomOrderedCheck {
    static func accepts(_ document: xmlDocPtr) -> Bool {
        guard let root = xmlDocGetRootElement(document), isAtom(root, "feed"), commonAttributesOnly(root) else { return false }
        var children = Children(of: root)
        guard element(&children, "id", textOnly(commonAttributes: true)),
              element(&children, "title", textConstruct),
              optional(&children, "subtitle", textConstruct),
              element(&children, "updated", date) else { return false }
        while optional(&children, "link", link, whenPresent: true) {}
        guard optional(&children, "generator", generator) else { return false }
        while optional(&children, "entry", entry, whenPresent: true) {}
        return children.atEnd
    }

    // MARK: - Elements

    private static func entry(_ node: xmlNodePtr) -> Bool {
        guard commonAttributesOnly(node) else { return false }
        var children = Children(of: node)
        guard element(&children, "id", textOnly(commonAttributes: true)), element(&children, "title", textConstruct) else { return false }
        while optional(&children, "link", link, whenPresent: true) {}
        guard optional(&children, "published", date), element(&children, "updated", date) else { return false }
        while optional(&children, "author", person, whenPresent: true) {}
        while optional(&children, "category", category, whenPresent: true) {}
        // Inline text content has the plain text construct's shape; other media types and `src` go to the grammars.
        guard optional(&children, "summary", textConstruct), optional(&children, "content", textConstruct),
              optional(&children, "source", source) else { return false }
        return children.atEnd
    }

    private static func source(_ node: xmlNodePtr) -> Bool {
        guard commonAttributesOnly(node) else { return false }
        var children = Children(of: node)
        guard optional(&children, "id", textOnly(commonAttributes: true)), optional(&children, "title", textConstruct) else { return false }
        while optional(&children, "link", link, whenPresent: true) {}
        guard optional(&children, "updated", date) else { return false }
        return children.atEnd
    }

    /// The ordered person construct: `name`, then optionally `uri` and `email`, which take no attributes at all.
    private static func person(_ node: xmlNodePtr) -> Bool {
        guard commonAttributesOnly(node) else { return false }
        var children = Children(of: node)
        let bare = textOnly(commonAttributes: false)
        guard element(&children, "name", bare), optional(&children, "uri", bare), optional(&children, "email", bare) else { return false }
        return children.atEnd
    }

    /// `href` required; `rel`, `type`, `hreflang`, `title` and `length` optional; nothing inside.
    private static func link(_ node: xmlNodePtr) -> Bool {
        var hasHref = false
        let attributesFit = attributes(of: node) { attribute, name in
            if equal(name, "href") { hasHref = true; return true }
            if equal(name, "type") { return isMediaType(attribute) }
            return equal(name, "rel") || equal(name, "hreflang") || equal(name, "title") || equal(name, "length")
        }
        return attributesFit && hasHref && node.pointee.children == nil
    }

    /// `term` required; `scheme` and `label` optional; nothing inside.
    private static func category(_ node: xmlNodePtr) -> Bool {
        var hasTerm = false
        let attributesFit = attributes(of: node) { _, name in
            if equal(name, "term") { hasTerm = true; return true }
            return equal(name, "scheme") || equal(name, "label")
        }
        return attributesFit && hasTerm && node.pointee.children == nil
    }

    private static func generator(_ node: xmlNodePtr) -> Bool {
        attributes(of: node) { _, name in equal(name, "uri") || equal(name, "version") } && onlyText(node)
    }

    /// A plain text construct: `type` absent, `text` or `html`, and text only (XHTML goes to the grammars).
    private static func textConstruct(_ node: xmlNodePtr) -> Bool {
        attributes(of: node) { attribute, name in
            equal(name, "type") && (value(attribute, is: "text") || value(attribute, is: "html"))
        } && onlyText(node)
    }

    private static func textOnly(commonAttributes: Bool) -> (xmlNodePtr) -> Bool {
        { node in (commonAttributes ? commonAttributesOnly(node) : node.pointee.properties == nil) && onlyText(node) }
    }

    private static func date(_ node: xmlNodePtr) -> Bool {
        guard commonAttributesOnly(node), let text = node.pointee.children, text.pointee.next == nil,
              text.pointee.type == XML_TEXT_NODE, let content = text.pointee.content else { return false }
        return isDateTime(UnsafePointer(content))
    }

    // MARK: - Sequences

    /// The element children of a node in order; any other child but whitespace text (other text, comments,
    /// CDATA, entity references, processing instructions) makes the walk stop, which rejects the document.
    private struct Children {
        private var next: xmlNodePtr?
        private(set) var broken = false

        init(of node: xmlNodePtr) {
            next = node.pointee.children
            skipIgnorable()
        }

        var current: xmlNodePtr? { broken ? nil : next }
        var atEnd: Bool { !broken && next == nil }

        /// A child was there but not accepted: nothing after it can make the sequence right.
        mutating func fail() { broken = true }

        mutating func advance() {
            next = next?.pointee.next
            skipIgnorable()
        }

        private mutating func skipIgnorable() {
            while let node = next, node.pointee.type != XML_ELEMENT_NODE {
                // libxml2's own test for whitespace-only text (space, tab, CR, LF), which RELAX NG skips too.
                guard node.pointee.type == XML_TEXT_NODE, xmlIsBlankNode(node) != 0 else {
                    broken = true
                    return
                }
                next = node.pointee.next
            }
        }
    }

    /// The next child must be the Atom element `name`, and `check` must accept it.
    private static func element(_ children: inout Children, _ name: StaticString, _ check: (xmlNodePtr) -> Bool) -> Bool {
        guard let node = children.current, isAtom(node, name), check(node) else { return false }
        children.advance()
        return true
    }

    /// When the next child is the Atom element `name`, `check` must accept it. Returns whether the sequence may go
    /// on, or (`whenPresent`) whether such an element was there and accepted: `while optional(…, whenPresent: true)`
    /// takes a run of them, and a rejected one stops the run where the next step then fails.
    private static func optional(
        _ children: inout Children, _ name: StaticString, _ check: (xmlNodePtr) -> Bool, whenPresent: Bool = false
    ) -> Bool {
        guard let node = children.current, isAtom(node, name) else { return !whenPresent && !children.broken }
        guard check(node) else {
            children.fail()
            return false
        }
        children.advance()
        return true
    }

    // MARK: - Attributes and text

    /// Every attribute is `xml:lang` or one `accept` takes (no namespace); `accept` sees each unqualified one.
    private static func attributes(of node: xmlNodePtr, _ accept: (xmlAttrPtr, UnsafePointer<xmlChar>) -> Bool) -> Bool {
        var attribute = node.pointee.properties
        while let current = attribute {
            guard let name = current.pointee.name else { return false }
            if let namespace = current.pointee.ns {
                guard equal(namespace.pointee.href, "http://www.w3.org/XML/1998/namespace"), equal(name, "lang") else { return false }
            } else if !accept(current, name) {
                return false
            }
            attribute = current.pointee.next
        }
        return true
    }

    private static func commonAttributesOnly(_ node: xmlNodePtr) -> Bool {
        attributes(of: node) { _, _ in false }
    }

    /// Whether the attribute's value is exactly `expected` (one text node; anything else is not accepted).
    private static func value(_ attribute: xmlAttrPtr, is expected: StaticString) -> Bool {
        guard let text = attribute.pointee.children, text.pointee.next == nil, text.pointee.type == XML_TEXT_NODE else { return false }
        return equal(text.pointee.content, expected)
    }

    /// A media type as ``AtomRenderer`` writes them: `type/subtype` in lower-case letters, digits and `+.-`,
    /// so never `text`, `html` or `xhtml`, which the schema's media type excludes.
    private static func isMediaType(_ attribute: xmlAttrPtr) -> Bool {
        guard let text = attribute.pointee.children, text.pointee.next == nil, text.pointee.type == XML_TEXT_NODE,
              let content = text.pointee.content else { return false }
        var index = 0, slashes = 0, beforeSlash = 0, afterSlash = 0
        while content[index] != 0, index < 256 {
            switch content[index] {
            case UInt8(ascii: "/"): slashes += 1
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "-"):
                if slashes == 0 { beforeSlash += 1 } else { afterSlash += 1 }
            default: return false
            }
            index += 1
        }
        return content[index] == 0 && slashes == 1 && beforeSlash > 0 && afterSlash > 0
    }

    /// Only text nodes below (none is fine: `<text/>` matches the empty string).
    private static func onlyText(_ node: xmlNodePtr) -> Bool {
        var child = node.pointee.children
        while let current = child {
            guard current.pointee.type == XML_TEXT_NODE else { return false }
            child = current.pointee.next
        }
        return true
    }

    private static func isAtom(_ node: xmlNodePtr, _ name: StaticString) -> Bool {
        node.pointee.type == XML_ELEMENT_NODE && equal(node.pointee.name, name)
            && equal(node.pointee.ns?.pointee.href, "http://www.w3.org/2005/Atom")
    }

    /// Whether a NUL-terminated libxml2 string is exactly `expected`.
    static func equal(_ text: UnsafePointer<xmlChar>?, _ expected: StaticString) -> Bool {
        guard let text else { return false }
        return expected.withUTF8Buffer { bytes in
            // A shorter `text` ends with a NUL that no byte of `expected` equals, so reading stops inside it.
            for index in 0..<bytes.count where text[index] != bytes[index] { return false }
            return text[bytes.count] == 0
        }
    }

    static func equal(_ text: UnsafeMutablePointer<xmlChar>?, _ expected: StaticString) -> Bool {
        equal(UnsafePointer(text), expected)
    }

    // MARK: - Dates

    /// `YYYY-MM-DDThh:mm:ss` then `Z` or `±hh:mm`, every field in range (the day for its month and year, offsets
    /// under 14 hours, years 1000–9999): what `DateFormatting.rfc3339` writes, and a subset of `xsd:dateTime`.
    static func isDateTime(_ text: UnsafePointer<xmlChar>) -> Bool {
        var count = 0
        while text[count] != 0 {
            guard count < 25 else { return false }
            count += 1
        }
        return isDateTime(UnsafeBufferPointer(start: text, count: count))
    }

    static func isDateTime(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count == 20 || bytes.count == 25 else { return false }
        func number(_ start: Int, _ count: Int) -> Int? {
            var value = 0
            for index in start..<(start + count) {
                let byte = bytes[index]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        func byte(_ index: Int, _ expected: Character) -> Bool { bytes[index] == expected.asciiValue }
        guard let year = number(0, 4), byte(4, "-"), let month = number(5, 2), byte(7, "-"), let day = number(8, 2),
              byte(10, "T"), let hour = number(11, 2), byte(13, ":"), let minute = number(14, 2), byte(16, ":"),
              let second = number(17, 2) else { return false }
        guard year >= 1000, (1...12).contains(month), day >= 1, day <= CivilTime.daysIn(month: month, year: year),
              hour <= 23, minute <= 59, second <= 59 else { return false }
        if bytes.count == 20 { return byte(19, "Z") }
        guard byte(19, "+") || byte(19, "-"), let offsetHours = number(20, 2), byte(22, ":"), let offsetMinutes = number(23, 2) else { return false }
        return offsetHours <= 13 && offsetMinutes <= 59
    }
}
