import CLibXML2
import Foundation

/// RSS 2.0 (rssboard.org) rules, with the checks feed readers trip over.
struct RSSRules {
    let lines: SourceLines
    let options: FeedValidator.Options

    static let channelElements: Set<String> = [
        "title", "link", "description", "language", "copyright", "managingEditor", "webMaster", "pubDate", "lastBuildDate",
        "category", "generator", "docs", "cloud", "ttl", "image", "rating", "textInput", "skipHours", "skipDays", "item",
    ]
    static let itemElements: Set<String> = ["title", "link", "description", "author", "category", "comments", "enclosure", "guid", "pubDate", "source"]
    static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    func check(_ rss: XMLNode) -> [ValidationFinding] {
        var out = NodeFindings(lines: lines)
        if rss.attribute("version") != "2.0" {
            out.add(.warning, "rss-version", "version is `\(rss.attribute("version") ?? "missing")`, expected 2.0", at: rss)
        }
        guard let channel = rss.child("channel", namespace: nil) else {
            out.add(.error, "rss-channel-required", "<rss> needs a <channel>", at: rss)
            return out.findings
        }
        for name in ["title", "link", "description"] where channel.child(name, namespace: nil) == nil {
            out.add(.error, "rss-channel-required", "<channel> needs <\(name)>", at: channel)
        }
        if let link = channel.child("link", namespace: nil), !FeedValidator.isHTTPURL(link.text.trimmedWhitespace()) {
            out.add(.error, "rss-link-url", "<link> must be an absolute http(s) URL, found `\(link.text)`", at: link)
        }
        unknownElements(channel, allowed: Self.channelNames, &out)
        dates(channel, names: ["pubDate", "lastBuildDate"], &out)
        if let ttl = channel.child("ttl", namespace: nil), Int(ttl.text.trimmedWhitespace()).map({ $0 >= 0 }) != true {
            out.add(.error, "rss-ttl-integer", "<ttl> must be a whole number of minutes", at: ttl)
        }
        let selfLinks = channel.children("link", namespace: Namespaces.atom10).filter { $0.attribute("rel") == "self" }
        if selfLinks.isEmpty {
            out.add(.warning, "rss-self-link", "the channel has no <atom:link rel=\"self\"> (RSS Best Practices)", at: channel)
        } else if let expected = options.expectedSelfURL, let href = selfLinks[0].attribute("href"), href != expected {
            out.add(.error, "rss-self-link-match", "self link is \(href), expected \(expected)", at: selfLinks[0])
        }
        var guids: Set<String> = []
        for item in channel.children("item", namespace: nil) {
            if item.child("title", namespace: nil) == nil && item.child("description", namespace: nil) == nil {
                out.add(.error, "rss-item-title-or-description", "an <item> needs a <title> or a <description>", at: item)
            }
            if let link = item.child("link", namespace: nil), !FeedValidator.isHTTPURL(link.text.trimmedWhitespace()) {
                out.add(.warning, "rss-link-url", "item <link> should be an absolute http(s) URL, found `\(link.text)`", at: link)
            }
            unknownElements(item, allowed: Self.itemNames, &out)
            dates(item, names: ["pubDate"], &out)
            if let guid = item.child("guid", namespace: nil) {
                let value = guid.text.trimmedWhitespace()
                if !guids.insert(value).inserted {
                    out.add(.error, "rss-guid-unique", "guid \(value) is used by more than one item; readers will show only one", at: guid)
                }
                let permalink = (guid.attribute("isPermaLink") ?? "true").lowercased() != "false"
                if permalink && !FeedValidator.isHTTPURL(value) {
                    out.add(.error, "rss-guid-permalink", "guid `\(value)` is not a URL; mark it isPermaLink=\"false\"", at: guid)
                }
            } else {
                out.add(.warning, "rss-item-guid", "an <item> should have a <guid> so readers can tell items apart", at: item)
            }
            if let author = item.child("author", namespace: nil), !author.text.contains("@") {
                out.add(.error, "rss-author-email", "<author> must be an e-mail address; use dc:creator for names, found `\(author.text)`", at: author)
            }
        }
        return out.findings
    }

    private static let channelNames = ElementNameSet(channelElements)
    private static let itemNames = ElementNameSet(itemElements)

