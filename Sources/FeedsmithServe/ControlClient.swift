import AsyncHTTPClient
import FeedsmithCore
import Foundation
import NIOCore

/// How `feedctl` talks to a running daemon: HTTP on the daemon's loopback listener with the token from
/// the state directory. `nil` from ``connect(config:)`` means no daemon runs for this configuration.
public struct ControlClient: Sendable {
    let base: String
    let token: String

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// A client when a daemon for this configuration answers, else nil.
    public static func connect(config: FeedsmithConfig) async -> ControlClient? {
        guard let token = ControlToken.read(forDatabase: config.storage.sqlitePath) else { return nil }
        let host = config.server.host == "0.0.0.0" || config.server.host == "::" ? "127.0.0.1" : config.server.host
        let client = ControlClient(base: "http://\(host.contains(":") ? "[\(host)]" : host):\(config.server.port)", token: token)
        return (try? await client.request("GET", "/control/status", timeout: 3)) != nil ? client : nil
    }

    public func status() async throws -> [SourceStatus] {
        let data = try await request("GET", "/control/status", timeout: 10)
        return try Self.decoder.decode([SourceStatus].self, from: data)
    }

    public func refresh(_ ids: [String]) async throws -> ControlReport {
        let body = try JSONEncoder().encode(["sources": ids])
        let data = try await request("POST", "/control/refresh", body: body, timeout: 3600)
        return try Self.decoder.decode(ControlReport.self, from: data)
    }

    /// The daemon's answer: `ok`, or the configuration error it refused.
    public func reload() async throws -> (ok: Bool, error: String?) {
        let data = try await request("POST", "/control/reload", timeout: 30, acceptAnyStatus: true)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return (object?["ok"] as? Bool ?? false, object?["error"] as? String)
    }

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    private func request(_ method: String, _ path: String, body: Data? = nil, timeout: Int64, acceptAnyStatus: Bool = false) async throws -> Data {
        var request = HTTPClientRequest(url: base + path)
        request.method = .init(rawValue: method)
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(timeout))
        let buffer = try await response.body.collect(upTo: 16 << 20)
        guard acceptAnyStatus || response.status == .ok else {
            throw Failure(description: "the daemon answered \(response.status.code): \(String(buffer: buffer))")
        }
        return Data(buffer: buffer)
    }
}
