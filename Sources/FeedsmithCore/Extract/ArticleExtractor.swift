import CLibXML2
import Foundation

/// Title, date, author and clean content of an article page.
struct ArticleExtractor {
    let page: HTMLPage
    let rules: ExtractionRules.Article?
    let timeZone: TimeZone
    let now: Date
    /// The date the list page printed beside the link, the fallback before first-seen.
    let listDate: Date?
    let listTitle: String?

    /// `content` is the block the classifier already scored, when it did.
    func extract(content scored: xmlNodePtr? = nil) throws(ExtractionError) -> ExtractedArticle {
        let metadata = PageMetadata(page: page, timeZone: timeZone)
        let datelines = datelineTexts()
        var notes: [String] = []
        var rubyRemoved = 0
        var repairedMojibake = 0
        var unrepairable = 0
        func clean(_ text: String) -> String {
            let ruby = RubyAnnotation.strip(text)
            rubyRemoved += ruby.removed
            let fixed = MojibakeRepair.repair(ruby.text)
            repairedMojibake += fixed.repaired
            unrepairable += fixed.unrepairable
            return fixed.text
        }

        let title = clean(try extractTitle(metadata))
        let (published, dateSource) = try extractDate(metadata, datelines: datelines)

        var contentNode: xmlNodePtr?
        if let selector = rules?.content {
            guard let node = page.select(selector.xpath, from: page.root).first else { throw .matchedNothing("article.content", selector, url: page.url) }
            contentNode = node
        } else {
            contentNode = scored ?? ContentScorer(page: page).bestCandidate() ?? page.body
        }
        var related: [ListedLink] = RelatedLinks(page: page, timeZone: timeZone, now: now).find()
        var contentHTML = ""
        var text = ""
        if let node = contentNode {
            let cleaner = ContentCleaner(page: page, title: title)
            related += cleaner.removeBoilerplate(in: node, timeZone: timeZone, now: now).filter { link in !related.contains { $0.url == link.url } }
            cleaner.forEachTextNode(in: node) { clean($0) }
            contentHTML = HTMLSanitizer.sanitize(children: node, baseURL: page.baseURL)
            text = page.text(node)
        }
        let author = try extractAuthor(metadata, content: text, datelines: datelines)
        if rubyRemoved > 0 { notes.append("removed \(rubyRemoved) flattened ruby annotation(s)") }
        if repairedMojibake > 0 { notes.append("repaired \(repairedMojibake) GBK byte-frame mojibake place(s)") }
        if unrepairable > 0 { notes.append("\(unrepairable) character(s) lost to mojibake could not be repaired") }
        return ExtractedArticle(
            url: metadata.canonicalURL ?? page.url, title: title, author: author, published: published, dateSource: dateSource,
            contentHTML: contentHTML, text: text, language: metadata.language, related: related, notes: notes,
            flagged: unrepairable > 0)
    }

    private func extractTitle(_ metadata: PageMetadata) throws(ExtractionError) -> String {
        if let selector = rules?.title {
            guard let node = page.select(selector.xpath, from: page.root).first else { throw .matchedNothing("article.title", selector, url: page.url) }
            return page.inlineText(node)
        }
        let documentTitle = page.scan.title.map(page.inlineText) ?? ""
        let headings = page.scan.headings.map(page.inlineText).filter { $0.count >= 4 }
        // A heading that the <title> contains is the article's own title, free of the site suffix.
        if let heading = headings.first(where: { !documentTitle.isEmpty && documentTitle.contains($0) }) { return heading }
        if let headline = metadata.jsonLD?.headline, !headline.isEmpty { return TextHygiene.singleLine(headline) }
        if let og = page.meta(["og:title", "twitter:title", "ArticleTitle"]) { return TitleCleaner.removeSiteSuffix(TextHygiene.singleLine(og)) }
        if !documentTitle.isEmpty { return TitleCleaner.removeSiteSuffix(documentTitle) }
        return headings.first ?? listTitle ?? ""
    }

