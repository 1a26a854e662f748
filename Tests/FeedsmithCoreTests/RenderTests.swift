import CLibXML2
import Foundation
import Testing
@testable import FeedsmithCore

@Suite struct RenderTests {
    static func document(entries: Int = 3) -> FeedDocument {
        let source = EntrySource(id: "ycnews", title: "银川新闻网 & Co", url: "https://news.example.cn/feed.xml", siteURL: "https://news.example.cn/")
        let items = (0..<entries).map { index in
            FeedEntry(
                id: "urn:uuid:00000000-0000-8000-8000-\(String(format: "%012d", index))",
                title: "标题 \(index) <b>&</b> \u{1}控制字符",
                link: "https://news.example.cn/a/\(index).html?x=1&y=2",
                published: index == 2 ? nil : utc(2026, 3, 12, 8, 40).addingTimeInterval(Double(-index) * 3600),
                updated: utc(2026, 3, 12, 9),
                authorName: "张晓慧",
                contentHTML: "<p>正文 \(index) &amp; <a href=\"https://x.example/\">链接</a></p>",
                summary: "摘要 \(index)", categories: ["经济"], language: "zh-CN", source: source)
        }
        return FeedDocument(
            title: "宁夏新闻汇总", subtitle: "示例", id: "urn:uuid:11111111-1111-8111-8111-111111111111",
            selfURLs: [.atom: "http://localhost:8080/all.atom", .rss: "http://localhost:8080/all.rss", .json: "http://localhost:8080/all.json"],
            homeURL: "http://localhost:8080/", language: "zh-CN", updated: utc(2026, 3, 12, 9), timeZone: shanghai, entries: items)
    }

    @Test func atomPassesTheRFC4287Schema() throws {
        let bytes = try AtomRenderer.render(Self.document())
        #expect(try RelaxNGValidator.atom().validate(bytes) == [])
    }

    @Test func schemaRejectsBrokenAtom() throws {
        let validator = try RelaxNGValidator.atom()
        let noID = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title><updated>2026-03-12T00:00:00Z</updated></feed>"
        #expect(!validator.validate(Array(noID.utf8)).isEmpty)
        let badDate = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><id>urn:x:1</id><title>t</title><updated>yesterday</updated></feed>"
        #expect(!validator.validate(Array(badDate.utf8)).isEmpty)
        #expect(validator.validate(Array("<feed".utf8)).first?.rule == "xml-well-formed")
    }

