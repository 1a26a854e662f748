import FeedsmithCore
import FeedsmithStore
import Foundation
import Testing

@testable import Feedsmith

/// Outputs that show the same sources share one read of each; what every output gets must be exactly what it
/// would have read from the store itself.
@Suite struct SharedItemReadsTests {
    /// 12 sources of 15 items; dates from a few values (ties within and across sources), a quarter without a
    /// publication date (sorted by when they were first seen, all equal), related links and story groups.
    static func store(in folder: URL) async throws -> SQLiteStore {
        let store = try SQLiteStore(path: folder.appendingPathComponent("feedsmith.sqlite").path)
        try await GeneratedItems.store(into: store, sources: 12, perSource: 15, dateSteps: 6, undatedEvery: 4, relatedEvery: 5)
        let all = try await store.recentItems(sourceIDs: (0..<12).map { "s\($0)" }, limit: 1000)
        let rows = all.enumerated().filter { $0.offset % 3 == 0 }.map {
            GroupingRow(itemID: $0.element.id, groupID: "group-\($0.offset % 7)", sourceID: $0.element.sourceID, fingerprint: [UInt8](repeating: 1, count: 8))
        }
        _ = try await store.saveGrouping(rows, storyDates: [:], merges: [])
        return store
    }

    @Test func everyOutputGetsWhatTheStoreGives() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedsmith-shared-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try await Self.store(in: folder)
        var random = SystemRandomNumberGenerator()
        var uses: [SharedItemReads.Use] = (0..<12).map { SharedItemReads.Use(sourceIDs: ["s\($0)"], limit: 12) }
        for _ in 0..<40 {
            let sources = (0..<Int.random(in: 1...6, using: &random)).map { _ in "s\(Int.random(in: 0..<12, using: &random))" }
            uses.append(SharedItemReads.Use(sourceIDs: sources, limit: Int.random(in: 1...40, using: &random)))
        }
        // One feed over more sources than are merged in memory: read from the store directly.
        uses.append(SharedItemReads.Use(sourceIDs: (0..<70).map { "s\($0 % 12)-\($0)" } + ["s1"], limit: 10))
        var expected: [[StoredItem]] = []
        for use in uses { expected.append(try await store.recentItems(sourceIDs: use.sourceIDs, limit: use.limit)) }
        let grouped = expected.joined().filter { $0.groupID != nil }.count
        let withRelated = expected.joined().filter { !$0.item.related.isEmpty }.count
        #expect(grouped > 0)
        #expect(withRelated > 0)

