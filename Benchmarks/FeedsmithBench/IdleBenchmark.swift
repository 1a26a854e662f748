import ArgumentParser
import Foundation

/// The daemon with N sources between polls: CPU share and resident memory over a quiet period.
struct IdleBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "idle",
        abstract: "Run `feedctl daemon` on N loopback sources, wait for the first poll cycle, then measure CPU and RSS while idle.")

    @Option(help: "Sources the daemon polls.")
    var sources = 1000

    @Option(help: "Seconds measured after the first cycle.")
    var seconds = 60

    func run() async throws {
        let server = try BenchProcess.start(["serve-feeds"])
        defer { server.stop() }
        let port = try server.firstLine().split(separator: " ").last.flatMap { Int($0) } ?? 0
        let folder = try BenchScratch.folder("idle")
        defer { BenchScratch.remove(folder) }
        // Every source's own feed as well: the first cycle's end is seen by those files, and the idle figures stay
        // comparable with earlier runs (the daemon holds what publishing 3,000 files left behind).
        let config = try BenchConfig.write(in: folder, sources: sources, port: port, concurrency: 64, interval: "1h", sourceFeeds: .all)
        let listen = "server:\n  listen: 127.0.0.1:\(try LoopbackPort.free())\n"
        try (listen + (try String(contentsOfFile: config, encoding: .utf8))).write(toFile: config, atomically: true, encoding: .utf8)
        let feedctl = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("feedctl")
        let daemon = Process()
        daemon.executableURL = feedctl
        daemon.arguments = ["daemon", "--config", config]
        daemon.standardError = FileHandle.nullDevice
        daemon.standardOutput = FileHandle.nullDevice
        try daemon.run()
        defer { daemon.terminate(); daemon.waitUntilExit() }
        // The first cycle is over when every per-source output exists.
        let lastOutput = folder.appendingPathComponent("out/sources/s\(sources - 1).atom").path
        let started = Date()
        while !FileManager.default.fileExists(atPath: lastOutput) {
            guard Date().timeIntervalSince(started) < 600, daemon.isRunning else { throw ValidationError("the daemon did not finish its first cycle") }
            try await Task.sleep(for: .milliseconds(200))
        }
        print(String(format: "idle: first cycle of %d sources done after %.1f s", sources, Date().timeIntervalSince(started)))
        try await Task.sleep(for: .seconds(5))
        let before = try ProcessSample(pid: daemon.processIdentifier)
        var rss = [before.rssMegabytes]
        for _ in 0..<max(1, seconds / 10) {
            try await Task.sleep(for: .seconds(10))
            rss.append(try ProcessSample(pid: daemon.processIdentifier).rssMegabytes)
        }
        let after = try ProcessSample(pid: daemon.processIdentifier)
        let cpu = (after.cpuSeconds - before.cpuSeconds) / after.at.timeIntervalSince(before.at) * 100
        print(String(format: "idle: %d sources between polls: %.2f%% CPU over %.0f s; RSS %@ MB (every 10 s)",
                     sources, cpu, after.at.timeIntervalSince(before.at), rss.map { String(format: "%.1f", $0) }.joined(separator: " → ")))
    }
}

/// CPU time and resident memory of a process, from /proc.
struct ProcessSample {
    var cpuSeconds: Double
    var rssMegabytes: Double
    var at = Date()

    init(pid: Int32) throws {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        // Fields after the command name, which is in parentheses and may contain spaces.
        let fields = stat.split(separator: ")").last?.split(separator: " ") ?? []
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let user = fields.count > 12 ? Double(fields[11]) ?? 0 : 0
        let system = fields.count > 12 ? Double(fields[12]) ?? 0 : 0
        cpuSeconds = (user + system) / ticks
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
        rssMegabytes = (line?.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? 0) / 1024
    }
}
