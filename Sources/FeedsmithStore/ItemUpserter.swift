import FeedsmithCore
import Foundation
import GRDB
import GRDBSQLite

/// An incoming item with the keys that identify it, derived before the write transaction: the canonical
/// URL and the content hash cost an HTML parse, and the store has a single writer.
struct PreparedItem: Sendable {
    var item: Item
    var canonical: String?
    var hash: String

    init(_ item: Item) {
        self.item = item
        canonical = item.url.flatMap(URLCanonicalizer.canonical)
        hash = ItemIdentity.contentHash(item)
    }
}

/// One document's items with everything about their identity that needs no database: keys, the ids
/// those keys give, which GUIDs the document uses once. Built in the source's task, before the writer.
/// Public so that `feedsmith-bench stages` times exactly this preparation.
public struct PreparedBatch: Sendable {
    var items: [PreparedItem]
    /// GUIDs used by exactly one item of the document.
    var batchGUIDs: Set<String>
    /// Per item: its usable GUID and its identity key (`guid:`, `url:` or `hash:`).
    var keys: [(guid: String?, key: String)]
    /// Per item: the id its key gives.
    public internal(set) var ids: [String]
    let sourceID: String

    public init(_ items: [Item], sourceID: String) {
        self.items = items.map(PreparedItem.init)
        // A GUID used by several different items in one document identifies none of them (Miniflux #4197).
        var guidCounts: [String: Int] = [:]
        for item in items { if let guid = item.guid { guidCounts[guid, default: 0] += 1 } }
        let batchGUIDs = Set(guidCounts.filter { $0.value == 1 }.keys)
        self.batchGUIDs = batchGUIDs
        keys = self.items.map { prepared -> (guid: String?, key: String) in
            let guid = prepared.item.guid.flatMap { batchGUIDs.contains($0) ? $0 : nil }
            return (guid, guid.map { "guid:\($0)" } ?? prepared.canonical.map { "url:\($0)" } ?? "hash:\(prepared.hash)")
        }
        self.sourceID = sourceID
        ids = keys.map { ItemIdentity.stableID(sourceID: sourceID, key: $0.key) }
    }

    /// The id item `index` gets when another item already holds its key (a reused GUID or URL): derived only
    /// then, where deriving it for every item cost a second SHA-256 and string per stored item.
    func alternateID(_ index: Int) -> String {
        ItemIdentity.stableID(sourceID: sourceID, key: keys[index].key + "\u{0}" + items[index].hash)
    }
}

/// Decides, inside one transaction, which stored item each incoming item is, so ids never change:
/// the source's GUID when present and not reused, else the canonical URL, else a content hash.
/// A GUID that changes scheme, or a title that is edited, still finds its item through the URL or content.
///
/// Every stored item the batch could match is read in one query before deciding, and kept current as the
/// batch inserts and updates, so a document of twenty items costs three reads instead of a hundred.
struct ItemUpserter {
    let db: Database
    let sourceID: String
    let now: Date

