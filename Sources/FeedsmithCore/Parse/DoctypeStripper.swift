/// Removes a document's `<!DOCTYPE …>` declaration, internal subset included, before parsing. Feeds need
/// no DTD; without one, declared entities cannot be expanded at all: no XXE (`SYSTEM "file:///etc/passwd"`),
/// no billion laughs, no quadratic blowup. References to them become undefined and recover mode drops them.
enum DoctypeStripper {
    /// Returns the text without its DOCTYPE, and whether one was removed.
    static func strip(_ text: String) -> (text: String, removed: Bool) {
        let utf8 = text.utf8
        // The DOCTYPE comes before the root element; look only in the prolog.
        guard let start = declarationStart(in: utf8, limit: 4096) else {
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

    /// The byte offset of the first `<!DOCTYPE` lying wholly within the first `limit` bytes, else of the first
    /// `<!doctype`. One pass in place, stopping only at `<!`: copying the prefix out of the UTF-8 view went
    /// through generic sequence code, and two searches each stopped at every `<`.
    private static func declarationStart(in haystack: String.UTF8View, limit: Int) -> Int? {
        func search(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
            let count = min(bytes.count, limit)
            guard count >= 9 else { return nil }
            var lowerCase: Int?
            for offset in 0...(count - 9) where bytes[offset] == 0x3C && bytes[offset + 1] == 0x21 {
                let name = UnsafeBufferPointer(rebasing: bytes[(offset + 2)..<(offset + 9)])
                if name.elementsEqual("DOCTYPE".utf8) { return offset }
                if lowerCase == nil, name.elementsEqual("doctype".utf8) { lowerCase = offset }
            }
            return lowerCase
        }
        if let found = haystack.withContiguousStorageIfAvailable(search) { return found }
        return Array(haystack.prefix(limit)).withUnsafeBufferPointer(search)
    }
}
