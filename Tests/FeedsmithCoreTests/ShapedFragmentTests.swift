import Foundation
import Testing

@testable import FeedsmithCore

/// Markup in the sanitizer's shape is sanitized from a tree built without libxml2. The sanitizer guards against
/// hostile content, so its output must be byte for byte what it writes from libxml2's tree of the same markup.
@Suite struct ShapedFragmentTests {
    /// Checks one HTML text; true when it was read without libxml2 (and so compared).
    @discardableResult
    static func check(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let shaped = ShapedFragment.parse(html) != nil
        #expect(HTMLSanitizer.sanitize(html, baseURL: "https://e.example/a/") == HTMLSanitizer.sanitizeParsed(html, baseURL: "https://e.example/a/"),
                "\(Array(html.unicodeScalars).prefix(400))", sourceLocation: sourceLocation)
        return shaped
    }

    @Test func outputIsTheParsedTreesOnShapedMarkup() {
        var generator = SystemRandomNumberGenerator()
        var (shaped, total) = (0, 0)
        for _ in 0..<20_000 {
            let html = SanitizedHTMLLineTests.shaped(&generator)
            total += 1
            if Self.check(html) { shaped += 1 }
            // Sanitizing is idempotent on its own output, which is in the shape by construction.
            Self.check(HTMLSanitizer.sanitizeParsed(html, baseURL: "https://e.example/a/"))
        }
        #expect(shaped > total / 10 && shaped < total * 9 / 10, "\(shaped) of \(total)")
    }

    @Test func outputIsTheParsedTreesOnFixturesAndAttacks() throws {
        var fragments = HTMLFragmentTests.pieces + XSSVectorTests.vectors
        fragments += try Fixture.markupSamples().map { String(decoding: $0, as: UTF8.self) }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 { fragments.append(HTMLTextEquivalenceTests.randomHTML(&generator)) }
        // Attribute values the sanitizer rewrites or drops, in the shape: URLs to resolve, schemes to refuse,
        // lazy images, `dir`, spacing, entities, repeated names.
        fragments += [
            "<a href=\"/x?a=1&amp;b=2\">l</a>", "<a href=\"javascript:alert(1)\">x</a>", "<a href=\"  https://e.example/ \">s</a>",
            "<a title=\"t&quot;q\">no href</a>", "<a></a>", "<img src=\"i.png\" alt=\"a\">", "<img alt=\"no source\">",
            "<img src=\"p.gif\" data-src=\"/real.jpg\">", "<img src=\"data:image/png;base64,AAAA\">", "<img src=\"data:text/html,x\">",
            "<p dir=\"RTL\">d</p>", "<p dir=\"up\">d</p>", "<p title=\" a \t b \">t</p>", "<p title=\"a\" title=\"b\">twice</p>",
            "<p lang=\"zh\">中文</p>", "<pre>  a\n\n  b  </pre>", "<pre><b> x </b></pre>", "<p> a <b> b </b> c </p>",
            "<blockquote cite=\"/q\">q</blockquote>", "<a href=\"mailto:x@e.example\">m</a>", "<img src=\"mailto:x\">",
            "<a href=\"&amp;&lt;&gt;\">e</a>", "<a href=\"#top\">t</a>", "<img src=\"#i\">", "<td colspan=\"2\">c</td>",
            "<a href=\"x\" onclick=\"y\">o</a>", "<p style=\"color:red\" class=\"c\">s</p>", "<ol start=\"3\"><li>x</li></ol>",
            // libxml2 drops U+FFFE and U+FFFF: this `<a>` has no children there, so it is not written.
            "<a title=\"t\">\u{FFFE}\u{FFFF}</a>", "<a title=\"t\">a\u{FFFE}b</a>", "<a title=\"\u{FFFE}\">x</a>",
            // References, in text and in attribute values: decoded as libxml2 decodes them, or left to it.
            "<p>It&#8217;s &ldquo;5&#x20AC;&rdquo;&hellip;&nbsp;</p>", "<a href=\"/a?x=1&#38;y=2\" title=\"&eacute;&#233;\">e</a>",
            "<a title=\"&#xFFFE;\">r</a>", "<p>&#1;</p>", "<p>&#xD800;</p>", "<p>&AUML;</p>", "<a href=\"java&#115;cript:alert(1)\">j</a>",
            "<img src=\"&#106;avascript:x\">", "<a href=\"&#x6A;avascript:x\">k</a>",
        ]
        var shaped = 0
        for fragment in fragments where Self.check(fragment) { shaped += 1 }
        #expect(shaped >= 40, "\(shaped) of \(fragments.count) read without libxml2")
    }

    @Test func markupLibXMLWouldRebuildIsLeftToIt() {
        for html in ["<p title=\"a\" title=\"b\">x</p>", "<a href=\"?a=1&b=2\">x</a>", "<a href=\"&nosuch;\">x</a>", "<p>a<p>b</p></p>"] {
            #expect(ShapedFragment.parse(html) == nil, "\(html)")
        }
        let fragment = ShapedFragment.parse("<p>a &amp; b<img src=\"i&amp;j\"><b>c</b></p>d")
        #expect(fragment?.body.firstChild?.name == "p")
        #expect(fragment?.body.firstChild?.firstChild?.text == "a & b")
        #expect(fragment?.body.firstChild?.firstChild?.next?.attribute("src") == "i&j")
        #expect(fragment?.body.firstChild?.next?.text == "d")
    }
}
