import FeedsmithCore
import Foundation

/// Turns a fetched body into items: decode, classify, parse. Pure: no I/O.
enum SourceProcessor {
    enum Outcome {
        case feed(ParsedFeed, DecodedDocument)
        /// An HTML page that advertises a feed: fetch that instead.
        case discovered(feedURL: URL, page: DecodedDocument)
    }

    struct ProcessingError: Error, CustomStringConvertible {
        var description: String
    }

    static func process(
        _ body: [UInt8], contentType: String?, url: URL, source: SourceConfig, now: Date, allowDiscovery: Bool
    ) throws(ProcessingError) -> Outcome {
        let decoded = DocumentDecoder.decode(body, contentType: contentType, override: source.encoding)
        let context = ParseContext(baseURL: url.absoluteString, timeZone: source.timeZone, now: now)
        let isFeed = source.kind == .feed || FeedParser.looksLikeFeed(decoded.text)
        if isFeed {
            do {
                return .feed(try FeedParser.parse(decoded.text, context: context), decoded)
            } catch {
                throw ProcessingError(description: "\(url.absoluteString): \(error)")
            }
        }
        if allowDiscovery, source.kind == .auto,
           let link = FeedAutodiscovery.feedLinks(inHTML: decoded.text, baseURL: url.absoluteString).first,
           let feedURL = URL(string: link), ["http", "https", "file"].contains(feedURL.scheme?.lowercased() ?? "") {
            return .discovered(feedURL: feedURL, page: decoded)
        }
        throw ProcessingError(
            description: "\(url.absoluteString): an HTML page that advertises no feed; set the source's url to its feed, or use `kind: page` once page extraction is available")
    }
}
