import Foundation

/// JSON Feed 1.1 (https://jsonfeed.org/version/1.1): required members, types, absolute URLs, unique ids.
enum JSONFeedRules {
    static func check(_ bytes: [UInt8], options: FeedValidator.Options) -> [ValidationFinding] {
        guard let tree = JSONTree.parse(bytes) else {
            return [ValidationFinding(severity: .error, rule: "json", message: "not valid JSON")]
        }
        guard let root = tree.object else {
            return [ValidationFinding(severity: .error, rule: "json", message: "the top level must be an object")]
        }
        var findings: [ValidationFinding] = []
        func add(_ severity: ValidationFinding.Severity, _ rule: String, _ message: String) {
            findings.append(ValidationFinding(severity: severity, rule: rule, message: message))
        }
        let version = root["version"]?.string
        if version == nil || !["https://jsonfeed.org/version/1", "https://jsonfeed.org/version/1.1"].contains(version ?? "") {
            add(.error, "jsonfeed-version", "`version` must be https://jsonfeed.org/version/1.1 (or /1)")
        }
        if root["title"]?.string?.isEmpty != false { add(.error, "jsonfeed-title", "`title` is required and must be a string") }
        for key in ["home_page_url", "feed_url", "icon", "favicon", "next_url"] {
            guard let value = root[key] else { continue }
            if !FeedValidator.isHTTPURL(value.string ?? "") {
                add(.error, "jsonfeed-url", "`\(key)` must be an absolute URL")
            }
        }
        if root["feed_url"] == nil { add(.warning, "jsonfeed-feed-url", "`feed_url` should say where the feed lives") }
        if let expected = options.expectedSelfURL, let feedURL = root["feed_url"]?.string, feedURL != expected {
            add(.error, "jsonfeed-self-url-match", "`feed_url` is \(feedURL), expected \(expected)")
        }
        checkAuthors(root, at: "feed", add)
        guard let items = root["items"]?.array else {
            add(.error, "jsonfeed-items", "`items` is required and must be an array")
            return findings
        }
        var ids: Set<String> = []
        for (index, element) in items.enumerated() {
            guard let item = element.object else {
                add(.error, "jsonfeed-item", "item \(index) must be an object")
                continue
            }
            if let id = item["id"]?.string, !id.isEmpty {
                if !ids.insert(id).inserted { add(.error, "jsonfeed-unique-id", "item \(index) repeats id \(id)") }
            } else if item["id"] == .number {
                add(.warning, "jsonfeed-item-id", "item \(index) has a numeric `id`; JSON Feed 1.1 wants a string")
            } else {
                add(.error, "jsonfeed-item-id", "item \(index) has no string `id`")
            }
            if item["content_html"]?.string == nil && item["content_text"]?.string == nil {
                add(.error, "jsonfeed-item-content", "item \(index) needs `content_html` or `content_text`")
            }
            for key in ["url", "external_url", "image", "banner_image"] {
                guard let value = item[key] else { continue }
                if !FeedValidator.isHTTPURL(value.string ?? "") { add(.error, "jsonfeed-url", "item \(index) `\(key)` must be an absolute URL") }
            }
            for key in ["date_published", "date_modified"] {
                guard let value = item[key] else { continue }
                if !FeedValidator.isRFC3339(value.string ?? "") {
                    add(.error, "jsonfeed-date", "item \(index) `\(key)` must be an RFC 3339 date-time")
                }
            }
            if let tags = item["tags"], !(tags.array?.allSatisfy { $0.string != nil } ?? false) {
                add(.error, "jsonfeed-tags", "item \(index) `tags` must be an array of strings")
            }
            checkAuthors(item, at: "item \(index)", add)
        }
        return findings
    }

    private static func checkAuthors(_ object: JSONObject, at place: String, _ add: (ValidationFinding.Severity, String, String) -> Void) {
        guard let authors = object["authors"] else { return }
        guard let list = authors.array, list.allSatisfy({ $0.object != nil }) else {
            add(.error, "jsonfeed-authors", "\(place) `authors` must be an array of objects")
            return
        }
        for author in list.compactMap(\.object) where author["name"] == nil && author["url"] == nil && author["avatar"] == nil {
            add(.error, "jsonfeed-authors", "\(place) has an author with none of name, url, avatar")
        }
    }
}
