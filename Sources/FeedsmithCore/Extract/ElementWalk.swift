import CLibXML2
import Foundation

/// Single-pass element traversals the extractor needs, replacing XPath queries that re-scan
/// descendants for every element.
enum ElementWalk {
    /// Elements that hold paragraphs of text: `p`, `pre`, `td`, and `div`/`section` without block children
    /// (`p`, `div`, `table`) below them — found bottom-up in one post-order walk.
    static func paragraphs(under root: xmlNodePtr) -> [xmlNodePtr] {
        var result: [xmlNodePtr] = []
        _ = collectParagraphs(root, depth: 0, into: &result)
        return result
    }

    /// Returns whether `node`'s subtree contains a `p`, `div` or `table`.
    private static func collectParagraphs(_ node: xmlNodePtr, depth: Int, into result: inout [xmlNodePtr]) -> Bool {
        guard depth < HTMLElements.maximumDepth else { return false }
        var containsBlock = false
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE, let name = current.pointee.name, !NodeText.isDropped(name) {
                let kind = classify(name)
                let below = collectParagraphs(current, depth: depth + 1, into: &result)
                switch kind {
                case .paragraph: result.append(current)
                case .container where !below: result.append(current)
                default: break
                }
                containsBlock = containsBlock || below || kind == .paragraph && isP(name) || kind == .container && !isSection(name) || isTable(name)
            }
            child = current.pointee.next
        }
        return containsBlock
    }

    private enum Kind { case paragraph, container, other }

    @inline(__always)
    private static func classify(_ name: UnsafePointer<xmlChar>) -> Kind {
        if isP(name) { return .paragraph }
        if name[0] == 0x70 && name[1] == 0x72 && name[2] == 0x65 && name[3] == 0 { return .paragraph }  // pre
        if name[0] == 0x74 && name[1] == 0x64 && name[2] == 0 { return .paragraph }  // td
        if name[0] == 0x64 && name[1] == 0x69 && name[2] == 0x76 && name[3] == 0 { return .container }  // div
        if isSection(name) { return .container }
        return .other
    }

    @inline(__always) private static func isP(_ name: UnsafePointer<xmlChar>) -> Bool { name[0] == 0x70 && name[1] == 0 }
    @inline(__always) private static func isSection(_ name: UnsafePointer<xmlChar>) -> Bool { xmlStrEqual(name, "section") != 0 }
    @inline(__always) private static func isTable(_ name: UnsafePointer<xmlChar>) -> Bool { xmlStrEqual(name, "table") != 0 }

    /// Elements with at least `minimum` element children, in document order.
    static func containers(under root: xmlNodePtr, minimum: Int) -> [xmlNodePtr] {
        var result: [xmlNodePtr] = []
        var stack: [(xmlNodePtr, Int)] = [(root, 0)]
        while let (node, depth) = stack.popLast() {
            var count = 0
            var child = node.pointee.last
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE {
                    count += 1
                    if depth < HTMLElements.maximumDepth, let name = current.pointee.name, !NodeText.isDropped(name) {
                        stack.append((current, depth + 1))
                    }
                }
                child = current.pointee.prev
            }
            if count >= minimum { result.append(node) }
        }
        return result
    }

    /// Elements below `root` that `include` accepts, in document order: what `.//*[…]` selects, without
    /// compiling and evaluating an XPath expression per call (a tenth of the content cleaner's time).
    static func descendants(of root: xmlNodePtr, where include: (xmlNodePtr) -> Bool) -> [xmlNodePtr] {
        var result: [xmlNodePtr] = []
        var stack: [(xmlNodePtr, Int)] = []
        pushChildren(of: root, depth: 1, onto: &stack)
        while let (node, depth) = stack.popLast() {
            if include(node) { result.append(node) }
            if depth < HTMLElements.maximumDepth { pushChildren(of: node, depth: depth + 1, onto: &stack) }
        }
        return result
    }

    /// Links below `root`: `.//a[@href]`, or `.//a` when `withHref` is false.
    static func anchors(under root: xmlNodePtr, withHref: Bool = true) -> [xmlNodePtr] {
        descendants(of: root) { node in
            guard let name = node.pointee.name, name[0] == UInt8(ascii: "a"), name[1] == 0 else { return false }
            return !withHref || xmlHasProp(node, "href") != nil
        }
    }

    /// Elements without element children: `.//*[not(*)]`.
    static func leaves(under root: xmlNodePtr) -> [xmlNodePtr] {
        descendants(of: root) { node in
            var child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE { return false }
                child = current.pointee.next
            }
            return true
        }
    }

    /// Element children last to first, so that popping visits them first to last.
    private static func pushChildren(of node: xmlNodePtr, depth: Int, onto stack: inout [(xmlNodePtr, Int)]) {
        var child = node.pointee.last
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { stack.append((current, depth)) }
            child = current.pointee.prev
        }
    }

    /// A cheap identity for "the same kind of sibling": tag name and class attribute, hashed without copying.
    static func signature(_ node: xmlNodePtr) -> Int {
        var hasher = Hasher()
        if let name = node.pointee.name { hasher.combine(bytes: UnsafeRawBufferPointer(start: name, count: Int(xmlStrlen(name)))) }
        var property = node.pointee.properties
        while let attribute = property {
            if let name = attribute.pointee.name, xmlStrEqual(name, "class") != 0,
               let text = attribute.pointee.children?.pointee.content {
                hasher.combine(bytes: UnsafeRawBufferPointer(start: text, count: Int(xmlStrlen(text))))
            }
            property = attribute.pointee.next
        }
        return hasher.finalize()
    }
}

extension NodeText {
    /// Whether the text below `node` carries a date: digits around `-`, `/` or `:`, or 年/月/前/昨.
    static func looksDated(_ node: xmlNodePtr) -> Bool {
        var found = false
        var previous: UInt8 = 0
        var pendingSeparator = false
        func scan(_ node: xmlNodePtr, depth: Int) {
            guard depth < 20, !found else { return }
            var child = node.pointee.children
            while let current = child, !found {
                if current.pointee.type == XML_TEXT_NODE, var pointer = current.pointee.content {
                    while pointer.pointee != 0 {
                        let byte = pointer.pointee
                        let isDigit = byte >= 0x30 && byte <= 0x39
                        if isDigit && pendingSeparator { found = true; return }
                        pendingSeparator = (byte == 0x2D || byte == 0x2F || byte == 0x3A) && previous >= 0x30 && previous <= 0x39
                        // 年 E5 B9 B4, 月 E6 9C 88, 前 E5 89 8D, 昨 E6 98 A8
                        if (byte == 0xE6 && pointer[1] == 0x9C && pointer[2] == 0x88) || (byte == 0xE5 && pointer[1] == 0xB9 && pointer[2] == 0xB4)
                            || (byte == 0xE5 && pointer[1] == 0x89 && pointer[2] == 0x8D) || (byte == 0xE6 && pointer[1] == 0x98 && pointer[2] == 0xA8) {
                            found = true
                            return
                        }
                        previous = byte
                        pointer += 1
                    }
                } else if current.pointee.type == XML_ELEMENT_NODE {
                    scan(current, depth: depth + 1)
                }
                child = current.pointee.next
            }
        }
        scan(node, depth: 0)
        return found
    }
}
