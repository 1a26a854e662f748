import CLibXML2
import Foundation

/// Finds the main list of article links on a page — repeated sibling structures with links, often with
/// dates beside them — and not navigation, footers, rankings, pagination or related boxes.
struct ListExtractor {
    let page: HTMLPage
    let rules: ExtractionRules.List?
    let timeZone: TimeZone
    let now: Date

    struct Candidate {
        var links: [ListedLink]
        var score: Double
    }

    func extract() throws(ExtractionError) -> [ListedLink] {
        if let rules {
            let items = page.select(rules.item.xpath, from: page.root)
            guard !items.isEmpty else { throw .matchedNothing("list.item", rules.item, url: page.url) }
            let links = items.compactMap { link(from: $0, rules: rules) }
            guard !links.isEmpty else {
                throw ExtractionError(message: "list.link `\(rules.link?.source ?? "a[href]")` matched no link inside the \(items.count) list.item nodes on \(page.url)")
            }
            return deduplicated(links)
        }
        return best()?.links ?? []
    }

    /// The highest-scoring repeated structure, when there is one.
    func best() -> Candidate? {
        guard let body = page.body else { return nil }
        var best: Candidate?
        for container in page.select(".//*[count(*) >= 3]", from: body) {
            let penalty = boilerplatePenalty(container)
            var groups: [String: [xmlNodePtr]] = [:]
            var child = container.pointee.children
            while let node = child {
                if node.pointee.type == XML_ELEMENT_NODE {
                    let signature = HTMLTree.name(node) + "." + (page.attribute(node, "class") ?? "")
                    groups[signature, default: []].append(node)
                }
                child = node.pointee.next
            }
            for (_, members) in groups where members.count >= 3 {
                let links = members.compactMap { link(from: $0, rules: nil) }.filter { isArticleLike($0.url) && $0.title.count >= 5 }
                guard links.count >= 3 else { continue }
                let averageLength = Double(links.reduce(0) { $0 + $1.title.count }) / Double(links.count)
                let dated = Double(links.filter { $0.date != nil }.count) / Double(links.count)
                let score = Double(links.count) * min(averageLength, 40) * (1 + dated) * penalty
                if score > (best?.score ?? 0) { best = Candidate(links: deduplicated(links), score: score) }
            }
        }
        return best
    }

    private func link(from item: xmlNodePtr, rules: ExtractionRules.List?) -> ListedLink? {
        let anchors: [xmlNodePtr]
        if let selector = rules?.link {
            anchors = page.select(selector.xpath, from: item)
        } else {
            anchors = (HTMLTree.name(item) == "a" ? [item] : []) + page.select(".//a[@href]", from: item)
        }
        // The anchor with the longest text is the headline; others are "more", comments, categories.
        guard let anchor = anchors.max(by: { page.inlineText($0).count < page.inlineText($1).count }),
              let href = page.attribute(anchor, "href") else { return nil }
        let url = page.absolute(href)
        guard url.hasPrefix("http") || (url.hasPrefix("file:") && page.url.hasPrefix("file:")) else { return nil }
        var title = page.inlineText(anchor)
        if let selector = rules?.title, let node = page.select(selector.xpath, from: item).first { title = page.inlineText(node) }
        if title.isEmpty || title.hasSuffix("...") || title.hasSuffix("…"), let full = page.attribute(anchor, "title"), full.count > title.count {
            title = TextHygiene.singleLine(full)
        }
        title = RubyAnnotation.strip(title).text
        var dateText = page.inlineText(item)
        if let selector = rules?.date, let node = page.select(selector.xpath, from: item).first { dateText = page.inlineText(node) }
        let date = DateParser.parse(dateText, timeZone: timeZone) ?? DateFinder.find(in: dateText, now: now, timeZone: timeZone)
        return ListedLink(url: url, title: title, date: date)
    }

    /// Same site, a path that names a document (digits, or a file name), not the page itself.
    func isArticleLike(_ url: String) -> Bool {
        guard let components = URLComponents(string: url), let pageComponents = URLComponents(string: page.url) else { return false }
        if components.scheme == "file" {
            // Offline sample sites: a file page links to files beside it.
            guard pageComponents.scheme == "file", components.path != pageComponents.path else { return false }
        } else {
            guard let host = components.host?.lowercased(), let pageHost = pageComponents.host?.lowercased() else { return false }
            let siteOf = { (h: String) in h.split(separator: ".").suffix(2).joined(separator: ".") }
            guard siteOf(host) == siteOf(pageHost) else { return false }
            guard URLCanonicalizer.canonical(url) != URLCanonicalizer.canonical(page.url) else { return false }
        }
        let path = components.path
        guard path.count > 1 else { return false }
        let last = path.split(separator: "/").last.map(String.init) ?? ""
        if ["index.html", "index.htm", "index.shtml", "default.htm", "default.html"].contains(last.lowercased()) { return false }
        let digits = path.filter(\.isNumber).count
        let documentLike = [".html", ".htm", ".shtml", ".php", ".aspx", ".asp", ".jsp"].contains { last.lowercased().hasSuffix($0) }
        return digits >= 4 || documentLike || components.query?.contains("id=") == true
    }

    /// Navigation, footers, rankings and related boxes count for little.
    private func boilerplatePenalty(_ container: xmlNodePtr) -> Double {
        var current: xmlNodePtr? = container
        var depth = 0
        var penalty = 1.0
        while let node = current, node.pointee.type == XML_ELEMENT_NODE, depth < HTMLElements.maximumDepth {
            let name = HTMLTree.name(node)
            if ["nav", "footer", "header", "aside"].contains(name) { penalty *= 0.1 }
            let names = PageHints.classAndID(node)
            if PageHints.matches(PageHints.negative, names), !PageHints.matches(PageHints.positive, names) { penalty *= 0.3 }
            if PageHints.matches(PageHints.positive, names) || names.lowercased().contains("list") { penalty *= 1.5 }
            current = node.pointee.parent
            depth += 1
        }
        return penalty
    }

    private func deduplicated(_ links: [ListedLink]) -> [ListedLink] {
        var seen: Set<String> = []
        return links.filter { seen.insert(URLCanonicalizer.canonical($0.url) ?? $0.url).inserted }
    }
}
