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
        var documents: [(String, [UInt8])] = []
        for email in emails {
            let element = "<email>\(email)</email>"
            documents.append(("feed email \(email)", feed(feedEmail: element)))
            documents.append(("entry email \(email)", feed(entryAuthor: "<author><name>B</name>\(element)</author>")))
            documents.append(("contributor email \(email)", feed(entryAuthor: "<contributor><name>C</name>\(element)</contributor>")))
            documents.append(("source email \(email)", feed(source: "<source><author><name>S</name>\(element)</author></source>")))
        }
        for type in types {
            documents.append(("feed link type \(type)", feed(feedLink: "<link rel=\"related\" href=\"https://e.example/r\" type=\"\(type)\"/>")))
            documents.append(("entry link type \(type)", feed(entryLink: "<link rel=\"enclosure\" href=\"https://e.example/r\" type=\"\(type)\"/>")))
            documents.append(("source link type \(type)", feed(source: "<source><link href=\"https://e.example/s\" type=\"\(type)\"/></source>")))
            documents.append(("text content \(type)", feed(content: "<content type=\"\(type)\">words</content>")))
            documents.append(("element content \(type)", feed(content: "<content type=\"\(type)\"><x:y xmlns:x=\"urn:x\"/></content>")))
            documents.append(("xhtml content \(type)", feed(content: "<content type=\"\(type)\"><div xmlns=\"http://www.w3.org/1999/xhtml\">d</div></content>")))
            documents.append(("src content \(type)", feed(content: "<summary>s</summary><content type=\"\(type)\" src=\"https://e.example/c\"/>")))
        }
        for language in languages {
            documents.append(("entry hreflang \(language)", feed(entryLink: "<link rel=\"alternate\" type=\"text/html\" hreflang=\"\(language)\" href=\"https://e.example/2\"/>")))
            documents.append(("feed hreflang \(language)", feed(feedLink: "<link rel=\"alternate\" hreflang=\"\(language)\" href=\"https://e.example/\"/>")))
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
    }
}
