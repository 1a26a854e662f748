import FeedsmithCore
import Foundation
import GRDB
import Testing
@testable import FeedsmithStore

/// A database written by an earlier version must open with what it holds intact and usable by the new code.
@Suite struct StoreMigrationTests {
    /// Story groups stored before `item_groups` kept each row's source: the migration fills it from the items, so
    /// a story index rebuilt after the upgrade still knows which source every grouped item came from.
    @Test func groupedItemsKeepTheirSourcesAcrossTheUpgrade() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedsmith-migration-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("feedsmith.sqlite").path
        let storyAt = 1_780_000_000.0

        // The schema as the previous release left it, with items of three sources, most of them grouped in an
        // order that is not the items' order (a rebuilt index replays rows in the order they were written).
        let old = try DatabaseQueue(path: path)
        try SQLiteStore.migrator.migrate(old, upTo: "v6-filter-counts")
        let expected = try await old.write { db -> [GroupingRow] in
            var written: [GroupingRow] = []
            for number in 0..<60 {
                let source = "source-\(number % 3)"
                try db.execute(
                    sql: """
                        INSERT INTO items (id, source_id, url, title, first_seen, sort_at, content_hash)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: ["item-\(number)", source, "https://\(source).example/\(number)", "Story \(number)",
                                storyAt, storyAt + Double(number), "hash-\(number)"])
            }
            for number in (0..<60).reversed() where number % 5 != 4 {
                let row = GroupingRow(
                    itemID: "item-\(number)", groupID: "group-\(number / 3)", sourceID: "source-\(number % 3)",
                    fingerprint: [UInt8(number), 7, 7])
                try db.execute(
                    sql: "INSERT INTO item_groups (item_id, group_id, story_at, fingerprint) VALUES (?, ?, ?, ?)",
                    arguments: [row.itemID, row.groupID, storyAt + Double(number), Data(row.fingerprint)])
                written.append(row)
            }
            return written
        }
        try old.close()

        let store = try SQLiteStore(path: path)
        let snapshot = try await store.groupingRows(since: Date(timeIntervalSince1970: storyAt))
        #expect(snapshot.rows == expected)
        #expect(Set(snapshot.rows.map(\.sourceID)) == ["source-0", "source-1", "source-2"])

        // Rows written after the upgrade carry their source too, and a feed over one source sees only its members.
        _ = try await store.saveGrouping(
            [GroupingRow(itemID: "item-4", groupID: "group-1", sourceID: "source-1", fingerprint: [4])],
            storyDates: ["item-4": Date(timeIntervalSince1970: storyAt + 4)], merges: [])
        let after = try await store.groupingRows(since: Date(timeIntervalSince1970: storyAt))
        #expect(after.rows.last == GroupingRow(itemID: "item-4", groupID: "group-1", sourceID: "source-1", fingerprint: [4]))
        let members = try await store.groupMembers(groupIDs: ["group-1"], sourceIDs: ["source-1"], earliest: nil)
        #expect(members.map(\.id) == ["item-4"])
        #expect(try await store.integrityCheck() == "ok")
    }
}
