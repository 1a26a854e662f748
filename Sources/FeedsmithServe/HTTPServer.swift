import CompressNIO
import Feedsmith
import FeedsmithCore
import Foundation
import Hummingbird
import Logging
import NIOCore

/// The daemon's HTTP listener: the output files, /healthz, /metrics, and the control endpoints `feedctl` uses.
enum HTTPServer {
    static let mediaTypes: [String: String] = [
        "atom": "application/atom+xml; charset=utf-8", "rss": "application/rss+xml; charset=utf-8",
        "json": "application/feed+json; charset=utf-8", "html": "text/html; charset=utf-8", "opml": "text/x-opml; charset=utf-8",
    ]

    static func router(core: DaemonCore, token: String, logger: Logger) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/healthz") { _, _ -> Response in
            let alive = await Date().timeIntervalSince(core.heartbeat) < SchedulerService.maximumSleep * 4 + 60
            var writable = true
            do { try await core.store.checkWritable() } catch { writable = false }
            let ok = alive && writable
            let body = "{\"scheduler\":\(alive ? "\"alive\"" : "\"stalled\""),\"store\":\(writable ? "\"writable\"" : "\"not writable\"")}\n"
            return Response(status: ok ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        router.get("/metrics") { _, _ -> Response in
            await core.refreshGauges()
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: core.metrics.text())))
        }
        let control = router.group("control")
        control.get("status") { request, _ -> Response in
            guard authorized(request, token: token) else { return unauthorized() }
            return try json(try await core.status())
        }
        control.post("refresh") { request, context -> Response in
            guard authorized(request, token: token) else { return unauthorized() }
            let body = try await request.body.collect(upTo: 64 * 1024)
            let ids = (try? JSONDecoder().decode(RefreshRequest.self, from: Data(buffer: body)))?.sources ?? []
            let known = Set(await core.config.sources.map(\.id))
            let unknown = ids.filter { !known.contains($0) }
            guard unknown.isEmpty else {
                return Response(status: .badRequest, body: .init(byteBuffer: ByteBuffer(string: "unknown source id(s): \(unknown.joined(separator: ", "))\n")))
            }
            // `feedctl refresh` through the daemon renders every output, as it does without one.
            return try json(ControlReport(try await core.refresh(ids, onlyChanged: false)))
        }
        control.post("reload") { request, _ -> Response in
            guard authorized(request, token: token) else { return unauthorized() }
            do {
                let config = try await core.reload()
                return try json(ReloadResult(ok: true, error: nil, sources: config.sources.count))
            } catch {
                return try json(ReloadResult(ok: false, error: "\(error)", sources: nil), status: .unprocessableContent)
            }
        }
        router.get("/sources.opml") { _, _ -> Response in
            let bytes = try await SourcesOPML.render(config: await core.config, store: core.store)
            return Response(status: .ok, headers: [.contentType: mediaTypes["opml"] ?? "text/x-opml"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        router.on("**", method: .get) { request, context in try await serveFile(request, context, core: core, head: false) }
        router.on("**", method: .head) { request, context in try await serveFile(request, context, core: core, head: true) }
        return router
    }

    static func authorized(_ request: Request, token: String) -> Bool {
        request.headers[.authorization] == "Bearer \(token)"
    }

    static func unauthorized() -> Response {
        Response(status: .unauthorized, body: .init(byteBuffer: ByteBuffer(string: "control endpoints need the token from the state directory\n")))
    }

    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    /// An output file with its media type, a strong ETag, Last-Modified, 304s, gzip when accepted, and HEAD.
    static func serveFile(_ request: Request, _ context: BasicRequestContext, core: DaemonCore, head: Bool) async throws -> Response {
        let path = request.uri.path
        let components = path.split(separator: "/").map(String.init)
        guard !components.isEmpty, !components.contains(where: { $0 == ".." || $0.hasPrefix(".") }),
              let ext = components.last?.split(separator: ".").last.map(String.init), let type = mediaTypes[ext] else {
            return Response(status: .notFound)
        }
        let root = await core.config.output.directory
        let file = components.reduce(root) { $0.appendingPathComponent($1) }
        guard let data = FileManager.default.contents(atPath: file.path),
              let attributes = try? FileManager.default.attributesOfItem(atPath: file.path),
              let modified = attributes[.modificationDate] as? Date else {
            return Response(status: .notFound)
        }
        let bytes = [UInt8](data)
        let etag = "\"\(ContentDigest.sha256Hex(bytes).prefix(32))\""
        let lastModified = httpDate(modified)
        var headers: HTTPFields = [.contentType: type, .eTag: etag, .lastModified: lastModified, .cacheControl: "no-cache", .vary: "Accept-Encoding"]
        let matches = request.headers[.ifNoneMatch].map { header in header == "*" || header.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == etag } }
        let notModifiedSince = request.headers[.ifModifiedSince].flatMap { DateParser.parse($0, timeZone: TimeZone(identifier: "GMT") ?? .current) }
            .map { Int(modified.timeIntervalSince1970) <= Int($0.timeIntervalSince1970) }
        if matches == true || (matches == nil && notModifiedSince == true) {
            return Response(status: .notModified, headers: headers)
        }
        var body = ByteBuffer(bytes: bytes)
        if request.headers[.acceptEncoding]?.contains("gzip") == true, bytes.count > 256 {
            body = try body.compress(with: .gzip())
            headers[.contentEncoding] = "gzip"
        }
        headers[.contentLength] = String(body.readableBytes)
        return Response(status: .ok, headers: headers, body: head ? .init() : .init(byteBuffer: body))
    }

    /// `Thu, 12 Mar 2026 08:40:00 GMT` (RFC 9110 IMF-fixdate).
    static func httpDate(_ date: Date) -> String {
        let text = DateFormatting.rfc822(date, in: TimeZone(identifier: "GMT") ?? .current)
        return String(text.dropLast(5)) + "GMT"
    }
}

struct RefreshRequest: Codable { var sources: [String] }

struct ReloadResult: Codable {
    var ok: Bool
    var error: String?
    var sources: Int?
}

/// A refresh report as the control endpoint sends it to `feedctl`.
public struct ControlReport: Codable, Sendable {
    public struct Source: Codable, Sendable {
        public var id: String
        public var outcome: String
        public var new: Int
        public var updated: Int
        public var duration: Double
        public var error: String?
    }

    public var sources: [Source]
    public var written: Int
    public var unchanged: Int
    public var publishFailures: [String]
    /// Files of outputs no longer published, removed; optional so a feedctl can read a daemon older than it.
    public var removed: [String]?
    public var duration: Double

    init(_ report: RefreshReport) {
        sources = report.sources.map { Source(id: $0.sourceID, outcome: $0.outcome.rawValue, new: $0.new, updated: $0.updated, duration: $0.duration, error: $0.error) }
        written = report.publish.written.count
        unchanged = report.publish.unchanged
        publishFailures = report.publish.failures
        removed = report.publish.removed
        duration = report.duration
    }
}
