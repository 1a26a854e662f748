import Foundation

/// Detects and, where the bytes allow, repairs GBK byte-frame mojibake: text whose GBK bytes lost or
/// mangled one byte, so the two-byte frame slipped and every following character is read off by one
/// until an ASCII byte realigns it. The seed's `?!毙祆o坦言` is `。”徐靜坦言`: `。` (A1 A3) became `?`,
/// the lead byte A1 of `”` lost its high bit (`!`), and `毙祆o` is `”徐靜` read one byte late.
public enum MojibakeRepair {
    public struct Result: Sendable, Equatable {
        public var text: String
        /// Damaged places fixed.
        public var repaired: Int
        /// Damaged places left as they are (bytes were lost): the item is flagged, not silently published.
        public var unrepairable: Int
    }

    public static func repair(_ text: String) -> Result {
        guard text.utf8.contains(0x3F) else { return Result(text: text, repaired: 0, unrepairable: 0) }
        var output = ""
        var repaired = 0
        var rest = text[...]
        while let marker = rest.range(of: "?!") {
            output += rest[..<marker.lowerBound]
            let after = rest[marker.upperBound...]
            if let (fixed, consumed) = reframe(after) {
                output += "。" + fixed
                rest = after.dropFirst(consumed)
                repaired += 1
            } else {
                output += "?!"
                rest = after
            }
        }
        output += rest
        return Result(text: output, repaired: repaired, unrepairable: suspiciousQuestionMarks(output))
    }

    /// Re-reads the characters after `!` with the lost lead byte A1 restored. Returns the repaired text and how
    /// many original characters it replaces, when the re-read text decodes cleanly and realigns.
    private static func reframe(_ text: Substring) -> (String, Int)? {
        let window = text.prefix(40)
        guard let first = window.first, RubyAnnotation.isHan(first) else { return nil }
        var bytes: [UInt8] = [0xA1]
        var boundaries: [Int] = []  // byte offset after each original character
        for character in window {
            guard let encoded = gb18030(String(character)) else { return nil }
            bytes += encoded
            boundaries.append(bytes.count)
        }
        // Find the first original character boundary where the shifted frame ends on a character boundary again.
        var decodedPrefix: String?
        var consumed = 0
        for (index, boundary) in boundaries.enumerated() where index >= 1 {
            guard let decoded = IconvDecoder.decode(Array(bytes[..<boundary]), from: "GB18030"), decoded.replacedBytes == 0 else { continue }
            if decoded.text.hasPrefix("”") || decoded.text.hasPrefix("“") {
                decodedPrefix = decoded.text
                consumed = index + 1
                break
            }
        }
        guard let decodedPrefix, decodedPrefix.count >= 2 else { return nil }
        // Only accept when the result reads as text: it must be mostly Han characters.
        let han = decodedPrefix.dropFirst().filter(RubyAnnotation.isHan).count
        guard han * 2 >= decodedPrefix.count - 1 else { return nil }
        return (decodedPrefix, consumed)
    }

    private static func gb18030(_ text: String) -> [UInt8]? {
        guard text.allSatisfy({ !$0.isASCII || $0.asciiValue.map { $0 >= 0x20 } == true }) else { return nil }
        return text.data(using: String.Encoding(rawValue: 0x8000_0632)).map { [UInt8]($0) }
    }

    /// ASCII `?` among Han characters: Chinese text writes `？`, so these stand for lost characters.
    /// `What?!` in Latin text is not counted.
    public static func suspiciousQuestionMarks(_ text: String) -> Int {
        let characters = Array(text)
        func isCJK(_ index: Int) -> Bool {
            guard characters.indices.contains(index) else { return false }
            return RubyAnnotation.isHan(characters[index]) || "，。、”“：；".contains(characters[index])
        }
        func isCharacter(_ index: Int, _ test: (Character) -> Bool) -> Bool {
            characters.indices.contains(index) && test(characters[index])
        }
        var count = 0
        for index in characters.indices where characters[index] == "?" {
            let markerNext = isCharacter(index + 1) { $0 == "!" } && (isCJK(index + 2) || isCharacter(index + 2) { $0.isNumber || $0 == "?" })
            let afterMarker = isCharacter(index - 1) { $0 == "!" } && isCharacter(index - 2) { $0 == "?" }
            if isCJK(index - 1) || isCJK(index + 1) || isCharacter(index + 1, { $0 == "(" }) || markerNext || afterMarker {
                count += 1
            }
        }
        return count
    }
}
