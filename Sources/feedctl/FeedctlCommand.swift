import ArgumentParser
import Feedsmith
import FeedsmithCore
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
            """,
        version: FeedsmithCore.Feedsmith.version,
        subcommands: [RefreshCommand.self, SourcesCommand.self, ExtractCommand.self, ValidateCommand.self])
}

/// Options every subcommand that reads feeds.yml shares.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The configuration file.", valueName: "path"))
    var config: String = "feeds.yml"

    @Option(name: .long, help: "Log level for stderr: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .warning

    func bootstrapLogging() {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
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
