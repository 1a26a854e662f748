import FeedsmithCore
import FeedsmithFetch
import FeedsmithStore
import Foundation
import Logging

/// One refresh: fetch the chosen sources concurrently, parse, store, then publish every output.
/// A failing source is reported and never stops the others; outputs are written from what is stored.
public struct Refresher: Sendable {
    public let config: FeedsmithConfig
    public let store: any FeedStore
    public let fetcher: Fetcher
    public let logger: Logger
    /// Sources fetched at once.
    public var concurrency = 8
    /// When each source is next due; the daemon polls by it, and it persists across restarts.
    public var policy = SchedulePolicy()
    /// Where in the jitter band a poll falls (−1…1); replaceable so tests are deterministic.
    public var random: @Sendable () -> Double = { Double.random(in: -1...1) }
    /// Requests at once per host, shared by every source and article fetch of this refresher.
    public var hostGate: HostGate
    /// Render only the feeds fed by sources whose items changed (the daemon's polls). Off for manual
    /// refreshes, which also pick up edits to feeds.yml; unchanged bytes are never rewritten either way.
    public var publishOnlyChanged = false
    /// Keeps the story index between refreshes (the daemon's); nil builds one for this refresh.
    public var grouper: StoryGrouper?
    /// Called after each source with (sources done, sources in this refresh): `feedctl refresh` draws a
    /// progress line with it on a terminal.
    public var progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?
    /// See ``Publisher/renderHook``.
    public var renderHook: (@Sendable (_ file: String, _ bytes: [UInt8]) -> [UInt8])?

    public init(config: FeedsmithConfig, store: any FeedStore, fetcher: Fetcher, logger: Logger) {
        self.config = config
        self.store = store
        self.fetcher = fetcher
        self.logger = logger
        concurrency = config.defaults.concurrency
        hostGate = HostGate(limit: config.defaults.perHost, gap: config.defaults.hostGap)
    }

    /// Refreshes the sources named (all when empty) and publishes. Unknown ids are a caller error checked before.
    public func refresh(sourceIDs: [String] = [], now: @escaping @Sendable () -> Date = Date.init) async throws -> RefreshReport {
        let started = Date()
        // A set: the daemon passes every due source, and an array's `contains` made this sources × due comparisons.
        let wanted = Set(sourceIDs)
        let chosen = sourceIDs.isEmpty ? config.sources : config.sources.filter { wanted.contains($0.id) }
        // Every chosen source's state in one read: a query per source cost a round trip to the readers each.
        // Refreshes are exclusive (RefreshLock), so nothing else writes these states meanwhile.
        var reports: [SourceReport]
        do {
            let urls = Dictionary(chosen.map { ($0.id, $0.url.absoluteString) }, uniquingKeysWith: { first, _ in first })
            let states = try await store.sourceStates(configuredURLs: urls)
            reports = await refreshEach(chosen, states: states, now: now)
        } catch {
            // No source can be refreshed without its state; outputs are still published from what is stored.
            reports = chosen.map { SourceReport(sourceID: $0.id, outcome: .failed, error: "\(error)") }
        }
        let order = Dictionary(uniqueKeysWithValues: chosen.enumerated().map { ($1.id, $0) })
        reports.sort { (order[$0.sourceID] ?? 0) < (order[$1.sourceID] ?? 0) }
        let sourcesDone = Date()
        var grouping: GroupingReport?
        if config.feeds.contains(where: \.groupRelated) {
            let grouper = self.grouper ?? StoryGrouper(store: store, options: config.grouping)
            do {
                grouping = try await grouper.groupNew(now: now())
            } catch {
                // Outputs are still written from what is stored; ungrouped items are grouped next time.
                logger.error("grouping failed; related coverage is grouped at the next refresh", metadata: ["error": "\(error)"])
            }
        }
        let groupingDone = Date()
        var publisher = Publisher(config: config, store: store)
        publisher.renderHook = renderHook
        // Only feeds fed by a source whose items changed are rendered again (plus any output missing or failing).
        let changed = Set(reports.filter { $0.new + $0.updated > 0 }.map(\.sourceID))
        let publish = try await publisher.publishAll(
            changedSources: publishOnlyChanged ? changed : nil, groupsChanged: (grouping?.grouped ?? 0) > 0)
        for failure in publish.failures { logger.error("publish failed", metadata: ["detail": "\(failure)"]) }
        for warning in publish.warnings { logger.warning("output warning", metadata: ["detail": "\(warning)"]) }
        let publishingDone = Date()
        await pingHubs(written: publish.written)
        var report = RefreshReport(sources: reports, publish: publish, duration: Date().timeIntervalSince(started))
        report.phases = .init(
            sources: sourcesDone.timeIntervalSince(started), grouping: groupingDone.timeIntervalSince(sourcesDone),
            publishing: publishingDone.timeIntervalSince(groupingDone))
        report.grouping = grouping
        return report
    }

