import Foundation
import GRDB
import Testing
@testable import FeedsmithStore

/// Concurrent writes share transactions; each caller must still get its own result, and a failing write must
/// fail alone, with nothing of it stored.
@Suite struct WriteBatcherTests {
    struct Refused: Error, Equatable {
        let number: Int
    }

    @Test func eachCallerGetsItsOwnResultAndFailuresStayAlone() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedsmith-batcher-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = Configuration()
        configuration.journalMode = .wal
        let pool = try DatabasePool(path: folder.appendingPathComponent("t.sqlite").path, configuration: configuration)
        try await pool.write { db in try db.execute(sql: "CREATE TABLE t (n INTEGER PRIMARY KEY, text TEXT NOT NULL)") }
        let batcher = WriteBatcher(pool: pool, maximumBatch: 8)
        let outcomes = await withTaskGroup(of: (Int, Result<String, Refused>).self) { group in
            for number in 0..<300 {
                group.addTask {
                    do {
                        let text = try await batcher.write { db -> String in
                            try db.execute(sql: "INSERT INTO t (n, text) VALUES (?, ?)", arguments: [number, "row \(number)"])
                            // Written before failing: the failure must take this row back with it.
                            if number % 7 == 3 { throw Refused(number: number) }
                            return try String.fetchOne(db, sql: "SELECT text FROM t WHERE n = ?", arguments: [number]) ?? ""
                        }
                        return (number, .success(text))
                    } catch let refused as Refused {
                        return (number, .failure(refused))
                    } catch {
                        return (number, .failure(Refused(number: -1)))
                    }
                }
            }
            var all: [Int: Result<String, Refused>] = [:]
            for await (number, outcome) in group { all[number] = outcome }
            return all
        }
        #expect(outcomes.count == 300)
        for (number, outcome) in outcomes {
            if number % 7 == 3 {
                #expect(outcome == .failure(Refused(number: number)))
            } else {
                #expect(outcome == .success("row \(number)"))
            }
        }
        let stored = try await pool.read { db in try Int.fetchAll(db, sql: "SELECT n FROM t ORDER BY n") }
        #expect(stored == (0..<300).filter { $0 % 7 != 3 })
    }
}
