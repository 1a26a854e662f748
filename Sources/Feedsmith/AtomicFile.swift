import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Whole-file replacement that a reader never sees half-done: write a temporary file in the same folder,
/// fsync it, rename it over the old one, fsync the folder.
public enum AtomicFile {
    public struct WriteError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "cannot write \(path): \(reason); check that the output folder is writable" }
    }

    /// Returns false, touching nothing, when the file already holds exactly these bytes.
    @discardableResult
    public static func write(_ bytes: [UInt8], to url: URL) throws -> Bool {
        if holds(bytes, at: url) { return false }
        try replace(url, with: bytes)
        return true
    }

    /// True when the file exists with exactly these bytes.
    public static func holds(_ bytes: [UInt8], at url: URL) -> Bool {
        guard let existing = FileManager.default.contents(atPath: url.path), existing.count == bytes.count else { return false }
        return [UInt8](existing) == bytes
    }

    /// Replaces the file without comparing first: for callers that already compared (the publisher reads
    /// each output once, before deciding whether to validate it). With `syncDirectory: false` the rename is
    /// not yet durable: the caller must ``syncDirectory(_:)`` before it reports the file published (the
    /// publisher syncs each folder once after writing thousands of files into it).
    public static func replace(_ url: URL, with bytes: [UInt8], syncDirectory: Bool = true) throws {
        let path = url.path
        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        var fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if fd < 0, errno == ENOENT {
            // Only a missing folder costs the directory walk; thousands of outputs go to folders that exist.
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        }
        guard fd >= 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
        var failure: String?
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }  // nothing to write
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, base + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                offset += n
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        close(fd)
        if failure == nil, rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw WriteError(path: path, reason: failure)
        }
        if syncDirectory { Self.syncDirectory(directory) }
    }

    /// Makes the renames done in a folder durable.
    public static func syncDirectory(_ path: String) {
        let directoryFD = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFD >= 0 {
            fsync(directoryFD)
            close(directoryFD)
        }
    }
}
