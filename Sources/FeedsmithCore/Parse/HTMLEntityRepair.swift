import CLibXML2
import Foundation

/// RSS in the wild uses HTML entities (`&nbsp;`, `&eacute;`, `&mdash;`) that XML does not define; an
/// XML parser drops them or stops. Feed readers accept them, so they are rewritten as numeric references
/// from libxml2's own HTML entity table before parsing.
enum HTMLEntityRepair {
    static let xmlPredefined: Set<Substring> = ["amp", "lt", "gt", "quot", "apos"]

    /// Returns the repaired text and how many references were rewritten.
    static func repair(_ text: String) -> (text: String, repaired: Int) {
        guard text.contains("&") else { return (text, 0) }
        let declared = declaredEntities(text)
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var repaired = 0
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            let afterAmp = rest.index(after: amp)
            let name = rest[afterAmp...].prefix { $0.isASCII && ($0.isLetter || $0.isNumber) }.prefix(32)
            let semicolon = rest.index(afterAmp, offsetBy: name.count)
            if !name.isEmpty, semicolon < rest.endIndex, rest[semicolon] == ";", name.first?.isLetter == true,
               !xmlPredefined.contains(name), !declared.contains(String(name)),
               let value = lookup(String(name)) {
                result += "&#\(value);"
                repaired += 1
                rest = rest[rest.index(after: semicolon)...]
            } else {
                result += "&"
                rest = rest[afterAmp...]
            }
        }
        result += rest
        return (result, repaired)
    }

    private static func lookup(_ name: String) -> UInt32? {
        name.withCString { pointer in
            pointer.withMemoryRebound(to: xmlChar.self, capacity: name.utf8.count + 1) { htmlEntityLookup($0)?.pointee.value }
        }
    }

    /// Entities the document declares itself in an internal subset are left to the parser.
    private static func declaredEntities(_ text: String) -> Set<String> {
        guard text.contains("<!ENTITY") else { return [] }
        var names: Set<String> = []
        var rest = Substring(text)
        while let range = rest.range(of: "<!ENTITY") {
            let after = rest[range.upperBound...].drop { $0 == " " || $0 == "%" }
            names.insert(String(after.prefix { !$0.isWhitespace }))
            rest = rest[range.upperBound...]
        }
        return names
    }
}
