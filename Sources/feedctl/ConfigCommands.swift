import ArgumentParser
import Feedsmith
import FeedsmithCore
import FeedsmithFetch
import Foundation

struct CheckConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate feeds.yml without fetching anything.",
        discussion: """
            Prints a summary when the file is valid (exit 0), or the first error with file:line:column (exit 2). \
            Warnings (exit 0) point at likely mistakes: the same URL under two ids, sources no feed uses.

            Example (reload only a valid file):
              feedctl check-config --config /etc/feedsmith/feeds.yml &&
                systemctl reload feedsmith
            """)

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        options.bootstrapLogging()
        let config = try options.loadConfig()
        var warnings: [String] = []
        var byURL: [String: String] = [:]
        for source in config.sources {
            let key = URLCanonicalizer.key(source.url.absoluteString)
            if let other = byURL[key] { warnings.append("sources `\(other)` and `\(source.id)` have the same URL \(source.url.absoluteString)") }
            byURL[key] = source.id
        }
        let used = Set(config.feeds.flatMap(\.sourceIDs))
        for source in config.sources where !used.contains(source.id) {
            // What the source is read as is known only after a fetch: ask the publishing rule both ways.
            let policy = config.output.sourceFeeds
            if policy.publishes(source, readAsPage: false) {
                warnings.append("source `\(source.id)` is in no feed (it still gets its own file under sources/)")
            } else if policy.publishes(source, readAsPage: true) {
                warnings.append("source `\(source.id)` is in no feed: it gets a file of its own under sources/ only if it is read as a page "
                    + "(output.source_feeds: \(policy.rawValue)); add it to a feed, or set output.source_feeds: all")
            } else {
                warnings.append("source `\(source.id)` is in no feed and output.source_feeds is \(policy.rawValue): "
                    + "its items are stored but published nowhere")
            }
        }
        if config.output.baseURL.scheme == "http", config.output.baseURL.host != "127.0.0.1", config.output.baseURL.host != "localhost" {
            warnings.append("output.base_url is plain http; readers increasingly refuse it")
        }
        let grouped = config.feeds.filter(\.groupRelated).count
        print("\(options.config): valid — \(config.sources.count) source(s), \(config.feeds.count) feed(s)\(grouped > 0 ? " (\(grouped) grouping related coverage)" : "")")
        print("  store:   \(config.storage.sqlitePath.path)")
        print("  outputs: \(config.output.directory.path) (published at \(config.output.baseURL.absoluteString)); \(config.output.sourceFeeds.summary)")
        print("  daemon:  listens on \(config.server.host):\(config.server.port)")
        for warning in warnings { print("warning: \(warning)") }
    }
}

