import FeedsmithCore
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `feedctl` as an operator runs it: a real process, its exit code and what it prints.
@Suite struct FeedctlTests {
    let feedctl = ProcessRunner.feedctl

    @Test func configurationErrorsExit2WithFileLineAndColumn() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try "sources:\n  - id: a\n    url: https://x.example/\n    interval: often\nfeeds: []\n".write(toFile: workspace.configPath, atomically: true, encoding: .utf8)
        let result = try ProcessRunner.run(feedctl, ["refresh", "--config", workspace.configPath])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(workspace.configPath):4:15: error: source `a` interval: expected a duration such as 90s"), "\(result.stderr)")
        let missing = try ProcessRunner.run(feedctl, ["sources", "--config", workspace.folder.appendingPathComponent("nope.yml").path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nope.yml"))
    }

    @Test func refreshPrintsOneLinePerSourceAndExits3WhenSomeFail() throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        server.set("/a.rss", .init(body: try Fixtures.bytes("sites/wire-a.rss")))
        try workspace.writeConfig(sources: [("a", server.url("/a.rss")), ("gone", server.url("/gone.rss"))])
        let result = try ProcessRunner.run(feedctl, ["refresh", "--config", workspace.configPath])
        #expect(result.status == 3)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("a ") && $0.contains(" ok ") && $0.contains("new=2") && $0.contains("updated=0") && $0.hasSuffix("s") })
        #expect(lines.contains { $0.hasPrefix("gone ") && $0.contains("failed") })
        #expect(lines.contains { $0.contains("error: source gone: \(server.url("/gone.rss")) (HTTP 404)") })
        #expect(lines.last?.hasPrefix("total: 2 sources, 1 ok, 1 failed, 2 new, 0 updated") == true, "\(lines.last ?? "")")
        #expect(try workspace.parsed("all.atom").items.count == 2)

        let only = try ProcessRunner.run(feedctl, ["refresh", "--config", workspace.configPath, "a"])
        #expect(only.status == 0, "\(only.stdout)\(only.stderr)")
        #expect(only.stdout.split(separator: "\n").contains { $0.hasPrefix("a ") && $0.contains(" ok ") && $0.contains("new=0") })
        #expect(!only.stdout.contains("gone"))

        let unknown = try ProcessRunner.run(feedctl, ["refresh", "--config", workspace.configPath, "nope"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown source id(s): nope"))

        let sources = try ProcessRunner.run(feedctl, ["sources", "--config", workspace.configPath])
        #expect(sources.status == 0)
        #expect(sources.stdout.contains("SOURCE"))
        #expect(sources.stdout.split(separator: "\n").contains { $0.hasPrefix("gone ") && $0.contains("error") })
        #expect(sources.stdout.contains("gone: \(server.url("/gone.rss")) (HTTP 404)"))
    }

    @Test func twoRunsGiveIdenticalIdsAndNoDuplicates() throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        // No validators: the second run really refetches and re-parses everything.
        try workspace.writeConfigServingWiresAB(on: server)
        var runs: [[String]] = []
        for _ in 0..<2 {
            let result = try ProcessRunner.run(feedctl, ["refresh", "--config", workspace.configPath])
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            let ids = try workspace.parsed("all.atom").items.compactMap(\.guid)
            #expect(Set(ids).count == ids.count)
            runs.append(ids)
        }
        #expect(runs[0] == runs[1])
        #expect(runs[0].count == 3)
    }

    /// A refresh killed while it works leaves the previous outputs whole, and the lock dies with it.
    @Test func killedRefreshLeavesPreviousOutputsIntact() throws {
        let server = try FixtureServer()
        defer { server.shutdown() }
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.writeConfigServingWireA(on: server, outputKey: "source_feeds: all")
        #expect(try ProcessRunner.run(feedctl, ["refresh", "--config", workspace.configPath]).status == 0)
        let names = ["all.atom", "all.rss", "all.json", "sources/a.atom", "sources/a.rss", "sources/a.json"]
        let before = try names.map { try workspace.bytes($0) }

        server.set("/a.rss", .init(body: try Fixtures.bytes("sites/wire-b.atom"), delay: 30))
        let running = try ProcessRunner.start(feedctl, ["refresh", "--config", workspace.configPath])
        Thread.sleep(forTimeInterval: 1.5)
        #expect(running.process.isRunning)
        kill(running.process.processIdentifier, SIGKILL)
        running.process.waitUntilExit()
        #expect(running.process.terminationReason == .uncaughtSignal)
        #expect(try names.map { try workspace.bytes($0) } == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: workspace.output.path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)

        server.set("/a.rss", .init(body: try Fixtures.bytes("sites/wire-b.atom")))
        let after = try ProcessRunner.run(feedctl, ["refresh", "--config", workspace.configPath])
        #expect(after.status == 0, "the lock was released by the kernel: \(after.stderr)")
        // Wire B's reprint carries Wire A's article URL, so within one source it is the same item, updated.
        #expect(after.stdout.contains("new=1  updated=1"), "\(after.stdout)")
        #expect(try workspace.parsed("all.atom").items.count == 3)
    }

    /// README's main job: the bundled feeds.yml and samples, offline.
    @Test func bundledConfigurationWorksOffline() throws {
        let repository = Fixtures.folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let workspace = try Workspace()
        defer { workspace.remove() }
        try FileManager.default.copyItem(at: repository.appendingPathComponent("feeds.yml"), to: URL(fileURLWithPath: workspace.configPath))
        try FileManager.default.copyItem(at: repository.appendingPathComponent("samples"), to: workspace.folder.appendingPathComponent("samples"))
        let result = try ProcessRunner.run(feedctl, ["refresh", "--config", workspace.configPath])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let atom = try workspace.parsed("all.atom")
        #expect(atom.items.count >= 7)
        #expect(try RelaxNGValidator.atom().validate(try workspace.bytes("all.atom")) == [])
        #expect(atom.items.contains { $0.title == "银川市发放创业担保贷款2.3亿元" })
        #expect(Set(atom.items.compactMap(\.url)).count == atom.items.count, "the story carried by two samples appears once")
    }

    @Test func helpDescribesCommandsAndExitCodes() throws {
        let help = try ProcessRunner.run(feedctl, ["--help"])
        #expect(help.status == 0)
        for word in ["refresh", "sources", "Exit codes", "--version"] { #expect(help.stdout.contains(word), "\(word)") }
        let refreshHelp = try ProcessRunner.run(feedctl, ["refresh", "--help"])
        #expect(refreshHelp.stdout.contains("--config"))
    }

    /// Help is read in 80-column terminals: a paragraph broken by hand in the source, then wrapped again by
    /// ArgumentParser, leaves a short line in mid-sentence whose rest starts the next line.
    @Test(arguments: [
        [], ["refresh"], ["sources"], ["status"], ["daemon"], ["reload"], ["extract"], ["validate"], ["check-config"], ["add"],
        ["import-opml"], ["export-opml"],
    ])
    func helpParagraphsWrapCleanlyAt80Columns(_ command: [String]) throws {
        let help = try ProcessRunner.run(feedctl, command + ["--help"], environment: ["COLUMNS": "80"])
        #expect(help.status == 0)
        let lines = help.stdout.components(separatedBy: "\n")
        // An indented example longer than 80 columns is wrapped by ArgumentParser to an unindented fragment.
        for (line, next) in zip(lines, lines.dropFirst()) where line.hasPrefix("  ") {
            #expect(!(next.first?.isLowercase ?? false), "\(command): an example wrapped after \"\(line)\"")
        }
        for (line, next) in zip(lines, lines.dropFirst()) where !line.hasPrefix(" ") && !line.hasPrefix("USAGE") {
            #expect(line.count <= 80, "\(command): \(line)")
            let continues = next.first.map { $0.isLowercase || $0 == "(" } ?? false
            let ended = [".", ":", ";", ")"].contains { line.hasSuffix($0) }
            #expect(!(line.count < 60 && !ended && continues), "\(command): a paragraph broken after \"\(line)\"")
        }
    }
}
