import CLibXML2
import Foundation

/// What the sanitizer reads of a node of the tree it walks: libxml2's, or a `ShapedFragment`'s.
protocol SanitizerNode {
    /// Text (and CDATA) nodes.
    var isText: Bool { get }
    var isElement: Bool { get }
    /// A text node's text.
    var text: String { get }
    /// An element's name, in lower case.
    var name: String { get }
    var firstChild: Self? { get }
    var next: Self? { get }
    /// Whether a `<pre>` (or `<textarea>`) holds the node, below the body.
    var insidePre: Bool { get }
    /// The value of the attribute of that name.
    func attribute(_ name: String) -> String?
    /// Each attribute in order: its name in lower case, and a way to read its value.
    func forEachAttribute(_ body: (_ name: String, _ value: () -> String?) -> Void)
}

/// A libxml2 node, as the sanitizer reads it.
struct LibXMLNode: SanitizerNode {
    let pointer: xmlNodePtr

    init(_ pointer: xmlNodePtr) { self.pointer = pointer }

    var isText: Bool { pointer.pointee.type == XML_TEXT_NODE || pointer.pointee.type == XML_CDATA_SECTION_NODE }
    var isElement: Bool { pointer.pointee.type == XML_ELEMENT_NODE }
    var text: String { pointer.pointee.content.map { String(cString: $0) } ?? "" }
    var name: String { HTMLTree.name(pointer) }
    var firstChild: LibXMLNode? { pointer.pointee.children.map(LibXMLNode.init) }
    var next: LibXMLNode? { pointer.pointee.next.map(LibXMLNode.init) }
    var insidePre: Bool { HTMLTree.insidePre(pointer) }
    func attribute(_ name: String) -> String? { HTMLTree.attribute(pointer, name) }

    func forEachAttribute(_ body: (_ name: String, _ value: () -> String?) -> Void) {
        var property = pointer.pointee.properties
        while let attribute = property {
            let name = attribute.pointee.name.map { String(cString: $0).lowercased() } ?? ""
            body(name) { LibXML.take(xmlNodeGetContent(UnsafeMutableRawPointer(attribute).assumingMemoryBound(to: xmlNode.self))) }
            property = attribute.pointee.next
        }
    }
}
