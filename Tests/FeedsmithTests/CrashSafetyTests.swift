import FeedsmithCore
import FeedsmithStore
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Kills feedctl with SIGKILL at random moments: the store stays sound, outputs stay whole, and the next
/// complete refresh ends with exactly the items an uninterrupted run stores.
@Suite(.serialized) struct CrashSafetyTests {
    /// Feeds and a list page with articles, with small delays so kills land in fetching, storing and publishing.
    static func serve(_ server: FixtureServer) throws {
        server.set("/a.rss", .init(body: try Fixtures.bytes("sites/wire-a.rss"), delay: 0.02))
        server.set("/b.atom", .init(body: try Fixtures.bytes("sites/wire-b.atom"), delay: 0.05))
        server.set("/rss2.xml", .init(body: try Fixtures.parse("rss2-basic.xml")))
        server.set("/json", .init(body: try Fixtures.parse("jsonfeed-1.1.json"), delay: 0.03))
        try PageSourceTests.serveSite(server)
    }

    static func sources(_ server: FixtureServer) -> [(String, String)] {
        [("a", server.url("/a.rss")), ("b", server.url("/b.atom")), ("rss2", server.url("/rss2.xml")), ("json", server.url("/json")), ("site", server.url("/list/"))]
    }

    /// The stored items' ids, from the database file itself.
    static func itemIDs(_ workspace: Workspace) throws -> [String] {
        let result = try ProcessRunner.run("/usr/bin/sqlite3", [workspace.folder.appendingPathComponent("var/store.sqlite").path, "SELECT id FROM items ORDER BY id"])
        return result.stdout.split(separator: "\n").map(String.init)
    }

    /// One uninterrupted refresh in its own workspace: the item ids a killed run must end with, and its duration.
    static func reference(_ server: FixtureServer) throws -> (ids: [String], duration: TimeInterval) {
        let reference = try Workspace()
        defer { reference.remove() }
        try reference.writeConfig(sources: sources(server), extra: "  host_gap: 0")
        let clock = Date()
        #expect(try ProcessRunner.run(ProcessRunner.feedctl, ["refresh", "--config", reference.configPath]).status == 0)
        let duration = Date().timeIntervalSince(clock)
        return (try itemIDs(reference), duration)
    }

    static func expectSound(_ workspace: Workspace, round: Int) throws {
        let database = workspace.folder.appendingPathComponent("var/store.sqlite").path
        if FileManager.default.fileExists(atPath: database) {
            let check = try ProcessRunner.run("/usr/bin/sqlite3", [database, "PRAGMA integrity_check"])
            #expect(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ok", "round \(round): \(check.stdout)\(check.stderr)")
        }
        guard FileManager.default.fileExists(atPath: workspace.output.path) else { return }
        for file in try OutputChecks.allOutputs(workspace) {
            let report = FeedValidator.validate(try workspace.bytes(file))
            #expect(report.errors.isEmpty, "round \(round): \(file) is torn or invalid: \(report.errors)")
        }
    }

    @Test func refreshKilledAtRandomMoments() async throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        try Self.serve(server)
        let (expected, duration) = try Self.reference(server)
        #expect(expected.count == 11, "2 + 2 + 2 + 2 items from the feeds, 3 articles from the list page")

        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.writeConfig(sources: Self.sources(server), extra: "  host_gap: 0")
        var generator = SystemRandomNumberGenerator()
        let started = Date()
        var kills = 0
        var round = 0
        while kills < 100 && Date().timeIntervalSince(started) < 150 {
            round += 1
            let running = try ProcessRunner.start(ProcessRunner.feedctl, ["refresh", "--config", workspace.configPath])
            // Anywhere within the time a whole refresh takes: start-up, fetching, storing, publishing.
            try await Task.sleep(for: .seconds(Double.random(in: 0...(duration * 0.9), using: &generator)))
            if running.process.isRunning {
                kill(running.process.processIdentifier, SIGKILL)
                kills += 1
            }
            await ProcessRunner.exit(of: running.process)
            try Self.expectSound(workspace, round: round)
        }
        #expect(kills == 100, "100 refreshes killed mid-way (in \(round) rounds)")
        let final = try ProcessRunner.run(ProcessRunner.feedctl, ["refresh", "--config", workspace.configPath])
        #expect(final.status == 0, "the lock died with the killed processes: \(final.stderr)")
        #expect(try Self.itemIDs(workspace) == expected, "nothing lost, nothing duplicated")
        try OutputChecks.expectAllValid(workspace)
    }

    @Test func daemonKilledWhilePolling() async throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        try Self.serve(server)
        let expected = try Self.reference(server).ids

        let workspace = try Workspace()
        defer { workspace.remove() }
        let port = freePort()
        try workspace.writeConfig(sources: Self.sources(server), extra: "  host_gap: 0\n  interval: 1s\nserver:\n  listen: 127.0.0.1:\(port)")
        var generator = SystemRandomNumberGenerator()
        for round in 0..<10 {
            let running = try ProcessRunner.start(ProcessRunner.feedctl, ["daemon", "--config", workspace.configPath])
            try await Task.sleep(for: .seconds(Double.random(in: 0.2...1.5, using: &generator)))
            kill(running.process.processIdentifier, SIGKILL)
            await ProcessRunner.exit(of: running.process)
            try Self.expectSound(workspace, round: round)
        }
        let final = try ProcessRunner.run(ProcessRunner.feedctl, ["refresh", "--config", workspace.configPath])
        #expect(final.status == 0, "\(final.stdout)\(final.stderr)")
        #expect(try Self.itemIDs(workspace) == expected)
    }
}
