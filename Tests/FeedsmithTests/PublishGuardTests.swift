import Feedsmith
import FeedsmithCore
import Foundation
import Testing

@Suite struct PublishGuardTests {
    /// An invalid render never replaces the last good file; the failure is reported and stored.
    @Test func invalidRenderKeepsTheLastGoodFile() async throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.writeConfigServingWireA(on: server)
        _ = try await workspace.refresh()
        let good = try workspace.bytes("all.atom")

        server.set("/a.rss", .init(body: try Fixtures.bytes("sites/wire-b.atom")))
        let (report, session) = try await workspace.refresh(renderHook: Self.droppingFeedID(from: "/all.atom"))
        #expect(report.publish.failures.count == 1)
        #expect(report.publish.failures.first?.contains("all.atom: not published, the last good file stays") == true)
        #expect(try workspace.bytes("all.atom") == good, "the previous file is still served")
        #expect(try workspace.parsed("all.rss").items.count == 3, "other outputs are published")
        let failing = try await session.store.failingOutputs()
        #expect(failing.map { URL(fileURLWithPath: $0.path).lastPathComponent } == ["all.atom"])

        let sources = try ProcessRunner.run(ProcessRunner.feedctl, ["sources", "--config", workspace.configPath])
        #expect(sources.stdout.contains("outputs not published"))
        #expect(sources.stdout.contains("all.atom: not published"))

        // The next good render clears the status.
        _ = try await workspace.refresh()
        #expect(try await session.store.failingOutputs().isEmpty)
        #expect(try workspace.bytes("all.atom") != good)
    }

    /// A failure recorded for a file the configuration stops publishing is forgotten by the next publish, where it
    /// used to be listed by `feedctl sources` for ever.
    @Test func failuresOfFilesNoLongerPublishedAreForgotten() async throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.writeConfigServingWireA(on: server, outputKey: "source_feeds: all")
        let (report, session) = try await workspace.refresh(renderHook: Self.droppingFeedID(from: "/sources/a.atom"))
        #expect(report.publish.failures.count == 1)
        let failing = try await session.store.failingOutputs().map(\.path)
        #expect(failing.count == 1 && failing.allSatisfy { $0.hasSuffix("/public/sources/a.atom") }, "\(failing)")

        // Source a is a feed: under the default `source_feeds: pages` it has no file of its own any more.
        try workspace.writeConfigServingWireA(on: server)
        _ = try await workspace.refresh()
        #expect(try await session.store.failingOutputs().isEmpty)
        let sources = try ProcessRunner.run(ProcessRunner.feedctl, ["sources", "--config", workspace.configPath])
        #expect(sources.status == 0)
        #expect(!sources.stdout.contains("outputs not published"), "\(sources.stdout)")
    }

    /// The fault: the feed-level <id> disappears from the Atom file at `suffix`, which the RFC 4287 schema requires.
    static func droppingFeedID(from suffix: String) -> @Sendable (String, [UInt8]) -> [UInt8] {
        { file, bytes in
            guard file.hasSuffix(suffix) else { return bytes }
            let text = String(decoding: bytes, as: UTF8.self)
            guard let range = text.range(of: #"<id>urn:uuid:[^<]*</id>"#, options: .regularExpression) else { return bytes }
            return Array(text.replacingCharacters(in: range, with: "").utf8)
        }
    }

    /// A publish stages its files until the end, so a killed process leaves temporaries; the next process's
    /// first publish removes those of dead processes.
    @Test func publishingClearsTemporariesOfDeadProcesses() async throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.writeConfigServingWireA(on: server)
        let dead = try ProcessRunner.exitedPID()
        let sources = workspace.output.appendingPathComponent("sources")
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        let stale = [workspace.output.appendingPathComponent(".all.atom.tmp-\(dead)-1"), sources.appendingPathComponent(".a.rss.tmp-\(dead)-2")]
        for file in stale { try Data("half a feed".utf8).write(to: file) }
        _ = try await workspace.refresh()
        for file in stale { #expect(!FileManager.default.fileExists(atPath: file.path), "\(file.lastPathComponent)") }
        let published = try workspace.parsed("all.rss").items.count
        #expect(published == 2)
        let left = try FileManager.default.contentsOfDirectory(atPath: workspace.output.path).filter { $0.contains(".tmp-") }
        #expect(left.isEmpty, "\(left)")
    }

    @Test func feedctlValidateExitCodesAndJSON() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let valid = workspace.folder.appendingPathComponent("ok.atom").path
        let invalid = workspace.folder.appendingPathComponent("bad.rss").path
        let corpus = Fixtures.parseFolder.deletingLastPathComponent().appendingPathComponent("validate")
        try FileManager.default.copyItem(atPath: corpus.appendingPathComponent("atom-valid-minimal.xml").path, toPath: valid)
        try FileManager.default.copyItem(atPath: corpus.appendingPathComponent("rss-wrong-weekday.xml").path, toPath: invalid)
        let ok = try ProcessRunner.run(ProcessRunner.feedctl, ["validate", valid])
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("atom, 0 error(s), 0 warning(s)"))
        let bad = try ProcessRunner.run(ProcessRunner.feedctl, ["validate", valid, invalid])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("\(invalid):12:7: error: [rss-date-weekday]"), "\(bad.stdout)")
        let json = try ProcessRunner.run(ProcessRunner.feedctl, ["validate", "--format", "json", invalid])
        #expect(json.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.split(separator: "\n")[0].utf8)) as? [String: Any]
        #expect(object?["rule"] as? String == "rss-date-weekday")
        #expect(object?["line"] as? Int == 12)
        #expect(object?["severity"] as? String == "error")
    }
}
