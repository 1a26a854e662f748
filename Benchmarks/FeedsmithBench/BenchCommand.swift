import ArgumentParser
import Foundation

@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedsmith-bench",
        abstract: "Feedsmith's benchmarks. Build with -c release; scripts/bench.sh runs them all.",
        subcommands: [ExtractBenchmark.self, StagesBenchmark.self, PollBenchmark.self, GroupBenchmark.self, RenderBenchmark.self, StoreBenchmark.self, IdleBenchmark.self, PollOnce.self, ServeFeeds.self])
}

/// Throughput of one measured pass.
struct Throughput {
    var pages: Int
    var bytes: Int
    var seconds: Double

    var pagesPerSecond: Double { Double(pages) / seconds }
    var megabytesPerSecond: Double { Double(bytes) / seconds / 1_000_000 }

    var line: String { String(format: "%8.1f pages/s %8.1f MB/s  (%d pages, %.1f MB, %.3f s)", pagesPerSecond, megabytesPerSecond, pages, Double(bytes) / 1e6, seconds) }
}

func measure(repeat count: Int, _ body: () -> Void) -> Double {
    let clock = ContinuousClock()
    var best = Double.infinity
    for _ in 0..<count {
        let elapsed = clock.measure(body)
        best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
    return best
}
