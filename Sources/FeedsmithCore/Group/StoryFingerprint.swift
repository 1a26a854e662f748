import Foundation

/// What the grouper keeps of an item: compact MinHash signatures of its text and title, the sizes needed to
/// turn them into similarity estimates, its date, and hashes of the keys that prove identity.
///
/// Signatures use one-permutation hashing with optimal densification (Li et al. 2012, Shrivastava 2017):
/// every shingle is hashed once and lands in one of `k` bins, so a signature costs one hash per character
/// rather than `k`; empty bins borrow from a bin chosen by a fixed probe sequence, which keeps the estimate
/// unbiased. Only the low 8 bits of each bin's minimum are kept (b-bit MinHash): 64 bytes per item, and the
/// chance agreement of 1/256 is corrected for when estimating.
public struct StoryFingerprint: Sendable, Equatable {
    public static let textBins = 48
    public static let titleBins = 16
    /// Encoded size in bytes: signatures, counts, date, keys.
    public static let encodedSize = textBins + titleBins + 4 + 2 + 4 + 8 + 8

    /// b-bit MinHash of the text's shingles; empty when the text has none.
    public var text: [UInt8]
    /// b-bit MinHash of the title's character bigrams; empty when the title has none.
    public var title: [UInt8]
    /// Distinct-ish shingle count of the text (positions), for containment estimates.
    public var textShingles: UInt32
    /// Characters in the normalized title.
    public var titleLength: UInt16
    /// Publication (or first-seen) time in minutes since 1970.
    public var minute: Int32
    /// Hash of the canonical URL, 0 when none.
    public var urlKey: UInt64
    /// Hash of a globally unique (IRI) GUID, 0 when none.
    public var guidKey: UInt64

    public init(text: [UInt8], title: [UInt8], textShingles: UInt32, titleLength: UInt16, minute: Int32, urlKey: UInt64, guidKey: UInt64) {
        self.text = text
        self.title = title
        self.textShingles = textShingles
        self.titleLength = titleLength
        self.minute = minute
        self.urlKey = urlKey
        self.guidKey = guidKey
    }

    /// Fingerprints a story from its title, plain text and keys. `shingleSize` is the character n-gram length
    /// used for the text (2–4 work for CJK and Latin alike; 3 is the default).
    public static func make(
        title: String, text: String, date: Date, canonicalURL: String?, guid: String?, shingleSize: Int = 3
    ) -> StoryFingerprint {
        let normalizedTitle = Array(StoryText.normalizeTitle(title).unicodeScalars.map(\.value))
        let normalizedText = Array(StoryText.normalize(title + "\n" + text).unicodeScalars.map(\.value))
        let (textSignature, shingles) = signature(of: normalizedText, n: max(1, min(shingleSize, 8)), bins: textBins, seed: 0x7465_7874)
        let (titleSignature, _) = signature(of: normalizedTitle, n: 2, bins: titleBins, seed: 0x7469_746C)
        let minutes = (date.timeIntervalSince1970 / 60).rounded(.down)
        return StoryFingerprint(
            text: textSignature, title: titleSignature, textShingles: UInt32(min(shingles, Int(UInt32.max))),
            titleLength: UInt16(min(normalizedTitle.count, Int(UInt16.max))),
            minute: Int32(max(Double(Int32.min), min(Double(Int32.max), minutes))),
            urlKey: canonicalURL.map { hashString("url:" + $0) } ?? 0,
            guidKey: ItemIdentity.globalGUID(guid).map { hashString("guid:" + $0) } ?? 0)
    }

    /// OPH signature of the n-grams of `scalars` and the number of n-grams hashed.
    static func signature(of scalars: [UInt32], n: Int, bins: Int, seed: UInt64) -> ([UInt8], Int) {
        guard !scalars.isEmpty else { return ([], 0) }
        let count = scalars.count >= n ? scalars.count - n + 1 : 1
        let width = min(n, scalars.count)
        var minimum = [UInt64](repeating: .max, count: bins)
        scalars.withUnsafeBufferPointer { buffer in
            for start in 0..<count {
                var h = seed
                for offset in 0..<width { h = (h ^ UInt64(buffer[start + offset])) &* 0x9E37_79B9_7F4A_7C15 }
                h = mix(h)
                let bin = Int(((h >> 32) &* UInt64(bins)) >> 32)
                let value = h & 0xFFFF_FFFF
                if value < minimum[bin] { minimum[bin] = value }
            }
        }
        // Optimal densification: an empty bin takes the value of the first non-empty bin on its own fixed
        // pseudo-random probe sequence, the same sequence for every item.
        var result = [UInt8](repeating: 0, count: bins)
        for bin in 0..<bins {
            if minimum[bin] != .max {
                result[bin] = UInt8(truncatingIfNeeded: mix(minimum[bin] ^ UInt64(bin)))
                continue
            }
            var attempt: UInt64 = 1
            var found = -1
            while attempt <= 256 {
                let probe = Int(mix(UInt64(bin) << 32 | attempt) % UInt64(bins))
                if minimum[probe] != .max { found = probe; break }
                attempt += 1
            }
            if found < 0 { found = minimum.firstIndex { $0 != .max } ?? 0 }
            // The borrowed value is re-salted with this bin's number so equal borrowing does not look like
            // agreement between bins.
            result[bin] = UInt8(truncatingIfNeeded: mix(minimum[found] ^ UInt64(found) ^ attempt << 40))
        }
        return (result, count)
    }

    /// Estimated Jaccard similarity of two b-bit signatures, corrected for the 1/256 chance agreement.
    public static func similarity(_ a: [UInt8], _ b: [UInt8]) -> Double {
        guard !a.isEmpty, a.count == b.count else { return 0 }
        var equal = 0
        for index in a.indices where a[index] == b[index] { equal += 1 }
        return estimate(equal: equal, of: a.count)
    }

    /// Jaccard similarity from the share of equal 8-bit values, minus what random bytes would agree on.
    static func estimate(equal: Int, of count: Int) -> Double {
        let agreement = Double(equal) / Double(count)
        return max(0, (agreement - 1.0 / 256) / (1 - 1.0 / 256))
    }

    /// SplitMix64's finalizer: a fast, well-mixed 64-bit hash step.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static func hashString(_ string: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in string.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return h == 0 ? 1 : mix(h)
    }

    // MARK: Encoding, for the store

    public func encoded() -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(Self.encodedSize)
        bytes += text.isEmpty ? [UInt8](repeating: 0, count: Self.textBins) : text
        bytes += title.isEmpty ? [UInt8](repeating: 0, count: Self.titleBins) : title
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        append(textShingles)
        append(titleLength)
        append(minute)
        append(urlKey)
        append(guidKey)
        return bytes
    }

    /// nil when the bytes are not a fingerprint of this version.
    public init?(encoded bytes: [UInt8]) {
        guard bytes.count == Self.encodedSize else { return nil }
        var offset = Self.textBins + Self.titleBins
        func read<T: FixedWidthInteger>(_: T.Type) -> T {
            var value: T = 0
            for index in 0..<MemoryLayout<T>.size { value |= T(bytes[offset + index]) << (8 * index) }
            offset += MemoryLayout<T>.size
            return value
        }
        textShingles = read(UInt32.self)
        titleLength = read(UInt16.self)
        minute = read(Int32.self)
        urlKey = read(UInt64.self)
        guidKey = read(UInt64.self)
        text = textShingles == 0 ? [] : Array(bytes[0..<Self.textBins])
        title = titleLength == 0 ? [] : Array(bytes[Self.textBins..<(Self.textBins + Self.titleBins)])
    }
}
