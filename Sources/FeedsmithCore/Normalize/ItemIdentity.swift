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
        let digest = bytes.withUTF8 { SHA256.hash(data: UnsafeRawBufferPointer($0)) }
        return digest.withUnsafeBytes { raw in hex(raw.prefix(16), dashes: false) }
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
        // Hashed and formatted from bytes: building the name as a String, copying it into Data and slicing the
        // hex with String indices cost more than the hash itself, twice per stored item.
        var hasher = SHA256()
        var (source, key) = (sourceID, key)
        hasher.update(data: namePrefix)
        source.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        hasher.update(data: nameSeparator)
        key.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        return hasher.finalize().withUnsafeBytes { raw in
            var digest = Array(raw.prefix(16))
            digest[6] = (digest[6] & 0x0F) | 0x80  // version 8
            digest[8] = (digest[8] & 0x3F) | 0x80  // RFC 4122 variant
            return hex(digest, dashes: true)
        }
    }

    private static let namePrefix = Array("feedsmith\u{0}".utf8)
    private static let nameSeparator: [UInt8] = [0]
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Lower-case hex of `bytes`; with `dashes`, grouped 8-4-4-4-12 as a UUID (for 16 bytes).
    private static func hex(_ bytes: some Collection<UInt8>, dashes: Bool) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2 + (dashes ? 4 : 0)) { buffer in
            var out = 0
            for (index, byte) in bytes.enumerated() {
                if dashes, index == 4 || index == 6 || index == 8 || index == 10 {
                    buffer[out] = UInt8(ascii: "-")
                    out += 1
                }
                buffer[out] = hexDigits[Int(byte >> 4)]
                buffer[out + 1] = hexDigits[Int(byte & 0x0F)]
                out += 2
            }
            return out
        }
    }
}
