import Foundation

/// Character-level cleaning shared by every stage that emits text.
public enum TextHygiene {
    /// True for scalars XML 1.0 allows: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
    @inline(__always)
    public static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v >= 0x20 { return v <= 0xD7FF || (v >= 0xE000 && v <= 0xFFFD) || v >= 0x10000 }
        return v == 0x9 || v == 0xA || v == 0xD
    }

    /// Removes characters XML 1.0 forbids; returns the text and how many were removed.
    public static func removingXMLForbidden(_ text: String) -> (text: String, removed: Int) {
        // Fast path: forbidden scalars are C0 controls (bytes < 0x20 other than tab, LF, CR) and U+FFFE/U+FFFF
        // (EF BF BE / EF BF BF). The scan reads the bytes in place; checking BE/BF bytes alone sent most CJK
        // text, where they are common continuation bytes, down the slow path.
        var text = text
        let suspicious = text.withUTF8 { bytes -> Bool in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte < 0x20, byte != 0x9, byte != 0xA, byte != 0xD { return true }
                if byte == 0xEF, index + 2 < bytes.count, bytes[index + 1] == 0xBF, bytes[index + 2] >= 0xBE { return true }
                index += 1
            }
            return false
        }
        guard suspicious else { return (text, 0) }
        var removed = 0
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isXMLCharacter(scalar) { scalars.append(scalar) } else { removed += 1 }
        }
        return (String(scalars), removed)
    }

    public static func xmlSafe(_ text: String) -> String { removingXMLForbidden(text).text }

    /// True for the spaces pages use for layout: ASCII whitespace, no-break space, full-width ideographic space.
    @inline(__always)
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x9, 0xA, 0xD, 0xC, 0xA0, 0x3000, 0x2002, 0x2003, 0x2009, 0x200B, 0xFEFF: return true
        default: return false
        }
    }

    /// Trims ASCII whitespace and control characters from both ends without going through Foundation,
    /// which bridges to NSString on Linux; the common case, nothing to trim, allocates nothing.
    public static func trimmed(_ text: String) -> String {
        let utf8 = text.utf8
        guard let first = utf8.first, let last = utf8.last, first <= 0x20 || last <= 0x20 else { return text }
        let start = utf8.firstIndex { $0 > 0x20 } ?? utf8.endIndex
        guard start != utf8.endIndex, let end = utf8.lastIndex(where: { $0 > 0x20 }) else { return "" }
        return String(text[start...end])
    }

    /// One line: runs of any spacing become one space; ends trimmed; forbidden characters removed.
    public static func singleLine(_ text: String) -> String {
        // Built as UTF-8 bytes: appending scalars to a String one by one dominated content hashing.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isSpace(scalar) {
                pendingSpace = !bytes.isEmpty
            } else if isXMLCharacter(scalar) {
                if pendingSpace { bytes.append(0x20) }
                pendingSpace = false
                if scalar.value < 0x80 {
                    bytes.append(UInt8(scalar.value))
                } else {
                    UTF8.encode(scalar) { bytes.append($0) }
                }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Trims to at most `limit` characters at a character boundary, adding an ellipsis when cut.
    public static func truncated(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(limit)).trimmedWhitespace() + "…"
    }
}

extension StringProtocol {
    /// The text without leading and trailing white space (Unicode White_Space, which includes newlines).
    /// Foundation's `trimmingCharacters(in:)` bridges through NSString on Linux and showed in profiles.
    public func trimmedWhitespace() -> String {
        // Most values have nothing to trim: printable ASCII at both ends.
        let bytes = utf8
        if let first = bytes.first, first > 0x20, first < 0x80 {
            let last = bytes[bytes.index(bytes.endIndex, offsetBy: -1)]
            if last > 0x20, last < 0x80 { return String(self) }
        }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}