    /// WebSub: tells each hub which of our feeds changed (hub.mode=publish, hub.url=the feed's public URL).
    /// A hub that fails is logged; the outputs are already published.
    func pingHubs(written: [String]) async {
        guard !config.websubHubs.isEmpty, !written.isEmpty else { return }
        let root = config.output.directory.standardizedFileURL.path
        let urls = written.compactMap { path -> String? in
            // Hubs are for feeds; the timeline page is not one.
            guard path.hasPrefix(root + "/"), OutputFormat.allCases.contains(where: { path.hasSuffix("." + $0.fileExtension) }) else { return nil }
            return config.output.baseURL.absoluteString + String(path.dropFirst(root.count + 1))
        }
        for hub in config.websubHubs {
            for url in urls {
                do {
                    let status = try await fetcher.postForm(hub, fields: [("hub.mode", "publish"), ("hub.url", url)])
                    if !(200...299).contains(status) {
                        logger.warning("WebSub hub refused a ping", metadata: ["hub": "\(hub)", "feed": "\(url)", "status": "\(status)"])
                    }
                } catch {
                    logger.warning("WebSub hub unreachable", metadata: ["hub": "\(hub)", "feed": "\(url)", "error": "\(error)"])
                }
            }
        }
    }

    /// Refreshes the sources, `concurrency` at a time; reports in the order they finish.
    private func refreshEach(
        _ chosen: [SourceConfig], states: [String: SourceState], now: @escaping @Sendable () -> Date
    ) async -> [SourceReport] {
        await withTaskGroup(of: SourceReport.self) { group in
            var reports: [SourceReport] = []
            var pending = chosen[...]
            func start(_ source: SourceConfig) {
                let state = states[source.id] ?? SourceState(id: source.id, url: source.url.absoluteString)
                group.addTask { await self.refresh(source, state: state, now: now()) }
            }
            for _ in 0..<min(concurrency, pending.count) {
                if let source = pending.popFirst() { start(source) }
            }
            for await report in group {
                reports.append(report)
                progress?(reports.count, chosen.count)
                if let source = pending.popFirst() { start(source) }
            }
            return reports
        }
    }

    func refresh(_ source: SourceConfig, state stored: SourceState, now: Date) async -> SourceReport {
        let clock = ContinuousClock.now
        var report = SourceReport(sourceID: source.id, outcome: .ok)
        var state = stored
        state.lastFetchAt = now
        var hints = ScheduleHints()
        do {
            let result = try await fetchAndParse(source, state: &state, hints: &hints, now: now)
            if let feed = result {
                state.status = .ok
                state.title = feed.title ?? state.title
                state.siteURL = feed.siteURL ?? state.siteURL
                state.encoding = feed.encoding
                state.replacedBytes = feed.replacedBytes
                var flags = [feed.kind] + (feed.recovered ? ["recovered"] : [])
                flags += feed.notes
                if feed.replacedBytes > 0 { flags.append("replaced \(feed.replacedBytes) undecodable byte(s) decoding \(feed.encoding)") }
                state.flags = flags
                var clamped = 0
                let context = ParseContext(baseURL: state.currentURL, timeZone: source.timeZone, now: now)
                let normalized = feed.kind.hasPrefix("feed:") ? feed.items
                    : feed.items.compactMap { ItemNormalizer.normalize($0, contentBase: $0.url, context: context, clamped: &clamped) }
                if clamped > 0 { state.flags.append("clamped \(clamped) future date(s) to the fetch time") }
                let items = Array(normalized.prefix(config.defaults.maxItemsPerSource))
                if normalized.count > items.count { state.flags.append("kept \(items.count) of \(normalized.count) items") }
                state.lastSuccessAt = now
                state.errorCount = 0
                state.lastError = nil
                state.httpStatus = 200
                state.nextDueAt = policy.nextDue(after: now, interval: source.interval, errorCount: 0, hints: hints, random: random())
                let upsert = try await store.storeItems(items, state: state, now: now)
                report.new = upsert.new
                report.updated = upsert.updated
                report.outcome = feed.recovered ? .recovered : .ok
                report.notes = state.flags
                if feed.recovered {
                    logger.warning("source recovered", metadata: ["source": "\(source.id)", "url": "\(state.currentURL)", "notes": "\(feed.notes.joined(separator: "; "))"])
                }
            } else {
                state.status = .notModified
                state.lastSuccessAt = now
                state.errorCount = 0
                state.lastError = nil
                state.httpStatus = 304
                state.nextDueAt = policy.nextDue(after: now, interval: source.interval, errorCount: 0, hints: hints, random: random())
                try await store.saveSourceState(state)
                report.outcome = .notModified
            }
        } catch {
            state.status = .error
            state.errorCount += 1
            state.lastError = "\(error)"
            if let fetchError = error as? FetchError {
                state.httpStatus = fetchError.status
                hints.retryAfter = fetchError.retryAfter
            }
            state.nextDueAt = policy.nextDue(after: now, interval: source.interval, errorCount: state.errorCount, hints: hints, random: random())
            if state.errorCount > 0 { state.flags = state.flags.filter { $0 != "backoff" } + ["backoff"] }
            // A page source that used to yield items and now yields nothing: the site changed its layout.
            if error is SourceProcessor.ProcessingError, state.readAsPage,
               (try? await store.itemCount(sourceID: source.id)) ?? 0 > 0, !state.flags.contains("broken") {
                state.flags.append("broken")
                logger.error("source broken: its page yields nothing where it used to", metadata: ["source": "\(source.id)", "url": "\(state.currentURL)", "error": "\(error)"])
            }
            try? await store.saveSourceState(state)
            report.outcome = .failed
            report.error = "source \(source.id): \(error)"
            logger.error("source failed", metadata: ["source": "\(source.id)", "url": "\(state.currentURL)", "error": "\(error)"])
        }
        report.duration = (ContinuousClock.now - clock).seconds
        return report
    }

