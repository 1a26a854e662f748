import Feedsmith
import FeedsmithCore
import FeedsmithFetch
import FeedsmithStore
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import UnixSignals

/// `feedctl daemon`: polls on schedule, serves the outputs, answers `feedctl`, talks to systemd.
public enum Daemon {
    public struct StartError: Error, CustomStringConvertible {
        public var description: String
    }

    public static func run(configPath: String, logger: Logger) async throws {
        MemoryTuning.configureForDaemon()
        let config = try ConfigLoader.load(from: URL(fileURLWithPath: configPath).standardizedFileURL)
        let database = config.storage.sqlitePath
        // Held for the daemon's life: a `feedctl refresh` without the daemon takes the same lock.
        let lock: RefreshLock
        do {
            lock = try RefreshLock(databasePath: database.path, timeout: 5)
        } catch {
            throw StartError(description: "\(error)")
        }
        let notifier = SystemdNotifier()
        let store = try await StoreOpener.open(path: database.path, notifier: notifier, logger: logger)
        let fetcher = Fetcher(connectionsPerHost: config.defaults.perHost)
        let token = try ControlToken.create(forDatabase: database)
        let core = DaemonCore(config: config, store: store, fetcher: fetcher, logger: logger, metrics: DaemonMetrics.shared)
        let summary = "polling \(config.sources.count) source(s), writing \(config.feeds.count) feed(s), serving on \(config.server.host):\(config.server.port)"
        let app = Application(
            router: HTTPServer.router(core: core, token: token, logger: logger),
            configuration: .init(address: .hostname(config.server.host, port: config.server.port), serverName: "Feedsmith/\(FeedsmithCore.Feedsmith.version)"),
            onServerRunning: { _ in
                logger.notice("ready", metadata: ["detail": "\(summary)", "allocator": "\(MemoryTuning.allocator)", "sqlite": "\(store.sqliteMode)"])
                notifier.notify("READY=1\nSTATUS=\(summary)")
            },
            logger: logger)
        let services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: app),
            .init(service: SchedulerService(core: core, logger: logger)),
            .init(service: ReloadService(core: core, notifier: notifier, logger: logger)),
            .init(service: WatchdogService(core: core, notifier: notifier)),
        ]
        var groupConfiguration = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        // In-flight fetches are cancelled at once; whatever still runs after these bounds is cut off, so a stop
        // never outlasts systemd's TimeoutStopSec (30 s).
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(15)
        groupConfiguration.maximumCancellationDuration = .seconds(5)
        let group = ServiceGroup(configuration: groupConfiguration)
        do {
            try await group.run()
        } catch {
            logger.error("daemon stopped on an error", metadata: ["error": "\(error)"])
            notifier.notify("STOPPING=1")
            await core.shutdownFetcher()
            try? FileManager.default.removeItem(at: ControlToken.path(forDatabase: database))
            withExtendedLifetime(lock) {}
            throw error
        }
        notifier.notify("STOPPING=1")
        await core.shutdownFetcher()
        try? FileManager.default.removeItem(at: ControlToken.path(forDatabase: database))
        withExtendedLifetime(lock) {}
        logger.notice("stopped")
    }
}

/// SIGHUP re-reads feeds.yml; a broken file keeps the running configuration and logs where it is wrong.
struct ReloadService: Service {
    let core: DaemonCore
    let notifier: SystemdNotifier
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        await cancelWhenGracefulShutdown {
            for await _ in signals {
                do {
                    let config = try await core.reload()
                    notifier.notify("STATUS=reloaded: \(config.sources.count) source(s), \(config.feeds.count) feed(s)")
                } catch {
                    // STATUS holds one line: a file with several problems shows the first and their count.
                    notifier.notify("STATUS=reload refused: \((error as? ConfigError)?.summary ?? "\(error)")")
                }
            }
        }
    }
}

/// Sends WATCHDOG=1 at half of WatchdogSec while the scheduler loop is alive; a stalled loop stops the
/// pings and systemd restarts the service.
struct WatchdogService: Service {
    let core: DaemonCore
    let notifier: SystemdNotifier

    func run() async throws {
        guard let interval = notifier.watchdogInterval else {
            try await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                if await Date().timeIntervalSince(core.heartbeat) < SchedulerService.maximumSleep * 4 + 60 {
                    notifier.notify("WATCHDOG=1")
                }
                // Cancellation at shutdown ends the sleep and then the loop; it is not a failure.
                try? await Task.sleep(for: interval)
            }
        }
    }
}
