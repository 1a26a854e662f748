/// JSON string literals.
enum JSONString {
    /// RFC 8259 escaping: quotes, backslashes and control characters; everything else as UTF-8, slashes unescaped.
    static func write(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            // Runs between escaped bytes are copied whole; byte-by-byte appends were the renderer's hot spot.
            var runStart = 0
            var index = 0
            let count = bytes.count
            while index < count {
                // Eight bytes at a time while none of them needs escaping: item content is long runs of markup.
                if index + 8 <= count, !mayNeedEscape(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) {
                    index += 8
                    continue
                }
                let end = min(index + 8, count)
                while index < end {
                    let byte = bytes[index]
                    index += 1
                    guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<(index - 1)]))
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
                    runStart = index
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<count]))
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Whether any of the eight bytes is a control character, `"` or a backslash (exact: no byte is missed; the bytes
    /// flagged are then looked at one by one).
    @inline(__always)
    static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        let below20 = (word &- 0x2020_2020_2020_2020) & ~word & high
        let quote = word ^ 0x2222_2222_2222_2222, backslash = word ^ 0x5C5C_5C5C_5C5C_5C5C
        return below20 | ((quote &- ones) & ~quote & high) | ((backslash &- ones) & ~backslash & high) != 0
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
