import Foundation

/// Where the charset used for a document came from, most trusted first.
public enum CharsetOrigin: String, Sendable, Codable {
    case byteOrderMark = "bom"
    case override
    case httpHeader = "http"
    case xmlDeclaration = "xml-declaration"
    case metaTag = "meta"
    /// The declared charset failed where UTF-8 did not: the page was re-saved as UTF-8 and kept its old label.
    case utf8OverDeclared = "utf-8-over-declared"
    case sniffed
}

/// Picks a document's charset the way browsers do: BOM, then the operator's override, then the HTTP
/// charset, the XML declaration, `<meta charset>` within the first bytes, and finally sniffing.
public enum CharsetSniffer {
    /// How far into the document declarations are looked for; Chinese portals often put `<meta>` after long comments.
    static let prescanLength = 4096

    public static func detect(_ bytes: [UInt8], contentType: String? = nil, override: String? = nil) -> (name: String, origin: CharsetOrigin) {
        if let bom = byteOrderMark(bytes) { return (bom, .byteOrderMark) }
        if let override, let name = EncodingLabel.resolve(override) { return (name, .override) }
        if let contentType, let label = parameter("charset", in: contentType), let name = EncodingLabel.resolve(label) {
            return (name, .httpHeader)
        }
        let head = asciiHead(bytes)
        if let label = xmlDeclarationEncoding(head), let name = EncodingLabel.resolve(label) {
            return (declared(name, bytes), .xmlDeclaration)
        }
        if let label = metaCharset(head), let name = EncodingLabel.resolve(label) {
            return (declared(name, bytes), .metaTag)
        }
        return (sniff(bytes), .sniffed)
    }

    /// A UTF-16 label in an 8-bit stream is a lie the bytes already disproved (no BOM, readable ASCII): UTF-8. But the
    /// head is read with NULs dropped, so a label found in bytes that are UTF-16 without a BOM is true, and the NULs'
    /// places tell the byte order.
    private static func declared(_ name: String, _ bytes: [UInt8]) -> String {
        guard name.hasPrefix("UTF-16") else { return name }
        guard looksLikeUTF16(bytes) else { return "UTF-8" }
        return bytes.first == 0 ? "UTF-16BE" : "UTF-16LE"
    }

