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
        checkPatterns(feed, &out)
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
            checkPatterns(entry, &out)
            let source = entry.child("source", namespace: ns)
            if let source { checkPatterns(source, &out) }
            for content in entry.children("content", namespace: ns) { checkMediaType(content, &out) }
            let sourceHasAuthor = source.map { !$0.children("author", namespace: ns).isEmpty } ?? false
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

    // MARK: The schema's datatype patterns (see AtomSchema.rng), where RFC 4287's schema applies them: e-mail
    // addresses of person constructs, and link types and languages, of the feed, its entries and their sources.

    private func checkPatterns(_ node: XMLNode, _ out: inout NodeFindings) {
        for person in node.children("author", namespace: ns) + node.children("contributor", namespace: ns) {
            for email in person.children("email", namespace: ns) where !Self.isEmailAddress(email.text) {
                out.add(.error, "atom-schema", "<email> must be an e-mail address (RFC 4287 atomEmailAddress, `.+@.+`), found `\(email.text)`", at: email)
            }
        }
        for link in node.children("link", namespace: ns) {
            checkMediaType(link, &out)
            if let language = link.attribute("hreflang"), !Self.isLanguageTag(language) {
                out.add(.error, "atom-schema", "hreflang must be a language tag such as `en` or `zh-Hant` (RFC 4287 atomLanguageTag), found `\(language)`", at: link)
            }
        }
    }

    /// `type` of a link, or of content that is neither text, html nor xhtml (the schema refuses those three as
    /// media types itself).
    private func checkMediaType(_ node: XMLNode, _ out: inout NodeFindings) {
        guard let type = node.attribute("type"), !Self.textConstructTypes.contains(Self.xsdToken(type)), !Self.isMediaType(type) else { return }
        out.add(.error, "atom-schema", "type must be a media type such as `text/html` (RFC 4287 atomMediaType, `.+/.+`), found `\(type)`", at: node)
    }

    private static let textConstructTypes: Set<String> = ["text", "html", "xhtml"]

    /// XSD `.+@.+`: no line break, and an `@` with a character on each side.
    static func isEmailAddress(_ value: String) -> Bool { Self.hasInnerSeparator(value, UInt8(ascii: "@")) }

    /// XSD `.+/.+`.
    static func isMediaType(_ value: String) -> Bool { Self.hasInnerSeparator(value, UInt8(ascii: "/")) }

    /// The whole value matches `.+S.+` in XSD regular expressions, where `.` is any character but CR and LF.
    private static func hasInnerSeparator(_ value: String, _ separator: UInt8) -> Bool {
        // Read in place: every link's type comes through here.
        var value = value
        return value.withUTF8 { bytes in
            guard !bytes.contains(0x0A), !bytes.contains(0x0D), bytes.count >= 3 else { return false }
            // The separator is ASCII, so a byte equal to it is the character itself, never part of another.
            return bytes[1..<(bytes.count - 1)].contains(separator)
        }
    }

    /// XSD `[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*`.
    static func isLanguageTag(_ value: String) -> Bool {
        let parts = value.utf8.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        guard let first = parts.first else { return false }
        func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        guard (1...8).contains(first.count), first.allSatisfy(isLetter) else { return false }
        return parts.dropFirst().allSatisfy { (1...8).contains($0.count) && $0.allSatisfy { isLetter($0) || isDigit($0) } }
    }

    /// The value as an XSD token compares it: line breaks and tabs as spaces, runs of spaces as one, trimmed.
    static func xsdToken(_ value: String) -> String {
        // Nearly every value (`text/html`, `html`) has no whitespace and is its own token; splitting it into
        // scalars and joining them again was a third of checking media types. The four are ASCII, so bytes tell.
        guard value.utf8.contains(where: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return value }
        // By scalars: as Characters, CR LF is one that equals neither CR nor LF.
        return value.unicodeScalars.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
            .map { String(String.UnicodeScalarView($0)) }.joined(separator: " ")
    }
}
