import CLibXML2
import Foundation

/// The single line of HTML written in the shape `HTMLSanitizer` writes, read from its bytes without a parse.
///
/// `HTMLText.singleLine` is defined on libxml2's tree of the HTML, and content hashes (so some item ids) are
/// built on it. Every item's sanitized content was parsed a second time for it: a third of the parse stage's
/// samples. For markup in the sanitizer's shape the tree is the markup itself, tag for tag, and its text can be read
/// straight from the bytes: known lower-case element names, attributes as ` name="value"`, character references
/// and the entities of libxml2's own table (each with its `;`), every element closed in order. libxml2 builds another tree only when a start
/// tag implicitly closes the open element (`<p>` inside `<p>`, `<div>` inside `<p>`, `<a>` inside `<a>`), when
/// an element we write as void is not empty to it (or the reverse), or when text holds a control it drops;
/// which tags close which, and which are empty, is asked of the linked libxml2 itself, once. Anything else
/// (comments, unknown entities, unquoted attributes, stray or missing end tags, deep nesting) answers nil, and
/// the caller parses. `SanitizedHTMLLineTests` holds the answers to the parse's.
enum SanitizedHTMLLine {
    /// `TextHygiene.singleLine(NodeText.line(body))` of the HTML parsed as a fragment, or nil when this
    /// reading cannot vouch for it.
    static func line(_ html: String) -> String? {
        var html = html
        return html.withUTF8 { bytes -> String? in
            var visitor = LineVisitor()
            visitor.line.reserveCapacity(bytes.count)
            guard scan(bytes, &visitor) else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(visitor.line.count)
            visitor.line.withUnsafeBufferPointer { TextHygiene.appendSingleLine($0, to: &out) }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Deeper nesting is left to the parse (libxml2 and `NodeText` both bound depth; this stays far below).
    static let maximumDepth = 64

    /// The body's text with a space at each block boundary.
    ///
    /// `NodeText.line` collapses runs of its spaces (bytes up to 0x20, no-break and ideographic spaces) and
    /// spaces block boundaries; `TextHygiene.singleLine` then collapses a wider set of spaces and trims. Once
    /// the C0 controls other than tab, line feed and carriage return are refused (libxml2 drops them, and
    /// single lines drop rather than space them), every space of the first is one of the second, so the second
    /// alone over the text with a space per boundary gives the same line: text is copied here in whole runs.
    private struct LineVisitor: Visitor {
        var line: [UInt8] = []
        let grammar = Grammar.shared
        mutating func text(_ run: UnsafeBufferPointer<UInt8>) { line.append(contentsOf: run) }
        mutating func character(_ scalar: Unicode.Scalar) { UTF8.encode(scalar) { line.append($0) } }
        mutating func start(_ element: UInt8, attributes: Range<Int>) -> Bool {
            if grammar.isBlock(element) { line.append(0x20) }
            return true
        }
        mutating func end(_ element: UInt8) {
            if grammar.isBlock(element) { line.append(0x20) }
        }
    }

    /// What a scan reports, in document order; `start` may refuse the markup (the scan then answers false).
    protocol Visitor {
        /// A run of text bytes, with no markup or entity in it.
        mutating func text(_ run: UnsafeBufferPointer<UInt8>)
        /// The character of an entity or character reference.
        mutating func character(_ scalar: Unicode.Scalar)
        /// A start tag; `attributes` are the bytes between the name and `>` (each ` name="value"`). A void
        /// element has no `end`.
        mutating func start(_ element: UInt8, attributes: Range<Int>) -> Bool
        mutating func end(_ element: UInt8)
    }

    /// Reads markup in the sanitizer's shape, reporting it to `visitor`; false when libxml2 could build another
    /// tree of it, or it is not in that shape.
    static func scan<V: Visitor>(_ bytes: UnsafeBufferPointer<UInt8>, _ visitor: inout V) -> Bool {
        let grammar = Grammar.shared
        var open: [UInt8] = []  // element numbers; the body (number 0) is implicit below them
        let count = bytes.count
        var index = 0
        while index < count {
            let byte = bytes[index]
            if byte == 0x3C {  // <
                let closing = index + 1 < count && bytes[index + 1] == 0x2F
                var cursor = index + (closing ? 2 : 1)
                guard let element = grammar.element(bytes, &cursor) else { return false }
                if closing {
                    guard cursor < count, bytes[cursor] == 0x3E, open.last == element else { return false }
                    open.removeLast()
                    visitor.end(element)
                } else {
                    let attributesStart = cursor
                    guard skipAttributes(bytes, &cursor), grammar.opens(element, inside: open.last ?? 0),
                          visitor.start(element, attributes: attributesStart..<cursor) else { return false }
                    if !grammar.isVoid(element) {
                        open.append(element)
                        if open.count > maximumDepth { return false }
                    }
                }
                index = cursor + 1
            } else if byte == 0x26 {  // &
                guard let (character, length) = reference(bytes, at: index) else { return false }
                visitor.character(character)
                index += length
            } else {
                var end = index
                while end < count {
                    let next = bytes[end]
                    if next == 0x3C || next == 0x26 { break }
                    // libxml2 drops these C0 controls (U+FFFE and U+FFFF too, but single lines drop those as well).
                    if next < 0x20, next != 0x09, next != 0x0A, next != 0x0D { return false }
                    end += 1
                }
                visitor.text(UnsafeBufferPointer(rebasing: bytes[index..<end]))
                index = end
            }
        }
        return open.isEmpty
    }

    /// Moves past ` name="value"` pairs; true when the tag then ends with `>` (at `cursor`).
    private static func skipAttributes(_ bytes: UnsafeBufferPointer<UInt8>, _ cursor: inout Int) -> Bool {
        let count = bytes.count
        while cursor < count, bytes[cursor] == 0x20 {
            cursor += 1
            // A name as libxml2 reads one, starting with a letter; the sanitizer writes lower-case names.
            guard cursor < count, bytes[cursor] >= 0x61, bytes[cursor] <= 0x7A else { return false }
            while cursor < count, (bytes[cursor] >= 0x61 && bytes[cursor] <= 0x7A) || (bytes[cursor] >= 0x30 && bytes[cursor] <= 0x39) || bytes[cursor] == 0x2D {
                cursor += 1
            }
            guard cursor + 1 < count, bytes[cursor] == 0x3D, bytes[cursor + 1] == 0x22 else { return false }
            cursor += 2
            // libxml2 stops at a NUL and reports other controls and U+FFFE/U+FFFF; values with them are left to it.
            while cursor < count, bytes[cursor] != 0x22 {
                if bytes[cursor] < 0x20, bytes[cursor] != 0x09, bytes[cursor] != 0x0A, bytes[cursor] != 0x0D { return false }
                if ByteScan.isNoncharacterFFFEOrFFFF(bytes, at: cursor) { return false }
                cursor += 1
            }
            guard cursor < count else { return false }
            cursor += 1
        }
        return cursor < count && bytes[cursor] == 0x3E
    }

    /// The character and length of the reference at `index`, as libxml2's HTML parser reads it in text and in
    /// attribute values: `&#NNN;` and `&#xHHH;` naming a character XML allows, or `&name;` naming an entity of
    /// libxml2's HTML table (looked up there). References it would read otherwise (no `;`, an unknown name, a
    /// character it refuses) give nil.
    static func reference(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int)? {
        let count = bytes.count
        var cursor = index + 1
        guard cursor < count else { return nil }
        if bytes[cursor] == 0x23 {  // #
            cursor += 1
            let hex = cursor < count && bytes[cursor] | 0x20 == 0x78
            if hex { cursor += 1 }
            var value: UInt32 = 0
            let digitsStart = cursor
            while cursor < count, cursor - digitsStart < 8 {
                let byte = bytes[cursor]
                let digit: UInt32
                switch byte {
                case 0x30...0x39: digit = UInt32(byte - 0x30)
                case 0x61...0x66 where hex: digit = UInt32(byte - 0x61 + 10)
                case 0x41...0x46 where hex: digit = UInt32(byte - 0x41 + 10)
                default: digit = 16
                }
                if digit == 16 { break }
                value = value * (hex ? 16 : 10) + digit
                cursor += 1
            }
            guard cursor > digitsStart, cursor < count, bytes[cursor] == 0x3B, let scalar = Unicode.Scalar(value),
                  TextHygiene.isXMLCharacter(scalar) else { return nil }
            return (scalar, cursor + 1 - index)
        }
        // A name of ASCII letters and digits, starting with a letter (every name in libxml2's table is one).
        let nameStart = cursor
        while cursor < count, cursor - nameStart <= 10,
              (bytes[cursor] | 0x20 >= 0x61 && bytes[cursor] | 0x20 <= 0x7A) || (cursor > nameStart && bytes[cursor] >= 0x30 && bytes[cursor] <= 0x39) {
            cursor += 1
        }
        guard cursor > nameStart, cursor - nameStart <= 10, cursor < count, bytes[cursor] == 0x3B else { return nil }
        var name = [UInt8](UnsafeBufferPointer(rebasing: bytes[nameStart..<cursor]))
        name.append(0)
        guard let entity = htmlEntityLookup(name), entity.pointee.value > 0, let scalar = Unicode.Scalar(entity.pointee.value) else { return nil }
        return (scalar, cursor + 1 - index)
    }

    /// The elements the sanitizer keeps, numbered from 1 (0 is the body), with what libxml2 does with each.
    struct Grammar: Sendable {
        static let shared = Grammar(names: HTMLElements.allowed.keys.sorted())

        private let numbers: [UInt64: UInt8]
        private let block: [Bool]
        private let void: [Bool]
        /// `closes[new * count + open]`: a start tag `new` inside `open` ends `open` first in libxml2's parse,
        /// or nests differently than written; such markup is left to the parse.
        private let closes: [Bool]
        let names: [String]

        init(names: [String]) {
            let all = ["body"] + names
            self.names = all
            var numbers: [UInt64: UInt8] = [:]
            for (number, name) in all.enumerated() where number > 0 {
                if let key = Self.key(Array(name.utf8)[...]) { numbers[key] = UInt8(number) }
            }
            self.numbers = numbers
            block = all.map { HTMLElements.block.contains($0) }
            // Written as void (no end tag, no content) exactly when libxml2 takes the element as empty; an element
            // where the two disagree is never accepted (it opens inside nothing).
            _ = LibXML.initialized
            let emptyToLibXML = all.map { name in htmlTagLookup(name).map { $0.pointee.empty != 0 } ?? false }
            void = all.map { HTMLElements.void.contains($0) }
            var closes = [Bool](repeating: true, count: all.count * all.count)
            if let document = htmlNewDocNoDtD(nil, nil) {
                defer { xmlFreeDoc(document) }
                for (new, name) in all.enumerated() where new > 0 && emptyToLibXML[new] == HTMLElements.void.contains(name) {
                    guard let node = xmlNewDocNode(document, nil, name, nil) else { continue }
                    defer { xmlFreeNode(node) }
                    for (old, openName) in all.enumerated() where old != new && (old == 0 || !emptyToLibXML[old]) {
                        closes[new * all.count + old] = htmlAutoCloseTag(document, openName, node) != 0
                    }
                    // libxml2 answers nothing for an element inside one of its own name: parse it.
                    if !emptyToLibXML[new] { closes[new * all.count + new] = !Self.nestsInItself(name) }
                }
            }
            self.closes = closes
        }

        /// Whether `<X><X>t</X></X>` parses as one X inside another, holding the text.
        static func nestsInItself(_ name: String) -> Bool {
            guard let document = LibXML.parseHTMLFragment("<\(name)><\(name)>t</\(name)></\(name)>", url: nil) else { return false }
            defer { xmlFreeDoc(document) }
            guard let body = HTMLTree.body(of: document), let outer = body.pointee.children, outer.pointee.next == nil,
                  let inner = outer.pointee.children, inner.pointee.next == nil, inner.pointee.type == XML_ELEMENT_NODE,
                  let text = inner.pointee.children, text.pointee.type == XML_TEXT_NODE, text.pointee.next == nil
            else { return false }
            return HTMLTree.name(outer) == name && HTMLTree.name(inner) == name
        }

        /// An element name as six bits a letter or digit; names longer than ten bytes have no key.
        static func key(_ name: ArraySlice<UInt8>) -> UInt64? {
            guard !name.isEmpty, name.count <= 10 else { return nil }
            var key: UInt64 = 0
            for byte in name {
                guard let code = code(byte) else { return nil }
                key = key << 6 | UInt64(code)
            }
            return key
        }

        @inline(__always)
        static func code(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 0x61...0x7A: byte - 0x60
            case 0x30...0x39: byte - 0x30 + 27
            default: nil
            }
        }

        /// The number of the element named at `cursor` (a name ends at a space or `>`), moving past the name.
        func element(_ bytes: UnsafeBufferPointer<UInt8>, _ cursor: inout Int) -> UInt8? {
            let start = cursor
            var key: UInt64 = 0
            while cursor < bytes.count {
                guard let code = Self.code(bytes[cursor]) else {
                    guard cursor > start, bytes[cursor] == 0x20 || bytes[cursor] == 0x3E else { return nil }
                    return numbers[key]
                }
                guard cursor - start < 10 else { return nil }
                key = key << 6 | UInt64(code)
                cursor += 1
            }
            return nil
        }

        func isBlock(_ element: UInt8) -> Bool { block[Int(element)] }
        func isVoid(_ element: UInt8) -> Bool { void[Int(element)] }

        /// True when libxml2 nests a start tag `element` inside the open element as written.
        func opens(_ element: UInt8, inside open: UInt8) -> Bool { !closes[Int(element) * names.count + Int(open)] }
    }
}
