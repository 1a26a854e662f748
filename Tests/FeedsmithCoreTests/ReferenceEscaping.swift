import Foundation

/// Escaping for the test references, scalar by scalar and independent of the byte loops in `Sources`, so a
/// comparison with a reference also checks the production escaping.
enum ReferenceEscaping {
    /// Each scalar replaced by what `replacement` gives for it, or kept.
    static func escaped(_ value: String, _ replacement: (Unicode.Scalar) -> String?) -> String {
        var result = ""
        for scalar in value.unicodeScalars {
            if let replaced = replacement(scalar) { result += replaced } else { result.unicodeScalars.append(scalar) }
        }
        return result
    }

    /// HTML text, and with `quotes` attribute values: `&`, `<`, `>`, `"`.
    static func html(_ value: String, quotes: Bool) -> String {
        escaped(value) { scalar in
            switch scalar {
            case "&": "&amp;"
            case "<": "&lt;"
            case ">": "&gt;"
            case "\"" where quotes: "&quot;"
            default: nil
            }
        }
    }

    /// An RFC 8259 string literal: quotes, backslashes and control characters (`\n`, `\r`, `\t`, else `\u00xx`);
    /// slashes unescaped.
    static func json(_ value: String) -> String {
        "\"" + escaped(value) { scalar in
            switch scalar {
            case "\"": "\\\""
            case "\\": "\\\\"
            case "\n": "\\n"
            case "\r": "\\r"
            case "\t": "\\t"
            case let control where control.value < 0x20: String(format: "\\u%04x", control.value)
            default: nil
            }
        } + "\""
    }
}
