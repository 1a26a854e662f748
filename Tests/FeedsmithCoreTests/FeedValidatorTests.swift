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

    @Test func rfc3339AndStrictRFC822() {
        #expect(FeedValidator.isRFC3339("2026-03-12T08:00:00Z"))
        #expect(FeedValidator.isRFC3339("2026-03-12t08:00:00.5+08:00"))
        #expect(!FeedValidator.isRFC3339("2026-03-12T08:00:00"))
        #expect(!FeedValidator.isRFC3339("2026-13-12T08:00:00Z"))
        #expect(RSSRules.strictRFC822("Thu, 12 Mar 2026 08:00:00 +0800") != nil)
        #expect(RSSRules.strictRFC822("12 Mar 2026 08:00 GMT") != nil)
        #expect(RSSRules.strictRFC822("Thu, 12 March 2026 08:00:00 GMT") == nil)
    }
}
