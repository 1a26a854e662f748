import GRDB
import Logging
import Synchronization

/// Writes that arrive while the writer is busy are committed together, in one transaction.
///
/// A refresh stores from several source tasks at once, and every commit writes each page it dirtied to the
/// WAL: the table's tail, six b-trees and the sources row, many of which the next source's commit writes
/// again. `strace` of `feedsmith-bench store` counted 970,000 `pwrite` calls for 100,000 items at one commit
/// per source, and `perf` put 47% of the writer thread's time in the kernel. SQLite alone with this schema
/// inserts 11,500 items/s at one commit per source and 25,000 at eight (`scripts/sqlite-floor.py`).
///
/// The batch is taken inside a job on GRDB's writer queue, so the writer never idles between batches (an
/// earlier version collected batches in an actor and awaited each write, and was slower than no batching).
/// Each batch is one job: other writes queued meanwhile run between batches, in order. Measured with
/// `feedsmith-bench store` (100,000 items, 8 sources at once, batches of about three): 5.9-6.5 s and 8.3-8.9 s
/// of CPU with it, 7.9-8.3 s and 10.4-11.0 s of CPU without, three alternating runs each.
///
/// A caller resumes only after its work is committed and, where the writer syncs commits, on disk (``WALSyncer``).
/// When a work throws, the whole transaction is rolled back and every work of the batch is run again in a
/// transaction of its own, so one failing source does not fail the others and no savepoints are paid for in the
/// common case. Works must therefore only depend on the database (they are run twice after a failure).
final class WriteBatcher: Sendable {
    typealias Work = @Sendable (Database) throws -> any Sendable

    private struct Pending: Sendable {
        var work: Work
        var continuation: CheckedContinuation<any Sendable, any Error>
    }

    private struct Queue {
        var pending: [Pending] = []
        /// Whether a job is scheduled on the writer queue that will take the pending works.
        var scheduled = false
        /// The writer connection's `PRAGMA synchronous`, read at the first batch (the store sets it at open).
        var synchronous: Int?
    }

    private let pool: DatabasePool
    private let queue = Mutex(Queue())
    private let logger = Logger(label: "feedsmith.store")
    /// Bounds a transaction so other writes are not held back long when thousands of sources finish at once.
    private let maximumBatch: Int
    /// Copies the log into the database beside the writer (`feedsmith-bench store`, 100,000 inserts, three alternating
    /// runs: 5.27–5.84 s with SQLite's checkpoint on the writer alone, 4.36–4.71 s with this). Writes that do not go
    /// through the batcher are left to the writer's own checkpoint.
    let checkpointer: WALCheckpointer
    /// Syncs the log for commits the writer would have synced itself (`synchronous` FULL or above), off its thread.
    /// `feedsmith-bench store --total 100000` on disk, three alternating pairs: 4.17–4.47 s against 4.97–5.36 s
    /// with SQLite syncing each commit on the writer's thread (as fast as not syncing commits at all, 4.33–4.39 s).
    let syncer: WALSyncer

    /// `checkpointInterval`: commits between background checkpoints. A checkpoint copies each page once however
    /// often those commits rewrote it, and index pages are rewritten by most commits. System calls counted by
    /// `perf stat` over `feedsmith-bench store --inserts 100000` (deterministic where timings on this machine are
    /// not): every 4 commits 679,156–686,002 `pwrite` and 245,737–247,564 `pread`; every 8, 648,817 and 216,205;
    /// every 16, 625,992–629,592 and 195,078–195,270; every 32, 615,489 and 183,008; the writer's own checkpoint
    /// alone, 609,810 and 170,887. Past 16 little is saved and more is left to the writer's thread.
    init(pool: DatabasePool, maximumBatch: Int = 32, checkpointInterval: Int = 16) {
        self.pool = pool
        self.maximumBatch = max(1, maximumBatch)
        checkpointer = WALCheckpointer(path: pool.path, interval: checkpointInterval)
        syncer = WALSyncer(databasePath: pool.path)
    }

    func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let result = try await withCheckedThrowingContinuation { continuation in
            let schedule = queue.withLock { queue -> Bool in
                queue.pending.append(Pending(work: { try work($0) }, continuation: continuation))
                guard !queue.scheduled else { return false }
                queue.scheduled = true
                return true
            }
            if schedule { scheduleBatch() }
        }
        // Each continuation receives only its own work's value, so this cast cannot fail.
        guard let typed = result as? T else { throw StoreError(path: pool.path, message: "internal: a write returned the wrong type") }
        return typed
    }

    private func scheduleBatch() {
        pool.asyncWriteWithoutTransaction { db in self.runBatch(db) }
    }

    private func runBatch(_ db: Database) {
        let limit = maximumBatch
        let batch = queue.withLock { queue -> [Pending] in
            let taken = Array(queue.pending.prefix(limit))
            queue.pending.removeFirst(taken.count)
            return taken
        }
        // A writer that syncs every commit commits this batch at NORMAL instead, and `syncer` syncs the log before
        // the callers resume: the writer takes the next batch while the disk works.
        let level = synchronousLevel(db)
        let deferred = level >= 2 && setSynchronous(1, db)
        let results = commit(batch.map(\.work), db)
        if deferred, !setSynchronous(level, db) {
            logger.error("store \(pool.path): cannot restore PRAGMA synchronous = \(level) on the writer; writes outside refreshes may not be synced")
        }
        checkpointer.committed()
        let more = queue.withLock { queue -> Bool in
            queue.scheduled = !queue.pending.isEmpty
            return queue.scheduled
        }
        // The next batch is its own job, so writes queued behind this one are not starved.
        if more { scheduleBatch() }
        guard deferred else {
            for (waiter, result) in zip(batch, results) { waiter.continuation.resume(with: result) }
            return
        }
        var durable: [WALSyncer.Waiter] = []
        for (waiter, result) in zip(batch, results) {
            switch result {
            case .success(let value): durable.append(WALSyncer.Waiter(continuation: waiter.continuation, value: value))
            case .failure(let error): waiter.continuation.resume(throwing: error)  // rolled back: nothing to sync
            }
        }
        syncer.submit(durable)
    }

    /// The writer's level, read once: only the store sets it, when it opens, before any batch.
    private func synchronousLevel(_ db: Database) -> Int {
        if let known = queue.withLock({ $0.synchronous }) { return known }
        let level = try? Int.fetchOne(db, sql: "PRAGMA synchronous")
        // Unreadable: treated as a writer that syncs nothing itself, so commits are left exactly as they are.
        let known = level ?? 0
        queue.withLock { $0.synchronous = known }
        return known
    }

    private func setSynchronous(_ level: Int, _ db: Database) -> Bool {
        do {
            try db.cachedStatement(sql: "PRAGMA synchronous = \(level)").execute()
            return true
        } catch {
            return false
        }
    }

    /// Runs the works in one transaction; if any of them (or the commit) fails, each in a transaction of its own.
    private func commit(_ works: [Work], _ db: Database) -> [Result<any Sendable, any Error>] {
        if works.count > 1 {
            var values: [any Sendable] = []
            values.reserveCapacity(works.count)
            do {
                try db.inTransaction {
                    for work in works { values.append(try work(db)) }
                    return .commit
                }
                return values.map { .success($0) }
            } catch {
                // Rolled back by inTransaction; the works are told apart below.
            }
        }
        return works.map { work in
            Result {
                var value: (any Sendable)?
                try db.inTransaction {
                    value = try work(db)
                    return .commit
                }
                guard let value else { throw StoreError(path: pool.path, message: "internal: a write returned no value") }
                return value
            }
        }
    }
}
