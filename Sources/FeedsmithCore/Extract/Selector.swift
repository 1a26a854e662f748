import Foundation

/// A CSS selector or XPath expression from `feeds.yml`, compiled to XPath for libxml2.
///
/// CSS supported: type and `*`, `.class`, `#id`, `[attr]`, `[attr=v]`, `[attr~=v]`, `[attr^=v]`, `[attr$=v]`,
/// `[attr*=v]`, descendant and child (`>`) combinators, `:nth-child(n)`, `:first-child`, `:last-child`, and
/// comma-separated groups. A string starting with `/`, `./` or `(` is taken as XPath.
public struct Selector: Sendable, Equatable, CustomStringConvertible {
    public let source: String
    /// The XPath relative to a context node (`.//…`).
    public let xpath: String

    public var description: String { source }

    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public init(_ text: String) throws(ParseError) {
        let trimmed = text.trimmedWhitespace()
        guard !trimmed.isEmpty, trimmed.count <= 1000 else { throw ParseError(message: "a selector cannot be empty") }
        source = trimmed
        if trimmed.hasPrefix("/") || trimmed.hasPrefix("./") || trimmed.hasPrefix("(") {
            guard XPathCheck.compiles(trimmed) else { throw ParseError(message: "`\(trimmed)` is not a valid XPath expression") }
            xpath = trimmed.hasPrefix("/") ? "." + trimmed : trimmed
        } else {
            xpath = try CSSTranslator.translate(trimmed)
        }
    }
}

/// CSS → XPath 1.0.
enum CSSTranslator {
    static func translate(_ css: String) throws(Selector.ParseError) -> String {
        var groups: [String] = []
        for group in css.split(separator: ",") {
            groups.append(try translateGroup(String(group).trimmedWhitespace(), css: css))
        }
        return groups.count == 1 ? groups[0] : groups.joined(separator: " | ")
    }

