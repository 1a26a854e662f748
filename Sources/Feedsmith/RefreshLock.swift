import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An advisory lock beside the database so two processes never write the same store and outputs at once.
/// The kernel releases it when the process dies, so a killed refresh never leaves it stuck.
public final class RefreshLock: Sendable {
    private let descriptor: Int32
    public let path: String

    public struct Busy: Error, CustomStringConvertible {
        public var path: String
        public var description: String {
            "another Feedsmith process holds \(path) (a running daemon or refresh); wait for it, or use `feedctl refresh` through the daemon"
        }
    }

    /// Waits up to `timeout` seconds for the lock.
    public init(databasePath: String, timeout: TimeInterval = 30) throws {
        path = databasePath + ".lock"
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Busy(path: path) }
        let deadline = Date().addingTimeInterval(timeout)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard Date() < deadline else {
                close(descriptor)
                throw Busy(path: path)
            }
            usleep(100_000)
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
