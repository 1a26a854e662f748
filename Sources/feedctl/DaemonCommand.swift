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
            Logs one line per event to stderr (journald adds the time). SIGTERM or SIGINT stop it gracefully;
            SIGHUP re-reads feeds.yml (an invalid file keeps the running configuration). Under systemd
            (Type=notify) it sends READY=1 once serving and WATCHDOG=1 at half of WatchdogSec.
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
        abstract: "Show the running daemon's sources: last success, next due, errors, items, flags.")

    @OptionGroup var options: ConfigOptions

    @Flag(help: "One JSON array for scripts.")
    var json = false

    func run() async throws {
        let daemon = try await options.runningDaemon()
        let rows = try await daemon.status()
        if json {
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            print(String(decoding: try encoder.encode(rows), as: UTF8.self))
            return
        }
        var table = [["SOURCE", "STATUS", "LAST SUCCESS", "NEXT DUE", "ERRORS", "ITEMS", "FLAGS"]]
        for row in rows {
            table.append([row.id, row.status, row.lastSuccess.map(ReportFormatter.timestamp) ?? "-", row.nextDue.map(ReportFormatter.timestamp) ?? "-",
                          String(row.errors), String(row.items), row.flags.isEmpty ? "-" : row.flags.joined(separator: ",")])
        }
        print(ReportFormatter.table(table))
        for row in rows { if let error = row.lastError { print("  \(row.id): \(error)") } }
    }
}

struct ReloadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload",
        abstract: "Ask the running daemon to re-read feeds.yml (as SIGHUP does).")

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
