import FeedsmithCore
import FeedsmithFetch
import FeedsmithStore
import Foundation
import Logging

/// Follows a list page's new article links: at most `max_articles` per refresh, two requests at a time to the
/// site, and never a URL the source already has. A link that fails waits before it is tried again (15 minutes,
/// doubling up to 6 hours) and never keeps a new link from being fetched; one whose page is gone or unreadable
/// (a 4xx answer, or no article in it) five times running is published with what the list says of it.
struct ArticleCrawler {
    let fetcher: Fetcher
    let store: any FeedStore
    let config: FeedsmithConfig
    let logger: Logger
    /// Shared with the rest of the refresh: at most its limit of requests per host at once.
    let hostGate: HostGate

    /// Failures of a gone or unreadable page before the link is published from the list alone.
    static let attemptsBeforeGivingUp = 5
    /// Records of links that never settled are dropped after this long (the link has left the list).
    static let attemptMemory: TimeInterval = 30 * 86400

    /// The wait after a link's `failures`-th failure.
    static func retryDelay(afterFailures failures: Int) -> TimeInterval {
        min(15 * 60 * pow(2, Double(max(failures, 1) - 1)), 6 * 3600)
    }

    struct Result {
        var items: [Item]
        var notes: [String]
    }

    func crawl(_ list: ExtractedList, source: SourceConfig, now: Date) async throws -> Result {
        // Items from list pages keep the listed URL as their GUID, so a link is known by either form.
        let canonical = list.links.map { URLCanonicalizer.key($0.url) }
        let listed = list.links.map(\.url)
        let known = try await store.knownURLs(sourceID: source.id, canonicalURLs: canonical + listed)
        let fresh = list.links.indices.filter { !known.contains(canonical[$0]) && !known.contains(listed[$0]) }.map { list.links[$0] }
        let attempts = try await store.articleAttempts(sourceID: source.id, urls: fresh.map(\.url))
        // Links never tried come first: failing ones cannot take every refresh's slots.
        let untried = fresh.filter { attempts[$0.url] == nil }
        // Then failed links whose wait is over, the longest due first, so that none starves the others.
        let due = fresh.enumerated().compactMap { index, link in
            attempts[link.url].flatMap { $0.nextAttemptAt <= now ? (link, $0.nextAttemptAt, index) : nil }
        }.sorted { ($0.1, $0.2) < ($1.1, $1.2) }.map(\.0)
        let waiting = fresh.count - untried.count - due.count
        let chosen = Array((untried + due).prefix(source.maxArticles))
        var notes = ["list of \(list.links.count) link(s), \(fresh.count) new, \(chosen.count) fetched"
            + (waiting > 0 ? ", \(waiting) waiting to be retried" : "")]
        var fetched: [(Int, Item, [String])] = []
        var failures: [(link: ListedLink, error: any Error)] = []
        await withTaskGroup(of: (Int, Swift.Result<(Item, [String]), any Error>).self) { group in
            var next = 0
            func launch() {
                guard next < chosen.count else { return }
                let index = next
                let link = chosen[index]
                next += 1
                group.addTask {
                    do {
                        return (index, .success(try await self.article(link, source: source, now: now)))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            for _ in 0..<hostGate.limit { launch() }
            for await (index, outcome) in group {
                switch outcome {
                case let .success((item, itemNotes)): fetched.append((index, item, itemNotes))
                case let .failure(error): failures.append((chosen[index], error))
                }
                launch()
            }
        }
        fetched.sort { $0.0 < $1.0 }
        for (_, _, itemNotes) in fetched { notes += itemNotes }
        var items = fetched.map(\.1)
        var settled = fetched.compactMap(\.1.guid)
        var retried: [ArticleAttempt] = []
        var givenUp: [String] = []
        for (link, error) in failures {
            let previous = attempts[link.url]
            let count = (previous?.failures ?? 0) + 1
            if Self.isLasting(error), count >= Self.attemptsBeforeGivingUp {
                // The list's title, date and link are what there is to publish.
                items.append(Item(guid: link.url, url: link.url, title: link.title, published: link.date))
                settled.append(link.url)
                givenUp.append(link.url)
            } else {
                retried.append(ArticleAttempt(
                    url: link.url, failures: count, firstFailedAt: previous?.firstFailedAt ?? now,
                    nextAttemptAt: now.addingTimeInterval(Self.retryDelay(afterFailures: count)), lastError: "\(error)"))
            }
        }
        // Only when there is something to record or forget: a list whose links all came through costs no write.
        let settledRecorded = settled.filter { attempts[$0] != nil }
        if !retried.isEmpty || !settledRecorded.isEmpty {
            try await store.saveArticleAttempts(
                sourceID: source.id, failed: retried, settled: settledRecorded, expiry: now.addingTimeInterval(-Self.attemptMemory))
        }
        if let first = retried.first {
            let wait = Self.retryDelay(afterFailures: first.failures)
            notes.append("\(retried.count) article(s) not fetched, retried in \(Int(wait / 60)) minutes or more: \(first.lastError)")
            logger.warning("articles not fetched", metadata: ["source": "\(source.id)", "count": "\(retried.count)", "first": "\(first.lastError)"])
        }
        if !givenUp.isEmpty {
            notes.append("\(givenUp.count) article(s) published from the list alone after \(Self.attemptsBeforeGivingUp) failures: \(givenUp[0])")
            logger.warning("articles given up", metadata: ["source": "\(source.id)", "count": "\(givenUp.count)", "first": "\(givenUp[0])"])
        }
        return Result(items: items, notes: notes)
    }

    /// Whether a failure will most likely repeat: the site refused the page for good (``FetchError/refusesForGood``),
    /// or the page holds no article. Other failures are retried without end (at most every 6 hours while listed).
    static func isLasting(_ error: any Error) -> Bool {
        (error as? FetchError)?.refusesForGood ?? (error is SourceProcessor.ProcessingError)
    }

    private func article(_ link: ListedLink, source: SourceConfig, now: Date) async throws -> (Item, [String]) {
        guard let url = URL(string: link.url) else { throw SourceProcessor.ProcessingError(description: "\(link.url): not a URL") }
        let request = FetchRequest(url: url, timeout: config.defaults.timeout, maxBodySize: config.defaults.maxBodySize)
        let response = try await hostGate.run(for: url) { try await fetcher.fetch(request) }
        let (article, decoded) = try SourceProcessor.article(
            response.body ?? [], contentType: response.contentType, url: response.finalURL, link: link, source: source, now: now)
        var item = article.item()
        // The listed URL is what the next refresh checks as known; the page's canonical URL is what readers get.
        item.guid = link.url
        if item.url?.hasPrefix("http") != true { item.url = link.url }
        if item.title.isEmpty { item.title = link.title }
        var notes = article.notes.map { "\(link.url): \($0)" }
        if article.flagged { notes.append("flagged: damaged text in \(link.url)") }
        if decoded.replacedBytes > 0 { notes.append("\(link.url): replaced \(decoded.replacedBytes) undecodable byte(s)") }
        return (item, notes)
    }
}
