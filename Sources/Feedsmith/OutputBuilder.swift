import FeedsmithCore
import FeedsmithStore
import Foundation

/// Builds the format-independent ``FeedDocument`` of each output from stored items.
struct OutputBuilder {
    let config: FeedsmithConfig
    let states: [String: SourceState]
    /// Sources by id: every entry looks its source up, and a linear search made publishing quadratic in the
    /// number of sources (10,000 sources took 20 times as long as 1,000).
    let sources: [String: SourceConfig]
    /// Each source's own filters, which also apply in every feed it feeds.
    let sourceFilters: [String: FilterSet]

    init(config: FeedsmithConfig, states: [String: SourceState]) {
        self.config = config
        self.states = states
        sources = Dictionary(config.sources.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        sourceFilters = sources.mapValues(\.filters)
    }

    /// `<base>/<path>.<ext>` for each format.
    func selfURLs(path: String) -> [OutputFormat: String] {
        var urls: [OutputFormat: String] = [:]
        for format in OutputFormat.allCases {
            urls[format] = publishedURL(path: path, fileExtension: format.fileExtension)
        }
        return urls
    }

    /// Where a feed's timeline page (`<path>.html`) is published: the feed's home, which readers open as its site.
    func pageURL(path: String) -> String { publishedURL(path: path, fileExtension: "html") }

    private func publishedURL(path: String, fileExtension: String) -> String {
        config.output.baseURL.absoluteString + path + "." + fileExtension
    }

    func entrySource(_ id: String) -> EntrySource {
        let source = sources[id]
        let state = states[id]
        let title = source?.title ?? state?.title ?? id
        let url = state?.currentURL ?? source?.url.absoluteString
        return EntrySource(id: id, title: title, url: PublishedURL.http(url), siteURL: PublishedURL.http(state?.siteURL))
    }

    /// An item without a title (and without text to take one from, which parsing already did) is shown by its link,
    /// as Miniflux shows it: a reader's list tells such entries apart that way, where "(untitled)" repeats.
    static func title(_ item: Item) -> String {
        guard item.title.isEmpty else { return item.title }
        return PublishedURL.http(item.url) ?? "(untitled)"
    }

    func entry(_ timelineEntry: TimelineEntry) -> FeedEntry {
        let stored = timelineEntry.representative
        let item = stored.item
        let source = entrySource(stored.sourceID)
        var entry = FeedEntry(
            id: "urn:uuid:" + timelineEntry.id, title: Self.title(item), link: PublishedURL.http(item.url),
            published: item.published, updated: timelineEntry.updated,
            authorName: item.author ?? source.title, contentHTML: item.contentHTML, summary: item.summary,
            categories: item.categories, language: item.language, source: source)
        entry.related = timelineEntry.others.prefix(Timeline.maximumOthers).map { member in
            RelatedCoverage(
                id: "urn:uuid:" + member.id, title: Self.title(member.item),
                link: PublishedURL.http(member.item.url), sourceTitle: entrySource(member.sourceID).title, published: member.item.published)
        }
        let sections = coverageHTML(entry.related) + relatedHTML(item.related)
        if !sections.isEmpty {
            let body = item.contentHTML ?? item.summary.map { "<p>" + HTMLEscaping.text($0) + "</p>" } ?? ""
            entry.contentHTML = body + sections
        }
        return entry
    }

    /// "Also reported by: source — title, date": readers that ignore `link rel="related"` still show the coverage.
    func coverageHTML(_ related: [RelatedCoverage]) -> String {
        guard !related.isEmpty else { return "" }
        var html = "<h4>Also reported by</h4><ul>"
        for member in related {
            let title = member.link.map { "<a href=\"\(HTMLEscaping.attribute($0))\">\(HTMLEscaping.text(member.title))</a>" }
                ?? HTMLEscaping.text(member.title)
            let date = member.published.map { ", " + DateFormatting.day($0, in: config.defaults.timeZone) } ?? ""
            html += "<li>\(HTMLEscaping.text(member.sourceTitle)) — \(title)\(date)</li>"
        }
        return html + "</ul>"
    }

    /// The links the page itself listed as related stories (see also, not the same story).
    func relatedHTML(_ links: [ListedLink]) -> String {
        guard !links.isEmpty else { return "" }
        var html = "<h4>Related</h4><ul>"
        for link in links {
            let date = link.date.map { " (" + DateFormatting.day($0, in: config.defaults.timeZone) + ")" } ?? ""
            html += "<li><a href=\"\(HTMLEscaping.attribute(link.url))\">\(HTMLEscaping.text(link.title))</a>\(date)</li>"
        }
        return html + "</ul>"
    }

    func document(title: String, subtitle: String?, idKey: String, path: String, homeURL: String?, entries timeline: [TimelineEntry]) -> FeedDocument {
        let entries = timeline.map(entry)
        let languages = Set(entries.compactMap(\.language))
        var document = FeedDocument(
            title: title, subtitle: subtitle, id: "urn:uuid:" + ItemIdentity.stableID(sourceID: "feedsmith-output", key: idKey),
            selfURLs: selfURLs(path: path), homeURL: homeURL ?? config.output.baseURL.absoluteString,
            language: languages.count == 1 ? languages.first : nil,
            updated: entries.map(\.updated).max() ?? Date(timeIntervalSince1970: 0),
            timeZone: config.defaults.timeZone, entries: entries)
        document.hubs = config.websubHubs.map(\.absoluteString)
        return document
    }
}
