import CLibXML2
import Foundation

/// The RFC 4287 rules a RELAX NG schema cannot express.
struct AtomRules {
    let lines: SourceLines
    let options: FeedValidator.Options
    private let ns = Namespaces.atom10

    func check(_ feed: XMLNode) -> [ValidationFinding] {
        var out = NodeFindings(lines: lines)
        checkID(feed, &out)
        checkDates(feed, &out)
        checkLinks(feed, &out)
        let feedHasAuthor = !feed.children("author", namespace: ns).isEmpty
        let selfLinks = feed.children("link", namespace: ns).filter { $0.attribute("rel") == "self" }
        if selfLinks.isEmpty {
            out.add(.warning, "atom-self-link", "the feed has no <link rel=\"self\">; readers use it to know the feed's own URL", at: feed)
        } else if let expected = options.expectedSelfURL, let href = selfLinks[0].attribute("href"), href != expected {
            out.add(.error, "atom-self-link-match", "self link is \(href), expected \(expected)", at: selfLinks[0])
        }
        var ids: [String: Set<String>] = [:]
        for entry in feed.children("entry", namespace: ns) {
            checkID(entry, &out)
            checkDates(entry, &out)
            checkLinks(entry, &out)
            let sourceHasAuthor = entry.child("source", namespace: ns).map { !$0.children("author", namespace: ns).isEmpty } ?? false
            if !feedHasAuthor && !sourceHasAuthor && entry.children("author", namespace: ns).isEmpty {
                out.add(.error, "atom-entry-author", "an entry needs an <author> when the feed has none (RFC 4287 4.1.2)", at: entry)
            }
            let content = entry.child("content", namespace: ns)
            let hasAlternate = entry.children("link", namespace: ns).contains { ($0.attribute("rel") ?? "alternate") == "alternate" }
            if content == nil && !hasAlternate {
                out.add(.error, "atom-content-or-alternate", "an entry without <content> needs a <link rel=\"alternate\"> (RFC 4287 4.1.2)", at: entry)
            }
            if let content, content.attribute("src") != nil, entry.child("summary", namespace: ns) == nil {
                out.add(.error, "atom-summary-required", "an entry whose <content> has src needs a <summary> (RFC 4287 4.1.2)", at: content)
            }
            if let id = entry.child("id", namespace: ns)?.text.trimmedWhitespace() {
                let updated = entry.child("updated", namespace: ns)?.text ?? ""
                if ids[id]?.contains(updated) == true {
                    out.add(.error, "atom-unique-id", "entry id \(id) appears twice with the same <updated> (RFC 4287 4.1.1)", at: entry)
                } else if ids[id] != nil {
                    out.add(.warning, "atom-unique-id", "entry id \(id) appears more than once", at: entry)
                }
                ids[id, default: []].insert(updated)
            }
        }
        return out.findings
    }

    private func checkID(_ node: XMLNode, _ out: inout NodeFindings) {
        guard let id = node.child("id", namespace: ns) else { return }
        let text = id.text.trimmedWhitespace()
        if !FeedValidator.isAbsoluteIRI(text) {
            out.add(.error, "atom-id-absolute", "<id> must be an absolute IRI, found `\(text)` (RFC 4287 4.2.6)", at: id)
        }
    }

    private func checkDates(_ node: XMLNode, _ out: inout NodeFindings) {
        for name in ["updated", "published"] {
            for date in node.children(name, namespace: ns) {
                let text = date.text.trimmedWhitespace()
                if !FeedValidator.isRFC3339(text) {
                    out.add(.error, "atom-date-rfc3339", "<\(name)> must be an RFC 3339 date-time with a zone, found `\(text)` (RFC 4287 3.3)", at: date)
                }
            }
        }
    }

    private func checkLinks(_ node: XMLNode, _ out: inout NodeFindings) {
        var alternates: Set<String> = []
        for link in node.children("link", namespace: ns) where (link.attribute("rel") ?? "alternate") == "alternate" {
            let key = (link.attribute("type") ?? "") + "|" + (link.attribute("hreflang") ?? "")
            if !alternates.insert(key).inserted {
                out.add(.error, "atom-alternate-unique", "more than one alternate link with the same type and hreflang (RFC 4287 4.1.1)", at: link)
            }
        }
        for link in node.children("link", namespace: ns) {
            guard let href = link.attribute("href") else { continue }
            if !FeedValidator.isAbsoluteIRI(href) && link.base == nil {
                out.add(.warning, "atom-link-relative", "relative link `\(href)` without xml:base", at: link)
            }
        }
    }
}
