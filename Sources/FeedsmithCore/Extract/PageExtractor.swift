import Foundation

/// Decides whether an HTML page is a list of articles or an article, and extracts it.
public enum PageExtractor {
    public static func extract(
        html: String, url: String, rules: ExtractionRules = .none, timeZone: TimeZone, now: Date = Date(),
        listDate: Date? = nil, listTitle: String? = nil, expect: Expectation = .either
    ) throws(ExtractionError) -> ExtractedPage {
        guard let page = HTMLPage(html: html, url: url) else { throw ExtractionError(message: "\(url): the page could not be parsed as HTML") }
        return try extract(page, rules: rules, timeZone: timeZone, now: now, listDate: listDate, listTitle: listTitle, expect: expect)
    }

    /// The same for a page as decoded, parsed from its UTF-8 bytes.
    public static func extract(
        _ document: DecodedDocument, url: String, rules: ExtractionRules = .none, timeZone: TimeZone, now: Date = Date(),
        listDate: Date? = nil, listTitle: String? = nil, expect: Expectation = .either
    ) throws(ExtractionError) -> ExtractedPage {
        guard let page = HTMLPage(document: document, url: url) else { throw ExtractionError(message: "\(url): the page could not be parsed as HTML") }
        return try extract(page, rules: rules, timeZone: timeZone, now: now, listDate: listDate, listTitle: listTitle, expect: expect)
    }

    /// The same for a page already parsed. Extraction changes the page (boilerplate is removed from it):
    /// read what else is wanted from it first.
    public static func extract(
        _ page: HTMLPage, rules: ExtractionRules = .none, timeZone: TimeZone, now: Date = Date(),
        listDate: Date? = nil, listTitle: String? = nil, expect: Expectation = .either
    ) throws(ExtractionError) -> ExtractedPage {
        let url = page.url
        let listExtractor = ListExtractor(page: page, rules: rules.list, timeZone: timeZone, now: now)
        let articleExtractor = ArticleExtractor(page: page, rules: rules.article, timeZone: timeZone, now: now, listDate: listDate, listTitle: listTitle)
        switch expect {
        case .article:
            return .article(try articleExtractor.extract())
        case .list:
            return .list(ExtractedList(url: url, title: page.scan.title.map(page.inlineText), links: try listExtractor.extract()))
        case .either:
            if rules.list != nil {
                return .list(ExtractedList(url: url, title: page.scan.title.map(page.inlineText), links: try listExtractor.extract()))
            }
            let declaresArticle = page.meta(["og:type"])?.lowercased() == "article"
                || page.scan.jsonLDScripts.contains { script in
                    let text = NodeText.rawText(script)
                    return text.contains("NewsArticle") || text.contains("\"Article\"")
                }
            let content = ContentScorer(page: page).best()
            let articleText = Double(content?.unlinkedCharacters ?? 0)
            // A page that declares itself an article with text is one: the list search would be wasted work.
            if declaresArticle && articleText >= 60 { return .article(try articleExtractor.extract(content: content?.node)) }
            let group = rules.article == nil ? listExtractor.bestGroup() : nil
            // With 400 characters of article text or more, a list wins only with titles longer than 0.6 of them:
            // when the group cannot hold that many, building its links (a tenth of an article page's extraction
            // after parsing) is skipped, and the article is taken below.
            let listCanWin = group.map { articleText < 400 || Double(listExtractor.titleCharacterBound($0)) > articleText * 0.6 } ?? false
            let candidate = listCanWin ? group.flatMap(listExtractor.candidate) : nil
            if let candidate, candidate.links.count >= 5, !declaresArticle {
                let listText = Double(candidate.links.reduce(0) { $0 + $1.title.count })
                if articleText < 400 || listText > articleText * 0.6 {
                    return .list(ExtractedList(url: url, title: page.scan.title.map(page.inlineText), links: candidate.links))
                }
            }
            if articleText >= 60 || declaresArticle { return .article(try articleExtractor.extract(content: content?.node)) }
            if let candidate, candidate.links.count >= 3 {
                return .list(ExtractedList(url: url, title: page.scan.title.map(page.inlineText), links: candidate.links))
            }
            throw ExtractionError(message: "\(url): found neither an article nor a list of article links; pin `list:` or `article:` selectors for this source")
        }
    }

    /// What the caller knows about the page: an article linked from a list is read as an article.
    public enum Expectation: Sendable {
        case either, list, article
    }
}
