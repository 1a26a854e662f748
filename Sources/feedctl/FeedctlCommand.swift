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
            Exit codes: 0 success; 2 configuration or usage error; 3 some sources failed (outputs were still written).

            Examples:
              feedctl refresh                      refresh every source in ./feeds.yml and write the outputs
              feedctl refresh --config /etc/feedsmith/feeds.yml ycnews
              feedctl sources                      list sources with their last status
              feedctl daemon --config /etc/feedsmith/feeds.yml
              feedctl status                       ask the running daemon for its table
            """,
        version: FeedsmithCore.Feedsmith.version,
        subcommands: [
            RefreshCommand.self, SourcesCommand.self, StatusCommand.self, DaemonCommand.self, ReloadCommand.self,
            ExtractCommand.self, ValidateCommand.self, ImportOPMLCommand.self, ExportOPMLCommand.self,
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
    func loadConfig() throws -> FeedsmithConfig {
        do {
            return try ConfigLoader.load(from: URL(fileURLWithPath: config).standardizedFileURL)
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
