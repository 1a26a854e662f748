import CLibXML2
import Foundation
import Testing

@testable import FeedsmithCore

/// Atom validation tries a stricter grammar in Feedsmith's own element order first. Its verdict must always be
/// RFC 4287's schema's, and Feedsmith's own outputs must actually take the shortcut.
@Suite struct AtomSchemaShortcutTests {
    static let validators = Result { try AtomSchemaValidator.shared() }

    @Test func everyReplacedDefinitionExistsOnce() {
        for (name, definition) in AtomSchema.orderedDefines {
            #expect(AtomSchema.rng.components(separatedBy: "<define name=\"\(name)\">").count == 2, "\(name)")
            #expect(AtomSchema.inFeedsmithOrder.contains(definition), "\(name)")
        }
        // The four interleaves of RFC 4287 (feed, entry, source, person) are all replaced.
        #expect(AtomSchema.rng.components(separatedBy: "<interleave>").count == 5)
        #expect(!AtomSchema.inFeedsmithOrder.contains("<interleave>"))
    }

    /// Runs `body` with the parsed document; nil when it is not well-formed (the schema never sees it).
    static func parsed<T>(_ bytes: [UInt8], _ body: (xmlDocPtr) -> T) -> T? {
        guard let document = OutputValidator.parse(bytes).0 else { return nil }
        defer { xmlFreeDoc(document) }
        return body(document)
    }

    static func entry(language: String? = "zh-CN", link: Bool = true, related: Bool = true, published: Bool = true,
                      content: Bool = true, summary: Bool = true, categories: [String] = ["经济"], site: String? = "https://news.example.cn/") -> FeedEntry {
        var entry = FeedEntry(
            id: "urn:uuid:00000000-0000-8000-8000-000000000001", title: "标题 <b>&</b>",
            link: link ? "https://news.example.cn/a/1.html?x=1&y=2" : nil,
            published: published ? Date(timeIntervalSince1970: 1_773_300_000) : nil, updated: Date(timeIntervalSince1970: 1_773_303_600),
            authorName: "张晓慧", contentHTML: content ? "<p>正文 &amp; 链接</p>" : nil, summary: summary ? "摘要" : nil,
            categories: categories, language: language,
            source: EntrySource(id: "yc", title: "银川新闻网", url: "https://news.example.cn/feed.xml", siteURL: site))
        if related {
            entry.related = [RelatedCoverage(id: "urn:uuid:2", title: "Other", link: "https://other.example/2", sourceTitle: "Other", published: nil)]
        }
        return entry
    }

    /// Documents covering every optional part the Atom renderer writes or leaves out.
    static func renderedDocuments() throws -> [(String, [UInt8])] {
        var entries: [(String, FeedEntry)] = [("everything", entry())]
        entries.append(("no link", entry(link: false)))
        entries.append(("no link, no content", entry(link: false, content: false)))
        entries.append(("no link, no content, no summary", entry(link: false, content: false, summary: false)))
        entries.append(("no content", entry(content: false)))
        entries.append(("no content, no summary", entry(content: false, summary: false)))
        entries.append(("no summary", entry(summary: false)))
        entries.append(("no related, published, categories", entry(related: false, published: false, categories: [])))
        entries.append(("two categories, other language, no site", entry(language: "en", categories: ["a", "b"], site: nil)))
        entries.append(("site equal to the feed", entry(site: "https://news.example.cn/feed.xml")))
        var documents: [(String, [UInt8])] = []
        for (label, entry) in entries {
            for (language, subtitle, hubs) in [("zh-CN", "示例", ["https://hub.example/"]), (nil, nil, [])] as [(String?, String?, [String])] {
                var document = FeedDocument(
                    title: "汇总", subtitle: subtitle, id: "urn:uuid:11111111-1111-8111-8111-111111111111",
                    selfURLs: [.atom: "http://localhost:8080/all.atom", .rss: "http://localhost:8080/all.rss", .json: "http://localhost:8080/all.json"],
                    homeURL: "http://localhost:8080/", language: language, updated: Date(timeIntervalSince1970: 1_773_303_600),
                    timeZone: TimeZone(identifier: "Asia/Shanghai") ?? .gmt, entries: [entry, entry])
                document.hubs = hubs
                documents.append(("\(label), feed language \(language ?? "none")", try AtomRenderer.render(document)))
            }
        }
        var empty = FeedDocument(
            title: "t", subtitle: nil, id: "urn:x:1", selfURLs: [:], homeURL: "http://localhost/", language: nil,
            updated: Date(timeIntervalSince1970: 0), timeZone: .gmt, entries: [])
        empty.hubs = []
        documents.append(("no entries, no self links", try AtomRenderer.render(empty)))
        return documents
    }

