import FeedsmithCore
import GRDB
@testable import FeedsmithStore
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The daemon as systemd runs it: a real `feedctl daemon` process on loopback against fixture sources.
@Suite(.serialized) struct DaemonTests {
    struct Running {
        let process: Process
        let log: URL
        let port: Int
        let notify: NotifySocket

        func get(_ path: String, headers: [String: String] = [:]) throws -> (status: Int, headers: [String: String], body: Data) {
            var arguments = ["-s", "-D", "-", "-o", "-", "--max-time", "10"]
            for (name, value) in headers { arguments += ["-H", "\(name): \(value)"] }
            let result = try ProcessRunner.run("/usr/bin/curl", arguments + ["http://127.0.0.1:\(port)\(path)"])
            let text = result.stdout
            guard let split = text.range(of: "\r\n\r\n") else { return (0, [:], Data()) }
            let headLines = text[..<split.lowerBound].split(separator: "\r\n")
            let status = Int(headLines.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
            var fields: [String: String] = [:]
            for line in headLines.dropFirst() {
                let parts = line.split(separator: ":", maxSplits: 1)
                if parts.count == 2 { fields[parts[0].lowercased()] = parts[1].trimmingCharacters(in: .whitespaces) }
            }
            return (status, fields, Data(text[split.upperBound...].utf8))
        }

        var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
    }

    static func start(_ workspace: Workspace, port: Int) throws -> Running {
        let notify = try NotifySocket(folder: workspace.folder)
        let log = workspace.folder.appendingPathComponent("daemon.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ProcessRunner.feedctl)
        process.arguments = ["daemon", "--config", workspace.configPath]
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = notify.path
        environment["WATCHDOG_USEC"] = "1000000"
        process.environment = environment
        let handle = try FileHandle(forWritingTo: log)
        process.standardError = handle
        process.standardOutput = handle
        try process.run()
        return Running(process: process, log: log, port: port, notify: notify)
    }

    /// A feeds.yml polling every second, listening on `port`.
    func writeConfig(_ workspace: Workspace, _ server: FixtureServer, port: Int, sources: [(String, String)]) throws {
        try workspace.writeConfig(sources: sources.map { ($0.0, server.url($0.1)) }, extra: "  interval: 1s\nserver:\n  listen: 127.0.0.1:\(port)")
    }

    @Test func pollsBacksOffRecoversServesAndStopsCleanly() async throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        server.set("/ok.rss", .init(body: try Fixtures.bytes("sites/wire-a.rss"), etag: "\"a\""))
        server.set("/flaky.rss", .init(status: .internalServerError, body: Array("down".utf8)))
        server.set("/limited.rss", .init(status: .serviceUnavailable, body: [], headers: [("Retry-After", "4")]))
        let port = freePort()
        try writeConfig(workspace, server, port: port, sources: [("ok", "/ok.rss"), ("flaky", "/flaky.rss"), ("limited", "/limited.rss")])
        let daemon = try Self.start(workspace, port: port)
        defer {
            if daemon.process.isRunning { kill(daemon.process.processIdentifier, SIGKILL) }
            daemon.notify.close()
        }
        #expect(await daemon.notify.wait(for: "READY=1", seconds: 20), "\(daemon.logText)")
        #expect(await daemon.notify.wait(for: "WATCHDOG=1", seconds: 5))
        // The shipped executable allocates with mimalloc (the link order put it before glibc), and the daemon has
        // it return emptied pages after its own delay, not mimalloc's default (MemoryTuning).
        #expect(daemon.logText.contains(#/allocator="?mimalloc 2\.\d+\.\d+, pages returned 5 ms after they empty/#), "\(daemon.logText)")
        // SQLite was told at load to keep no memory statistics (a process-wide mutex around each allocation).
        #expect(daemon.logText.contains(#/sqlite="?3\.\d+\.\d+, memory statistics off/#), "\(daemon.logText)")
        try await Task.sleep(for: .seconds(6.5))

        // On schedule: about one poll a second (first at once, then 1 s ± 10%), conditional after the first.
        let okPolls = server.requests("/ok.rss")
        #expect(okPolls.count >= 5 && okPolls.count <= 9, "\(okPolls.count)")
        #expect(okPolls.dropFirst().allSatisfy { $0.header("If-None-Match") == "\"a\"" })
        // Backoff: 2 s, 4 s, 8 s after consecutive failures, so far fewer polls.
        let flakyPolls = server.requests("/flaky.rss").count
        #expect(flakyPolls >= 2 && flakyPolls <= 4, "\(flakyPolls)")
        // Retry-After: 4 lengthens the 1 s interval (and its backoff) to at least 4 s.
        let limitedPolls = server.requests("/limited.rss").count
        #expect(limitedPolls >= 1 && limitedPolls <= 2, "\(limitedPolls)")

        // Served outputs: media type, strong ETag, 304, gzip, HEAD; health and metrics.
        let atom = try daemon.get("/all.atom")
        #expect(atom.status == 200)
        #expect(atom.headers["content-type"] == "application/atom+xml; charset=utf-8")
        let etag = try #require(atom.headers["etag"])
        #expect(etag.hasPrefix("\"") && !etag.hasPrefix("W/"))
        #expect(try daemon.get("/all.atom", headers: ["If-None-Match": etag]).status == 304)
        #expect(try daemon.get("/all.atom", headers: ["If-Modified-Since": atom.headers["last-modified"] ?? ""]).status == 304)
        #expect(try daemon.get("/all.rss", headers: ["Accept-Encoding": "gzip"]).headers["content-encoding"] == "gzip")
        let head = try ProcessRunner.run("/usr/bin/curl", ["-s", "-I", "http://127.0.0.1:\(port)/all.json"])
        #expect(head.stdout.contains("application/feed+json"))
        #expect(try daemon.get("/../feeds.yml").status == 404)
        #expect(try daemon.get("/healthz").status == 200)
        let opml = try daemon.get("/sources.opml")
        #expect(opml.status == 200)
        #expect(opml.headers["content-type"] == "text/x-opml; charset=utf-8")
        #expect(try OPMLDocument.parse([UInt8](opml.body), file: "/sources.opml").map(\.url) == [server.url("/ok.rss"), server.url("/flaky.rss"), server.url("/limited.rss")])
        let metrics = String(decoding: try daemon.get("/metrics").body, as: UTF8.self)
        for name in ["feedsmith_fetches_total{outcome=\"failed\"}", "feedsmith_fetches_total{outcome=\"not-modified\"}", "feedsmith_fetch_duration_seconds",
                     "feedsmith_items_stored{source=\"ok\"} 2", "feedsmith_seconds_since_last_success{source=\"ok\"}", "feedsmith_feed_writes_total"] {
            #expect(metrics.contains(name), "\(name)")
        }
        #expect(try daemon.get("/control/status").status == 401, "control needs the token")

        // feedctl talks to the daemon.
        let status = try ProcessRunner.run(ProcessRunner.feedctl, ["status", "--config", workspace.configPath])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.split(separator: "\n").contains { $0.hasPrefix("flaky ") && $0.contains("error") && $0.contains("backoff") })
        let refresh = try ProcessRunner.run(ProcessRunner.feedctl, ["refresh", "--config", workspace.configPath, "ok"])
        #expect(refresh.status == 0, "\(refresh.stdout)\(refresh.stderr)")
        #expect(refresh.stdout.contains("(by the daemon)"))

