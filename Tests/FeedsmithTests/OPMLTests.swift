import Feedsmith
import FeedsmithCore
import Foundation
import Testing

/// OPML import and export through feedctl, on subscription lists in the formats real readers export.
@Suite struct OPMLTests {
    static let folder = Fixtures.folder.appendingPathComponent("opml")
    static let readers = ["feedly", "miniflux", "netnewswire", "freshrss", "inoreader"]

    /// A feeds.yml with a comment and one source the imports duplicate.
    static func writeConfig(_ workspace: Workspace, sources: String = "  # kept by every import\n  - id: lwn\n    url: https://lwn.net/headlines/rss\n") throws {
        let yaml = """
            # Operator's notes at the top stay.
            storage:
              sqlite: var/store.sqlite
            output:
              dir: public
              base_url: https://feeds.example.net/
            sources:
            \(sources)
            # The feeds below are untouched.
            feeds:
              - id: all
                sources: all

            """
        try yaml.write(toFile: workspace.configPath, atomically: true, encoding: .utf8)
    }

    static func configured(_ workspace: Workspace) throws -> [OPMLSubscription] {
        try ConfigLoader.load(from: URL(fileURLWithPath: workspace.configPath)).sources.map {
            OPMLSubscription(title: $0.title, url: $0.url.absoluteString, siteURL: nil, group: $0.group)
        }
    }

    @Test(arguments: readers)
    func importKeepsCommentsSkipsDuplicatesAndKeepsFolders(reader: String) throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try Self.writeConfig(workspace)
        let file = Self.folder.appendingPathComponent("\(reader).opml").path
        let expected = try OPMLDocument.parse([UInt8](Data(contentsOf: URL(fileURLWithPath: file))), file: file)
        let result = try ProcessRunner.run(ProcessRunner.feedctl, ["import-opml", file, "--config", workspace.configPath])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let text = try String(contentsOfFile: workspace.configPath, encoding: .utf8)
        #expect(text.hasPrefix("# Operator's notes at the top stay.\n"))
        #expect(text.contains("  # kept by every import\n  - id: lwn\n"))
        #expect(text.contains("# The feeds below are untouched.\nfeeds:\n"))
        let sources = try ConfigLoader.load(from: URL(fileURLWithPath: workspace.configPath)).sources
        #expect(sources.first?.id == "lwn")
        #expect(Set(sources.map(\.id)).count == sources.count)
        // Every usable subscription is configured once, with its title and folder.
        let usable = expected.filter { $0.url.hasPrefix("http") }
        for subscription in usable {
            let matches = sources.filter { $0.url.absoluteString == subscription.url }
            #expect(matches.count == 1, "\(subscription.url)")
            if subscription.url != "https://lwn.net/headlines/rss" {
                #expect(matches.first?.title == subscription.title)
                #expect(matches.first?.group == subscription.group)
            }
        }
        #expect(sources.count == 1 + usable.filter { $0.url != "https://lwn.net/headlines/rss" }.count)
        if expected.contains(where: { $0.url == "https://lwn.net/headlines/rss" }) {
            #expect(result.stdout.contains("skip https://lwn.net/headlines/rss: already configured as source `lwn`"))
        }
        if reader == "inoreader" { #expect(result.stdout.contains("skip javascript:alert(1): not an http(s) URL")) }
        if reader == "feedly" {
            #expect(sources.map(\.id) == ["lwn", "ars-technica", "nxnews", "ycen"])
            #expect(sources.last?.title == "银川新闻网 & 本地")
            #expect(sources.last?.group == "中文新闻")
        }

        // A second import finds nothing new and leaves the file alone.
        let again = try ProcessRunner.run(ProcessRunner.feedctl, ["import-opml", file, "--config", workspace.configPath])
        #expect(again.status == 1)
        #expect(again.stderr.contains("nothing to import"))
        #expect(try String(contentsOfFile: workspace.configPath, encoding: .utf8) == text)
    }

