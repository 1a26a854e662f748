import CLibXML2
import Foundation

/// Fast text measurements straight from libxml2's UTF-8 buffers: the extractor asks "how much text, how
/// much of it linked" thousands of times per page, and building Swift strings for that dominated its cost.
enum NodeText {
    struct Stats {
        /// Characters that are not whitespace.
        var characters = 0
        /// Of those, inside `<a>`.
        var linked = 0
        /// Commas and full stops (ASCII and CJK), Readability's signal of running prose.
        var punctuation = 0
    }

    /// Memoized statistics: asking for a node after its descendants reuses their counts, so scoring every
    /// candidate block of a page costs one pass over it instead of one per candidate.
    ///
    /// A node's entry is found through its `_private` field (libxml2 leaves it to applications and zeroes it in
    /// new nodes), which holds the entry's position plus one: hashing node pointers into a dictionary was a
    /// third of this cache's time. One cache per document, then: its pages own theirs.
    final class StatsCache {
        private var entries: [Stats] = []

        func stats(_ node: xmlNodePtr) -> Stats { compute(node, depth: 0) }

        private func compute(_ node: xmlNodePtr, depth: Int) -> Stats {
            if let mark = node.pointee._private {
                let index = Int(bitPattern: mark) - 1
                if index >= 0, index < entries.count { return entries[index] }
            }
            var stats = Stats()
            if depth < HTMLElements.maximumDepth {
                let inLink = node.pointee.name.map(NodeText.isAnchor) ?? false
                var child = node.pointee.children
                while let current = child {
                    switch current.pointee.type {
                    case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                        if let content = current.pointee.content { NodeText.count(content, inLink: inLink, into: &stats) }
                    case XML_ELEMENT_NODE:
                        if let name = current.pointee.name, !NodeText.isDropped(name) {
                            var inner = compute(current, depth: depth + 1)
                            if inLink { inner.linked = inner.characters }
                            stats.characters += inner.characters
                            stats.linked += inner.linked
                            stats.punctuation += inner.punctuation
                        }
                    default:
                        break
                    }
                    child = current.pointee.next
                }
            }
            entries.append(stats)
            node.pointee._private = UnsafeMutableRawPointer(bitPattern: entries.count)
            return stats
        }
    }

    /// Counts below `node`, skipping scripts, styles and ruby annotations.
    static func stats(_ node: xmlNodePtr) -> Stats {
        var stats = Stats()
        walk(node, depth: 0, inLink: false, into: &stats)
        return stats
    }

