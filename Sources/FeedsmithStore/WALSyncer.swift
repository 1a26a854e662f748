import Dispatch
import Foundation
import Logging
import Metrics
import Synchronization

/// Makes the batcher's commits durable on a thread of its own, so the single writer goes on committing while
/// the disk syncs: group commit, as PostgreSQL's and InnoDB's logs do it.
///
/// At `synchronous = FULL` SQLite syncs the write-ahead log inside every commit, on the writer's thread, and the
/// writer waits for the disk before it takes the next batch. The batcher instead commits at `NORMAL` (the log is
/// written, not synced) and hands the batch's callers to this syncer, which syncs the log file and only then
/// resumes them. Each sync covers every commit handed over before it began, so however many commits land while
/// one sync runs, the next sync serves them all. A caller therefore resumes exactly when it would have at
/// `FULL`: with its commit on disk. At `NORMAL` SQLite itself still syncs the log before each checkpoint copies it,
/// the database after, and the log's header when the log starts over, so a frame is never overwritten or
/// copied before it is durable.
///
/// What differs from `FULL`: another connection can read a commit during the milliseconds before it is durable.
/// A power loss then takes that commit back together with its sources' states, so the next poll fetches the
/// same items again and gives them the same ids. And a sync that fails (an I/O error) finds the commits already
/// made, where at `FULL` the commit itself would have failed: the callers are failed with an error saying their
/// commits may not be on disk, and it is logged, so the operator looks at the disk.
final class WALSyncer: Sendable {
    /// A caller whose commit is waiting for the sync, with what it is resumed with once the log is on disk.
    struct Waiter: Sendable {
        var continuation: CheckedContinuation<any Sendable, any Error>
        var value: any Sendable
    }

    private struct State {
        var waiting: [Waiter] = []
        var running = false
        var syncs = 0
        var failures = 0
        var resumed = 0
    }

    /// The database file; its log is this path with `-wal`.
    let databasePath: String
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "feedsmith.store.sync")
    private let logger = Logger(label: "feedsmith.store")

    init(databasePath: String) {
        self.databasePath = databasePath
    }

    /// Syncs run, syncs failed, and callers resumed after one (for tests and diagnostics).
    var counts: (syncs: Int, failures: Int, resumed: Int) { state.withLock { ($0.syncs, $0.failures, $0.resumed) } }

    /// Resumes the waiters once the log holding their commits is on disk. Call only after those commits returned.
    func submit(_ waiters: [Waiter]) {
        guard !waiters.isEmpty else { return }
        let start = state.withLock { state -> Bool in
            state.waiting += waiters
            guard !state.running else { return false }
            state.running = true
            return true
        }
        if start { queue.async { self.run() } }
    }

    /// Runs on `queue` only: one sync at a time, each for everything handed over before it began.
    private func run() {
        while true {
            let taken = state.withLock { state -> [Waiter] in
                let taken = state.waiting
                state.waiting = []
                if taken.isEmpty { state.running = false }
                return taken
            }
            guard !taken.isEmpty else { return }
            let failure = sync()
            state.withLock { state in
                state.syncs += 1
                state.resumed += taken.count
                if failure != nil { state.failures += 1 }
            }
            Counter(label: "feedsmith_store_log_syncs_total", dimensions: [("outcome", failure == nil ? "ok" : "failed")]).increment()
            for waiter in taken {
                if let failure {
                    waiter.continuation.resume(throwing: failure)
                } else {
                    waiter.continuation.resume(returning: waiter.value)
                }
            }
        }
    }

    /// `fdatasync` of the log, opened anew each time (the file is truncated and, when the last connection closes,
    /// removed; a descriptor kept open could outlive it). Without a log file, every commit has been copied into the
    /// database by a checkpoint, which SQLite syncs; the database is synced here anyway, as the safe answer.
    private func sync() -> StoreError? {
        let log = databasePath + "-wal"
        var descriptor = open(log, O_RDONLY | O_CLOEXEC)
        var synced = log
        if descriptor < 0, errno == ENOENT {
            descriptor = open(databasePath, O_RDONLY | O_CLOEXEC)
            synced = databasePath
        }
        guard descriptor >= 0 else { return failed(synced, "cannot open it", errno) }
        defer { close(descriptor) }
        var result: Int32
        repeat { result = fdatasync(descriptor) } while result != 0 && errno == EINTR
        return result == 0 ? nil : failed(synced, "cannot sync it", errno)
    }

    private func failed(_ file: String, _ what: String, _ code: Int32) -> StoreError {
        let reason = String(cString: strerror(code))
        let message = """
            the last commits may not be on disk: \(file): \(what) (\(reason)); check the disk and the file system \
            (free space, I/O errors in the kernel log), then refresh again
            """
        logger.error("store \(databasePath): \(message)")
        return StoreError(path: databasePath, message: message)
    }
}
