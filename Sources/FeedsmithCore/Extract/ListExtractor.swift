import CLibXML2
import Foundation

/// Finds the main list of article links on a page — repeated sibling structures with links, often with
/// dates beside them — and not navigation, footers, rankings, pagination or related boxes.
struct ListExtractor {
    let page: HTMLPage
    let rules: ExtractionRules.List?
    let timeZone: TimeZone
    let now: Date
    /// The page's registrable-ish domain (last two labels of its host), lower-cased bytes.
    private let pageSiteBytes: [UInt8]

    init(page: HTMLPage, rules: ExtractionRules.List?, timeZone: TimeZone, now: Date) {
        self.page = page
        self.rules = rules
        self.timeZone = timeZone
        self.now = now
        let host = URLComponents(string: page.url)?.host?.lowercased() ?? ""
        pageSiteBytes = Array(host.split(separator: ".").suffix(2).joined(separator: ".").utf8)
    }

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

    /// The winning repeated structure before its links are built.
    struct Group {
        var members: [xmlNodePtr]
        var score: Double
    }

    /// The highest-scoring repeated structure, when there is one.
    func best() -> Candidate? { bestGroup().flatMap(candidate) }

    /// The highest-scoring repeated structure, measured cheaply: no link is built.
    func bestGroup() -> Group? {
        guard let body = page.body else { return nil }
        var best: (members: [xmlNodePtr], score: Double)?
        for container in ElementWalk.containers(under: body, minimum: 3) {
            var groups: [Int: [xmlNodePtr]] = [:]
            var child = container.pointee.children
            while let node = child {
                if node.pointee.type == XML_ELEMENT_NODE { groups[ElementWalk.signature(node), default: []].append(node) }
                child = node.pointee.next
            }
            guard groups.values.contains(where: { $0.count >= 3 }) else { continue }
            let penalty = boilerplatePenalty(container)
            for (_, members) in groups where members.count >= 3 {
                // Cheap measurements first; full links are built for the winning group only.
                var good = 0, totalLength = 0, dated = 0
                for member in members {
                    guard let (anchor, length) = longestAnchor(member), length >= 5,
                          let href = page.attribute(anchor, "href"), quickArticleLike(href) else { continue }
                    good += 1
                    totalLength += min(length, 60)
                    if NodeText.looksDated(member) { dated += 1 }
                }
                guard good >= 3 else { continue }
                let averageLength = Double(totalLength) / Double(good)
                let score = Double(good) * min(averageLength, 40) * (1 + Double(dated) / Double(good)) * penalty
                if score > (best?.score ?? 0) { best = (members: members, score: score) }
            }
        }
        return best.map { Group(members: $0.members, score: $0.score) }
    }

    /// The group's article links, when at least three remain.
    func candidate(from group: Group) -> Candidate? {
        let links = group.members.compactMap { link(from: $0, rules: nil) }.filter { isArticleLike($0.url) && $0.title.count >= 5 }
        return links.count >= 3 ? Candidate(links: deduplicated(links), score: group.score) : nil
    }

    /// At least the characters of all titles ``candidate(from:)`` can build from `group`, so a caller can tell that
    /// the list cannot outweigh an article without building its links. A member's title is its longest anchor's
    /// text on one line: whitespace collapses to single spaces between non-space characters, so it holds fewer
    /// than twice as many characters as the anchor's non-space ones (counted afresh: the cached counts stop at a
    /// depth measured from the first node asked). Otherwise it is the anchor's title attribute, no longer than
    /// its bytes.
    func titleCharacterBound(_ group: Group) -> Int {
        group.members.reduce(0) { total, member in
            guard let anchor = longestAnchor(member)?.0 else { return total }
            let text = 2 * NodeText.stats(anchor).characters
            let attribute = page.attribute(anchor, "title")?.utf8.count ?? 0
            return total + max(text, attribute)
        }
    }

