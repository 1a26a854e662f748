import Foundation
import Testing
@testable import FeedsmithCore

@Suite struct FeedValidatorTests {
    struct Case: Decodable, CustomTestStringConvertible {
        var file: String
        var rules: [String]
        var breaks: String
        var testDescription: String { "\(file) (\(breaks))" }
    }

    static let corpus: [Case] = {
        guard let data = try? Data(contentsOf: Fixture.folder.appendingPathComponent("validate/manifest.json")) else { return [] }
        return (try? JSONDecoder().decode([Case].self, from: data)) ?? []
    }()

    static let warningRules: Set<String> = ["atom-self-link", "atom-link-relative", "rss-unknown-element", "rss-self-link", "rss-version", "rss-item-guid", "jsonfeed-feed-url"]

    @Test func corpusIsLargeEnough() {
        #expect(Self.corpus.count >= 40)
        #expect(Self.corpus.filter { $0.rules.isEmpty }.count >= 10)
    }

    /// Each file breaks exactly the rules its manifest names, no more and no fewer.
    @Test(arguments: corpus)
    func verdictsRuleByRule(_ testCase: Case) throws {
        let report = FeedValidator.validate(try Fixture.bytes("validate/\(testCase.file)"))
        let found = Set(report.findings.map(\.rule))
        #expect(found == Set(testCase.rules), "\(report.findings)")
        for finding in report.findings where finding.rule != "jsonfeed-item-id" || testCase.file.contains("numeric") {
            let expected: ValidationFinding.Severity = Self.warningRules.contains(finding.rule) || (finding.rule == "jsonfeed-item-id" && testCase.file.contains("numeric")) ? .warning : .error
            #expect(finding.severity == expected, "\(finding)")
        }
        if !testCase.file.hasSuffix(".json") {
            for finding in report.findings {
                #expect(finding.line != nil && finding.column != nil, "XML findings carry a line and column: \(finding)")
            }
        }
    }

    @Test func lineAndColumnPointAtTheElement() throws {
        let report = FeedValidator.validate(try Fixture.bytes("validate/rss-author-name.xml"))
        let finding = try #require(report.findings.first)
        #expect(finding.line == 13)
        #expect(finding.column == 7)
    }

    @Test func selfLinkMustMatchWhenExpected() throws {
        let bytes = try Fixture.bytes("validate/atom-valid-minimal.xml")
        #expect(FeedValidator.validate(bytes, options: .init(expectedSelfURL: "https://example.org/feed.atom")).findings.isEmpty)
        #expect(FeedValidator.validate(bytes, options: .init(expectedSelfURL: "https://other.example/feed.atom")).errors.map(\.rule) == ["atom-self-link-match"])
        let rss = try Fixture.bytes("validate/rss-valid-minimal.xml")
        #expect(FeedValidator.validate(rss, options: .init(expectedSelfURL: "https://other.example/x")).errors.map(\.rule) == ["rss-self-link-match"])
    }

