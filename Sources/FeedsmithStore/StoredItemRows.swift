import FeedsmithCore
import Foundation
import GRDB
import GRDBSQLite

/// Reads stored items straight from SQLite's column buffers. Fetching `Row`s copied every value of every
/// row into GRDB's boxes and decoded each through generic code that looked up type metadata at run time:
/// a tenth of publishing's time, where every output reads up to a few hundred items.
enum StoredItemRows {
    /// The items a query over ``SQLiteStore/itemColumns`` (optionally followed by `group_id`) returns, in order.
    /// `cached` keeps the prepared statement for the next call (for SQL that does not vary with the arguments).
    static func fetch(_ db: Database, sql: String, arguments: StatementArguments, cached: Bool = true) throws -> [StoredItem] {
        let statement = cached ? try db.cachedStatement(sql: sql) : try db.makeStatement(sql: sql)
        try statement.setArguments(arguments)
        var items: [StoredItem] = []
        let rows = try Row.fetchCursor(statement)
        // The cursor steps the statement; the current row's values are read from the statement itself.
        while try rows.next() != nil { items.append(item(statement.sqliteStatement, hasGroup: statement.columnCount > 15)) }
        return items
    }

    /// The current row of `statement`, laid out as ``SQLiteStore/itemColumns``.
    static func item(_ statement: SQLiteStatement, hasGroup: Bool) -> StoredItem {
        let categories = text(statement, 14) ?? ""
        let item = Item(
            guid: text(statement, 3), url: text(statement, 4), title: text(statement, 5) ?? "", author: text(statement, 6),
            published: date(statement, 7), updated: date(statement, 8), contentHTML: text(statement, 10), summary: text(statement, 11),
            categories: categories.isEmpty ? [] : categories.split(separator: "\n", omittingEmptySubsequences: false).map(String.init),
            language: text(statement, 13))
        return StoredItem(
            id: text(statement, 0) ?? "", sourceID: text(statement, 1) ?? "", canonicalURL: text(statement, 2),
            firstSeen: date(statement, 9) ?? Date(timeIntervalSince1970: 0), contentHash: text(statement, 12) ?? "", item: item,
            groupID: hasGroup ? text(statement, 15) : nil)
    }

    @inline(__always)
    static func text(_ statement: SQLiteStatement, _ column: Int32) -> String? {
        guard sqlite3_column_type(statement, column) != SQLITE_NULL, let pointer = sqlite3_column_text(statement, column) else { return nil }
        // sqlite3_column_bytes after sqlite3_column_text: the length of the UTF-8 text just produced.
        let count = Int(sqlite3_column_bytes(statement, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    @inline(__always)
    static func date(_ statement: SQLiteStatement, _ column: Int32) -> Date? {
        guard sqlite3_column_type(statement, column) != SQLITE_NULL else { return nil }
        return Date(timeIntervalSince1970: sqlite3_column_double(statement, column))
    }
}
