import CLibXML2
import Crypto
import Foundation
import Testing
@testable import FeedsmithCore

@Suite struct TextRepairTests {
    @Test(arguments: [
        ("現(xiàn)在好多了", "現在好多了"),
        ("馬家寨社區(qū)居民", "馬家寨社區居民"),
        ("堅(jiān)持把發(fā)揮", "堅持把發揮"),
        ("（市、区）两级", "（市、区）两级"),
        ("(COVID-19)疫情", "(COVID-19)疫情"),
        ("中(shi)文", "中(shi)文"),
        ("英文(xiàn) after Latin", "英文 after Latin"),
        ("Latin(xiàn)", "Latin(xiàn)"),
        ("銀川（yín）", "銀川"),
    ])
    func flattenedRubyIsRemovedOnlyWhereItIsPinyin(input: String, output: String) {
        #expect(RubyAnnotation.strip(input).text == output)
    }

    @Test func seedArticleLosesAllItsPinyin() throws {
        // A copy of shared/seed/article-page.txt: the scraped article the brief describes.
        let seed = try Fixture.text("extract/seed-article-page.txt")
        let (text, removed) = RubyAnnotation.strip(seed)
        #expect(removed > 100)
        #expect(text.contains("現在好多了"))
        #expect(text.contains("社區居民"))
        #expect(!text.contains("(xiàn)") && !text.contains("(qū)"))
        #expect(text.contains("(記者 張曉慧)"))
        #expect(BylineParser.author(in: String(text.suffix(400))) == "張曉慧")
    }

    @Test func seedFrameShiftMojibakeIsRepaired() {
        let result = MojibakeRepair.repair("可是我已經3天沒有回家了。今天孩子來做核酸，希望孩子看到我背上的字后能認出我?!毙祆o坦言。")
        #expect(result.text == "可是我已經3天沒有回家了。今天孩子來做核酸，希望孩子看到我背上的字后能認出我。”徐靜坦言。")
        #expect(result.repaired == 1)
        #expect(result.unrepairable == 0)
    }

    @Test func lostBytesAreFlaggedNotHidden() {
        let result = MojibakeRepair.repair("現在好多了?!?0月22日，賀蘭縣")
        #expect(result.repaired == 0)
        #expect(result.unrepairable >= 1)
        let lost = MojibakeRepair.repair("1.87億元?創業擔保貸款")
        #expect(lost.unrepairable == 1)
    }

    @Test func ordinaryTextIsLeftAlone() throws {
        for text in ["正常的文字，没有问题。", "What? Really!", "價格是多少？很便宜！", "Is it 3?! No way"] {
            let result = MojibakeRepair.repair(text)
            #expect(result.text == text)
            #expect(result.unrepairable == 0, "\(text)")
        }
    }

    @Test(arguments: [
        ("记者 张晓慧 报道", "张晓慧"), ("（記者 張曉慧）", "張曉慧"), ("記者李娜／報導", "李娜"), ("文/王磊", "王磊"),
        ("作者：Jane Doe", "Jane Doe"), ("By John Smith", "John Smith"), ("本报记者 王芳、李强", "王芳、李强"),
    ])
    func bylinesGiveTheName(text: String, name: String) {
        #expect(BylineParser.author(in: text) == name)
    }

    @Test func noBylineNoAuthor() {
        #expect(BylineParser.author(in: "今年以来，银川市累计发放创业担保贷款") == nil)
    }
}

@Suite struct DateFinderTests {
    let now = utc(2026, 3, 13, 6)  // 2026-03-13 14:00 in Shanghai

