import FeedsmithCore
import Foundation
import Logging
import ServiceLifecycle

/// Polls each source when it is due: sleeps until the earliest due time (or until woken by a reload),
/// refreshes the due sources together, and repeats until graceful shutdown.
public struct SchedulerService: Service {
    let core: DaemonCore
    let logger: Logger
    /// The longest the loop sleeps, so the heartbeat stays fresh for the watchdog and /healthz.
    static let maximumSleep: TimeInterval = 5

    public func run() async throws {
        let wake = core.wakeSignal
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await core.beat()
                let now = Date()
                let (due, next) = try await core.due(at: now)
                if !due.isEmpty {
                    do {
                        _ = try await core.refresh(due)
                    } catch {
                        logger.error("refresh failed", metadata: ["error": "\(error)"])
                    }
                    continue
                }
                let pause = min(max((next ?? now.addingTimeInterval(Self.maximumSleep)).timeIntervalSince(now), 0.05), Self.maximumSleep)
                await wake.sleep(upTo: pause)
            }
        }
    }
}