    static func byteOrderMark(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return "UTF-8" }
        if bytes.starts(with: [0xFF, 0xFE]) { return "UTF-16LE" }
        if bytes.starts(with: [0xFE, 0xFF]) { return "UTF-16BE" }
        return nil
    }

    /// A `name=value` parameter of a header value such as `text/html; charset="gbk"`.
    public static func parameter(_ name: String, in headerValue: String) -> String? {
        for part in headerValue.split(separator: ";").dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmedWhitespace().lowercased() == name else { continue }
            let value = TextHygiene.trimming(pair[1], ascii: " \t\"'")
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// The first bytes lower-cased; bytes above 0x7F become spaces, which no declaration contains.
    /// UTF-16 without a BOM is folded by dropping NULs so its declarations are still found.
    static func asciiHead(_ bytes: [UInt8]) -> [UInt8] {
        var folded: [UInt8] = []
        folded.reserveCapacity(min(bytes.count, prescanLength))
        for byte in bytes.prefix(prescanLength) where byte != 0 {
            let lower = byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte
            folded.append(lower < 0x80 ? lower : 0x20)
        }
        return folded
    }

    static func xmlDeclarationEncoding(_ head: [UInt8]) -> String? {
        let trimmed = head.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        guard trimmed.starts(with: Array("<?xml".utf8)), let end = find(Array("?>".utf8), in: trimmed) else { return nil }
        return attributeValue(Array("encoding".utf8), in: trimmed[trimmed.startIndex..<end])
    }

    /// `<meta charset="x">` or `<meta http-equiv="Content-Type" content="text/html; charset=x">`.
    static func metaCharset(_ head: [UInt8]) -> String? {
        var rest = head[...]
        let meta = Array("<meta".utf8), charsetKey = Array("charset".utf8), contentKey = Array("content".utf8), charsetEquals = Array("charset=".utf8)
        while let start = find(meta, in: rest) {
            let tail = rest[(start + meta.count)...]
            let end = tail.firstIndex(of: 0x3E) ?? tail.endIndex
            let tag = tail[..<end]
            if let value = attributeValue(charsetKey, in: tag) { return value }
            if let content = attributeValue(contentKey, in: tag), let value = parameter("charset", in: content) { return value }
            // `content="text/html;charset=gbk"` with no space still splits on `;`; some pages write only `charset=`.
            if let index = find(charsetEquals, in: tag) {
                let value = tag[(index + charsetEquals.count)...].prefix { !" \"'>;/".utf8.contains($0) }
                if !value.isEmpty { return String(decoding: value, as: UTF8.self) }
            }
            rest = tail[end...]
        }
        return nil
    }

    /// The first index of `needle` in `haystack` (byte search: no Foundation, no regex).
    static func find(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var index = haystack.startIndex
        let last = haystack.endIndex - needle.count
        while index <= last {
            if haystack[index] == first && haystack[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    private static func attributeValue(_ name: [UInt8], in tag: ArraySlice<UInt8>) -> String? {
        var search = tag
        while let index = find(name, in: search) {
            let before: UInt8 = index == tag.startIndex ? 0x20 : tag[index - 1]
            var rest = tag[(index + name.count)...].drop { $0 == 0x20 }
            search = tag[(index + name.count)...]
            guard " \t\n\r\"'".utf8.contains(before), rest.first == 0x3D else { continue }
            rest = rest.dropFirst().drop { $0 == 0x20 }
            if let quote = rest.first, quote == 0x22 || quote == 0x27 {
                let value = rest.dropFirst().prefix { $0 != quote }
                return value.isEmpty ? nil : String(decoding: value, as: UTF8.self)
            }
            let value = rest.prefix { !" \t\n\r>/;".utf8.contains($0) }
            return value.isEmpty ? nil : String(decoding: value, as: UTF8.self)
        }
        return nil
    }

    /// No declaration: UTF-8 when the bytes are valid UTF-8; otherwise the CJK decoding that reads as
    /// ordinary text (the most common characters appear), else windows-1252.
    static func sniff(_ bytes: [UInt8]) -> String {
        // NULs are valid UTF-8, so UTF-16 is recognised first.
        if looksLikeUTF16(bytes) { return bytes.first == 0 ? "UTF-16BE" : "UTF-16LE" }
        if String(validating: bytes, as: UTF8.self) != nil { return "UTF-8" }
        let sample = Array(bytes.prefix(64 * 1024))
        var best = ("WINDOWS-1252", 0)
        for candidate in ["GB18030", "BIG5-HKSCS", "CP932", "CP949"] {
            guard let decoded = IconvDecoder.decode(sample, from: candidate) else { continue }
            let score = commonCharacterScore(decoded.text) - decoded.replacedBytes * 4
            if score > best.1 { best = (candidate, score) }
        }
        return best.0
    }

    /// UTF-16 without a BOM: ASCII text shows as every other byte being NUL.
    static func looksLikeUTF16(_ bytes: [UInt8]) -> Bool {
        let sample = bytes.prefix(512)
        guard sample.count >= 8 else { return false }
        var evenZero = 0, oddZero = 0
        for (index, byte) in sample.enumerated() where byte == 0 {
            if index % 2 == 0 { evenZero += 1 } else { oddZero += 1 }
        }
        let half = sample.count / 2
        return evenZero > half * 6 / 10 || oddZero > half * 6 / 10
    }

    /// Characters frequent in Chinese, Japanese and Korean running text, written the same in Simplified and
    /// Traditional script; text decoded with the wrong CJK charset rarely contains them.
    private static let commonCharacters: Set<Character> = Set(
        "的一是不了在人有我他中大上年日月和也就出要以可下十二三四五六七八九时之分为市区新工作生主国会全部公在其市记者于等与将对已由本各所前后自成发及这の는이다を에한")

    static func commonCharacterScore(_ text: String) -> Int {
        var score = 0
        for character in text where commonCharacters.contains(character) { score += 1 }
        return score
    }
}
