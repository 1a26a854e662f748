import Foundation

/// Where benchmarks put their stores and outputs. On an ext4 file system without a journal (this machine's),
/// an inode freed in the last one to five minutes is skipped when allocating, one by one, so a benchmark that
/// deletes thousands of files slows file creation in the next one. `scripts/bench.sh` sets
/// `FEEDSMITH_BENCH_SCRATCH`: folders go there, are kept, and the script deletes them all once at the end.
enum BenchScratch {
    private static let shared = ProcessInfo.processInfo.environment["FEEDSMITH_BENCH_SCRATCH"].flatMap { $0.isEmpty ? nil : $0 }

    /// A new, empty folder for one benchmark.
    static func folder(_ name: String) throws -> URL {
        let base = shared.map { URL(fileURLWithPath: $0) } ?? FileManager.default.temporaryDirectory
        let folder = base.appendingPathComponent("feedsmith-bench-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Deletes a benchmark's folder, unless the calling script deletes the shared scratch folder itself.
    static func remove(_ folder: URL) {
        guard shared == nil else { return }
        try? FileManager.default.removeItem(at: folder)
    }
}
