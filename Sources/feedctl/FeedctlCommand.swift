import ArgumentParser
import Feedsmith
import FeedsmithCore
import FeedsmithServe
import Foundation
import Logging

@main
struct FeedctlCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedctl",
        abstract: "Feedsmith: turns feeds and news sites into validated RSS, Atom and JSON feeds.",
        discussion: """
            Every subcommand reads ./feeds.yml unless --config names another file.

            Exit codes: 0 success; 1 nothing done (no daemon to ask, nothing to import or add, a URL that \
            failed); 2 configuration or usage error (printed as file:line:column); 3 some sources failed \
            (outputs were still written from what is stored).

            Examples:
              feedctl check-config                 validate feeds.yml without fetching
              feedctl add https://news.example.cn/ycxw/index.html
              feedctl import-opml subscriptions.opml
              feedctl refresh                      refresh every source, write the outputs
              feedctl refresh ycnews               one source
              feedctl status                       sources, next polls, errors, filters
              feedctl status --json                the same for scripts
              feedctl daemon --config /etc/feedsmith/feeds.yml
              feedctl extract --json https://example.org/article.html
              feedctl export-opml > feedsmith.opml

            Shell completion: feedctl --generate-completion-script bash|zsh|fish
            """,
        version: FeedsmithCore.Feedsmith.version,
        subcommands: [
            RefreshCommand.self, SourcesCommand.self, StatusCommand.self, DaemonCommand.self, ReloadCommand.self,
            ExtractCommand.self, ValidateCommand.self, CheckConfigCommand.self, AddCommand.self, ImportOPMLCommand.self, ExportOPMLCommand.self,
        ])
}

/// Options every subcommand that reads feeds.yml shares.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The configuration file.", valueName: "path"))
    var config: String = "feeds.yml"

    @Option(name: .long, help: "Log level for stderr: trace, debug, info, notice, warning, error, critical (default: warning; info for the daemon).")
    var logLevel: Logger.Level?

    var logLevelWasSet: Bool { logLevel != nil }

    func bootstrapLogging(level fallback: Logger.Level? = nil) {
        let level = logLevel ?? fallback ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }

    /// Loads feeds.yml, or prints the configuration error (file:line:column) and exits 2.
    func loadConfig() throws -> FeedsmithConfig { try Self.loadConfig(at: config) }

    /// Loads the configuration at `path`, or prints its problems (file:line:column) and exits 2.
    static func loadConfig(at path: String) throws -> FeedsmithConfig {
        do {
            return try ConfigLoader.load(from: URL(fileURLWithPath: path).standardizedFileURL)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(2)
        }
    }

    /// Opens the session, or prints the configuration error (file:line:column) and exits 2.
    func open(exclusive: Bool) throws -> Session {
        do {
            return try Session(configPath: config, exclusive: exclusive)
        } catch let error as ConfigError {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(2)
        } catch {
            FileHandle.standardError.write(Data("feedctl: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
