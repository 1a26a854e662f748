import CLibXML2
import Foundation

/// The one place that talks to libxml2's parser entry points, so every parse gets the same safe options.
enum LibXML {
    /// Runs once per process: libxml2 wants its globals set up before threads use it.
    static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    /// Recover mode keeps the items of feeds that are not quite well-formed, as feed readers do.
    /// No NOENT and no DTDLOAD: external entities and DTDs are never fetched or expanded. NONET as a second lock.
    static let xmlOptions: Int32 = Int32(
        XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue
            | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue
            | XML_PARSE_IGNORE_ENC.rawValue | XML_PARSE_BIG_LINES.rawValue)

    static let htmlOptions: Int32 = Int32(
        HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_NOIMPLIED.rawValue)

    /// Parses UTF-8 XML text. `wellFormed` is false when recover mode repaired something; `problem` says what first.
    static func parseXML(_ text: String, url: String?) -> (document: xmlDocPtr?, wellFormed: Bool, problem: String?) {
        _ = initialized
        feedsmith_silence_libxml_errors()
        guard let context = xmlNewParserCtxt() else { return (nil, false, "out of memory") }
        defer { xmlFreeParserCtxt(context) }
        var utf8 = Array(text.utf8)
        if utf8.isEmpty { utf8 = [0x20] }
        let document = utf8.withUnsafeBufferPointer { buffer -> xmlDocPtr? in
            guard let base = buffer.baseAddress else { return nil }
            return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { bytes in
                xmlCtxtReadMemory(context, bytes, Int32(clamping: buffer.count), url, "UTF-8", xmlOptions)
            }
        }
        let wellFormed = context.pointee.wellFormed != 0
        var problem: String?
        if !wellFormed, let error = xmlCtxtGetLastError(context), let message = error.pointee.message {
            let text = String(cString: message).trimmedWhitespace()
            problem = "line \(error.pointee.line): \(text)"
        }
        return (document, wellFormed, problem)
    }

    /// Parses an HTML fragment (an item's content or summary) as the body of a document.
    ///
    /// The wrapper is `<html><body>`: the encoding argument already decides the decoding (libxml2 ignores a
    /// `<meta charset>` once the input has an encoding), and the `<head><meta charset="utf-8"></head>` this used to
    /// carry cost a fifth of parsing a typical 300-byte item body (6.7 against 5.3 µs, 50,000 parses each in C),
    /// on every item, twice. Head elements inside a fragment land in the body either way, so the body is the same
    /// (`HTMLFragmentTests` holds it to the old wrapper).
    static func parseHTMLFragment(_ html: String, url: String?) -> htmlDocPtr? {
        parseHTML(fragmentPrefix + html + fragmentSuffix, url: url)
    }

    static let fragmentPrefix = "<html><body>"
    static let fragmentSuffix = "</body></html>"

    /// Parses UTF-8 HTML text; the encoding argument wins over any `<meta charset>` the page carries.
    static func parseHTML(_ text: String, url: String?) -> htmlDocPtr? {
        _ = initialized
        feedsmith_silence_libxml_errors()
        guard !text.isEmpty else { return parseHTML(" ", url: url) }
        // Native strings are contiguous UTF-8: hand libxml2 the string's own bytes instead of a copy.
        var text = text
        return text.withUTF8 { parseHTML(utf8: $0, url: url) }
    }

    /// Parses HTML from valid UTF-8 bytes; the encoding argument wins over any `<meta charset>` the page carries.
    static func parseHTML(utf8 buffer: UnsafeBufferPointer<UInt8>, url: String?) -> htmlDocPtr? {
        _ = initialized
        feedsmith_silence_libxml_errors()
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return parseHTML(" ", url: url) }
        return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { bytes in
            htmlReadMemory(bytes, Int32(clamping: buffer.count), url, "UTF-8", htmlOptions)
        }
    }

    /// Copies and frees a string libxml2 allocated.
    static func take(_ pointer: UnsafeMutablePointer<xmlChar>?) -> String? {
        guard let pointer else { return nil }
        defer { feedsmith_xml_free(pointer) }
        return String(cString: pointer)
    }

    /// Resolves `reference` against `base` as RFC 3986 says (libxml2's xmlBuildURI).
    static func resolve(_ reference: String, against base: String?) -> String {
        let trimmed = TextHygiene.trimmed(reference)
        guard let base, !base.isEmpty else { return trimmed }
        return trimmed.withCString { ref in
            base.withCString { baseC in
                ref.withMemoryRebound(to: xmlChar.self, capacity: 1) { refX in
                    baseC.withMemoryRebound(to: xmlChar.self, capacity: 1) { baseX in
                        take(xmlBuildURI(refX, baseX))
                    }
                }
            }
        } ?? trimmed
    }
}
