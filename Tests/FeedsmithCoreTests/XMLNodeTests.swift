import CLibXML2
import Foundation
import Testing

@testable import FeedsmithCore

/// `XMLNode.text` and `attribute(_:)` read single text nodes in place; they must give what libxml2's
/// xmlNodeGetContent and xmlGetNoNsProp give, which the parsers and validator rules were written against.
@Suite struct XMLNodeTests {
    static func check(_ document: xmlDocPtr, sourceLocation: SourceLocation = #_sourceLocation) -> Int {
        var compared = 0
        func visit(_ node: xmlNodePtr, depth: Int) {
            guard depth < 64 else { return }
            let element = XMLNode(node)
            #expect(element.text == (LibXML.take(xmlNodeGetContent(node)) ?? ""), sourceLocation: sourceLocation)
            var property = node.pointee.properties
            var names: Set<String> = ["rel", "href", "type", "d", "missing"]
            while let attribute = property {
                if let name = attribute.pointee.name { names.insert(String(cString: name)) }
                property = attribute.pointee.next
            }
            for name in names {
                #expect(element.attribute(name) == LibXML.take(xmlGetNoNsProp(node, name)), "\(name)", sourceLocation: sourceLocation)
            }
            compared += 1
            var child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE { visit(current, depth: depth + 1) }
                child = current.pointee.next
            }
        }
        if let root = xmlDocGetRootElement(document) { visit(root, depth: 0) }
        return compared
    }

    @Test func textAndAttributesAreLibXMLs() throws {
        var documents = [
            "<a x=\"1\" x2='&amp;&lt;' y=\"\">t<![CDATA[<c>]]>u<b>v</b>&#233;</a>",
            "<!DOCTYPE a [<!ENTITY e \"entity text\"><!ATTLIST a d CDATA \"default\">]><a r=\"&e;\" m=\"a&e;b\" rel=\"self\">&e;<b/><c><![CDATA[only cdata]]></c><d>&e;</d></a>",
            "<a xmlns:p=\"urn:p\" p:rel=\"namespaced\" rel=\"plain\"><b p:href=\"n\"/>text<!-- comment -->more</a>",
            "<a><b></b><c> </c><d>one<?pi x?>two</d></a>",
        ]
        for folder in ["parse", "validate"] {
            let path = Fixture.folder.appendingPathComponent(folder).path
            for name in try FileManager.default.contentsOfDirectory(atPath: path).sorted() {
                documents.append(DocumentDecoder.decode(try Fixture.bytes("\(folder)/\(name)")).text)
            }
        }
        var compared = 0
        for text in documents {
            guard let document = LibXML.parseXML(text, url: "https://e.example/").document else { continue }
            defer { xmlFreeDoc(document) }
            compared += Self.check(document)
        }
        #expect(compared > 500)
    }
}
