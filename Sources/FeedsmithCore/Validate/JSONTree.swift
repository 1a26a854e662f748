import Foundation

/// A JSON document read for validation (RFC 8259): objects keep the last of repeated keys, as most readers
/// do. Foundation's JSONSerialization was a fifth of publishing's time on Linux; this reads bytes directly.
/// Untrusted input: nesting deeper than ``maximumDepth`` is refused instead of recursing without bound.
enum JSONTree: Equatable {
    case object(JSONObject)
    case array([JSONTree])
    case string(String)
    case number
    case bool(Bool)
    case null

    static let maximumDepth = 256

    var string: String? { if case let .string(value) = self { value } else { nil } }
    var object: JSONObject? { if case let .object(value) = self { value } else { nil } }
    var array: [JSONTree]? { if case let .array(value) = self { value } else { nil } }

    /// nil when the bytes are not one well-formed JSON value (in UTF-8) with only whitespace around it.
    static func parse(_ bytes: [UInt8]) -> JSONTree? {
        bytes.withUnsafeBufferPointer { buffer in
            var reader = Reader(bytes: buffer)
            guard let value = reader.value(depth: 0) else { return nil }
            reader.skipSpace()
            return reader.index == buffer.count ? value : nil
        }
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        mutating func skipSpace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }

        mutating func literal(_ word: String, _ value: JSONTree) -> JSONTree? {
            var matched = 0
            for byte in word.utf8 {
                guard index + matched < bytes.count, bytes[index + matched] == byte else { return nil }
                matched += 1
            }
            index += matched
            return value
        }

        mutating func value(depth: Int) -> JSONTree? {
            guard depth < JSONTree.maximumDepth else { return nil }
            skipSpace()
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                index += 1
                var members = JSONObject()
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
                while true {
                    skipSpace()
                    guard let key = string() else { return nil }
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
                    index += 1
                    guard let member = value(depth: depth + 1) else { return nil }
                    members.append(key, member)
                    skipSpace()
                    guard index < bytes.count else { return nil }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    guard bytes[index] == UInt8(ascii: "}") else { return nil }
                    index += 1
                    return .object(members)
                }
            case UInt8(ascii: "["):
                index += 1
                var elements: [JSONTree] = []
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
                while true {
                    guard let element = value(depth: depth + 1) else { return nil }
                    elements.append(element)
                    skipSpace()
                    guard index < bytes.count else { return nil }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    guard bytes[index] == UInt8(ascii: "]") else { return nil }
                    index += 1
                    return .array(elements)
                }
            case UInt8(ascii: "\""): return string().map(JSONTree.string)
            case UInt8(ascii: "t"): return literal("true", .bool(true))
            case UInt8(ascii: "f"): return literal("false", .bool(false))
            case UInt8(ascii: "n"): return literal("null", .null)
            default: return number()
            }
        }

        /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
        mutating func number() -> JSONTree? {
            func digits() -> Int {
                let start = index
                while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
                return index - start
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: "0") { index += 1 } else if digits() == 0 { return nil }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                guard digits() > 0 else { return nil }
            }
            if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                guard digits() > 0 else { return nil }
            }
            return .number
        }

        mutating func hex4() -> UInt32? {
            guard index + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt32
                switch byte {
                case 0x30...0x39: digit = UInt32(byte - 0x30)
                case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
                case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
                default: return nil
                }
                value = value << 4 | digit
                index += 1
            }
            return value
        }

        /// The bytes as a string, or nil when they are not valid UTF-8. Decoding repairs what is invalid, so the
        /// bytes were valid exactly when the result holds them unchanged; this takes the library's specialized
        /// decoder, where `String(validating:as:)` went through generic code that looked up metadata per string.
        static func validUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
            var string = String(decoding: bytes, as: UTF8.self)
            let unchanged = string.withUTF8 { decoded in
                guard decoded.count == bytes.count else { return false }
                guard let a = decoded.baseAddress, let b = bytes.baseAddress else { return true }
                return memcmp(a, b, bytes.count) == 0
            }
            return unchanged ? string : nil
        }

        /// A string: unescaped runs are copied whole; the result must be valid UTF-8.
        mutating func string() -> String? {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
            index += 1
            var out: [UInt8] = []
            var runStart = index
            while index < bytes.count {
                // Eight bytes at a time while none ends the string, escapes or is a control character (the set
                // the JSON writer escapes): item content is long runs of markup.
                if let word = ByteScan.word(bytes, at: index), !JSONString.mayNeedEscape(word) {
                    index += 8
                    continue
                }
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    let run = UnsafeBufferPointer(rebasing: bytes[runStart..<index])
                    index += 1
                    // Most strings (every item's HTML among them) have no escape: read them in place.
                    if out.isEmpty { return Self.validUTF8(run) }
                    out.append(contentsOf: run)
                    return out.withUnsafeBufferPointer(Self.validUTF8)
                }
                if byte < 0x20 { return nil }
                guard byte == UInt8(ascii: "\\") else { index += 1; continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                index += 1
                guard index < bytes.count else { return nil }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    guard var scalar = hex4() else { return nil }
                    if (0xD800...0xDBFF).contains(scalar) {
                        // A high surrogate must be followed by an escaped low one.
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else { return nil }
                        index += 2
                        guard let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        return nil
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { return nil }
                    out.append(contentsOf: String(Character(unicode)).utf8)
                default: return nil
                }
                runStart = index
            }
            return nil
        }
    }
}

/// A JSON object's members in document order. Looked up by key, the last of repeated keys wins. Validation
/// reads a few keys of small objects once: a list costs less to build than a dictionary, whose hashing and
/// growth were a third of JSON Feed validation.
struct JSONObject: Equatable, ExpressibleByDictionaryLiteral {
    private var members: [(key: String, value: JSONTree)] = []

    init() {}

    init(dictionaryLiteral elements: (String, JSONTree)...) {
        for (key, value) in elements { append(key, value) }
    }

    mutating func append(_ key: String, _ value: JSONTree) {
        members.append((key, value))
    }

    subscript(key: String) -> JSONTree? {
        members.last { $0.key == key }?.value
    }

    /// Equal when they give the same value for every key, as two dictionaries built from them would be.
    static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        func dictionary(_ object: JSONObject) -> [String: JSONTree] {
            Dictionary(object.members.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
        }
        return dictionary(lhs) == dictionary(rhs)
    }
}
