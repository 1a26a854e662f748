import Foundation
import GRDB
import Testing
import FeedsmithCore
@testable import FeedsmithStore

/// Concurrent writes share transactions; each caller must still get its own result, and a failing write must
/// fail alone, with nothing of it stored.
@Suite struct WriteBatcherTests {
    struct Refused: Error, Equatable {
        let number: Int
    }

    @Test func eachCallerGetsItsOwnResultAndFailuresStayAlone() async throws {
        let folder = try Self.scratchFolder("batcher")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = Self.wal
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
        // GRDB's WAL pool is at NORMAL: the batcher keeps the writer's choice and syncs nothing of its own.
        #expect(batcher.syncer.counts.syncs == 0)
    }

    /// A writer at FULL syncs every commit; the batcher commits at NORMAL instead and resumes each caller only
    /// after a sync of the log that began after its commit, several commits per sync. Failed works were rolled
    /// back and are answered at once; the writer is back at FULL for writes outside the batcher.
    @Test func aWriterThatSyncsEveryCommitHasItsCallersResumedAfterTheLogSync() async throws {
        let folder = try Self.scratchFolder("group-sync")
        defer { try? FileManager.default.removeItem(at: folder) }
        let pool = try DatabasePool(path: folder.appendingPathComponent("t.sqlite").path, configuration: Self.wal)
        try await pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "CREATE TABLE t (n INTEGER PRIMARY KEY)")
        }
        let batcher = WriteBatcher(pool: pool, maximumBatch: 8)
        let failed = await withTaskGroup(of: Bool.self) { group in
            for number in 0..<200 {
                group.addTask {
                    do {
                        try await batcher.write { db in
                            try db.execute(sql: "INSERT INTO t (n) VALUES (?)", arguments: [number])
                            if number % 10 == 4 { throw Refused(number: number) }
                        }
                        return false
                    } catch {
                        return true
                    }
                }
            }
            var failed = 0
            for await outcome in group where outcome { failed += 1 }
            return failed
        }
        #expect(failed == 20)
        let counts = batcher.syncer.counts
        #expect(counts.resumed == 180)
        #expect(counts.failures == 0)
        #expect(counts.syncs >= 1)
        #expect(counts.syncs < 180)
        #expect(try await pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == 2)
        #expect(try await pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM t") } == 180)
    }

    /// A log that cannot be synced fails the callers waiting on it, naming the file and what to check.
    @Test func aLogThatCannotBeSyncedFailsItsCallers() async throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("feedsmith-missing-\(UUID().uuidString)/t.sqlite").path
        let syncer = WALSyncer(databasePath: missing)
        do {
            _ = try await withCheckedThrowingContinuation { continuation in
                syncer.submit([WALSyncer.Waiter(continuation: continuation, value: 1)])
            }
            Issue.record("a sync of a missing log succeeded")
        } catch let error as StoreError {
            #expect(error.path == missing)
            #expect(error.message.contains("t.sqlite"))
            #expect(error.message.contains("may not be on disk"))
            #expect(error.message.contains("check the disk"))
        }
        #expect(syncer.counts.failures == 1)
        #expect(syncer.counts.resumed == 1)
    }

    /// With the writer's automatic checkpoint off, only the batcher's background checkpoints can move committed
    /// pages from the log into the database file: a copy of that file alone must hold the rows.
    @Test func checkpointsCopyTheLogBesideTheWriter() async throws {
        let folder = try Self.scratchFolder("checkpoint")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("t.sqlite").path
        var configuration = Self.wal
        configuration.prepareDatabase { db in
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try await pool.write { db in try db.execute(sql: "CREATE TABLE t (n INTEGER PRIMARY KEY, text TEXT NOT NULL)") }
        let batcher = WriteBatcher(pool: pool, maximumBatch: 8, checkpointInterval: 2)
        let text = String(repeating: "x", count: 2_000)
        for number in 0..<40 {
            try await batcher.write { db in try db.execute(sql: "INSERT INTO t (n, text) VALUES (?, ?)", arguments: [number, text]) }
        }
        batcher.checkpointer.drain()
        let counts = batcher.checkpointer.counts
        #expect(counts.completed > 0)
        #expect(counts.failed == 0)
        // The database file without its log: what a checkpoint has copied, and nothing else.
        let copy = folder.appendingPathComponent("copy.sqlite").path
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        let alone = try DatabaseQueue(path: copy)
        let rows = try await alone.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM t") ?? 0 }
        #expect(rows >= 2)  // the first checkpoint starts after two commits
        #expect(try await pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM t") } == 40)
    }

    /// A checkpoint that cannot run is counted, and the next one is tried again, not given up on.
    @Test func failedCheckpointsAreCountedAndRetried() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("feedsmith-missing-\(UUID().uuidString)/t.sqlite").path
        let checkpointer = WALCheckpointer(path: missing, interval: 1)
        checkpointer.committed()
        checkpointer.drain()
        checkpointer.committed()
        checkpointer.drain()
        #expect(checkpointer.counts.completed == 0)
        #expect(checkpointer.counts.failed == 2)
    }

    /// Another connection checkpointing (the writer's automatic checkpoint, in the daemon) holds the checkpoint
    /// lock: the background checkpoint finds it busy, which is not a failure and is not logged as one.
    @Test func aCheckpointAlreadyRunningIsBusyNotFailed() async throws {
        let folder = try Self.scratchFolder("checkpoint-busy")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("t.sqlite").path
        let configuration = Self.wal
        let pool = try DatabasePool(path: path, configuration: configuration)
        try await pool.write { db in try db.execute(sql: "CREATE TABLE t (n INTEGER PRIMARY KEY); INSERT INTO t VALUES (1)") }
        // A reader keeps an old snapshot open...
        let reader = try DatabaseQueue(path: path)
        let (reading, release, fullDone) = (DispatchSemaphore(value: 0), DispatchSemaphore(value: 0), DispatchSemaphore(value: 0))
        DispatchQueue.global().async {
            _ = try? reader.read { db in
                _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM t")
                reading.signal()
                release.wait()
            }
        }
        await Self.wait(for: reading)
        try await pool.write { db in try db.execute(sql: "INSERT INTO t VALUES (2)") }
        // ...so a FULL checkpoint waits for it, holding the checkpoint lock all the while.
        var waiting = Configuration()
        waiting.busyMode = .timeout(10)
        let other = try DatabaseQueue(path: path, configuration: waiting)
        DispatchQueue.global().async {
            _ = try? other.writeWithoutTransaction { db in try db.checkpoint(.full) }
            fullDone.signal()
        }
        let checkpointer = WALCheckpointer(path: path, interval: 1)
        for _ in 0..<100 where checkpointer.counts.busy == 0 {
            try await Task.sleep(for: .milliseconds(50))
            checkpointer.committed()
            checkpointer.drain()
        }
        release.signal()
        await Self.wait(for: fullDone)
        #expect(checkpointer.counts.busy > 0)
        #expect(checkpointer.counts.failed == 0)
    }

    /// Waits on a thread of its own: blocking one of the few cooperative threads would stall the other tests.
    private static func wait(for semaphore: DispatchSemaphore) async {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                semaphore.wait()
                continuation.resume()
            }
        }
    }

    /// GRDB leaves a WAL pool at `synchronous = NORMAL`, where a commit is synced only at the next checkpoint and
    /// a power loss can take back the last ones; the store's writer syncs every commit, also when it reopens. The
    /// log settings made before GRDB sets up WAL mode, and the writer's page cache, must hold as well.
    @Test func theStoresCommitsAreSyncedBeforeTheyReturn() async throws {
        let folder = try Self.scratchFolder("synchronous")
        defer { try? FileManager.default.removeItem(at: folder) }
        let bare = try DatabasePool(path: folder.appendingPathComponent("bare.sqlite").path, configuration: Self.wal)
        #expect(try await bare.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == 1)
        let path = folder.appendingPathComponent("store.sqlite").path
        for round in 0..<2 {
            let store = try SQLiteStore(path: path)
            #expect(try await store.writerSetting(.synchronous) == 2)
            // Refreshes' commits are synced by the batcher's syncer, and the writer is left at FULL.
            var state = SourceState(id: "s\(round)", url: "https://example.org/feed.xml")
            state.status = .ok
            _ = try await store.storeItems([Item(url: "https://example.org/\(round)", title: "One")], state: state, now: Date())
            #expect(store.batcher.syncer.counts.resumed == 1)
            #expect(try await store.writerSetting(.synchronous) == 2)
            #expect(try await store.writerSetting(.walAutocheckpoint) == 16_000)
            #expect(try await store.writerSetting(.journalSizeLimit) == 67_108_864)
            #expect(try await store.writerSetting(.cacheSize) == -8192, "8 MiB, where SQLite's default is 2")
        }
    }

    private static func scratchFolder(_ name: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedsmith-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    private static var wal: Configuration {
        var configuration = Configuration()
        configuration.journalMode = .wal
        return configuration
    }
}