    /// Children no fixture of the corpus exercised reach their Atom rules: a published date without a zone
    /// (xsd:dateTime allows it, RFC 3339 does not), a contributor's e-mail, and a summary beside `content src`.
    @Test func atomRulesSeeEveryKindOfChild() throws {
        let atom = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
              <id>https://example.org/feed</id>
              <title>T</title>
              <updated>2026-03-12T08:00:00Z</updated>
              <link rel="self" href="https://example.org/feed.atom"/>
              <author><name>A</name></author>
              <entry>
                <id>https://example.org/1</id>
                <title>One</title>
                <published>2026-03-12T08:00:00</published>
                <updated>2026-03-12T08:00:00Z</updated>
                <contributor><name>C</name><email>nobody</email></contributor>
                <summary>S</summary>
                <content type="text/html" src="https://example.org/1.html"/>
              </entry>
            </feed>
            """
        let findings = FeedValidator.validate(Array(atom.utf8)).findings
        #expect(findings.contains { $0.rule == "atom-date-rfc3339" && $0.line == 11 && $0.message.hasPrefix("<published>") }, "\(findings)")
        #expect(findings.contains { $0.rule == "atom-schema" && $0.line == 13 && $0.message.contains("must be an e-mail address") }, "\(findings)")
        #expect(!findings.contains { $0.rule == "atom-summary-required" }, "\(findings)")
        #expect(!findings.contains { $0.rule == "atom-entry-author" }, "the feed's author covers the entry: \(findings)")
    }

    @Test func rfc3339AndStrictRFC822() {
        #expect(FeedValidator.isRFC3339("2026-03-12T08:00:00Z"))
        #expect(FeedValidator.isRFC3339("2026-03-12t08:00:00.5+08:00"))
        #expect(!FeedValidator.isRFC3339("2026-03-12T08:00:00"))
        #expect(!FeedValidator.isRFC3339("2026-13-12T08:00:00Z"))
        #expect(FeedValidator.isRFC3339("2024-02-29T23:59:60-09:30"))  // a leap day, a leap second
        for invalid in ["2026-02-29T08:00:00Z", "2026-04-31T08:00:00Z", "2026-03-12T24:00:00Z", "2026-03-12T08:60:00Z",
                        "2026-03-12T08:00:61Z", "2026-03-12T08:00:00+24:00", "2026-03-12T08:00:00+08:60", "2026-03-12T08:00:00.Z",
                        "2026-03-12T08:00:00Zx", "2026-03-12T08:00:00+0800", "2026-03-12 08:00:00Z", "２026-03-12T08:00:00Z"] {
            #expect(!FeedValidator.isRFC3339(invalid), "\(invalid)")
        }
        #expect(RSSRules.strictRFC822("Thu, 12 Mar 2026 08:00:00 +0800") != nil)
        #expect(RSSRules.strictRFC822("12 Mar 2026 08:00 GMT") != nil)
        #expect(RSSRules.strictRFC822("Thu, 12 March 2026 08:00:00 GMT") == nil)
    }

    /// The validator's own JSON reader accepts what RFC 8259 accepts and refuses the rest, like Foundation's.
    @Test func jsonTreeReadsWhatFoundationReads() throws {
        let valid = [
            #"{"a": [1, -0.5, 2e10, 1E-3, true, false, null, "x"], "b": {}, "c": [], "d": "\u00e9\ud83d\ude00\n\/"}"#,
            " [ ] ", #""plain""#, "0", #"{"a":1,"a":2}"#, #"["银川 — ünï"]"#,
        ]
        for text in valid {
            #expect(JSONTree.parse(Array(text.utf8)) != nil, "\(text)")
            #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed)) != nil, "\(text)")
        }
        #expect(JSONTree.parse(Array(#"{"d": "\u00e9\ud83d\ude00\n"}"#.utf8)) == .object(["d": .string("é😀\n")]))
        #expect(JSONTree.parse(Array(#"{"a":1,"a":"last"}"#.utf8)) == .object(["a": .string("last")]))
        #expect(JSONTree.parse(Array(#"{"a":1,"b":true,"a":"last"}"#.utf8))?.object?["a"] == .string("last"))
        #expect(JSONTree.parse(Array(#"{"a":1,"b":true,"a":"last"}"#.utf8))?.object?["c"] == nil)
        let invalid = [
            "", "{", #"{"a" 1}"#, "01", "1.", "-", ".5", "1e", "tru", "nulll", #"["\x"]"#, #"["\ud83d"]"#,
            #"["\ude00"]"#, "[\"tab\tinside\"]", "{} {}", #"{'a': 1}"#, "[1 2]",
        ]
        for text in invalid {
            #expect(JSONTree.parse(Array(text.utf8)) == nil, "\(text)")
            #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed)) == nil, "\(text)")
        }
        #expect(JSONTree.parse([0x22, 0xFF, 0x22]) == nil)  // not UTF-8
        // Truncated, overlong, an encoded surrogate, and invalid bytes after an escape: all refused.
        for invalid: [UInt8] in [[0xE4, 0xB8], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0x5C, 0x6E, 0xFE], [0x61, 0xF8, 0x88, 0x80, 0x80, 0x80]] {
            #expect(JSONTree.parse([0x22] + invalid + [0x22]) == nil, "\(invalid)")
        }
        // U+FFFD written out is valid text, not a repair.
        #expect(JSONTree.parse([0x22, 0xEF, 0xBF, 0xBD, 0x5C, 0x6E, 0xE4, 0xB8, 0xAD, 0x22]) == .string("\u{FFFD}\n中"))
        // Stricter than Foundation, which lets a trailing comma through; strict readers refuse it.
        #expect(JSONTree.parse(Array("[1,]".utf8)) == nil)
        #expect(JSONTree.parse(Array(#"{"a":1,}"#.utf8)) == nil)
        // Nesting is bounded, not recursed without end.
        #expect(JSONTree.parse(Array(String(repeating: "[", count: 100_000).utf8)) == nil)
        #expect(JSONTree.parse(Array((String(repeating: "[", count: 200) + String(repeating: "]", count: 200)).utf8)) != nil)
    }

    /// Strings are read eight bytes at a time: every quote, escape, raw control character and invalid byte is
    /// still found at each offset of a word.
    @Test func longJSONStringsAreReadAtEveryOffset() {
        let pieces = ["<p class=\"lead\">", "The council voted ", "\\", "\"", "\n", "\u{1}", "\t", "现在", "é", "😀", "a", "bb", "/"]
        var generator = SystemRandomNumberGenerator()
        for round in 0..<2000 {
            let text = Fixture.randomText(from: pieces, upTo: 40, shiftedBy: round, using: &generator)
            var literal: [UInt8] = []
            JSONString.write(text, to: &literal)
            #expect(JSONTree.parse(literal) == .string(text), "\(text.debugDescription)")
            // A raw control character or a byte that is never UTF-8, anywhere inside the quotes, makes it invalid.
            let position = Int.random(in: 1..<literal.count, using: &generator)
            for bad: UInt8 in [0x01, 0x1F, 0xFF] {
                var broken = literal
                broken.insert(bad, at: position)
                #expect(JSONTree.parse(broken) == nil, "\(text.debugDescription) with \(bad) at \(position)")
            }
        }
    }

    @Test func plainURLsAreOnesFoundationAccepts() {
        for url in ["https://example.org/news/1.html?x=1&y=%C3%A9#top", "HTTP://A:8080", "http://a_b.example/~x/[1]?q=(a),b;c=d@e"] {
            #expect(FeedValidator.plainHTTPURL(url), "\(url)")
        }
        for url in ["http://a/b c", "http://ü.de/", "http://u@a/", "http://[::1]/", "ftp://a/", "http://", "http://:80/", "http://a:123456/"] {
            #expect(!FeedValidator.plainHTTPURL(url), "\(url)")
        }
        // Strings built from fragments that sit at the edges of both readers: whatever the byte check accepts,
        // Foundation accepts too, so isHTTPURL gives Foundation's answer for every one of them.
        let fragments = ["http", "https", "HTTP", "hTtPs", "://", ":", "/", "//", "a", "b.", "Z9", "ü", " ", "%", "%4", "%41", "?", "#",
                         "@", "[", "]", "-", "_", "~", "80", "99999", "123456", ".", "\"", "<", "|", "\\", "\n", "'", "=", "&"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var accepted = 0
        for _ in 0..<20_000 {
            var url = ""
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let count = 2 + Int(state >> 60)
            for _ in 0..<count {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                url += fragments[Int(state >> 33) % fragments.count]
            }
            if FeedValidator.plainHTTPURL(url) {
                accepted += 1
                #expect(FeedValidator.foundationHTTPURL(url), "\(url)")
            }
            for prefixed in ["http://" + url, "https://a" + url] where FeedValidator.plainHTTPURL(prefixed) {
                accepted += 1
                #expect(FeedValidator.foundationHTTPURL(prefixed), "\(prefixed)")
            }
        }
        #expect(accepted > 2_000)
    }

    @Test func absoluteIRIsAndStrictRFC822() {
        for iri in ["https://example.org/a", "tag:example.org,2026:1", "urn:uuid:1", "x-1.a+b:rest", "mailto:a@b"] {
            #expect(FeedValidator.isAbsoluteIRI(iri), "\(iri)")
        }
        for text in ["", ":x", "1a:x", "a:", "/path", "ht tp:x", "https://a b", "https://a\nb", "é:x", "a_b:x"] {
            #expect(!FeedValidator.isAbsoluteIRI(text), "\(text)")
        }
        // The 31-byte form our renderer writes, its weekday checked against the date by the caller.
        #expect(RSSRules.strictRFC822("Sun, 29 Nov 2026 12:50:05 +0000")?.0 == "Sun")
        #expect(RSSRules.strictRFC822("Mon, 29 Nov 2026 12:50:05 +0000")?.0 == "Mon")
        #expect(RSSRules.strictRFC822("Xyz, 29 Nov 2026 12:50:05 +0000") == nil)
        #expect(RSSRules.strictRFC822("sun, 29 Nov 2026 12:50:05 +0000") == nil)
        #expect(RSSRules.strictRFC822("29 Nov 2026 12:50:05 GMT")?.0 == nil)
        #expect(RSSRules.strictRFC822("29 Nov 2026 12:50:05 GMT") != nil)
        #expect(RSSRules.strictRFC822("29 Nov 2026 12:50:05 UTC") == nil)  // not an RFC 822 zone
        #expect(RSSRules.strictRFC822("Sun, 29 Nov 26 12:50:05 +0000") == nil)  // two-digit year
        // The zone comes back with the date: the weekday is checked in the date's own zone.
        #expect(RSSRules.strictRFC822("Mon, 30 Nov 2026 01:00:00 +0800")?.2 == 8 * 3600)
        #expect(RSSRules.strictRFC822("Sun, 29 Nov 2026 20:00:00 EST")?.2 == -5 * 3600)
        #expect(RSSRules.strictRFC822("29 Nov 2026 12:50 -0930")?.2 == -(9 * 3600 + 30 * 60))
        for (zone, offset) in [("+0000", 0), ("-0800", -8 * 3600), ("+1400", 14 * 3600), ("GMT", 0), ("UT", 0), ("Z", 0),
                               ("EDT", -4 * 3600), ("CST", -6 * 3600), ("CDT", -5 * 3600), ("MST", -7 * 3600), ("PDT", -7 * 3600)] {
            #expect(RSSRules.rfc822ZoneOffset(zone.utf8) == offset, "\(zone)")
        }
        for zone in ["+1500", "+0860", "0800", "+080", "+08:00", "UTC", "gmt", "JST", ""] {
            #expect(RSSRules.rfc822ZoneOffset(zone.utf8) == nil, "\(zone)")
        }
    }
}
