import Foundation

/// The tree of HTML in the shape `HTMLSanitizer` writes, built from its bytes without libxml2.
///
/// `SanitizedHTMLLine.scan` accepts only markup whose libxml2 tree is the markup itself, tag for tag; this
/// builds that tree (text nodes merged between tags as libxml2 merges them, references decoded as libxml2 decodes
/// them, in attribute values too) so the sanitizer's writer can walk it instead of libxml2's. Markup it cannot
/// vouch for (also: an attribute given twice, whose second libxml2 drops, or a value with an unknown entity)
/// gives nil, and the caller parses. `ShapedFragmentTests` holds the sanitizer's output over both trees equal.
final class ShapedFragment {
    fileprivate struct Entry {
        var isText: Bool
        var name: String
        var text: String
        var attributes: [(name: String, value: String)]
        var parent: Int
        var firstChild = -1
        var lastChild = -1
        var next = -1
    }

    fileprivate var entries: [Entry]

    private init(entries: [Entry]) { self.entries = entries }

    /// The body, whose children are the fragment's top-level nodes.
    var body: Node { Node(fragment: self, index: 0) }

    /// A node of the fragment, as the sanitizer reads it.
    struct Node: SanitizerNode {
        let fragment: ShapedFragment
        let index: Int

        private var entry: Entry { fragment.entries[index] }

        var isText: Bool { entry.isText }
        var isElement: Bool { !entry.isText }
        var text: String { entry.text }
        var name: String { entry.name }
        var firstChild: Node? { entry.firstChild < 0 ? nil : Node(fragment: fragment, index: entry.firstChild) }
        var next: Node? { entry.next < 0 ? nil : Node(fragment: fragment, index: entry.next) }

        var insidePre: Bool {
            var parent = entry.parent
            while parent > 0 {
                if fragment.entries[parent].name == "pre" { return true }
                parent = fragment.entries[parent].parent
            }
            return false
        }

        func attribute(_ name: String) -> String? { entry.attributes.first { $0.name == name }?.value }

        func forEachAttribute(_ body: (_ name: String, _ value: () -> String?) -> Void) {
            for attribute in entry.attributes { body(attribute.name) { attribute.value } }
        }
    }

    /// The fragment's tree, or nil when the markup is not in the sanitizer's shape.
    static func parse(_ html: String) -> ShapedFragment? {
        var html = html
        return html.withUTF8 { bytes -> ShapedFragment? in
            var builder = Builder(bytes: bytes)
            guard SanitizedHTMLLine.scan(bytes, &builder), builder.flush() else { return nil }
            return ShapedFragment(entries: builder.entries)
        }
    }

    private struct Builder: SanitizedHTMLLine.Visitor {
        let bytes: UnsafeBufferPointer<UInt8>
        var entries = [Entry(isText: false, name: "body", text: "", attributes: [], parent: -1)]
        var open = [0]
        var pending: [UInt8] = []
        let grammar = SanitizedHTMLLine.Grammar.shared

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        private mutating func add(_ entry: Entry) -> Int {
            let index = entries.count
            entries.append(entry)
            let parent = entry.parent
            if entries[parent].lastChild >= 0 { entries[entries[parent].lastChild].next = index } else { entries[parent].firstChild = index }
            entries[parent].lastChild = index
            return index
        }

        /// Ends the text read since the last tag as one text node; always true (for use in conditions).
        @discardableResult
        mutating func flush() -> Bool {
            guard !pending.isEmpty else { return true }
            _ = add(Entry(isText: true, name: "", text: String(decoding: pending, as: UTF8.self), attributes: [], parent: open[open.count - 1]))
            pending.removeAll(keepingCapacity: true)
            return true
        }

        mutating func text(_ run: UnsafeBufferPointer<UInt8>) {
            // libxml2 drops U+FFFE and U+FFFF (EF BF BE, EF BF BF) from text: a text of nothing else is no node,
            // and an `<a>` without href and without children is not written.
            guard run.contains(0xEF) else { return pending.append(contentsOf: run) }
            var index = 0
            while index < run.count {
                if ByteScan.isNoncharacterFFFEOrFFFF(run, at: index) {
                    index += 3
                    continue
                }
                pending.append(run[index])
                index += 1
            }
        }
        mutating func character(_ scalar: Unicode.Scalar) { UTF8.encode(scalar) { pending.append($0) } }

        mutating func start(_ element: UInt8, attributes range: Range<Int>) -> Bool {
            flush()
            guard let attributes = Self.attributes(bytes, range) else { return false }
            let index = add(Entry(isText: false, name: grammar.names[Int(element)], text: "", attributes: attributes, parent: open[open.count - 1]))
            if !grammar.isVoid(element) { open.append(index) }
            return true
        }

        mutating func end(_ element: UInt8) {
            flush()
            open.removeLast()
        }

        /// ` name="value"` pairs (the scan has checked their form), values decoded; nil for a repeated name or
        /// a reference libxml2 reads otherwise.
        static func attributes(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [(name: String, value: String)]? {
            var result: [(name: String, value: String)] = []
            var cursor = range.lowerBound
            while cursor < range.upperBound {
                cursor += 1  // the space
                let nameStart = cursor
                while bytes[cursor] != 0x3D { cursor += 1 }
                let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[nameStart..<cursor]), as: UTF8.self)
                guard !result.contains(where: { $0.name == name }) else { return nil }
                cursor += 2  // ="
                var value: [UInt8] = []
                while bytes[cursor] != 0x22 {
                    if bytes[cursor] == 0x26 {
                        guard let (character, length) = SanitizedHTMLLine.reference(bytes, at: cursor) else { return nil }
                        UTF8.encode(character) { value.append($0) }
                        cursor += length
                    } else {
                        value.append(bytes[cursor])
                        cursor += 1
                    }
                }
                cursor += 1  // the closing quote
                result.append((name, String(decoding: value, as: UTF8.self)))
            }
            return result
        }
    }
}
