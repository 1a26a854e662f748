import FeedsmithCore
import FeedsmithFetch
import FeedsmithStore
import Foundation
import Logging

/// Opens what a command needs from a config file: the config, the lock, the store, a fetcher.
public struct Session: Sendable {
    public let config: FeedsmithConfig
    public let store: SQLiteStore
    public let lock: RefreshLock?

    /// `exclusive` takes the refresh lock: only one process writes the store and outputs at a time.
    public init(configPath: String, exclusive: Bool) throws {
        let url = URL(fileURLWithPath: configPath).standardizedFileURL
        config = try ConfigLoader.load(from: url)
        lock = exclusive ? try RefreshLock(databasePath: config.storage.sqlitePath.path) : nil
        let path = config.storage.sqlitePath.path
        // An upgrade can copy every stored item; say why the command is slow before it starts.
        store = try SQLiteStore(path: path) { upgrades in
            let line = "feedctl: upgrading the store \(path) (\(upgrades.joined(separator: ", "))); this can take minutes for a large one\n"
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    /// Checks that every id names a configured source.
    public func unknownSources(_ ids: [String]) -> [String] {
        ids.filter { config.source(id: $0) == nil }
    }
}