        // Recovery: the failing source answers again, its next due time arrives, the error count resets.
        server.set("/flaky.rss", .init(body: try Fixtures.bytes("sites/wire-b.atom")))
        let recovered = try ProcessRunner.run(ProcessRunner.feedctl, ["refresh", "--config", workspace.configPath, "flaky"])
        #expect(recovered.stdout.contains("flaky") && recovered.stdout.contains(" ok "), "\(recovered.stdout)")
        let after = try ProcessRunner.run(ProcessRunner.feedctl, ["status", "--config", workspace.configPath, "--json"])
        #expect(after.stdout.contains("\"errors\" : 0"))

        // SIGHUP: a new source is picked up; a broken file keeps the running configuration.
        server.set("/late.rss", .init(body: try Fixtures.parse("rss2-basic.xml")))
        try writeConfig(workspace, server, port: port, sources: [("ok", "/ok.rss"), ("flaky", "/flaky.rss"), ("limited", "/limited.rss"), ("late", "/late.rss")])
        kill(daemon.process.processIdentifier, SIGHUP)
        try await Task.sleep(for: .seconds(2))
        #expect(!server.requests("/late.rss").isEmpty, "\(daemon.logText)")
        try "sources: [\n".write(toFile: workspace.configPath, atomically: true, encoding: .utf8)
        kill(daemon.process.processIdentifier, SIGHUP)
        try await Task.sleep(for: .seconds(1))
        #expect(daemon.process.isRunning)
        #expect(daemon.logText.contains("reload refused; the running configuration stays"))
        #expect(daemon.logText.contains("\(workspace.configPath):2:1: error: YAML syntax"), "\(daemon.logText)")
        // Several problems: each is its own log line, and systemd's one-line status names the first and counts the rest.
        try "defaults:\n  interval: often\nsources:\n  - id: a\n    url: ftp://a.example/\nfeeds: []\n"
            .write(toFile: workspace.configPath, atomically: true, encoding: .utf8)
        kill(daemon.process.processIdentifier, SIGHUP)
        #expect(await daemon.notify.wait(for: "and 1 more)", seconds: 5), "\(daemon.notify.received)")
        let lines = daemon.logText.split(separator: "\n")
        #expect(lines.contains { $0.contains("] \(workspace.configPath):2:13: error: defaults.interval") }, "\(daemon.logText)")
        #expect(lines.contains { $0.contains("] \(workspace.configPath):5:10: error: source `a` url") }, "\(daemon.logText)")
        #expect(try daemon.get("/healthz").status == 200)

