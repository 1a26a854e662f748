import CLibXML2
import Foundation

/// A thin wrapper over libxml2's xmlTextWriter, which guarantees well-formed output (escaping, nesting).
/// Characters XML 1.0 forbids are removed from every string before it is written.
final class XMLWriter {
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

    /// A size estimate for a feed document: its entries' content plus markup and metadata per entry.
    static func estimatedSize(_ feed: FeedDocument) -> Int {
        feed.entries.reduce(4096) { total, entry in
            total + 800 + (entry.contentHTML?.utf8.count ?? 0) + (entry.summary?.utf8.count ?? 0) + entry.title.utf8.count
        }
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

    /// Element text, escaped here and written raw: what xmlTextWriterWriteString does (xmlEncodeSpecialChars,
    /// then a raw write), without its per-call allocations, which were a third of rendering a large feed.
    func text(_ value: String) {
        var safe = TextHygiene.xmlSafe(value)
        safe.withUTF8 { bytes in
            guard let escaped = Self.escapedIfNeeded(bytes) else {
                guard let base = bytes.baseAddress else { return }
                check(xmlTextWriterWriteRawLen(writer, base, Int32(clamping: bytes.count)))
                return
            }
            escaped.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                check(xmlTextWriterWriteRawLen(writer, base, Int32(clamping: buffer.count)))
            }
        }
    }

    /// libxml2's escaping of element text (`<`, `>`, `&`, `"`, and CR as `&#13;`), or nil when nothing needs it.
    static func escapedIfNeeded(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        // One table load per byte instead of five comparisons: feed content is mostly markup to escape.
        specialBytes.withUnsafeBufferPointer { table -> [UInt8]? in
            guard let first = bytes.firstIndex(where: { table[Int($0)] != 0 }) else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + bytes.count / 4 + 16)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[..<first]))
            var runStart = first
            var index = first
            let count = bytes.count
            while index < count {
                let byte = bytes[index]
                guard table[Int(byte)] != 0 else { index += 1; continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                // Byte by byte: an array literal here allocated for every character escaped.
                out.append(0x26)  // &
                switch byte {
                case 0x3C: out.append(0x6C); out.append(0x74)  // lt
                case 0x3E: out.append(0x67); out.append(0x74)  // gt
                case 0x26: out.append(0x61); out.append(0x6D); out.append(0x70)  // amp
                case 0x22: out.append(0x71); out.append(0x75); out.append(0x6F); out.append(0x74)  // quot
                default: out.append(0x23); out.append(0x31); out.append(0x33)  // #13
                }
                out.append(0x3B)  // ;
                index += 1
                runStart = index
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
            return out
        }
    }

    /// Non-zero for the bytes element text escapes.
    private static let specialBytes: [UInt8] = (0..<256).map { [0x3C, 0x3E, 0x26, 0x22, 0x0D].contains($0) ? 1 : 0 }

    /// What libxml2 itself makes of element text: the reference the tests hold ``escapedIfNeeded(_:)`` to.
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
