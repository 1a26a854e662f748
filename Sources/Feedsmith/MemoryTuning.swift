import CMimalloc
#if canImport(Glibc)
import Glibc
#endif

/// The process's allocator, and its settings for a long-running daemon.
///
/// Every executable that links this target allocates with mimalloc: the linker lists libmimalloc before libc,
/// so the dynamic linker binds every `malloc` and `free` of the process (Swift's runtime, libxml2, SQLite,
/// NIO) to mimalloc's. With glibc's allocator, malloc and free were 12–23% of a refresh's samples (`perf` of
/// the poll benchmark), and the pure stages took 1,079–1,190 µs per source at best against 864–874 with
/// mimalloc (`feedsmith-bench stages --feeds 300`, best of six to eight alternating runs); jemalloc and
/// tcmalloc measured between the two.
///
/// A daemon must also give memory back. mimalloc returns a thread's freed pages to the system some time
/// after they empty, but only when that thread next allocates, and many of the daemon's threads (GCD's, which
/// run SQLite reads and file writes) sit idle between bursts: in the soak test (2,000 sources, every poll a full
/// cycle) resident memory peaked at 378 MB (409 MB between the soak's samples) with mimalloc's defaults, against
/// 97–294 MB in earlier soaks with glibc's allocator limited to two arenas and trimmed after each cycle.
/// ``configureForDaemon()`` therefore has pages returned as soon as they empty (`decommit_delay` 0): 112–210 MB in
/// a five-minute soak; in ten minutes 110–352 MB, one sample above 228, so brief peaks remain above glibc's.
/// That costs CPU (the pure stages 996 instead of 872 µs at best, still below glibc's 1,079), so one-shot
/// commands keep the default delay. A delay of 100 ms, or only whole segments returned at once, peaked at
/// 318–409 MB; whole segments returned at once as well as pages, 101–363 MB in ten minutes.
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

    /// "mimalloc 2.0.9" (with ", pages returned at once" after ``configureForDaemon()``) or "glibc malloc", as
    /// benchmarks print it and the daemon logs it at start.
    public static var allocator: String {
        guard usesMimalloc else { return "glibc malloc" }
        let version = Int(mi_version())
        let name = "mimalloc \(version / 100).\(version / 10 % 10).\(version % 10)"
        return mi_option_get(mi_option_decommit_delay) == 0 ? name + ", pages returned at once" : name
    }

    /// Call before the daemon starts its threads. With mimalloc: return emptied pages to the system at once.
    /// With glibc's allocator: at most `arenas` arenas (its functions are looked up at run time because Swift's
    /// Glibc module does not export malloc.h).
    public static func configureForDaemon(arenas: Int32 = 2) {
        if usesMimalloc {
            mi_option_set(mi_option_decommit_delay, 0)
            return
        }
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Mallopt.self)(arenaMaxParameter, arenas)
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
