#if canImport(Glibc)
import Glibc
#endif

/// glibc malloc settings for a long-running daemon.
///
/// glibc gives busy threads their own 64 MB arenas and keeps freed memory in them: in the soak test (2,000
/// sources, every poll a full cycle) resident memory swung between 300 and 670 MB across a dozen mostly free
/// arenas. Two arenas and a trim after each poll cycle keep it bounded. The functions are looked up at run time
/// because Swift's Glibc module does not export malloc.h; elsewhere these calls do nothing.
enum MemoryTuning {
    private typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    private typealias MallocTrim = @convention(c) (Int) -> Int32

    /// `M_ARENA_MAX` from malloc.h.
    private static let arenaMaxParameter: Int32 = -8

    /// Call before the daemon starts its threads.
    static func limitArenas(_ count: Int32 = 2) {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Mallopt.self)(arenaMaxParameter, count)
        #endif
    }

    /// Returns free memory at the top of every arena to the system.
    static func trim() {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        #endif
    }
}
