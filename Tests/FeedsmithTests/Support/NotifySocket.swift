import Foundation
import NIOConcurrencyHelpers
#if canImport(Glibc)
import Glibc
#endif

/// A datagram socket standing in for systemd's NOTIFY_SOCKET: collects what the daemon sends.
final class NotifySocket: @unchecked Sendable {
    let path: String
    private let descriptor: Int32
    private let messages = NIOLockedValueBox<[String]>([])
    private var thread: Thread?

    init(folder: URL) throws {
        let path = folder.appendingPathComponent("notify.sock").path
        self.path = path
        let socketDescriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        descriptor = socketDescriptor
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in path.utf8.enumerated() { buffer[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard descriptor >= 0, bound == 0 else { throw CocoaError(.fileWriteUnknown) }
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let descriptor = self.descriptor, messages = self.messages
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !Thread.current.isCancelled {
                let count = recv(descriptor, &buffer, buffer.count, 0)
                if count > 0 { messages.withLockedValue { $0.append(String(decoding: buffer[0..<count], as: UTF8.self)) } }
            }
        }
        thread.start()
        self.thread = thread
    }

    var received: [String] { messages.withLockedValue { $0 } }

    /// Waits until a message containing `text` arrives, without holding a thread of the cooperative pool
    /// (see ``ProcessRunner/exit(of:)``).
    func wait(for text: String, seconds: Double) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if received.contains(where: { $0.contains(text) }) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    func close() {
        thread?.cancel()
        Thread.sleep(forTimeInterval: 0.3)
        Glibc.close(descriptor)
        unlink(path)
    }
}

/// A TCP port nothing listens on right now.
func freePort() -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
    return Int(UInt16(bigEndian: address.sin_port))
}
