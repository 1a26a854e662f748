import FeedsmithCore
import Foundation

/// Turns a fetched body into what it holds: decode, classify, then parse or extract. Pure: no I/O.
enum SourceProcessor {
    enum Outcome {
        case feed(ParsedFeed, DecodedDocument)
        /// An HTML page that advertises a feed: fetch that instead.
        case discovered(feedURL: URL, page: DecodedDocument)
        /// A page without a feed: an article, or a list of articles to follow.
        case page(ExtractedPage, DecodedDocument)
    }

    struct ProcessingError: Error, CustomStringConvertible {
        var description: String
    }

    static func process(
        _ body: [UInt8], contentType: String?, url: URL, source: SourceConfig, now: Date, allowDiscovery: Bool, maxItems: Int = 100_000
    ) throws(ProcessingError) -> Outcome {
        let decoded = DocumentDecoder.decode(body, contentType: contentType, override: source.encoding)
        let context = ParseContext(baseURL: url.absoluteString, timeZone: source.timeZone, now: now, maxItems: maxItems)
        // Built once: a document converted from another charset holds bytes, and each `text` read builds a String.
        let text = source.kind == .page ? nil : decoded.text
        if let text, source.kind == .feed || (source.kind == .auto && FeedParser.looksLikeFeed(text)) {
            do {
                return .feed(try FeedParser.parse(text, context: context), decoded)
            } catch {
                throw ProcessingError(description: "\(url.absoluteString): \(error)")
            }
        }
        // One parse serves both the search for an advertised feed and, when there is none, extraction.
        guard let page = HTMLPage(document: decoded, url: url.absoluteString) else {
            throw ProcessingError(description: "\(url.absoluteString): the page could not be parsed as HTML")
        }
        if allowDiscovery, source.kind == .auto, source.rules == .none,
           let link = FeedAutodiscovery.feedLinks(in: page).first,
           let feedURL = URL(string: link), ["http", "https", "file"].contains(feedURL.scheme?.lowercased() ?? "") {
            return .discovered(feedURL: feedURL, page: decoded)
        }
        do {
            let extracted = try PageExtractor.extract(page, rules: source.rules, timeZone: source.timeZone, now: now)
            return .page(extracted, decoded)
        } catch {
            throw ProcessingError(description: error.message)
        }
    }

    /// One article page reached from a list.
    static func article(
        _ body: [UInt8], contentType: String?, url: URL, link: ListedLink, source: SourceConfig, now: Date
    ) throws(ProcessingError) -> (ExtractedArticle, DecodedDocument) {
        let decoded = DocumentDecoder.decode(body, contentType: contentType, override: source.encoding)
        do {
            let page = try PageExtractor.extract(
                decoded, url: url.absoluteString, rules: source.rules, timeZone: source.timeZone, now: now,
                listDate: link.date, listTitle: link.title, expect: .article)
            guard case let .article(article) = page else { throw ProcessingError(description: "\(url): not an article") }
            return (article, decoded)
        } catch let error as ProcessingError {
            throw error
        } catch {
            throw ProcessingError(description: "\(error)")
        }
    }
}
