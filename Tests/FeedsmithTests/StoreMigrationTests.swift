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

    /// Every row of a table with its rowid, in rowid order.
    private static func table(_ name: String, _ db: Database) throws -> [[DatabaseValue]] {
        try Row.fetchAll(db, sql: "SELECT rowid, * FROM \(name) ORDER BY rowid").map { Array($0.databaseValues) }
    }

    /// A source's document of twelve items, every field set on some of them.
    private static func document(_ source: String, seen: Date) -> [Item] {
        (0..<12).map { number -> Item in
            let url = "https://\(source).example/\(number)"
            var item = Item(guid: "\(source)-\(number)", url: url, title: "Story \(number) of \(source)")
            item.author = number % 2 == 0 ? "Reporter" : nil
            item.published = seen.addingTimeInterval(-Double(number) * 60)
            item.contentHTML = "<p>Text \(number)</p>"
            item.summary = "Text \(number)"
            item.categories = ["a", "b"]
            item.language = "en"
            if number % 4 == 0 { item.related = [ListedLink(url: url + "/related", title: "Related", date: seen)] }
            return item
        }
    }

    /// Items were keyed by their id alone until v8, which rebuilds the items, groups and related links tables to
    /// key items by (source, id): every row must come through as it was, rowids included (story groups replay in
    /// rowid order), and the store must go on finding the stored items by their ids.
    @Test func itemsKeyedBySourceKeepEveryRowAcrossTheUpgrade() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedsmith-migration-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("feedsmith.sqlite").path
        let seen = Date(timeIntervalSince1970: 1_780_000_000)

        // Two sources' documents, stored as the v7 schema held them, with the ids the store derives.
        let sources = ["alpha", "beta"]
        let old = try DatabaseQueue(path: path)
        try SQLiteStore.migrator.migrate(old, upTo: "v7-group-sources")
        let ids = sources.map { PreparedBatch(Self.document($0, seen: seen), sourceID: $0).ids }
        try await old.write { db in
            for (sourceIndex, source) in sources.enumerated() {
                for (number, item) in Self.document(source, seen: seen).enumerated() {
                    let id = ids[sourceIndex][number]
                    try db.execute(
                        sql: """
                            INSERT INTO items (id, source_id, canonical_url, guid, url, title, author, published, updated, first_seen,
                                sort_at, content_html, summary, content_hash, language, categories)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [id, source, item.url.flatMap(URLCanonicalizer.canonical), item.guid, item.url, item.title,
                                    item.author, item.published?.timeIntervalSince1970, seen.timeIntervalSince1970,
                                    item.published?.timeIntervalSince1970, item.contentHTML, item.summary,
                                    ItemIdentity.contentHash(item), item.language, item.categories.joined(separator: "\n")])
                    for (position, link) in item.related.enumerated() {
                        try db.execute(
                            sql: "INSERT INTO related_links (item_id, position, url, title, published) VALUES (?, ?, ?, ?, ?)",
                            arguments: [id, position, link.url, link.title, link.date?.timeIntervalSince1970])
                    }
                }
            }
            // One story per item number across both sources, grouped in reverse order.
            for number in (0..<12).reversed() {
                for (sourceIndex, source) in sources.enumerated() {
                    try db.execute(
                        sql: "INSERT INTO item_groups (item_id, group_id, source_id, story_at, fingerprint) VALUES (?, ?, ?, ?, ?)",
                        arguments: [ids[sourceIndex][number], "group-\(number)", source, seen.timeIntervalSince1970, Data([UInt8(number)])])
                }
            }
        }
        let before = try await old.read { db in try ["items", "item_groups", "related_links"].map { try Self.table($0, db) } }
        try old.close()
        #expect(SQLiteStore.pendingUpgrades(path: path) == ["v8-items-keyed-by-source", "v9-article-attempts"])
        #expect(SQLiteStore.pendingUpgrades(path: folder.appendingPathComponent("none.sqlite").path).isEmpty)

        let store = try SQLiteStore(path: path)
        let reader = try DatabaseQueue(path: path)
        let (after, indexes, foreignKeys) = try await reader.read { db in
            (try ["items", "item_groups", "related_links"].map { try Self.table($0, db) },
             try Row.fetchAll(db, sql: "SELECT name, \"unique\" FROM pragma_index_list('items')").map { "\($0[0] as String):\($0[1] as Int)" },
             try Row.fetchAll(db, sql: "SELECT * FROM pragma_foreign_key_list('item_groups') UNION ALL SELECT * FROM pragma_foreign_key_list('related_links')").count)
        }
        try reader.close()
        #expect(before.map(\.count) == [24, 24, 6])
        #expect(after == before)
        #expect(Set(indexes) == [
            "items_source_id:1", "items_source_sort:0", "items_source_guid:0", "items_source_url:0", "items_source_hash:0", "items_sort:0",
        ])
        #expect(foreignKeys == 0)
        #expect(SQLiteStore.pendingUpgrades(path: path).isEmpty)

        // The store finds the migrated items: the same document again changes nothing, an edit keeps its id.
        let state = SourceState(id: "alpha", url: "https://alpha.example/feed")
        #expect(try await store.storeItems(Self.document("alpha", seen: seen), state: state, now: seen) == UpsertResult(unchanged: 12))
        var edited = Self.document("alpha", seen: seen)
        edited[3].title = "Story 3, corrected"
        edited.append(Item(guid: "alpha-new", url: "https://alpha.example/new", title: "A new story", published: seen))
        #expect(try await store.storeItems(edited, state: state, now: seen) == UpsertResult(new: 1, updated: 1, unchanged: 11))
        let recent = try await store.recentItems(sourceIDs: ["alpha"], limit: 50)
        #expect(recent.count == 13)
        let corrected = try #require(recent.first { $0.item.guid == "alpha-3" })
        #expect(corrected.id == ids[0][3])
        #expect(corrected.item.title == "Story 3, corrected")
        #expect(corrected.groupID == "group-3")
        #expect(recent.first { $0.item.guid == "alpha-4" }?.item.related == Self.document("alpha", seen: seen)[4].related)
        // Group members are read through (source, id).
        let members = try await store.groupMembers(groupIDs: ["group-5"], sourceIDs: sources, earliest: nil)
        #expect(Set(members.map(\.id)) == [ids[0][5], ids[1][5]])
        #expect(try await store.integrityCheck() == "ok")
    }

    /// `feedctl` opening a store that needs an upgrade says so on stderr before the wait, and only then.
    @Test func feedctlSaysWhenItUpgradesTheStore() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.writeConfig(sources: [("a", "https://a.example/feed.xml")])
        let database = workspace.folder.appendingPathComponent("var/store.sqlite")
        try FileManager.default.createDirectory(at: database.deletingLastPathComponent(), withIntermediateDirectories: true)
        let old = try DatabaseQueue(path: database.path)
        try SQLiteStore.migrator.migrate(old, upTo: "v7-group-sources")
        try old.close()
        let first = try ProcessRunner.run(ProcessRunner.feedctl, ["sources", "--config", workspace.configPath])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("feedctl: upgrading the store \(database.path) (v8-items-keyed-by-source, v9-article-attempts)"), "\(first.stderr)")
        let second = try ProcessRunner.run(ProcessRunner.feedctl, ["sources", "--config", workspace.configPath])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(!second.stderr.contains("upgrading"), "\(second.stderr)")
    }
}
