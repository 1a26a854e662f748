import CLibXML2
import Foundation

/// Validates any feed document: RSS 2.0, Atom 1.0 (RFC 4287 schema plus the rules a schema cannot say),
/// and JSON Feed 1.1. Every finding has a severity, a rule name, and for XML a line and column.
public enum FeedValidator {
    public struct Options: Sendable {
        /// When set, the document's self link must be exactly this URL (our own outputs).
        public var expectedSelfURL: String?

        public init(expectedSelfURL: String? = nil) { self.expectedSelfURL = expectedSelfURL }
    }

    public struct Report: Sendable {
        /// `rss`, `atom`, `json`, or nil when the format could not be told.
        public var format: OutputFormat?
        public var findings: [ValidationFinding]

        public var errors: [ValidationFinding] { findings.filter { $0.severity == .error } }
        public var warnings: [ValidationFinding] { findings.filter { $0.severity == .warning } }
    }

    public static func validate(_ bytes: [UInt8], options: Options = Options()) -> Report {
        let start = bytes.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF }
        if start == UInt8(ascii: "{") {
            return Report(format: .json, findings: JSONFeedRules.check(bytes, options: options))
        }
        // One strict parse serves the well-formedness check, the schema and the rules.
        let (parsed, wellFormed) = OutputValidator.parse(bytes)
        guard let document = parsed else { return Report(format: nil, findings: wellFormed) }
        defer { xmlFreeDoc(document) }
        guard let rootPointer = xmlDocGetRootElement(document) else {
            return Report(format: nil, findings: [ValidationFinding(severity: .error, rule: "xml-well-formed", message: "no root element")])
        }
        let root = XMLNode(rootPointer)
        let lines = SourceLines(bytes)
        switch (root.name, root.namespace) {
        case ("feed", Namespaces.atom10?):
            // A schema that cannot be compiled fails every Atom document: passing them unchecked hid exactly that.
            var findings: [ValidationFinding]
            do {
                findings = try AtomSchemaValidator.shared().validate(document: document)
            } catch {
                findings = [ValidationFinding(severity: .error, rule: "atom-schema", message: "the Atom schema could not be used: \(error.message)")]
            }
            for index in findings.indices where findings[index].line != nil {
                findings[index].column = findings[index].column ?? 1
            }
            findings += AtomRules(lines: lines, options: options).check(root)
            return Report(format: .atom, findings: findings.sorted(by: order))
        case ("rss", nil):
            return Report(format: .rss, findings: RSSRules(lines: lines, options: options).check(root).sorted(by: order))
        default:
            let finding = ValidationFinding(
                severity: .error, rule: "feed-format", message: "root element <\(root.name)> is neither an RSS 2.0 <rss> nor an Atom 1.0 <feed>",
                line: Int(xmlGetLineNo(rootPointer)), column: lines.column(of: root.name, line: Int(xmlGetLineNo(rootPointer))))
            return Report(format: nil, findings: [finding])
        }
    }

    private static func order(_ a: ValidationFinding, _ b: ValidationFinding) -> Bool {
        (a.line ?? 0, a.column ?? 0, a.rule) < (b.line ?? 0, b.column ?? 0, b.rule)
    }

    /// RFC 3339 date-time: `2026-03-12T16:40:00Z`, `…+08:00`, optional fraction; `T` and `Z` in either case.
    static func isRFC3339(_ text: String) -> Bool {
        var text = text
        // Read in place: every entry of every output has two of these, and the general date reader allocated.
        return text.withUTF8 { bytes in
            func digit(_ index: Int) -> Int? {
                guard index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 else { return nil }
                return Int(bytes[index] - 0x30)
            }
            func number(_ range: Range<Int>) -> Int? {
                var value = 0
                for index in range {
                    guard let d = digit(index) else { return nil }
                    value = value * 10 + d
                }
                return value
            }
            guard bytes.count >= 20, let year = number(0..<4), bytes[4] == 0x2D, let month = number(5..<7), bytes[7] == 0x2D,
                  let day = number(8..<10), bytes[10] == 0x54 || bytes[10] == 0x74, let hour = number(11..<13), bytes[13] == 0x3A,
                  let minute = number(14..<16), bytes[16] == 0x3A, let second = number(17..<19)
            else { return false }
            var index = 19
            if bytes[index] == 0x2E {
                index += 1
                let start = index
                while digit(index) != nil { index += 1 }
                guard index > start else { return false }
            }
            guard index < bytes.count else { return false }
            if bytes[index] == 0x5A || bytes[index] == 0x7A {
                guard index + 1 == bytes.count else { return false }
            } else {
                guard bytes[index] == 0x2B || bytes[index] == 0x2D, bytes.count == index + 6, let offsetHours = number(index + 1..<index + 3),
                      bytes[index + 3] == 0x3A, let offsetMinutes = number(index + 4..<index + 6), offsetHours <= 23, offsetMinutes <= 59
                else { return false }
            }
            // RFC 3339 §5.7: a real calendar day, hours to 23, a leap second only as :60.
            return CivilTime(year: year, month: month, day: day).isValid && hour <= 23 && minute <= 59 && second <= 60
        }
    }

    /// An absolute IRI: a scheme, a colon, something after it.
    static func isAbsoluteIRI(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > 0, colon + 1 < bytes.count else { return false }
            func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
            guard isLetter(bytes[0]) else { return false }
            for byte in bytes[..<colon] where !(isLetter(byte) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2B || byte == 0x2D || byte == 0x2E) {
                return false
            }
            return !bytes.contains(0x20) && !bytes.contains(0x0A)
        }
    }

    /// An http or https URL with a host, as Foundation's `URL(string:)` reads it. Every link of every output is
    /// checked, and the Foundation parse cost more than the rest of an RSS item's rules: a URL that plainly
    /// qualifies is recognized from its bytes, anything else is left to Foundation.
    static func isHTTPURL(_ text: String) -> Bool {
        plainHTTPURL(text) || foundationHTTPURL(text)
    }

    static func foundationHTTPURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        return (lower.hasPrefix("http://") || lower.hasPrefix("https://")) && URL(string: text)?.host?.isEmpty == false
    }

    /// True only for `http[s]://host[:port][/?#rest]` with a host of letters, digits, `.`, `-`, `_`, `~`, a port
    /// of at most five digits and a rest of RFC 3986 characters: URLs `URL(string:)` always accepts with that
    /// host. False means "not shown here", not "invalid".
    static func plainHTTPURL(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            func lower(_ index: Int) -> UInt8 { bytes[index] | 0x20 }
            guard bytes.count > 7, lower(0) == UInt8(ascii: "h"), lower(1) == UInt8(ascii: "t"), lower(2) == UInt8(ascii: "t"),
                  lower(3) == UInt8(ascii: "p") else { return false }
            var index = 4
            if lower(index) == UInt8(ascii: "s") { index += 1 }
            guard index + 3 <= bytes.count, bytes[index] == UInt8(ascii: ":"), bytes[index + 1] == UInt8(ascii: "/"),
                  bytes[index + 2] == UInt8(ascii: "/") else { return false }
            index += 3
            let hostStart = index
            while index < bytes.count, isHostByte(bytes[index]) { index += 1 }
            guard index > hostStart else { return false }
            if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
                index += 1
                let portStart = index
                while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
                guard index - portStart <= 5 else { return false }
            }
            guard index == bytes.count || bytes[index] == UInt8(ascii: "/") || bytes[index] == UInt8(ascii: "?")
                || bytes[index] == UInt8(ascii: "#") else { return false }
            for byte in bytes[index...] where !isRFC3986Byte(byte) { return false }
            return true
        }
    }

    private static func isHostByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "~"): true
        default: false
        }
    }

    /// Unreserved, reserved (gen-delims and sub-delims) and `%`.
    private static func isRFC3986Byte(_ byte: UInt8) -> Bool {
        if isHostByte(byte) { return true }
        switch byte {
        case UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: "["), UInt8(ascii: "]"),
             UInt8(ascii: "@"), UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("),
             UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="),
             UInt8(ascii: "%"): return true
        default: return false
        }
    }
}

