import ArgumentParser
import Feedsmith
import FeedsmithCore
import FeedsmithFetch
import Foundation

struct ExtractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Show what Feedsmith sees on pages: kind, charset, title, date, author, text, links.",
        discussion: """
            Runs detection and extraction on files or URLs without touching the store, to check a source before \
            adding it. Many inputs in one call share one process.

            An input that is a source's URL in feeds.yml (--config, else ./feeds.yml when there is one) is read \
            with that source's time zone, charset and selectors, as a refresh reads it; other inputs with the \
            file's defaults.timezone. --timezone and --encoding override both.

            Examples:
              feedctl extract https://news.example.cn/ycxw/index.html
              feedctl extract --json --base-url https://news.example.cn/a/1.html page.html
            """)

    @Flag(name: .long, help: "One JSON object per input, one per line.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("A feeds.yml whose sources' settings apply to their URLs (default: ./feeds.yml if present).", valueName: "path"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("The URL the page was served at (resolves relative links of files).", valueName: "url"))
    var baseURL: String?

    @Option(name: .long, help: ArgumentHelp("Charset label overriding what the page declares.", valueName: "name"))
    var encoding: String?

    @Option(name: .long, help: ArgumentHelp(
        "Zone of dates without one (IANA name; default: the source's, else defaults.timezone, else UTC).", valueName: "tz"))
    var timezone: String?

    @Argument(help: "Files or URLs.")
    var inputs: [String]

    func run() async throws {
        var zone: TimeZone?
        if let timezone {
            guard let named = TimeZone(identifier: timezone) else {
                throw ValidationError("unknown time zone `\(timezone)`; expected an IANA name such as Asia/Shanghai")
            }
            zone = named
        }
        let settings = try loadSettings()
        let fetcher = Fetcher()
        var failed = false
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for input in inputs {
            // A file stands for the page --base-url names: that URL is the one a source would have.
            let source = settings?.source(for: baseURL ?? input)
            var inspector = PageInspector(
                baseURL: baseURL, encoding: encoding ?? source?.encoding,
                timeZone: zone ?? source?.timeZone ?? settings?.defaults.timeZone ?? TimeZone(identifier: "UTC") ?? .current, fetcher: fetcher)
            inspector.rules = source?.rules ?? .none
            var result = await inspector.inspect(input)
            result.source = source?.id
            failed = failed || result.error != nil
            if json {
                let data = (try? encoder.encode(result)) ?? Data("{}".utf8)
                print(String(decoding: data, as: UTF8.self))
            } else {
                print(human(result))
            }
        }
        await fetcher.shutdown()
        if failed { throw ExitCode(3) }
    }

    /// The configuration whose sources' settings apply: --config (an error in it stops the command), else
    /// ./feeds.yml when it exists (an error in it is reported and the file left aside).
    private func loadSettings() throws -> FeedsmithConfig? {
        if let config { return try ConfigOptions.loadConfig(at: config) }
        guard FileManager.default.fileExists(atPath: "feeds.yml") else { return nil }
        do {
            return try ConfigLoader.load(from: URL(fileURLWithPath: "feeds.yml").standardizedFileURL)
        } catch {
            FileHandle.standardError.write(Data("feedctl: ./feeds.yml left aside (\(error.summary)); dates without a zone are read as UTC\n".utf8))
            return nil
        }
    }

    private func human(_ result: InspectionResult) -> String {
        var lines = ["== \(result.input)"]
        if let source = result.source { lines.append("source: \(source) (its time zone, charset and selectors apply)") }
        if let error = result.error { lines.append("error: \(error)") }
        lines.append("kind: \(result.kind ?? "-")   encoding: \(result.encoding ?? "-")   replaced bytes: \(result.replacedBytes)")
        if let title = result.title { lines.append("title: \(title)") }
        if result.kind == "article" {
            lines.append("author: \(result.author ?? "-")")
            lines.append("published: \(result.published ?? "-")\(result.dateSource.map { " (from \($0))" } ?? "")")
        }
        for note in result.notes { lines.append("note: \(note)") }
        if let text = result.text { lines.append("text:\n" + text.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")) }
        for (label, links) in [("links", result.links), ("related", result.related)] {
            guard let links, !links.isEmpty else { continue }
            lines.append("\(label):")
            for link in links { lines.append("  \(link.date ?? "          -              ")  \(link.title)  <\(link.url)>") }
        }
        return lines.joined(separator: "\n")
    }
}