    @Test func renderedOutputsTakeTheShortcut() throws {
        let validators = try Self.validators.get()
        let documents = try Self.renderedDocuments()
        #expect(documents.count == 21)
        for (label, bytes) in documents {
            #expect(Self.parsed(bytes) { validators.ordered.accepts(document: $0) } == true, "\(label): the renderer's order changed; update AtomSchema.orderedDefines")
            #expect(Self.parsed(bytes) { AtomOrderedCheck.accepts($0) } == true, "\(label): the renderer's output changed; update AtomOrderedCheck")
            #expect(Self.parsed(bytes) { validators.full.validate(document: $0) } == [], "\(label)")
        }
    }

    /// One element per line, so variants are made by editing the list of children.
    static func document(feed: [String], entry: [String], source: [String], author: [String], entryAttributes: String = "") -> [UInt8] {
        let sourceXML = "<source>" + source.joined() + "</source>"
        let authorXML = "<author>" + author.joined() + "</author>"
        let entryXML = "<entry\(entryAttributes)>" + entry.map { $0 == "SOURCE" ? sourceXML : $0 == "AUTHOR" ? authorXML : $0 }.joined(separator: "\n") + "</entry>"
        return Array(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">\n"
            + feed.joined(separator: "\n") + "\n" + entryXML + "\n</feed>\n").utf8)
    }

    /// A valid document's children in Feedsmith's order, one element per entry; `AUTHOR` and `SOURCE` stand for
    /// those elements, built from their own lists.
    static let feedChildren = [
        "<id>urn:feed</id>", "<title>T</title>", "<subtitle type=\"html\">S</subtitle>", "<updated>2026-01-01T00:00:00Z</updated>",
        "<link rel=\"self\" href=\"https://e.example/f\"/>", "<link rel=\"alternate\" type=\"text/html\" href=\"https://e.example/\"/>",
        "<generator uri=\"https://g.example/\" version=\"1\">G</generator>",
    ]
    static let entryChildren = [
        "<id>urn:entry</id>", "<title type=\"text\">E</title>", "<link rel=\"alternate\" type=\"text/html\" href=\"https://e.example/1\"/>",
        "<link rel=\"related\" href=\"https://o.example/1\" title=\"o\"/>", "<published>2026-01-01T00:00:00+08:00</published>",
        "<updated>2026-01-01T00:00:00Z</updated>", "AUTHOR", "<category term=\"c\"/>", "<summary>S</summary>",
        "<content type=\"html\">&lt;p&gt;c&lt;/p&gt;</content>", "SOURCE",
    ]
    static let sourceChildren = [
        "<id>https://s.example/feed</id>", "<title>S</title>", "<link rel=\"self\" href=\"https://s.example/feed\"/>", "<updated>2026-01-01T00:00:00Z</updated>",
    ]
    static let authorChildren = ["<name>N</name>", "<uri>https://n.example/</uri>", "<email>n@n.example</email>"]

    /// A valid document in Feedsmith's order, and every deletion, duplication, swap of neighbours and
    /// inserted extension element of each child list, plus attributes the shortcut grammar leaves out.
    static func variants() -> [(String, [UInt8])] {
        let (feed, entry, source, author) = (feedChildren, entryChildren, sourceChildren, authorChildren)
        let extensionElement = "<x:e xmlns:x=\"urn:x\">e</x:e>"
        func edits(_ list: [String]) -> [(String, [String])] {
            var result: [(String, [String])] = []
            for index in list.indices {
                var removed = list
                removed.remove(at: index)
                result.append(("without \(list[index])", removed))
                var doubled = list
                doubled.insert(list[index], at: index + 1)
                result.append(("twice \(list[index])", doubled))
                if index + 1 < list.count {
                    var swapped = list
                    swapped.swapAt(index, index + 1)
                    result.append(("\(list[index + 1]) before \(list[index])", swapped))
                }
            }
            for index in 0...list.count {
                var extended = list
                extended.insert(extensionElement, at: index)
                result.append(("extension at \(index)", extended))
            }
            return result
        }
        var documents: [(String, [UInt8])] = [("as written", document(feed: feed, entry: entry, source: source, author: author))]
        for (label, changed) in edits(feed) { documents.append(("feed " + label, document(feed: changed, entry: entry, source: source, author: author))) }
        for (label, changed) in edits(entry) { documents.append(("entry " + label, document(feed: feed, entry: changed, source: source, author: author))) }
        for (label, changed) in edits(source) { documents.append(("source " + label, document(feed: feed, entry: entry, source: changed, author: author))) }
        for (label, changed) in edits(author) { documents.append(("author " + label, document(feed: feed, entry: entry, source: source, author: changed))) }
        for attributes in [" xml:base=\"https://e.example/\"", " xml:lang=\"de\"", " x:a=\"1\" xmlns:x=\"urn:x\"", " a=\"1\""] {
            documents.append(("entry attributes\(attributes)", document(feed: feed, entry: entry, source: source, author: author, entryAttributes: attributes)))
        }
        let xhtmlTitle = "<title type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">E</div></title>"
        documents.append(("xhtml title", document(feed: feed, entry: entry.map { $0.hasPrefix("<title") ? xhtmlTitle : $0 }, source: source, author: author)))
        documents.append(("bad date", document(feed: feed, entry: entry.map { $0.hasPrefix("<updated") ? "<updated>yesterday</updated>" : $0 }, source: source, author: author)))
        return documents
    }

    @Test func verdictsAreTheRFCSchemas() throws {
        let validators = try Self.validators.get()
        let patternDocuments = AtomSchemaPatternTests.documents()
        let fixtures = try FileManager.default.contentsOfDirectory(atPath: Fixture.folder.appendingPathComponent("validate").path)
            .filter { $0.hasPrefix("atom-") && $0 != "atom-not-well-formed.xml" }.sorted()
            .map { ("fixture \($0)", try Fixture.bytes("validate/\($0)")) }
        let documents = try Self.renderedDocuments() + Self.variants() + patternDocuments + fixtures
        var shortcut = 0, walked = 0, validElsewhere = 0, invalid = 0, malformed = 0
        for (label, bytes) in documents {
            guard let (combined, full, ordered, walk) = Self.parsed(bytes, {
                (validators.validate(document: $0), validators.full.validate(document: $0), validators.ordered.accepts(document: $0),
                 AtomOrderedCheck.accepts($0))
            }) else {
                malformed += 1
                continue
            }
            #expect(combined == full, "\(label)")
            // The walk is narrower than the ordered grammar, which is narrower than the RFC's.
            #expect(!walk || ordered, "\(label)")
            if walk { walked += 1 }
            if ordered { shortcut += 1 } else if full.isEmpty { validElsewhere += 1 } else { invalid += 1 }
        }
        // All three paths are exercised: accepted by the shortcut, valid only in another order, invalid
        // (52, 228 and 58 when written; one fixture is not well-formed).
        #expect(shortcut >= 50, "\(shortcut)")
        #expect(walked >= 40, "\(walked)")
        #expect(validElsewhere >= 200, "\(validElsewhere)")
        #expect(invalid >= 50, "\(invalid)")
        #expect(malformed == 1)
    }
}
