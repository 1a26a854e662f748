import Crypto
import Foundation

/// The keys by which an item is recognised across refreshes, and the stable ids derived from them.
public enum ItemIdentity {
    /// A hash of what the item says, for items with neither GUID nor URL and for spotting edits.
    public static func contentHash(_ item: Item) -> String {
        // Defined as the single line of the first non-empty of: the content's plain text, the summary, the
        // title. The content's single line is taken directly (one pass instead of three); it is empty exactly
        // when the plain text is.
        var line = item.contentHTML.map(HTMLText.singleLine) ?? ""
        if line.isEmpty, let other = [item.summary, item.title].compactMap({ $0 }).first(where: { !$0.isEmpty }) {
            line = TextHygiene.singleLine(other)
        }
        var bytes = line
        return bytes.withUTF8 { hex(SHA256.hash(data: UnsafeRawBufferPointer($0))).prefix(32).description }
    }

    /// The GUID when it can identify an article across sources: an IRI (`tag:…`, `https://…`). Plain
    /// numbers such as `1`, `2`, `3` are only unique within their own source.
    public static func globalGUID(_ guid: String?) -> String? {
        guard let guid, guid.utf8.count >= 8, guid.utf8.contains(UInt8(ascii: ":")) else { return nil }
        return guid
    }

    /// A UUID (version 8, name-based on SHA-256) for an item of a source, derived once and stored,
    /// so the id a reader sees never changes even when the source later changes its GUIDs.
    public static func stableID(sourceID: String, key: String) -> String {
        var digest = Array(SHA256.hash(data: Data("feedsmith\u{0}\(sourceID)\u{0}\(key)".utf8)).prefix(16))
        digest[6] = (digest[6] & 0x0F) | 0x80  // version 8
        digest[8] = (digest[8] & 0x3F) | 0x80  // RFC 4122 variant
        let h = hex(digest)
        return "\(h.prefix(8))-\(h.dropFirst(8).prefix(4))-\(h.dropFirst(12).prefix(4))-\(h.dropFirst(16).prefix(4))-\(h.dropFirst(20))"
    }

    private static func hex<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var result = [UInt8]()
        for byte in bytes {
            result.append(digits[Int(byte >> 4)])
            result.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: result, as: UTF8.self)
    }
}
