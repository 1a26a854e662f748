import ArgumentParser
import Feedsmith
import Foundation

struct SourcesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources",
        abstract: "List the configured sources with their last status.",
        discussion: """
            Reads the store directly (no daemon needed): status, last success, errors, stored items and URL, then each \
            source's notes (charset repairs, recovered documents, list-page crawl counts) and any output not published.

            Example: feedctl sources --config /etc/feedsmith/feeds.yml
            """)

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        options.bootstrapLogging()
        let session = try options.open(exclusive: false)
        let states = Dictionary(try await session.store.allSourceStates().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var rows: [[String]] = [["SOURCE", "STATUS", "LAST SUCCESS", "ERRORS", "ITEMS", "URL"]]
        var notes: [String] = []
        for source in session.config.sources {
            let state = states[source.id]
            let count = try await session.store.itemCount(sourceID: source.id)
            rows.append([
                source.id, state?.status.rawValue ?? "never", state?.lastSuccessAt.map(ReportFormatter.timestamp) ?? "-",
                String(state?.errorCount ?? 0), String(count), state?.currentURL ?? source.url.absoluteString,
            ])
            if let error = state?.lastError { notes.append("  \(source.id): \(error)") }
            for flag in state?.flags ?? [] { notes.append("  \(source.id): \(flag)") }
        }
        print(ReportFormatter.table(rows))
        if !notes.isEmpty { print("\n" + notes.joined(separator: "\n")) }
        let failing = try await session.store.failingOutputs()
        if !failing.isEmpty {
            print("\noutputs not published (the last good file is still served):")
            for output in failing { print("  \(output.path): \(output.error ?? "")") }
        }
    }
}
