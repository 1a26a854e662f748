import ArgumentParser
import Feedsmith
import FeedsmithCore
import FeedsmithFetch
import Foundation
import Logging
import Synchronization

/// A full refresh of N loopback sources (fetch, parse, store, write outputs), then a second one where every
/// source answers 304. Each N runs in its own process so its peak memory is its own.
struct PollBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poll",
        abstract: "Refresh N generated RSS sources served over loopback; print wall time, sources/s and peak RSS.")

    @Option(parsing: .upToNextOption, help: "Source counts to run.")
    var sources: [Int] = [1000, 10000]

    @Option(help: "Sources fetched at once (defaults.concurrency).")
    var concurrency = 64

    @Option(help: "Which sources get their own feed under sources/ (output.source_feeds: all, pages, none). The generated sources are feeds, so the default, pages, writes none of them.")
    var sourceFeeds: SourceFeeds = .pages

    @Option(help: "What serves the feeds: nginx (static files, the default) or builtin (the Hummingbird server `idle` uses).")
    var server: FeedServerKind = .nginx

    func run() async throws {
        // Folders are removed only at the end (see BenchScratch): deleting N=1,000's files before N=10,000
        // made the larger run's file creation several times slower.
        var folders: [URL] = []
        defer { for folder in folders { BenchScratch.remove(folder) } }
        let feeds = sources.max() ?? 0
        let served: (port: Int, pid: Int32, stop: () -> Void, what: String)
        switch server {
        case .nginx:
            let folder = try BenchScratch.folder("feeds")
            folders.append(folder)
            let nginx = try await NginxFeedServer.start(feeds: feeds, in: folder)
            served = (nginx.port, nginx.process.processIdentifier, nginx.stop, "nginx (one process, static files)")
        case .builtin:
            let builtin = try BenchProcess.start(["serve-feeds", "--prepared", "\(feeds)"])
            let port = try builtin.firstLine().split(separator: " ").last.flatMap { Int($0) } ?? 0
            guard port > 0 else {
                builtin.stop()
                throw ValidationError("the feed server did not start")
            }
            served = (port, builtin.process.processIdentifier, builtin.stop, "a separate process (Hummingbird)")
        }
        defer { served.stop() }
        let port = served.port
        print("cores: \(ProcessInfo.processInfo.activeProcessorCount); feeds served by \(served.what) on port \(port)")
        for count in sources {
            let folder = try BenchScratch.folder("poll-\(count)")
            folders.append(folder)
            let config = try BenchConfig.write(
                in: folder, sources: count, port: port, concurrency: concurrency, interval: "1h", sourceFeeds: sourceFeeds)
            let run = try BenchProcess.start(["poll-once", "--config", config, "--server-pid", "\(served.pid)"])
            print(try run.allOutput(), terminator: "")
        }
    }
}

