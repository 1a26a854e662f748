/// A JSON value written with keys in sorted order and two-space indentation, so unchanged data gives identical
/// bytes. Written by hand because Foundation's JSONSerialization spent most of the publishing time in
/// dynamic casts of `[String: Any]`.
enum JSONValue {
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    func write(to out: inout [UInt8], indent: Int = 0) {
        switch self {
        case let .string(text):
            Self.writeString(text, to: &out)
        case let .array(values):
            guard !values.isEmpty else { out += Array("[]".utf8); return }
            out.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.newline(indent + 1, &out)
                value.write(to: &out, indent: indent + 1)
            }
            Self.newline(indent, &out)
            out.append(UInt8(ascii: "]"))
        case let .object(members):
            guard !members.isEmpty else { out += Array("{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            for (index, member) in members.sorted(by: { $0.0 < $1.0 }).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.newline(indent + 1, &out)
                Self.writeString(member.0, to: &out)
                out += [UInt8(ascii: ":"), UInt8(ascii: " ")]
                member.1.write(to: &out, indent: indent + 1)
            }
            Self.newline(indent, &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func newline(_ indent: Int, _ out: inout [UInt8]) {
        out.append(0x0A)
        for _ in 0..<(indent * 2) { out.append(0x20) }
    }

    /// RFC 8259 escaping: quotes, backslashes and control characters; everything else as UTF-8, slashes unescaped.
    static func writeString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            // Runs between escaped bytes are copied whole; byte-by-byte appends were the renderer's hot spot.
            var runStart = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                switch byte {
                case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                default: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), 0x30, 0x30, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]])
                }
                runStart = index + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
        out.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
