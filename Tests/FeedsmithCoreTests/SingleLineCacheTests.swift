@testable import FeedsmithCore
import Testing

/// Content hashes (so item ids) go through the cache of recent single lines: an answer from it must be the
/// answer the computation gives, for these exact bytes, and the cache must stay within its bounds.
@Suite struct SingleLineCacheTests {
    @Test func cachedAnswersAreTheComputedOnes() {
        var generator = SystemRandomNumberGenerator()
        let inputs = (0..<400).map { _ in HTMLTextEquivalenceTests.randomHTML(&generator) }
        // Asked twice, in shuffled order, through a small cache that is emptied several times on the way.
        let cache = SingleLineCache(capacity: 64)
        for html in (inputs + inputs).shuffled(using: &generator) {
            #expect(cache.line(html, HTMLText.computeSingleLine) == HTMLText.computeSingleLine(html), "\(Array(html.unicodeScalars))")
            #expect(cache.count <= 64)
        }
        for html in inputs { #expect(HTMLText.singleLine(html) == HTMLText.computeSingleLine(html)) }
    }

    @Test func canonicallyEquivalentTextIsNotTheSameKey() {
        let cache = SingleLineCache()
        // Equal as Swift Strings, different bytes: each keeps its own bytes in its line.
        let composed = "<p>caf\u{E9}</p>", decomposed = "<p>cafe\u{301}</p>"
        #expect(composed == decomposed)
        #expect(Array(cache.line(composed, HTMLText.computeSingleLine).utf8) == Array("caf\u{E9}".utf8))
        #expect(Array(cache.line(decomposed, HTMLText.computeSingleLine).utf8) == Array("cafe\u{301}".utf8))
    }

    @Test func largeHTMLIsNotKept() {
        let cache = SingleLineCache(capacity: 8, maximumBytes: 100)
        let large = "<p>" + String(repeating: "word ", count: 40) + "</p>"
        var calls = 0
        for _ in 0..<3 { _ = cache.line(large) { calls += 1; return HTMLText.computeSingleLine($0) } }
        #expect(calls == 3)
        #expect(cache.count == 0)
        let small = "<p>small</p>"
        for _ in 0..<3 { _ = cache.line(small) { calls += 1; return HTMLText.computeSingleLine($0) } }
        #expect(calls == 4)
    }
}