    /// nil when the source is unchanged since the last fetch.
    private func fetchAndParse(_ source: SourceConfig, state: inout SourceState, hints: inout ScheduleHints, now: Date) async throws -> SourceContent? {
        var url = URL(string: state.currentURL) ?? source.url
        var allowDiscovery = true
        while true {
            let request = FetchRequest(
                url: url, etag: state.etag, lastModified: state.lastModified, timeout: config.defaults.timeout,
                maxBodySize: config.defaults.maxBodySize)
            let response = try await hostGate.run(for: url) { try await fetcher.fetch(request) }
            if let moved = response.movedPermanentlyTo {
                logger.notice("source moved permanently", metadata: ["source": "\(source.id)", "from": "\(url)", "to": "\(moved)"])
                state.currentURL = moved.absoluteString
            }
            state.etag = response.etag
            state.lastModified = response.lastModified
            hints.cacheControl = response.cacheControl
            hints.expires = response.expires
            hints.retryAfter = response.retryAfter
            guard let body = response.body else { return nil }
            switch try SourceProcessor.process(
                body, contentType: response.contentType, url: response.finalURL, source: source, now: now, allowDiscovery: allowDiscovery,
                maxItems: config.defaults.maxItemsPerSource) {
            case let .feed(feed, decoded):
                hints.ttlMinutes = feed.ttlMinutes
                hints.skipHours = feed.skipHours
                hints.skipDays = feed.skipDays
                return SourceContent(feed: feed, decoded: decoded)
            case let .page(.article(article), decoded):
                let notes = article.notes + (article.flagged ? ["flagged: damaged text in \(article.url)"] : [])
                return SourceContent(kind: "article", title: article.title, siteURL: nil, items: [article.item()], notes: notes, decoded: decoded)
            case let .page(.list(list), decoded):
                let crawl = try await ArticleCrawler(fetcher: fetcher, store: store, config: config, logger: logger, hostGate: hostGate)
                    .crawl(list, source: source, now: now)
                return SourceContent(
                    kind: "list", title: list.title.map(TitleCleaner.siteName) ?? nil, siteURL: response.finalURL.absoluteString,
                    items: crawl.items, notes: crawl.notes, decoded: decoded)
            case let .discovered(feedURL, _):
                logger.notice("using advertised feed", metadata: ["source": "\(source.id)", "page": "\(url)", "feed": "\(feedURL)"])
                url = feedURL
                state.currentURL = feedURL.absoluteString
                state.etag = nil
                state.lastModified = nil
                allowDiscovery = false
            }
        }
    }
}

extension Duration {
    var seconds: TimeInterval { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
