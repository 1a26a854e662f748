import Feedsmith
import FeedsmithCore
import FeedsmithFetch
import FeedsmithStore
import Foundation
import Logging

/// The daemon's state: the running configuration, and the one place refreshes happen, so scheduled polls,
/// `feedctl refresh` and reloads never overlap.
public actor DaemonCore {
    public private(set) var config: FeedsmithConfig
    public let store: SQLiteStore
    /// Replaced on reload when `per_host` changes: a client's pool is sized when it is made.
    private var fetcher: Fetcher
    let logger: Logger
    let metrics: DaemonMetrics
    /// Wakes the scheduler early (after a reload).
    let wakeSignal = WakeSignal()
    /// When the scheduler last finished a loop turn: /healthz and the watchdog check it is alive.
    public private(set) var heartbeat = Date()
    private var hostGate: HostGate
    /// Keeps the story index in memory between polls; replaced on reload, since thresholds may change.
    private var grouper: StoryGrouper
    /// When each source was last attempted: a floor under the stored due times, so a store that cannot save
    /// a due time never turns the scheduler into a tight polling loop.
    private var lastAttempt: [String: Date] = [:]
    /// An actor runs other calls while one awaits, so a `feedctl refresh` arriving during a scheduled poll
    /// would interleave with it: refreshes take turns instead, in arrival order (and so does retiring an HTTP
    /// client a refresh may still use).
    private var turnTaken = false
    private var waitingForTurn: [CheckedContinuation<Void, Never>] = []

    public init(config: FeedsmithConfig, store: SQLiteStore, fetcher: Fetcher, logger: Logger, metrics: DaemonMetrics) {
        self.config = config
        self.store = store
        self.fetcher = fetcher
        self.logger = logger
        self.metrics = metrics
        hostGate = HostGate(limit: config.defaults.perHost, gap: config.defaults.hostGap)
        grouper = StoryGrouper(store: store, options: config.grouping)
    }

    func beat() { heartbeat = Date() }

    /// Refreshes sources now (all when `ids` is empty) and publishes the outputs they affect.
    public func refresh(_ ids: [String], onlyChanged: Bool = true) async throws -> RefreshReport {
        await takeTurn()
        defer { endTurn() }
        // A refresh that waited through a shutdown does not start.
        try Task.checkCancellation()
        var refresher = Refresher(config: config, store: store, fetcher: fetcher, logger: logger)
        refresher.hostGate = hostGate
        refresher.publishOnlyChanged = onlyChanged
        refresher.grouper = grouper
        let started = Date()
        for id in ids.isEmpty ? config.sources.map(\.id) : ids { lastAttempt[id] = started }
        let report = try await refresher.refresh(sourceIDs: ids)
        for source in report.sources {
            metrics.fetched(outcome: source.outcome.rawValue, seconds: source.duration)
            if source.outcome == .failed {
                logger.warning("poll failed", metadata: ["source": "\(source.sourceID)", "error": "\(source.error ?? "")"])
            } else {
                logger.info("polled", metadata: ["source": "\(source.sourceID)", "outcome": "\(source.outcome.rawValue)", "new": "\(source.new)", "updated": "\(source.updated)"])
            }
        }
        logger.info("refreshed", metadata: [
            "sources": "\(report.sources.count)", "failed": "\(report.failedCount)", "written": "\(report.publish.written.count)",
            "seconds": "\(Self.seconds(report.duration))", "fetching": "\(Self.seconds(report.phases.sources))",
            "grouping": "\(Self.seconds(report.phases.grouping))", "publishing": "\(Self.seconds(report.phases.publishing))",
            // Summed over outputs published at once, so they can exceed the publishing time; the commit is its own.
            "publish_reading": "\(Self.seconds(report.publish.stageSeconds.reading))",
            "publish_rendering": "\(Self.seconds(report.publish.stageSeconds.rendering))",
            "publish_writing": "\(Self.seconds(report.publish.stageSeconds.writing))",
            "publish_commit": "\(Self.seconds(report.publish.commitSeconds))"])
        metrics.feedWritten(count: report.publish.written.count)
        Self.logRemoved(report.publish, logger: logger)
        if let grouping = report.grouping { metrics.grouped(grouping) }
        // A cycle's documents, items and renders are freed now; hand the pages back (see MemoryTuning).
        MemoryTuning.trim()
        return report
    }

    /// Waits until no refresh (or retirement of a client) is under way, then holds the turn.
    private func takeTurn() async {
        if turnTaken {
            await withCheckedContinuation { waitingForTurn.append($0) }  // the finishing turn hands itself over
        } else {
            turnTaken = true
        }
    }

    private func endTurn() {
        if waitingForTurn.isEmpty { turnTaken = false } else { waitingForTurn.removeFirst().resume() }
    }

    /// Shuts a replaced HTTP client down once the refresh that may still be using it has finished: shutting it
    /// down earlier would fail that refresh's fetches.
    private func retire(_ old: Fetcher) async {
        await takeTurn()
        defer { endTurn() }
        await old.shutdown()
    }

    /// Shuts the HTTP client down when the daemon stops.
    func shutdownFetcher() async {
        await fetcher.shutdown()
    }

    /// Seconds with millisecond precision, for log lines.
    static func seconds(_ interval: TimeInterval) -> String { String(format: "%.3f", interval) }

    /// Sources whose due time has come, and when the next one will be due.
    func due(at now: Date) async throws -> (due: [String], next: Date?) {
        let states = Dictionary(try await store.allSourceStates().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var due: [String] = []
        var next: Date?
        for source in config.sources {
            if let attempted = lastAttempt[source.id], now.timeIntervalSince(attempted) < source.interval / 2 {
                let floor = attempted.addingTimeInterval(source.interval / 2)
                next = min(next ?? floor, floor)
                continue
            }
            // A source never polled, or whose URL changed, is due now; otherwise its stored due time holds,
            // so a restart neither hammers every source nor forgets a backoff.
            guard let state = states[source.id], state.configuredURL == source.url.absoluteString, let at = state.nextDueAt else {
                due.append(source.id)
                continue
            }
            if at <= now { due.append(source.id) } else { next = min(next ?? at, at) }
        }
        return (due, next)
    }

    /// Re-reads feeds.yml. An invalid file keeps the running configuration and reports why.
    public func reload() throws(ConfigError) -> FeedsmithConfig {
        let fresh: FeedsmithConfig
        do {
            fresh = try ConfigLoader.load(from: config.file)
        } catch {
            // One log line per problem, after the refusal: the problems as one multi-line value put the refusal at
            // the end of the last line, and journald files each line as its own entry.
            logger.error("reload refused; the running configuration stays", metadata: ["problems": "\(error.problems.count)"])
            for problem in error.problems { logger.error("\(problem)") }
            throw error
        }
        if fresh.defaults.perHost != config.defaults.perHost {
            // The pool's size is fixed when a client is made, so the next refresh gets a new client; the old one
            // keeps serving a refresh under way and is shut down after it.
            let old = fetcher
            fetcher = Fetcher(connectionsPerHost: fresh.defaults.perHost)
            Task { await self.retire(old) }
            logger.notice("per_host changed; the next refresh uses a new connection pool", metadata: [
                "connections_per_host": "\(fresh.defaults.perHost)", "before": "\(config.defaults.perHost)"])
        }
        config = fresh
        hostGate = HostGate(limit: fresh.defaults.perHost, gap: fresh.defaults.hostGap)
        if fresh.grouping != grouper.options { grouper = StoryGrouper(store: store, options: fresh.grouping) }
        // Titles, limits or feeds may have changed: every output is rendered again (unchanged bytes stay put).
        Task { [store, logger] in
            do {
                Self.logRemoved(try await Publisher(config: fresh, store: store).publishAll(), logger: logger)
            } catch {
                logger.error("publishing after reload failed", metadata: ["error": "\(error)"])
            }
        }
        logger.notice("configuration reloaded", metadata: ["sources": "\(fresh.sources.count)", "feeds": "\(fresh.feeds.count)"])
        Task { await wakeSignal.signal() }
        return fresh
    }

    /// Files retired because the configuration no longer publishes them: a notice, since files disappear.
    static func logRemoved(_ report: PublishReport, logger: Logger) {
        guard !report.removed.isEmpty else { return }
        logger.notice("removed outputs no longer published", metadata: [
            "count": "\(report.removed.count)", "files": "\(report.removed.joined(separator: " "))"])
    }

    /// Status for `feedctl status` and the status JSON.
    public func status() async throws -> [SourceStatus] {
        let result = try await SourceStatus.collect(config: config, store: store)
        for row in result {
            metrics.itemsStored(source: row.id, count: row.items)
            if let success = row.lastSuccess { metrics.secondsSinceSuccess(source: row.id, seconds: Date().timeIntervalSince(success)) }
        }
        return result
    }

    /// Records a source's metrics before /metrics is scraped.
    func refreshGauges() async { _ = try? await status() }
}

/// One row of `feedctl status`.
extension SourceStatus {
    /// Every configured source's row, read from the store (the daemon's answer, or feedctl's when none runs).
    public static func collect(config: FeedsmithConfig, store: any FeedStore) async throws -> [SourceStatus] {
        let states = Dictionary(try await store.allSourceStates().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var result: [SourceStatus] = []
        for source in config.sources {
            let state = states[source.id]
            let items = try await store.itemCount(sourceID: source.id)
            var flags = (state?.flags ?? []).filter { ["recovered", "backoff", "broken", "list", "article"].contains($0) || $0.hasPrefix("flagged") }
            if (state?.errorCount ?? 0) > 0, !flags.contains("backoff") { flags.append("backoff") }
            result.append(SourceStatus(
                id: source.id, status: state?.status.rawValue ?? "never", lastSuccess: state?.lastSuccessAt, nextDue: state?.nextDueAt,
                errors: state?.errorCount ?? 0, items: items, flags: flags, lastError: state?.lastError))
        }
        return result
    }
}

public struct SourceStatus: Sendable, Codable, Equatable {
    public var id: String
    public var status: String
    public var lastSuccess: Date?
    public var nextDue: Date?
    public var errors: Int
    public var items: Int
    public var flags: [String]
    public var lastError: String?
}
