import FeedsmithCore
import FeedsmithStore
import Foundation
import Testing

/// The newest items of a set of sources, as outputs read them: for few sources the store picks them by keys
/// and reads those rows, for many it walks the global date index. Both must give exactly the first `limit`
/// items in (date descending, id) order, ties included.
@Suite struct RecentItemsOrderTests {
    @Test func fewAndManySourcesGiveTheNewestInDateThenIdOrder() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedsmith-recent-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("feedsmith.sqlite").path)
        // Dates drawn from few values, so many items of different sources (and some of one) tie.
        try await GeneratedItems.store(into: store, sources: 80, perSource: 12, dateSteps: 20)
        let everything = try await store.recentItems(sourceIDs: (0..<80).map { "s\($0)" }, limit: 10_000)
        #expect(everything.count == 960)
        func expected(_ sources: Set<String>, _ limit: Int) -> [String] {
            Array(everything.filter { sources.contains($0.sourceID) }
                .sorted { ($0.sortDate, $1.id) > ($1.sortDate, $0.id) }
                .prefix(limit).map(\.id))
        }
        // The order of the whole list is itself checked against the definition.
        #expect(everything.map(\.id) == expected(Set(everything.map(\.sourceID)), 10_000))
        for (count, limit) in [(1, 5), (1, 50), (3, 20), (10, 150), (64, 100), (65, 100), (80, 37)] {
            let sources = (0..<count).map { "s\(($0 * 7) % 80)" }
            let got = try await store.recentItems(sourceIDs: sources, limit: limit).map(\.id)
            #expect(got == expected(Set(sources), limit), "\(count) sources, limit \(limit)")
        }
        // Thousands of sources (here mostly without items) are checked against a set in memory instead of an IN
        // list: the same answer.
        for (count, limit) in [(1, 5), (20, 100), (80, 1_000)] {
            let sources = (0..<count).map { "s\(($0 * 7) % 80)" } + (0..<3_000).map { "absent\($0)" }
            let got = try await store.recentItems(sourceIDs: sources, limit: limit).map(\.id)
            #expect(got == expected(Set(sources), limit), "\(count) sources and 3,000 without items, limit \(limit)")
        }
    }
}
