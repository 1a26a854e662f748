import CLibXML2
import Foundation

/// Validates XML documents against a RELAX NG schema with libxml2, collecting every error with its line.
/// The compiled schema is read-only once parsed and each validation uses its own context, so one instance
/// is shared across threads.
public final class RelaxNGValidator: @unchecked Sendable {
    private let schema: xmlRelaxNGPtr

    private static let compiledAtom = Result { () throws(RenderError) -> RelaxNGValidator in try RelaxNGValidator(schema: AtomSchema.rng) }

    /// The Atom 1.0 schema from RFC 4287, compiled once.
    public static func atom() throws(RenderError) -> RelaxNGValidator { try compiledAtom.get() }

    public init(schema text: String) throws(RenderError) {
        _ = LibXML.initialized
        feedsmith_silence_libxml_errors()
        let bytes = Array(text.utf8)
        // The parser context keeps the buffer's address and reads it in xmlRelaxNGParse, so everything happens
        // inside the closure that owns the address. (Parsing after it returned read freed memory in release
        // builds, where the array's lifetime ends at its last use: the schema silently failed to compile.)
        let schema = bytes.withUnsafeBufferPointer { buffer -> xmlRelaxNGPtr? in
            guard let base = buffer.baseAddress else { return nil }
            let context = base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlRelaxNGNewMemParserCtxt($0, Int32(buffer.count))
            }
            guard let context else { return nil }
            defer { xmlRelaxNGFreeParserCtxt(context) }
            xmlRelaxNGSetParserStructuredErrors(context, { _, _ in }, nil)
            return xmlRelaxNGParse(context)
        }
        guard let schema else { throw RenderError(message: "the RELAX NG schema does not compile") }
        self.schema = schema
    }

    deinit { xmlRelaxNGFree(schema) }

    /// Every schema violation in `bytes`, or a single well-formedness finding when it does not parse.
    public func validate(_ bytes: [UInt8]) -> [ValidationFinding] {
        let (document, wellFormed) = OutputValidator.parse(bytes)
        guard let document else { return wellFormed }
        defer { xmlFreeDoc(document) }
        return validate(document: document)
    }

    /// Whether a parsed document matches, without collecting findings.
    func accepts(document: xmlDocPtr) -> Bool {
        feedsmith_silence_libxml_errors()
        guard let context = xmlRelaxNGNewValidCtxt(schema) else { return false }
        defer { xmlRelaxNGFreeValidCtxt(context) }
        xmlRelaxNGSetValidStructuredErrors(context, { _, _ in }, nil)
        return xmlRelaxNGValidateDoc(context, document) == 0
    }

    /// Validates a parsed document (the caller's tree, not changed).
    func validate(document: xmlDocPtr) -> [ValidationFinding] {
        feedsmith_silence_libxml_errors()
        guard let context = xmlRelaxNGNewValidCtxt(schema) else { return [] }
        defer { xmlRelaxNGFreeValidCtxt(context) }
        final class Collector { var findings: [ValidationFinding] = [] }
        let collector = Collector()
        let pointer = Unmanaged.passUnretained(collector).toOpaque()
        xmlRelaxNGSetValidStructuredErrors(context, { userData, error in
            guard let userData, let error else { return }
            let collector = Unmanaged<Collector>.fromOpaque(userData).takeUnretainedValue()
            let message = error.pointee.message.map { String(cString: $0).trimmedWhitespace() } ?? "invalid"
            collector.findings.append(ValidationFinding(severity: .error, rule: "atom-schema", message: message, line: Int(error.pointee.line), column: nil))
        }, pointer)
        let result = xmlRelaxNGValidateDoc(context, document)
        if result != 0 && collector.findings.isEmpty {
            collector.findings.append(ValidationFinding(severity: .error, rule: "atom-schema", message: "the document does not match the schema"))
        }
        return collector.findings
    }
}