    private func extractDate(_ metadata: PageMetadata, datelines: [String]) throws(ExtractionError) -> (Date?, String?) {
        if let selector = rules?.date {
            guard let node = page.select(selector.xpath, from: page.root).first else { throw .matchedNothing("article.date", selector, url: page.url) }
            let text = page.inlineText(node)
            if let date = DateParser.parse(text, timeZone: timeZone) ?? DateFinder.find(in: text, now: now, timeZone: timeZone) {
                return (date, "selector")
            }
        }
        if let date = metadata.jsonLD?.datePublished.flatMap({ DateParser.parse($0, timeZone: timeZone) }) { return (date, "json-ld") }
        if let text = page.meta(["article:published_time", "publishdate", "pubdate", "PubDate", "og:release_date", "dc.date", "dc.date.issued", "datePublished", "sailthru.date", "parsely-pub-date"]),
           let date = DateParser.parse(text, timeZone: timeZone) ?? DateFinder.find(in: text, now: now, timeZone: timeZone) {
            return (date, "meta")
        }
        if let node = page.scan.timeWithDatetime, let value = page.attribute(node, "datetime"), let date = DateParser.parse(value, timeZone: timeZone) {
            return (date, "time")
        }
        for text in datelines {
            if let date = DateFinder.find(in: text, now: now, timeZone: timeZone) { return (date, "dateline") }
        }
        if let date = DateFinder.fromURL(page.url, timeZone: timeZone) { return (date, "url") }
        if let listDate { return (listDate, "list") }
        return (nil, nil)
    }

    /// Short texts near the title where sites print `发布时间：2026-03-12 16:40 来源：…`.
    private func datelineTexts() -> [String] {
        var texts: [String] = []
        for node in page.scan.datelineBlocks where NodeText.stats(node).characters <= 200 {
            texts.append(page.inlineText(node))
        }
        if let heading = page.scan.headings.first(where: { HTMLTree.name($0) == "h1" }) {
            var sibling = heading.pointee.next
            var steps = 0
            while let node = sibling, steps < 6 {
                if node.pointee.type == XML_ELEMENT_NODE {
                    let text = page.inlineText(node)
                    // At most 200 characters, found without counting a long paragraph to its end.
                    if text.dropFirst(200).isEmpty { texts.append(text) }
                    steps += 1
                }
                sibling = node.pointee.next
            }
        }
        for node in page.scan.datelineMarkers where NodeText.stats(node).characters <= 200 {
            texts.append(page.inlineText(node))
        }
        return texts
    }

    private func extractAuthor(_ metadata: PageMetadata, content: String, datelines: [String]) throws(ExtractionError) -> String? {
        if let selector = rules?.author {
            guard let node = page.select(selector.xpath, from: page.root).first else { throw .matchedNothing("article.author", selector, url: page.url) }
            let text = page.inlineText(node)
            return BylineParser.author(in: text) ?? (text.count <= 30 && !text.isEmpty ? text : nil)
        }
        if let author = metadata.jsonLD?.author, !author.isEmpty { return author }
        if let author = page.meta(["author", "article:author", "byl", "dc.creator"]), author.count <= 60, !author.hasPrefix("http") {
            return BylineParser.author(in: author) ?? author
        }
        for text in datelines {
            if let author = BylineParser.author(in: text) { return author }
        }
        let lines = content.split(separator: "\n")
        for line in lines.prefix(2) + lines.suffix(3) {
            if let author = BylineParser.author(in: String(line)) { return author }
        }
        return nil
    }
}

/// Removes the site name that `<title>` and og:title append: `标题_银川新闻网`, `標題 - 寧夏新聞網`.
public enum TitleCleaner {
    static let separators = ["_", " - ", " – ", " — ", " | ", "｜", " · ", "－", "--"]

    public static func removeSiteSuffix(_ title: String) -> String {
        for separator in separators where title.contains(separator) {
            let parts = title.components(separatedBy: separator).map { $0.trimmedWhitespace() }.filter { !$0.isEmpty }
            guard let first = parts.first else { continue }
            if first.count >= 4 { return first }
            return parts.max { $0.count < $1.count } ?? title
        }
        return title
    }

    /// The site's name from a list page's `<title>`: `银川新闻_银川新闻网` → `银川新闻网`-less first part.
    public static func siteName(_ title: String) -> String? {
        let cleaned = removeSiteSuffix(TextHygiene.singleLine(title))
        return cleaned.isEmpty ? nil : cleaned
    }
}
