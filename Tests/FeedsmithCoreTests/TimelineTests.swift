import Foundation
import Testing
@testable import FeedsmithCore

@Suite struct TimelineTests {
    func stored(_ id: String, source: String, url: String?, guid: String? = nil, published: Date?, seen: Date) -> StoredItem {
        StoredItem(
            id: id, sourceID: source, canonicalURL: url, firstSeen: seen, contentHash: id,
            item: Item(guid: guid, url: url, title: id, published: published))
    }

    @Test func newestFirstOneEntryPerArticle() {
        let t0 = utc(2026, 3, 12)
        let items = [
            stored("reprint", source: "b", url: "https://a.example/1", published: t0.addingTimeInterval(600), seen: t0),
            stored("original", source: "a", url: "https://a.example/1", published: t0, seen: t0.addingTimeInterval(60)),
            stored("other", source: "a", url: "https://a.example/2", published: t0.addingTimeInterval(100), seen: t0),
            stored("undated", source: "b", url: nil, published: nil, seen: t0.addingTimeInterval(50)),
            stored("same-guid-1", source: "a", url: nil, guid: "tag:x,2026:9", published: t0.addingTimeInterval(-10), seen: t0),
            stored("same-guid-2", source: "b", url: nil, guid: "tag:x,2026:9", published: t0.addingTimeInterval(-5), seen: t0),
            stored("short-guid-a", source: "a", url: nil, guid: "7", published: t0.addingTimeInterval(-100), seen: t0),
            stored("short-guid-b", source: "b", url: nil, guid: "7", published: t0.addingTimeInterval(-101), seen: t0),
        ]
        let merged = Timeline.merge(items.shuffled(), limit: 10).map(\.id)
        #expect(merged == ["other", "undated", "original", "same-guid-1", "short-guid-a", "short-guid-b"])
        #expect(Timeline.merge(items, limit: 2).map(\.id) == ["other", "undated"])
    }

    /// Items of one source that share a URL (a live blog's updates) are separate entries; another source's copy of
    /// that URL is still the same article, dropped when it came later.
    @Test func oneSourcesItemsSharingAURLStayApart() {
        let t0 = utc(2026, 3, 12)
        let items = [
            stored("update-1", source: "live", url: "https://live.example/", published: t0, seen: t0),
            stored("update-2", source: "live", url: "https://live.example/", published: t0.addingTimeInterval(60), seen: t0),
            stored("update-3", source: "live", url: "https://live.example/", published: t0.addingTimeInterval(120), seen: t0),
            stored("copy", source: "other", url: "https://live.example/", published: t0.addingTimeInterval(30), seen: t0),
        ]
        #expect(Timeline.merge(items.shuffled(), limit: 10).map(\.id) == ["update-3", "update-2", "update-1"])
    }
}
