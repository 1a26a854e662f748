import CLibXML2
import Foundation

/// Small helpers over libxml2's HTML trees.
enum HTMLTree {
    static func name(_ node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0).lowercased() } ?? ""
    }

    static func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
        LibXML.take(xmlGetProp(node, name))
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
