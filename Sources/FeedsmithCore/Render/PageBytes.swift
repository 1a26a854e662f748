/// A timeline page's bytes (``TimelinePageRenderer``). Markup is appended as it is; values have the characters
/// XML forbids removed and are escaped as ``HTMLEscaping`` escapes them (`&`, `<`, `>`, and in attributes `"`).
struct PageBytes {
    var bytes: [UInt8] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    mutating func raw(_ markup: StaticString) {
        markup.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Text known to need no escaping: dates, media types, the version.
    mutating func raw(_ markup: String) {
        bytes.append(contentsOf: markup.utf8)
    }

    mutating func text(_ value: String) { escaped(value, quotes: false) }
    mutating func attribute(_ value: String) { escaped(value, quotes: true) }

    private mutating func escaped(_ value: String, quotes: Bool) {
        var value = TextHygiene.xmlSafe(value)
        value.withUTF8 { source in
            // Runs between escaped bytes are copied whole.
            var runStart = 0
            for index in 0..<source.count {
                let replacement: StaticString
                switch source[index] {
                case 0x26: replacement = "&amp;"
                case 0x3C: replacement = "&lt;"
                case 0x3E: replacement = "&gt;"
                case 0x22 where quotes: replacement = "&quot;"
                default: continue
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart..<index]))
                replacement.withUTF8Buffer { bytes.append(contentsOf: $0) }
                runStart = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart..<source.count]))
        }
    }
}