/// Maps findings on DOM nodes back to columns in the source text. The line index is built at the first
/// finding: a valid document (every output Feedsmith publishes) never pays for it.
final class SourceLines {
    private let bytes: [UInt8]
    private var lineStarts: [Int]?

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The column (1-based, in characters) of `<name` on `line`, or 1.
    func column(of name: String, line: Int) -> Int {
        let starts = lineStarts ?? {
            var starts = [0]
            for (index, byte) in bytes.enumerated() where byte == 0x0A { starts.append(index + 1) }
            lineStarts = starts
            return starts
        }()
        guard line >= 1, line <= starts.count else { return 1 }
        let end = line < starts.count ? starts[line] : bytes.count
        let text = String(decoding: bytes[starts[line - 1]..<end], as: UTF8.self)
        guard let range = text.range(of: "<" + name) else { return 1 }
        return text.distance(from: text.startIndex, to: range.lowerBound) + 1
    }
}

/// A finding located at a DOM node.
struct NodeFindings {
    let lines: SourceLines
    var findings: [ValidationFinding] = []

    mutating func add(_ severity: ValidationFinding.Severity, _ rule: String, _ message: String, at node: XMLNode) {
        let line = Int(xmlGetLineNo(node.pointer))
        let qualified = node.pointer.pointee.ns?.pointee.prefix.map { String(cString: $0) + ":" + node.name } ?? node.name
        findings.append(ValidationFinding(severity: severity, rule: rule, message: message, line: line, column: lines.column(of: qualified, line: line)))
    }
}
