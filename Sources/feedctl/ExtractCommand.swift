import ArgumentParser
import Feedsmith
import FeedsmithFetch
import Foundation

struct ExtractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Show what Feedsmith sees on pages: kind, charset, title, date, author, text, links.",
        discussion: """
            Runs detection and extraction on files or URLs without touching the store, to check a source before \
            adding it. Many inputs in one call share one process.

            Examples:
              feedctl extract https://news.example.cn/ycxw/index.html
              feedctl extract --json --base-url https://news.example.cn/a/1.html page.html
            """)

    @Flag(name: .long, help: "One JSON object per input, one per line.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("The URL the page was served at (resolves relative links of files).", valueName: "url"))
    var baseURL: String?

    @Option(name: .long, help: ArgumentHelp("Charset label overriding what the page declares.", valueName: "name"))
    var encoding: String?

    @Option(name: .long, help: ArgumentHelp("Zone of dates without one (IANA name).", valueName: "tz"))
    var timezone: String = "Asia/Shanghai"

    @Argument(help: "Files or URLs.")
    var inputs: [String]

    func run() async throws {
        guard let zone = TimeZone(identifier: timezone) else {
            throw ValidationError("unknown time zone `\(timezone)`; expected an IANA name such as Asia/Shanghai")
        }
        let fetcher = Fetcher()
        let inspector = PageInspector(baseURL: baseURL, encoding: encoding, timeZone: zone, fetcher: fetcher)
        var failed = false
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for input in inputs {
            let result = await inspector.inspect(input)
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

    private func human(_ result: InspectionResult) -> String {
        var lines = ["== \(result.input)"]
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
