import Foundation

/// A source to append to feeds.yml.
public struct NewSource: Sendable, Equatable {
    public var id: String
    public var url: String
    public var title: String?
    public var group: String?

    public init(id: String, url: String, title: String?, group: String?) {
        self.id = id
        self.url = url
        self.title = title
        self.group = group
    }
}

/// Edits feeds.yml as text, so the operator's comments, order and layout survive: new sources are inserted
/// at the end of the `sources:` list, in the indentation the file already uses.
public enum ConfigEditor {
    public static func appending(_ sources: [NewSource], to text: String) -> String {
        guard !sources.isEmpty else { return text }
        var lines = text.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.hasPrefix("sources:") }) else {
            // No list yet: add one at the end.
            var result = text
            if !result.hasSuffix("\n") { result += "\n" }
            return result + "sources:\n" + sources.map { entry($0, indent: "  ") }.joined()
        }
        let inline = lines[start].dropFirst("sources:".count).trimmedWhitespace()
        if inline == "[]" { lines[start] = "sources:" }
        // The block runs until the next top-level key; its last line with content is where new entries go.
        var last = start
        var itemIndent: String?
        var index = start + 1
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.drop { $0 == " " }
            if !line.isEmpty, !line.hasPrefix(" "), !line.hasPrefix("#"), !line.hasPrefix("-") { break }
            if trimmed == "[]" {
                // An empty flow list on its own line gives way to the block entries.
                lines[index] = ""
            } else if !trimmed.isEmpty, !trimmed.hasPrefix("#") {
                last = index
                if itemIndent == nil, trimmed.hasPrefix("- ") || trimmed == "-" { itemIndent = String(line.prefix { $0 == " " }) }
            }
            index += 1
        }
        let block = sources.map { entry($0, indent: itemIndent ?? "  ") }.joined()
        lines.insert(String(block.dropLast()), at: last + 1)
        return lines.joined(separator: "\n")
    }

    static func entry(_ source: NewSource, indent: String) -> String {
        var text = "\(indent)- id: \(source.id)\n\(indent)  url: \(quoted(source.url))\n"
        if let title = source.title { text += "\(indent)  title: \(quoted(title))\n" }
        if let group = source.group { text += "\(indent)  group: \(quoted(group))\n" }
        return text
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ value: String) -> String {
        var result = "\""
        for scalar in TextHygiene.singleLine(value).unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// An id for a new source: from its title when that gives ASCII letters, else from the URL's host;
    /// `-2`, `-3`… when taken.
    public static func makeID(title: String?, url: String, taken: Set<String>) -> String {
        func slug(_ text: String) -> String {
            var result = ""
            var dash = false
            for scalar in text.lowercased().unicodeScalars {
                if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                    if dash, !result.isEmpty { result += "-" }
                    result.unicodeScalars.append(scalar)
                    dash = false
                } else {
                    dash = true
                }
            }
            return String(result.prefix(40))
        }
        var base = slug(title ?? "")
        if base.count < 3 {
            var host = URL(string: url)?.host ?? ""
            for prefix in ["www.", "m.", "rss.", "feeds.", "feed."] where host.hasPrefix(prefix) { host = String(host.dropFirst(prefix.count)) }
            // The site's own name: the first label that is not a generic one (news.example.cn → example).
            let generic: Set<Substring> = ["news", "blog", "blogs", "en", "cn", "zh", "api", "rss", "feeds", "feed"]
            let labels = host.split(separator: ".")
            let name = labels.dropLast().first { !generic.contains($0) } ?? labels.first ?? ""
            base = slug(String(name))
        }
        if base.isEmpty { base = "source" }
        var candidate = base
        var number = 2
        while taken.contains(candidate) {
            candidate = "\(base)-\(number)"
            number += 1
        }
        return candidate
    }
}
