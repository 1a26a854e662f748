import Foundation

/// A document's text after charset decoding, with what was decided and what could not be decoded.
public struct DecodedDocument: Sendable {
    public var text: String
    /// The converter name actually used (`UTF-8`, `GB18030`, `BIG5-HKSCS`, …).
    public var encoding: String
    public var origin: CharsetOrigin
    /// Bytes that could not be decoded and became U+FFFD; reported in the source status, never hidden.
    public var replacedBytes: Int
}

/// Bytes → text, deciding the charset as ``CharsetSniffer`` does and never truncating.
public enum DocumentDecoder {
    public static func decode(_ bytes: [UInt8], contentType: String? = nil, override: String? = nil) -> DecodedDocument {
        let (name, origin) = CharsetSniffer.detect(bytes, contentType: contentType, override: override)
        var body = bytes[...]
        if origin == .byteOrderMark {
            body = body.dropFirst(name == "UTF-8" ? 3 : 2)
        }
        if EncodingLabel.isUTF8(name), let text = String(validating: body, as: UTF8.self) {
            return DecodedDocument(text: text, encoding: name, origin: origin, replacedBytes: 0)
        }
        let decoded = IconvDecoder.decode(Array(body), from: name) ?? IconvDecoder.decode(Array(body), from: "UTF-8")
        let (text, replaced) = decoded ?? (String(decoding: body, as: UTF8.self), 0)
        // Pages re-saved as UTF-8 often keep their old gb2312 meta: trust the bytes when they are valid UTF-8.
        if replaced > 0, origin != .byteOrderMark, origin != .override, !EncodingLabel.isUTF8(name),
           let utf8 = String(validating: body, as: UTF8.self) {
            return DecodedDocument(text: utf8, encoding: "UTF-8", origin: .utf8OverDeclared, replacedBytes: 0)
        }
        return DecodedDocument(text: text, encoding: name, origin: origin, replacedBytes: replaced)
    }
}
