import CLibXML2
import Foundation

/// A parsed HTML page. Owns its libxml2 document; nodes handed out are valid while the page lives.
/// Not Sendable: one page is parsed, read and dropped within one synchronous call.
public final class HTMLPage {
    let document: htmlDocPtr
    public let url: String
    /// The page's `<base href>` resolved against its URL, else its URL.
    public private(set) var baseURL: String

    public convenience init?(html: String, url: String) {
        guard let document = LibXML.parseHTML(html, url: url) else { return nil }
        self.init(document: document, url: url)
    }

    /// Parses a decoded document from its UTF-8 bytes, so text converted from another charset is never
    /// copied into a `String` first.
    public convenience init?(document decoded: DecodedDocument, url: String) {
        guard let document = decoded.withUTF8({ LibXML.parseHTML(utf8: $0, url: url) }) else { return nil }
        self.init(document: document, url: url)
    }

    private init(document: htmlDocPtr, url: String) {
        self.document = document
        self.url = url
        baseURL = url
        // <base> belongs in <head>: looking only there avoids a whole-document scan per page.
        if let base = first("/html/head/base[@href]"), let href = HTMLTree.attribute(base, "href") {
            baseURL = LibXML.resolve(href, against: url)
        }
    }

    deinit { xmlFreeDoc(document) }

    var root: xmlNodePtr? { xmlDocGetRootElement(document) }
    var body: xmlNodePtr? { HTMLTree.body(of: document) }

    /// Nodes matching an XPath expression, in document order; `context` makes relative paths relative to it.
    func select(_ xpath: String, from context: xmlNodePtr? = nil) -> [xmlNodePtr] {
        guard let xpathContext = xmlXPathNewContext(document) else { return [] }
        defer { xmlXPathFreeContext(xpathContext) }
        feedsmith_silence_libxml_errors()
        let result = xpath.withCString { expression in
            expression.withMemoryRebound(to: xmlChar.self, capacity: xpath.utf8.count + 1) { pointer in
                xmlXPathNodeEval(context ?? root, pointer, xpathContext)
            }
        }
        guard let result else { return [] }
        defer { xmlXPathFreeObject(result) }
        guard result.pointee.type == XPATH_NODESET, let set = result.pointee.nodesetval else { return [] }
        var nodes: [xmlNodePtr] = []
        for index in 0..<Int(set.pointee.nodeNr) {
            if let node = set.pointee.nodeTab[index] { nodes.append(node) }
        }
        return nodes
    }

    func first(_ xpath: String, from context: xmlNodePtr? = nil) -> xmlNodePtr? { select(xpath, from: context).first }

    /// Text with block breaks as newlines, ruby annotations and scripts left out.
    func text(_ node: xmlNodePtr) -> String { NodeText.paragraphs(node) }

    /// Text on one line.
    func inlineText(_ node: xmlNodePtr) -> String { NodeText.line(node) }

    func attribute(_ node: xmlNodePtr, _ name: String) -> String? { HTMLTree.attribute(node, name) }

    func absolute(_ href: String) -> String { LibXML.resolve(href, against: baseURL) }

    /// Everything the extractor looks up, gathered in one walk the first time it is needed.
    /// Its node pointers are only valid until ``remove(_:)`` frees nodes: the article extractor reads
    /// everything it needs from the scan before it cleans the content block.
    lazy var scan = PageScan(page: self)

    /// Text statistics shared by the list and content scorers. Like ``scan`` it describes the tree as parsed:
    /// code that runs after ``remove(_:)`` must use `NodeText.stats` instead.
    lazy var texts = NodeText.StatsCache()

    /// The `content` of `<meta name|property|itemprop=…>`, first match among `keys` (case-insensitive).
    func meta(_ keys: [String]) -> String? { scan.meta(keys) }

    /// Removes a node from the tree (boilerplate inside an article's content).
    func remove(_ node: xmlNodePtr) {
        xmlUnlinkNode(node)
        xmlFreeNode(node)
    }
}
