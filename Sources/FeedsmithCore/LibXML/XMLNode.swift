import CLibXML2
import Foundation

/// A borrowed view of a libxml2 node; valid only while its document lives.
struct XMLNode {
    let pointer: xmlNodePtr

    init(_ pointer: xmlNodePtr) { self.pointer = pointer }

    var name: String { pointer.pointee.name.map { String(cString: $0) } ?? "" }
    var namespace: String? { pointer.pointee.ns?.pointee.href.map { String(cString: $0) } }
    var isElement: Bool { pointer.pointee.type == XML_ELEMENT_NODE }
    /// In no namespace (`namespace == nil`), asked without building the namespace's string.
    var inNoNamespace: Bool { pointer.pointee.ns?.pointee.href == nil }

    /// Whether the node's name is one of `names`, compared in place; a node without a name is in no set.
    func isNamed(oneOf names: ElementNameSet) -> Bool { pointer.pointee.name.map(names.contains) ?? false }

    var elementChildren: [XMLNode] {
        var result: [XMLNode] = []
        var child = pointer.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { result.append(XMLNode(current)) }
            child = current.pointee.next
        }
        return result
    }

    func children(_ localName: String, namespace: String?) -> [XMLNode] {
        var result: [XMLNode] = []
        forEachChild(localName, namespace) { result.append($0); return true }
        return result
    }

    func child(_ localName: String, namespace: String?) -> XMLNode? {
        var found: XMLNode?
        forEachChild(localName, namespace) { found = $0; return false }
        return found
    }

    /// Calls `body` with each element child named `localName` in `namespace`, in order, until it returns false.
    private func forEachChild(_ localName: String, _ namespace: String?, _ body: (XMLNode) -> Bool) {
        Self.withXMLChars(localName, namespace) { name, href in
            var child = pointer.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE, Self.matches(current, name, href), !body(XMLNode(current)) { return }
                child = current.pointee.next
            }
        }
    }

    /// Whether `node` is named `name` in the namespace `href` (nil: in no namespace), compared byte for byte
    /// as XML compares names. The parsers and validator rules ask this of every child for every field they
    /// read; building two strings per child to compare was a third of the rules' time.
    private static func matches(_ node: xmlNodePtr, _ name: UnsafePointer<xmlChar>, _ href: UnsafePointer<xmlChar>?) -> Bool {
        guard let own = node.pointee.name else { return name[0] == 0 }
        guard xmlStrEqual(own, name) != 0 else { return false }
        let ownHref = node.pointee.ns?.pointee.href
        guard let href else { return ownHref == nil }
        guard let ownHref else { return false }
        return xmlStrEqual(ownHref, href) != 0
    }

    private static func withXMLChars<T>(
        _ name: String, _ namespace: String?, _ body: (UnsafePointer<xmlChar>, UnsafePointer<xmlChar>?) -> T
    ) -> T {
        name.withCString { namePointer in
            let name = UnsafeRawPointer(namePointer).assumingMemoryBound(to: xmlChar.self)
            guard let namespace else { return body(name, nil) }
            return namespace.withCString { body(name, UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self)) }
        }
    }

    /// All text below the node, entities and CDATA included.
    var text: String {
        // Most elements hold one text node (or none): read it in place. xmlNodeGetContent allocates a copy
        // to free again, for every field the parsers and the validator rules read.
        if pointer.pointee.type == XML_ELEMENT_NODE {
            guard let child = pointer.pointee.children else { return "" }
            if child.pointee.next == nil, child.pointee.type == XML_TEXT_NODE || child.pointee.type == XML_CDATA_SECTION_NODE {
                return child.pointee.content.map { String(cString: $0) } ?? ""
            }
        }
        return LibXML.take(xmlNodeGetContent(pointer)) ?? ""
    }

    func attribute(_ name: String, namespace: String? = nil) -> String? {
        if let namespace { return LibXML.take(xmlGetNsProp(pointer, name, namespace)) }
        // As xmlGetNoNsProp finds it (the first attribute of that name in no namespace), with a value of one
        // text node read in place instead of copied and freed; other values (entity references) go through it.
        // The name as a C string once, for the loop and the fallback.
        return name.withCString { cName in
            let wanted = UnsafeRawPointer(cName).assumingMemoryBound(to: xmlChar.self)
            var property = pointer.pointee.properties
            while let attribute = property {
                if attribute.pointee.ns == nil, let attributeName = attribute.pointee.name, xmlStrEqual(attributeName, wanted) != 0 {
                    guard let value = attribute.pointee.children else { return "" }
                    if value.pointee.next == nil, value.pointee.type == XML_TEXT_NODE, let content = value.pointee.content {
                        return String(cString: content)
                    }
                    break
                }
                property = attribute.pointee.next
            }
            return LibXML.take(xmlGetNoNsProp(pointer, wanted))
        }
    }

    /// The base URI in effect for this node: xml:base on it or its ancestors, resolved against the document URL.
    var base: String? {
        LibXML.take(xmlNodeGetBase(pointer.pointee.doc, pointer))
    }

    /// The markup of the node's children, for Atom `type="xhtml"` content.
    var innerXML: String {
        guard let buffer = xmlBufferCreate() else { return "" }
        defer { xmlBufferFree(buffer) }
        var child = pointer.pointee.children
        while let current = child {
            xmlNodeDump(buffer, pointer.pointee.doc, current, 0, 0)
            child = current.pointee.next
        }
        guard let content = xmlBufferContent(buffer) else { return "" }
        return String(cString: content)
    }
}
