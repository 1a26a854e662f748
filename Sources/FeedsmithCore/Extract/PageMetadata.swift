import Foundation

/// Structured metadata a page carries: JSON-LD (schema.org Article types) and its canonical URL and language.
struct PageMetadata {
    struct JSONLDArticle {
        var headline: String?
        var datePublished: String?
        var author: String?
    }

    let jsonLD: JSONLDArticle?
    let canonicalURL: String?
    let language: String?

    static let articleTypes: Set<String> = ["Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle", "TechArticle", "Report", "WebPage"]

    init(page: HTMLPage, timeZone: TimeZone) {
        var found: JSONLDArticle?
        for script in page.scan.jsonLDScripts where found == nil {
            let text = NodeText.rawText(script)
            guard text.utf8.count < 1 << 20, let data = text.data(using: .utf8),
                  let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { continue }
            found = Self.findArticle(object, depth: 0)
        }
        jsonLD = found
        let canonical = page.scan.canonicalHref.map(page.absolute)
        canonicalURL = canonical.flatMap { $0.hasPrefix("http") ? $0 : nil }
        let lang = page.root.flatMap { page.attribute($0, "lang") } ?? page.meta(["og:locale", "language", "content-language"])
        language = lang.map { $0.replacingOccurrences(of: "_", with: "-") }.flatMap { $0.count <= 20 && !$0.isEmpty ? $0 : nil }
    }

    private static func findArticle(_ object: Any, depth: Int) -> JSONLDArticle? {
        guard depth < 8 else { return nil }
        if let array = object as? [Any] {
            for element in array { if let found = findArticle(element, depth: depth + 1) { return found } }
            return nil
        }
        guard let dictionary = object as? [String: Any] else { return nil }
        if let graph = dictionary["@graph"], let found = findArticle(graph, depth: depth + 1) { return found }
        let types: [String] = (dictionary["@type"] as? String).map { [$0] } ?? (dictionary["@type"] as? [String] ?? [])
        guard types.contains(where: articleTypes.contains), types != ["WebPage"] || dictionary["datePublished"] != nil else { return nil }
        return JSONLDArticle(
            headline: dictionary["headline"] as? String ?? dictionary["name"] as? String,
            datePublished: dictionary["datePublished"] as? String ?? dictionary["dateCreated"] as? String,
            author: authorNames(dictionary["author"]))
    }

    private static func authorNames(_ value: Any?) -> String? {
        if let name = value as? String { return BylineParser.author(in: name) ?? TextHygiene.singleLine(name) }
        if let person = value as? [String: Any] { return (person["name"] as? String).map(TextHygiene.singleLine) }
        if let people = value as? [Any] {
            let names = people.compactMap { authorNames($0) }
            return names.isEmpty ? nil : names.joined(separator: ", ")
        }
        return nil
    }
}
