import Foundation

/// A deterministic generator of Chinese news-like text: words drawn from a Zipf-distributed vocabulary, so
/// common words are shared between unrelated stories the way real boilerplate phrases are.
struct SyntheticNews {
    private var state: UInt64
    private let vocabulary: [String]
    private let weights: [Double]

    init(seed: UInt64) {
        state = seed
        var words: [String] = []
        var generatorState = seed ^ 0xABCD
        func nextScalar() -> Character {
            generatorState = generatorState &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            // Common CJK unified ideographs (the first 3,500 of the block).
            let value = 0x4E00 + UInt32((generatorState >> 33) % 3500)
            return Character(Unicode.Scalar(value) ?? "字")
        }
        for index in 0..<6000 {
            let length = 1 + index % 4
            words.append(String((0..<length).map { _ in nextScalar() }))
        }
        vocabulary = words
        var cumulative = 0.0
        weights = (1...words.count).map { rank in
            cumulative += 1 / pow(Double(rank), 0.9)
            return cumulative
        }
    }

    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        var z = state
        z = (z ^ (z >> 33)) &* 0xFF51_AFD7_ED55_8CCD
        return z ^ (z >> 33)
    }

    mutating func word() -> String {
        let target = Double(next() % 1_000_000) / 1_000_000 * (weights.last ?? 1)
        var low = 0
        var high = weights.count - 1
        while low < high {
            let middle = (low + high) / 2
            if weights[middle] < target { low = middle + 1 } else { high = middle }
        }
        return vocabulary[low]
    }

    mutating func sentence() -> String {
        let count = 6 + Int(next() % 8)
        return (0..<count).map { _ in word() }.joined() + "。"
    }

    /// A story of 3–5 paragraphs of 2–3 sentences (about 200–400 characters).
    mutating func story() -> (title: String, body: String) {
        let title = (0..<(4 + Int(next() % 4))).map { _ in word() }.joined()
        let paragraphs = (0..<(3 + Int(next() % 3))).map { _ in (0..<(2 + Int(next() % 2))).map { _ in sentence() }.joined() }
        return (title, paragraphs.joined(separator: "\n"))
    }

    /// A copy of a story as another site would carry it: one of Traditional script, a reprint with a tag and
    /// a cut last paragraph, or small edits with a source line.
    mutating func nearDuplicate(_ story: (title: String, body: String), variant: Int) -> (title: String, body: String) {
        var paragraphs = story.body.split(separator: "\n").map(String.init)
        switch variant % 3 {
        case 0:
            let traditional = { (text: String) in text.applyingTransform(StringTransform("Hans-Hant"), reverse: false) ?? text }
            return (traditional(story.title), paragraphs.map(traditional).joined(separator: "\n"))
        case 1:
            if paragraphs.count > 3 { paragraphs.removeLast() }
            return ("【转载】" + story.title, (["转自：某某新闻网"] + paragraphs).joined(separator: "\n"))
        default:
            paragraphs[0] = word() + paragraphs[0]
            if let last = paragraphs.indices.last { paragraphs[last] += word() }
            return (story.title + "（图）", (paragraphs + ["来源：某某日报"]).joined(separator: "\n"))
        }
    }

    static func uuid(_ number: Int) -> UUID {
        let value = UInt64(number)
        return UUID(uuid: (
            0, 0, 0, 0, 0, 0, 0x80, 0, 0x80, 0,
            UInt8(truncatingIfNeeded: value >> 40), UInt8(truncatingIfNeeded: value >> 32), UInt8(truncatingIfNeeded: value >> 24),
            UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)))
    }
}
