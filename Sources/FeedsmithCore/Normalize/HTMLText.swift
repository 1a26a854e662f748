import CLibXML2
import Foundation

/// Plain text from HTML: ruby annotations, scripts and styles left out; one paragraph per line.
public enum HTMLText {
    public static func plain(_ html: String) -> String {
        guard html.contains("<") || html.contains("&") else { return normalizeLines(html) }
        let wrapped = "<html><head><meta charset=\"utf-8\"></head><body>" + html + "</body></html>"
        guard let document = LibXML.parseHTML(wrapped, url: nil) else { return normalizeLines(html) }
        defer { xmlFreeDoc(document) }
        guard let body = HTMLTree.body(of: document) else { return "" }
        return text(of: body)
    }

    /// The text below `node` with block elements as line breaks.
    static func text(of node: xmlNodePtr) -> String {
        var raw = ""
        collect(node, into: &raw, depth: 0)
        return normalizeLines(raw)
    }

    private static func collect(_ node: xmlNodePtr, into output: inout String, depth: Int) {
        guard depth < HTMLElements.maximumDepth else { return }
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { output += String(cString: content) }
            case XML_ELEMENT_NODE:
                let name = HTMLTree.name(current)
                if !HTMLElements.dropped.contains(name) {
                    let isBlock = HTMLElements.block.contains(name)
                    if isBlock { output += "\n" }
                    collect(current, into: &output, depth: depth + 1)
                    if isBlock { output += "\n" }
                }
            default:
                break
            }
            child = current.pointee.next
        }
    }

    /// Collapses spacing inside lines and drops empty lines.
    static func normalizeLines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: true)
            .map { TextHygiene.singleLine(String($0)) }
            .filter { !$0.isEmpty }
            .joined(separator: "\n")
    }
}
