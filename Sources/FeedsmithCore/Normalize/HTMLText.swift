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

    /// The text below `node` with block elements as line breaks (the extractor's byte-level walk).
    static func text(of node: xmlNodePtr) -> String {
        normalizeLines(NodeText.paragraphs(node))
    }

    /// Collapses spacing inside lines and drops empty lines.
    static func normalizeLines(_ text: String) -> String {
        // Split on the newline byte: String.split works on Characters and showed in store profiles.
        text.utf8.split(separator: 0x0A, omittingEmptySubsequences: true)
            .map { TextHygiene.singleLine(String(decoding: $0, as: UTF8.self)) }
            .filter { !$0.isEmpty }
            .joined(separator: "\n")
    }
}
