import Foundation
import GRDB

/// Writes submitted while the writer is busy are applied together, in one transaction, each in a savepoint
/// of its own: a refresh stores from several concurrent source tasks, and each commit writes and syncs every
/// page it dirtied. SQLite alone with this schema inserts 11,500 items/s at one commit per source and 25,000
/// at eight (`scripts/sqlite-floor.py`); at the default concurrency of eight, batches here hold about four
/// sources, and the store benchmark did not measurably change with it (the writer's own work per item
/// dominates). Each caller returns only after its work is committed, and a write that throws rolls back its
/// own savepoint without touching the others. Results travel type-erased through the batch and are cast back
/// to the caller's type, which cannot fail: each continuation only ever receives its own work's value.
actor GroupCommit {
    typealias Work = @Sendable (Database) throws -> any Sendable

    private struct Pending {
        var work: Work
        var continuation: CheckedContinuation<any Sendable, any Error>
    }

    private let pool: DatabasePool
    private var pending: [Pending] = []
    private var draining = false
    /// Bounds a batch so one transaction stays short when thousands of sources finish at once.
    private let maximumBatch = 64

    init(pool: DatabasePool) {
        self.pool = pool
    }

    func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let result = try await withCheckedThrowingContinuation { continuation in
            pending.append(Pending(work: { try work($0) }, continuation: continuation))
            if !draining {
                draining = true
                // Its own task, so no source waits for later sources' batches once its own is committed;
                // it ends when nothing is pending, and the next write starts another.
                Task { await drain() }
            }
        }
        guard let typed = result as? T else { throw StoreError(path: pool.path, message: "internal: a write returned the wrong type") }
        return typed
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(maximumBatch))
            pending.removeFirst(batch.count)
            let works = batch.map(\.work)
            do {
                let results = try await pool.write { db -> [Result<any Sendable, any Error>] in
                    works.map { work in
                        var outcome: Result<any Sendable, any Error> = .failure(CancellationError())
                        do {
                            try db.inSavepoint {
                                outcome = .success(try work(db))
                                return .commit
                            }
                        } catch {
                            outcome = .failure(error)
                        }
                        return outcome
                    }
                }
                for (waiter, result) in zip(batch, results) { waiter.continuation.resume(with: result) }
            } catch {
                // The commit itself failed: nothing of this batch is stored.
                for waiter in batch { waiter.continuation.resume(throwing: error) }
            }
        }
        draining = false
    }
}
