import CSQLiteConfig
import FeedsmithCore
import Foundation
import GRDB
import GRDBSQLite

/// The embedded store: one SQLite file in WAL mode through GRDB.
public final class SQLiteStore: FeedStore {
    private let pool: DatabasePool
    /// Item and source-state writes of concurrent sources, committed together.
    let batcher: WriteBatcher
    public let path: String
    /// SQLite's version and whether it keeps memory statistics: `memory statistics off` (set when the
    /// executable loaded; see `CSQLiteConfig`), or `on` with what `sqlite3_config` answered. The daemon logs it
    /// when ready. Measured, `feedsmith-bench store --inserts 100000` on tmpfs, five pairs alternating with the
    /// binary before the change: 3.06–3.47 s and 3.69–4.13 user CPU-s off against 3.29–3.88 s and 3.88–4.49 on
    /// (faster in all five).
    public let sqliteMode: String

    /// Opens (or creates) the store at `path` and runs the schema upgrades it lacks; `announcingUpgrades` is called
    /// with their names first when an existing store needs some (an upgrade that rebuilds the items table copies
    /// every stored item), so a caller can say why opening takes a while.
    public init(path: String, announcingUpgrades: (([String]) -> Void)? = nil) throws {
        self.path = path
        do {
            try FileManager.default.createDirectory(
                at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            configuration.journalMode = .wal
            configuration.prepareDatabase { db in
                guard !db.configuration.readonly else { return }
                // The log is copied into the database by `WALCheckpointer`, beside the writer. The writer's own
                // checkpoint, every 64 MB of log, is the backstop: it copies what is left and lets the next
                // transaction start the log over, which a checkpoint on another connection cannot. It runs on the
                // writer's thread and syncs both files there, so it is kept rare: under steady writes (the store
                // benchmark, a refresh of 10,000 sources) the background checkpoints never catch up with the writer
                // and the log reaches this size. Every 16 MB instead, alternating pairs on disk: `store --total
                // 100000` 4.28–4.98 s against 3.70–4.22 s; `poll --sources 10000` 19.52 / 19.70 s against 18.26 /
                // 18.87 s. The WAL file is cut back to 64 MB after a checkpoint, so a burst does not leave it larger.
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 16000")
                try db.execute(sql: "PRAGMA journal_size_limit = 67108864")
            }
            pool = try DatabasePool(path: path, configuration: configuration)
            // Every commit synced before it returns: a refresh's items and its sources' states must survive a power
            // loss, not only a crash of the process. GRDB sets `NORMAL` (synced only at checkpoints) when it puts
            // the pool in WAL mode, after `prepareDatabase` has run, so it is set here on the writer connection,
            // which the pool keeps for its lifetime. Measured cost: `feedsmith-bench store --inserts 100000` 5.43–5.67 s
            // against 4.80–5.09 s (1,527 `fdatasync` calls against 236–259, three alternating pairs on disk);
            // a refresh of 1,000 sources did not move beyond the noise. The batcher keeps this guarantee for its
            // commits but syncs them off the writer's thread (`WALSyncer`), which took most of that cost back.
            try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
            // The writer's page cache: 8 MiB instead of SQLite's 2. Stored items' ids and content hashes are random
            // keys, so every batch inserts into index pages all over their b-trees, and with 2 MiB they no longer fit
            // once a store holds some 100,000 items: each miss is a `pread`, and a cache that spills mid-transaction
            // writes pages to the log twice. `perf stat` of `feedsmith-bench poll --sources 10000` (a full and an
            // all-304 refresh, tmpfs): 582,737 `pread64` and 1,051,676 `pwrite64` at 2 MiB; 186,964 and 838,155 at 8;
            // 152,406 and 831,144 at 16; 139,959 and 782,547 at 32, whose peak RSS was 152 MB against 114 at 2 and
            // 120 at 8. Readers keep the default: a timeline read touches few pages.
            try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA cache_size = -\(Self.writerCacheKiB)") }
            // With statistics kept, the connections just opened count as memory in use.
            let counted = sqlite3_memory_used() > 0
            let statistics = counted ? "on (sqlite3_config answered \(feedsmith_sqlite_configuration()))" : "off"
            sqliteMode = "\(String(cString: sqlite3_libversion())), memory statistics \(statistics)"
            let migrator = Self.migrator
            if let announcingUpgrades {
                let pending = try pool.read { try Self.pendingUpgrades(migrator, $0) }
                if !pending.isEmpty { announcingUpgrades(pending) }
            }
            try migrator.migrate(pool)
            batcher = WriteBatcher(pool: pool)
        } catch {
            throw StoreError(path: path, message: "cannot open the database (\(error)); check the path and its permissions")
        }
    }

    /// The schema upgrades opening the store at `path` will run, by name; empty for a new store, a current one,
    /// or a file that cannot be read (opening it then reports why). Lets the daemon say why it is slow to start:
    /// an upgrade that rebuilds the items table copies every stored item.
    public static func pendingUpgrades(path: String) -> [String] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        var configuration = Configuration()
        configuration.readonly = true
        guard let queue = try? DatabaseQueue(path: path, configuration: configuration) else { return [] }
        defer { try? queue.close() }
        let migrator = Self.migrator
        return (try? queue.read { try Self.pendingUpgrades(migrator, $0) }) ?? []
    }