    /// The `<a href>` with the most text inside `member` (or `member` itself), and that length.
    private func longestAnchor(_ member: xmlNodePtr) -> (xmlNodePtr, Int)? {
        var best: (xmlNodePtr, Int)?
        var stack: [(xmlNodePtr, Int)] = [(member, 0)]
        while let (node, depth) = stack.popLast() {
            if let name = node.pointee.name, NodeText.isAnchor(name) {
                let length = page.texts.stats(node).characters
                if length > (best?.1 ?? -1) { best = (node, length) }
                continue
            }
            guard depth < 12 else { continue }
            var child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE { stack.append((current, depth + 1)) }
                child = current.pointee.next
            }
        }
        return best
    }

    private func link(from item: xmlNodePtr, rules: ExtractionRules.List?) -> ListedLink? {
        let anchor: xmlNodePtr?
        if let selector = rules?.link {
            anchor = page.select(selector.xpath, from: item).max { NodeText.stats($0).characters < NodeText.stats($1).characters }
        } else {
            // The anchor with the longest text is the headline; others are "more", comments, categories.
            anchor = longestAnchor(item)?.0
        }
        guard let anchor, let href = page.attribute(anchor, "href") else { return nil }
        let url = page.absolute(href)
        guard url.hasPrefix("http") || (url.hasPrefix("file:") && page.url.hasPrefix("file:")) else { return nil }
        var title = page.inlineText(anchor)
        if let selector = rules?.title, let node = page.select(selector.xpath, from: item).first { title = page.inlineText(node) }
        if title.isEmpty || title.hasSuffix("...") || title.hasSuffix("…"), let full = page.attribute(anchor, "title"), full.count > title.count {
            title = TextHygiene.singleLine(full)
        }
        title = RubyAnnotation.strip(title).text
        var date: Date?
        if let selector = rules?.date, let node = page.select(selector.xpath, from: item).first {
            let text = page.inlineText(node)
            date = DateParser.parse(text, timeZone: timeZone) ?? DateFinder.find(in: text, now: now, timeZone: timeZone)
        } else if NodeText.looksDated(item) {
            date = DateFinder.find(in: page.inlineText(item), now: now, timeZone: timeZone)
        } else {
            // English dates have no digit pairs around a separator (`March 12, 2026`, `2 hours ago`).
            let text = page.inlineText(item)
            if DateFinder.mayHoldEnglishDate(text) { date = DateFinder.find(in: text, now: now, timeZone: timeZone) }
        }
        return ListedLink(url: url, title: title, date: date)
    }

    /// Same site, a path that names a document (digits, or a file name), not the page itself.
    func isArticleLike(_ url: String) -> Bool {
        guard url.hasPrefix("file:") else { return url != page.url && quickArticleLike(url) }
        // Offline sample sites: a file page links to files beside it.
        guard page.url.hasPrefix("file:"), url != page.url, let path = URLComponents(string: url)?.path else { return false }
        let last = path.split(separator: "/").last.map { $0.lowercased() } ?? ""
        return !last.hasPrefix("index.") && (last.hasSuffix(".html") || last.hasSuffix(".htm") || path.filter(\.isNumber).count >= 4)
    }

    /// Decides on the raw href bytes (this runs for every link on a page): relative, or on the page's
    /// site; and a document-like path. Allocates nothing.
    private func quickArticleLike(_ href: String) -> Bool {
        var href = href
        return href.withUTF8 { bytes in
            @inline(__always) func lower(_ index: Int) -> UInt8 {
                let byte = bytes[index]
                return byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte
            }
            @inline(__always) func starts(_ prefix: StaticString, at start: Int = 0) -> Bool {
                let count = prefix.utf8CodeUnitCount
                guard bytes.count >= start + count else { return false }
                let p = prefix.utf8Start
                for offset in 0..<count where lower(start + offset) != p[offset] { return false }
                return true
            }
            if starts("javascript:") || starts("#") || starts("mailto:") || starts("data:") { return false }
            var pathStart = 0
            if let colon = bytes.firstIndex(of: 0x3A), colon < 12, starts("//", at: colon + 1) {
                let hostStart = colon + 3
                var hostEnd = hostStart
                while hostEnd < bytes.count, bytes[hostEnd] != 0x2F, bytes[hostEnd] != 0x3F, bytes[hostEnd] != 0x3A { hostEnd += 1 }
                let hostLength = hostEnd - hostStart, siteLength = pageSiteBytes.count
                guard siteLength > 0, hostLength >= siteLength else { return false }
                for offset in 0..<siteLength where lower(hostEnd - siteLength + offset) != pageSiteBytes[offset] { return false }
                guard hostLength == siteLength || bytes[hostEnd - siteLength - 1] == 0x2E else { return false }
                pathStart = hostEnd
                while pathStart < bytes.count, bytes[pathStart] != 0x2F, bytes[pathStart] != 0x3F { pathStart += 1 }
            }
            guard bytes.count - pathStart > 1 else { return false }
            var digits = 0
            var lastSlash = pathStart
            var end = bytes.count
            for index in pathStart..<bytes.count {
                let byte = bytes[index]
                if byte >= 0x30 && byte <= 0x39 { digits += 1 }
                if byte == 0x2F && end == bytes.count { lastSlash = index }
                if (byte == 0x3F || byte == 0x23) && end == bytes.count { end = index }
                if byte == 0x3D, index >= pathStart + 2, lower(index - 1) == 0x64, lower(index - 2) == 0x69 { return true }  // id=
            }
            if digits >= 4 { return true }
            let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[(lastSlash + 1)..<max(lastSlash + 1, end)]), as: UTF8.self).lowercased()
            return [".html", ".htm", ".shtml", ".php", ".aspx", ".asp", ".jsp"].contains { name.hasSuffix($0) }
                && !name.hasPrefix("index.") && !name.hasPrefix("default.")
        }
    }

    /// Navigation, footers, rankings and related boxes count for little.
    private func boilerplatePenalty(_ container: xmlNodePtr) -> Double {
        var current: xmlNodePtr? = container
        var depth = 0
        var penalty = 1.0
        while let node = current, node.pointee.type == XML_ELEMENT_NODE, depth < HTMLElements.maximumDepth {
            let name = HTMLTree.name(node)
            if ["nav", "footer", "header", "aside"].contains(name) { penalty *= 0.1 }
            let verdict = PageHints.verdict(node)
            if verdict.negative && !verdict.positive { penalty *= 0.3 }
            if verdict.positive || verdict.list { penalty *= 1.5 }
            current = node.pointee.parent
            depth += 1
        }
        return penalty
    }

    /// One entry per URL; links on one page differ by fragment at most, so no full canonicalization is needed.
    private func deduplicated(_ links: [ListedLink]) -> [ListedLink] {
        var seen: Set<Substring> = []
        return links.filter { link in
            let url = link.url
            // An ASCII URL is cut at its first "#" byte, which is where the Character walk stops too.
            if url.utf8.allSatisfy({ $0 < 0x80 }) {
                return seen.insert(url[..<(url.utf8.firstIndex(of: UInt8(ascii: "#")) ?? url.endIndex)]).inserted
            }
            return seen.insert(url.prefix { $0 != "#" }).inserted
        }
    }
}