    @Test(arguments: [
        ("[2026-03-13]", "2026-03-13T00:00:00+08:00"),
        ("发布时间：2026-03-12 16:40　来源：银川日报", "2026-03-12T16:40:00+08:00"),
        ("2026年03月12日 16:40", "2026-03-12T16:40:00+08:00"),
        ("2026/03/11", "2026-03-11T00:00:00+08:00"),
        ("03-12", "2026-03-12T00:00:00+08:00"),
        ("12-25", "2025-12-25T00:00:00+08:00"),
        ("3月12日", "2026-03-12T00:00:00+08:00"),
        ("3小时前", "2026-03-13T11:00:00+08:00"),
        ("25分钟前", "2026-03-13T13:35:00+08:00"),
        ("昨天 15:20", "2026-03-12T15:20:00+08:00"),
        ("前天", "2026-03-11T00:00:00+08:00"),
        ("2天前", "2026-03-11T14:00:00+08:00"),
        ("发布时间：2026-03-12 下午4:40 来源：新华社", "2026-03-12T16:40:00+08:00"),
        ("2026年3月12日 上午10时30分", "2026-03-12T10:30:00+08:00"),
        ("[03-12 4:40 PM]", "2026-03-12T16:40:00+08:00"),
        ("Posted 2026-03-12 12:05 a.m. by staff", "2026-03-12T00:05:00+08:00"),
        ("昨天 下午3:20", "2026-03-12T15:20:00+08:00"),
        ("2026-03-12 9:15 Amsterdam", "2026-03-12T09:15:00+08:00"),
        // English, as list pages and datelines write it.
        ("City council approves new budget March 12, 2026", "2026-03-12T00:00:00+08:00"),
        ("Published Mar. 12, 2026, 4:40 PM", "2026-03-12T16:40:00+08:00"),
        ("Sept 3rd, 2025 at 9:05 am", "2025-09-03T09:05:00+08:00"),
        ("Wed, 11 Mar 2026", "2026-03-11T00:00:00+08:00"),
        ("11 MARCH 2026 16:40", "2026-03-11T16:40:00+08:00"),
        ("Updated 2 hours ago", "2026-03-13T12:00:00+08:00"),
        ("an hour ago", "2026-03-13T13:00:00+08:00"),
        ("5 mins ago", "2026-03-13T13:55:00+08:00"),
        ("3 days ago", "2026-03-10T14:00:00+08:00"),
        ("Market report: prices steady Yesterday", "2026-03-12T00:00:00+08:00"),
        ("Yesterday's vote, reported Yesterday at 9:15 PM", "2026-03-12T21:15:00+08:00"),
        ("Today, 10:15", "2026-03-13T10:15:00+08:00"),
        ("just now", "2026-03-13T14:00:00+08:00"),
    ])
    func findsDates(text: String, expected: String) throws {
        let date = try #require(DateFinder.find(in: text, now: now, timeZone: shanghai), "\(text)")
        #expect(DateFormatting.rfc3339(date, in: shanghai) == expected)
    }

    @Test func noDateInOrdinaryText() {
        for text in ["银川市累计发放创业担保贷款2.3亿元", "第1版", "共12页", "3.5%", "GDP增长6.5",
                     "Yesterday's storm damaged roofs across the city", "What happened today in parliament and why",
                     "Summary 12, 2026 plan", "March 2026 budget", "May 40, 2026", "The 2026 budget passes", "Marching 12, 2026",
                     "agony of the 3 days", "Sept 2026"] {
            #expect(DateFinder.find(in: text, now: now, timeZone: shanghai) == nil, "\(text)")
        }
    }

    @Test func englishDatesAreLookedForOnlyWhereTheyMayBe() {
        for text in ["March 12, 2026", "12 Mar 1999", "2 HOURS AGO", "Today", "yesterday 9:15", "Just Now", "(2026)"] {
            #expect(DateFinder.mayHoldEnglishDate(text), "\(text)")
        }
        for text in ["银川市累计发放创业担保贷款2.3亿元", "Page 12", "20260", "12026", "2100 votes", "tomorrow", ""] {
            #expect(!DateFinder.mayHoldEnglishDate(text), "\(text)")
        }
    }

    @Test(arguments: [
        ("https://a.example/ycxw/20260311/123.html", "2026-03-11"), ("https://a.example/2026-03/11/x.html", "2026-03-11"),
        ("https://a.example/2026/03/11/x", "2026-03-11"), ("https://a.example/ycxw/202603/11/x.html", "2026-03-11"),
        ("https://a.example/ycxw/202603/t20260311_123.html", "2026-03-11"),
    ])
    func datesInURLs(url: String, day: String) throws {
        let date = try #require(DateFinder.fromURL(url, timeZone: shanghai))
        #expect(DateFormatting.rfc3339(date, in: shanghai) == day + "T00:00:00+08:00")
    }
}

@Suite struct SelectorTests {
    let html = """
        <html><body><ul class="newslist main"><li id="first"><a href="/1" data-x="y">One</a><span class="date">[2026-03-13]</span></li>
        <li><a href="/2">Two</a></li><li class="ad"><a href="/3">Three</a></li></ul><div><p>x</p><p>y</p></div></body></html>
        """

    func count(_ css: String) throws -> Int {
        let page = try #require(HTMLPage(html: html, url: "https://x.example/"))
        return page.select(try Selector(css).xpath, from: page.root).count
    }

    @Test(arguments: [
        ("ul.newslist li", 3), ("ul.main > li", 3), ("li > a", 3), ("#first a", 1), ("a[href]", 3), ("a[href='/2']", 1),
        ("a[href=\"/2\"]", 1), ("a[href^='/']", 3), ("a[href$='3']", 1), ("a[href*='2']", 1), ("[data-x]", 1),
        ("li:nth-child(2) a", 1), ("li:first-child", 1), ("li:last-child", 1), ("li:nth-child(odd)", 2), ("li.ad", 1),
        ("ul li, div p", 5), ("*", 12), ("span.date", 1), ("//li[@id='first']", 1), ("div p:nth-child(2)", 1),
    ])
    func cssMatches(css: String, expected: Int) throws {
        #expect(try count(css) == expected, "\(css)")
    }

