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
/// minutes with the delay at 0, so the daemon returned pages as soon as they emptied. Those soaks ran while grouping
/// put all of the soak's items into one story (fixed in the ninth session); later soaks with a delay read more memory
/// in their first ten to thirty minutes (twelfth session, 25 ms: 138.4–209.6 MB in thirty; fifteenth, 5 ms:
/// 139.0–185.4 MB in thirty, against 120.1–137.5 in ten at once).
///
/// Returning pages at once costs CPU in page faults, `madvise` and TLB shootdowns: with feed sources given no
/// per-source files (the default since the fifteenth session), `poll --sources 1000` on tmpfs, alternating, took
/// 1.74–1.86 CPU-s at once against 1.54–1.63 at 5 ms, and `--sources 10000` 17.80–18.47 against 15.59–17.39 (three
/// pairs each, sixteenth session, 16:26–16:28 UTC): about a tenth. (The fifteenth session's single pair at 10,000,
/// 18.89 against 12.14 CPU-s, was mostly the machine's phase.) The sixteenth session ran the hour-long soak both ways
/// at once (`scripts/soak.sh 2000 60 60s 400`, 15:21–16:22 UTC, every source's own feed, side by side on the same
/// machine): anonymous memory after a cycle, the lowest reading in the last ten minutes, 127.6 MB at 5 ms against 133.6
/// MB at once (63.8 and 56.0 in the first ten), highest RSS readings 216.1 and 208.4 MB. Both grow with the items (the
/// story index keeps 30 days of them), at the same rate, and at an hour the delay no longer holds more. So the daemon
/// keeps pages ``daemonDecommitDelay`` milliseconds. An operator can set `MIMALLOC_DECOMMIT_DELAY` in the service's
/// environment (0 returns pages at once, 25 is mimalloc's default); the daemon then leaves mimalloc's setting alone and
/// logs which it uses.
public enum MemoryTuning {
    private typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    private typealias MallocTrim = @convention(c) (Int) -> Int32

    /// Milliseconds mimalloc keeps an emptied page before returning it, in the daemon (see above).
    public static let daemonDecommitDelay = 5

    /// `M_ARENA_MAX` from malloc.h.
    private static let arenaMaxParameter: Int32 = -8

    /// Whether `malloc` in this process is mimalloc's: asked of mimalloc about a fresh allocation, so a
    /// build whose link order lets glibc's allocator win says so.
    public static let usesMimalloc: Bool = {
        guard let pointer = malloc(64) else { return false }
        defer { free(pointer) }
        return mi_is_in_heap_region(pointer)
    }()

    /// "mimalloc 2.0.9, pages returned 5 ms after they empty" (the daemon's), "… 25 ms …" (mimalloc's default,
    /// one-shot commands), "mimalloc 2.0.9, pages returned at once" or "glibc malloc", as benchmarks print it and
    /// the daemon logs it.
    public static var allocator: String {
        guard usesMimalloc else { return "glibc malloc" }
        let version = Int(mi_version())
        let name = "mimalloc \(version / 100).\(version / 10 % 10).\(version % 10)"
        let delay = mi_option_get(mi_option_decommit_delay)
        return name + (delay == 0 ? ", pages returned at once" : ", pages returned \(delay) ms after they empty")
    }

    /// Call before the daemon starts its threads. With mimalloc: return emptied pages to the system
    /// ``daemonDecommitDelay`` ms after they empty, unless `MIMALLOC_DECOMMIT_DELAY` is set (mimalloc has read it).
    /// With glibc's allocator: at most `arenas` arenas (its functions are looked up at run time because Swift's Glibc
    /// module does not export malloc.h).
    public static func configureForDaemon(arenas: Int32 = 2) {
        if usesMimalloc {
            if getenv("MIMALLOC_DECOMMIT_DELAY") == nil { mi_option_set(mi_option_decommit_delay, daemonDecommitDelay) }
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
