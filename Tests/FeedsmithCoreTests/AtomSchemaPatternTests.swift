import FeedsmithCore
import Foundation
import Testing

@testable import FeedsmithCore

/// Validation compiles RFC 4287's schema without its XSD pattern facets and checks those patterns in Swift
/// (libxml2 recompiled each facet for every value). Together they must find exactly the documents the
/// transcribed schema alone finds invalid, wherever the schema applies a pattern.
@Suite struct AtomSchemaPatternTests {
    static let original = Result { try RelaxNGValidator(schema: AtomSchema.rfc4287) }

    @Test func derivedSchemaDropsEveryPatternAndNothingElse() {
        for (original, derived) in AtomSchema.patternFreeDefines {
            #expect(AtomSchema.rfc4287.contains(original), "\(original)")
            #expect(AtomSchema.rng.contains(derived), "\(derived)")
        }
        #expect(!AtomSchema.rng.contains(#"name="pattern""#))
        #expect(AtomSchema.rfc4287.components(separatedBy: #"name="pattern""#).count == 5)
    }

    static func feed(feedEmail: String = "", feedLink: String = "", entryAuthor: String = "", entryLink: String = "",
                     content: String = "", source: String = "") -> [UInt8] {
        Array("""
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom"><id>urn:feed</id><title>T</title><updated>2026-01-01T00:00:00Z</updated>
            <author><name>A</name>\(feedEmail)</author><link rel="self" href="https://e.example/f"/>\(feedLink)
            <entry><id>urn:entry</id><title>E</title><updated>2026-01-01T00:00:00Z</updated><link href="https://e.example/1"/>\(entryLink)\(entryAuthor)\(content)\(source)</entry>
            </feed>
            """.utf8)
    }

    static func documents() -> [(String, [UInt8])] {
        let emails = ["a@b", "@b", "a@", "a@@", "@@", "@", "a\n@b", "a@b\r", "é@é", "", " a@b ", "a b@c d", "noat"]
        let types = ["text/html", "text", " text ", "html", "xhtml", "XHTML", "foo", "/", "a/", "/a", "a/b/c", "a/&#10;b", "a/&#13;b", "", "image/png"]
        let languages = ["en", "zh-Hant", "x", "abcdefgh", "abcdefghi", "en-", "-en", "en--us", "en-us1", "1en", "en_US", "", "ab-12345678", "ab-123456789", "é"]
        // Every position where RFC 4287's schema applies each pattern, as a document around the tested value.
        let emailPositions: [(String, (String) -> [UInt8])] = [
            ("feed author", { feed(feedEmail: $0) }),
            ("entry author", { feed(entryAuthor: "<author><name>B</name>\($0)</author>") }),
            ("entry contributor", { feed(entryAuthor: "<contributor><name>C</name>\($0)</contributor>") }),
            ("source author", { feed(source: "<source><author><name>S</name>\($0)</author></source>") }),
        ]
        let typePositions: [(String, (String) -> [UInt8])] = [
            ("feed link", { feed(feedLink: "<link rel=\"related\" href=\"https://e.example/r\" type=\"\($0)\"/>") }),
            ("entry link", { feed(entryLink: "<link rel=\"enclosure\" href=\"https://e.example/r\" type=\"\($0)\"/>") }),
            ("source link", { feed(source: "<source><link href=\"https://e.example/s\" type=\"\($0)\"/></source>") }),
            ("text content", { feed(content: "<content type=\"\($0)\">words</content>") }),
            ("element content", { feed(content: "<content type=\"\($0)\"><x:y xmlns:x=\"urn:x\"/></content>") }),
            ("xhtml content", { feed(content: "<content type=\"\($0)\"><div xmlns=\"http://www.w3.org/1999/xhtml\">d</div></content>") }),
            ("src content", { feed(content: "<summary>s</summary><content type=\"\($0)\" src=\"https://e.example/c\"/>") }),
        ]
        let languagePositions: [(String, (String) -> [UInt8])] = [
            ("entry link", { feed(entryLink: "<link rel=\"alternate\" type=\"text/html\" hreflang=\"\($0)\" href=\"https://e.example/2\"/>") }),
            ("feed link", { feed(feedLink: "<link rel=\"alternate\" hreflang=\"\($0)\" href=\"https://e.example/\"/>") }),
        ]
        var documents: [(String, [UInt8])] = []
        for email in emails {
            for (place, document) in emailPositions { documents.append(("\(place) email \(email)", document("<email>\(email)</email>"))) }
        }
        for type in types {
            for (place, document) in typePositions { documents.append(("\(place) type \(type)", document(type))) }
        }
        for language in languages {
            for (place, document) in languagePositions { documents.append(("\(place) hreflang \(language)", document(language))) }
        }
        // Outside the schema's pattern positions: an Atom e-mail inside an extension element is not checked.
        documents.append(("email in extension", feed(entryLink: "<x:ext xmlns:x=\"urn:x\"><email>nope</email></x:ext>")))
        return documents
    }

    @Test func verdictsMatchTheTranscribedSchema() throws {
        let original = try Self.original.get()
        var invalid = 0
        let documents = Self.documents()
        for (label, bytes) in documents {
            let schemaAlone = !original.validate(bytes).isEmpty
            let derivedAndRules = FeedValidator.validate(bytes).findings.contains { $0.rule == "atom-schema" }
            #expect(schemaAlone == derivedAndRules, "\(label): RFC 4287 schema says \(schemaAlone ? "invalid" : "valid")")
            if schemaAlone { invalid += 1 }
        }
        // Both verdicts occur often enough for the comparison to mean something.
        #expect(invalid > 40 && invalid < documents.count - 40, "\(invalid) of \(documents.count) invalid")
    }

    @Test func patternHelpersOnTheirOwn() {
        #expect(AtomRules.isEmailAddress("a@b") && !AtomRules.isEmailAddress("a@") && !AtomRules.isEmailAddress("a\n@b"))
        #expect(AtomRules.isMediaType("text/html") && !AtomRules.isMediaType("text") && !AtomRules.isMediaType("/a"))
        #expect(AtomRules.isLanguageTag("zh-Hant") && !AtomRules.isLanguageTag("en-") && !AtomRules.isLanguageTag("abcdefghi"))
        #expect(AtomRules.xsdToken(" a \r\n b\t") == "a b")
        // Each whitespace character alone, and values with none (returned as they are, other Unicode spaces kept).
        for space in [" ", "\t", "\n", "\r", "\r\n"] { #expect(AtomRules.xsdToken("text\(space)html") == "text html") }
        for plain in ["text/html", "html", "", "テキスト", "a\u{00A0}b"] { #expect(AtomRules.xsdToken(plain) == plain) }
    }
}
