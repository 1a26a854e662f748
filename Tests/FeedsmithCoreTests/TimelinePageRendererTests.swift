import Foundation
import Testing

@testable import FeedsmithCore

/// ``TimelinePageRenderer`` appends bytes; ``TimelinePageReferenceRenderer``, the string-interpolating renderer it
/// replaced, is the reference.
@Suite struct TimelinePageRendererTests {
    @Test func bytesMatchTheInterpolatingRenderer() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let document = RandomFeedDocuments.document(&random)
            let bytes = TimelinePageRenderer.render(document)
            let expected = TimelinePageReferenceRenderer.render(document)
            #expect(bytes == expected, "\(String(decoding: bytes, as: UTF8.self))")
            if bytes != expected { return }
            // Whatever the values hold, the page stays well-formed XML (it is checked before publishing).
            #expect(OutputValidator.wellFormed(bytes) == [])
        }
    }
}
