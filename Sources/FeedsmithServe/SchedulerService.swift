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
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await core.beat()
                let now = Date()
                do {
                    let (due, next) = try await core.due(at: now)
                    if !due.isEmpty {
                        _ = try await core.refresh(due)
                        continue
                    }
                    let pause = min(max((next ?? now.addingTimeInterval(Self.maximumSleep)).timeIntervalSince(now), 0.05), Self.maximumSleep)
                    await wake.sleep(upTo: pause)
                } catch is CancellationError {
                    return  // graceful shutdown: in-flight fetches were cancelled, the store is consistent
                } catch {
                    // A store or publishing failure: log it and try again shortly; the daemon keeps running.
                    logger.error("refresh failed", metadata: ["error": "\(error)"])
                    await wake.sleep(upTo: Self.maximumSleep)
                }
            }
        }
    }
}
