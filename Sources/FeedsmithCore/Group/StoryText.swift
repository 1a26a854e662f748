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
        var folded = fold(RubyAnnotation.strip(text).text)
        folded = dropMarkerLines(folded)
        var scalars = String.UnicodeScalarView()
        for scalar in folded.unicodeScalars where isKept(scalar) { scalars.append(scalar) }
        return String(scalars)
    }

    /// A title without reprint tags such as `【转载】`, `[转]`, `转：` or `(转载)`, normalized.
    public static func normalizeTitle(_ title: String) -> String {
        var folded = fold(RubyAnnotation.strip(title).text)
        for tag in titleTags { folded = folded.replacingOccurrences(of: tag, with: "") }
        var scalars = String.UnicodeScalarView()
        for scalar in folded.unicodeScalars where isKept(scalar) { scalars.append(scalar) }
        return String(scalars)
    }

    /// NFKC, lower case, and Traditional → Simplified when the text holds Han characters at all.
    static func fold(_ text: String) -> String {
        var result = text.precomposedStringWithCompatibilityMapping.lowercased()
        if result.unicodeScalars.contains(where: { $0.value >= 0x3400 && $0.value <= 0x9FFF }) {
            result = result.applyingTransform(StringTransform("Hant-Hans"), reverse: false) ?? result
        }
        return result
    }

    static let titleTags = ["【转载】", "【转】", "[转载]", "[转]", "(转载)", "（转载）", "转载：", "转载:", "转：", "转:", "【独家】", "【原创】"]

    /// Lines that say where a copy came from rather than what happened: they differ between copies of one story.
    static let markerPrefixes = [
        "来源", "转自", "转载自", "原标题", "责任编辑", "编辑", "本文来源", "稿件来源", "记者", "通讯员", "审核", "校对",
        "【转载】", "source:", "via:", "originally published", "editor:", "reporting by", "(reporting by",
    ]

    static func dropMarkerLines(_ text: String) -> String {
        var kept: [Substring] = []
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            var trimmed = line.drop { $0 == " " || $0 == "\t" || $0 == "　" }
            // A byline in brackets at the end of an article: （记者 张晓慧）.
            if let first = trimmed.first, first == "（" || first == "(", trimmed.count <= 30,
               trimmed.dropFirst().hasPrefix("记者") || trimmed.dropFirst().hasPrefix("来源") || trimmed.dropFirst().hasPrefix("编辑") {
                continue
            }
            if markerPrefixes.contains(where: { trimmed.hasPrefix($0) }), trimmed.count <= 60 { continue }
            if trimmed.hasPrefix("【转载】") { trimmed = trimmed.dropFirst(4) }
            kept.append(trimmed)
        }
        return kept.joined(separator: "\n")
    }

    private static func isKept(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .otherLetter, .modifierLetter, .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }
}