    @Test(arguments: ["ul[", "li:hover", ".", "a >", "//li[", "a[href~]x"])
    func badSelectorsAreRejected(css: String) {
        #expect(throws: Selector.ParseError.self) { _ = try Selector(css) }
    }
}

/// The byte-level line cleaning behind content hashes (and so behind item ids) must give exactly what the
/// scalar-by-scalar definition gives: ids may never change. The reference below is that definition.
@Suite struct LineCleaningEquivalenceTests {
    static func referenceSingleLine(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if TextHygiene.isSpace(scalar) {
                pendingSpace = !result.isEmpty
            } else if TextHygiene.isXMLCharacter(scalar) {
                if pendingSpace { result.append(" ") }
                pendingSpace = false
                result.append(scalar)
            }
        }
        return String(result)
    }

    static func referenceLines(_ text: String) -> String {
        text.utf8.split(separator: 0x0A, omittingEmptySubsequences: true).map { referenceSingleLine(String(decoding: $0, as: UTF8.self)) }
            .filter { !$0.isEmpty }.joined(separator: "\n")
    }

    /// The sanitizer's text collapsing, as it was defined scalar by scalar.
    static func referenceCollapsed(_ text: String, atBoundary: Bool, outputEndsWithSpace: Bool) -> String {
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if TextHygiene.isSpace(scalar) {
                pendingSpace = true
            } else if TextHygiene.isXMLCharacter(scalar) {
                if pendingSpace && !(scalars.isEmpty && (atBoundary || outputEndsWithSpace)) { scalars.append(" ") }
                pendingSpace = false
                scalars.append(scalar)
            }
        }
        if pendingSpace && !(scalars.isEmpty && (atBoundary || outputEndsWithSpace)) { scalars.append(" ") }
        return String(scalars)
    }

    static func collapsed(_ text: String, leadingSpace: Bool) -> String {
        var text = text
        var out: [UInt8] = []
        text.withUTF8 { TextHygiene.appendCollapsed($0, to: &out, leadingSpace: leadingSpace, trailingSpace: true) }
        return String(decoding: out, as: UTF8.self)
    }

    @Test func matchesTheScalarDefinition() {
        let pieces = [
            " ", "\t", "\n", "\r", "\r\n", "\u{0C}", "\u{A0}", "\u{3000}", "\u{2002}", "\u{2003}", "\u{2009}", "\u{200B}",
            "\u{FEFF}", "\u{FFFE}", "\u{FFFF}", "\u{1}", "\u{1F}", "\u{7F}", "\u{85}", "a", "Z", "é", "現", "在", "😀", "\u{10FFFD}",
            "\u{D7FF}", "\u{E000}", "\u{FFFD}", "xiàn", "。”", "&amp;", "<p>",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let length = Int.random(in: 0...24, using: &generator)
            let text = (0..<length).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
            #expect(TextHygiene.singleLine(text) == Self.referenceSingleLine(text), "\(Array(text.unicodeScalars))")
            #expect(HTMLText.normalizeLines(text) == Self.referenceLines(text), "\(Array(text.unicodeScalars))")
            for (boundary, endsWithSpace) in [(false, false), (true, false), (false, true)] {
                #expect(Self.collapsed(text, leadingSpace: !(boundary || endsWithSpace))
                    == Self.referenceCollapsed(text, atBoundary: boundary, outputEndsWithSpace: endsWithSpace), "\(Array(text.unicodeScalars))")
            }
        }
        let page = String(repeating: "現(xiàn)在好多了。\n\n  Line two\u{3000}with\u{A0}spaces \r\n", count: 50)
        #expect(HTMLText.normalizeLines(page) == Self.referenceLines(page))
    }
}

/// Content hashes (so item ids) are built on the plain text of HTML; the shortcuts taken for speed must give
/// the bytes the definitions give, on markup as messy as feeds carry.
@Suite struct HTMLTextEquivalenceTests {
    /// The hash as it was defined: the single line of the first non-empty of plain text, summary, title.
    static func referenceHash(_ item: Item) -> String {
        let basis = [item.contentHTML.map(HTMLText.plain), item.summary, item.title].compactMap { $0 }.first { !$0.isEmpty } ?? ""
        return SHA256Hex.of(TextHygiene.singleLine(basis))
    }

