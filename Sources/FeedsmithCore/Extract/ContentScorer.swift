import CLibXML2
import Foundation

/// Readability-style scoring for the main content block, counting characters rather than words so it
/// works for CJK text, where there are no spaces between words.
struct ContentScorer {
    let page: HTMLPage

    struct Best {
        var node: xmlNodePtr
        /// Characters of text outside links in the node.
        var unlinkedCharacters: Int
    }

    /// The element that holds the article text, or nil when the page has no substantial text block.
    func best() -> Best? {
        guard let body = page.body else { return nil }
        var scores: [xmlNodePtr: Double] = [:]
        var order: [xmlNodePtr] = []
        var boilerplate: [xmlNodePtr: Bool] = [:]
        let texts = page.texts
        func add(_ node: xmlNodePtr, _ points: Double) {
            if scores[node] == nil {
                scores[node] = PageHints.weight(node) + baseScore(node)
                order.append(node)
            }
            scores[node, default: 0] += points
        }
        for paragraph in ElementWalk.paragraphs(under: body) {
            let stats = texts.stats(paragraph)
            guard stats.characters >= 20 else { continue }
            if isInsideBoilerplate(paragraph, cache: &boilerplate) { continue }
            let points = 1 + Double(stats.punctuation) + min(Double(stats.characters) / 100, 3)
            guard let parent = paragraph.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE else { continue }
            add(parent, points)
            if let grandparent = parent.pointee.parent, grandparent.pointee.type == XML_ELEMENT_NODE {
                add(grandparent, points / 2)
            }
        }
        var best: (node: xmlNodePtr, score: Double, stats: NodeText.Stats)?
        for node in order {
            guard let score = scores[node] else { continue }
            let stats = texts.stats(node)
            let density = stats.characters > 0 ? Double(stats.linked) / Double(stats.characters) : 0
            let adjusted = score * (1 - density)
            if adjusted > (best?.score ?? 0) { best = (node, adjusted, stats) }
        }
        return best.map { Best(node: $0.node, unlinkedCharacters: $0.stats.characters - $0.stats.linked) }
    }

    func bestCandidate() -> xmlNodePtr? { best()?.node }

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
        let stats = NodeText.stats(node)
        return stats.characters > 0 ? Double(stats.linked) / Double(stats.characters) : 0
    }

    /// Inside navigation, a footer, or a block named like boilerplate; answers are cached per ancestor.
    func isInsideBoilerplate(_ node: xmlNodePtr, cache: inout [xmlNodePtr: Bool]) -> Bool {
        var path: [xmlNodePtr] = []
        var current = node.pointee.parent
        var answer = false
        while let element = current, element.pointee.type == XML_ELEMENT_NODE, path.count < HTMLElements.maximumDepth {
            if let known = cache[element] {
                answer = known
                break
            }
            path.append(element)
            let name = HTMLTree.name(element)
            if ["nav", "footer", "header", "aside", "form"].contains(name) {
                answer = true
                break
            }
            let verdict = PageHints.verdict(element)
            if verdict.negative && !verdict.positive {
                answer = true
                break
            }
            current = element.pointee.parent
        }
        for element in path { cache[element] = answer }
        return answer
    }
}
