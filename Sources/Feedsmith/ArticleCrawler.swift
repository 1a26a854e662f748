import FeedsmithCore
import FeedsmithFetch
import FeedsmithStore
import Foundation
import Logging

/// Follows a list page's new article links: at most `max_articles` per refresh, two requests at a time to the
/// site, and never a URL the source already has.
struct ArticleCrawler {
    let fetcher: Fetcher
    let store: any FeedStore
    let config: FeedsmithConfig
    let logger: Logger
    /// Shared with the rest of the refresh: at most its limit of requests per host at once.
    let hostGate: HostGate

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
        let chosen = Array(fresh.prefix(source.maxArticles))
        var notes = ["list of \(list.links.count) link(s), \(fresh.count) new, \(chosen.count) fetched"]
        var fetched: [(Int, Item, [String])] = []
        var failures: [String] = []
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
                case let .failure(error): failures.append("\(error)")
                }
                launch()
            }
        }
        fetched.sort { $0.0 < $1.0 }
        for (_, _, itemNotes) in fetched { notes += itemNotes }
        if !failures.isEmpty {
            notes.append("\(failures.count) article(s) not fetched, retried next refresh: \(failures[0])")
            logger.warning("articles not fetched", metadata: ["source": "\(source.id)", "count": "\(failures.count)", "first": "\(failures[0])"])
        }
        return Result(items: fetched.map(\.1), notes: notes)
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
