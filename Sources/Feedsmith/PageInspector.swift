import FeedsmithCore
import FeedsmithFetch
import Foundation

/// What `feedctl extract` reports for one input: detection and extraction without touching the store.
public struct InspectionResult: Sendable, Encodable {
    public var input: String
    public var url: String
    /// The configured source whose settings were applied, when the input is one's URL.
    public var source: String?
    public var kind: String?
    public var encoding: String?
    public var replacedBytes: Int
    public var title: String?
    public var author: String?
    public var published: String?
    public var dateSource: String?
    public var text: String?
    public var html: String?
    public var links: [Link]?
    public var related: [Link]?
    /// Feeds an HTML page advertises (`<link rel="alternate">`): a source on this URL would use the first.
    public var feeds: [String]?
    public var notes: [String]
    public var error: String?

    public struct Link: Sendable, Encodable {
        public var url: String
        public var title: String
        public var date: String?
    }

    enum CodingKeys: String, CodingKey {
        case input, url, source, kind, encoding, replacedBytes = "replaced_bytes", title, author, published, dateSource = "date_source"
        case text, html, links, related, feeds, notes, error
    }
}

/// Runs decoding, classification and extraction on files or URLs, as Feedsmith would on a source.
public struct PageInspector: Sendable {
    /// The URL that file inputs were served at; URL inputs use their own.
    public var baseURL: String?
    public var encoding: String?
    public var timeZone: TimeZone
    public var fetcher: Fetcher
    public var rules: ExtractionRules = .none

    public init(baseURL: String?, encoding: String?, timeZone: TimeZone, fetcher: Fetcher) {
        self.baseURL = baseURL
        self.encoding = encoding
        self.timeZone = timeZone
        self.fetcher = fetcher
    }

    public func inspect(_ input: String, now: Date = Date()) async -> InspectionResult {
        let isURL = input.hasPrefix("http://") || input.hasPrefix("https://") || input.hasPrefix("file://")
        let location = isURL ? URL(string: input) : URL(fileURLWithPath: input)
        var result = InspectionResult(input: input, url: input, replacedBytes: 0, notes: [])
        guard let location else {
            result.error = "not a URL or path"
            return result
        }
        do {
            let response = try await fetcher.fetch(FetchRequest(url: location, timeout: 30))
            let body = response.body ?? []
            // A file has no URL of its own: --base-url says where it was served, else its file URL stands in.
            let url = location.isFileURL ? (baseURL ?? location.absoluteString) : response.finalURL.absoluteString
            result.url = url
            inspect(body, contentType: response.contentType, url: url, now: now, into: &result)
        } catch {
            result.error = "\(error)"
        }
        return result
    }

    /// The pure part, for bytes already in hand.
    public func inspect(_ body: [UInt8], contentType: String?, url: String, now: Date, into result: inout InspectionResult) {
        let decoded = DocumentDecoder.decode(body, contentType: contentType, override: encoding)
        result.encoding = decoded.encoding
        result.replacedBytes = decoded.replacedBytes
        let text = decoded.text
        if FeedParser.looksLikeFeed(text) {
            result.kind = "feed"
            do {
                let feed = try FeedParser.parse(text, context: ParseContext(baseURL: url, timeZone: timeZone, now: now))
                result.title = feed.title
                result.links = feed.items.map { InspectionResult.Link(url: $0.url ?? "", title: $0.title, date: $0.published.map { DateFormatting.rfc3339($0, in: timeZone) }) }
                result.notes = feed.recoveryNotes
            } catch {
                result.error = "\(error)"
            }
            return
        }
        guard let page = HTMLPage(document: decoded, url: url) else {
            result.error = "\(url): the page could not be parsed as HTML"
            return
        }
        let advertised = FeedAutodiscovery.feedLinks(in: page)
        if !advertised.isEmpty { result.feeds = advertised }
        do {
            switch try PageExtractor.extract(page, rules: rules, timeZone: timeZone, now: now) {
            case let .article(article):
                result.kind = "article"
                result.title = article.title
                result.author = article.author
                result.published = article.published.map { DateFormatting.rfc3339($0, in: timeZone) }
                result.dateSource = article.dateSource
                result.text = article.text
                result.html = article.contentHTML
                result.related = article.related.map(link)
                result.notes = article.notes
            case let .list(list):
                result.kind = "list"
                result.title = list.title
                result.links = list.links.map(link)
            }
        } catch {
            result.error = "\(error)"
        }
    }

    private func link(_ listed: ListedLink) -> InspectionResult.Link {
        InspectionResult.Link(url: listed.url, title: listed.title, date: listed.date.map { DateFormatting.rfc3339($0, in: timeZone) })
    }
}
