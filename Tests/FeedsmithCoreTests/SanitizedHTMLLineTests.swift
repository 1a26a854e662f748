import CLibXML2
import Foundation
import Testing

@testable import FeedsmithCore

/// Sanitized HTML is read for its single line without a parse; content hashes (so item ids) depend on that
/// line, so every answer given must be the parse's, and markup libxml2 would build differently must be left
/// to the parse.
@Suite struct SanitizedHTMLLineTests {
    /// Checks one HTML text; true when the reading answered (and so was compared).
    @discardableResult
    static func check(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        guard HTMLText.hasMarkup(html), let line = SanitizedHTMLLine.line(html) else { return false }
        #expect(line == HTMLText.computeSingleLine(html), "\(Array(html.unicodeScalars).prefix(400))", sourceLocation: sourceLocation)
        return true
    }

    static let texts = [
        "word", "Z", " ", "  ", "\n", "\t", "\r\n", "\u{A0}", "\u{3000}", "\u{2009}", "\u{200B}", "\u{FEFF}", "é", "在", "。”", "😀", "\u{FFFD}",
        "&amp;", "&lt;", "&gt;", "&quot;", "&amp;amp;", "a > b", "\u{1}", "\u{C}", "\u{7F}", "\u{FFFE}", "\u{FFFF}", "\u{85}", "&nbsp;", "&#32;",
        "&", "&amp", "x&y", "\"q\"", "'", "&#8217;", "&rsquo;", "&#x2019;", "&#X41;", "&#0;", "&#1;", "&#9;", "&#xFFFE;", "&#xD800;",
        "&#1114111;", "&#1114112;", "&#00000065;", "&#000000065;", "&#65", "&nosuch;", "&Auml;", "&AUML;", "&hellip;", "&#x1F600;", "&apos;",
        "&nbsp", "&#;", "&#x;", "&a.b;",
    ]

    /// Markup in the sanitizer's shape over every element it keeps, nested at random (so including nestings
    /// libxml2 rebuilds), with a small share of breakage: upper case, stray and missing end tags, comments.
    static func shaped(_ generator: inout SystemRandomNumberGenerator, depth: Int = 0) -> String {
        let names = SanitizedHTMLLine.Grammar.shared.names.dropFirst()
        var out = ""
        for _ in 0..<Int.random(in: 0...(depth > 5 ? 1 : 4), using: &generator) {
            switch Int.random(in: 0..<100, using: &generator) {
            case 0..<40:
                out += texts.randomElement(using: &generator) ?? ""
            case 40..<93:
                let name = names.randomElement(using: &generator) ?? "p"
                var tag = "<" + name
                for attribute in (HTMLElements.allowed[name] ?? []).union(HTMLElements.globalAttributes).shuffled(using: &generator).prefix(Int.random(in: 0...2, using: &generator)) {
                    tag += " \(attribute)=\"" + ["x", "https://e.example/a?b=1&amp;c=2", "&quot;&lt;p&gt;", "a > b", "", "中 文"].randomElement(using: &generator)! + "\""
                }
                tag += ">"
                out += tag
                if !HTMLElements.void.contains(name) { out += shaped(&generator, depth: depth + 1) + "</\(name)>" }
            default:
                out += ["<P>", "</p>", "<p >", "<!-- c -->", "<br/>", "<img src=x>", "<a href='x'>", "<x-y>", "</b>", "<ruby>", "<p class=\"c\" >"]
                    .randomElement(using: &generator)!
            }
        }
        return out
    }

