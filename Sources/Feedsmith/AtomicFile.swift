import CFileSync
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Whole-file replacement that a reader never sees half-done: write a temporary file in the same folder,
/// make it durable, rename it over the old one, sync the folder. One file at a time (``replace(_:with:)``)
/// or many with one flush (``stage(_:with:)`` then ``commit(_:)``).
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

    /// True when a regular file exists there with exactly these bytes. Every output is compared with its
    /// published file on every refresh, and most are unchanged: the size is checked first, then the file is
    /// read in blocks and compared with `memcmp` (reading it whole as `Data`, copying it to an array and
    /// comparing element by element was a third of publishing unchanged outputs' file work).
    public static func holds(_ bytes: [UInt8], at url: URL) -> Bool {
        holds(bytes, atPath: url.path)
    }

    /// ``holds(_:at:)`` for a path. Publishing names thousands of files per refresh by path: building and
    /// reading back a `URL` for each was 2–3% of a refresh's CPU (`perf` of the poll benchmark).
    public static func holds(_ bytes: [UInt8], atPath path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_size == bytes.count else { return false }
        var block = [UInt8](repeating: 0, count: min(max(bytes.count, 1), 1 << 16))
        return bytes.withUnsafeBytes { expected in
            var offset = 0
            while offset < expected.count {
                let wanted = min(block.count, expected.count - offset)
                let count = block.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, wanted) }
                if count < 0, errno == EINTR { continue }
                // An error, or a file that shrank since fstat.
                guard count > 0, let base = expected.baseAddress else { return false }
                let same = block.withUnsafeBytes { read in read.baseAddress.map { memcmp($0, base + offset, count) == 0 } ?? false }
                guard same else { return false }
                offset += count
            }
            // A file that grew since fstat holds more than these bytes.
            var extra: UInt8 = 0
            return read(descriptor, &extra, 1) == 0
        }
    }

    /// Replaces the file without comparing first, durably: written beside it, synced, renamed over it, and
    /// the folder synced.
    public static func replace(_ url: URL, with bytes: [UInt8]) throws {
        let file = try writeTemporary(url.path, bytes, sync: true)
        try file.rename()
        syncDirectory(file.folder)
    }

    /// A file written beside its destination under a hidden temporary name: not yet durable, not yet visible.
    public struct StagedFile: Sendable {
        /// Where the file goes.
        public let path: String
        /// The folder holding it (and the temporary).
        let folder: String
        let temporary: String

        /// Puts the staged bytes in place. Only durable once synced (``commit(_:)`` does both).
        func rename() throws {
            guard Glibc.rename(temporary, path) == 0 else {
                let reason = String(cString: strerror(errno))
                unlink(temporary)
                throw WriteError(path: path, reason: reason)
            }
        }

        /// Removes the temporary file of a staged write that will not be committed.
        public func discard() { unlink(temporary) }
    }

    /// Writes the bytes to a temporary file in the destination's folder, without syncing: a caller writing
    /// many files stages them all and then ``commit(_:)``s them with one file-system flush, where syncing
    /// each file cost a device flush per file (3,000 files: 1-3 s one by one, 0.2 s with one flush).
    public static func stage(_ url: URL, with bytes: [UInt8]) throws -> StagedFile {
        try writeTemporary(url.path, bytes, sync: false)
    }

    /// ``stage(_:with:)`` for an absolute path.
    public static func stage(atPath path: String, with bytes: [UInt8]) throws -> StagedFile {
        try writeTemporary(path, bytes, sync: false)
    }

    /// The folder holding the file at `path` (`/` for a file at the root, `.` for a bare name).
    static func folder(ofPath path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func writeTemporary(_ path: String, _ bytes: [UInt8], sync: Bool) throws -> StagedFile {
        guard let slash = path.lastIndex(of: "/"), path.index(after: slash) < path.endIndex else {
            throw WriteError(path: path, reason: "not a path to a file")
        }
        let directory = folder(ofPath: path)
        let temporary = String(path[...slash]) + temporaryName(for: String(path[path.index(after: slash)...]))
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
        if failure == nil, sync, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        if close(fd) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw WriteError(path: path, reason: failure)
        }
        return StagedFile(path: path, folder: directory, temporary: temporary)
    }

    /// Makes staged files durable and puts them in place: one `syncfs` per file system holding them (each
    /// file synced on its own where that fails), then each renamed over its destination, then each folder
    /// synced so the renames survive a crash. A reader sees either the old file or the new one, never a part.
    /// Returns each file's outcome, in order; a file that could not be put in place keeps its old version.
    public static func commit(_ files: [StagedFile]) -> [Result<Void, WriteError>] {
        guard !files.isEmpty else { return [] }
        let folders = Set(files.map(\.folder))
        var syncedDevices: Set<UInt64> = []
        var unsyncedFolders: Set<String> = []
        for folder in folders.sorted() {
            let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard descriptor >= 0 else {
                unsyncedFolders.insert(folder)
                continue
            }
            defer { close(descriptor) }
            var status = stat()
            guard fstat(descriptor, &status) == 0 else {
                unsyncedFolders.insert(folder)
                continue
            }
            let device = UInt64(status.st_dev)
            if syncedDevices.contains(device) { continue }
            if feedsmith_syncfs(descriptor) == 0 { syncedDevices.insert(device) } else { unsyncedFolders.insert(folder) }
        }
        var results: [Result<Void, WriteError>] = []
        results.reserveCapacity(files.count)
        for file in files {
            if unsyncedFolders.contains(file.folder) {
                let descriptor = open(file.temporary, O_RDONLY | O_CLOEXEC)
                let synced = descriptor >= 0 && fsync(descriptor) == 0
                let reason = synced ? "" : String(cString: strerror(errno))
                if descriptor >= 0 { close(descriptor) }
                guard synced else {
                    file.discard()
                    results.append(.failure(WriteError(path: file.path, reason: reason)))
                    continue
                }
            }
            do {
                try file.rename()
                results.append(.success(()))
            } catch let error as WriteError {
                results.append(.failure(error))
            } catch {
                results.append(.failure(WriteError(path: file.path, reason: "\(error)")))
            }
        }
        for folder in folders.sorted() { syncDirectory(folder) }
        return results
    }

    /// Removes temporary files that a process killed while writing left in `folder` (`.NAME.tmp-PID-N` of a PID
    /// that no longer runs); another live process's files, and this process's own, are left alone. Returns how
    /// many were removed.
    @discardableResult
    public static func removeStaleTemporaries(in folder: URL) -> Int {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return 0 }
        var removed = 0
        for name in names {
            guard let pid = writer(ofTemporary: name), pid != getpid() else { continue }
            // kill(pid, 0) delivers nothing; ESRCH means no such process.
            guard kill(pid, 0) != 0, errno == ESRCH else { continue }
            if unlink(folder.appendingPathComponent(name).path) == 0 { removed += 1 }
        }
        return removed
    }

    /// `.NAME.tmp-PID-N`: hidden, beside its destination, naming the process that writes it.
    private static func temporaryName(for name: String) -> String {
        ".\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// The PID in a name ``temporaryName(for:)`` made, or nil for any other name.
    private static func writer(ofTemporary name: String) -> Int32? {
        guard name.hasPrefix("."), let marker = name.range(of: ".tmp-", options: .backwards) else { return nil }
        let rest = name[marker.upperBound...]
        guard let dash = rest.firstIndex(of: "-"), UInt32(rest[rest.index(after: dash)...]) != nil else { return nil }
        return Int32(rest[..<dash]).flatMap { $0 > 0 ? $0 : nil }
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
