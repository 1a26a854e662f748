/// Writes JSON straight to bytes with two-space indentation, as the caller calls it: the caller writes each
/// object's keys in sorted order, so unchanged data gives identical bytes. Not Foundation's JSONSerialization,
/// which spent most of the publishing time in dynamic casts of `[String: Any]`; not a tree of values either,
/// whose building and per-object sorting cost half of rendering a JSON Feed (an allocation per value, a sort
/// per object).
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// How deep the open containers go: six at most in a JSON Feed (root, items, item, `_feedsmith`, related, one
    /// related member); the bit mask below has room for 63.
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

    /// A member whose string value `write` appends as it is: text that never needs escaping, such as a date.
    mutating func member(_ name: StaticString, unescaped write: (inout [UInt8]) -> Void) {
        key(name)
        bytes.append(UInt8(ascii: "\""))
        write(&bytes)
        bytes.append(UInt8(ascii: "\""))
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
        for _ in 0..<max(0, depth * 2) { bytes.append(0x20) }
    }
}
