import ArgumentParser
import Foundation

/// The polling benchmark's feeds as static files, served by Debian's nginx in one process.
///
/// On two cores the feed server's CPU is taken from the refresh being timed. Sending a stored file, nginx used
/// 0.36–0.47 CPU-s of a 10,000-source refresh where the built-in Hummingbird server (`serve-feeds`) used 1.50
/// (2026-12-01, two pairs). The issue names both; `poll --server builtin` still runs the other.
final class NginxFeedServer {
    static let executable = "/usr/sbin/nginx"

    let process: Process
    let port: Int

    private init(process: Process, port: Int) {
        self.process = process
        self.port = port
    }

    /// Writes feeds `0..<feeds` as `folder/feeds/N.xml` (the URLs `BenchConfig` lists) and serves them on a free port
    /// of every loopback address, with nginx's own ETag and Last-Modified, so a second refresh gets 304s.
    static func start(feeds: Int, in folder: URL) async throws -> NginxFeedServer {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw ValidationError("\(executable) is missing: run `bash scripts/setup.sh bench` (installs nginx-light), or pass `--server builtin`")
        }
        let root = folder.appendingPathComponent("feeds")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for number in 0..<feeds {
            try Data(GeneratedFeed.rss(number).utf8).write(to: root.appendingPathComponent("\(number).xml"))
        }
        let port = try LoopbackPort.free()
        let errorLog = folder.appendingPathComponent("nginx-error.log").path
        let configuration = folder.appendingPathComponent("nginx.conf")
        try config(root: folder.path, port: port, errorLog: errorLog).write(to: configuration, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-p", folder.path + "/", "-c", configuration.path, "-e", errorLog]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let server = NginxFeedServer(process: process, port: port)
        let started = ContinuousClock.now
        while !LoopbackPort.accepts(port) {
            guard process.isRunning, ContinuousClock.now - started < .seconds(10) else {
                server.stop()
                let log = (try? String(contentsOfFile: errorLog, encoding: .utf8)) ?? ""
                throw ValidationError("nginx did not start on port \(port) (configuration \(configuration.path)): \(log)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return server
    }

    /// SIGKILL: Foundation starts children with the spawning thread's signal mask, where SIGTERM is blocked, and
    /// nginx without a master never unblocks it (`terminate()` left it running and `waitUntilExit()` spinning).
    /// The server keeps nothing worth a clean shutdown.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// One process without a master (its CPU is the server's CPU), no access log, files' descriptors kept open, and
    /// connections kept alive for a whole refresh, as a site's server would.
    private static func config(root: String, port: Int, errorLog: String) -> String {
        """
        daemon off;
        master_process off;
        error_log \(errorLog) error;
        pid \(root)/nginx.pid;
        events { worker_connections 4096; }
        http {
          access_log off;
          default_type application/rss+xml;
          charset utf-8;
          charset_types application/rss+xml;
          keepalive_requests 100000;
          open_file_cache max=20000 inactive=60s;
          client_body_temp_path \(root)/nginx-temp;
          proxy_temp_path \(root)/nginx-temp;
          fastcgi_temp_path \(root)/nginx-temp;
          uwsgi_temp_path \(root)/nginx-temp;
          scgi_temp_path \(root)/nginx-temp;
          server {
            listen 0.0.0.0:\(port) backlog=4096;
            root \(root);
          }
        }

        """
    }
}