/// One measured pair of refreshes in this process.
struct PollOnce: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "poll-once", shouldDisplay: false)

    @Option var config: String

    /// The feed server, whose CPU during the full refresh is printed: on two cores it competes with the refresh.
    @Option var serverPid: Int32 = 0

    func run() async throws {
        // The daemon's allocator settings (in particular pages returned as soon as they empty): this is its refresh.
        MemoryTuning.configureForDaemon()
        let session = try Session(configPath: config, exclusive: true)
        let fetcher = Fetcher(connectionsPerHost: session.config.defaults.perHost)
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        var refresher = Refresher(config: session.config, store: session.store, fetcher: fetcher, logger: logger)
        // As the daemon polls: only outputs fed by a changed source are rendered again.
        refresher.publishOnlyChanged = true
        let count = session.config.sources.count
        let clock = ContinuousClock()
        var first: RefreshReport?
        // The CPU seconds at the moment the last source is stored: the sources phase's share of the refresh's CPU.
        let sourcesCPU = Mutex<Double?>(nil)
        refresher.progress = { done, total in
            if done == total { sourcesCPU.withLock { $0 = processCPUSeconds() } }
        }
        let serverBefore = serverPid > 0 ? try? ProcessSample(pid: serverPid) : nil
        let cpuBefore = processCPUSeconds()
        let full = try await clock.measure { first = try await refresher.refresh() }
        let cpuFull = processCPUSeconds() - cpuBefore
        let serverCPU = serverBefore.flatMap { before in (try? ProcessSample(pid: serverPid)).map { $0.cpuSeconds - before.cpuSeconds } }
        let cpuSources = (sourcesCPU.withLock { $0 } ?? cpuBefore) - cpuBefore
        refresher.progress = nil
        let peakAfterFull = peakRSSMegabytes()
        var second: RefreshReport?
        let notModified = try await clock.measure { second = try await refresher.refresh() }
        await fetcher.shutdown()
        guard let first, let second else { return }
        let new = first.sources.reduce(0) { $0 + $1.new }
        print("poll N=\(count): allocator \(MemoryTuning.allocator), sqlite \(session.store.sqliteMode), as the daemon; \(session.config.output.sourceFeeds.summary)")
        print(String(
            format: "poll N=%d: full refresh %.2f s = %.0f sources/s, %.2f CPU-s (%d new items, %d failed, %d files written); peak RSS %.0f MB",
            count, full.seconds, Double(count) / full.seconds, cpuFull, new, first.failedCount, first.publish.written.count, peakAfterFull))
        print(String(
            format: "poll N=%d:   phases: sources (fetch, parse, store) %.2f s / %.2f CPU-s, publishing %.2f s / %.2f CPU-s (summed over outputs: reading %.2f s, rendering and validating %.2f s, writing %.2f s)",
            count, first.phases.sources, cpuSources, first.phases.publishing, cpuFull - cpuSources, first.publish.stageSeconds.reading,
            first.publish.stageSeconds.rendering, first.publish.stageSeconds.writing))
        if let serverCPU { print(String(format: "poll N=%d:   the feed server used %.2f CPU-s during the full refresh", count, serverCPU)) }
        let unchanged = second.sources.filter { $0.outcome == .notModified }.count
        print(String(
            format: "poll N=%d: all-304 refresh %.2f s = %.0f sources/s (%d answered 304, %d files written); peak RSS %.0f MB",
            count, notModified.seconds, Double(count) / notModified.seconds, unchanged, second.publish.written.count, peakRSSMegabytes()))
        print(String(
            format: "poll N=%d:   phases: sources %.2f s, publishing %.2f s", count, second.phases.sources, second.phases.publishing))
    }
}

/// feeds.yml for N generated sources spread over 250 loopback addresses (127.0.0.1–250), so the per-host
/// limits apply as they would to 250 different sites.
enum BenchConfig {
    static func write(
        in folder: URL, sources: Int, port: Int, concurrency: Int, interval: String, sourceFeeds: SourceFeeds = .pages
    ) throws -> String {
        var yaml = """
            storage:
              sqlite: \(folder.path)/feedsmith.sqlite
            output:
              dir: \(folder.path)/out
              base_url: https://feeds.example.net/
              source_feeds: \(sourceFeeds.rawValue)
            defaults:
              interval: \(interval)
              timeout: 60s
              concurrency: \(concurrency)
              per_host: 2
              host_gap: 0s
            sources:

            """
        for number in 0..<sources {
            yaml += "  - { id: s\(number), url: \"http://127.0.0.\(1 + number % 250):\(port)/feeds/\(number).xml\" }\n"
        }
        yaml += "feeds:\n  - id: all\n    title: Everything\n    sources: all\n"
        let path = folder.appendingPathComponent("feeds.yml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

/// This benchmark binary run again as a child process.
final class BenchProcess: @unchecked Sendable {
    let process = Process()
    let output = Pipe()

    static func start(_ arguments: [String]) throws -> BenchProcess {
        let child = BenchProcess()
        child.process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        child.process.arguments = arguments
        child.process.standardOutput = child.output
        try child.process.run()
        return child
    }

    func firstLine() throws -> String {
        var bytes: [UInt8] = []
        let handle = output.fileHandleForReading
        while let chunk = try handle.read(upToCount: 1), let byte = chunk.first, byte != 0x0A { bytes.append(byte) }
        return String(decoding: bytes, as: UTF8.self)
    }

    func allOutput() throws -> String {
        let data = try output.fileHandleForReading.readToEnd() ?? Data()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}

extension SourceFeeds: ExpressibleByArgument {}

/// What serves the polling benchmark's feeds.
enum FeedServerKind: String, ExpressibleByArgument, CaseIterable {
    case nginx, builtin
}