    /// The migrations a store that has been migrated before still lacks; none for a new, empty one.
    private static func pendingUpgrades(_ migrator: DatabaseMigrator, _ db: Database) throws -> [String] {
        guard try db.tableExists("grdb_migrations") else { return [] }
        let applied = try migrator.appliedIdentifiers(db)
        return migrator.migrations.filter { !applied.contains($0) }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE sources (
                    id TEXT PRIMARY KEY NOT NULL,
                    configured_url TEXT NOT NULL,
                    current_url TEXT NOT NULL,
                    etag TEXT,
                    last_modified TEXT,
                    last_fetch_at REAL,
                    last_success_at REAL,
                    status TEXT NOT NULL DEFAULT 'never',
                    last_error TEXT,
                    http_status INTEGER,
                    error_count INTEGER NOT NULL DEFAULT 0,
                    next_due_at REAL,
                    title TEXT,
                    site_url TEXT,
                    encoding TEXT,
                    replaced_bytes INTEGER NOT NULL DEFAULT 0,
                    flags TEXT NOT NULL DEFAULT ''
                );
                CREATE TABLE items (
                    id TEXT PRIMARY KEY NOT NULL,
                    source_id TEXT NOT NULL,
                    canonical_url TEXT,
                    guid TEXT,
                    url TEXT,
                    title TEXT NOT NULL,
                    author TEXT,
                    published REAL,
                    updated REAL,
                    first_seen REAL NOT NULL,
                    sort_at REAL NOT NULL,
                    content_html TEXT,
                    summary TEXT,
                    content_hash TEXT NOT NULL,
                    language TEXT,
                    categories TEXT NOT NULL DEFAULT ''
                );
                CREATE INDEX items_source_sort ON items(source_id, sort_at DESC);
                CREATE INDEX items_source_guid ON items(source_id, guid);
                CREATE INDEX items_source_url ON items(source_id, canonical_url);
                CREATE INDEX items_source_hash ON items(source_id, content_hash);
                """)
        }
        migrator.registerMigration("v2-output-status") { db in
            try db.execute(sql: """
                CREATE TABLE outputs (
                    path TEXT PRIMARY KEY NOT NULL,
                    error TEXT,
                    checked_at REAL NOT NULL
                );
                """)
        }
        migrator.registerMigration("v3-heartbeat") { db in
            try db.execute(sql: "CREATE TABLE heartbeat (id INTEGER PRIMARY KEY CHECK (id = 1), at REAL NOT NULL)")
        }
        migrator.registerMigration("v4-groups") { db in
            // item_groups rows are written in grouping order (rowid), which is the order a StoryIndex is rebuilt in.
            // grouping_state.generation changes with every write, so a cached index can tell it is stale.
            try db.execute(sql: """
                CREATE TABLE item_groups (
                    item_id TEXT PRIMARY KEY NOT NULL REFERENCES items(id) ON DELETE CASCADE,
                    group_id TEXT NOT NULL,
                    story_at REAL NOT NULL,
                    fingerprint BLOB NOT NULL
                );
                CREATE INDEX item_groups_group ON item_groups(group_id);
                CREATE INDEX item_groups_story_at ON item_groups(story_at);
                CREATE TABLE grouping_state (id INTEGER PRIMARY KEY CHECK (id = 1), generation INTEGER NOT NULL);
                INSERT INTO grouping_state (id, generation) VALUES (1, 0);
                CREATE TABLE related_links (
                    item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    url TEXT NOT NULL,
                    title TEXT NOT NULL,
                    published REAL,
                    PRIMARY KEY (item_id, position)
                );
                """)
        }
        migrator.registerMigration("v5-sort-index") { db in
            // A feed over many sources reads the newest items overall and filters by source.
            try db.execute(sql: "CREATE INDEX items_sort ON items(sort_at DESC, id)")
        }
        migrator.registerMigration("v6-filter-counts") { db in
            try db.execute(sql: """
                CREATE TABLE filter_counts (
                    scope TEXT NOT NULL,
                    rule TEXT NOT NULL,
                    dropped INTEGER NOT NULL,
                    checked INTEGER NOT NULL,
                    at REAL NOT NULL,
                    PRIMARY KEY (scope, rule)
                );
                """)
        }
        migrator.registerMigration("v7-group-sources") { db in
            // A story group holds one item per source, so rebuilding a StoryIndex needs each row's source. Read
            // through a join with items, that rebuild read every item row, content included: 1.13-1.16 s against
            // 0.31-0.36 s without the join for 300,000 items of 1.5 KB. An item's source never changes.
            try db.execute(sql: """
                ALTER TABLE item_groups ADD COLUMN source_id TEXT NOT NULL DEFAULT '';
                UPDATE item_groups SET source_id = COALESCE((SELECT source_id FROM items WHERE items.id = item_groups.item_id), '');
                """)
        }
        migrator.registerMigration("v8-items-keyed-by-source") { db in
            // An item's id is a hash, so a unique index on the id alone took every new item into a random page of
            // its b-tree: a refresh's commit dirtied most of that index's pages and wrote them all to the log.
            // Ids are derived from their source's id, so (source_id, id) is as unique and keeps a source's items
            // together, as its other indexes do. SQLite inserting 200,000 items of the polling benchmark's shape,
            // 32 sources per transaction (`python3 scripts/sqlite-floor.py keys /dev/shm`, three alternating pairs):
            // 4.00-6.21 CPU-s with the id's own index, 3.39-4.40 with this one, lower in each pair. Lookups by id
            // now name the source too (the story groups keep each item's source). SQLite cannot drop a primary key
            // in place, so the tables are rebuilt; rowids are kept, since the story groups are replayed in rowid
            // order. The links that referenced items(id) go with the rebuild: items are never deleted, and a
            // foreign key needs a unique parent key. The children first, so no cascade ever runs from the old
            // parent's drop. The column lists are written out again: a migration must not change with later code.
            try db.execute(sql: """
                CREATE TABLE item_groups_v8 (
                    item_id TEXT PRIMARY KEY NOT NULL,
                    group_id TEXT NOT NULL,
                    story_at REAL NOT NULL,
                    fingerprint BLOB NOT NULL,
                    source_id TEXT NOT NULL DEFAULT ''
                );
                INSERT INTO item_groups_v8 (rowid, item_id, group_id, story_at, fingerprint, source_id)
                    SELECT rowid, item_id, group_id, story_at, fingerprint, source_id FROM item_groups ORDER BY rowid;
                DROP TABLE item_groups;
                ALTER TABLE item_groups_v8 RENAME TO item_groups;
                CREATE INDEX item_groups_group ON item_groups(group_id);
                CREATE INDEX item_groups_story_at ON item_groups(story_at);
                CREATE TABLE related_links_v8 (
                    item_id TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    url TEXT NOT NULL,
                    title TEXT NOT NULL,
                    published REAL,
                    PRIMARY KEY (item_id, position)
                );
                INSERT INTO related_links_v8 (item_id, position, url, title, published)
                    SELECT item_id, position, url, title, published FROM related_links;
                DROP TABLE related_links;
                ALTER TABLE related_links_v8 RENAME TO related_links;
                CREATE TABLE items_v8 (
                    id TEXT NOT NULL,
                    source_id TEXT NOT NULL,
                    canonical_url TEXT,
                    guid TEXT,
                    url TEXT,
                    title TEXT NOT NULL,
                    author TEXT,
                    published REAL,
                    updated REAL,
                    first_seen REAL NOT NULL,
                    sort_at REAL NOT NULL,
                    content_html TEXT,
                    summary TEXT,
                    content_hash TEXT NOT NULL,
                    language TEXT,
                    categories TEXT NOT NULL DEFAULT ''
                );
                INSERT INTO items_v8 (rowid, id, source_id, canonical_url, guid, url, title, author, published, updated,
                        first_seen, sort_at, content_html, summary, content_hash, language, categories)
                    SELECT rowid, id, source_id, canonical_url, guid, url, title, author, published, updated,
                        first_seen, sort_at, content_html, summary, content_hash, language, categories
                    FROM items ORDER BY rowid;
                DROP TABLE items;
                ALTER TABLE items_v8 RENAME TO items;
                CREATE UNIQUE INDEX items_source_id ON items(source_id, id);
                CREATE INDEX items_source_sort ON items(source_id, sort_at DESC);
                CREATE INDEX items_source_guid ON items(source_id, guid);
                CREATE INDEX items_source_url ON items(source_id, canonical_url);
                CREATE INDEX items_source_hash ON items(source_id, content_hash);
                CREATE INDEX items_sort ON items(sort_at DESC, id);
                """)
        }
        migrator.registerMigration("v9-article-attempts") { db in
            try db.execute(sql: """
                CREATE TABLE article_attempts (
                    source_id TEXT NOT NULL,
                    url TEXT NOT NULL,
                    failures INTEGER NOT NULL,
                    first_failed_at REAL NOT NULL,
                    next_attempt_at REAL NOT NULL,
                    last_error TEXT NOT NULL,
                    PRIMARY KEY (source_id, url)
                ) WITHOUT ROWID;
                """)
        }
        return migrator
    }

    public func saveFilterCounts(_ counts: [String: [FilterCount]]) async throws {
        guard !counts.isEmpty else { return }
        let now = Date().timeIntervalSince1970
        try await pool.write { db in
            let delete = try db.cachedStatement(sql: "DELETE FROM filter_counts WHERE scope = ?")
            let insert = try db.cachedStatement(sql: "INSERT INTO filter_counts (scope, rule, dropped, checked, at) VALUES (?, ?, ?, ?, ?)")
            for (scope, list) in counts {
                try delete.execute(arguments: [scope])
                for count in list { try insert.execute(arguments: [scope, count.rule, count.dropped, count.checked, now]) }
            }
        }
    }

    public func filterCounts() async throws -> [FilterCount] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT scope, rule, dropped, checked FROM filter_counts ORDER BY scope, rule").map {
                FilterCount(scope: $0["scope"], rule: $0["rule"], dropped: $0["dropped"], checked: $0["checked"])
            }
        }
    }

    public func checkWritable() async throws {
        try await pool.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO heartbeat (id, at) VALUES (1, ?)", arguments: [Date().timeIntervalSince1970])
        }
    }

    public func saveOutputStatuses(_ statuses: [OutputStatus], forgetting stale: [String]) async throws {
        guard !statuses.isEmpty || !stale.isEmpty else { return }
        let now = Date().timeIntervalSince1970
        try await pool.write { db in
            let statement = try db.cachedStatement(sql: "INSERT OR REPLACE INTO outputs (path, error, checked_at) VALUES (?, ?, ?)")
            for status in statuses { try statement.execute(arguments: [status.path, status.error, now]) }
            let forget = try db.cachedStatement(sql: "DELETE FROM outputs WHERE path = ?")
            for path in stale { try forget.execute(arguments: [path]) }
        }
    }

    public func failingOutputs() async throws -> [OutputStatus] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT path, error FROM outputs WHERE error IS NOT NULL ORDER BY path")
                .map { OutputStatus(path: $0["path"], error: $0["error"]) }
        }
    }

    public func recordedOutputPaths() async throws -> [String] {
        try await pool.read { db in try String.fetchAll(db, sql: "SELECT path FROM outputs ORDER BY path") }
    }

    // MARK: Sources

    public func sourceStates(configuredURLs: [String: String]) async throws -> [String: SourceState] {
        guard !configuredURLs.isEmpty else { return [:] }
        let stored = try await pool.read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT \(Self.sourceColumns) FROM sources WHERE id IN (SELECT value FROM json_each(?))"),
                arguments: [JSONStringArray.encode(Array(configuredURLs.keys))]
            ).map(Self.state(from:))
        }
        var states = Dictionary(stored.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for (id, url) in configuredURLs { states[id] = states[id]?.configured(url) ?? SourceState(id: id, url: url) }
        return states
    }

    public func allSourceStates() async throws -> [SourceState] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.sourceColumns) FROM sources ORDER BY id").map(Self.state(from:))
        }
    }

    public func saveSourceState(_ state: SourceState) async throws {
        try await batcher.write { db in try Self.save(state, db) }
    }

    private static func save(_ s: SourceState, _ db: Database) throws {
        // Cached: every source of every refresh saves its state, and parsing this statement each time showed.
        try db.cachedStatement(
            sql: """
                INSERT INTO sources (id, configured_url, current_url, etag, last_modified, last_fetch_at, last_success_at,
                    status, last_error, http_status, error_count, next_due_at, title, site_url, encoding, replaced_bytes, flags)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET configured_url = excluded.configured_url, current_url = excluded.current_url,
                    etag = excluded.etag, last_modified = excluded.last_modified, last_fetch_at = excluded.last_fetch_at,
                    last_success_at = excluded.last_success_at, status = excluded.status, last_error = excluded.last_error,
                    http_status = excluded.http_status, error_count = excluded.error_count, next_due_at = excluded.next_due_at,
                    title = excluded.title, site_url = excluded.site_url, encoding = excluded.encoding,
                    replaced_bytes = excluded.replaced_bytes, flags = excluded.flags
                """
        ).execute(
            arguments: [
                s.id, s.configuredURL, s.currentURL, s.etag, s.lastModified, s.lastFetchAt?.timeIntervalSince1970,
                s.lastSuccessAt?.timeIntervalSince1970, s.status.rawValue, s.lastError, s.httpStatus, s.errorCount,
                s.nextDueAt?.timeIntervalSince1970, s.title, s.siteURL, s.encoding, s.replacedBytes, s.flags.joined(separator: "\n"),
            ])
    }

    /// The columns ``state(from:)`` reads, in the order it reads them.
    static let sourceColumns = """
        id, configured_url, current_url, etag, last_modified, last_fetch_at, last_success_at, status, last_error, \
        http_status, error_count, next_due_at, title, site_url, encoding, replaced_bytes, flags
        """

    /// A row of ``sourceColumns``, read by position: GRDB finds a column by name with a case-insensitive scan that
    /// lower-cases each name, 17 times per row, and every publish reads every source's state (1% of a
    /// 10,000-source refresh's CPU in a `perf` profile, 2026-12-01).
    private static func state(from row: Row) -> SourceState {
        func date(_ index: Int) -> Date? { (row[index] as Double?).map(Date.init(timeIntervalSince1970:)) }
        var s = SourceState(id: row[0], url: row[1])
        s.currentURL = row[2]
        s.etag = row[3]
        s.lastModified = row[4]
        s.lastFetchAt = date(5)
        s.lastSuccessAt = date(6)
        s.status = SourceState.Status(rawValue: row[7]) ?? .never
        s.lastError = row[8]
        s.httpStatus = row[9]
        s.errorCount = row[10]
        s.nextDueAt = date(11)
        s.title = row[12]
        s.siteURL = row[13]
        s.encoding = row[14]
        s.replacedBytes = row[15]
        let flags: String = row[16]
        s.flags = flags.isEmpty ? [] : flags.components(separatedBy: "\n")
        return s
    }

    // MARK: Items

    public func storeItems(_ items: [Item], state: SourceState, now: Date) async throws -> UpsertResult {
        // Keys are derived here, in the caller's task, so concurrent sources derive them on every core.
        let prepared = PreparedBatch(items, sourceID: state.id)
        return try await batcher.write { db in
            let result = try ItemUpserter(db: db, sourceID: state.id, now: now).upsert(prepared)
            try Self.save(state, db)
            return result
        }
    }

    /// Feeds over more sources than this check membership in a set in memory rather than in SQLite's IN list,
    /// which SQLite builds into an index of its own on each query. Not a measured crossover: the IN list costs
    /// about a microsecond per source to build (so 2 ms here), the function a call per row walked instead, which
    /// only wins when the list is long; the two were measured at 50 sources (IN list) and 50,000 (function).
    static let inListLimit = 2_000

    /// Every item column and the item's group, the start of each timeline query.
    private static let itemsWithGroups = "SELECT \(itemColumns), item_groups.group_id AS group_id FROM items LEFT JOIN item_groups ON item_groups.item_id = items.id"

    public func recentItems(sourceIDs: [String], limit: Int) async throws -> [StoredItem] {
        guard !sourceIDs.isEmpty, limit > 0 else { return [] }
        return try await pool.read { db in
            let items: [StoredItem]
            if sourceIDs.count > Self.inListLimit {
                // Very many sources (`sources: all` over tens of thousands): the walk of the next case, asking a
                // set in memory whether each row's source belongs. SQLite builds an IN list into an index of its
                // own on every query, about a microsecond per source: 43 of the 45 ms the timeline query over
                // 50,000 sources and 1,000,000 items took, against 2 ms for the walk itself.
                let members = Set(sourceIDs)
                let function = DatabaseFunction("feedsmith_in_feed", argumentCount: 1, pure: true) { values in
                    guard let id = values.first.flatMap(String.fromDatabaseValue) else { return false }
                    return members.contains(id)
                }
                db.add(function: function)
                defer { db.remove(function: function) }
                items = try StoredItemRows.fetch(
                    db, sql: Self.itemsWithGroups + " WHERE feedsmith_in_feed(items.source_id) ORDER BY sort_at DESC, id LIMIT ?",
                    arguments: [limit], cached: false)
            } else {
                // The ids travel as one JSON array: any number of sources fits in one bound parameter (SQLite caps
                // parameters at 32,766).
                let ids = JSONStringArray.encode(sourceIDs)
                if sourceIDs.count > 64 {
                    // Many sources: walk sort_at from the newest, already in order, and keep the feed's sources
                    // (`+` stops SQLite from choosing the per-source index).
                    items = try StoredItemRows.fetch(
                        db, sql: Self.itemsWithGroups + " WHERE +items.source_id IN (SELECT value FROM json_each(?)) ORDER BY sort_at DESC, id LIMIT ?",
                        arguments: [ids, limit])
                } else {
                    // Few sources: each one's items through (source_id, sort_at), which must then be sorted. The
                    // newest are picked by sorting keys only, then only those rows are read whole: sorting whole
                    // rows (content included) took half of publishing's reading.
                    items = try StoredItemRows.fetch(
                        db, sql: Self.itemsWithGroups + """
                             WHERE items.rowid IN (
                                SELECT rowid FROM items WHERE source_id IN (SELECT value FROM json_each(?)) ORDER BY sort_at DESC, id LIMIT ?)
                            ORDER BY sort_at DESC, id
                            """,
                        arguments: [ids, limit])
                }
            }
            return try Self.withRelated(items, db)
        }
    }

    public func groupMembers(groupIDs: [String], sourceIDs: [String], earliest: Int?) async throws -> [StoredItem] {
        guard !groupIDs.isEmpty, !sourceIDs.isEmpty else { return [] }
        let sources = JSONStringArray.encode(sourceIDs)
        return try await pool.read { db in
            var result: [StoredItem] = []
            // SQLite limits bound parameters; ask in slices.
            for start in stride(from: 0, to: groupIDs.count, by: 400) {
                let slice = Array(groupIDs[start..<min(start + 400, groupIDs.count)])
                let members = """
                    FROM item_groups g JOIN items i ON i.source_id = g.source_id AND i.id = g.item_id
                    WHERE g.group_id IN (\(databaseQuestionMarks(count: slice.count))) AND g.source_id IN (SELECT value FROM json_each(?))
                    """
                // A story covered by thousands of sources would otherwise be read whole for its first few reports:
                // the first item per link, then the first `earliest` of those, in the timeline's order.
                let chosen = earliest == nil ? "SELECT g.item_id \(members)" : """
                    SELECT item_id FROM (
                      SELECT item_id, ROW_NUMBER() OVER (PARTITION BY group_id ORDER BY sort_at, first_seen, item_id) AS place FROM (
                        SELECT g.item_id, g.group_id, i.sort_at, i.first_seen, ROW_NUMBER() OVER (
                          PARTITION BY g.group_id, COALESCE(i.canonical_url, i.id) ORDER BY i.sort_at, i.first_seen, i.id) AS copy
                        \(members)
                      ) WHERE copy = 1
                    ) WHERE place <= ?
                    """
                var arguments = StatementArguments(slice + [sources])
                if let earliest { arguments += [earliest] }
                result += try StoredItemRows.fetch(
                    db, sql: """
                        SELECT \(Self.itemColumns), item_groups.group_id AS group_id FROM item_groups JOIN items ON items.source_id = item_groups.source_id AND items.id = item_groups.item_id
                        WHERE item_groups.item_id IN (\(chosen))
                        """,
                    arguments: arguments, cached: false)
            }
            return try Self.withRelated(result, db)
        }
    }

    /// Attaches each item's declared related links, in one query for the whole list.
    private static func withRelated(_ items: [StoredItem], _ db: Database) throws -> [StoredItem] {
        guard !items.isEmpty, try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM related_links)")) == true else { return items }
        let ids = JSONStringArray.encode(items.map(\.id))
        var links: [String: [ListedLink]] = [:]
        let rows = try Row.fetchCursor(
            db.cachedStatement(
                sql: "SELECT item_id, url, title, published FROM related_links WHERE item_id IN (SELECT value FROM json_each(?)) ORDER BY item_id, position"),
            arguments: [ids])
        while let row = try rows.next() { links[row["item_id"], default: []].append(relatedLink(from: row)) }
        guard !links.isEmpty else { return items }
        return items.map { stored in
            var stored = stored
            stored.item.related = links[stored.id] ?? []
            return stored
        }
    }

    static func relatedLink(from row: Row) -> ListedLink {
        ListedLink(url: row["url"], title: row["title"], date: (row["published"] as Double?).map(Date.init(timeIntervalSince1970:)))
    }

    // MARK: Groups

    public func ungroupedItems(limit: Int) async throws -> [StoredItem] {
        try await pool.read { db in
            try StoredItemRows.fetch(
                db, sql: """
                    SELECT \(Self.itemColumns) FROM items LEFT JOIN item_groups ON item_groups.item_id = items.id
                    WHERE item_groups.item_id IS NULL ORDER BY first_seen, id LIMIT ?
                    """, arguments: [limit])
        }
    }

    public func groupingRows(since: Date) async throws -> GroupingSnapshot {
        try await pool.read { db in
            let generation = try Int64.fetchOne(db, sql: "SELECT generation FROM grouping_state WHERE id = 1") ?? 0
            var rows: [GroupingRow] = []
            let cursor = try Row.fetchCursor(
                db, sql: """
                    SELECT item_id, group_id, source_id, fingerprint FROM item_groups WHERE story_at >= ? ORDER BY rowid
                    """,
                arguments: [since.timeIntervalSince1970])
            while let row = try cursor.next() {
                rows.append(GroupingRow(
                    itemID: row["item_id"], groupID: row["group_id"], sourceID: row["source_id"],
                    fingerprint: [UInt8](row["fingerprint"] as Data)))
            }
            return GroupingSnapshot(generation: generation, rows: rows)
        }
    }

    public func saveGrouping(_ rows: [GroupingRow], storyDates: [String: Date], merges: [(from: String, into: String)]) async throws -> Int64 {
        try await pool.write { db in
            let insert = try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO item_groups (item_id, group_id, source_id, story_at, fingerprint) VALUES (?, ?, ?, ?, ?)")
            for row in rows {
                let at = storyDates[row.itemID]?.timeIntervalSince1970 ?? 0
                try insert.execute(arguments: [row.itemID, row.groupID, row.sourceID, at, Data(row.fingerprint)])
            }
            let merge = try db.cachedStatement(sql: "UPDATE item_groups SET group_id = ? WHERE group_id = ?")
            for (from, into) in merges { try merge.execute(arguments: [into, from]) }
            try db.execute(sql: "UPDATE grouping_state SET generation = generation + 1 WHERE id = 1")
            return try Int64.fetchOne(db, sql: "SELECT generation FROM grouping_state WHERE id = 1") ?? 0
        }
    }

    public func groupingGeneration() async throws -> Int64 {
        try await pool.read { db in try Int64.fetchOne(db, sql: "SELECT generation FROM grouping_state WHERE id = 1") ?? 0 }
    }

    public func itemCount(sourceID: String) async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM items WHERE source_id = ?", arguments: [sourceID]) ?? 0
        }
    }

    public func knownURLs(sourceID: String, canonicalURLs: [String]) async throws -> Set<String> {
        guard !canonicalURLs.isEmpty else { return [] }
        return try await pool.read { db in
            var known: Set<String> = []
            let byURL = try db.cachedStatement(sql: "SELECT 1 FROM items WHERE source_id = ? AND canonical_url = ? LIMIT 1")
            let byGUID = try db.cachedStatement(sql: "SELECT 1 FROM items WHERE source_id = ? AND guid = ? LIMIT 1")
            for url in canonicalURLs
            where try Row.fetchOne(byURL, arguments: [sourceID, url]) != nil || Row.fetchOne(byGUID, arguments: [sourceID, url]) != nil {
                known.insert(url)
            }
            return known
        }
    }

    public func articleAttempts(sourceID: String, urls: [String]) async throws -> [String: ArticleAttempt] {
        guard !urls.isEmpty else { return [:] }
        return try await pool.read { db in
            var attempts: [String: ArticleAttempt] = [:]
            let statement = try db.cachedStatement(
                sql: "SELECT failures, first_failed_at, next_attempt_at, last_error FROM article_attempts WHERE source_id = ? AND url = ?")
            for url in Set(urls) {
                guard let row = try Row.fetchOne(statement, arguments: [sourceID, url]) else { continue }
                attempts[url] = ArticleAttempt(
                    url: url, failures: row[0], firstFailedAt: Date(timeIntervalSince1970: row[1]),
                    nextAttemptAt: Date(timeIntervalSince1970: row[2]), lastError: row[3])
            }
            return attempts
        }
    }

    public func saveArticleAttempts(sourceID: String, failed: [ArticleAttempt], settled: [String], expiry: Date) async throws {
        try await pool.write { db in
            let upsert = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO article_attempts (source_id, url, failures, first_failed_at, next_attempt_at, last_error)
                VALUES (?, ?, ?, ?, ?, ?)
                """)
            for attempt in failed {
                try upsert.execute(arguments: [
                    sourceID, attempt.url, attempt.failures, attempt.firstFailedAt.timeIntervalSince1970,
                    attempt.nextAttemptAt.timeIntervalSince1970, attempt.lastError,
                ])
            }
            let forget = try db.cachedStatement(sql: "DELETE FROM article_attempts WHERE source_id = ? AND url = ?")
            for url in settled { try forget.execute(arguments: [sourceID, url]) }
            try db.execute(sql: "DELETE FROM article_attempts WHERE first_failed_at < ?", arguments: [expiry.timeIntervalSince1970])
        }
    }

    /// The writer connection's page cache, in KiB (see `init`).
    static let writerCacheKiB = 8192

    /// The writer connection's settings that the store chooses, as tests read them back.
    enum WriterSetting: String {
        case synchronous, walAutocheckpoint = "wal_autocheckpoint", journalSizeLimit = "journal_size_limit", cacheSize = "cache_size"
    }

    /// A setting's value on the writer connection.
    func writerSetting(_ setting: WriterSetting) async throws -> Int {
        try await pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA \(setting.rawValue)") ?? -1 }
    }

    /// `PRAGMA integrity_check`; "ok" when the file is sound.
    public func integrityCheck() async throws -> String {
        try await pool.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "no answer" }
    }

    /// The columns ``StoredItemRows`` reads, in its order; a query may add `group_id` after them.
    static let itemColumns = """
        items.id, items.source_id, items.canonical_url, items.guid, items.url, items.title, items.author, items.published,
        items.updated, items.first_seen, items.content_html, items.summary, items.content_hash, items.language, items.categories
        """
}
