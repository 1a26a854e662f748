import Foundation

/// A problem in `feeds.yml`, located to the line and column so an operator can go straight to it.
public struct ConfigError: Error, Sendable, CustomStringConvertible, Equatable {
    public var file: String
    /// 1-based; 0 when the problem has no single place (the file cannot be read).
    public var line: Int
    public var column: Int
    public var message: String
    /// The other problems found in the same file, in file order after this one: an operator fixes them in one pass
    /// instead of meeting them one run at a time.
    public var more: [ConfigError] = []

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// Each problem on its own, this one first.
    public var problems: [ConfigError] {
        var first = self
        first.more = []
        return [first] + more
    }

    /// Every problem, one per line.
    public var description: String { problems.map(\.located).joined(separator: "\n") }

    /// This problem and how many others there are, on one line: for places that take one (systemd's STATUS).
    public var summary: String { more.isEmpty ? located : "\(located) (and \(more.count) more)" }

    private var located: String {
        line > 0 ? "\(file):\(line):\(column): error: \(message)" : "\(file): error: \(message)"
    }
}
