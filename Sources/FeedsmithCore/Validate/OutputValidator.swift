import CLibXML2
import Foundation

/// One problem found in a feed document.
public struct ValidationFinding: Sendable, CustomStringConvertible, Equatable {
    public enum Severity: String, Sendable { case error, warning }
    public var severity: Severity
    public var rule: String
    public var message: String
    public var line: Int?
    public var column: Int?

    public init(severity: Severity, rule: String, message: String, line: Int? = nil, column: Int? = nil) {
        self.severity = severity
        self.rule = rule
        self.message = message
        self.line = line
        self.column = column
    }

    public var description: String {
        let place = line.map { "\($0):\(column ?? 0): " } ?? ""
        return "\(place)\(severity.rawValue): [\(rule)] \(message)"
    }
}

/// Strict (non-recovering) XML well-formedness, the first check of every XML document ``FeedValidator`` sees.
public enum OutputValidator {
    /// Parses without recover mode; any error is a finding with its line and column.
    public static func wellFormed(_ bytes: [UInt8]) -> [ValidationFinding] {
        if parsesWithoutTree(bytes) { return [] }
        // The tree parse decides again and says where (the fast parse's errors carry no position we report).
        let (document, findings) = parse(bytes)
        if let document { xmlFreeDoc(document) }
        return findings
    }

    /// The strict parse with no SAX callbacks at all, so libxml2 checks well-formedness without building a
    /// tree: every feed's timeline page is checked this way before it is published, and building and freeing
    /// the tree was most of the check's time. `RenderTests` holds its verdict to the tree parse's.
    static func parsesWithoutTree(_ bytes: [UInt8]) -> Bool {
        _ = LibXML.initialized
        feedsmith_silence_libxml_errors()
        // SAX2 (namespaces processed as in the tree parse) with nothing called back. Without callbacks libxml2
        // neither loads external entities nor an external DTD, so the tree parse's options have nothing to add.
        var handler = xmlSAXHandler()
        handler.initialized = UInt32(XML_SAX2_MAGIC)
        return bytes.withUnsafeBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress, buffer.count <= Int(Int32.max) else { return false }
            return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlSAXUserParseMemory(&handler, nil, $0, Int32(buffer.count)) == 0
            }
        }
    }

    /// The strict parse itself: the document when well-formed (the caller frees it), else the finding. Validators
    /// run their checks on this one tree instead of parsing the bytes again.
    static func parse(_ bytes: [UInt8]) -> (document: xmlDocPtr?, findings: [ValidationFinding]) {
        _ = LibXML.initialized
        feedsmith_silence_libxml_errors()
        guard let context = xmlNewParserCtxt() else { return (nil, [ValidationFinding(severity: .error, rule: "xml", message: "out of memory")]) }
        defer { xmlFreeParserCtxt(context) }
        // No recovery, no network, no messages on stderr; line numbers past 65,535 kept. No node for whitespace
        // that only separates elements (libxml2's ignorable blanks: never an element's only content, nor text
        // beside other text), which every rule and both grammars skip: our indented outputs have one per line.
        // Without them Atom validation costs 1.02–1.08 times the source parse instead of 1.12–1.16 (`stages`,
        // eight pairs), and a refresh with the daemon's allocator, where every freed page is faulted in again,
        // took 2.18–2.65 CPU-s against 2.26–3.26 (`poll --sources 1000`, six pairs, five lower).
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_COMPACT.rawValue | XML_PARSE_NOBLANKS.rawValue)
        let document = bytes.withUnsafeBufferPointer { buffer -> xmlDocPtr? in
            guard let base = buffer.baseAddress else { return nil }
            return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlCtxtReadMemory(context, $0, Int32(clamping: buffer.count), nil, nil, options)
            }
        }
        if let document, context.pointee.wellFormed != 0 { return (document, []) }
        if let document { xmlFreeDoc(document) }
        let error = xmlCtxtGetLastError(context)
        let message = error?.pointee.message.map { String(cString: $0).trimmedWhitespace() } ?? "not well-formed"
        return (nil, [ValidationFinding(
            severity: .error, rule: "xml-well-formed", message: message,
            line: error.map { Int($0.pointee.line) }, column: error.map { Int($0.pointee.int2) })])
    }
}
