import CLibXML2
import Foundation

/// Small helpers over libxml2's HTML trees.
enum HTMLTree {
    static func name(_ node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0).lowercased() } ?? ""
    }

    /// An attribute's value. Reads the value's text node directly in the usual case (one copy instead of
    /// xmlGetProp's allocate, copy, free and a second copy); entity-bearing values fall back to xmlGetProp.
    static func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
        var property = node.pointee.properties
        while let attribute = property {
            if let attributeName = attribute.pointee.name, attribute.pointee.ns == nil, xmlStrEqual(attributeName, name) != 0 {
                guard let child = attribute.pointee.children else { return "" }
                if child.pointee.next == nil, child.pointee.type == XML_TEXT_NODE, let content = child.pointee.content {
                    return String(cString: content)
                }
                return LibXML.take(xmlGetProp(node, name))
            }
            property = attribute.pointee.next
        }
        return nil
    }

    /// The `<body>` element, found without recursion: html > body.
    static func body(of document: xmlDocPtr) -> xmlNodePtr? {
        guard let root = xmlDocGetRootElement(document) else { return nil }
        if name(root) == "body" { return root }
        var child = root.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE && name(current) == "body" { return current }
            child = current.pointee.next
        }
        return root
    }

    static func insidePre(_ node: xmlNodePtr) -> Bool {
        var parent = node.pointee.parent
        var steps = 0
        while let current = parent, steps < HTMLElements.maximumDepth {
            if current.pointee.type == XML_ELEMENT_NODE {
                let n = name(current)
                if n == "pre" || n == "textarea" { return true }
                if n == "body" { return false }
            }
            parent = current.pointee.parent
            steps += 1
        }
        return false
    }
}
