import ArgumentParser
import Feedsmith
import FeedsmithCore
import Foundation

struct ImportOPMLCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-opml",
        abstract: "Add the feeds of an OPML subscription list (from any feed reader) to feeds.yml.",
        discussion: """
            New sources are appended to the `sources:` list, keeping the file's comments and order. Ids come from \
            the titles (or the site's host), with -2, -3… on collisions; nested folders become `group:` labels. \
            Feeds already configured are skipped and named. Exit codes: 0 added, 1 nothing to add, 2 unreadable file.

            Example: feedctl import-opml ~/Downloads/feedly.opml && feedctl reload
            """)

    @OptionGroup var options: ConfigOptions

    @Argument(help: ArgumentHelp("The OPML file.", valueName: "file"))
    var file: String

    @Flag(help: "Show what would be added without changing feeds.yml.")
    var dryRun = false

    func run() async throws {
        options.bootstrapLogging()
        let config = try options.loadConfig()
        let subscriptions: [OPMLSubscription]
        do {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
            subscriptions = try OPMLDocument.parse(bytes, file: file)
        } catch {
            FileHandle.standardError.write(Data("feedctl: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let plan = SourcesOPML.plan(subscriptions, into: config)
        for source in plan.added {
            print("add \(source.id): \(source.url)\(source.title.map { "  \"\($0)\"" } ?? "")\(source.group.map { "  [\($0)]" } ?? "")")
        }
        for skipped in plan.skipped { print("skip \(skipped.url): \(skipped.reason)") }
        guard !plan.added.isEmpty else {
            FileHandle.standardError.write(Data("feedctl: nothing to import: \(subscriptions.isEmpty ? "\(file) lists no feeds" : "every feed in \(file) is already in \(options.config) or unusable")\n".utf8))
            throw ExitCode(1)
        }
        if dryRun {
            print("\(plan.added.count) to add, \(plan.skipped.count) skipped (dry run: \(options.config) unchanged)")
            return
        }
        try options.appendSources(plan.added, doing: "importing them")
        print("\(plan.added.count) added, \(plan.skipped.count) skipped; \(options.config) updated (a running daemon picks it up with `feedctl reload`)")
    }
}

struct ExportOPMLCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-opml",
        abstract: "Write the configured sources as an OPML 2.0 subscription list.",
        discussion: "Example: feedctl export-opml > feedsmith.opml (the daemon serves it at /sources.opml)")

    @OptionGroup var options: ConfigOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    func run() async throws {
        options.bootstrapLogging()
        let session = try options.open(exclusive: false)
        let bytes = try await SourcesOPML.render(config: session.config, store: session.store)
        if let output {
            try AtomicFile.write(bytes, to: URL(fileURLWithPath: output))
        } else {
            FileHandle.standardOutput.write(Data(bytes))
        }
    }
}
