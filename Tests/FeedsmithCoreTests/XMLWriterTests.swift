import Foundation
import Testing

@testable import FeedsmithCore

/// ``XMLWriter`` writes its bytes itself; libxml2's xmlTextWriter, driven by the same calls, is the reference.
@Suite struct XMLWriterTests {
    enum Call {
        case start(StaticString)
        case attribute(StaticString, String)
        case text(String)
        case end
        case element(StaticString, String, [(StaticString, String)])
        case empty(StaticString, [(StaticString, String)])
    }

    static let names: [StaticString] = ["feed", "entry", "id", "title", "link", "xml:lang", "a"]
    static let values = [
        "", " ", "plain", "a < b > c & d \"e\" 'f'", "line\nbreak\r\nand\ttab", "\r", "&amp; already", "标题 <b>&</b>",
        "銀川 ❤️ 👩‍👩‍👧 é", "\u{1}control\u{8}\u{B}\u{C}", "\u{FFFE}\u{FFFF}", "\u{7F}\u{80}\u{9F}", "\u{A0}nbsp\u{3000}", "x\u{301}",
        "\u{D7FF}\u{E000}\u{FFFD}\u{10000}\u{10FFFF}", "]]>", "https://e.example/a?b=1&c=2#d", String(repeating: "長", count: 300),
    ]

    /// A random, correctly ordered sequence of calls: attributes only in an open start tag, mixed content too.
    static func script(_ random: inout some RandomNumberGenerator) -> [Call] {
        var calls: [Call] = []
        var depth = 0
        var startTagOpen = false
        for _ in 0..<Int.random(in: 1...40, using: &random) {
            let name = names.randomElement(using: &random) ?? "a"
            let value = values.randomElement(using: &random) ?? ""
            let attributes = (0..<Int.random(in: 0...3, using: &random)).map { _ in
                (names.randomElement(using: &random) ?? "a", values.randomElement(using: &random) ?? "")
            }
            switch Int.random(in: 0..<10, using: &random) {
            case 0, 1:
                calls.append(.start(name)); depth += 1; startTagOpen = true
            case 2 where startTagOpen:
                calls.append(.attribute(name, value))
            case 3 where depth > 0:
                calls.append(.text(value)); startTagOpen = false
            case 4 where depth > 0, 5 where depth > 0:
                calls.append(.end); depth -= 1; startTagOpen = false
            case 6, 7:
                calls.append(.element(name, value, attributes)); startTagOpen = false
            default:
                calls.append(.empty(name, attributes)); startTagOpen = false
            }
        }
        // Sometimes left open: finishing closes what is open.
        if Bool.random(using: &random) { calls += Array(repeating: .end, count: depth) }
        return calls
    }

    /// Replays `calls` into a fresh writer of either kind.
    static func replay<W: WriterCalls>(_ calls: [Call], into writer: W) throws -> [UInt8] {
        var w = writer
        for call in calls {
            switch call {
            case let .start(name): w.start(name)
            case let .attribute(name, value): w.attribute(name, value)
            case let .text(value): w.text(value)
            case .end: w.end()
            case let .element(name, value, attributes): w.element(name, value, attributes: attributes)
            case let .empty(name, attributes): w.empty(name, attributes: attributes)
            }
        }
        return try w.finish()
    }

    static func ours(_ calls: [Call]) throws -> [UInt8] { try replay(calls, into: XMLWriter(capacity: 64)) }

    static func libxml2(_ calls: [Call]) throws -> [UInt8] { try replay(calls, into: LibXML2ReferenceWriter(capacity: 64)) }

    @Test func sameBytesAsLibxml2sWriter() throws {
        var random = SeededGenerator(seed: 20261130)
        var written = 0
        for round in 0..<3000 {
            let calls = Self.script(&random)
            // A sequence libxml2's writer refused must fail in ours too.
            let expected = try? Self.libxml2(calls)
            let actual = try? Self.ours(calls)
            #expect(actual == expected, "round \(round): \(calls)\nlibxml2: \(expected.map { String(decoding: $0, as: UTF8.self) } ?? "failed")\nours:    \(actual.map { String(decoding: $0, as: UTF8.self) } ?? "failed")")
            if actual != expected { break }
            if actual != nil { written += 1 }
        }
        // Every generated script is one libxml2's writer accepts (the refusals are tested below).
        #expect(written == 3000)
    }

    @Test func everyValueAloneAsTextAndAttribute() throws {
        for value in Self.values {
            let scripts: [[Call]] = [[.element("title", value, [(StaticString("a"), value)])], [.start("a"), .attribute("b", value), .end], [.start("a"), .text(value), .text(value), .end]]
            for calls in scripts {
                let (ours, reference) = (try Self.ours(calls), try Self.libxml2(calls))
                #expect(ours == reference, "\(value.debugDescription)\nlibxml2: \(String(decoding: reference, as: UTF8.self).debugDescription)\nours:    \(String(decoding: ours, as: UTF8.self).debugDescription)")
            }
        }
    }

    @Test func misuseFailsAsLibxml2sWriterDid() throws {
        #expect(throws: RenderError.self) { try Self.ours([.end]) }
        #expect(throws: RenderError.self) { try Self.libxml2([.end]) }
        #expect(throws: RenderError.self) { try Self.ours([.start("a"), .text("t"), .attribute("b", "c")]) }
        #expect(throws: RenderError.self) { try Self.libxml2([.start("a"), .text("t"), .attribute("b", "c")]) }
    }
}

/// SplitMix64: reproducible random scripts.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The calls the renderers make, which both writers take.
protocol WriterCalls {
    mutating func start(_ name: StaticString)
    mutating func attribute(_ name: StaticString, _ value: String)
    mutating func text(_ value: String)
    mutating func end()
    mutating func element(_ name: StaticString, _ value: String, attributes: [(StaticString, String)])
    mutating func empty(_ name: StaticString, attributes: [(StaticString, String)])
    mutating func finish() throws(RenderError) -> [UInt8]
}

extension XMLWriter: WriterCalls {}
extension LibXML2ReferenceWriter: WriterCalls {}