    func upsert(_ batch: PreparedBatch) throws -> UpsertResult {
        var result = UpsertResult()
        let (items, keys, ids, batchGUIDs) = (batch.items, batch.keys, batch.ids, batch.batchGUIDs)
        var known = try KnownItems(db: db, sourceID: sourceID, items: items, guids: Array(batchGUIDs))
        var claimed: Set<String> = []
        // An item repeated verbatim in one document is one item.
        var seen: Set<Verbatim> = []
        var repeated = [Bool](repeating: false, count: items.count)
        // Items that are certainly a stored item (its GUID, or its URL and the same text) claim it before any item
        // is matched on weaker evidence: a live blog's new update, listed first, would otherwise take the row of
        // an older update at the same URL as an edit, and that update, coming later, lose its own.
        var certain: [Int: StoredItem] = [:]
        for (index, prepared) in items.enumerated() {
            let guid = keys[index].guid
            guard seen.insert(Verbatim(guid: guid, canonical: prepared.canonical, hash: prepared.hash, title: prepared.item.title)).inserted else {
                repeated[index] = true
                continue
            }
            if let existing = known.certainMatch(
                guid: guid, canonical: prepared.canonical, hash: prepared.hash, title: prepared.item.title, batchGUIDs: batchGUIDs, claimed: claimed) {
                claimed.insert(existing.id)
                certain[index] = existing
            }
        }
        // Documents list newest first: spacing first-seen times by a millisecond keeps that order for
        // items that carry no date, instead of leaving ties to chance.
        for (index, prepared) in items.enumerated() where !repeated[index] {
            let firstSeen = now.addingTimeInterval(-Double(index) / 1000)
            var item = prepared.item
            let (canonical, hash) = (prepared.canonical, prepared.hash)
            let guid = keys[index].guid
            if let existing = certain[index]
                ?? known.match(guid: guid, canonical: canonical, hash: hash, title: item.title, batchGUIDs: batchGUIDs, claimed: claimed) {
                claimed.insert(existing.id)
                if guid == nil { item.guid = existing.item.guid ?? item.guid }
                if changed(existing, item, related: known.related[existing.id] ?? [], canonical: canonical, hash: hash) {
                    try update(id: existing.id, item: item, canonical: canonical, hash: hash, firstSeen: existing.firstSeen)
                    try replaceRelated(id: existing.id, item.related)
                    known.add(StoredItem(
                        id: existing.id, sourceID: sourceID, canonicalURL: canonical, firstSeen: existing.firstSeen, contentHash: hash, item: item))
                    known.related[existing.id] = item.related
                    result.updated += 1
                } else {
                    result.unchanged += 1
                }
                continue
            }
            // The insert itself tells whether an id is taken (by any item of the source, stored or inserted by this
            // document), in the unique index's own lookup: no query for the batch's ids first. Ids are derived from
            // the source's id, so no other source's item can hold it.
            var id = ids[index]
            if try !insert(id: id, item: item, canonical: canonical, hash: hash, firstSeen: firstSeen) {
                // The key already names another item (a reused GUID or URL): tell them apart by content.
                id = batch.alternateID(index)
                // Taken too: the same item twice in one document.
                guard try insert(id: id, item: item, canonical: canonical, hash: hash, firstSeen: firstSeen) else { continue }
            }
            claimed.insert(id)
            // Items are never deleted, so a new id has no related rows to replace.
            try insertRelated(id: id, item.related)
            known.add(StoredItem(id: id, sourceID: sourceID, canonicalURL: canonical, firstSeen: firstSeen, contentHash: hash, item: item))
            result.new += 1
        }
        return result
    }

    /// What makes two items of one document the same item: a struct, where an array of the four strings cost an
    /// allocation per item.
    private struct Verbatim: Hashable {
        var guid: String?
        var canonical: String?
        var hash: String
        var title: String
    }

    private func changed(_ stored: StoredItem, _ item: Item, related oldRelated: [ListedLink], canonical: String?, hash: String) -> Bool {
        let old = stored.item
        return oldRelated != item.related || old.title != item.title || old.url != item.url || old.guid != item.guid || old.author != item.author
            || old.published != item.published || old.updated != item.updated || stored.contentHash != hash
            || old.contentHTML != item.contentHTML || old.summary != item.summary || old.categories != item.categories
            || stored.canonicalURL != canonical || old.language != item.language
    }

    /// Declared relations are edges from the item to URLs, replaced as a whole when the page changes them.
    private func replaceRelated(id: String, _ links: [ListedLink]) throws {
        try db.cachedStatement(sql: "DELETE FROM related_links WHERE item_id = ?").execute(arguments: [id])
        try insertRelated(id: id, links)
    }

    private func insertRelated(id: String, _ links: [ListedLink]) throws {
        guard !links.isEmpty else { return }
        let insert = try db.cachedStatement(sql: "INSERT INTO related_links (item_id, position, url, title, published) VALUES (?, ?, ?, ?, ?)")
        for (position, link) in links.enumerated() {
            try insert.execute(arguments: [id, position, link.url, link.title, link.date?.timeIntervalSince1970])
        }
    }

