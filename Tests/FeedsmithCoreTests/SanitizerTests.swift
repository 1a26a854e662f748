import Foundation
import Testing
@testable import FeedsmithCore

@Suite struct SanitizerTests {
    let base = "https://news.example.cn/2026/03/article.html"

    @Test(arguments: [
        ("<p>ok</p><script>alert(1)</script>", "<p>ok</p>"),
        ("<p onclick=\"x()\" style=\"color:red\" class=\"c\">ok</p>", "<p>ok</p>"),
        ("<a href=\"javascript:alert(1)\">x</a>", "<a>x</a>"),
        ("<a href=\" JaVaScRiPt:alert(1)\">x</a>", "<a>x</a>"),
        ("<a href=\"/rel\">x</a>", "<a href=\"https://news.example.cn/rel\">x</a>"),
        ("<img src=\"pic.jpg\" onerror=\"x()\">", "<img src=\"https://news.example.cn/2026/03/pic.jpg\">"),
        ("<img src=\"data:image/png;base64,AAAA\">", "<img src=\"data:image/png;base64,AAAA\">"),
        ("<img src=\"data:text/html;base64,AAAA\">", ""),
        ("<iframe src=\"https://evil.example\"></iframe><p>after</p>", "<p>after</p>"),
        ("<svg onload=\"alert(1)\"><circle/></svg>text", "text"),
        ("<form action=\"/x\"><input name=q></form>kept", "kept"),
        ("<custom-tag>inner <b>bold</b></custom-tag>", "inner <b>bold</b>"),
        ("<ruby>現<rp>(</rp><rt>xiàn</rt></ruby>在", "現在"),
        ("<p>　　全角缩进&nbsp;和&nbsp;&nbsp;空格</p>", "<p>全角缩进 和 空格</p>"),
        ("<img data-src=\"/real.jpg\" src=\"/placeholder.gif\">", "<img src=\"https://news.example.cn/real.jpg\">"),
        ("<table><tr><td colspan=\"2\" bgcolor=\"red\">x</td></tr></table>", "<table><tr><td colspan=\"2\">x</td></tr></table>"),
        ("<pre>  keep\n  spacing</pre>", "<pre>  keep\n  spacing</pre>"),
        ("a &lt; b &amp; c", "a &lt; b &amp; c"),
        ("<a href=\"mailto:x@example.org\">mail</a>", "<a href=\"mailto:x@example.org\">mail</a>"),
        ("<img src=\"x\" srcset=\"javascript:alert(1) 1x\">", "<img src=\"https://news.example.cn/2026/03/x\">"),
    ])
    func sanitizes(input: String, expected: String) {
        #expect(HTMLSanitizer.sanitize(input, baseURL: base) == expected)
    }

    @Test func plainTextDropsRubyAndKeepsParagraphs() {
        let html = "<h1>标题</h1><p>第一段<ruby>現<rt>xiàn</rt></ruby>在</p><script>var x</script><p>第二段</p>"
        #expect(HTMLText.plain(html) == "标题\n第一段現在\n第二段")
    }

    @Test func canonicalURLsDropTrackingAndDefaults() {
        #expect(URLCanonicalizer.canonical("HTTPS://News.Example.CN:443/a?utm_source=x&id=1&fbclid=y#top") == "https://news.example.cn/a?id=1")
        #expect(URLCanonicalizer.canonical("http://example.org") == "http://example.org/")
        #expect(URLCanonicalizer.canonical("ftp://example.org/x") == nil)
        #expect(URLCanonicalizer.canonical("not a url") == nil)
    }

    @Test func xmlForbiddenCharactersAreRemoved() {
        let (text, removed) = TextHygiene.removingXMLForbidden("a\u{0}b\u{1}c\u{FFFE}d\te\n")
        #expect(text == "abcd\te\n")
        #expect(removed == 3)
        // Only U+FFFE/U+FFFF among the EF BF xx sequences; CJK text full of BE/BF continuation bytes is kept whole.
        #expect(TextHygiene.removingXMLForbidden("x\u{FFFF}y\u{FFFD}z") == ("xy\u{FFFD}z", 1))
        let cjk = "银川市发放创业担保贷款，扶持创业者。現在（市、區）"
        #expect(TextHygiene.removingXMLForbidden(cjk) == (cjk, 0))
        #expect(TextHygiene.removingXMLForbidden("end\u{1F}") == ("end", 1))
    }

