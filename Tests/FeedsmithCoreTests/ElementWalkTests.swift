import CLibXML2
import Foundation
import Testing
@testable import FeedsmithCore

/// The content cleaner walks elements itself where it used XPath: the walks must select what the
/// expressions select, in the same order, and its shortcuts must decide as the regex and set lookups do.
@Suite struct ElementWalkTests {
    static let edgeCases = """
        <html><head><title>t</title><script>var a = "<a href='x'>";</script></head><body>
        <DIV class="c"><A HREF="/one">one</A><a>no href</a><a href="">empty</a><!-- <a href="c"> -->
        <p>text <span><a href="/two">two <a href="/nested">nested</a></a></span> tail</p>
        <ul><li></li><li><img src="i.png"></li><li><br></li></ul><table><tr><td><a href="/cell">cell</a></td></tr></table>
        <svg><a href="/svg">svg</a></svg></DIV><div><p>a<b>b</b></p></div></body></html>
        """

    /// The nodes compared: the root, the body and up to 60 elements with element children per page.
    func contexts(_ page: HTMLPage) -> [xmlNodePtr] {
        guard let root = page.root else { return [] }
        var contexts = [root] + (page.body.map { [$0] } ?? [])
        contexts += ElementWalk.containers(under: root, minimum: 2).prefix(60)
        return contexts
    }

    @Test func walksSelectWhatTheirXPathSelects() throws {
        var compared = 0
        for sample in try Fixture.markupSamples().map({ DocumentDecoder.decode($0) }) + [DocumentDecoder.decode(Array(Self.edgeCases.utf8))] {
            guard let page = HTMLPage(document: sample, url: "https://example.com/a/") else { continue }
            for node in contexts(page) {
                #expect(ElementWalk.descendants(of: node, where: { _ in true }) == page.select(".//*", from: node))
                #expect(ElementWalk.anchors(under: node) == page.select(".//a[@href]", from: node))
                #expect(ElementWalk.anchors(under: node, withHref: false) == page.select(".//a", from: node))
                #expect(ElementWalk.leaves(under: node) == page.select(".//*[not(*)]", from: node))
                compared += 1
            }
        }
        #expect(compared > 150)
    }

    @Test func edgeCasesHoldWhatTheyShould() throws {
        let page = try #require(HTMLPage(document: DocumentDecoder.decode(Array(Self.edgeCases.utf8)), url: "https://example.com/"))
        let body = try #require(page.body)
        // Upper-case markup is lower-cased by the parser; an anchor with an empty href still has one.
        #expect(ElementWalk.anchors(under: body).compactMap { page.attribute($0, "href") } == ["/one", "", "/two", "/nested", "/cell", "/svg"])
        #expect(ElementWalk.anchors(under: body, withHref: false).count == 7)
    }

    @Test func boilerplateLineShortcutDecidesAsTheRegex() {
        var lines = ["责任编辑：王五", "  【责任编辑 王五】", "(来源：新华社)", "（ 稿源：银川日报）", "Copyright © 2026", "COPYRIGHT 2026",
                     "© 银川新闻网", "\u{3000}分享到：", "[上一篇] 标题", "\t下一篇", "打印本页", "關閉窗口", "\u{2028}审核：张三",
                     "记者 张晓慧", "新华社银川3月12日电", "（记者 张晓慧）", "【 】编辑", "[[编辑", "  ", "", "coPYright", "ccopyright",
                     "\u{0B}编辑", "\u{85}来源", "x编辑", "  (  (来源"]
        lines += PageHints.boilerplateLineWords.flatMap { [$0, " " + $0 + "：x", "【" + $0, "(  " + $0.uppercased()] }
        for line in lines {
            #expect(PageHints.isBoilerplateLine(line) == PageHints.matches(PageHints.boilerplateLines, line), "\(line.debugDescription)")
        }
        #expect(lines.filter(PageHints.isBoilerplateLine).count >= 100)
    }

    @Test func relatedHeadingsAreFoundByTheirBytes() {
        func isHeading(_ text: String) -> Bool {
            Array(text.utf8).withUnsafeBufferPointer(PageScan.isRelatedHeading)
        }
        for heading in PageHints.boilerplateHeadings {
            #expect(heading.utf8.count < 64)
            #expect(isHeading(heading), "\(heading)")
            #expect(!isHeading(String(heading.dropLast())) && !isHeading(heading + "1") && !isHeading(" " + heading))
        }
        for text in ["", "相关", "相关新闻网", "相关新閱", "related", "Read More", "热点", String(repeating: "相", count: 30)] {
            #expect(!isHeading(text), "\(text)")
        }
    }
}
