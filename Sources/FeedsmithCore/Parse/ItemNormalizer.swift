import Foundation

/// Text hygiene applied to every parsed item: one-line titles, sanitized content with absolute URLs,
/// plain-text summaries, author names rather than addresses, and future dates clamped.
public enum ItemNormalizer {
    public static let maximumTitleLength = 500
    public static let maximumSummaryLength = 400
    public static let maximumContentBytes = 1 << 20

    /// Returns the cleaned item, or nil when nothing identifies or describes it; `clamped` counts dates moved.
    public static func normalize(_ raw: Item, contentBase: String?, context: ParseContext, clamped: inout Int) -> Item? {
        var item = raw
        item.guid = raw.guid.map(TextHygiene.singleLine).flatMap { $0.isEmpty ? nil : String($0.prefix(2048)) }
        item.url = raw.url.flatMap { url in
            let trimmed = url.trimmedWhitespace()
            let scheme = trimmed.prefix { $0 != ":" }.lowercased()
            return (scheme == "http" || scheme == "https" || scheme == "file") && trimmed.count <= 4096 ? trimmed : nil
        }
        if let html = raw.contentHTML, !html.isEmpty {
            let sanitized = HTMLSanitizer.sanitize(String(decoding: html.utf8.prefix(maximumContentBytes), as: UTF8.self), baseURL: contentBase ?? item.url ?? context.baseURL)
            item.contentHTML = sanitized.isEmpty ? nil : sanitized
        } else {
            item.contentHTML = nil
        }
        // HTMLText.singleLine is the plain text with its line breaks as spaces (what oneLine(plain) gave) in one
        // pass; HTMLTextEquivalenceTests holds the two to the same bytes.
        if let summary = raw.summary {
            let text = HTMLText.singleLine(summary)
            item.summary = text.isEmpty ? nil : TextHygiene.truncated(text, to: maximumSummaryLength)
        }
        if item.summary == nil, let html = item.contentHTML {
            let text = HTMLText.singleLine(html)
            item.summary = text.isEmpty ? nil : TextHygiene.truncated(text, to: maximumSummaryLength)
        }
        var title = TextHygiene.truncated(TextHygiene.singleLine(raw.title), to: maximumTitleLength)
        if title.isEmpty, let summary = item.summary { title = TextHygiene.truncated(summary, to: 80) }
        item.title = title
        item.author = raw.author.map(authorName).flatMap { $0.isEmpty ? nil : $0 }
        var seenCategories: Set<String> = []
        item.categories = []
        for category in raw.categories.map(TextHygiene.singleLine) where item.categories.count < 20 && !category.isEmpty {
            if seenCategories.insert(category).inserted { item.categories.append(category) }
        }
        item.language = raw.language.map(TextHygiene.singleLine).flatMap { $0.isEmpty ? nil : $0 }
        item.related = Array(raw.related.lazy.filter { $0.url.hasPrefix("http") && $0.url.utf8.count <= 4096 }.prefix(20).map {
            ListedLink(url: $0.url, title: TextHygiene.truncated(TextHygiene.singleLine($0.title), to: maximumTitleLength), date: $0.date)
        })
        let limit = context.now.addingTimeInterval(86400)
        if let published = item.published, published > limit {
            item.published = context.now
            clamped += 1
        }
        if let updated = item.updated, updated > limit {
            item.updated = context.now
            clamped += 1
        }
        guard item.guid != nil || item.url != nil || !item.title.isEmpty || item.contentHTML != nil else { return nil }
        return item
    }

    /// `jane@example.com (Jane Doe)` → `Jane Doe`; `Jane Doe <jane@example.com>` → `Jane Doe`.
    static func authorName(_ raw: String) -> String {
        let text = TextHygiene.singleLine(raw)
        if let open = text.firstIndex(of: "("), text.hasSuffix(")"), text[..<open].contains("@") {
            let name = text[text.index(after: open)..<text.index(before: text.endIndex)].trimmedWhitespace()
            if !name.isEmpty { return name }
        }
        if let open = text.firstIndex(of: "<"), text.hasSuffix(">"), open > text.startIndex {
            let name = text[..<open].trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\"")))
            if !name.isEmpty { return name }
        }
        return TextHygiene.truncated(text, to: 200)
    }
}
