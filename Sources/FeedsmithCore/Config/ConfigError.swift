import Foundation

/// A problem in `feeds.yml`, located to the line and column so an operator can go straight to it.
public struct ConfigError: Error, Sendable, CustomStringConvertible, Equatable {
    public var file: String
    /// 1-based; 0 when the problem has no single place (the file cannot be read).
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        line > 0 ? "\(file):\(line):\(column): error: \(message)" : "\(file): error: \(message)"
    }
}
