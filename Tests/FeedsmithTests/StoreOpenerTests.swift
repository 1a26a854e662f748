import Foundation
import Testing
@testable import FeedsmithServe

/// While the daemon's store opens (a schema upgrade can copy every stored item), systemd is asked for more start
/// time, again and again, and no longer once the store is open.
@Suite struct StoreOpenerTests {
    @Test func startupIsExtendedUntilTheWorkReturns() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedsmith-opener-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let socket = try NotifySocket(folder: folder)
        defer { socket.close() }
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.path])
        let request = "EXTEND_TIMEOUT_USEC=30000000"
        // The work lasts until three requests have arrived (or 20 s, which fails below): fixed sleeps failed when
        // other tests held the cooperative pool's threads.
        let value = try await StoreOpener.extendingStartup(notifier: notifier, first: .zero, renewal: .milliseconds(100)) {
            let deadline = Date().addingTimeInterval(20)
            while socket.received.filter({ $0 == request }).count < 3, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
            return 42
        }
        #expect(value == 42)
        try await Task.sleep(for: .milliseconds(300))
        let requests = socket.received.filter { $0 == request }
        #expect(requests.count >= 3, "\(socket.received)")
        // None after the work returned.
        try await Task.sleep(for: .milliseconds(400))
        #expect(socket.received.filter { $0 == request }.count == requests.count)
        #expect(socket.received.allSatisfy { $0 == request }, "\(socket.received)")
    }

    @Test func aFailingOpenIsReported() async throws {
        struct Refused: Error {}
        let notifier = SystemdNotifier(environment: [:])
        await #expect(throws: Refused.self) {
            try await StoreOpener.extendingStartup(notifier: notifier) { () throws -> Int in throw Refused() }
        }
    }
}
