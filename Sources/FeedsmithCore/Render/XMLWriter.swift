import CLibXML2
import Foundation

/// A thin wrapper over libxml2's xmlTextWriter, which guarantees well-formed output (escaping, nesting).
/// Characters XML 1.0 forbids are removed from every string before it is written.
final class XMLWriter {
    private let buffer: xmlBufferPtr
    private let writer: xmlTextWriterPtr
    private var failed = false

    init() throws(RenderError) {
        _ = LibXML.initialized
        guard let buffer = xmlBufferCreate() else { throw RenderError(message: "out of memory") }
        guard let writer = xmlNewTextWriterMemory(buffer, 0) else {
            xmlBufferFree(buffer)
            throw RenderError(message: "out of memory")
        }
        self.buffer = buffer
        self.writer = writer
        xmlTextWriterSetIndent(writer, 1)
        _ = "  ".withCString { xmlTextWriterSetIndentString(writer, UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self)) }
        check(xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil))
    }

    deinit {
        xmlFreeTextWriter(writer)
        xmlBufferFree(buffer)
    }

    private func check(_ result: Int32) { if result < 0 { failed = true } }

    private func x(_ string: String, _ body: (UnsafePointer<xmlChar>) -> Int32) {
        let safe = TextHygiene.xmlSafe(string)
        check(safe.withCString { body(UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self)) })
    }

    func start(_ name: String) { x(name) { xmlTextWriterStartElement(writer, $0) } }

    func end() { check(xmlTextWriterEndElement(writer)) }

    func attribute(_ name: String, _ value: String) {
        x(name) { n in
            let safe = TextHygiene.xmlSafe(value)
            return safe.withCString { xmlTextWriterWriteAttribute(writer, n, UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self)) }
        }
    }

    func text(_ value: String) { x(value) { xmlTextWriterWriteString(writer, $0) } }

    /// `<name attr="…">text</name>`.
    func element(_ name: String, _ value: String, attributes: [(String, String)] = []) {
        start(name)
        for (key, attributeValue) in attributes { attribute(key, attributeValue) }
        text(value)
        end()
    }

    /// `<name attr="…"/>`.
    func empty(_ name: String, attributes: [(String, String)]) {
        start(name)
        for (key, value) in attributes { attribute(key, value) }
        end()
    }

    func finish() throws(RenderError) -> [UInt8] {
        check(xmlTextWriterEndDocument(writer))
        check(xmlTextWriterFlush(writer))
        guard !failed else { throw RenderError(message: "libxml2's writer reported an error") }
        guard let content = xmlBufferContent(buffer) else { return [] }
        return Array(UnsafeBufferPointer(start: content, count: Int(xmlBufferLength(buffer))))
    }
}
