import FeedsmithCore
import FeedsmithStore
import Foundation

/// Builds the format-independent ``FeedDocument`` of each output from stored items.
struct OutputBuilder {
    let config: FeedsmithConfig
    let states: [String: SourceState]

    /// `<base>/<path>.<ext>` for each format.
    func selfURLs(path: String) -> [OutputFormat: String] {
        var urls: [OutputFormat: String] = [:]
        for format in OutputFormat.allCases {
            urls[format] = config.output.baseURL.absoluteString + path + "." + format.fileExtension
        }
        return urls
    }

    func entrySource(_ id: String) -> EntrySource {
        let source = config.source(id: id)
        let state = states[id]
        let title = source?.title ?? state?.title ?? id
        let url = state?.currentURL ?? source?.url.absoluteString ?? id
        return EntrySource(id: id, title: title, url: url, siteURL: state?.siteURL)
    }

    func entry(_ stored: StoredItem) -> FeedEntry {
        let item = stored.item
        let source = entrySource(stored.sourceID)
        return FeedEntry(
            id: "urn:uuid:" + stored.id, title: item.title.isEmpty ? "(untitled)" : item.title, link: item.url,
            published: item.published, updated: item.updated ?? item.published ?? stored.firstSeen,
            authorName: item.author ?? source.title, contentHTML: item.contentHTML, summary: item.summary,
            categories: item.categories, language: item.language, source: source)
    }

    func document(title: String, subtitle: String?, idKey: String, path: String, homeURL: String?, items: [StoredItem]) -> FeedDocument {
        let entries = items.map(entry)
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
