import Foundation
import Testing
@testable import FeedsmithCore

@Suite struct FeedParserTests {
    let now = utc(2026, 3, 13)

    func parse(_ name: String, base: String = "https://example.org/feed", zone: TimeZone = shanghai) throws -> ParsedFeed {
        let decoded = DocumentDecoder.decode(try Fixture.bytes(name))
        return try FeedParser.parse(decoded.text, context: ParseContext(baseURL: base, timeZone: zone, now: now))
    }

    @Test func rss2() throws {
        let feed = try parse("parse/rss2-basic.xml")
        #expect(feed.format == .rss2)
        #expect(feed.title == "Example & Co")
        #expect(feed.language == "en-us")
        #expect(feed.ttlMinutes == 60)
        #expect(!feed.recovered)
        #expect(feed.items.count == 2)
        let first = feed.items[0]
        #expect(first.title == "First bold story")
        #expect(first.url == "https://example.org/stories/1?utm_source=feed&id=1")
        #expect(first.guid == "story-1")
        #expect(first.author == "Jane Doe")
        #expect(first.published == utc(2003, 6, 10, 4))
        #expect(first.categories == ["World", "Politics"])
        #expect(first.summary == "Short teaser")
        #expect(first.contentHTML == "<p>Full <a href=\"https://example.org/more\">text</a> here.</p>")
        let second = feed.items[1]
        #expect(second.url == "https://example.org/stories/2", "a permalink GUID stands in for a missing link")
        #expect(second.author == "John Roe")
        #expect(second.published == utc(2003, 6, 11, 7, 30))
        #expect(second.contentHTML == "<p>Escaped <a>HTML</a></p>", "javascript: URLs are dropped")
    }

    @Test func rss1RDF() throws {
        let feed = try parse("parse/rss1-rdf.xml")
        #expect(feed.format == .rss1)
        #expect(feed.title == "RDF Site")
        #expect(feed.language == "ja")
        #expect(feed.items.map(\.title) == ["記事A", "記事B"])
        #expect(feed.items[0].guid == "https://rdf.example.org/a")
        #expect(feed.items[0].author == "山田")
        #expect(feed.items[0].published == utc(2026, 3, 12, 7, 40))
        #expect(feed.items[1].published == utc(2026, 3, 10, 16), "a date without a zone is in the source's zone")
        #expect(feed.items[1].language == "ja")
    }

