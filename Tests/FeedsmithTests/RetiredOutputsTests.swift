import Feedsmith
import FeedsmithCore
import Foundation
import Testing

/// Files of outputs the configuration stops publishing are removed by the next full publish, and only those.
@Suite struct RetiredOutputsTests {
    static let twoFeeds = "feeds:\n  - id: all\n    title: All\n    sources: all\n  - id: onlyb\n    title: Only B\n    sources: [b]\n"

    /// Sources a and b, each with a feed of its own, and the feeds `all` and `onlyb` (unless `feeds` says otherwise).
    static func serve(_ server: FixtureServer, in workspace: Workspace, sources: [String] = ["a", "b"], feeds: String? = twoFeeds, dir: String = "public") throws {
        server.set("/a.rss", .init(body: try Fixtures.bytes("sites/wire-a.rss")))
        server.set("/b.atom", .init(body: try Fixtures.bytes("sites/wire-b.atom")))
        let urls = ["a": server.url("/a.rss"), "b": server.url("/b.atom")]
        try workspace.writeConfig(sources: sources.compactMap { id in urls[id].map { (id, $0) } }, feeds: feeds, outputKey: "source_feeds: all")
        if dir != "public" {
            let config = try String(contentsOfFile: workspace.configPath, encoding: .utf8)
            try config.replacingOccurrences(of: "  dir: public\n", with: "  dir: \(dir)\n").write(toFile: workspace.configPath, atomically: true, encoding: .utf8)
        }
    }

    /// A fixture server and a workspace after the first full refresh of ``serve(_:in:sources:feeds:dir:)``'s
    /// configuration, which retires nothing.
    static func published() async throws -> (FixtureServer, Workspace) {
        let server = try FixtureServer()
        let workspace = try Workspace()
        try serve(server, in: workspace)
        let (report, _) = try await workspace.refresh()
        #expect(report.publish.failures.isEmpty && report.publish.removed.isEmpty)
        return (server, workspace)
    }

    func exists(_ workspace: Workspace, _ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: workspace.output.appendingPathComponent(relative).path)
    }

    @Test func filesOfRemovedSourcesAndFeedsAreRemovedAndNothingElse() async throws {
        let (server, workspace) = try await Self.published()
        defer { server.shutdown(); workspace.remove() }
        let session = try workspace.session()
        let gone = ["onlyb.atom", "onlyb.rss", "onlyb.json", "onlyb.html", "sources/a.atom", "sources/a.rss", "sources/a.json"]
        for file in gone { #expect(exists(workspace, file), "\(file)") }
        // The operator's own files in the output folder were never published by Feedsmith.
        try Data("<h1>feeds</h1>".utf8).write(to: workspace.output.appendingPathComponent("index.html"))
        try Data("notes".utf8).write(to: workspace.output.appendingPathComponent("sources/a.txt"))

        // Source a and feed onlyb leave the configuration; `feedctl refresh` (a real process) publishes in full.
        try Self.serve(server, in: workspace, sources: ["b"], feeds: nil)
        let refresh = try ProcessRunner.run(ProcessRunner.feedctl, ["refresh", "--config", workspace.configPath])
        #expect(refresh.status == 0, "\(refresh.stdout)\(refresh.stderr)")
        for file in gone {
            #expect(!exists(workspace, file), "\(file)")
            #expect(refresh.stdout.contains("removed \(workspace.output.appendingPathComponent(file).path): no longer published"), "\(refresh.stdout)")
        }
        for file in ["all.atom", "all.rss", "all.json", "all.html", "sources/b.atom", "sources/b.rss", "sources/b.json", "index.html", "sources/a.txt"] {
            #expect(exists(workspace, file), "\(file)")
        }
        let recorded = try await session.store.recordedOutputPaths()
        #expect(recorded.count == 7 && !recorded.contains { $0.contains("onlyb.") || $0.contains("sources/a.") }, "\(recorded)")
        // Nothing left to retire: the next full publish removes nothing.
        let (again, _) = try await workspace.refresh()
        #expect(again.publish.removed.isEmpty)
    }

    /// The daemon's publishes after polls render only what changed; retiring waits for a full publish (a reload, a
    /// `feedctl refresh`, or a new process's first publish), when the configuration was read.
    @Test func aPartialPublishLeavesRetirementToTheNextFullOne() async throws {
        let (server, workspace) = try await Self.published()
        defer { server.shutdown(); workspace.remove() }
        try Self.serve(server, in: workspace, sources: ["b"])
        let (partial, _) = try await workspace.refresh(onlyChanged: true)
        #expect(partial.publish.removed.isEmpty)
        #expect(exists(workspace, "sources/a.atom"))
        let (full, _) = try await workspace.refresh()
        #expect(full.publish.removed.map { URL(fileURLWithPath: $0).lastPathComponent } == ["a.atom", "a.json", "a.rss"])
        #expect(!exists(workspace, "sources/a.atom"))
    }

    /// After `output.dir` moves, the old folder is left as it is; its records are forgotten.
    @Test func filesOutsideTheOutputFolderAreLeftAndForgotten() async throws {
        let (server, workspace) = try await Self.published()
        defer { server.shutdown(); workspace.remove() }
        try Self.serve(server, in: workspace, dir: "public2")
        let (report, session) = try await workspace.refresh()
        #expect(report.publish.removed.isEmpty)
        #expect(exists(workspace, "all.atom") && exists(workspace, "sources/a.atom"))
        #expect(FileManager.default.fileExists(atPath: workspace.folder.appendingPathComponent("public2/all.atom").path))
        let recorded = try await session.store.recordedOutputPaths()
        #expect(recorded.count == 14 && recorded.allSatisfy { $0.contains("/public2/") }, "\(recorded)")
    }

    /// A file that cannot be removed is a publication failure, listed by `feedctl sources`, and tried again.
    @Test func aFileThatCannotBeRemovedIsReportedAndTriedAgain() async throws {
        let (server, workspace) = try await Self.published()
        defer { server.shutdown(); workspace.remove() }
        // Something else now stands where sources/a.atom was: a folder, which unlink refuses (EISDIR).
        let blocked = workspace.output.appendingPathComponent("sources/a.atom")
        try FileManager.default.removeItem(at: blocked)
        try FileManager.default.createDirectory(at: blocked.appendingPathComponent("inside"), withIntermediateDirectories: true)
        try Self.serve(server, in: workspace, sources: ["b"])
        let (report, session) = try await workspace.refresh()
        #expect(report.publish.removed.map { URL(fileURLWithPath: $0).lastPathComponent } == ["a.json", "a.rss"])
        #expect(report.publish.failures == ["\(blocked.path): no longer published, but could not be removed (Is a directory); check the folder's permissions or remove it by hand"])
        #expect(try await session.store.failingOutputs().map(\.path) == [blocked.path])
        let sources = try ProcessRunner.run(ProcessRunner.feedctl, ["sources", "--config", workspace.configPath])
        #expect(sources.stdout.contains("a.atom: no longer published, but could not be removed"), "\(sources.stdout)")

        try FileManager.default.removeItem(at: blocked)
        let (next, _) = try await workspace.refresh()
        #expect(next.publish.failures.isEmpty && next.publish.removed.isEmpty)
        #expect(try await session.store.failingOutputs().isEmpty)
        #expect(try await session.store.recordedOutputPaths().allSatisfy { !$0.contains("sources/a.") })
    }
}
