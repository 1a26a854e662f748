/// Writes JSON straight to bytes with two-space indentation, as the caller calls it: the caller writes each
/// object's keys in sorted order, so unchanged data gives identical bytes. Building a tree of values and
/// sorting every object's members on the way out cost half of rendering a JSON Feed (an allocation per
/// value, a sort per object).
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// How deep the open containers go; the JSON Feed renderer never opens more than five.
    private var depth = 0
    /// Bit n: the container open at depth n already holds a member, so the next one needs a comma.
    private var holdsMembers: UInt64 = 0

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    mutating func beginObject() { open(UInt8(ascii: "{")) }
    mutating func endObject() { close(UInt8(ascii: "}")) }
    mutating func beginArray() { open(UInt8(ascii: "[")) }
    mutating func endArray() { close(UInt8(ascii: "]")) }

    /// Starts an object member: the value written next belongs to `name`, which needs no escaping.
    mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        bytes.append(UInt8(ascii: " "))
    }

    /// A member whose value is a string.
    mutating func member(_ name: StaticString, _ value: String) {
        key(name)
        string(value)
    }

    /// Starts an array element: the value written next is the element.
    mutating func element() { separate() }

    mutating func string(_ value: String) { JSONString.write(value, to: &bytes) }

    private mutating func open(_ bracket: UInt8) {
        bytes.append(bracket)
        depth += 1
        holdsMembers &= ~(1 &<< UInt64(depth & 63))
    }

    /// An empty container stays on one line (`[]`, `{}`); otherwise the bracket goes on a line of its own.
    private mutating func close(_ bracket: UInt8) {
        let heldMembers = holdsMembers & (1 &<< UInt64(depth & 63)) != 0
        depth -= 1
        if heldMembers { newline() }
        bytes.append(bracket)
    }

    private mutating func separate() {
        let bit: UInt64 = 1 &<< UInt64(depth & 63)
        if holdsMembers & bit != 0 { bytes.append(UInt8(ascii: ",")) }
        holdsMembers |= bit
        newline()
    }

    private mutating func newline() {
        bytes.append(0x0A)
        for _ in 0..<(depth * 2) { bytes.append(0x20) }
    }
}

/// JSON string literals.
enum JSONString {
    /// RFC 8259 escaping: quotes, backslashes and control characters; everything else as UTF-8, slashes unescaped.
    static func write(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            // Runs between escaped bytes are copied whole; byte-by-byte appends were the renderer's hot spot.
            var runStart = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
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

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
