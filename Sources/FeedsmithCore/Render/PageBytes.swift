/// A timeline page's bytes (``TimelinePageRenderer``). Markup is appended as it is; values have the characters
/// XML forbids removed and are escaped by ``HTMLEscaping``.
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
        HTMLEscaping.append(TextHygiene.xmlSafe(value), quotes: quotes, to: &bytes)
    }
}