    static func randomHTML(_ generator: inout SystemRandomNumberGenerator) -> String {
        let pieces = [
            "<p>", "</p>", "<br>", "<div>", "</div>", "<b>", "</b>", "<a href=\"x\">", "</a>", "<ruby>現<rt>xiàn</rt></ruby>",
            "<script>var a = 1;</script>", "<style>p{}</style>", "<li>", "<ul>", "</ul>", "<h2>", "</h2>", "&amp;", "&nbsp;",
            "&#12288;", "&lt;", " ", "  ", "\n", "\t", "\u{A0}", "\u{3000}", "\u{200B}", "\u{2009}", "\u{FEFF}", "\u{1}", "\u{7F}",
            "word", "Z", "é", "在", "。”", "😀", "\u{FFFD}", "<!-- c -->", "<img src=x>", "<td>", "<tr>", "<table>", "<pre>  x  </pre>",
        ]
        let length = Int.random(in: 0...30, using: &generator)
        return (0..<length).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
    }

    @Test func singleLineMatchesThePlainTextDefinition() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let html = Self.randomHTML(&generator)
            #expect(HTMLText.singleLine(html) == TextHygiene.singleLine(HTMLText.plain(html)), "\(Array(html.unicodeScalars))")
            // Summaries were the plain text with its line breaks turned into spaces.
            let oneLine = String(decoding: HTMLText.plain(html).utf8.map { $0 == 0x0A ? 0x20 : $0 }, as: UTF8.self)
            #expect(HTMLText.singleLine(html) == oneLine, "\(Array(html.unicodeScalars))")
        }
    }

    @Test func contentHashMatchesItsDefinition() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<1500 {
            let item = Item(
                guid: nil, url: nil, title: round % 3 == 0 ? "" : "Title \(round)",
                contentHTML: round % 5 == 0 ? nil : Self.randomHTML(&generator), summary: round % 4 == 0 ? nil : (round % 7 == 0 ? " \u{200B} " : "Summary"))
            #expect(ItemIdentity.contentHash(item) == Self.referenceHash(item), "\(item)")
        }
        // Fixed values: a change here changes every stored item's id.
        #expect(ItemIdentity.contentHash(Item(guid: nil, url: nil, title: "T", contentHTML: "<p>現<rt>xiàn</rt>在</p><p>好  多了</p>"))
            == SHA256Hex.of("現在 好 多了"))
    }
}

/// The first 32 hex digits of SHA-256, as content hashes are written.
enum SHA256Hex {
    static func of(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined().prefix(32).description
    }
}

/// The extractor's text walk copies runs of bytes at once; it must give what the byte-by-byte definition
/// gives (plain text feeds content hashes, so ids).
@Suite struct NodeTextEquivalenceTests {
    static func reference(_ node: xmlNodePtr, paragraphs: Bool) -> String {
        var buffer: [UInt8] = []
        var pendingSpace = false
        func lineBreak() {
            guard paragraphs else {
                pendingSpace = !buffer.isEmpty
                return
            }
            pendingSpace = false
            while buffer.last == 0x20 { buffer.removeLast() }
            if !buffer.isEmpty && buffer.last != 0x0A { buffer.append(0x0A) }
        }
        func collect(_ node: xmlNodePtr) {
            var child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_TEXT_NODE || current.pointee.type == XML_CDATA_SECTION_NODE, var pointer = current.pointee.content {
                    while pointer.pointee != 0 {
                        let byte = pointer.pointee
                        var spaceLength = 0
                        if byte <= 0x20 { spaceLength = 1 } else if byte == 0xC2 && pointer[1] == 0xA0 { spaceLength = 2 } else if byte == 0xE3 && pointer[1] == 0x80 && pointer[2] == 0x80 { spaceLength = 3 }
                        if spaceLength > 0 {
                            pendingSpace = !buffer.isEmpty && buffer.last != 0x0A
                            pointer += spaceLength
                            continue
                        }
                        if pendingSpace {
                            buffer.append(0x20)
                            pendingSpace = false
                        }
                        buffer.append(byte)
                        pointer += 1
                    }
                } else if current.pointee.type == XML_ELEMENT_NODE, let name = current.pointee.name, !NodeText.isDropped(name) {
                    let isBlock = NodeText.isBlockOrBreak(name)
                    if isBlock { lineBreak() }
                    collect(current)
                    if isBlock { lineBreak() }
                }
                child = current.pointee.next
            }
        }
        collect(node)
        if paragraphs { while buffer.last == 0x0A || buffer.last == 0x20 { buffer.removeLast() } }
        return String(decoding: buffer, as: UTF8.self)
    }

    @Test func runsMatchTheByteByByteWalk() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let html = "<html><body>" + HTMLTextEquivalenceTests.randomHTML(&generator) + "</body></html>"
            let document = try #require(LibXML.parseHTML(html, url: nil))
            defer { xmlFreeDoc(document) }
            let body = try #require(HTMLTree.body(of: document))
            #expect(NodeText.paragraphs(body) == Self.reference(body, paragraphs: true), "\(Array(html.unicodeScalars))")
            #expect(NodeText.line(body) == Self.reference(body, paragraphs: false), "\(Array(html.unicodeScalars))")
        }
    }
}
