import ArgumentParser
import Feedsmith
import FeedsmithFetch
import FeedsmithServe
import Foundation
import Logging

struct RefreshCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "Fetch sources now, store new items and write every output feed.",
        discussion: """
            Prints one line per source (outcome, new and updated items, duration) and a total; on a terminal, a \
            progress line while it runs. When a daemon runs for this configuration, it does the refresh. \
            Exits 0 when every source succeeded, 3 when some failed (outputs are still written from what is stored).

            Examples:
              feedctl refresh
              feedctl refresh ycnews nxnews --config /etc/feedsmith/feeds.yml
            """)

    @OptionGroup var options: ConfigOptions

    @Argument(help: "Source ids to refresh (default: all).")
    var sources: [String] = []

    func run() async throws {
        options.bootstrapLogging()
        // A running daemon does the work, so two processes never write the same store.
        let config = try options.loadConfig()
        if let daemon = await ControlClient.connect(config: config) {
            let unknown = sources.filter { id in !config.sources.contains { $0.id == id } }
            guard unknown.isEmpty else {
                FileHandle.standardError.write(Data("feedctl: unknown source id(s): \(unknown.joined(separator: ", "))\n".utf8))
                throw ExitCode(2)
            }
            let report = try await daemon.refresh(sources)
            print(ReportFormatter.lines(report).joined(separator: "\n"))
            if report.sources.contains(where: { $0.outcome == "failed" }) || !report.publishFailures.isEmpty { throw ExitCode(3) }
            return
        }
        let session = try options.open(exclusive: true)
        let unknown = session.unknownSources(sources)
        guard unknown.isEmpty else {
            FileHandle.standardError.write(Data("feedctl: unknown source id(s): \(unknown.joined(separator: ", ")); known: \(session.config.sources.map(\.id).joined(separator: ", "))\n".utf8))
            throw ExitCode(2)
        }
        let fetcher = Fetcher(connectionsPerHost: session.config.defaults.perHost)
        var refresher = Refresher(config: session.config, store: session.store, fetcher: fetcher, logger: Logger(label: "feedsmith"))
        // A progress line on a terminal, rewritten in place and erased before the report.
        let showProgress = isatty(STDERR_FILENO) == 1
        if showProgress {
            refresher.progress = { done, total in
                FileHandle.standardError.write(Data("\r\u{1B}[Krefreshing: \(done)/\(total) sources\(done == total ? ", publishing…" : "")".utf8))
            }
        }
        defer { if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) } }
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
