import CLibXML2
import Foundation

/// Removes what is not the article from the chosen content block: related and hot lists, share bars,
/// editor and copyright lines, a repeated title; and rewrites text nodes in place.
struct ContentCleaner {
    let page: HTMLPage
    let title: String

    /// Removes boilerplate below `node`; returns links from related-story boxes it removed.
    func removeBoilerplate(in node: xmlNodePtr, timeZone: TimeZone, now: Date) -> [ListedLink] {
        var related: [ListedLink] = []
        var doomed: [xmlNodePtr] = []
        for element in ElementWalk.descendants(of: node, where: { _ in true }) {
            if doomed.contains(where: { isAncestor($0, of: element) }) { continue }
            let name = HTMLTree.name(element)
            if ["h1", "h2"].contains(name), !title.isEmpty, page.inlineText(element) == title {
                doomed.append(element)
                continue
            }
            let verdict = PageHints.verdict(element)
            if verdict.negative && !verdict.positive {
                related += links(in: element, timeZone: timeZone, now: now).filter { _ in isRelatedBox(element) }
                doomed.append(element)
                continue
            }
            if ["ul", "ol", "div", "table", "dl"].contains(name), isRelatedBox(element) {
                related += links(in: element, timeZone: timeZone, now: now)
                doomed.append(element)
                continue
            }
            // Counted only for the elements the rule is about: every element's own count was a walk of its subtree.
            if ["p", "div", "span", "section"].contains(name), NodeText.stats(element).characters <= 80,
               PageHints.isBoilerplateLine(page.inlineText(element)) {
                doomed.append(element)
                continue
            }
            if ["ul", "ol"].contains(name) {
                let anchors = ElementWalk.anchors(under: element, withHref: false).count
                if anchors >= 3, ContentScorer(page: page).linkDensity(element) > 0.6 { doomed.append(element) }
            }
        }
        // A heading "相关新闻" stands before its list: remove the heading and the list after it.
        for heading in ElementWalk.leaves(under: node) where PageHints.boilerplateHeadings.contains(page.inlineText(heading)) {
            var sibling = heading.pointee.next
            while let current = sibling, current.pointee.type != XML_ELEMENT_NODE { sibling = current.pointee.next }
            if let list = sibling, !doomed.contains(list) {
                related += links(in: list, timeZone: timeZone, now: now)
                doomed.append(list)
            }
            doomed.append(heading)
        }
        // Decide every removal before freeing anything: a node inside another doomed node goes with it, and
        // asking about a node after its ancestor was freed would read freed memory (found by fuzzing).
        var unique: [xmlNodePtr] = []
        var seen: Set<xmlNodePtr> = []
        for element in doomed where seen.insert(element).inserted { unique.append(element) }
        let outermost = unique.filter { element in !unique.contains { $0 != element && isAncestor($0, of: element) } }
        for element in outermost { page.remove(element) }
        return related
    }

    private func isRelatedBox(_ element: xmlNodePtr) -> Bool {
        let names = PageHints.classAndID(element).lowercased()
        if names.contains("relat") || names.contains("xgxw") || names.contains("tuijian") || names.contains("recommend") { return true }
        let text = page.inlineText(element)
        return PageHints.boilerplateHeadings.contains { text.hasPrefix($0) }
    }

    private func links(in element: xmlNodePtr, timeZone: TimeZone, now: Date) -> [ListedLink] {
        ElementWalk.anchors(under: element).compactMap { anchor in
            guard let href = page.attribute(anchor, "href") else { return nil }
            let url = page.absolute(href)
            guard url.hasPrefix("http") else { return nil }
            let title = page.inlineText(anchor)
            guard title.count >= 4 else { return nil }
            let context = anchor.pointee.parent.map(page.inlineText) ?? title
            return ListedLink(url: url, title: RubyAnnotation.strip(title).text, date: DateFinder.find(in: context, now: now, timeZone: timeZone))
        }
    }

    private func isAncestor(_ ancestor: xmlNodePtr, of node: xmlNodePtr) -> Bool {
        var current = node.pointee.parent
        var depth = 0
        while let parent = current, depth < HTMLElements.maximumDepth {
            if parent == ancestor { return true }
            current = parent.pointee.parent
            depth += 1
        }
        return false
    }

    /// Rewrites every text node below `node` through `transform` (ruby annotations, mojibake).
    func forEachTextNode(in node: xmlNodePtr, _ transform: (String) -> String) {
        for text in page.select(".//text()", from: node) {
            guard let content = text.pointee.content else { continue }
            // Only text with a parenthesis or a question mark can hold ruby annotations or mojibake markers.
            let bytes = UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content)))
            guard bytes.contains(0x3F) || RubyAnnotation.mayContainParenthesis(bytes) else { continue }
            let original = String(cString: content)
            let changed = transform(original)
            if changed != original { xmlNodeSetContent(text, changed) }
        }
    }
}

/// Links a page lists as related coverage outside its content (a 相关新闻 box beside or below the article).
struct RelatedLinks {
    let page: HTMLPage
    let timeZone: TimeZone
    let now: Date

    func find() -> [ListedLink] {
        var links: [ListedLink] = []
        for heading in page.scan.relatedHeadings {
            guard let container = heading.pointee.parent else { continue }
            for anchor in ElementWalk.anchors(under: container) {
                guard let href = page.attribute(anchor, "href") else { continue }
                let url = page.absolute(href)
                let title = page.inlineText(anchor)
                guard url.hasPrefix("http"), !title.dropFirst(3).isEmpty, !links.contains(where: { $0.url == url }) else { continue }
                let context = anchor.pointee.parent.map(page.inlineText) ?? title
                links.append(ListedLink(url: url, title: RubyAnnotation.strip(title).text, date: DateFinder.find(in: context, now: now, timeZone: timeZone)))
            }
        }
        return links
    }
}