    /// Inserts the item under `id`; false, writing nothing, when an item already has that id.
    private func insert(id: String, item: Item, canonical: String?, hash: String, firstSeen: Date) throws -> Bool {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO items (source_id, canonical_url, guid, url, title, author, published, updated, first_seen, sort_at,
                content_html, summary, content_hash, language, categories, id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(source_id, id) DO NOTHING
            """)
        try execute(statement, id: id, item: item, canonical: canonical, hash: hash, firstSeen: firstSeen)
        return db.changesCount > 0
    }

    private func update(id: String, item: Item, canonical: String?, hash: String, firstSeen: Date) throws {
        let statement = try db.cachedStatement(sql: """
            UPDATE items SET canonical_url = ?2, guid = ?3, url = ?4, title = ?5, author = ?6, published = ?7,
                updated = ?8, first_seen = ?9, sort_at = ?10, content_html = ?11, summary = ?12, content_hash = ?13,
                language = ?14, categories = ?15
            WHERE source_id = ?1 AND id = ?16
            """)
        try execute(statement, id: id, item: item, canonical: canonical, hash: hash, firstSeen: firstSeen)
    }

    /// SQLite's "copy the value now" destructor.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Runs the insert or update with the item's values bound straight to SQLite, in the statements' parameter order
    /// and as GRDB bound them (text as C strings copied by SQLite, dates as seconds, nil as NULL), then steps it
    /// through GRDB. GRDB's binding boxes each of the 16 values as an existential and nests a closure per value:
    /// `perf` of `feedsmith-bench store --total 60000` counted 404 samples of the insert path outside SQLite's
    /// step with it, 304 with this (1,228 and 1,170 with the step).
    private func execute(_ statement: Statement, id: String, item: Item, canonical: String?, hash: String, firstSeen: Date) throws {
        // Resets the statement and clears its bindings; the ones set below survive GRDB's reset in execute().
        statement.setUncheckedArguments(StatementArguments())
        let raw = statement.sqliteStatement
        var index: CInt = 0
        var code = SQLITE_OK
        func text(_ value: String?) {
            index += 1
            let result = value.map { sqlite3_bind_text(raw, index, $0, -1, Self.transient) } ?? sqlite3_bind_null(raw, index)
            if code == SQLITE_OK { code = result }
        }
        func real(_ value: Double?) {
            index += 1
            let result = value.map { sqlite3_bind_double(raw, index, $0) } ?? sqlite3_bind_null(raw, index)
            if code == SQLITE_OK { code = result }
        }
        text(sourceID); text(canonical); text(item.guid); text(item.url); text(item.title); text(item.author)
        real(item.published?.timeIntervalSince1970); real(item.updated?.timeIntervalSince1970)
        real(firstSeen.timeIntervalSince1970); real((item.published ?? firstSeen).timeIntervalSince1970)
        text(item.contentHTML); text(item.summary); text(hash); text(item.language); text(item.categories.joined(separator: "\n")); text(id)
        guard code == SQLITE_OK, index == sqlite3_bind_parameter_count(raw) else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code == SQLITE_OK ? SQLITE_RANGE : code), message: "binding item \(id)", sql: statement.sql)
        }
        try statement.execute()
    }
}

/// The stored items of one source that a batch could match, by each key, kept current while the batch is
/// applied so later items see earlier ones exactly as row-by-row queries would.
///
/// Rows live in one array and the key maps hold positions: matching compares candidates in place, where
/// returning them by value copied every field of every candidate (a feed whose items share one text, or one
/// URL, made that quadratic per document).
struct KnownItems {
    private var rows: [StoredItem] = []
    private var position: [String: Int] = [:]
    private var byGUID: [String: [Int]] = [:]
    private var byURL: [String: [Int]] = [:]
    private var byHash: [String: [Int]] = [:]
    /// Declared related links of the known items.
    var related: [String: [ListedLink]] = [:]

    init(db: Database, sourceID: String, items batch: [PreparedItem], guids: [String]) throws {
        func json(_ values: [String]) -> String { JSONStringArray.encode(values) }
        // Cached statements: these run for every source of every refresh.
        let candidates = try StoredItemRows.fetch(
            db, sql: """
                SELECT \(SQLiteStore.itemColumns) FROM items WHERE source_id = ?1 AND (
                    guid IN (SELECT value FROM json_each(?2)) OR canonical_url IN (SELECT value FROM json_each(?3))
                    OR content_hash IN (SELECT value FROM json_each(?4)))
                """,
            arguments: [sourceID, json(guids), json(batch.compactMap(\.canonical)), json(batch.map(\.hash))])
        for candidate in candidates { add(candidate) }
        if !position.isEmpty {
            let links = try Row.fetchCursor(
                db.cachedStatement(
                    sql: "SELECT item_id, url, title, published FROM related_links WHERE item_id IN (SELECT value FROM json_each(?)) ORDER BY item_id, position"),
                arguments: [json(Array(position.keys))])
            while let row = try links.next() { related[row["item_id"], default: []].append(SQLiteStore.relatedLink(from: row)) }
        }
    }

    /// The stored item this incoming one is, as `ItemUpserter` defines it: ``certainMatch`` first, then the earliest
    /// usable item with its URL (an edited text), then with its text (a changed URL).
    func match(guid: String?, canonical: String?, hash: String, title: String, batchGUIDs: Set<String>, claimed: Set<String>) -> StoredItem? {
        if let found = certainMatch(guid: guid, canonical: canonical, hash: hash, title: title, batchGUIDs: batchGUIDs, claimed: claimed) {
            return found
        }
        let usable = { self.usable($0, guid: guid, batchGUIDs: batchGUIDs, claimed: claimed) }
        if let canonical, let found = earliest(byURL[canonical], where: usable) { return rows[found] }
        return earliest(byHash[hash], where: usable).map { rows[$0] }
    }

    /// The stored item with this GUID, or else with this URL and the same text: several items can share a URL
    /// (a live blog's updates), and each finds its own row by its text instead of the first one seen.
    /// Rows with the same URL and text are told apart by title (`title`), so that neither takes the other's row.
    func certainMatch(
        guid: String?, canonical: String?, hash: String, title: String, batchGUIDs: Set<String>, claimed: Set<String>
    ) -> StoredItem? {
        if let guid, let found = earliest(byGUID[guid], where: { _ in true }), !claimed.contains(rows[found].id) { return rows[found] }
        guard let canonical else { return nil }
        let sameText = { (index: Int) in rows[index].contentHash == hash && usable(index, guid: guid, batchGUIDs: batchGUIDs, claimed: claimed) }
        let found = earliest(byURL[canonical]) { sameText($0) && rows[$0].item.title == title } ?? earliest(byURL[canonical], where: sameText)
        return found.map { rows[$0] }
    }

    /// A URL or content match only counts when the stored item is not itself still present under its own GUID,
    /// nor already taken by another item of this document.
    private func usable(_ index: Int, guid: String?, batchGUIDs: Set<String>, claimed: Set<String>) -> Bool {
        guard !claimed.contains(rows[index].id) else { return false }
        if let storedGUID = rows[index].item.guid, storedGUID != guid, batchGUIDs.contains(storedGUID) { return false }
        return true
    }

    /// The first seen of the accepted rows (ties by id, so the choice never depends on row order).
    private func earliest(_ candidates: [Int]?, where accept: (Int) -> Bool) -> Int? {
        guard let candidates else { return nil }
        var best: Int?
        for index in candidates where accept(index) {
            if let current = best, (rows[current].firstSeen, rows[current].id) < (rows[index].firstSeen, rows[index].id) { continue }
            best = index
        }
        return best
    }

    /// Adds a row, or replaces the row with the same id (its old keys no longer find it).
    mutating func add(_ item: StoredItem) {
        if let old = position[item.id] {
            unindex(old)
            rows[old] = item
            index(old)
        } else {
            position[item.id] = rows.count
            rows.append(item)
            index(rows.count - 1)
        }
    }

    private mutating func index(_ index: Int) {
        if let guid = rows[index].item.guid { byGUID[guid, default: []].append(index) }
        if let url = rows[index].canonicalURL { byURL[url, default: []].append(index) }
        byHash[rows[index].contentHash, default: []].append(index)
    }

    private mutating func unindex(_ index: Int) {
        if let guid = rows[index].item.guid { byGUID[guid]?.removeAll { $0 == index } }
        if let url = rows[index].canonicalURL { byURL[url]?.removeAll { $0 == index } }
        byHash[rows[index].contentHash]?.removeAll { $0 == index }
    }
}