    @Test func exportThenImportRoundTrips() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try Self.writeConfig(workspace)
        for reader in Self.readers {
            let result = try ProcessRunner.run(ProcessRunner.feedctl, ["import-opml", Self.folder.appendingPathComponent("\(reader).opml").path, "--config", workspace.configPath])
            #expect(result.status == 0, "\(reader): \(result.stderr)")
        }
        let configured = try Self.configured(workspace)
        // 16 usable subscriptions in the five files: lwn.net (twice, already configured) and Hacker News with
        // a trailing slash are not added again; Ars Technica over http and https stays two sources.
        #expect(configured.count == 14, "\(configured.map(\.url))")
        let export = try ProcessRunner.run(ProcessRunner.feedctl, ["export-opml", "--config", workspace.configPath])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">"))
        #expect(OutputValidator.wellFormed(Array(export.stdout.utf8)).isEmpty)
        let exported = try OPMLDocument.parse(Array(export.stdout.utf8), file: "export")
        // Same subscriptions; folders come back as folders (ungrouped first, then each folder).
        #expect(Set(exported.map { "\($0.url)|\($0.title ?? $0.url)|\($0.group ?? "")" })
                == Set(configured.map { "\($0.url)|\($0.title ?? "lwn")|\($0.group ?? "")" }))

        // Into an empty configuration and out again: identical lists.
        let fresh = try Workspace()
        defer { fresh.remove() }
        try Self.writeConfig(fresh, sources: "  []")
        let file = fresh.folder.appendingPathComponent("export.opml")
        try export.stdout.write(to: file, atomically: true, encoding: .utf8)
        let imported = try ProcessRunner.run(ProcessRunner.feedctl, ["import-opml", file.path, "--config", fresh.configPath])
        #expect(imported.status == 0, "\(imported.stdout)\(imported.stderr)")
        let second = try ProcessRunner.run(ProcessRunner.feedctl, ["export-opml", "--config", fresh.configPath])
        #expect(try OPMLDocument.parse(Array(second.stdout.utf8), file: "second") == exported)
    }

    @Test func unreadableFilesAreRefusedWithTheReason() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try Self.writeConfig(workspace)
        let file = workspace.folder.appendingPathComponent("not.opml")
        try "<html><body>hello</body></html>".write(to: file, atomically: true, encoding: .utf8)
        let result = try ProcessRunner.run(ProcessRunner.feedctl, ["import-opml", file.path, "--config", workspace.configPath])
        #expect(result.status == 2)
        #expect(result.stderr.contains("not an OPML document"))
        let entity = workspace.folder.appendingPathComponent("xxe.opml")
        try """
            <?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <opml version="2.0"><head><title>&x;</title></head><body><outline text="Example" xmlUrl="https://example.org/feed"/></body></opml>
            """.write(to: entity, atomically: true, encoding: .utf8)
        let xxe = try ProcessRunner.run(ProcessRunner.feedctl, ["import-opml", entity.path, "--config", workspace.configPath, "--dry-run"])
        #expect(!xxe.stdout.contains("root:"), "external entities are never read")
        // …and the file is still read: the outline with the entity reference is listed, so the check above
        // cannot pass merely because nothing was parsed.
        #expect(xxe.status == 0, "\(xxe.stderr)")
        #expect(xxe.stdout.contains("https://example.org/feed"))
        // In an attribute, an external entity reference is itself a well-formedness error: refused, and said so.
        try """
            <?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <opml version="2.0"><body><outline text="&x;" xmlUrl="https://example.org/feed"/></body></opml>
            """.write(to: entity, atomically: true, encoding: .utf8)
        let attribute = try ProcessRunner.run(ProcessRunner.feedctl, ["import-opml", entity.path, "--config", workspace.configPath, "--dry-run"])
        #expect(attribute.status == 2)
        #expect(attribute.stderr.contains("not well-formed XML") && attribute.stderr.contains("external entity"))
        #expect(!attribute.stdout.contains("root:") && !attribute.stderr.contains("root:"))
    }
}