    /// A feed read from a local file has no public URL: its relative links, and relative images in its content,
    /// resolve against the site it names, in each format; an http document keeps its own URL as the base.
    @Test func localFilesResolveRelativeLinksAgainstTheirSite() throws {
        let file = ParseContext(baseURL: "file:///srv/feeds/local.xml", timeZone: shanghai, now: now)
        let rss = try FeedParser.parse("""
            <rss version="2.0"><channel><title>R</title><link>https://r.example/</link>
            <item><title>One</title><link>news/1.html</link><description>&lt;img src="/i/1.png"&gt;</description></item></channel></rss>
            """, context: file)
        #expect(rss.items.first?.url == "https://r.example/news/1.html")
        #expect(rss.items.first?.contentHTML?.contains("https://r.example/i/1.png") == true, "\(rss.items.first?.contentHTML ?? "")")
        let atom = try FeedParser.parse("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:a</id><link href="https://a.example/blog/"/>
            <entry><title>One</title><id>urn:a:1</id><link href="posts/1"/><content type="html">&lt;img src="pic.png"&gt;</content></entry></feed>
            """, context: file)
        #expect(atom.items.first?.url == "https://a.example/blog/posts/1")
        #expect(atom.items.first?.contentHTML?.contains("https://a.example/blog/pic.png") == true, "\(atom.items.first?.contentHTML ?? "")")
        let json = try FeedParser.parse("""
            {"version": "https://jsonfeed.org/version/1.1", "title": "J", "home_page_url": "https://j.example/",
             "items": [{"id": "1", "url": "/p/1", "content_html": "<p>x</p>"}]}
            """, context: file)
        #expect(json.items.first?.url == "https://j.example/p/1")
        let served = try FeedParser.parse("""
            <rss version="2.0"><channel><title>R</title><link>https://r.example/</link>
            <item><title>One</title><link>news/1.html</link></item></channel></rss>
            """, context: ParseContext(baseURL: "https://cdn.example/feeds/r.xml", timeZone: shanghai, now: now))
        #expect(served.items.first?.url == "https://cdn.example/feeds/news/1.html")
    }

    @Test func atomWithXMLBase() throws {
        let feed = try parse("parse/atom-xml-base.xml", base: "https://atom.example.org/feed.atom")
        #expect(feed.format == .atom10)
        #expect(feed.title == "Atom & Base")
        #expect(feed.siteURL == "https://atom.example.org/blog/")
        #expect(feed.language == "en")
        let one = feed.items[0]
        #expect(one.title == "Entry one")
        #expect(one.url == "https://atom.example.org/blog/posts/one.html")
        #expect(one.guid == "tag:atom.example.org,2026:1")
        #expect(one.published == utc(2026, 3, 12))
        #expect(one.updated == utc(2026, 3, 12, 1))
        #expect(one.author == "Feed Author", "the feed's author applies to entries without one")
        #expect(one.contentHTML == "<p>Picture: <img src=\"https://cdn.example.org/media/pic.png\" alt=\"pic\"></p>")
        let two = feed.items[1]
        #expect(two.url == "https://atom.example.org/two")
        #expect(two.author == "Guest")
        #expect(two.published == utc(2026, 3, 11, 10), "updated stands in for a missing published")
        #expect(two.contentHTML == "<p>Summary only</p>")
    }

    @Test func atom03() throws {
        let feed = try parse("parse/atom03.xml")
        #expect(feed.format == .atom03)
        #expect(feed.items[0].published == utc(2005, 1, 1, 11))
        #expect(feed.items[0].updated == utc(2005, 1, 2, 12))
        #expect(feed.items[0].contentHTML == "<p>Escaped content</p>")
        #expect(feed.items[0].url == "https://old.example.org/1")
    }

    @Test func jsonFeed() throws {
        let feed = try parse("parse/jsonfeed-1.1.json", base: "https://json.example.org/feed.json")
        #expect(feed.format == .jsonFeed)
        #expect(feed.title == "JSON Site")
        #expect(feed.items.map(\.guid) == ["1", "2"])
        #expect(feed.items[0].contentHTML == "<p>One <img src=\"https://json.example.org/i.png\"></p>")
        #expect(feed.items[0].author == "Feed Team")
        #expect(feed.items[0].categories == ["a", "b"])
        #expect(feed.items[0].published == utc(2026, 3, 12, 8, 40))
        #expect(feed.items[1].author == "Writer")
        #expect(feed.items[1].contentHTML == "<p>Line one</p><p>Line two</p>")
        #expect(feed.items[1].published == utc(2026, 3, 12), "zone-less JSON dates are in the source's zone")
    }

    @Test func gb18030EncodedAtom() throws {
        let bytes = try Fixture.bytes("parse/atom-gb18030.xml")
        let decoded = DocumentDecoder.decode(bytes)
        #expect(decoded.encoding == "GB18030")
        #expect(decoded.origin == .xmlDeclaration)
        let feed = try FeedParser.parse(decoded.text, context: ParseContext(baseURL: nil, timeZone: shanghai, now: now))
        #expect(feed.title == "银川新闻网")
        #expect(feed.items[0].title == "朱镕基旧居修缮完成 €")
        #expect(feed.items[0].author == "张晓慧")
        #expect(feed.items[0].contentHTML == "<p>银川市“红色堡垒”建设，镕字需要 GBK 之外的编码。</p>")
    }

    @Test func htmlEntitiesInRSS() throws {
        let feed = try parse("parse/rss-html-entities.xml")
        #expect(feed.items[0].title == "Café — naïve text & more")
        #expect(feed.items[0].contentHTML == "© 2026")
        #expect(feed.recoveryNotes.contains { $0.contains("HTML entity") })
    }

    @Test func doctypeIsFoundOnlyInTheProlog() {
        let rss = "<rss version=\"2.0\"><channel><title>T</title></channel></rss>"
        #expect(DoctypeStripper.strip("<!DOCTYPE rss>" + rss) == (rss, true))
        #expect(DoctypeStripper.strip("<?xml version=\"1.0\"?>\n<!doctype rss [<!ENTITY a \"b\">]>" + rss) == ("<?xml version=\"1.0\"?>\n" + rss, true))
        #expect(DoctypeStripper.strip(rss) == (rss, false))
        // XML spells it in capitals, HTML habit in lower case; mixed case is no declaration, and capitals win.
        #expect(DoctypeStripper.strip("<!DocType rss>" + rss).removed == false)
        #expect(DoctypeStripper.strip("<!doctype a><!DOCTYPE rss>" + rss) == ("<!doctype a>" + rss, true))
        #expect(DoctypeStripper.strip("<!-- a --><!doctype rss>" + rss) == ("<!-- a -->" + rss, true))
        #expect(DoctypeStripper.strip("<!DOCTYP").removed == false)
        // Only a declaration wholly within the first 4,096 bytes counts; one further on is left to the parser.
        let padding = "<!--" + String(repeating: "é", count: 2044) + "-->"
        #expect(padding.utf8.count == 4095)
        #expect(DoctypeStripper.strip(padding + "<!DOCTYPE rss>" + rss).removed == false)
        let shorter = String(padding.dropFirst(5).dropLast(3))
        #expect(DoctypeStripper.strip(shorter + "<!DOCTYPE rss>" + rss) == (shorter + rss, true))
    }

    @Test func truncationCountsCharacters() {
        #expect(TextHygiene.truncated("現在好多了", to: 5) == "現在好多了")  // 15 bytes, 5 characters
        #expect(TextHygiene.truncated("現在好多了", to: 4) == "現在好多…")
        #expect(TextHygiene.truncated("e\u{301}e\u{301}", to: 2) == "e\u{301}e\u{301}")  // two characters of three bytes each
        #expect(TextHygiene.truncated("abc def", to: 4) == "abc…")
    }

    @Test func htmlEntityRepairEdges() {
        // Rewritten: HTML names, next to multi-byte text and at either end.
        #expect(HTMLEntityRepair.repair("&nbsp;银川&eacute;&mdash;") == ("&#160;银川&#233;&#8212;", 3))
        // Left alone: XML's own five, numeric references, unknown or unterminated names, a bare ampersand,
        // names over 32 letters, names starting with a digit, and entities the document declares itself.
        let untouched = "&amp;&lt;&gt;&quot;&apos; &#233; &#xE9; &bogus; &nbsp &  a&b &\(String(repeating: "a", count: 33)); &1abc;"
        #expect(HTMLEntityRepair.repair(untouched) == (untouched, 0))
        let declared = "<!DOCTYPE rss [<!ENTITY nbsp \"&#160;\"><!ENTITY % eacute \"x\">]><rss>&nbsp;&eacute;&copy;</rss>"
        let repaired = HTMLEntityRepair.repair(declared)
        #expect(repaired.repaired == 1)
        #expect(repaired.text.hasSuffix("<rss>&nbsp;&eacute;&#169;</rss>"))
        #expect(HTMLEntityRepair.repair("") == ("", 0))
    }

    /// The byte check finds exactly XML's five among every name of one to four letters over their alphabet.
    @Test func predefinedEntityNamesByBytes() {
        let letters = Array("aglmopqstu".utf8)
        var names: [[UInt8]] = [[]]
        var all: [[UInt8]] = []
        for _ in 1...4 {
            names = names.flatMap { name in letters.map { name + [$0] } }
            all += names
        }
        let found = all.filter { $0.withUnsafeBufferPointer(HTMLEntityRepair.isPredefined) }.map { String(decoding: $0, as: UTF8.self) }
        #expect(all.count == 11_110)
        #expect(Set(found) == ["amp", "lt", "gt", "quot", "apos"] && found.count == 5)
    }

    @Test func strayControlByteIsRecoveredAndItemsKept() throws {
        let feed = try parse("parse/rss-stray-control-byte.xml")
        #expect(feed.recovered)
        #expect(feed.items.map(\.title) == ["Before the bad byte", "After the bad byte"])
        #expect(feed.items[0].contentHTML == "ab")
        #expect(feed.recoveryNotes.contains { $0.contains("removed 2 character") })
    }

    @Test func truncatedFeedKeepsWhatItCan() throws {
        let feed = try parse("parse/rss-truncated.xml")
        #expect(feed.recovered)
        #expect(feed.items.map(\.url).prefix(2) == ["https://t.example.org/1", "https://t.example.org/2"])
        #expect(feed.recoveryNotes.contains { $0.contains("not well-formed") })
    }

    @Test func externalEntitiesAreNeverLoaded() throws {
        let xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <rss version="2.0"><channel><title>t</title><link>https://x.example/</link><description>d</description>
            <item><title>leak &xxe; here</title><link>https://x.example/1</link></item></channel></rss>
            """
        let feed = try FeedParser.parse(xxe, context: ParseContext(baseURL: nil, timeZone: utcZone, now: now))
        #expect(!feed.items[0].title.contains("root:"))
    }

    @Test func futureDatesAreClampedAndFlagged() throws {
        let rss = """
            <rss version="2.0"><channel><title>t</title><link>https://x.example/</link><description>d</description>
            <item><title>from the future</title><link>https://x.example/1</link><pubDate>Fri, 01 Jan 2100 00:00:00 GMT</pubDate></item>
            </channel></rss>
            """
        let feed = try FeedParser.parse(rss, context: ParseContext(baseURL: nil, timeZone: utcZone, now: now))
        #expect(feed.items[0].published == now)
        #expect(feed.recoveryNotes.contains { $0.contains("clamped 1 future date") })
    }

    @Test func notAFeed() {
        #expect(throws: FeedParseError.notAFeed(root: "html")) {
            _ = try FeedParser.parse("<html><body>hi</body></html>", context: ParseContext(baseURL: nil, timeZone: utcZone))
        }
        #expect(throws: FeedParseError.empty) {
            _ = try FeedParser.parse("  \n ", context: ParseContext(baseURL: nil, timeZone: utcZone))
        }
    }

    @Test func autodiscoveryPrefersAtom() {
        let html = """
            <html><head><base href="https://site.example/news/">
            <link rel="alternate" type="application/rss+xml" href="rss.xml">
            <link rel="alternate" type="application/atom+xml" href="/atom.xml">
            <link rel="stylesheet" href="x.css"></head><body><link rel="alternate" type="application/rss+xml" href="body.xml"></body></html>
            """
        #expect(FeedAutodiscovery.feedLinks(inHTML: html, baseURL: "https://site.example/") == ["https://site.example/atom.xml", "https://site.example/news/rss.xml"])
    }
}

