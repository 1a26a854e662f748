import NIOPosix

/// Runs blocking file-system calls (create, write, fsync, rename) on threads of their own, so thousands of
/// output writes do not stall the cooperative pool (two threads on a two-core machine) while they wait on the
/// disk: creating and syncing a file costs about a millisecond, mostly waiting. Two threads, not more: the
/// outputs share a folder, and more writers spent their time spinning on the folder's lock in rename.
enum BlockingIO {
    static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 2)
        pool.start()
        return pool
    }()

    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive(body)
    }
}
