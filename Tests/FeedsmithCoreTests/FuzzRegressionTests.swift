import Foundation
import Testing
@testable import FeedsmithCore

/// Inputs the fuzzers found crashing, kept so the bugs stay fixed (scripts/fuzz.sh writes new ones to
/// .build-fuzz/crashes/TARGET/). Each is named after what it broke.
@Suite struct FuzzRegressionTests {
    /// ContentCleaner asked whether a node was inside another after that ancestor had been freed
    /// (heap-use-after-free under AddressSanitizer).
    @Test func nestedBoilerplateIsRemovedWithoutTouchingFreedNodes() throws {
        let decoded = DocumentDecoder.decode(try Fixture.bytes("fuzz/extract-use-after-free-nested-boilerplate.html"))
        _ = try? PageExtractor.extract(html: decoded.text, url: "https://fuzz.example/a/1.html", timeZone: shanghai)
        _ = try? PageExtractor.extract(html: decoded.text, url: "https://fuzz.example/a/1.html", timeZone: shanghai, expect: .article)
    }

    /// The same shape written by hand: a boilerplate block inside another, listed twice.
    @Test func doomedNodesInsideDoomedNodes() throws {
        let html = """
            <html><body><div class="content"><p>第一段正文内容，足够长的文字用于评分，这里还有更多的文字。</p>
            <div class="share"><div class="share-inner"><ul class="related"><li><a href="/a/1.html">相关新闻一二三四</a></li>
            <li><a href="/a/2.html">相关新闻五六七八</a></li><li><a href="/a/3.html">相关新闻九十</a></li></ul></div></div>
            <h3>相关新闻</h3><ul><li><a href="/b/1.html">另一条相关新闻</a></li></ul>
            <p>第二段正文内容，同样足够长的文字用于评分，这里也有更多的文字。</p></div></body></html>
            """
        let page = try PageExtractor.extract(html: html, url: "https://news.example.cn/a/0.html", timeZone: shanghai, expect: .article)
        guard case let .article(article) = page else { Issue.record("not an article"); return }
        #expect(article.text.contains("第一段正文内容") && article.text.contains("第二段正文内容"))
        #expect(!article.text.contains("相关新闻一二三四"))
    }
}
