import Feedsmith
import FeedsmithCore
import Foundation
import Testing

/// Whatever strangers' servers send: each case is a named per-source error or a recovered parse, and the
/// good source in the same refresh is unaffected.
@Suite struct HostileInputTests {
    static func rss(_ items: String, doctype: String = "") -> String {
        "<?xml version=\"1.0\"?>\n\(doctype)<rss version=\"2.0\"><channel><title>t</title><link>https://h.example/</link><description>d</description>\(items)</channel></rss>"
    }

    @Test func badInputIsContainedPerSource() async throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        var sources: [(String, String)] = []
        func add(_ id: String, _ route: FixtureServer.Route) {
            server.set("/\(id)", route)
            sources.append((id, server.url("/\(id)")))
        }
        add("good", .init(body: try Fixtures.bytes("sites/wire-a.rss")))
        add("xxe-file", .feed(Self.rss("<item><title>leak &xxe; here</title><link>https://h.example/1</link></item>",
                                       doctype: "<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n")))
        add("xxe-http", .feed(Self.rss("<item><title>fetch &xxe; here</title><link>https://h.example/2</link></item>",
                                       doctype: "<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"\(server.url("/secret"))\">]>\n")))
        var laughs = "<!DOCTYPE rss [<!ENTITY lol \"lol\">"
        for level in 1...9 { laughs += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level == 1 ? "" : String(level - 1));", count: 10) + "\">" }
        add("laughs", .feed(Self.rss("<item><title>&lol9;</title><link>https://h.example/3</link></item>", doctype: laughs + "]>\n")))
        let big = String(repeating: "a", count: 50_000)
        add("quadratic", .feed(Self.rss("<item><title>x</title><description>" + String(repeating: "&big;", count: 5_000) + "</description><link>https://h.example/4</link></item>",
                                        doctype: "<!DOCTYPE rss [<!ENTITY big \"\(big)\">]>\n")))
        add("huge", .init(body: Array(Self.rss("<item>").utf8), repeating: (Array(repeating: 0x20, count: 65_536), 16_384)))  // 1 GiB
        let zeros = try ProcessRunner.run("/bin/sh", ["-c", "head -c 200000000 /dev/zero | gzip -c | base64 -w0"])
        add("bomb", .init(body: [], gzipped: [UInt8](Data(base64Encoded: zeros.stdout) ?? Data())))
        let utf16 = Self.rss("<item><title>没有BOM的UTF-16</title><link>https://h.example/5</link></item>")
        add("utf16", .init(body: Array(utf16.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }))
        add("deep", .init(body: Array(("<html><body>" + String(repeating: "<div>", count: 100_000) + "深</body></html>").utf8), contentType: "text/html"))
        add("bigattr", .init(body: Array(("<html><body><p title=\"" + String(repeating: "x", count: 5_000_000) + "\">文章</p></body></html>").utf8), contentType: "text/html"))
        var many = ""
        for index in 0..<100_000 { many += "<item><title>n\(index)</title><link>https://h.example/m/\(index)</link></item>" }
        add("many", .feed(Self.rss(many)))
        add("dates", .feed(Self.rss("""
            <item><title>ancient</title><link>https://h.example/d1</link><pubDate>Mon, 01 Jan 1001 00:00:00 GMT</pubDate></item>
            <item><title>future</title><link>https://h.example/d2</link><pubDate>Fri, 31 Dec 9999 23:59:59 GMT</pubDate></item>
            """)))
        add("xss", .feed(Self.rss("""
            <item><title>&lt;script&gt;alert(1)&lt;/script&gt;XSS</title><link>https://h.example/x</link>
            <description>&lt;img src=x onerror=alert(1)&gt;&lt;a href="javascript:alert(1)"&gt;j&lt;/a&gt;&lt;svg onload=alert(1)&gt;&lt;/svg&gt;&lt;iframe src="https://evil.example"&gt;&lt;/iframe&gt;ok</description></item>
            """)))
        try workspace.writeConfig(sources: sources, extra: "  max_body_size: 8MiB", outputKey: "source_feeds: all")
        let started = Date()
        let (report, session) = try await workspace.refresh()
        #expect(Date().timeIntervalSince(started) < 60)
        let byID = Dictionary(uniqueKeysWithValues: report.sources.map { ($0.sourceID, $0) })
        #expect(byID["good"]?.outcome == .ok && byID["good"]?.new == 2, "the good source is unaffected")

        let atom = try workspace.read("all.atom")
        #expect(!atom.contains("root:x:0:0"), "no file is read through an external entity")
        #expect(server.requests("/secret").isEmpty, "no URL is fetched through an external entity")
        for id in ["xxe-file", "xxe-http", "laughs", "quadratic"] {
            #expect(byID[id]?.outcome == .recovered, "\(id): \(byID[id]?.error ?? "")")
            #expect(byID[id]?.new == 1, "\(id) keeps its item")
        }
        #expect(byID["huge"]?.error?.contains("exceeds the limit of 8388608 bytes") == true, "\(byID["huge"]?.error ?? "")")
        #expect(byID["bomb"]?.outcome == .failed)
        let bomb = byID["bomb"]?.error ?? ""
        #expect(bomb.contains("expands beyond the limit") || bomb.contains("exceeds the limit"), "\(bomb)")
        #expect(byID["utf16"]?.new == 1)
        #expect(atom.contains("没有BOM的UTF-16"))
        #expect(byID["deep"] != nil && byID["bigattr"] != nil, "deep nesting and huge attributes end in a result, not a crash")
        #expect(byID["many"]?.new == 500, "items per source per refresh are capped")
        #expect(byID["many"]?.notes.contains("kept the first 500 of 100000 items") == true, "\(byID["many"]?.notes ?? [])")
        #expect(byID["dates"]?.new == 2)
        // Shanghai's offset in 1001 is local mean time, +08:05:43; the date is kept, not clamped.
        #expect(try workspace.read("sources/dates.atom").contains("<published>1001-01-01T"), "a date far in the past is kept")
        #expect(byID["dates"]?.notes.contains { $0.contains("clamped 1 future date") } == true)
        let xss = try workspace.read("sources/xss.atom").lowercased()
        for needle in ["<script", "onerror", "javascript:", "onload", "&lt;iframe", "&lt;svg", "&lt;script"] {
            #expect(!xss.contains(needle), "\(needle)")
        }
        try OutputChecks.expectAllValid(workspace)
        let integrity = try await session.store.integrityCheck()
        #expect(integrity == "ok")
    }
}
