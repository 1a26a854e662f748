import ArgumentParser
import Feedsmith
import FeedsmithFetch
import Foundation
import Logging

struct RefreshCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "Fetch sources now, store new items and write every output feed.",
        discussion: """
            Prints one line per source (outcome, new and updated items, duration) and a total.
            Exits 0 when every source succeeded, 3 when some failed (outputs are still written from what is stored).
            """)

    @OptionGroup var options: ConfigOptions

    @Argument(help: "Source ids to refresh (default: all).")
    var sources: [String] = []

    func run() async throws {
        options.bootstrapLogging()
        let session = try options.open(exclusive: true)
        let unknown = session.unknownSources(sources)
        guard unknown.isEmpty else {
            FileHandle.standardError.write(Data("feedctl: unknown source id(s): \(unknown.joined(separator: ", ")); known: \(session.config.sources.map(\.id).joined(separator: ", "))\n".utf8))
            throw ExitCode(2)
        }
        let fetcher = Fetcher()
        let refresher = Refresher(config: session.config, store: session.store, fetcher: fetcher, logger: Logger(label: "feedsmith"))
        let report: RefreshReport
        do {
            report = try await refresher.refresh(sourceIDs: sources)
        } catch {
            await fetcher.shutdown()
            FileHandle.standardError.write(Data("feedctl: \(error)\n".utf8))
            throw ExitCode(1)
        }
        await fetcher.shutdown()
        print(ReportFormatter.lines(report).joined(separator: "\n"))
        if report.failedCount > 0 || !report.publish.failures.isEmpty { throw ExitCode(3) }
    }
}
