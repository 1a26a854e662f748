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
/// A daemon must also give memory back. mimalloc returns a thread's emptied pages to the system some time after
/// they empty (`decommit_delay`, 25 ms), but only when that thread next allocates, and many of the daemon's threads
/// (GCD's, which run SQLite reads and file writes) sit idle between bursts. In the sixth session the soak test
/// (2,000 sources, every poll a full cycle) peaked at 378 MB with mimalloc's defaults against 112–210 MB in five
/// minutes with the delay at 0, so ``configureForDaemon()`` has pages returned as soon as they empty. Those soaks
/// ran while grouping put all of the soak's items into one story (fixed in the ninth session), so the twelfth
/// session measured the delay again: returning pages at once costs the poll benchmark's refresh about a tenth of
/// its CPU in page faults and `madvise` (`poll --sources 10000` on tmpfs, two pairs: 31.04 / 33.75 CPU-s with the
/// delay against 37.35 / 36.75 at once), but with the delay the soak's memory grew faster: 135.4–159.1 MB in ten
/// minutes (121.3–134.3 returning pages at once) and 138.4–209.6 MB in thirty, rising about 2.3 MB a minute
/// (121.8–157.2 MB over thirty minutes returning pages at once on the ninth session's code, about 1 MB a minute
/// after the first twenty, most of it the story index). A daemon runs for months, so it keeps returning pages at
/// once. An operator who prefers the CPU sets `MIMALLOC_DECOMMIT_DELAY` (25 is mimalloc's default) in the
/// service's environment; the daemon then leaves mimalloc's setting alone and logs which it uses.
///
/// Since feed sources get no per-source files by default (fifteenth session), a refresh is mostly fetching,
/// parsing and storing, where returning pages at once costs more: `poll --sources 1000` on tmpfs, alternating,
/// 1.52–1.66 CPU-s at once against 1.03–1.57 with a 5 ms delay (five each), and `--sources 10000` 18.89 CPU-s
/// against 12.14. With 5 ms the 30-minute soak (every source's own feed as well) read 139.0–185.4 MB, its highest
/// reading per 30 s rising from 159 to 183 MB over the last 18 minutes, against 120.1–137.5 MB in ten minutes
/// and 120.0–192.4 in sixty at once: more memory, growing a little faster. Not changed on one half-hour soak.
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

    /// "mimalloc 2.0.9, pages returned at once" (the daemon's), "mimalloc 2.0.9, pages returned 25 ms after they
    /// empty" (mimalloc's default, one-shot commands) or "glibc malloc", as benchmarks print it and the daemon logs it.
    public static var allocator: String {
        guard usesMimalloc else { return "glibc malloc" }
        let version = Int(mi_version())
        let name = "mimalloc \(version / 100).\(version / 10 % 10).\(version % 10)"
        let delay = mi_option_get(mi_option_decommit_delay)
        return name + (delay == 0 ? ", pages returned at once" : ", pages returned \(delay) ms after they empty")
    }

    /// Call before the daemon starts its threads. With mimalloc: return emptied pages to the system at once, unless
    /// `MIMALLOC_DECOMMIT_DELAY` is set (mimalloc has read it). With glibc's allocator: at most `arenas` arenas (its
    /// functions are looked up at run time because Swift's Glibc module does not export malloc.h).
    public static func configureForDaemon(arenas: Int32 = 2) {
        if usesMimalloc {
            if getenv("MIMALLOC_DECOMMIT_DELAY") == nil { mi_option_set(mi_option_decommit_delay, 0) }
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
