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
            // Eight bytes at a time: a word with no byte below 0x20 and no 0xEF needs no closer look (every
            // output format writes each text through here, so this scan showed in render profiles).
            var index = 0
            let count = bytes.count
            while index < count {
                if let word = ByteScan.word(bytes, at: index), ByteScan.controls(word) | ByteScan.matches(0xEF, word) == 0 {
                    index += 8
                    continue
                }
                let byte = bytes[index]
                if byte < 0x20, byte != 0x9, byte != 0xA, byte != 0xD { return true }
                if ByteScan.isNoncharacterFFFEOrFFFF(bytes, at: index) { return true }
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

    /// `text` without any of the ASCII characters in `set` at either end. Foundation's
    /// `trimmingCharacters(in: CharacterSet(charactersIn:))` builds a character set on each call, and charset
    /// labels are trimmed for every fetched document. ASCII bytes never occur inside a multi-byte UTF-8
    /// sequence, so trimming bytes trims those characters.
    public static func trimming(_ text: some StringProtocol, ascii set: StaticString) -> String {
        let text = Substring(text)
        let utf8 = text.utf8
        let drop = { (byte: UInt8) in set.withUTF8Buffer { $0.contains(byte) } }
        guard let start = utf8.firstIndex(where: { !drop($0) }), let last = utf8.lastIndex(where: { !drop($0) }) else { return "" }
        return String(text[start...last])
    }

    /// One line: runs of any spacing become one space; ends trimmed; forbidden characters removed.
    public static func singleLine(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            appendSingleLine(bytes, to: &out)
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// ``singleLine(_:)`` over valid UTF-8, appended to `out`. Bytes, not scalars: ASCII (most of any page's
    /// markup-free text) takes one comparison a byte, and other characters are copied as whole sequences.
    static func appendSingleLine(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        appendCollapsed(bytes, to: &out, leadingSpace: false, trailingSpace: false)
    }

    /// Runs of spacing become one space and forbidden characters go. A run before the first character is
    /// kept as one space only with `leadingSpace`, a run after the last only with `trailingSpace` (text between
    /// inline elements keeps them; a single line drops both).
    static func appendCollapsed(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8], leadingSpace: Bool, trailingSpace: Bool) {
        let start = out.count
        var pendingSpace = false
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte > 0x20 && byte < 0x80 {
                // A run of visible ASCII is copied at once: appending byte by byte checked the array's
                // uniqueness for every byte, and this runs for the text of every item. Single spaces between
                // visible characters are part of the run (they come out as they are), so prose is copied in
                // one piece rather than word by word.
                var end = index + 1
                while end < count {
                    let next = bytes[end]
                    if next > 0x20 && next < 0x80 {
                        end += 1
                    } else if next == 0x20, end + 1 < count, bytes[end + 1] > 0x20, bytes[end + 1] < 0x80 {
                        end += 2
                    } else {
                        break
                    }
                }
                if pendingSpace { out.append(0x20) }
                pendingSpace = false
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
                index = end
                continue
            }
            if byte < 0x80 {
                index += 1
                if byte == 0x20 || byte == 0x9 || byte == 0xA || byte == 0xD || byte == 0xC {
                    pendingSpace = leadingSpace || out.count > start
                } else if byte >= 0x20 {
                    if pendingSpace { out.append(0x20) }
                    pendingSpace = false
                    out.append(byte)
                }
                continue
            }
            // A multi-byte sequence: its length from the lead byte, its scalar for the space and XML checks.
            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
            guard index + length <= count else { break }
            var value = UInt32(byte) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
            for offset in 1..<length { value = value << 6 | (UInt32(bytes[index + offset]) & 0x3F) }
            switch value {
            case 0xA0, 0x3000, 0x2002, 0x2003, 0x2009, 0x200B, 0xFEFF:
                pendingSpace = leadingSpace || out.count > start
            case 0xFFFE, 0xFFFF:
                break  // not XML characters
            default:
                if pendingSpace { out.append(0x20) }
                pendingSpace = false
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<(index + length)]))
            }
            index += length
        }
        if pendingSpace && trailingSpace { out.append(0x20) }
    }

    /// Trims to at most `limit` characters at a character boundary, adding an ellipsis when cut.
    public static func truncated(_ text: String, to limit: Int) -> String {
        // A character is at least one byte: text no longer in bytes than the limit is within it, uncounted.
        guard text.utf8.count > limit, text.count > limit else { return text }
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
