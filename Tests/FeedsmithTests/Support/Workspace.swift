import Feedsmith
import FeedsmithCore
import FeedsmithFetch
import FeedsmithStore
import Foundation
import Logging

/// A temporary folder with a feeds.yml, its SQLite store and output folder: one test's whole world.
struct Workspace {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedsmith-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    var configPath: String { folder.appendingPathComponent("feeds.yml").path }
    var output: URL { folder.appendingPathComponent("public") }

    /// Writes a feeds.yml with the given sources (id, url) and one feed `all` over all of them; `outputKey` is one
    /// more `output` line (`key: value`).
    func writeConfig(sources: [(String, String)], extra: String = "", timeout: String = "5s", feeds: String? = nil, outputKey: String = "") throws {
        var yaml = """
            storage:
              sqlite: var/store.sqlite
            output:
              dir: public
              base_url: https://feeds.example.net/\(outputKey.isEmpty ? "" : "\n  " + outputKey)
            defaults:
              timezone: Asia/Shanghai
              timeout: \(timeout)
            \(extra)

            sources:

            """
        for (id, url) in sources { yaml += "  - id: \(id)\n    url: \(url)\n" }
        // `feeds` may also carry extra source entries before its own `feeds:` key.
        yaml += feeds ?? "feeds:\n  - id: all\n    title: All\n    sources: all\n"
        try yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    /// The end-to-end tests' usual world: `server` serves the wire fixture `sites/wire-a.rss` at `/a.rss`, and the
    /// config has that one source, `a`, under the feed `all`.
    func writeConfigServingWireA(on server: FixtureServer, outputKey: String = "") throws {
        server.set("/a.rss", .init(body: try Fixtures.bytes("sites/wire-a.rss")))
        try writeConfig(sources: [("a", server.url("/a.rss"))], outputKey: outputKey)
    }

    /// Two sources reporting one story: `server` serves `sites/wire-a.rss` at `/a.rss` and `sites/wire-b.atom` at
    /// `/b.atom`, and the config has sources `a` and `b` (under the feed `all`, unless `feeds` says otherwise).
    func writeConfigServingWiresAB(on server: FixtureServer, feeds: String? = nil, outputKey: String = "") throws {
        server.set("/a.rss", .init(body: try Fixtures.bytes("sites/wire-a.rss")))
        server.set("/b.atom", .init(body: try Fixtures.bytes("sites/wire-b.atom")))
        try writeConfig(sources: [("a", server.url("/a.rss")), ("b", server.url("/b.atom"))], feeds: feeds, outputKey: outputKey)
    }

    func session() throws -> Session { try Session(configPath: configPath, exclusive: false) }

    /// Runs one refresh in-process through the same code `feedctl refresh` uses; `renderHook` is the publisher's
    /// fault-injection point (``Refresher/renderHook``).
    func refresh(
        _ ids: [String] = [], now: Date = Date(), onlyChanged: Bool = false,
        renderHook: (@Sendable (_ file: String, _ bytes: [UInt8]) -> [UInt8])? = nil
    ) async throws -> (RefreshReport, Session) {
        let session = try session()
        let fetcher = Fetcher()
        var refresher = Refresher(config: session.config, store: session.store, fetcher: fetcher, logger: Logger(label: "test"))
        refresher.publishOnlyChanged = onlyChanged
        refresher.renderHook = renderHook
        do {
            let report = try await refresher.refresh(sourceIDs: ids, now: { now })
            await fetcher.shutdown()
            return (report, session)
        } catch {
            await fetcher.shutdown()
            throw error
        }
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOf: output.appendingPathComponent(relative), encoding: .utf8)
    }

    func bytes(_ relative: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: output.appendingPathComponent(relative)))
    }

    /// Parses a written output back with Feedsmith's own parser.
    func parsed(_ relative: String) throws -> ParsedFeed {
        try FeedParser.parse(try read(relative), context: ParseContext(baseURL: nil, timeZone: TimeZone(identifier: "UTC")!))
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}

enum Fixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")
    /// The core stage's parse fixtures, served here over HTTP.
    static let parseFolder = folder.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FeedsmithCoreTests/Fixtures/parse")

    static func bytes(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: folder.appendingPathComponent(name))) }
    static func parse(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: parseFolder.appendingPathComponent(name))) }
}
