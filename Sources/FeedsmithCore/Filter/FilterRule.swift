import Foundation

/// One include or exclude rule: a field and plain words (case-insensitive) or a regular expression written
/// between slashes (`/^\[广告\]/`, `/sponsored/i`).
public struct FilterRule: Sendable, CustomStringConvertible {
    public enum Field: String, Sendable, CaseIterable {
        case title, content, author, link, category, any
    }

    public enum Pattern: @unchecked Sendable {
        case words(String)
        /// NSRegularExpression is immutable and documented as safe to share between threads.
        case regex(NSRegularExpression, source: String)
    }

    public var field: Field
    public var pattern: Pattern

    public init(field: Field, pattern: Pattern) {
        self.field = field
        self.pattern = pattern
    }

    /// Parses the value of a rule; a regular expression that does not compile is an error naming it.
    public static func pattern(_ text: String) throws(FilterError) -> Pattern {
        guard text.count >= 2, text.hasPrefix("/"), let close = text.lastIndex(of: "/"), close > text.startIndex else {
            return .words(text.lowercased())
        }
        let body = String(text[text.index(after: text.startIndex)..<close])
        let flags = text[text.index(after: close)...]
        guard flags.allSatisfy({ "ism".contains($0) }) else { return .words(text.lowercased()) }
        var options: NSRegularExpression.Options = []
        if flags.contains("i") { options.insert(.caseInsensitive) }
        if flags.contains("s") { options.insert(.dotMatchesLineSeparators) }
        if flags.contains("m") { options.insert(.anchorsMatchLines) }
        do {
            return .regex(try NSRegularExpression(pattern: body, options: options), source: text)
        } catch {
            throw FilterError(message: "`\(text)` is not a valid regular expression (ICU syntax)")
        }
    }

    func matches(_ fields: inout FilterFields) -> Bool {
        let values: [String]
        switch field {
        case .title: values = [fields.item.title]
        case .content: values = [fields.text]
        case .author: values = [fields.item.author ?? ""]
        case .link: values = [fields.item.url ?? ""]
        case .category: values = fields.item.categories
        case .any: values = [fields.item.title, fields.text, fields.item.author ?? "", fields.item.url ?? ""] + fields.item.categories
        }
        switch pattern {
        case let .words(words):
            return values.contains { $0.lowercased().contains(words) }
        case let .regex(expression, _):
            return values.contains { value in
                expression.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil
            }
        }
    }

    public var description: String {
        switch pattern {
        case let .words(words): return "\(field.rawValue): \(words)"
        case let .regex(_, source): return "\(field.rawValue): \(source)"
        }
    }
}

public struct FilterError: Error, Sendable {
    public var message: String
}

/// An item's fields as filters read them; the plain text of its content is computed once, and only when a
/// rule needs it (it costs an HTML parse).
struct FilterFields {
    let item: Item
    private(set) lazy var text: String = {
        let html = item.contentHTML.map(HTMLText.plain) ?? ""
        return html.isEmpty ? (item.summary ?? "") : html
    }()

    init(_ item: Item) { self.item = item }
}
