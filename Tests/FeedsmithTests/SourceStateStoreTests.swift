import FeedsmithStore
import Foundation
import Testing

/// A source's state survives the store field by field: it is read back by column position, so a column out of
/// order would hand one field another's value.
@Suite struct SourceStateStoreTests {
    @Test func everyFieldReadsBackAsSaved() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedsmith-state-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("feedsmith.sqlite").path)
        var state = SourceState(id: "ycnews", url: "https://www.ycen.com.cn/ycxw/index.html")
        state.currentURL = "https://www.ycen.com.cn/ycxw/"
        state.etag = "\"v7\""
        state.lastModified = "Tue, 01 Dec 2026 10:00:00 GMT"
        state.lastFetchAt = Date(timeIntervalSince1970: 1_780_000_001.5)
        state.lastSuccessAt = Date(timeIntervalSince1970: 1_780_000_002.25)
        state.status = .error
        state.lastError = "HTTP 503 Service Unavailable"
        state.httpStatus = 503
        state.errorCount = 4
        state.nextDueAt = Date(timeIntervalSince1970: 1_780_000_900.75)
        state.title = "银川新闻网"
        state.siteURL = "https://www.ycen.com.cn/"
        state.encoding = "gb18030"
        state.replacedBytes = 12
        state.flags = ["list", "backoff"]
        try await store.saveSourceState(state)
        var other = SourceState(id: "nxnews", url: "https://nx.example/rss")
        other.status = .ok
        try await store.saveSourceState(other)

        #expect(try await store.allSourceStates() == [other, state])
        let configured = try await store.sourceStates(configuredURLs: [state.id: state.configuredURL, other.id: other.configuredURL])
        #expect(configured == [state.id: state, other.id: other])
    }
}
