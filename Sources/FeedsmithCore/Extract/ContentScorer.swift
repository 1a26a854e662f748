import CLibXML2
import Foundation

/// Readability-style scoring for the main content block, counting characters rather than words so it
/// works for CJK text, where there are no spaces between words.
struct ContentScorer {
    let page: HTMLPage

    /// The element that holds the article text, or nil when the page has no substantial text block.
    func bestCandidate() -> xmlNodePtr? {
        guard let body = page.body else { return nil }
        var scores: [xmlNodePtr: Double] = [:]
        var order: [xmlNodePtr] = []
        func add(_ node: xmlNodePtr, _ points: Double) {
            if scores[node] == nil {
                scores[node] = PageHints.weight(node) + baseScore(node)
                order.append(node)
            }
            scores[node, default: 0] += points
        }
        for paragraph in page.select(".//p | .//pre | .//td | .//div[not(.//p) and not(.//div) and not(.//table)] | .//section[not(.//p)]", from: body) {
            if isInsideBoilerplate(paragraph) { continue }
            let text = page.inlineText(paragraph)
            let length = text.count
            guard length >= 20 else { continue }
            let commas = text.filter { "，,。、；;！？".contains($0) }.count
            let points = 1 + Double(commas) + min(Double(length) / 100, 3)
            guard let parent = paragraph.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE else { continue }
            add(parent, points)
            if let grandparent = parent.pointee.parent, grandparent.pointee.type == XML_ELEMENT_NODE {
                add(grandparent, points / 2)
            }
        }
        var best: (node: xmlNodePtr, score: Double)?
        for node in order {
            guard let score = scores[node] else { continue }
            let adjusted = score * (1 - linkDensity(node))
            if adjusted > (best?.score ?? 0) { best = (node, adjusted) }
        }
        return best?.node
    }

    private func baseScore(_ node: xmlNodePtr) -> Double {
        switch HTMLTree.name(node) {
        case "article": return 10
        case "div", "section", "main": return 5
        case "pre", "td", "blockquote": return 3
        case "form", "ul", "ol", "dl", "li", "th", "address": return -3
        case "h1", "h2", "h3", "h4", "h5", "h6": return -5
        default: return 0
        }
    }

    /// Characters inside links over all characters.
    func linkDensity(_ node: xmlNodePtr) -> Double {
        let total = page.inlineText(node).count
        guard total > 0 else { return 0 }
        let linked = page.select(".//a", from: node).reduce(0) { $0 + page.inlineText($1).count }
        return min(1, Double(linked) / Double(total))
    }

    func isInsideBoilerplate(_ node: xmlNodePtr) -> Bool {
        var current = node.pointee.parent
        var depth = 0
        while let element = current, element.pointee.type == XML_ELEMENT_NODE, depth < HTMLElements.maximumDepth {
            let name = HTMLTree.name(element)
            if ["nav", "footer", "header", "aside", "form"].contains(name) { return true }
            if PageHints.weight(element) < 0 && !PageHints.matches(PageHints.positive, PageHints.classAndID(element)) { return true }
            current = element.pointee.parent
            depth += 1
        }
        return false
    }
}