    private func unknownElements(_ parent: XMLNode, allowed: ElementNameSet, _ out: inout NodeFindings) {
        for child in parent.elementChildren where child.inNoNamespace && !child.isNamed(oneOf: allowed) {
            out.add(.warning, "rss-unknown-element", "<\(child.name)> is not an RSS 2.0 element; put extensions in a namespace", at: child)
        }
    }

    /// RFC 822 as RSS 2.0 wants it, with a four-digit year and a day of week that matches the date.
    private func dates(_ parent: XMLNode, names: [String], _ out: inout NodeFindings) {
        for name in names {
            for node in parent.children(name, namespace: nil) {
                let text = node.text.trimmedWhitespace()
                guard let (weekday, date, zone) = Self.strictRFC822(text) else {
                    out.add(.error, "rss-date-rfc822", "<\(name)> must be an RFC 822 date such as `Thu, 12 Mar 2026 16:40:00 +0800`, found `\(text)`", at: node)
                    continue
                }
                if let weekday {
                    let local = CivilTime.from(date, offset: zone)
                    let actual = Self.weekdays[CivilTime.weekday(ofDays: CivilTime.daysSinceEpoch(year: local.year, month: local.month, day: local.day))]
                    if actual != weekday {
                        out.add(.error, "rss-date-weekday", "<\(name)> says \(weekday) but \(text.dropFirst(5)) is a \(actual)", at: node)
                    }
                }
            }
        }
    }

    /// `[Wkd, ]DD Mon YYYY HH:MM[:SS] ZONE`: the weekday, the instant and the zone's offset in seconds, or nil
    /// when not in that form.
    static func strictRFC822(_ text: String) -> (String?, Date, Int)? {
        // Our own renderer's form, `Thu, 12 Mar 2026 16:40:00 +0800`, read without splitting: at exactly 31
        // bytes the canonical reader only accepts a weekday, a two-digit day and a numeric zone.
        if text.utf8.count == 31, let date = DateParser.canonicalRFC822(text), let zone = rfc822ZoneOffset(text.utf8.suffix(5)) {
            let weekday = String(decoding: text.utf8.prefix(3), as: UTF8.self)
            if weekdays.contains(weekday) { return (weekday, date, zone) }
        }
        var parts = text.split(separator: " ").map(String.init)
        var weekday: String?
        if let first = parts.first, first.hasSuffix(",") {
            weekday = String(first.dropLast())
            guard weekdays.contains(weekday ?? "") else { return nil }
            parts.removeFirst()
        }
        guard parts.count == 5, (1...2).contains(parts[0].count), parts[0].allSatisfy(\.isNumber),
              DateParser.months[parts[1].lowercased()] != nil, parts[1].count == 3,
              parts[2].count == 4, parts[2].allSatisfy(\.isNumber)
        else { return nil }
        let clock = parts[3].split(separator: ":")
        guard clock.count == 2 || clock.count == 3, clock.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isNumber) }) else { return nil }
        guard let zone = rfc822ZoneOffset(parts[4].utf8),
              let date = DateParser.canonicalRFC822(text) ?? DateParser.parse(text, timeZone: utc)
        else { return nil }
        return (weekday, date, zone)
    }

    /// Seconds east of UTC of a zone RFC 822 allows (`+hhmm`/`-hhmm`, UT, GMT, Z and the US zones, CST being
    /// US Central here), or nil for anything else. Numeric zones, the form our renderer writes, are read from
    /// their bytes with ``ZoneNames``' bounds; names take ``ZoneNames``' offsets as for a source in UTC (so CST
    /// is US Central), with that zone built once. This runs for every date of every output: splitting each date
    /// again and building a `TimeZone` for it cost a fifth of RSS validation, and going through ZoneNames for
    /// numeric zones too another fifth.
    static func rfc822ZoneOffset(_ zone: some Collection<UInt8>) -> Int? {
        if zone.count == 5, let sign = zone.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            var value = 0
            for byte in zone.dropFirst() {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            guard value / 100 <= 14, value % 100 < 60 else { return nil }
            let seconds = value / 100 * 3600 + value % 100 * 60
            return sign == UInt8(ascii: "+") ? seconds : -seconds
        }
        let name = String(decoding: zone, as: UTF8.self)
        guard rfc822ZoneNames.contains(name) else { return nil }
        return ZoneNames.offset(for: name, sourceZone: utc)
    }

    private static let rfc822ZoneNames: Set<String> = ["UT", "GMT", "Z", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT"]
    private static let utc = TimeZone(identifier: "UTC") ?? .current
}
