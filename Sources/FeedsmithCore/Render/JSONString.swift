/// JSON string literals.
enum JSONString {
    /// RFC 8259 escaping: quotes, backslashes and control characters; everything else as UTF-8, slashes unescaped.
    static func write(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            // Runs between escaped bytes are copied whole; byte-by-byte appends were the renderer's hot spot.
            var runStart = 0
            ByteScan.forEach(bytes, mayHold: mayNeedEscape, needsEscape: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) { index, byte in
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                out.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(byte)
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "t"))
                default:
                    out.append(UInt8(ascii: "u"))
                    out.append(0x30)
                    out.append(0x30)
                    out.append(hexDigits[Int(byte >> 4)])
                    out.append(hexDigits[Int(byte & 0xF)])
                }
                runStart = index + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Whether any of the eight bytes is a control character, `"` or a backslash (see ``ByteScan``).
    @inline(__always)
    static func mayNeedEscape(_ word: UInt64) -> Bool {
        ByteScan.controls(word) | ByteScan.matches(0x22, word) | ByteScan.matches(0x5C, word) != 0
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
