import FeedsmithCore
import FeedsmithStore
import Foundation
import GRDB
import Testing

/// The store binds an item's values to its insert and update statements itself; every column must hold what
/// the item says, nil as NULL and an empty string as empty text.
@Suite struct ItemRowValuesTests {
    static let columns = """
        source_id, canonical_url, guid, url, title, author, published, updated, first_seen, sort_at,
        content_html, summary, content_hash, language, categories
        """

    /// The row an item must become, column by column, from the item alone.
    static func expectedRow(_ item: Item, source: String, firstSeen: Date) -> [DatabaseValue] {
        func text(_ value: String?) -> DatabaseValue { value.map { $0.databaseValue } ?? .null }
        func real(_ value: Date?) -> DatabaseValue { value.map { $0.timeIntervalSince1970.databaseValue } ?? .null }
        return [
            text(source), text(item.url.flatMap(URLCanonicalizer.canonical)), text(item.guid), text(item.url), text(item.title),
            text(item.author), real(item.published), real(item.updated), real(firstSeen), real(item.published ?? firstSeen),
            text(item.contentHTML), text(item.summary), text(ItemIdentity.contentHash(item)), text(item.language),
            text(item.categories.joined(separator: "\n")),
        ]
    }

    static func rows(_ path: String) throws -> [String: [DatabaseValue]] {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        return try queue.read { db in
            var rows: [String: [DatabaseValue]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT guid, \(columns) FROM items") {
                let values = Array(row.databaseValues)
                rows[String.fromDatabaseValue(values[0]) ?? ""] = Array(values.dropFirst())
            }
            return rows
        }
    }

    @Test func insertedAndUpdatedRowsHoldTheItemsValues() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedsmith-rows-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("feedsmith.sqlite").path
        let store = try SQLiteStore(path: path)
        let seen = Date(timeIntervalSince1970: 1_780_000_000.123456)
        let items = [
            Item(guid: "full", url: "https://e.example/a?utm_source=x&b=1", title: "標題 ❤️ \"quoted\"", author: "张晓慧",
                 published: Date(timeIntervalSince1970: 1_779_990_000.5), updated: Date(timeIntervalSince1970: 1_779_999_999.25),
                 contentHTML: "<p>正文 &amp; more</p>", summary: "摘要", categories: ["经济", "", "社会"], language: "zh-CN"),
            Item(guid: "bare", title: ""),
            Item(guid: "empty strings", url: "https://e.example/b", title: "t", author: "", contentHTML: "", summary: "", categories: [""], language: ""),
        ]
        _ = try await store.storeItems(items, state: SourceState(id: "src", url: "https://e.example/feed"), now: seen)
        var rows = try Self.rows(path)
        #expect(rows.count == 3)
        var firstSeens: [String: Double] = [:]
        for item in items {
            let row = try #require(rows[item.guid ?? ""])
            // The store spreads first-seen times below `now` to keep a document's order; sort_at must follow it.
            let firstSeen = try #require(Double.fromDatabaseValue(row[8]))
            #expect(firstSeen <= seen.timeIntervalSince1970 && firstSeen > seen.timeIntervalSince1970 - 1)
            #expect(row == Self.expectedRow(item, source: "src", firstSeen: Date(timeIntervalSince1970: firstSeen)), "\(item.guid ?? "")")
            firstSeens[item.guid ?? ""] = firstSeen
        }
        // Changed items take the update statement, bound the same way; first seen stays.
        var changed = items
        changed[0].title = "改 title"
        changed[0].published = nil
        changed[1].author = "now someone"
        changed[1].categories = ["one"]
        changed[2].summary = nil
        let later = seen.addingTimeInterval(3600)
        let result = try await store.storeItems(changed, state: SourceState(id: "src", url: "https://e.example/feed"), now: later)
        #expect(result.updated == 3)
        rows = try Self.rows(path)
        for item in changed {
            let firstSeen = Date(timeIntervalSince1970: try #require(firstSeens[item.guid ?? ""]))
            #expect(rows[item.guid ?? ""] == Self.expectedRow(item, source: "src", firstSeen: firstSeen), "\(item.guid ?? "")")
        }
        #expect(rows["bare"]?[4] == "".databaseValue, "an empty title is empty text, not NULL")
    }
}

extension ItemRowValuesTests {
    /// The binding resets a cached statement through GRDB's `setUncheckedArguments`, which stops the process if
    /// the reset fails, and a reset fails right after a failed step. GRDB drops a statement that failed from its
    /// cache, so the next insert gets a new one: held here, since a full disk must not end the daemon.
    @Test func anInsertAfterAFailedOneSucceeds() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedsmith-rows-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("feedsmith.sqlite").path
        let store = try SQLiteStore(path: path)
        let state = SourceState(id: "src", url: "https://e.example/feed")
        let now = Date(timeIntervalSince1970: 1_780_000_000)
        _ = try await store.storeItems([Item(guid: "first", title: "first")], state: state, now: now)
        // A trigger refuses one title, as a full disk or a constraint would refuse a row.
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "CREATE TRIGGER refuse BEFORE INSERT ON items WHEN NEW.title = 'refused' BEGIN SELECT RAISE(ABORT, 'refused'); END")
        }
        try queue.close()
        await #expect(throws: (any Error).self) {
            _ = try await store.storeItems([Item(guid: "bad", title: "refused")], state: state, now: now)
        }
        let result = try await store.storeItems([Item(guid: "after", title: "after")], state: state, now: now)
        #expect(result.new == 1)
        #expect(try Self.rows(path).keys.sorted() == ["after", "first"])
    }
}
