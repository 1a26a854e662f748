/// Finds the few bytes that matter in long runs of UTF-8 that hold none (what a writer escapes, what XML forbids):
/// eight bytes are tested at once, and only a word that may hold such a byte is read byte by byte. Titles, prose
/// and item markup are mostly such runs.
enum ByteScan {
    /// Calls `escape` with the index and value of every byte `needsEscape` accepts, in order. `mayHold` must be
    /// true for every word that holds such a byte; it may be true for others, which are then read byte by byte.
    @inline(__always)
    static func forEach(
        _ bytes: UnsafeBufferPointer<UInt8>, mayHold: (UInt64) -> Bool, needsEscape: (UInt8) -> Bool, _ escape: (Int, UInt8) -> Void
    ) {
        let count = bytes.count
        var index = 0
        while index < count {
            if let word = word(bytes, at: index), !mayHold(word) {
                index += 8
                continue
            }
            let end = min(index + 8, count)
            while index < end {
                let byte = bytes[index]
                if needsEscape(byte) { escape(index, byte) }
                index += 1
            }
        }
    }

    /// The eight bytes from `index` as one word (unaligned, in memory order), or nil when fewer than eight remain.
    @inline(__always)
    static func word(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt64? {
        guard index + 8 <= bytes.count, let base = bytes.baseAddress else { return nil }
        return UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
    }

    /// Non-zero when some byte of `word` equals `byte`. Exact: a borrow can only mark bytes above a real match.
    @inline(__always)
    static func matches(_ byte: UInt8, _ word: UInt64) -> UInt64 {
        let x = word ^ (0x0101_0101_0101_0101 &* UInt64(byte))
        return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
    }

    /// Non-zero when some byte of `word` is below 0x20 (a control character). Exact, as ``matches(_:_:)``.
    @inline(__always)
    static func controls(_ word: UInt64) -> UInt64 {
        (word &- 0x2020_2020_2020_2020) & ~word & 0x8080_8080_8080_8080
    }

    /// Whether U+FFFE or U+FFFF (EF BF BE, EF BF BF), which XML forbids and libxml2 drops, starts at `index`.
    @inline(__always)
    static func isNoncharacterFFFEOrFFFF(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        bytes[index] == 0xEF && index + 2 < bytes.count && bytes[index + 1] == 0xBF && bytes[index + 2] >= 0xBE
    }
}
