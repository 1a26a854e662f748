import Foundation

/// Removes ruby pinyin that a scraper flattened into the text: `現(xiàn)在` → `現在`.
///
/// Only a parenthesis right after a Han character holding exactly one pinyin syllable with a tone mark
/// is removed, so `（市、区）`, `(COVID-19)` and `(shi)` are untouched.
public enum RubyAnnotation {
    static let toneMarked: Set<Character> = Set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ")
    static let pinyinLetters: Set<Character> = Set("abcdefghijklmnopqrstuvwxyzüāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ")

    public static func strip(_ text: String) -> (text: String, removed: Int) {
        // Byte checks: String.contains(String) goes through Foundation and dominated extraction time.
        guard mayContainParenthesis(text.utf8) else { return (text, 0) }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var removed = 0
        var characters = text[...]
        var previous: Character?
        while let character = characters.first {
            if (character == "(" || character == "（"), let previous, isHan(previous),
               let length = syllableLength(characters.dropFirst(), closing: character == "(" ? ")" : "）") {
                characters = characters.dropFirst(length + 2)
                removed += 1
                continue  // `previous` stays the Han character
            }
            result.append(character)
            previous = character
            characters = characters.dropFirst()
        }
        return (result, removed)
    }

    /// "(" or "（" (EF BC 88) somewhere in the bytes.
    static func mayContainParenthesis<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in bytes {
            if byte == 0x28 || (byte == 0x88 && previous == (0xEF, 0xBC)) { return true }
            previous = (previous.1, byte)
        }
        return false
    }

    /// Length of one tone-marked syllable followed by the closing parenthesis, or nil.
    private static func syllableLength(_ text: Substring, closing: Character) -> Int? {
        var length = 0
        var hasTone = false
        for character in text.prefix(8) {
            if character == closing { return hasTone && length >= 1 ? length : nil }
            let lower = Character(character.lowercased())
            guard pinyinLetters.contains(lower) else { return nil }
            if toneMarked.contains(lower) { hasTone = true }
            length += 1
        }
        return nil
    }

    static func isHan(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return false }
        switch scalar.value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F: return true
        default: return false
        }
    }
}
