import Foundation

/// JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1), read leniently: wrong-typed members are skipped.
enum JSONFeedParser {
    static func parse(_ text: String, context: ParseContext) throws(FeedParseError) -> ParsedFeed {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [])
        } catch {
            throw .invalidJSON((error as NSError).localizedDescription)
        }
        guard let root = object as? [String: Any] else { throw .invalidJSON("the top level is not an object") }
        guard let version = root["version"] as? String, version.contains("jsonfeed.org/version/") else {
            throw .invalidJSON("missing `version` (https://jsonfeed.org/version/1.1)")
        }
        var feed = ParsedFeed(format: .jsonFeed)
        feed.title = (root["title"] as? String).map(TextHygiene.singleLine)
        feed.siteURL = (root["home_page_url"] as? String).map { LibXML.resolve($0, against: context.baseURL) }
        let context = context.resolvingLocalDocument(against: feed.siteURL)
        feed.language = root["language"] as? String
        let feedAuthor = authors(root)
        let allItems = root["items"] as? [Any] ?? []
        if allItems.count > context.maxItems { feed.recoveryNotes.append("kept the first \(context.maxItems) of \(allItems.count) items") }
        let items = allItems.prefix(context.maxItems).compactMap { $0 as? [String: Any] }
        let raw = items.map { entry -> (Item, String?) in
            var item = Item(title: entry["title"] as? String ?? "")
            if let id = entry["id"] as? String { item.guid = id } else if let id = entry["id"] as? NSNumber { item.guid = id.stringValue }
            let url = entry["url"] as? String ?? entry["external_url"] as? String
            item.url = url.map { LibXML.resolve($0, against: context.baseURL) }
            if let html = entry["content_html"] as? String {
                item.contentHTML = html
            } else if let text = entry["content_text"] as? String {
                item.contentHTML = text.split(separator: "\n", omittingEmptySubsequences: true)
                    .map { "<p>" + HTMLEscaping.text(String($0)) + "</p>" }.joined()
            }
            item.summary = entry["summary"] as? String
            item.published = (entry["date_published"] as? String).flatMap { DateParser.parse($0, timeZone: context.timeZone) }
            item.updated = (entry["date_modified"] as? String).flatMap { DateParser.parse($0, timeZone: context.timeZone) }
            if item.published == nil { item.published = item.updated }
            item.author = authors(entry) ?? feedAuthor
            item.categories = (entry["tags"] as? [Any] ?? []).compactMap { $0 as? String }
            item.language = entry["language"] as? String ?? feed.language
            return (item, item.url ?? context.baseURL)
        }
        FeedParser.finish(raw, into: &feed, context: context)
        return feed
    }

    /// 1.1 `authors` or 1.0 `author`.
    private static func authors(_ object: [String: Any]) -> String? {
        let list = (object["authors"] as? [Any] ?? []).compactMap { ($0 as? [String: Any])?["name"] as? String }
        if !list.isEmpty { return list.joined(separator: ", ") }
        return (object["author"] as? [String: Any])?["name"] as? String
    }
}
