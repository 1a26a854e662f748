import Foundation
import Testing

@testable import FeedsmithCore

/// ``JSONFeedRenderer`` writes keys in sorted order by hand; ``JSONFeedReferenceRenderer`` builds a tree and sorts
/// every object, and is the reference the bytes must match.
@Suite struct JSONFeedRendererTests {
    @Test func bytesMatchTheSortingRenderer() throws {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let document = RandomFeedDocuments.document(&random)
            let bytes = try JSONFeedRenderer.render(document)
            let expected = JSONFeedReferenceRenderer.render(document)
            #expect(bytes == expected, "\(String(decoding: bytes, as: UTF8.self))")
            if bytes != expected { return }
        }
    }

    /// Every optional part at once and none at all: both shapes parse as JSON and validate as JSON Feed.
    @Test func extremesParseAndValidate() throws {
        var full = RenderTests.document(entries: 2)
        full.hubs = ["https://hub.example/"]
        full.entries[0].related = [RelatedCoverage(id: "urn:uuid:2", title: "Other", link: "https://o.example/2", sourceTitle: "O", published: Date())]
        let empty = FeedDocument(
            title: "t", subtitle: nil, id: "urn:x:1", selfURLs: [:], homeURL: "http://localhost/", language: nil,
            updated: Date(timeIntervalSince1970: 0), timeZone: .gmt, entries: [])
        for document in [full, empty] {
            let bytes = try JSONFeedRenderer.render(document)
            #expect(bytes == JSONFeedReferenceRenderer.render(document))
            #expect(try JSONSerialization.jsonObject(with: Data(bytes)) is [String: Any])
            #expect(FeedValidator.validate(bytes).errors.isEmpty)
        }
        #expect(String(decoding: try JSONFeedRenderer.render(empty), as: UTF8.self).contains("\"items\": []"))
    }
}
