import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The shared secret `feedctl` presents to the daemon's control endpoints. It lives beside the database
/// (the service's state directory), readable only by the service user: whoever can read it may already
/// write the store, so it grants nothing new.
public enum ControlToken {
    public static func path(forDatabase database: URL) -> URL {
        database.deletingLastPathComponent().appendingPathComponent("control.token")
    }

    /// A fresh random token, written with mode 0600.
    public static func create(forDatabase database: URL) throws -> String {
        var generator = SystemRandomNumberGenerator()
        let token = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        let file = path(forDatabase: database)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let descriptor = open(file.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: file.path]) }
        fchmod(descriptor, 0o600)
        _ = Array(token.utf8).withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        return token
    }

    public static func read(forDatabase database: URL) -> String? {
        guard let data = FileManager.default.contents(atPath: path(forDatabase: database).path) else { return nil }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return token.isEmpty ? nil : token
    }
}
