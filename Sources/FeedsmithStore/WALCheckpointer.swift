import Dispatch
import GRDB
import Logging
import Metrics
import Synchronization

/// Copies the write-ahead log into the database file on a connection and thread of its own, so the single
/// writer goes on committing while pages are copied.
///
/// SQLite's automatic checkpoint runs inside the commit that crosses its threshold, on the writer's thread:
/// `perf` of `feedsmith-bench store` put a fifth of the writer thread's samples there. A passive checkpoint
/// takes only the checkpoint lock, so it runs beside a writing connection (it copies the frames committed
/// before it started). The writer's own automatic checkpoint stays as a backstop: once the log has grown past
/// its threshold, the writer's checkpoint copies what is left (little, since this one copied the rest) and the
/// next transaction starts the log from its beginning again, which only a writer can do.
///
/// A failed background checkpoint costs nothing but speed (the backstop still copies), so it is not thrown: it is
/// counted in `feedsmith_store_checkpoints_total{outcome="failed"}` and logged when checkpoints start or stop failing.
/// Finding the checkpoint lock taken (by the writer's own checkpoint) is not a failure: `outcome="busy"`, not logged.
final class WALCheckpointer: Sendable {
    private struct State {
        var connection: DatabaseQueue?
        var running = false
        var commitsSinceCheckpoint = 0
        var completed = 0
        var busy = 0
        var failures = 0
        var failing = false
    }

    private let path: String
    /// Commits between checkpoints: each copies the pages those commits wrote, once, however often they were rewritten.
    private let interval: Int
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "feedsmith.store.checkpoint")
    private let logger = Logger(label: "feedsmith.store")

    init(path: String, interval: Int) {
        self.path = path
        self.interval = max(1, interval)
    }

    /// Checkpoints run to the end, found another connection checkpointing, or failed (for tests and diagnostics).
    var counts: (completed: Int, busy: Int, failed: Int) { state.withLock { ($0.completed, $0.busy, $0.failures) } }

    /// Called by the writer after each commit: starts a checkpoint when enough commits have accumulated and none is running.
    func committed() {
        let start = state.withLock { state -> Bool in
            state.commitsSinceCheckpoint += 1
            guard !state.running, state.commitsSinceCheckpoint >= interval else { return false }
            state.running = true
            state.commitsSinceCheckpoint = 0
            return true
        }
        if start { queue.async { self.checkpoint() } }
    }

    /// Waits until the checkpoint started last has finished (for tests).
    func drain() {
        queue.sync {}
    }

    /// Runs on `queue` only, so the connection is opened once and used by one thread at a time.
    private func checkpoint() {
        enum Outcome: String { case ok, busy, failed }
        var outcome = Outcome.ok
        var failure = ""
        do {
            let connection = try openConnection()
            try connection.writeWithoutTransaction { db in _ = try db.checkpoint(.passive) }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            // Another connection (the writer's automatic checkpoint) holds the checkpoint lock and is copying
            // the same log: nothing is lost, the next one goes on from where that one stops.
            outcome = .busy
        } catch {
            outcome = .failed
            failure = "\(error)"
        }
        Counter(label: "feedsmith_store_checkpoints_total", dimensions: [("outcome", outcome.rawValue)]).increment()
        let changed = state.withLock { state -> Bool in
            state.running = false
            switch outcome {
            case .ok: state.completed += 1
            case .busy: state.busy += 1
            case .failed: state.failures += 1
            }
            guard outcome != .busy else { return false }
            defer { state.failing = outcome == .failed }
            return state.failing != (outcome == .failed)
        }
        guard changed else { return }
        if outcome == .failed {
            logger.warning("""
                store \(path): background WAL checkpoint failed (\(failure)); the writer still checkpoints, more slowly. \
                Check free space and permissions of the database folder.
                """)
        } else {
            logger.notice("store \(path): background WAL checkpoints succeed again")
        }
    }

    private func openConnection() throws -> DatabaseQueue {
        if let open = state.withLock({ $0.connection }) { return open }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.foreignKeysEnabled = false
        configuration.label = "feedsmith.store.checkpoint"
        // Opened outside the lock, so a commit never waits for it.
        let opened = try DatabaseQueue(path: path, configuration: configuration)
        state.withLock { $0.connection = opened }
        return opened
    }
}