        let reads = SharedItemReads(store: store, uses: uses)
        let got = try await withThrowingTaskGroup(of: (Int, [StoredItem]).self) { group in
            for (index, use) in uses.enumerated() {
                group.addTask { (index, try await reads.recentItems(sourceIDs: use.sourceIDs, limit: use.limit)) }
            }
            var got = [[StoredItem]](repeating: [], count: uses.count)
            for try await (index, items) in group { got[index] = items }
            return got
        }
        for index in uses.indices {
            #expect(got[index] == expected[index], "use \(index): \(uses[index].sourceIDs), limit \(uses[index].limit)")
        }
        // Every source's items are let go once the last output showing it has read them.
        #expect(reads.heldRows == 0)
    }

    @Test func aGroupsEarliestMembersAreWhatItsEntryShows() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedsmith-members-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try await Self.store(in: folder)
        // Copies under links already in the groups (another source republishing them, dated half an hour
        // before or after the original), grouped with them.
        let grouped = try await store.groupMembers(groupIDs: (0..<7).map { "group-\($0)" }, sourceIDs: (0..<12).map { "s\($0)" }, earliest: nil)
        let copies = grouped.enumerated().filter { $0.offset % 4 == 0 }.map(\.element)
        _ = try await store.storeItems(
            copies.enumerated().map { offset, original in
                Item(
                    guid: "copy-\(original.id)", url: original.item.url, title: "Copy of \(original.item.title)",
                    published: original.sortDate.addingTimeInterval(offset % 2 == 0 ? -1800 : 1800), contentHTML: "<p>Copy</p>")
            },
            state: SourceState(id: "s12", url: "https://s12.example/feed"), now: GeneratedItems.base.addingTimeInterval(60))
        let stored = try await store.recentItems(sourceIDs: ["s12"], limit: 100)
        let groupOfURL = Dictionary(copies.map { ($0.item.url ?? "", $0.groupID ?? "") }, uniquingKeysWith: { first, _ in first })
        _ = try await store.saveGrouping(
            stored.map { GroupingRow(itemID: $0.id, groupID: groupOfURL[$0.item.url ?? ""] ?? "", sourceID: "s12", fingerprint: [1]) },
            storyDates: [:], merges: [])

        let groupIDs = (0..<7).map { "group-\($0)" }
        let sources = (0..<13).map { "s\($0)" }
        let all = try await store.groupMembers(groupIDs: groupIDs, sourceIDs: sources, earliest: nil)
        #expect(Set(all.map { $0.canonicalURL ?? $0.id }).count < all.count, "some members share a link")
        let whole = Dictionary(grouping: Timeline.grouped(all, limit: 100), by: \.id).mapValues { $0[0] }
        #expect(whole.count == 7)
        for earliest in 1...6 {
            let first = try await store.groupMembers(groupIDs: groupIDs, sourceIDs: sources, earliest: earliest)
            #expect(Dictionary(grouping: first, by: { $0.groupID ?? "" }).values.allSatisfy { $0.count <= earliest })
            for entry in Timeline.grouped(first, limit: 100) {
                let expected = try #require(whole[entry.id])
                #expect(entry.representative == expected.representative, "earliest \(earliest), \(entry.id)")
                #expect(entry.others == Array(expected.others.prefix(earliest - 1)), "earliest \(earliest), \(entry.id)")
            }
        }
    }

    @Test func theMergeKeepsTheStoresOrder() {
        let date = Date(timeIntervalSince1970: 1_780_000_000)
        func item(_ id: String, _ offset: Double) -> StoredItem {
            StoredItem(id: id, sourceID: "s", canonicalURL: nil, firstSeen: date, contentHash: "", item: Item(title: id, published: date.addingTimeInterval(offset)))
        }
        // Ties on the date go by id as bytes: "B" (0x42) before "a" (0x61), "é" after "z".
        let lists = [[item("a", 0), item("z", 0)], [item("é", 0), item("B", 0), item("old", -1)], [], [item("new", 1)]]
        #expect(SharedItemReads.newest(lists, limit: 5).map(\.id) == ["new", "B", "a", "z", "é"])
        #expect(SharedItemReads.newest(lists, limit: 9).map(\.id) == ["new", "B", "a", "z", "é", "old"])
        #expect(SharedItemReads.newest(lists, limit: 0).isEmpty)
    }

    /// A whole publication of overlapping feeds writes the same bytes with shared reads as without.
    @Test func publishingWritesTheSameBytesEitherWay() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedsmith-shared-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try await Self.store(in: folder)
        var outputs: [URL] = []
        for shared in [true, false] {
            let output = folder.appendingPathComponent(shared ? "shared" : "apart")
            var yaml = "storage:\n  sqlite: \(folder.path)/feedsmith.sqlite\noutput:\n  dir: \(output.path)\n  base_url: https://feeds.example.net/\n  source_feeds: all\nsources:\n"
            for number in 0..<12 { yaml += "  - { id: s\(number), url: \"https://s\(number).example/feed\" }\n" }
            yaml += "feeds:\n"
            for number in 0..<8 {
                let members = Set((0..<4).map { "s\((number + $0 * 5) % 12)" }).sorted().joined(separator: ", ")
                yaml += "  - { id: f\(number), title: Feed \(number), limit: \(5 + number * 3), group_related: \(number % 2 == 0), sources: [\(members)] }\n"
            }
            let path = folder.appendingPathComponent(shared ? "shared.yml" : "apart.yml")
            try yaml.write(to: path, atomically: true, encoding: .utf8)
            var publisher = Publisher(config: try ConfigLoader.load(from: path), store: store)
            publisher.sharesReads = shared
            let report = try await publisher.publishAll()
            #expect(report.failures.isEmpty, "\(report.failures)")
                #expect(report.written.count == 68)
            outputs.append(output)
        }
        let files = try FileManager.default.subpathsOfDirectory(atPath: outputs[0].path).filter { !$0.hasPrefix(".") && $0.contains(".") }.sorted()
        #expect(files.count == 68, "8 feeds of 4 files, 12 sources of 3")
        for file in files {
            let shared = try Data(contentsOf: outputs[0].appendingPathComponent(file))
            let apart = try Data(contentsOf: outputs[1].appendingPathComponent(file))
            #expect(shared == apart, "\(file)")
        }
    }
}
