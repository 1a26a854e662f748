import FeedsmithStore
import Foundation
import Logging

/// Opens the daemon's store while keeping systemd patient. Opening runs the schema upgrades a new version brings,
/// and an upgrade that rebuilds the items table (v8) copies every stored item: on tmpfs 7.4 s for 200,000 items
/// and 34.9 s for 1,000,000, longer on a disk. Past `TimeoutStartSec` systemd would kill the daemon mid-upgrade
/// (rolled back, so nothing is lost) and start it again into the same upgrade, forever; while the store opens,
/// the daemon asks systemd for more time (`EXTEND_TIMEOUT_USEC`) and says why in its status and log.
enum StoreOpener {
    /// How much more start time each request asks for.
    static let window = Duration.seconds(30)

    static func open(path: String, notifier: SystemdNotifier, logger: Logger) async throws -> SQLiteStore {
        try await extendingStartup(notifier: notifier) {
            try SQLiteStore(path: path) { upgrades in
                let steps = upgrades.joined(separator: ", ")
                logger.notice("upgrading the store; this can take minutes for a large one", metadata: ["path": "\(path)", "steps": "\(steps)"])
                notifier.notify("STATUS=upgrading the store (\(steps))")
            }
        }
    }

    /// Runs `body` on a thread of its own (off the cooperative pool, two threads here, so the requests go out
    /// while it blocks), asking systemd for ``window`` more start time after `first` and then every `renewal`,
    /// well inside the window, until it returns.
    static func extendingStartup<T: Sendable>(
        notifier: SystemdNotifier, first: Duration = .seconds(5), renewal: Duration = .seconds(10),
        _ body: @escaping @Sendable () throws -> T
    ) async throws -> T {
        let patience = Task {
            try await Task.sleep(for: first)
            while !Task.isCancelled {
                notifier.notify("EXTEND_TIMEOUT_USEC=\(window.components.seconds * 1_000_000)")
                try await Task.sleep(for: renewal)
            }
        }
        defer { patience.cancel() }
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }
}
