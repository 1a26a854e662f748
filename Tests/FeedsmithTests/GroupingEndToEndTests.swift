import Feedsmith
import FeedsmithCore
import Foundation
import Testing

/// Related coverage grouped across sources, end to end: RSS feeds served over loopback, `feedctl refresh`
/// in real processes, and the entries and links in the written Atom, RSS and JSON Feed.
@Suite struct GroupingEndToEndTests {
    struct CorpusItem: Decodable {
        var id: String
        var story: String
        var source: String
        var title: String
        var text: String
        var published: String
        var url: String?
        var guid: String?
    }

    static func corpus() throws -> [CorpusItem] {
        struct File: Decodable { var items: [CorpusItem] }
        let url = Fixtures.parseFolder.deletingLastPathComponent().appendingPathComponent("group/corpus.json")
        return try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).items
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// One RSS 2.0 document per source, items as the corpus gives them.
    static func rss(_ source: String, _ items: [CorpusItem]) -> [UInt8] {
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>\(source)</title><link>https://\(source).example/</link><description>\(source)</description>"
        for item in items {
            let date = ISO8601DateFormatter().date(from: item.published) ?? Date(timeIntervalSince1970: 0)
            let html = item.text.split(separator: "\n").map { "<p>\(escape(String($0)))</p>" }.joined()
            xml += "<item><title>\(escape(item.title))</title>"
            if let url = item.url { xml += "<link>\(escape(url))</link>" }
            xml += "<guid isPermaLink=\"false\">\(escape(item.guid ?? "\(source)-\(item.id)"))</guid>"
            xml += "<pubDate>\(DateFormatting.rfc822(date, in: TimeZone(identifier: "UTC")!))</pubDate>"
            xml += "<description>\(escape(html))</description></item>"
        }
        return Array((xml + "</channel></rss>").utf8)
    }

    /// A feed of every source with related coverage grouped, over a window that keeps the fixtures' dates.
    static let groupedFeed = """
        grouping:
          window: 3650d
        feeds:
          - id: grouped
            title: Grouped
            sources: all
            group_related: true

        """

    /// The `<entry>` blocks of an Atom file, each with its id.
    static func atomEntries(_ atom: String) -> [(id: String, xml: String)] {
        atom.components(separatedBy: "<entry").dropFirst().map { block in
            let id = block.components(separatedBy: "<id>").dropFirst().first?.components(separatedBy: "</id>").first ?? ""
            return (id, block)
        }
    }

    @Test func sameStoryAcrossSourcesBecomesOneEntryAndBridgesMerge() throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        let items = try Self.corpus()
        let sources = Array(Set(items.map(\.source))).sorted()
        for source in sources {
            // The bridging report's source publishes nothing at first.
            let published = items.filter { $0.source == source && $0.id != "s7-drought-bridge" }
            server.set("/\(source).xml", .init(body: Self.rss(source, published), contentType: "application/rss+xml"))
        }
        let feeds = Self.groupedFeed + """
              - id: all
                title: Everything
                sources: all

            """
        try workspace.writeConfig(sources: sources.map { ($0, server.url("/\($0).xml")) }, feeds: feeds)

        let first = try ProcessRunner.run(ProcessRunner.feedctl, ["refresh", "--config", workspace.configPath])
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(first.stdout.contains("grouping: 16 item(s) grouped, 5 joined coverage of the same story"), "\(first.stdout)\(first.stderr)")
        try OutputChecks.expectAllValid(workspace)

        // group_related: false lists every item (the two carrying one GUID are one article); true gives one
        // entry per story.
        let everything = Self.atomEntries(try workspace.read("all.atom"))
        #expect(everything.count == 15)
        let grouped = Self.atomEntries(try workspace.read("grouped.atom"))
        #expect(grouped.count == 11)

        // The three copies of the seed story: represented by the earliest published (Simplified), listing the others.
        let partyIDs = Set(everything.filter { $0.xml.contains("c_1.htm") || $0.xml.contains("t20261024_1") || $0.xml.contains("a/20261025/88") }.map(\.id))
        #expect(partyIDs.count == 3)
        let party = try #require(grouped.first { $0.xml.contains("银川万名党员筑起疫情防控") && $0.xml.contains("rel=\"related\"") })
        #expect(partyIDs.contains(party.id), "the group's id is one of its members' ids")
        #expect(party.xml.contains("<title>银川万名党员筑起疫情防控“红色堡垒”</title>"))
        #expect(party.xml.contains("<link rel=\"alternate\" type=\"text/html\" href=\"https://www.nxnews.example/2026-10/24/c_1.htm\"/>"))
        #expect(party.xml.components(separatedBy: "rel=\"related\"").count - 1 == 2)
        #expect(party.xml.contains("href=\"https://www.ycnews.example/ycxw/202610/t20261024_1.html\""))
        #expect(party.xml.contains("href=\"https://news.portal.example/a/20261025/88.html\""))
        #expect(party.xml.contains("<published>2026-10-24T08:30:00"), "dated by the first publication")
        #expect(party.xml.contains("Also reported by"))

        // Same topic, different facts: two entries. The shared GUID: one entry.
        #expect(grouped.filter { $0.xml.contains("<title>我市1.87亿元创业担保贷款") && $0.xml.contains("rel=\"related\"") }.count == 1)
        #expect(grouped.filter { $0.xml.contains("<title>我市进一步加大创业贷款扶持力度</title>") && !$0.xml.contains("rel=\"related\"") }.count == 1)
        #expect(grouped.filter { $0.xml.contains("40,000") }.count == 1)
        // The two drought reports share too little: apart, until the bridge arrives.
        let droughtBefore = grouped.filter { $0.xml.contains("valleytimes.example") || $0.xml.contains("eastdistrict.example") }
        #expect(droughtBefore.count == 2)

