import FeedsmithCore
import Foundation
import GRDB

/// Decides, inside one transaction, which stored item each incoming item is, so ids never change:
/// the source's GUID when present and not reused, else the canonical URL, else a content hash.
/// A GUID that changes scheme, or a title that is edited, still finds its item through the URL or content.
struct ItemUpserter {
    let db: Database
    let sourceID: String
    let now: Date

    func upsert(_ items: [Item]) throws -> UpsertResult {
        var result = UpsertResult()
        // A GUID used by several different items in one document identifies none of them (Miniflux #4197).
        var guidCounts: [String: Int] = [:]
        for item in items { if let guid = item.guid { guidCounts[guid, default: 0] += 1 } }
        let batchGUIDs = Set(guidCounts.filter { $0.value == 1 }.keys)
        var claimed: Set<String> = []
        // Documents list newest first: spacing first-seen times by a millisecond keeps that order for
        // items that carry no date, instead of leaving ties to chance.
        for (index, original) in items.enumerated() {
            let firstSeen = now.addingTimeInterval(-Double(index) / 1000)
            var item = original
            let guid = item.guid.flatMap { batchGUIDs.contains($0) ? $0 : nil }
            let canonical = item.url.flatMap(URLCanonicalizer.canonical)
            let hash = ItemIdentity.contentHash(item)
            if let existing = try match(guid: guid, canonical: canonical, hash: hash, batchGUIDs: batchGUIDs, claimed: claimed) {
                claimed.insert(existing.id)
                if guid == nil { item.guid = existing.item.guid ?? item.guid }
                if try changed(existing, item, canonical: canonical, hash: hash) {
                    try update(id: existing.id, item: item, canonical: canonical, hash: hash, firstSeen: existing.firstSeen)
                    try saveRelated(id: existing.id, item.related)
                    result.updated += 1
                } else {
                    result.unchanged += 1
                }
                continue
            }
            let key = guid.map { "guid:\($0)" } ?? canonical.map { "url:\($0)" } ?? "hash:\(hash)"
            var id = ItemIdentity.stableID(sourceID: sourceID, key: key)
            if try claimed.contains(id) || exists(id) {
                // The key already names another item (a reused GUID or URL): tell them apart by content.
                id = ItemIdentity.stableID(sourceID: sourceID, key: key + "\u{0}" + hash)
                if try claimed.contains(id) || exists(id) { continue }  // the same item twice in one document
            }
            claimed.insert(id)
            try insert(id: id, item: item, canonical: canonical, hash: hash, firstSeen: firstSeen)
            try saveRelated(id: id, item.related)
            result.new += 1
        }
        return result
    }

    private func match(guid: String?, canonical: String?, hash: String, batchGUIDs: Set<String>, claimed: Set<String>) throws -> StoredItem? {
        if let guid, let found = try fetch("guid", guid), !claimed.contains(found.id) { return found }
        // A URL or content match only counts when the stored item is not itself still present under its own GUID.
        func usable(_ candidate: StoredItem?) -> StoredItem? {
            guard let candidate, !claimed.contains(candidate.id) else { return nil }
            if let storedGUID = candidate.item.guid, storedGUID != guid, batchGUIDs.contains(storedGUID) { return nil }
            return candidate
        }
        if let canonical, let found = usable(try fetch("canonical_url", canonical)) { return found }
        return usable(try fetch("content_hash", hash))
    }

    private func fetch(_ column: String, _ value: String) throws -> StoredItem? {
        let statement = try db.cachedStatement(sql: "SELECT * FROM items WHERE source_id = ? AND \(column) = ? ORDER BY first_seen LIMIT 1")
        return try Row.fetchOne(statement, arguments: [sourceID, value]).map(SQLiteStore.storedItem(from:))
    }

    private func exists(_ id: String) throws -> Bool {
        let statement = try db.cachedStatement(sql: "SELECT 1 FROM items WHERE id = ?")
        return try Row.fetchOne(statement, arguments: [id]) != nil
    }

    private func changed(_ stored: StoredItem, _ item: Item, canonical: String?, hash: String) throws -> Bool {
        let old = stored.item
        let statement = try db.cachedStatement(sql: "SELECT url, title, published FROM related_links WHERE item_id = ? ORDER BY position")
        let oldRelated = try Row.fetchAll(statement, arguments: [stored.id]).map(SQLiteStore.relatedLink(from:))
        return oldRelated != item.related || old.title != item.title || old.url != item.url || old.guid != item.guid || old.author != item.author
            || old.published != item.published || old.updated != item.updated || stored.contentHash != hash
            || old.contentHTML != item.contentHTML || old.summary != item.summary || old.categories != item.categories
            || stored.canonicalURL != canonical || old.language != item.language
    }

    /// Declared relations are edges from the item to URLs, replaced as a whole when the page changes them.
    private func saveRelated(id: String, _ links: [ListedLink]) throws {
        try db.cachedStatement(sql: "DELETE FROM related_links WHERE item_id = ?").execute(arguments: [id])
        let insert = try db.cachedStatement(sql: "INSERT INTO related_links (item_id, position, url, title, published) VALUES (?, ?, ?, ?, ?)")
        for (position, link) in links.enumerated() {
            try insert.execute(arguments: [id, position, link.url, link.title, link.date?.timeIntervalSince1970])
        }
    }

    private func arguments(id: String, item: Item, canonical: String?, hash: String, firstSeen: Date) -> StatementArguments {
        let sortAt = (item.published ?? firstSeen).timeIntervalSince1970
        return [
            sourceID, canonical, item.guid, item.url, item.title, item.author, item.published?.timeIntervalSince1970,
            item.updated?.timeIntervalSince1970, firstSeen.timeIntervalSince1970, sortAt, item.contentHTML, item.summary,
            hash, item.language, item.categories.joined(separator: "\n"), id,
        ]
    }

    private func insert(id: String, item: Item, canonical: String?, hash: String, firstSeen: Date) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO items (source_id, canonical_url, guid, url, title, author, published, updated, first_seen, sort_at,
                content_html, summary, content_hash, language, categories, id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: arguments(id: id, item: item, canonical: canonical, hash: hash, firstSeen: firstSeen))
    }

    private func update(id: String, item: Item, canonical: String?, hash: String, firstSeen: Date) throws {
        let statement = try db.cachedStatement(sql: """
            UPDATE items SET source_id = ?, canonical_url = ?, guid = ?, url = ?, title = ?, author = ?, published = ?,
                updated = ?, first_seen = ?, sort_at = ?, content_html = ?, summary = ?, content_hash = ?, language = ?,
                categories = ?
            WHERE id = ?
            """)
        try statement.execute(arguments: arguments(id: id, item: item, canonical: canonical, hash: hash, firstSeen: firstSeen))
    }
}