struct AddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Fetch a URL, show what kind of source it is and what would be extracted, and add it to feeds.yml.",
        discussion: """
            Asks before changing feeds.yml when run on a terminal; --yes adds without asking (for scripts). \
            Exit codes: 0 added (or shown, with --dry-run), 1 not added (declined, already configured, or nothing \
            usable at the URL), 2 configuration error.

            Examples:
              feedctl add https://news.example.cn/ycxw/index.html
              feedctl add https://example.org/blog/ --id example-blog --yes
            """)

    @OptionGroup var options: ConfigOptions

    @Argument(help: ArgumentHelp("The feed or page URL.", valueName: "url"))
    var url: String

    @Option(help: "The source id (default: from the title or the site's name).")
    var id: String?

    @Flag(help: "Add without asking.")
    var yes = false

    @Flag(help: "Only show what would be added.")
    var dryRun = false

    func run() async throws {
        options.bootstrapLogging()
        let config = try options.loadConfig()
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host != nil else {
            FileHandle.standardError.write(Data("feedctl: `\(url)` is not an http(s) URL\n".utf8))
            throw ExitCode(2)
        }
        if let existing = config.source(for: url) {
            FileHandle.standardError.write(Data("feedctl: \(url) is already source `\(existing.id)` in \(options.config)\n".utf8))
            throw ExitCode(1)
        }
        if let id, config.source(id: id) != nil {
            FileHandle.standardError.write(Data("feedctl: the id `\(id)` is taken; choose another with --id\n".utf8))
            throw ExitCode(2)
        }
        let fetcher = Fetcher(connectionsPerHost: config.defaults.perHost)
        let result = await PageInspector(baseURL: nil, encoding: nil, timeZone: config.defaults.timeZone, fetcher: fetcher).inspect(url)
        await fetcher.shutdown()
        if let error = result.error {
            FileHandle.standardError.write(Data("feedctl: \(error)\n".utf8))
            throw ExitCode(1)
        }
        print("\(result.url)")
        let kind: String
        switch result.kind {
        case "feed": kind = "a feed"
        case "list": kind = "a list page: its article links are followed and extracted"
        case "article": kind = "a single article page"
        default: kind = result.kind ?? "unknown"
        }
        print("  kind:     \(kind)")
        if let feeds = result.feeds, let first = feeds.first, result.kind != "feed" {
            print("  feed:     the page advertises \(first); the source will use it")
        }
        if let title = result.title { print("  title:    \(title)") }
        print("  encoding: \(result.encoding ?? "?")\(result.replacedBytes > 0 ? " (\(result.replacedBytes) undecodable bytes replaced)" : "")")
        for link in (result.links ?? []).prefix(8) {
            print("  - \(link.date.map { String($0.prefix(10)) + "  " } ?? "")\(link.title)")
        }
        if let count = result.links?.count, count > 8 { print("  … \(count - 8) more") }
        if result.kind == "article", let text = result.text { print("  text:     \(TextHygiene.truncated(text.replacingOccurrences(of: "\n", with: " "), to: 120))") }
        guard result.kind == "feed" || !(result.links ?? []).isEmpty || result.kind == "article" || result.feeds != nil else {
            FileHandle.standardError.write(Data("feedctl: nothing at \(url) that Feedsmith can follow\n".utf8))
            throw ExitCode(1)
        }
        let sourceID = id ?? ConfigEditor.makeID(title: result.title, url: url, taken: Set(config.sources.map(\.id)))
        let entry = NewSource(id: sourceID, url: url, title: result.title.map { TextHygiene.truncated($0, to: 120) }, group: nil)
        if dryRun {
            print("would add source `\(sourceID)` (dry run)")
            return
        }
        if !yes {
            guard isatty(STDIN_FILENO) == 1 else {
                FileHandle.standardError.write(Data("feedctl: not added; confirm with --yes when not on a terminal\n".utf8))
                throw ExitCode(1)
            }
            print("Add source `\(sourceID)` to \(options.config)? [y/N] ", terminator: "")
            guard let answer = readLine()?.lowercased(), answer == "y" || answer == "yes" else {
                print("not added")
                throw ExitCode(1)
            }
        }
        try options.appendSources([entry], doing: "adding it")
        print("added source `\(sourceID)` to \(options.config); `feedctl refresh \(sourceID)` fetches it now, `feedctl reload` tells a running daemon")
    }
}

extension ConfigOptions {
    /// Appends sources to feeds.yml as text, but only if the edited file loads: it is written beside the
    /// original, loaded, and only then moved over it. Exits 2, leaving the file alone, when it would not load.
    func appendSources(_ sources: [NewSource], doing action: String) throws {
        let path = URL(fileURLWithPath: config).standardizedFileURL
        let edited = Array(ConfigEditor.appending(sources, to: try String(contentsOf: path, encoding: .utf8)).utf8)
        let check = path.deletingLastPathComponent().appendingPathComponent(".\(path.lastPathComponent).edit-check")
        try AtomicFile.write(edited, to: check)
        defer { try? FileManager.default.removeItem(at: check) }
        do {
            _ = try ConfigLoader.load(from: check)
        } catch {
            FileHandle.standardError.write(Data("feedctl: \(action) would make \(config) invalid, so it was left unchanged: \(error)\n".utf8))
            throw ExitCode(2)
        }
        try AtomicFile.write(edited, to: path)
    }
}