    @Test func answersAreTheParsesOnMarkupInTheSanitizersShape() {
        var generator = SystemRandomNumberGenerator()
        var (answered, total) = (0, 0)
        var (sanitizedAnswered, sanitizedTotal) = (0, 0)
        for _ in 0..<20_000 {
            let html = Self.shaped(&generator)
            guard HTMLText.hasMarkup(html) else { continue }
            total += 1
            if Self.check(html) { answered += 1 }
            let sanitized = HTMLSanitizer.sanitize(html, baseURL: "https://e.example/a/")
            guard HTMLText.hasMarkup(sanitized) else { continue }
            sanitizedTotal += 1
            if Self.check(sanitized) { sanitizedAnswered += 1 }
        }
        // Both ways are exercised: a share of the shaped markup is read (about 20%: its texts and breakage send
        // the rest to the parse) and the rest is not; its sanitized form is read almost always (about 87%).
        #expect(answered > total / 10 && answered < total * 9 / 10, "\(answered) of \(total)")
        #expect(sanitizedAnswered > sanitizedTotal * 7 / 10, "\(sanitizedAnswered) of \(sanitizedTotal)")
    }

    @Test func answersAreTheParsesOnSanitizedContent() throws {
        var fragments = HTMLFragmentTests.pieces + XSSVectorTests.vectors
        var contents: [String] = []
        for bytes in try Fixture.markupSamples() {
            fragments.append(String(decoding: bytes, as: UTF8.self))
            // Item contents as the feed parser leaves them: sanitized, the common case.
            let text = DocumentDecoder.decode(bytes, contentType: nil).text
            let context = ParseContext(baseURL: "https://e.example/feed", timeZone: utcZone, now: Date(timeIntervalSince1970: 1_780_000_000))
            if let parsed = try? FeedParser.parse(text, context: context) {
                contents += parsed.items.compactMap(\.contentHTML).filter(HTMLText.hasMarkup)
                fragments += parsed.items.compactMap(\.summary)
            }
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 { fragments.append(HTMLTextEquivalenceTests.randomHTML(&generator)) }
        var (answered, sanitizedTotal) = (0, 0)
        for fragment in fragments {
            Self.check(fragment)  // raw markup, as item summaries arrive
            let sanitized = HTMLSanitizer.sanitize(fragment, baseURL: "https://e.example/a/")
            if HTMLText.hasMarkup(sanitized) {
                sanitizedTotal += 1
                if Self.check(sanitized) { answered += 1 }
            }
        }
        var parsedAnswered = 0
        for content in contents where Self.check(content) { parsedAnswered += 1 }
        #expect(contents.count >= 15)
        #expect(parsedAnswered * 10 >= contents.count * 9, "\(parsedAnswered) of \(contents.count) parsed contents read without a parse")
        #expect(answered * 10 >= sanitizedTotal * 6, "\(answered) of \(sanitizedTotal) sanitized fragments read without a parse")
    }

    @Test func nestingsLibXMLRebuildsAreLeftToTheParse() {
        for html in ["<p>a<p>b</p></p>", "<p>a<div>b</div>c</p>", "<a href=\"x\">a<a href=\"y\">b</a></a>", "<li>a<li>b</li>c</li>d",
                     "<b>a<p>b</p>c</b>", "<p>a", "a</p>", "<p>a</b></p>", "<p>a<!-- c -->b</p>", "<P>a</P>", "a&nosuch;b", "a&#1;b", "a&nbsp b", "a\u{1}<b>b</b>"] {
            #expect(SanitizedHTMLLine.line(html) == nil, "\(html)")
        }
        #expect(SanitizedHTMLLine.line("<p>a</p><p>b <b>c</b>&amp;<i>d</i></p>") == "a b c&d")
        #expect(SanitizedHTMLLine.line("<div><div>x</div>y</div><img src=\"i\" alt=\"a\">z") == "x y z")
        #expect(SanitizedHTMLLine.line("<p>現在<br>好\u{3000}多了</p>") == "現在 好 多了")
        #expect(SanitizedHTMLLine.line("<p>It&#8217;s&nbsp;5&#x20AC;&hellip;</p>") == "It\u{2019}s 5\u{20AC}\u{2026}")
        #expect(SanitizedHTMLLine.Grammar.nestsInItself("div") && !SanitizedHTMLLine.Grammar.nestsInItself("p"))
    }
}