    private static func walk(_ node: xmlNodePtr, depth: Int, inLink: Bool, into stats: inout Stats) {
        guard depth < HTMLElements.maximumDepth else { return }
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { count(content, inLink: inLink, into: &stats) }
            case XML_ELEMENT_NODE:
                if let name = current.pointee.name, !isDropped(name) {
                    walk(current, depth: depth + 1, inLink: inLink || isAnchor(name), into: &stats)
                }
            default:
                break
            }
            child = current.pointee.next
        }
    }

    @inline(__always)
    static func count(_ content: UnsafeMutablePointer<xmlChar>, inLink: Bool, into stats: inout Stats) {
        var pointer = content
        var characters = 0
        var punctuation = 0
        while pointer.pointee != 0 {
            let byte = pointer.pointee
            if byte < 0x80 {
                if byte > 0x20 {
                    characters += 1
                    if byte == 0x2C || byte == 0x2E || byte == 0x3B { punctuation += 1 }
                }
                pointer += 1
            } else if byte >= 0xC0 {
                // Lead byte of a multi-byte character; NBSP (C2 A0) and U+3000 (E3 80 80) are spaces.
                let b1 = pointer[1]
                if byte == 0xC2 && b1 == 0xA0 {
                } else if byte == 0xE3 && b1 == 0x80 && pointer[2] == 0x80 {
                } else {
                    characters += 1
                    // ，(EF BC 8C) 。(E3 80 82) 、(E3 80 81) ；(EF BC 9B)
                    if (byte == 0xEF && b1 == 0xBC && (pointer[2] == 0x8C || pointer[2] == 0x9B))
                        || (byte == 0xE3 && b1 == 0x80 && (pointer[2] == 0x82 || pointer[2] == 0x81)) {
                        punctuation += 1
                    }
                }
                pointer += 1
            } else {
                pointer += 1  // continuation byte
            }
        }
        stats.characters += characters
        stats.punctuation += punctuation
        if inLink { stats.linked += characters }
    }

    /// The raw text of an element's text children (a script's JSON).
    static func rawText(_ node: xmlNodePtr) -> String {
        var text = ""
        var child = node.pointee.children
        while let current = child {
            if let content = current.pointee.content, current.pointee.type == XML_TEXT_NODE || current.pointee.type == XML_CDATA_SECTION_NODE {
                text += String(cString: content)
            }
            child = current.pointee.next
        }
        return text
    }

    /// The text below `node` on one line, whitespace runs (NBSP, U+3000 included) collapsed to one space.
    static func line(_ node: xmlNodePtr) -> String {
        var buffer: [UInt8] = []
        var pendingSpace = false
        collect(node, depth: 0, into: &buffer, pendingSpace: &pendingSpace)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// The text below `node` with one paragraph per line: block elements break lines, spacing collapses,
    /// empty lines are dropped.
    static func paragraphs(_ node: xmlNodePtr) -> String {
        var buffer: [UInt8] = []
        var pendingSpace = false
        collect(node, depth: 0, into: &buffer, pendingSpace: &pendingSpace, blockBreak: 0x0A)
        while buffer.last == 0x0A || buffer.last == 0x20 { buffer.removeLast() }
        return String(decoding: buffer, as: UTF8.self)
    }

    private static func collect(_ node: xmlNodePtr, depth: Int, into buffer: inout [UInt8], pendingSpace: inout Bool, blockBreak: UInt8? = nil) {
        guard depth < HTMLElements.maximumDepth else { return }
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                guard var pointer = current.pointee.content else { break }
                while pointer.pointee != 0 {
                    // A run of non-space bytes is copied at once (byte-by-byte appends checked the array's
                    // uniqueness for every byte). The text is NUL-terminated, so looking one or two bytes past
                    // a lead byte stays inside it.
                    let start = pointer
                    while true {
                        let byte = pointer.pointee
                        if byte <= 0x20 { break }
                        if byte == 0xC2 && pointer[1] == 0xA0 { break }
                        if byte == 0xE3 && pointer[1] == 0x80 && pointer[2] == 0x80 { break }
                        pointer += 1
                    }
                    if pointer > start {
                        if pendingSpace {
                            buffer.append(0x20)
                            pendingSpace = false
                        }
                        buffer.append(contentsOf: UnsafeBufferPointer(start: start, count: pointer - start))
                    }
                    let byte = pointer.pointee
                    guard byte != 0 else { break }
                    pendingSpace = !buffer.isEmpty && buffer.last != 0x0A
                    pointer += byte <= 0x20 ? 1 : byte == 0xC2 ? 2 : 3
                }
            case XML_ELEMENT_NODE:
                guard let name = current.pointee.name, !isDropped(name) else { break }
                let isBlock = isBlockOrBreak(name)
                if isBlock { lineBreak(&buffer, &pendingSpace, blockBreak) }
                collect(current, depth: depth + 1, into: &buffer, pendingSpace: &pendingSpace, blockBreak: blockBreak)
                if isBlock { lineBreak(&buffer, &pendingSpace, blockBreak) }
            default:
                break
            }
            child = current.pointee.next
        }
    }

    /// At a block boundary: a newline when building paragraphs (at most one, never leading), else a space.
    @inline(__always)
    private static func lineBreak(_ buffer: inout [UInt8], _ pendingSpace: inout Bool, _ blockBreak: UInt8?) {
        guard let blockBreak else {
            pendingSpace = !buffer.isEmpty
            return
        }
        pendingSpace = false
        while buffer.last == 0x20 { buffer.removeLast() }
        if !buffer.isEmpty && buffer.last != blockBreak { buffer.append(blockBreak) }
    }

    private static let droppedNames = ElementNameSet(HTMLElements.dropped)
    private static let blockNames = ElementNameSet(HTMLElements.block)

    @inline(__always)
    static func isDropped(_ name: UnsafePointer<xmlChar>) -> Bool {
        // Fast path for the common inline and block names before a set lookup.
        switch (name[0], name[1]) {
        case (0x70, 0), (0x61, 0), (0x62, 0), (0x69, 0): return false  // p a b i
        default: return droppedNames.contains(name)
        }
    }

    @inline(__always)
    static func isAnchor(_ name: UnsafePointer<xmlChar>) -> Bool { name[0] == 0x61 && name[1] == 0 }

    @inline(__always)
    static func isBlockOrBreak(_ name: UnsafePointer<xmlChar>) -> Bool {
        switch (name[0], name[1]) {
        case (0x61, 0), (0x62, 0), (0x69, 0): return false
        case (0x70, 0): return true
        default: return blockNames.contains(name)
        }
    }
}