        let rss = try workspace.read("grouped.rss")
        #expect(rss.components(separatedBy: "<atom:link href=").count - 1 == 1 + 5, "the self link plus one related link per other member")
        #expect(rss.contains("Also reported by"))
        let json = try JSONSerialization.jsonObject(with: Data(try workspace.bytes("grouped.json"))) as? [String: Any]
        let jsonItems = try #require(json?["items"] as? [[String: Any]])
        #expect(jsonItems.count == 11)
        let partyJSON = try #require(jsonItems.first { ($0["id"] as? String) == party.id })
        let related = try #require((partyJSON["_feedsmith"] as? [String: Any])?["related"] as? [[String: Any]])
        #expect(related.count == 2)
        #expect(Set(related.compactMap { $0["source_title"] as? String }) == ["ycnews", "portal"])

        // A later report bridges the two drought groups: they merge and keep the older group's id.
        let bridgeSource = items.filter { $0.source == "statewire" }
        server.set("/statewire.xml", .init(body: Self.rss("statewire", bridgeSource), contentType: "application/rss+xml"))
        let second = try ProcessRunner.run(ProcessRunner.feedctl, ["refresh", "--config", workspace.configPath])
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        #expect(second.stdout.contains("grouping: 1 item(s) grouped, 1 joined coverage of the same story, 1 group(s) merged"), "\(second.stdout)")
        try OutputChecks.expectAllValid(workspace)
        let after = Self.atomEntries(try workspace.read("grouped.atom"))
        #expect(after.count == 10)
        let drought = after.filter { $0.xml.contains("valleytimes.example") || $0.xml.contains("eastdistrict.example") }
        #expect(drought.count == 1)
        #expect(Set(droughtBefore.map(\.id)).contains(drought.first?.id ?? "-"))
        #expect((drought.first?.xml.components(separatedBy: "rel=\"related\"").count ?? 0) - 1 == 2)
        // Every other entry kept its id.
        let unchanged = Set(grouped.map(\.id)).subtracting(droughtBefore.map(\.id))
        #expect(unchanged.isSubset(of: Set(after.map(\.id))))

        // A third run (a new process, the index rebuilt from the store) changes nothing.
        let third = try ProcessRunner.run(ProcessRunner.feedctl, ["refresh", "--config", workspace.configPath])
        #expect(third.status == 0)
        #expect(Self.atomEntries(try workspace.read("grouped.atom")).map(\.id) == after.map(\.id))
    }

    /// Templated reports (alike but for their numbers), as the soak's generated feeds carry them.
    static func templatedRSS(source: Int, items: Range<Int>) -> [UInt8] {
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Source \(source)</title><link>https://source\(source).example/</link><description>Templated</description>"
        for item in items.reversed() {
            let date = Date(timeIntervalSince1970: 1_790_000_000 + Double(item) * 60)
            xml += "<item><title>Source \(source) reports item \(item): council approves budget for district \(item * 7 % 31)</title>"
            xml += "<link>https://source\(source).example/news/\(item).html</link>"
            xml += "<pubDate>\(DateFormatting.rfc822(date, in: TimeZone(identifier: "UTC")!))</pubDate>"
            xml += "<description>&lt;p&gt;The council of district \(item * 7 % 31) voted on Tuesday to approve a budget of \(item + 3) million for roads, "
            xml += "schools and parks, after a debate that lasted four hours. Residents from source \(source)'s area spoke for and against.&lt;/p&gt;"
            xml += "&lt;p&gt;The plan now goes to the mayor, who is expected to sign it next week.&lt;/p&gt;</description></item>"
        }
        return Array((xml + "</channel></rss>").utf8)
    }

    @Test func templatedFeedsDoNotCollapseIntoOneEntry() throws {
        // Before groups held one item per source, every item of such feeds chained into a single group: the
        // grouped feed showed one entry. Now each report is one entry, with its counterparts from the other
        // sources, also after a restart (a second process rebuilds the index from the store).
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        for source in 0..<3 {
            server.set("/s\(source).xml", .init(body: Self.templatedRSS(source: source, items: 0..<8), contentType: "application/rss+xml"))
        }
        try workspace.writeConfig(sources: (0..<3).map { ("s\($0)", server.url("/s\($0).xml")) }, feeds: Self.groupedFeed)
        for (run, items) in [(1, 0..<8), (2, 0..<9)] {
            if run == 2 {
                for source in 0..<3 {
                    server.set("/s\(source).xml", .init(body: Self.templatedRSS(source: source, items: items), contentType: "application/rss+xml"))
                }
            }
            let refresh = try ProcessRunner.run(ProcessRunner.feedctl, ["refresh", "--config", workspace.configPath])
            #expect(refresh.status == 0, "\(refresh.stdout)\(refresh.stderr)")
            try OutputChecks.expectAllValid(workspace)
            let entries = Self.atomEntries(try workspace.read("grouped.atom"))
            #expect(entries.count == items.count, "run \(run)")
            for entry in entries {
                let related = entry.xml.components(separatedBy: "rel=\"related\"").dropFirst()
                #expect(related.count == 2, "run \(run): \(entry.xml)")
                let hosts = ([entry.xml] + related).compactMap { $0.components(separatedBy: "https://source").dropFirst().first?.prefix(1) }
                #expect(Set(hosts).count == 3, "one item per source: \(hosts)")
            }
        }
    }
}