    @Test func atomRoundTripsThroughOurParser() throws {
        let document = Self.document()
        let bytes = try AtomRenderer.render(document)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"http://localhost:8080/all.atom\"/>"))
        #expect(text.contains("<published>2026-03-12T16:40:00+08:00</published>"))
        #expect(!text.contains("\u{1}"))
        let feed = try FeedParser.parse(text, context: ParseContext(baseURL: nil, timeZone: utcZone))
        #expect(feed.items.count == 3)
        #expect(feed.items[0].title == "标题 0 <b>&</b> 控制字符")
        #expect(feed.items[0].guid == document.entries[0].id)
        #expect(feed.items[0].url == "https://news.example.cn/a/0.html?x=1&y=2")
        #expect(feed.items[0].published == utc(2026, 3, 12, 8, 40))
        #expect(feed.items[0].author == "张晓慧")
        #expect(feed.items[0].contentHTML == "<p>正文 0 &amp; <a href=\"https://x.example/\">链接</a></p>")
    }

    @Test func rssIsWellFormedWithRFC822DatesAndSelfLink() throws {
        let bytes = try RSSRenderer.render(Self.document())
        #expect(FeedValidator.validate(bytes).findings == [])
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("<pubDate>Thu, 12 Mar 2026 16:40:00 +0800</pubDate>"))
        #expect(text.contains("<atom:link href=\"http://localhost:8080/all.rss\" rel=\"self\" type=\"application/rss+xml\"/>"))
        #expect(text.contains("<dc:creator>张晓慧</dc:creator>"))
        #expect(text.contains("isPermaLink=\"false\""))
        let feed = try FeedParser.parse(text, context: ParseContext(baseURL: nil, timeZone: utcZone))
        #expect(feed.items.map(\.guid) == Self.document().entries.map(\.id))
    }

    @Test func jsonFeedHasRequiredMembers() throws {
        let bytes = try JSONFeedRenderer.render(Self.document())
        #expect(FeedValidator.validate(bytes).findings == [])
        let feed = try FeedParser.parse(String(decoding: bytes, as: UTF8.self), context: ParseContext(baseURL: nil, timeZone: utcZone))
        #expect(feed.format == .jsonFeed)
        #expect(feed.items.map(\.guid) == Self.document().entries.map(\.id))
        #expect(feed.items[1].published == utc(2026, 3, 12, 7, 40))
    }

    @Test func sameDocumentRendersToIdenticalBytes() throws {
        #expect(try AtomRenderer.render(Self.document()) == AtomRenderer.render(Self.document()))
        #expect(try RSSRenderer.render(Self.document()) == RSSRenderer.render(Self.document()))
        #expect(try JSONFeedRenderer.render(Self.document()) == JSONFeedRenderer.render(Self.document()))
    }

    @Test func emptyFeedStillValidates() throws {
        let empty = Self.document(entries: 0)
        #expect(try RelaxNGValidator.atom().validate(AtomRenderer.render(empty)) == [])
        #expect(FeedValidator.validate(try RSSRenderer.render(empty)).findings == [])
        #expect(FeedValidator.validate(try JSONFeedRenderer.render(empty)).findings == [])
    }

    @Test func wellFormednessFindingCarriesLineAndColumn() {
        let findings = OutputValidator.wellFormed(Array("<a>\n  <b></a>".utf8))
        #expect(findings.count == 1)
        #expect(findings[0].line == 2)
        #expect(findings[0].rule == "xml-well-formed")
    }

    /// The validators' tree has no nodes for the indentation between elements (building them was a large part of
    /// validating our indented outputs), while the text the rules read stays as written: an element whose only
    /// content is whitespace keeps it, and so does whitespace in text that has other text beside it.
    @Test func validationTreeSkipsIndentationButKeepsText() throws {
        let bytes = Array("<feed>\n  <id>urn:x</id>\n  <name> </name>\n  <p>a <b>x</b> <i>y</i></p>\n</feed>\n".utf8)
        let document = try #require(OutputValidator.parse(bytes).document)
        defer { xmlFreeDoc(document) }
        let root = try #require(xmlDocGetRootElement(document))
        var texts: [String] = []
        var child = root.pointee.children
        while let node = child {
            if node.pointee.type == XML_TEXT_NODE { texts.append(XMLNode(node).text) }
            child = node.pointee.next
        }
        #expect(texts.isEmpty, "indentation kept as \(texts.map(\.debugDescription))")
        let element = XMLNode(root)
        #expect(element.child("id", namespace: nil)?.text == "urn:x")
        #expect(element.child("name", namespace: nil)?.text == " ")
        #expect(element.child("p", namespace: nil)?.text == "a x y")
    }

    /// The timeline page is checked by a parse that builds no tree; its verdict must be the tree parse's. A
    /// document whose DTD declares the entity it uses passes only the tree parse, which `wellFormed` falls back to.
    @Test func parseWithoutTreeAgreesWithTheTreeParse() {
        let page = TimelinePageRenderer.render(Self.document())
        let cases: [(String, Bool)] = [
            (String(decoding: page, as: UTF8.self), true),
            ("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><p>a &amp; b &#x4E2D; &lt;</p></html>", true),
            ("<a>\n  <b></a>", false),
            ("<p>&nbsp;</p>", false),
            ("<p a=\"1\" a=\"2\"/>", false),
            ("<p>one</p><p>two</p>", false),
            ("<p>\u{1}</p>", false),
            ("<x:p/>", true),  // a namespace error, not a well-formedness error, in both parses
            ("", false),
        ]
        for (text, expected) in cases {
            let bytes = Array(text.utf8)
            let (document, findings) = OutputValidator.parse(bytes)
            if let document { xmlFreeDoc(document) }
            #expect(findings.isEmpty == expected, "\(text)")
            #expect(OutputValidator.parsesWithoutTree(bytes) == expected, "\(text)")
            #expect(OutputValidator.wellFormed(bytes).isEmpty == expected, "\(text)")
        }
        #expect(!OutputValidator.parsesWithoutTree(Array("<p>\u{E9}</p>".utf8).dropLast(5) + [0xFF, 0x3C, 0x2F, 0x70, 0x3E]))
        let declared = Array("<!DOCTYPE p [<!ENTITY who \"world\">]>\n<p>hello &who;</p>".utf8)
        #expect(OutputValidator.wellFormed(declared) == [])
        let broken = Array("<!DOCTYPE p [<!ENTITY who \"<b>\">]>\n<p>hello &who;</p>".utf8)
        #expect(OutputValidator.parse(broken).findings.count == 1)
        #expect(OutputValidator.parsesWithoutTree(broken) == false)
        #expect(OutputValidator.wellFormed(broken).count == 1)
    }

    /// Lists bound to one SQLite parameter for `json_each`: any string survives, quotes and controls included.
    @Test func jsonStringArraysRoundTrip() throws {
        let values = ["s1", "with \"quotes\" and \\", "银川 — ünïcode", "tab\tnew\nline\u{1}", "", "/slash/"]
        let decoded = try JSONSerialization.jsonObject(with: Data(JSONStringArray.encode(values).utf8)) as? [String]
        #expect(decoded == values)
        #expect(JSONStringArray.encode([]) == "[]")
    }

    /// Element text is escaped exactly as libxml2's own writer would (so published bytes do not change).
    @Test func elementTextEscapesAsLibxml2Does() {
        let pieces = ["a", "<", ">", "&", "\"", "'", "\r", "\n", "\t", "现", "é", "😀", "&amp;", "<p>", " "]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            var text = (0..<Int.random(in: 0...30, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
            var escaped: [UInt8] = []
            text.withUTF8 { XMLWriter.appendEscapedText($0, to: &escaped) }
            let ours = String(decoding: escaped, as: UTF8.self)
            #expect(ours == LibXML2ReferenceWriter.libxml2Escaped(text), "\(text.debugDescription)")
        }
    }

    /// The same over long texts, where the writer skips eight bytes at a time: special bytes at every offset of
    /// a word, in runs of prose, markup and multi-byte text of every length.
    @Test func longElementTextEscapesAsLibxml2Does() {
        let pieces = ["The council of district ", "voted on Tuesday", "<p>", "</p>", "&amp;", "\"", ">", "<", "&", "\r", "\n",
                      "\t", "现在", "é", "😀", "a", "bb", "ccc", "<a href=\"https://example.org/?a=1&b=2\">", " "]
        var generator = SystemRandomNumberGenerator()
        for round in 0..<3000 {
            var text = Fixture.randomText(from: pieces, upTo: 60, shiftedBy: round, using: &generator)
            var escaped: [UInt8] = []
            text.withUTF8 { XMLWriter.appendEscapedText($0, to: &escaped) }
            let ours = String(decoding: escaped, as: UTF8.self)
            #expect(ours == LibXML2ReferenceWriter.libxml2Escaped(text), "\(text.debugDescription)")
        }
    }

    /// Page anchors keep the part of the id they always had: the last non-empty `:`-separated part.
    @Test func anchorsTakeTheLastPartOfTheID() {
        let ids = ["urn:uuid:6f1c2e0a-0000-8000-8000-000000000001", "plain", "a:b:", "::", ":", "", "a::b", ":a", "é:ü", "x:\u{301}y"]
        for id in ids {
            #expect(TimelinePageRenderer.lastComponent(id) == id.split(separator: ":").last, "\(id.debugDescription)")
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let id = String((0..<Int.random(in: 0...8, using: &generator)).map { _ in [":", "a", "b", "é"].randomElement(using: &generator) ?? ":" })
            #expect(TimelinePageRenderer.lastComponent(id) == id.split(separator: ":").last, "\(id.debugDescription)")
        }
    }
}
