import CLibXML2
import Foundation
import Testing

@testable import FeedsmithCore

/// ``AtomOrderedCheck`` accepts Atom documents without a grammar. Whatever it accepts, RFC 4287's schema must
/// accept (it is only a shortcut to the same verdict), and every output of the renderer must take it.
@Suite struct AtomOrderedCheckTests {
    /// (whether the check accepts, the RFC schema's findings), nil when the bytes are not well-formed.
    static func verdicts(_ bytes: [UInt8]) throws -> (accepted: Bool, findings: [ValidationFinding])? {
        let validators = try AtomSchemaShortcutTests.validators.get()
        return AtomSchemaShortcutTests.parsed(bytes) { (AtomOrderedCheck.accepts($0), validators.full.validate(document: $0)) }
    }

    @Test func everyRenderedDocumentIsRecognized() throws {
        var random = SystemRandomNumberGenerator()
        for index in 0..<2_000 {
            let bytes = try AtomRenderer.render(RandomFeedDocuments.document(&random))
            let accepted = AtomSchemaShortcutTests.parsed(bytes) { AtomOrderedCheck.accepts($0) }
            #expect(accepted == true, "\(String(decoding: bytes, as: UTF8.self))")
            if accepted != true { return }
            // The schema itself on a tenth of them (it is the slow part this check saves).
            if index % 10 == 0 { #expect(try Self.verdicts(bytes)?.findings == [], "\(String(decoding: bytes, as: UTF8.self))") }
        }
        for (label, bytes) in try AtomSchemaShortcutTests.renderedDocuments() {
            #expect(AtomSchemaShortcutTests.parsed(bytes) { AtomOrderedCheck.accepts($0) } == true, "\(label)")
        }
    }

    /// Date strings around every boundary the check draws, put into a valid document's `<updated>`: the check
    /// may accept one only when libxml2's `xsd:dateTime` does.
    @Test func datesAreAcceptedOnlyWhereTheSchemaAcceptsThem() throws {
        var random = SystemRandomNumberGenerator()
        func two(_ values: [Int]) -> String {
            let value = values.randomElement(using: &random) ?? 0
            return value < 10 ? "0\(value)" : "\(value)"
        }
        let zones = ["Z", "z", "+00:00", "-00:00", "+08:00", "-03:30", "+05:45", "+13:59", "-13:59", "+14:00", "-14:00",
                     "+14:01", "+24:00", "+0800", "+8:00", "+08:60", "", " Z"]
        var dates: Set<String> = ["2026-02-29T00:00:00Z", "2024-02-29T00:00:00Z", "2000-02-29T12:00:00Z", "1900-02-29T12:00:00Z",
                                  "2100-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-12-31T23:59:59Z", "2026-01-01T24:00:00Z",
                                  "2026-01-01T00:00:60Z", "2026-01-01T00:00:00.5Z", "2026-01-01t00:00:00Z", "2026-01-01 00:00:00Z",
                                  " 2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z ", "02026-01-01T00:00:00Z", "-2026-01-01T00:00:00Z",
                                  "0999-01-01T00:00:00Z", "1000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z",
                                  "2026-1-01T00:00:00Z", "2026-01-01T00:00Z", "yesterday", ""]
        while dates.count < 1_500 {
            let year = ["0999", "1000", "1900", "2000", "2024", "2026", "2100", "9999"].randomElement(using: &random) ?? "2026"
            let day = "\(year)-\(two([0, 1, 2, 4, 9, 11, 12, 13]))-\(two([0, 1, 28, 29, 30, 31, 32]))"
            let time = "\(two([0, 9, 23, 24])):\(two([0, 59, 60])):\(two([0, 59, 60]))"
            dates.insert(day + "T" + time + (zones.randomElement(using: &random) ?? "Z"))
        }
        var accepted = 0, refusedBySchema = 0, leftToTheSchema = 0
        for date in dates.sorted() {
            let bytes = Self.document(entry: Self.entryChildren.map { $0.hasPrefix("<updated>") ? "<updated>\(date)</updated>" : $0 })
            guard let (check, findings) = try Self.verdicts(bytes) else { continue }
            #expect(!check || findings.isEmpty, "the check accepts \(date), the schema does not: \(findings)")
            #expect(check == date.utf8.withContiguousStorageIfAvailable(AtomOrderedCheck.isDateTime), "\(date)")
            if check { accepted += 1 } else if findings.isEmpty { leftToTheSchema += 1 } else { refusedBySchema += 1 }
        }
        // Both sides are exercised: dates the check takes, dates only the schema takes, dates nobody takes.
        #expect(accepted >= 50, "\(accepted)")
        #expect(leftToTheSchema >= 5, "\(leftToTheSchema)")
        #expect(refusedBySchema >= 500, "\(refusedBySchema)")
    }

    /// Every attribute the Atom elements may or may not carry, added to each element of a valid document, and
    /// children where only text or only elements belong: the check may accept a variant only when the schema does.
    @Test func attributesAndChildrenBeyondOurOutputsAreLeftToTheSchema() throws {
        let attributes = ["type=\"text\"", "type=\"html\"", "type=\"xhtml\"", "type=\" html\"", "type=\"text/html\"", "type=\"TEXT/HTML\"",
                          "type=\"text/\"", "type=\"application/atom+xml\"", "foo=\"1\"", "xml:lang=\"de\"", "xml:base=\"https://b.example/\"",
                          "x:a=\"1\" xmlns:x=\"urn:x\"", "href=\"https://h.example/\"", "term=\"t\"", "rel=\"r\"", "scheme=\"s\"", "label=\"l\"",
                          "uri=\"u\"", "version=\"v\"", "src=\"https://s.example/\"", "length=\"1\"", "hreflang=\"en\"", "title=\"t\""]
        let insides = ["<b xmlns=\"urn:b\">x</b>", "<!-- c -->", "<![CDATA[x]]>", "stray", "<div xmlns=\"http://www.w3.org/1999/xhtml\">x</div>"]
        var variants: [(String, [UInt8])] = []
        func add(_ label: String, _ bytes: [UInt8]) { variants.append((label, bytes)) }
        func edited(_ list: [String], _ change: (String) -> String?) -> [[String]] {
            list.indices.compactMap { index in change(list[index]).map { var copy = list; copy[index] = $0; return copy } }
        }
        let valid = String(decoding: Self.document(), as: UTF8.self)
        for attribute in attributes {
            let addAttribute: (String) -> String? = { Self.adding(attribute, to: $0) }
            for feed in edited(Self.feedChildren, addAttribute) { add("feed child with \(attribute)", Self.document(feed: feed)) }
            for entry in edited(Self.entryChildren, addAttribute) { add("entry child with \(attribute)", Self.document(entry: entry)) }
            for source in edited(Self.sourceChildren, addAttribute) { add("source child with \(attribute)", Self.document(source: source)) }
            for author in edited(Self.authorChildren, addAttribute) { add("author child with \(attribute)", Self.document(author: author)) }
            for element in ["<feed ", "<entry>", "<author>", "<source>"] {
                let opened = element.hasSuffix(">") ? String(element.dropLast()) + " \(attribute)>" : element + attribute + " "
                add("\(element) with \(attribute)", Array(valid.replacingOccurrences(of: element, with: opened).utf8))
            }
        }
        for inside in insides {
            let replaceText: (String) -> String? = { Self.replacingText(of: $0, with: inside) }
            for feed in edited(Self.feedChildren, replaceText) { add("feed child holding \(inside)", Self.document(feed: feed)) }
            for entry in edited(Self.entryChildren, replaceText) { add("entry child holding \(inside)", Self.document(entry: entry)) }
            for source in edited(Self.sourceChildren, replaceText) { add("source child holding \(inside)", Self.document(source: source)) }
            for author in edited(Self.authorChildren, replaceText) { add("author child holding \(inside)", Self.document(author: author)) }
            add("\(inside) among the feed's children", Self.document(feed: Self.feedChildren + [inside]))
            add("\(inside) among the entry's children", Self.document(entry: [inside] + Self.entryChildren))
            add("\(inside) among the source's children", Self.document(source: Self.sourceChildren + [inside]))
            add("\(inside) among the author's children", Self.document(author: [inside] + Self.authorChildren))
            for element in ["<link rel=\"self\" href=\"https://e.example/f\"/>", "<category term=\"c\"/>"] {
                let filled = String(element.dropLast(2)) + ">" + inside + "</" + (element.hasPrefix("<link") ? "link" : "category") + ">"
                add("\(element) holding \(inside)", Array(valid.replacingOccurrences(of: element, with: filled).utf8))
            }
        }
        for (label, pattern) in [("link without href", #" href="[^"]*""#), ("category without term", #" term="[^"]*""#)] {
            add(label, Array(valid.replacingOccurrences(of: pattern, with: "", options: .regularExpression).utf8))
        }
        var accepted = 0, leftToTheSchema = 0, refusedBySchema = 0
        for (label, bytes) in variants {
            guard let (check, findings) = try Self.verdicts(bytes) else { continue }
            #expect(!check || findings.isEmpty, "the check accepts \(label), the schema does not: \(findings)")
            if check { accepted += 1 } else if findings.isEmpty { leftToTheSchema += 1 } else { refusedBySchema += 1 }
        }
        #expect(accepted >= 50, "\(accepted)")
        #expect(leftToTheSchema >= 80, "\(leftToTheSchema)")
        #expect(refusedBySchema >= 200, "\(refusedBySchema)")
    }

    static let feedChildren = AtomSchemaShortcutTests.feedChildren
    static let entryChildren = AtomSchemaShortcutTests.entryChildren
    static let sourceChildren = AtomSchemaShortcutTests.sourceChildren
    static let authorChildren = AtomSchemaShortcutTests.authorChildren

    static func document(feed: [String] = feedChildren, entry: [String] = entryChildren, source: [String] = sourceChildren,
                         author: [String] = authorChildren) -> [UInt8] {
        AtomSchemaShortcutTests.document(feed: feed, entry: entry, source: source, author: author)
    }

    /// `<name …>` → `<name ATTRIBUTE …>`; nil for the placeholders of nested elements.
    static func adding(_ attribute: String, to element: String) -> String? {
        guard element.hasPrefix("<"), let end = element.firstIndex(where: { $0 == " " || $0 == ">" || $0 == "/" }) else { return nil }
        return String(element[..<end]) + " " + attribute + String(element[end...])
    }

    /// `<name …>text</name>` → `<name …>INSIDE</name>`; nil for empty elements and placeholders.
    static func replacingText(of element: String, with inside: String) -> String? {
        guard let open = element.firstIndex(of: ">"), element[element.index(before: open)] != "/",
              let close = element.range(of: "</", options: .backwards) else { return nil }
        return String(element[...open]) + inside + String(element[close.lowerBound...])
    }
}
