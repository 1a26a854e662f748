import Foundation

/// A document's text after charset decoding, with what was decided and what could not be decoded.
public struct DecodedDocument: Sendable {
    /// Text that arrived as UTF-8 is held as the validated `String`; text converted by iconv is held as its
    /// UTF-8 bytes, which are valid by construction, until something asks for a `String`.
    private enum Content: Sendable {
        case text(String)
        case utf8([UInt8])
    }

    private let content: Content
    /// The converter name actually used (`UTF-8`, `GB18030`, `BIG5-HKSCS`, …).
    public var encoding: String
    public var origin: CharsetOrigin
    /// Bytes that could not be decoded and became U+FFFD; reported in the source status, never hidden.
    public var replacedBytes: Int

    init(text: String, encoding: String, origin: CharsetOrigin, replacedBytes: Int) {
        content = .text(text)
        self.encoding = encoding
        self.origin = origin
        self.replacedBytes = replacedBytes
    }

    init(utf8: [UInt8], encoding: String, origin: CharsetOrigin, replacedBytes: Int) {
        content = .utf8(utf8)
        self.encoding = encoding
        self.origin = origin
        self.replacedBytes = replacedBytes
    }

    /// The decoded text. For a converted document each read builds the `String` anew: read it once.
    public var text: String {
        switch content {
        case let .text(text): text
        case let .utf8(bytes): String(decoding: bytes, as: UTF8.self)
        }
    }

    /// The decoded text's UTF-8 bytes, without building or copying a `String`.
    public func withUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        switch content {
        case var .text(text): return try text.withUTF8(body)
        case let .utf8(bytes): return try bytes.withUnsafeBufferPointer(body)
        }
    }
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
        guard let (utf8, replaced) = IconvDecoder.decodeToUTF8(Array(body), from: name) ?? IconvDecoder.decodeToUTF8(Array(body), from: "UTF-8") else {
            return DecodedDocument(text: String(decoding: body, as: UTF8.self), encoding: name, origin: origin, replacedBytes: 0)
        }
        // Pages re-saved as UTF-8 often keep their old gb2312 meta: trust the bytes when they are valid UTF-8.
        if replaced > 0, origin != .byteOrderMark, origin != .override, !EncodingLabel.isUTF8(name),
           let text = String(validating: body, as: UTF8.self) {
            return DecodedDocument(text: text, encoding: "UTF-8", origin: .utf8OverDeclared, replacedBytes: 0)
        }
        return DecodedDocument(utf8: utf8, encoding: name, origin: origin, replacedBytes: replaced)
    }
}
