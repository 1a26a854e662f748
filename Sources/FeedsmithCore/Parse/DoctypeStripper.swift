/// Removes a document's `<!DOCTYPE …>` declaration, internal subset included, before parsing. Feeds need
/// no DTD; without one, declared entities cannot be expanded at all: no XXE (`SYSTEM "file:///etc/passwd"`),
/// no billion laughs, no quadratic blowup. References to them become undefined and recover mode drops them.
enum DoctypeStripper {
    /// Returns the text without its DOCTYPE, and whether one was removed.
    static func strip(_ text: String) -> (text: String, removed: Bool) {
        let utf8 = text.utf8
        // The DOCTYPE comes before the root element; look only in the prolog.
        guard let start = find(Array("<!DOCTYPE".utf8), in: utf8, limit: 4096) ?? find(Array("<!doctype".utf8), in: utf8, limit: 4096) else {
            return (text, false)
        }
        var index = utf8.index(utf8.startIndex, offsetBy: start + 9)
        var depth = 0
        var quote: UInt8?
        while index < utf8.endIndex {
            let byte = utf8[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == 0x22 || byte == 0x27 {
                quote = byte
            } else if byte == 0x5B {
                depth += 1
            } else if byte == 0x5D {
                depth = max(0, depth - 1)
            } else if byte == 0x3E && depth == 0 {
                let before = String(text[..<utf8.index(utf8.startIndex, offsetBy: start)])
                let after = String(text[utf8.index(after: index)...])
                return (before + after, true)
            }
            index = utf8.index(after: index)
        }
        return (String(text[..<utf8.index(utf8.startIndex, offsetBy: start)]), true)  // unterminated: nothing after it is a feed
    }

    /// The byte offset of `needle` when it lies wholly within the first `limit` bytes. Searched in place: copying
    /// the prefix out of the UTF-8 view went through generic sequence code, twice for every feed parsed.
    private static func find(_ needle: [UInt8], in haystack: String.UTF8View, limit: Int) -> Int? {
        func search(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
            let count = min(bytes.count, limit)
            guard count >= needle.count, let first = needle.first else { return nil }
            for offset in 0...(count - needle.count) where bytes[offset] == first {
                if needle.indices.allSatisfy({ bytes[offset + $0] == needle[$0] }) { return offset }
            }
            return nil
        }
        if let found = haystack.withContiguousStorageIfAvailable(search) { return found }
        return Array(haystack.prefix(limit)).withUnsafeBufferPointer(search)
    }
}
