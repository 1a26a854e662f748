import NIOPosix

/// Runs blocking file-system calls (write, fsync, rename) on threads of their own, so thousands of output
/// writes neither stall the cooperative pool — two threads on a two-core machine — nor wait on each other:
/// on this class of disk, creating and syncing a file costs about a millisecond of waiting and little CPU,
/// and eight writes in flight finish several times sooner than one after another.
enum BlockingIO {
    static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 8)
        pool.start()
        return pool
    }()

    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive(body)
    }
}