    private static func translateGroup(_ group: String, css: String) throws(Selector.ParseError) -> String {
        guard !group.isEmpty else { throw .init(message: "`\(css)`: empty group between commas") }
        var xpath = "."
        var scanner = Array(group)
        var index = 0
        var combinator = "//"
        func fail(_ why: String) -> Selector.ParseError { .init(message: "`\(css)`: \(why) at character \(index + 1)") }
        while index < scanner.count {
            while index < scanner.count, scanner[index] == " " { index += 1 }
            if index < scanner.count, scanner[index] == ">" {
                combinator = "/"
                index += 1
                while index < scanner.count, scanner[index] == " " { index += 1 }
            }
            guard index < scanner.count else { throw fail("a combinator needs a selector after it") }
            // One compound selector.
            var tag = "*"
            var predicates: [String] = []
            var position: String?
            let name = readIdentifier(&scanner, &index)
            if !name.isEmpty { tag = name.lowercased() } else if scanner[index] == "*" { index += 1 }
            compound: while index < scanner.count {
                switch scanner[index] {
                case ".":
                    index += 1
                    let cls = readIdentifier(&scanner, &index)
                    guard !cls.isEmpty else { throw fail("expected a class name after `.`") }
                    predicates.append("contains(concat(' ', normalize-space(@class), ' '), ' \(cls) ')")
                case "#":
                    index += 1
                    let id = readIdentifier(&scanner, &index)
                    guard !id.isEmpty else { throw fail("expected an id after `#`") }
                    predicates.append("@id=\(literal(id))")
                case "[":
                    index += 1
                    let attribute = readIdentifier(&scanner, &index)
                    guard !attribute.isEmpty else { throw fail("expected an attribute name after `[`") }
                    var op = ""
                    while index < scanner.count, "~^$*|=".contains(scanner[index]) { op.append(scanner[index]); index += 1 }
                    var value = ""
                    if !op.isEmpty {
                        if index < scanner.count, scanner[index] == "\"" || scanner[index] == "'" {
                            let quote = scanner[index]
                            index += 1
                            while index < scanner.count, scanner[index] != quote { value.append(scanner[index]); index += 1 }
                            guard index < scanner.count else { throw fail("unterminated string") }
                            index += 1
                        } else {
                            value = readIdentifier(&scanner, &index)
                        }
                    }
                    guard index < scanner.count, scanner[index] == "]" else { throw fail("expected `]`") }
                    index += 1
                    let at = "@\(attribute.lowercased())"
                    switch op {
                    case "": predicates.append(at)
                    case "=": predicates.append("\(at)=\(literal(value))")
                    case "~=": predicates.append("contains(concat(' ', normalize-space(\(at)), ' '), \(literal(" \(value) ")))")
                    case "^=": predicates.append("starts-with(\(at), \(literal(value)))")
                    case "$=": predicates.append("substring(\(at), string-length(\(at)) - \(value.utf8.count - 1))=\(literal(value))")
                    case "*=": predicates.append("contains(\(at), \(literal(value)))")
                    case "|=": predicates.append("(\(at)=\(literal(value)) or starts-with(\(at), \(literal(value + "-"))))")
                    default: throw fail("unknown attribute operator `\(op)`")
                    }
                case ":":
                    index += 1
                    let pseudo = readIdentifier(&scanner, &index).lowercased()
                    switch pseudo {
                    case "first-child": position = "1"
                    case "last-child": position = "last()"
                    case "nth-child":
                        guard index < scanner.count, scanner[index] == "(" else { throw fail("expected `(` after :nth-child") }
                        index += 1
                        var argument = ""
                        while index < scanner.count, scanner[index] != ")" { argument.append(scanner[index]); index += 1 }
                        guard index < scanner.count else { throw fail("expected `)`") }
                        index += 1
                        let trimmed = argument.trimmedWhitespace().lowercased()
                        if let n = Int(trimmed), n > 0 {
                            position = String(n)
                        } else if trimmed == "odd" {
                            predicates.append("(count(preceding-sibling::*) mod 2)=0")
                        } else if trimmed == "even" {
                            predicates.append("(count(preceding-sibling::*) mod 2)=1")
                        } else {
                            throw fail("`:nth-child(\(argument))` takes a positive number, odd or even")
                        }
                    default:
                        throw fail("unsupported pseudo-class `:\(pseudo)`")
                    }
                default:
                    break compound
                }
            }
            if let position {
                // nth-child counts all element siblings, so test the position among them, then the type.
                var step = "\(combinator)*[\(position == "last()" ? "not(following-sibling::*)" : "count(preceding-sibling::*)=\(Int(position).map { $0 - 1 } ?? 0)")]"
                if tag != "*" { step += "[self::\(tag)]" }
                for predicate in predicates { step += "[\(predicate)]" }
                xpath += step
            } else {
                xpath += combinator + tag + predicates.map { "[\($0)]" }.joined()
            }
            combinator = "//"
            if index < scanner.count, scanner[index] != " " && scanner[index] != ">" {
                throw fail("unexpected `\(scanner[index])`")
            }
        }
        return xpath
    }

    private static func readIdentifier(_ scanner: inout [Character], _ index: inout Int) -> String {
        var name = ""
        while index < scanner.count {
            let character = scanner[index]
            guard character.isLetter || character.isNumber || character == "-" || character == "_" || character == "\\" else { break }
            if character == "\\", index + 1 < scanner.count {
                index += 1
                name.append(scanner[index])
            } else {
                name.append(character)
            }
            index += 1
        }
        return name
    }

    /// An XPath string literal for any text (XPath 1.0 has no escapes: use concat for mixed quotes).
    static func literal(_ value: String) -> String {
        if !value.contains("'") { return "'\(value)'" }
        if !value.contains("\"") { return "\"\(value)\"" }
        return "concat('" + value.replacingOccurrences(of: "'", with: "', \"'\", '") + "')"
    }
}

import CLibXML2

/// Compiles XPath without evaluating it, to reject bad expressions when the configuration loads.
enum XPathCheck {
    static func compiles(_ expression: String) -> Bool {
        _ = LibXML.initialized
        feedsmith_silence_libxml_errors()
        let compiled = expression.withCString { pointer in
            pointer.withMemoryRebound(to: xmlChar.self, capacity: expression.utf8.count + 1) { xmlXPathCompile($0) }
        }
        guard let compiled else { return false }
        xmlXPathFreeCompExpr(compiled)
        return true
    }
}
