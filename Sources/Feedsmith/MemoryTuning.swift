import CMimalloc
#if canImport(Glibc)
import Glibc
#endif

/// The process's allocator, and its settings for a long-running daemon.
///
/// Every executable that links this target allocates with mimalloc: the linker lists libmimalloc before libc,
/// so the dynamic linker binds every `malloc` and `free` of the process (Swift's runtime, libxml2, SQLite,
/// NIO) to mimalloc's. With glibc's allocator, malloc and free were 12–23% of a refresh's samples (`perf` of
/// the poll benchmark) and the pure stages took 1,104 µs per source at best against 874 with mimalloc
/// (`feedsmith-bench stages`, eight alternating runs each, `LD_PRELOAD`); a full refresh of 10,000 sources
/// took 23.1–23.6 s against 17.6–19.0 s. jemalloc and tcmalloc measured between the two.
///
/// mimalloc hands freed pages back to the system by itself after a short delay. glibc's allocator, still
/// used where mimalloc is not (``usesMimalloc`` false), gives busy threads their own 64 MB arenas and keeps
/// freed memory in them: in the soak test resident memory swung between 300 and 670 MB across a dozen mostly
/// free arenas until the daemon limited them to two and trimmed after each poll cycle.
public enum MemoryTuning {
    private typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    private typealias MallocTrim = @convention(c) (Int) -> Int32

    /// `M_ARENA_MAX` from malloc.h.
    private static let arenaMaxParameter: Int32 = -8

    /// Whether `malloc` in this process is mimalloc's: asked of mimalloc about a fresh allocation, so a
    /// build whose link order lets glibc's allocator win says so.
    public static let usesMimalloc: Bool = {
        guard let pointer = malloc(64) else { return false }
        defer { free(pointer) }
        return mi_is_in_heap_region(pointer)
    }()

    /// "mimalloc 2.0.9" or "glibc malloc", as benchmarks print it and the daemon logs it at start.
    public static var allocator: String {
        guard usesMimalloc else { return "glibc malloc" }
        let version = Int(mi_version())
        return "mimalloc \(version / 100).\(version / 10 % 10).\(version % 10)"
    }

    /// Call before the daemon starts its threads: where glibc's allocator is in use, at most `count` arenas.
    /// The functions are looked up at run time because Swift's Glibc module does not export malloc.h.
    public static func limitArenas(_ count: Int32 = 2) {
        #if canImport(Glibc)
        guard !usesMimalloc, let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Mallopt.self)(arenaMaxParameter, count)
        #endif
    }

    /// After a poll cycle: mimalloc frees this thread's empty pages and returns them at once; glibc returns
    /// free memory at the top of every arena.
    public static func trim() {
        guard !usesMimalloc else {
            mi_collect(true)
            return
        }
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        #endif
    }
}
