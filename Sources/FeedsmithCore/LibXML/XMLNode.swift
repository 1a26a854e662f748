import CLibXML2
import Foundation

/// A borrowed view of a libxml2 node; valid only while its document lives.
struct XMLNode {
    let pointer: xmlNodePtr

    init(_ pointer: xmlNodePtr) { self.pointer = pointer }

    var name: String { pointer.pointee.name.map { String(cString: $0) } ?? "" }
    var namespace: String? { pointer.pointee.ns?.pointee.href.map { String(cString: $0) } }
    var isElement: Bool { pointer.pointee.type == XML_ELEMENT_NODE }

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
        elementChildren.filter { $0.name == localName && $0.namespace == namespace }
    }

    func child(_ localName: String, namespace: String?) -> XMLNode? {
        var child = pointer.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE {
                let node = XMLNode(current)
                if node.name == localName && node.namespace == namespace { return node }
            }
            child = current.pointee.next
        }
        return nil
    }

    /// All text below the node, entities and CDATA included.
    var text: String { LibXML.take(xmlNodeGetContent(pointer)) ?? "" }

    func attribute(_ name: String, namespace: String? = nil) -> String? {
        if let namespace { return LibXML.take(xmlGetNsProp(pointer, name, namespace)) }
        return LibXML.take(xmlGetNoNsProp(pointer, name))
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
