import CLibXML2
import Foundation

@testable import FeedsmithCore

/// The renderers' writer as it was before ``XMLWriter`` wrote bytes itself: libxml2's xmlTextWriter with the
/// same calls and settings, escaping included. Kept as the reference the new writer's output must equal byte for byte.
final class LibXML2ReferenceWriter {
    /// Where libxml2's output buffer flushes to: straight into the array the caller gets, with no
    /// intermediate xmlBuffer to grow and copy out of (a 20 MB feed was copied twice before).
    private final class Sink {
        var bytes: [UInt8] = []
    }

    private let sink = Sink()
    private let writer: xmlTextWriterPtr
    private var failed = false

    /// `capacity`: the expected size in bytes. libxml2's buffer otherwise grows by exactly what each write
    /// needs, copying the whole document each time: a third of rendering a 20 MB feed was memmove.
    init(capacity: Int = 16_384) throws(RenderError) {
        _ = LibXML.initialized
        sink.bytes.reserveCapacity(max(4096, min(capacity, 1 << 30)))
        let context = Unmanaged.passUnretained(sink).toOpaque()
        let output = xmlOutputBufferCreateIO({ context, buffer, length in
            guard let context, let buffer, length > 0 else { return 0 }
            let sink = Unmanaged<Sink>.fromOpaque(context).takeUnretainedValue()
            buffer.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
                sink.bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: Int(length)))
            }
            return length
        }, { _ in 0 }, context, nil)
        // The writer owns the output buffer from here and closes it when freed.
        guard let output else { throw RenderError(message: "out of memory") }
        guard let writer = xmlNewTextWriter(output) else {
            xmlOutputBufferClose(output)
            throw RenderError(message: "out of memory")
        }
        self.writer = writer
        xmlTextWriterSetIndent(writer, 1)
        _ = "  ".withCString { xmlTextWriterSetIndentString(writer, UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self)) }
        check(xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil))
    }

    deinit {
        xmlFreeTextWriter(writer)
    }

    private func check(_ result: Int32) { if result < 0 { failed = true } }

    /// Element and attribute names are the renderers' own literals, so they are not scanned; values are.
    private func name(_ name: StaticString, _ body: (UnsafePointer<xmlChar>) -> Int32) {
        // A literal's storage is NUL-terminated; a one-character literal may be held as a scalar instead.
        guard name.hasPointerRepresentation else {
            return check(name.description.withCString { body(UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self)) })
        }
        check(body(name.utf8Start))
    }

    func start(_ name: StaticString) { self.name(name) { xmlTextWriterStartElement(writer, $0) } }

    func end() { check(xmlTextWriterEndElement(writer)) }

    func attribute(_ name: StaticString, _ value: String) {
        self.name(name) { n in
            let safe = TextHygiene.xmlSafe(value)
            return safe.withCString { xmlTextWriterWriteAttribute(writer, n, UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self)) }
        }
    }

    /// Element text through xmlTextWriterWriteString: libxml2's own escaping (xmlEncodeSpecialChars).
    func text(_ value: String) {
        let safe = TextHygiene.xmlSafe(value)
        check(safe.withCString { xmlTextWriterWriteString(writer, UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self)) })
    }

    /// What libxml2 itself makes of element text.
    static func libxml2Escaped(_ value: String) -> String {
        value.withCString { pointer -> String in
            guard let encoded = xmlEncodeSpecialChars(nil, UnsafeRawPointer(pointer).assumingMemoryBound(to: xmlChar.self)) else { return "" }
            defer { feedsmith_xml_free(encoded) }
            return String(cString: UnsafeRawPointer(encoded).assumingMemoryBound(to: CChar.self))
        }
    }

    /// `<name attr="…">text</name>`.
    func element(_ name: StaticString, _ value: String, attributes: [(StaticString, String)] = []) {
        start(name)
        for (key, attributeValue) in attributes { attribute(key, attributeValue) }
        text(value)
        end()
    }

    /// `<name attr="…"/>`.
    func empty(_ name: StaticString, attributes: [(StaticString, String)]) {
        start(name)
        for (key, value) in attributes { attribute(key, value) }
        end()
    }

    func finish() throws(RenderError) -> [UInt8] {
        check(xmlTextWriterEndDocument(writer))
        check(xmlTextWriterFlush(writer))
        guard !failed else { throw RenderError(message: "libxml2's writer reported an error") }
        return sink.bytes
    }
}