@Suite struct RSSTitleTests {
    @Test(arguments: [
        ("First &lt;b&gt;bold&lt;/b&gt; story", true), ("Tom &amp;amp; Jerry", true), ("&#169; 2026", true), ("&#x4E2D;文", true),
        ("a < b", false), ("AT&T rises", false), ("x &y z;", false), ("<3 cats", false), ("</p>", true), ("<!-- c -->", true),
    ])
    func htmlInTitlesIsRecognisedWithoutRegex(raw: String, html: Bool) {
        #expect(RSSParser.looksLikeHTML(Array(raw.utf8)) == html, "\(raw)")
    }
}

/// ``FeedParser/looksLikeFeed(_:)`` searches bytes; the string search it replaced is the reference.
@Suite struct FeedClassificationTests {
    static func reference(_ text: String) -> Bool {
        let body = text.utf8.prefix(4096).contains(0x21) ? DoctypeStripper.strip(text).text : text
        let head = String(body.prefix(2048)).lowercased()
        if head.trimmedWhitespace().hasPrefix("{") { return head.contains("jsonfeed.org/version") }
        for marker in ["<rss", "<feed", "<rdf:rdf", ":rdf "] where head.contains(marker) { return !head.contains("<html") }
        return false
    }

    @Test func agreesWithTheStringSearch() throws {
        var texts = [
            "", "   ", "{}", " \n{\"version\": \"https://JSONFeed.org/version/1.1\"}", "{\"version\": \"1\"}", "[1]",
            "<RSS version=\"2.0\">", "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">", "<rdf:RDF>",
            "<x:rdf xmlns:rdf=\"r\">", "<html><body>&lt;rss</body></html>", "<HTML><rss></HTML>", "<!DOCTYPE rss [<!ENTITY a \"b\">]><rss>",
            "<!DOCTYPE html><html><head><title>rss</title>", "<p>no feed here</p>", "\u{FEFF}<rss>", "\u{3000}{\"jsonfeed.org/version\"}",
            String(repeating: "长", count: 2047) + "<rss>", String(repeating: "长", count: 2044) + "<rss>",
            String(repeating: "a", count: 2045) + "<rss", String(repeating: "é", count: 3000) + "<feed>", "<feed><html",
        ]
        for name in ["rss2-basic.xml", "atom03.xml", "rss1-rdf.xml", "jsonfeed-1.1.json", "atom-xml-base.xml", "rss-truncated.xml"] {
            texts.append(try Fixture.text("parse/" + name))
        }
        for name in ["boilerplate-heavy-article.html", "list-ul.html", "utf8-traditional-ruby-article.html"] {
            texts.append(try Fixture.text("extract/" + name))
        }
        var positives = 0
        for text in texts {
            #expect(FeedParser.looksLikeFeed(text) == Self.reference(text), "\(text.prefix(80))")
            if Self.reference(text) { positives += 1 }
        }
        #expect(positives >= 10)
    }
}