        // SIGTERM: a graceful exit with a consistent store.
        kill(daemon.process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(15)
        while daemon.process.isRunning && Date() < deadline { try await Task.sleep(for: .seconds(0.1)) }
        #expect(!daemon.process.isRunning)
        #expect(daemon.process.terminationStatus == 0, "\(daemon.logText)")
        #expect(await daemon.notify.wait(for: "STOPPING=1", seconds: 2))
        let store = workspace.folder.appendingPathComponent("var/store.sqlite").path
        let check = try ProcessRunner.run("/usr/bin/sqlite3", [store, "PRAGMA integrity_check"])
        #expect(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
    }

    /// Files of a feed taken out of feeds.yml are removed by the reload's publish, and by a restarted daemon's first
    /// publish (which otherwise renders only what changed).
    @Test func reloadAndRestartRemoveTheFilesOfFeedsTakenOut() async throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        server.set("/ok.rss", .init(body: try Fixtures.bytes("sites/wire-a.rss")))
        let port = freePort()
        func configure(_ feeds: [String]) throws {
            let list = feeds.map { "  - id: \($0)\n    title: \($0)\n    sources: all\n" }.joined()
            try workspace.writeConfig(
                sources: [("ok", server.url("/ok.rss"))], extra: "  interval: 1s\nserver:\n  listen: 127.0.0.1:\(port)", feeds: "feeds:\n" + list)
        }
        func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: workspace.output.appendingPathComponent(name).path) }
        func waitFor(_ condition: () -> Bool) async throws -> Bool {
            let deadline = Date().addingTimeInterval(10)
            while !condition() && Date() < deadline { try await Task.sleep(for: .seconds(0.1)) }
            return condition()
        }
        func stop(_ daemon: Running) async {
            kill(daemon.process.processIdentifier, SIGTERM)
            await ProcessRunner.exit(of: daemon.process)
            daemon.notify.close()
        }
        let formats = ["atom", "rss", "json", "html"]
        try configure(["all", "extra", "more"])
        let first = try Self.start(workspace, port: port)
        defer { if first.process.isRunning { kill(first.process.processIdentifier, SIGKILL) } }
        #expect(await first.notify.wait(for: "READY=1", seconds: 20), "\(first.logText)")
        #expect(try await waitFor { exists("extra.atom") && exists("more.html") }, "\(first.logText)")

        try configure(["all", "more"])
        kill(first.process.processIdentifier, SIGHUP)
        #expect(try await waitFor { formats.allSatisfy { !exists("extra.\($0)") } }, "\(first.logText)")
        // Logged once the publish has returned, a moment after the files went.
        #expect(try await waitFor { first.logText.contains("removed outputs no longer published") }, "\(first.logText)")
        #expect(exists("all.atom") && exists("more.atom"))
        await stop(first)

        try configure(["all"])
        let second = try Self.start(workspace, port: port)
        defer { if second.process.isRunning { kill(second.process.processIdentifier, SIGKILL) } }
        #expect(await second.notify.wait(for: "READY=1", seconds: 20), "\(second.logText)")
        #expect(try await waitFor { formats.allSatisfy { !exists("more.\($0)") } }, "\(second.logText)")
        // Logged once the publish has returned, a moment after the files went.
        #expect(try await waitFor { second.logText.contains("removed outputs no longer published") }, "\(second.logText)")
        #expect(formats.allSatisfy { exists("all.\($0)") })
        await stop(second)
    }

    /// `per_host` is also the connection pool's size: a reload must change it for the next refresh, and must not
    /// close the old pool under a refresh still using it.
    @Test func reloadResizesTheConnectionPoolAfterTheRefreshUnderWay() async throws {
        let server = try FixtureServer(keepAlive: true)
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        let paths = (0..<4).map { "/s\($0).rss" }
        for path in paths { server.set(path, .init(body: try Fixtures.bytes("sites/wire-a.rss"), delay: 0.4)) }
        let port = freePort()
        func configure(perHost: Int) throws {
            try workspace.writeConfig(
                sources: paths.enumerated().map { ("s\($0.offset)", server.url($0.element)) },
                extra: "  interval: 1h\n  host_gap: 0\n  per_host: \(perHost)\nserver:\n  listen: 127.0.0.1:\(port)")
        }
        try configure(perHost: 1)
        let daemon = try Self.start(workspace, port: port)
        defer {
            if daemon.process.isRunning { kill(daemon.process.processIdentifier, SIGKILL) }
            daemon.notify.close()
        }
        #expect(await daemon.notify.wait(for: "READY=1", seconds: 20), "\(daemon.logText)")
        func waitForRequests(moreThan count: Int) async throws {
            let deadline = Date().addingTimeInterval(15)
            while paths.map({ server.requests($0).count }).reduce(0, +) <= count && Date() < deadline { try await Task.sleep(for: .seconds(0.02)) }
        }
        try await waitForRequests(moreThan: 3)
        try await Task.sleep(for: .seconds(0.5))
        #expect(server.connectionsAccepted == 1, "first poll at per_host 1")

        // A refresh takes about 1.6 s through one connection; the reload arrives once its first request is made.
        let refresh = try ProcessRunner.start(ProcessRunner.feedctl, ["refresh", "--config", workspace.configPath])
        try await waitForRequests(moreThan: 4)
        try configure(perHost: 3)
        kill(daemon.process.processIdentifier, SIGHUP)
        let text = String(decoding: refresh.standardOutputPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            + String(decoding: refresh.standardErrorPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        await ProcessRunner.exit(of: refresh.process)
        #expect(refresh.process.terminationStatus == 0, "\(text)\n\(daemon.logText)")
        #expect(server.connectionsAccepted == 1, "the refresh under way kept its pool")
        #expect(daemon.logText.contains("per_host changed; the next refresh uses a new connection pool"), "\(daemon.logText)")

        // The next refresh runs four requests at once on a pool of three.
        let again = try ProcessRunner.run(ProcessRunner.feedctl, ["refresh", "--config", workspace.configPath])
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(server.connectionsAccepted == 4, "1 before the reload, 3 after")

        kill(daemon.process.processIdentifier, SIGTERM)
        await ProcessRunner.exit(of: daemon.process)
        #expect(daemon.process.terminationStatus == 0, "\(daemon.logText)")
    }

    /// `feedctl refresh` through the daemon lists the files its publish retired (`ControlReport.removed`), as it does
    /// without a daemon: here those of a page source whose URL now serves a feed.
    @Test func aRefreshThroughTheDaemonListsTheFilesItRemoved() async throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        try PageSourceTests.serveSite(server)
        let port = freePort()
        try workspace.writeConfig(sources: [("site", server.url("/list/"))], extra: "  interval: 1h\nserver:\n  listen: 127.0.0.1:\(port)")
        let daemon = try Self.start(workspace, port: port)
        defer {
            if daemon.process.isRunning { kill(daemon.process.processIdentifier, SIGKILL) }
            daemon.notify.close()
        }
        #expect(await daemon.notify.wait(for: "READY=1", seconds: 20), "\(daemon.logText)")
        let page = workspace.output.appendingPathComponent("sources/site.atom").path
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: page) { try await Task.sleep(for: .milliseconds(100)) }
        #expect(FileManager.default.fileExists(atPath: page), "the first poll read the list page: \(daemon.logText)")

        server.set("/list/", .init(body: try Fixtures.bytes("sites/wire-a.rss")))
        let refresh = try ProcessRunner.run(ProcessRunner.feedctl, ["refresh", "--config", workspace.configPath, "site"])
        #expect(refresh.status == 0, "\(refresh.stdout)\(refresh.stderr)")
        #expect(refresh.stdout.contains("(by the daemon)"), "\(refresh.stdout)")
        for format in ["atom", "rss", "json"] {
            #expect(refresh.stdout.contains("sources/site.\(format): no longer published"), "\(refresh.stdout)")
        }
        #expect(!FileManager.default.fileExists(atPath: page))
        kill(daemon.process.processIdentifier, SIGTERM)
        await ProcessRunner.exit(of: daemon.process)
        #expect(daemon.process.terminationStatus == 0, "\(daemon.logText)")
    }

    @Test func restartKeepsBackoffAndDueTimes() async throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        server.set("/slow.rss", .init(body: try Fixtures.bytes("sites/wire-a.rss"), headers: [("Cache-Control", "max-age=3600")]))
        let port = freePort()
        try writeConfig(workspace, server, port: port, sources: [("slow", "/slow.rss")])
        for round in 0..<2 {
            let daemon = try Self.start(workspace, port: port)
            #expect(await daemon.notify.wait(for: "READY=1", seconds: 20), "\(daemon.logText)")
            try await Task.sleep(for: .seconds(2))
            kill(daemon.process.processIdentifier, SIGTERM)
            await ProcessRunner.exit(of: daemon.process)
            daemon.notify.close()
            #expect(daemon.process.terminationStatus == 0)
            // max-age=3600 pushes the next poll an hour out; a restart does not poll again.
            #expect(server.requests("/slow.rss").count == 1, "round \(round)")
        }
    }

    /// A store written before the items were keyed by source (v8) is upgraded as the daemon starts: systemd's status
    /// and the log say so before `READY=1`, and the stored items come through into the outputs.
    @Test func aStoreFromAnEarlierVersionIsUpgradedAtStart() async throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        server.set("/ok.rss", .init(body: try Fixtures.bytes("sites/wire-a.rss")))
        let port = freePort()
        try writeConfig(workspace, server, port: port, sources: [("ok", "/ok.rss")])
        let database = workspace.folder.appendingPathComponent("var/store.sqlite")
        try FileManager.default.createDirectory(at: database.deletingLastPathComponent(), withIntermediateDirectories: true)
        let old = try DatabaseQueue(path: database.path)
        try SQLiteStore.migrator.migrate(old, upTo: "v7-group-sources")
        let now = Date().timeIntervalSince1970
        try await old.write { db in
            try db.execute(
                sql: "INSERT INTO items (id, source_id, url, title, first_seen, sort_at, content_hash) VALUES (?, 'ok', ?, ?, ?, ?, 'h')",
                arguments: ["6f1c2a3e-0b7d-8e4f-9a21-3c5d7e9f1b2a", "https://ok.example/kept", "Kept across the upgrade", now, now])
        }
        try old.close()
        #expect(SQLiteStore.pendingUpgrades(path: database.path) == ["v8-items-keyed-by-source", "v9-article-attempts"])

        let daemon = try Self.start(workspace, port: port)
        defer {
            if daemon.process.isRunning { kill(daemon.process.processIdentifier, SIGKILL) }
            daemon.notify.close()
        }
        #expect(await daemon.notify.wait(for: "READY=1", seconds: 20), "\(daemon.logText)")
        let messages = daemon.notify.received
        let upgrading = messages.firstIndex { $0 == "STATUS=upgrading the store (v8-items-keyed-by-source, v9-article-attempts)" }
        let ready = messages.firstIndex { $0.hasPrefix("READY=1") }
        #expect(upgrading.flatMap { upgrading in ready.map { upgrading < $0 } } == true, "\(messages)")
        #expect(daemon.logText.contains("upgrading the store"), "\(daemon.logText)")
        #expect(SQLiteStore.pendingUpgrades(path: database.path).isEmpty)
        // The first poll publishes the kept item beside the fixture's.
        var atom = ""
        for _ in 0..<100 where !atom.contains("Kept across the upgrade") || !atom.contains("urn:uuid:6f1c2a3e-0b7d-8e4f-9a21-3c5d7e9f1b2a") {
            try await Task.sleep(for: .seconds(0.1))
            atom = String(decoding: (try? daemon.get("/all.atom").body) ?? Data(), as: UTF8.self)
        }
        #expect(atom.contains("Kept across the upgrade"), "\(atom)")
        kill(daemon.process.processIdentifier, SIGTERM)
        await ProcessRunner.exit(of: daemon.process)
        #expect(daemon.process.terminationStatus == 0, "\(daemon.logText)")
    }
}