    /// HTML escaping as strings and as appended bytes, against an escaper of the tests' own.
    @Test func htmlEscapingMatchesAScalarByScalarEscaper() {
        let pieces = ["", "a", "&", "<", ">", "\"", "'", "&amp;", "标题", "é\u{301}", "\"\u{301}", "👩‍👩‍👧", "\u{1}", " "]
        var generator = SystemRandomNumberGenerator()
        for round in 0..<2_000 {
            let value = (0..<(round % 9)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
            let text = ReferenceEscaping.html(value, quotes: false)
            let attribute = ReferenceEscaping.html(value, quotes: true)
            #expect(HTMLEscaping.text(value) == text, "\(value.debugDescription)")
            #expect(HTMLEscaping.attribute(value) == attribute, "\(value.debugDescription)")
            var bytes: [UInt8] = [0x2A]
            HTMLEscaping.append(value, quotes: true, to: &bytes)
            #expect(bytes == [0x2A] + Array(attribute.utf8))
            if bytes != [0x2A] + Array(attribute.utf8) || HTMLEscaping.text(value) != text { return }  // one report, not 2,000
        }
    }

    @Test func jsonStringsAreEscapedAndRunsCopied() {
        var out: [UInt8] = []
        JSONString.write("a\"b\\c\nd\u{1}é银", to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "\"a\\\"b\\\\c\\nd\\u0001é银\"")
        let decoded = try? JSONSerialization.jsonObject(with: Data(out), options: [.fragmentsAllowed]) as? String
        #expect(decoded == "a\"b\\c\nd\u{1}é银")
        // Every control character: the short escapes, else \u00XX in lower-case hex.
        for scalar in 0..<0x20 {
            var one: [UInt8] = []
            let character = String(Character(Unicode.Scalar(UInt8(scalar))))
            JSONString.write(character, to: &one)
            let short: [Int: String] = [0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t"]
            #expect(String(decoding: one, as: UTF8.self) == "\"" + (short[scalar] ?? String(format: "\\u%04x", scalar)) + "\"")
            let back = try? JSONSerialization.jsonObject(with: Data(one), options: [.fragmentsAllowed]) as? String
            #expect(back == character, "U+\(String(scalar, radix: 16))")
        }
    }

    /// Long strings, where the writer skips eight bytes at a time: every escape at every offset of a word gives
    /// the bytes of a scalar-by-scalar escaping, and JSONSerialization reads the string back.
    @Test func longJSONStringsEscapeAsScalarByScalar() {
        func reference(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        let pieces = ["<p class=\"lead\">", "The council voted ", "\\", "\"", "\n", "\u{1}", "\u{1F}", "\t", "\r", "现在",
                      "é", "😀", "a", "bb", "/", " ", "\u{7F}"]
        var generator = SystemRandomNumberGenerator()
        for round in 0..<3000 {
            let text = Fixture.randomText(from: pieces, upTo: 60, shiftedBy: round, using: &generator)
            var out: [UInt8] = []
            JSONString.write(text, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == reference(text), "\(text.debugDescription)")
            if round % 100 == 0 {
                let back = try? JSONSerialization.jsonObject(with: Data(out), options: [.fragmentsAllowed]) as? String
                #expect(back == text, "\(text.debugDescription)")
            }
        }
    }

    /// URLs taken as already canonical get exactly what URLComponents gives them: canonical URLs are keys
    /// of item identity, so a difference would change ids.
    @Test func alreadyCanonicalURLsAgreeWithURLComponents() {
        let hosts = ["example.org", "news.example.cn", "a-b.c", "a..b", "-a.b", "x1.y2", "localhost", "1.2.3.4", "a.b-"]
        let segments = ["a", "B", "news", "2026", ".", "..", "", "x_y", "a~b", "a-b.html", "Z9"]
        var generator = SystemRandomNumberGenerator()
        var checked = 0
        for _ in 0..<3000 {
            let host = hosts.randomElement(using: &generator) ?? "example.org"
            let path = (0..<Int.random(in: 0...4, using: &generator)).map { _ in segments.randomElement(using: &generator) ?? "" }.joined(separator: "/")
            let url = (Bool.random(using: &generator) ? "https://" : "http://") + host + "/" + path
            guard URLCanonicalizer.isAlreadyCanonical(url) else { continue }
            checked += 1
            #expect(URLCanonicalizer.canonicalThroughComponents(url) == url, "\(url)")
        }
        #expect(checked > 1000)
        for url in ["HTTP://example.org/", "http://Example.org/", "http://example.org", "http://example.org./a", "http://example.org:80/",
                    "http://example.org/a?b", "http://example.org/a#b", "http://u@example.org/", "http://example.org/%41", "http://example.org/a b"] {
            #expect(!URLCanonicalizer.isAlreadyCanonical(url), "\(url)")
        }
    }

    /// The word-at-a-time scan finds a forbidden character at any offset, among any neighbours.
    @Test func forbiddenCharactersFoundAtEveryOffset() {
        let pieces = ["a", "\t", "\n", "\r", " ", "，", "现", "\u{FFFD}", "\u{FFEF}", "é", "😀", "\u{7F}"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            var scalars = (0..<Int.random(in: 0...40, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }
            let bad = ["\u{0}", "\u{1}", "\u{1F}", "\u{FFFE}", "\u{FFFF}", "\u{B}"]
            let inserted = Int.random(in: 0...2, using: &generator)
            for _ in 0..<inserted { scalars.insert(bad.randomElement(using: &generator) ?? "", at: Int.random(in: 0...scalars.count, using: &generator)) }
            let text = scalars.joined()
            let expected = String(String.UnicodeScalarView(text.unicodeScalars.filter(TextHygiene.isXMLCharacter)))
            #expect(TextHygiene.removingXMLForbidden(text) == (expected, inserted), "\(Array(text.unicodeScalars))")
        }
    }
}
