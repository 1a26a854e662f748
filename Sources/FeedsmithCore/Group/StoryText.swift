import Foundation

/// The text two items are compared on: what the story says, with everything that varies between copies of
/// the same story removed.
///
/// Traditional script is folded to Simplified with ICU's `Hant-Hans` transform (character by character,
/// which is what comparison needs), flattened ruby pinyin and reprint markers (`【转载】`, `转自…`,
/// `来源：…`, bylines, editor lines) are dropped, compatibility forms are unified (full-width Latin and
/// digits), Latin is lower-cased, and only letters and digits are kept, so punctuation and spacing differences
/// between sites do not count.
public enum StoryText {
    /// Normalized comparison text: letters and digits only.
    public static func normalize(_ text: String) -> String {
        keptScalars(dropMarkerLines(RubyAnnotation.strip(text).text))
    }

    /// A title without reprint tags such as `【转载】`, `[转]`, `转：` or `(转载)`, normalized.
    public static func normalizeTitle(_ title: String) -> String {
        var stripped = RubyAnnotation.strip(title).text
        if stripped.utf8.contains(where: { $0 == 0xE3 || $0 == 0xEF || $0 == 0x5B || $0 == 0x28 || $0 == 0xE8 }) {
            for tag in titleTags where stripped.contains(tag) { stripped = stripped.replacingOccurrences(of: tag, with: "") }
        }
        return keptScalars(stripped)
    }

    /// One pass over the scalars: full-width forms to ASCII, lower case, Traditional to Simplified, and only
    /// letters and digits kept.
    static func keptScalars(_ text: String) -> String {
        // UTF-8 bytes rather than String.UnicodeScalarView.append, which is slow per scalar.
        var scalars: [UInt8] = []
        scalars.reserveCapacity(text.utf8.count)
        func append(_ value: UInt32) {
            if let scalar = Unicode.Scalar(value) { UTF8.encode(scalar) { scalars.append($0) } }
        }
        let table = HanFolding.table
        for scalar in text.unicodeScalars {
            var value = scalar.value
            if value >= 0xFF01, value <= 0xFF5E { value -= 0xFEE0 }  // full-width ASCII
            switch value {
            case 0x30...0x39, 0x61...0x7A:
                scalars.append(UInt8(value))
            case 0x41...0x5A:
                scalars.append(UInt8(value + 0x20))
            case 0..<0x80:
                continue
            case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF:
                append(table.isEmpty ? value : table[Int(value - HanFolding.range.lowerBound)])
            default:
                guard let other = Unicode.Scalar(value), isLetterOrDigit(other) else { continue }
                for lower in other.properties.lowercaseMapping.unicodeScalars { append(lower.value) }
            }
        }
        let result = String(decoding: scalars, as: UTF8.self)
        return HanFolding.table.isEmpty ? fallbackFold(result) : result
    }

    /// When ICU's transform does not map the Han block one character to one character (not seen on this
    /// platform), the whole text goes through the transform instead.
    static func fallbackFold(_ text: String) -> String {
        text.applyingTransform(StringTransform("Hant-Hans"), reverse: false) ?? text
    }

    static let titleTags = [
        "【转载】", "【转】", "[转载]", "[转]", "(转载)", "（转载）", "转载：", "转载:", "转：", "转:", "【独家】", "【原创】",
        "【轉載】", "【轉】", "[轉載]", "[轉]", "(轉載)", "（轉載）", "轉載：", "轉載:", "轉：", "轉:", "【獨家】",
    ]

    /// Lines that say where a copy came from rather than what happened: they differ between copies of one story.
    static let markerPrefixes = [
        "来源", "转自", "转载自", "原标题", "责任编辑", "编辑", "本文来源", "稿件来源", "记者", "通讯员", "审核", "校对",
        "來源", "轉自", "轉載自", "原標題", "責任編輯", "編輯", "本文來源", "稿件來源", "記者", "通訊員", "審核",
        "source:", "via:", "originally published", "editor:", "reporting by", "(reporting by",
    ]

    static let markerPrefixBytes: [[UInt8]] = markerPrefixes.map { Array($0.utf8) }
    static let bylineOpeners: [[UInt8]] = ["（", "("].map { Array($0.utf8) }
    static let bylineWords: [[UInt8]] = ["记者", "記者", "来源", "來源", "编辑", "編輯"].map { Array($0.utf8) }
    static let reprintTags = [Array("【转载】".utf8), Array("【轉載】".utf8)]

    /// Works on UTF-8 bytes: Character-level splitting and Foundation's prefix search dominated fingerprinting.
    static func dropMarkerLines(_ text: String) -> String {
        var kept: [UInt8] = []
        kept.reserveCapacity(text.utf8.count)
        var bytes = Array(text.utf8)
        // ASCII lower case, so `Source:` matches; the Han folding happens later, per character.
        for index in bytes.indices where bytes[index] >= 0x41 && bytes[index] <= 0x5A { bytes[index] += 0x20 }
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
            var lineStart = start
            while lineStart < end {
                if bytes[lineStart] == 0x20 || bytes[lineStart] == 0x09 { lineStart += 1; continue }
                if end - lineStart >= 3, bytes[lineStart] == 0xE3, bytes[lineStart + 1] == 0x80, bytes[lineStart + 2] == 0x80 { lineStart += 3; continue }
                break
            }
            let line = bytes[lineStart..<end]
            let characters = line.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
            var drop = false
            // A byline in brackets at the end of an article: （记者 张晓慧）.
            if characters <= 30, let opener = bylineOpeners.first(where: { line.starts(with: $0) }) {
                let rest = line.dropFirst(opener.count)
                drop = bylineWords.contains { rest.starts(with: $0) }
            }
            if !drop, characters <= 60 { drop = markerPrefixBytes.contains { line.starts(with: $0) } }
            if !drop {
                let tag = reprintTags.first { line.starts(with: $0) }
                let body = line.dropFirst(tag?.count ?? 0)
                if !kept.isEmpty { kept.append(0x0A) }
                kept += body
            }
            start = end + 1
        }
        return String(decoding: kept, as: UTF8.self)
    }

    private static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .otherLetter, .modifierLetter, .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }
}

/// Traditional → Simplified for the Han blocks, read once from ICU's `Hant-Hans` transform.
///
/// The transform works character by character, so transforming every character of the blocks at once gives a
/// lookup table; folding a text is then one array read per character instead of an ICU call per text, which
/// made fingerprinting ten times faster. The table comes from ICU's data, not from a hand-typed list.
enum HanFolding {
    /// CJK Extension A, the Unified Ideographs block, and the compatibility ideographs between them and beyond.
    static let range: ClosedRange<UInt32> = 0x3400...0xFAFF

    /// Simplified scalar for each scalar of `range`; empty when the transform did not map one to one.
    static let table: [UInt32] = {
        var all = String.UnicodeScalarView()
        for value in range { all.append(Unicode.Scalar(value) ?? " ") }
        let source = String(all)
        guard let folded = source.applyingTransform(StringTransform("Hant-Hans"), reverse: false) else { return [] }
        let mapped = Array(folded.unicodeScalars.map(\.value))
        guard mapped.count == range.count else { return [] }
        return mapped
    }()
}
