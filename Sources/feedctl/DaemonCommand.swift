import ArgumentParser
import FeedsmithCore
import FeedsmithServe
import Foundation
import Logging

struct DaemonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "Run Feedsmith as a service: poll on schedule, serve the outputs, answer feedctl.",
        discussion: """
            Logs one line per event to stderr (journald adds the time). SIGTERM or SIGINT stop it gracefully; \
            SIGHUP re-reads feeds.yml (an invalid file keeps the running configuration). Under systemd \
            (Type=notify) it sends READY=1 once serving and WATCHDOG=1 at half of WatchdogSec. \
            Serves the outputs, the timeline pages, /sources.opml, /healthz and /metrics on server.listen.

            Examples:
              feedctl daemon                                  ./feeds.yml, logging at info
              feedctl daemon --config /etc/feedsmith/feeds.yml --log-level notice
            """)

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        options.bootstrapLogging(level: options.logLevelWasSet ? nil : .info)
        let config = try options.loadConfig()
        _ = config
        do {
            try await Daemon.run(configPath: options.config, logger: Logger(label: "feedsmith"))
        } catch let error as ConfigError {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(2)
        } catch let error as Daemon.StartError {
            FileHandle.standardError.write(Data("feedctl daemon: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each source's state (last success, next due, errors, items, flags) and what filters dropped.",
        discussion: """
            Asks the running daemon when one answers for this configuration, else reads the store directly. \
            Colour only on a terminal (NO_COLOR turns it off); --json prints one object for scripts.

            Examples:
              feedctl status
              feedctl status --json | jq '.sources[] | select(.errors > 0) | .id'
            """)

    @OptionGroup var options: ConfigOptions

    @Flag(help: "One JSON object for scripts: {daemon, sources, filters}.")
    var json = false

    struct Output: Encodable {
        var daemon: Bool
        var sources: [SourceStatus]
        var filters: [FilterCount]
    }

    func run() async throws {
        options.bootstrapLogging()
        let config = try options.loadConfig()
        let session = try options.open(exclusive: false)
        let daemon = await ControlClient.connect(config: config)
        let rows: [SourceStatus]
        if let daemon { rows = try await daemon.status() } else { rows = try await SourceStatus.collect(config: session.config, store: session.store) }
        let filters = try await session.store.filterCounts()
        if json {
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            print(String(decoding: try encoder.encode(Output(daemon: daemon != nil, sources: rows, filters: filters)), as: UTF8.self))
            return
        }
        let paint = Terminal.colours
        var table = [["SOURCE", "STATUS", "LAST SUCCESS", "NEXT DUE", "ERRORS", "ITEMS", "FLAGS"]]
        var colours: [String?] = [nil]
        for row in rows {
            table.append([row.id, row.status, row.lastSuccess.map(ReportFormatter.timestamp) ?? "-", row.nextDue.map(ReportFormatter.timestamp) ?? "-",
                          String(row.errors), String(row.items), row.flags.isEmpty ? "-" : row.flags.joined(separator: ",")])
            colours.append(paint ? Terminal.colour(status: row.status, errors: row.errors) : nil)
        }
        let lines = ReportFormatter.table(table).split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            if index == 0, paint { print(Terminal.bold + line + Terminal.reset) } else if let colour = colours[index] { print(colour + line + Terminal.reset) } else { print(line) }
        }
        for row in rows { if let error = row.lastError { print("  \(row.id): \(error)") } }
        if !filters.isEmpty {
            print("\nfilters (items each rule kept out of the last publication):")
            var filterTable: [[String]] = []
            for count in filters { filterTable.append(["  " + count.scope, count.rule, "\(count.dropped) of \(count.checked)"]) }
            print(ReportFormatter.table(filterTable))
        }
        if daemon == nil { print("\n(no daemon answers on \(config.server.host):\(config.server.port); read from the store)") }
    }
}

/// ANSI colours, only when standard output is a terminal and NO_COLOR is not set (https://no-color.org).
enum Terminal {
    static let colours: Bool = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    static let bold = "\u{1B}[1m"
    static let reset = "\u{1B}[0m"

    static func colour(status: String, errors: Int) -> String? {
        switch status {
        case "error": return "\u{1B}[31m"
        case "ok", "not-modified": return errors > 0 ? "\u{1B}[33m" : nil
        case "never": return "\u{1B}[2m"
        default: return "\u{1B}[33m"
        }
    }
}

struct ReloadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload",
        abstract: "Ask the running daemon to re-read feeds.yml (as SIGHUP does).",
        discussion: """
            An invalid file is refused with its file:line:column (exit 2) and the running configuration stays.

            Example: feedctl check-config && feedctl reload
            """)

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let daemon = try await options.runningDaemon()
        let (ok, error) = try await daemon.reload()
        if ok {
            print("reloaded")
        } else {
            FileHandle.standardError.write(Data("feedctl: the daemon kept its running configuration: \(error ?? "unknown error")\n".utf8))
            throw ExitCode(2)
        }
    }
}

extension ConfigOptions {
    /// The daemon running for this configuration, or a message and exit 1 when none answers.
    func runningDaemon() async throws -> ControlClient {
        bootstrapLogging()
        let config = try loadConfig()
        guard let daemon = await ControlClient.connect(config: config) else {
            FileHandle.standardError.write(Data("feedctl: no daemon answers for \(self.config) on \(config.server.host):\(config.server.port); `feedctl sources` reads the store directly\n".utf8))
            throw ExitCode(1)
        }
        return daemon
    }
}
