import AsyncHTTPClient
import FeedsmithCore
import Foundation
import NIOCore
import NIOHTTP1

/// Fetches sources over HTTP(S) with one shared client, and from disk for `file://` URLs.
public final class Fetcher: Sendable {
    public static let maximumRedirects = 5
    private let client: HTTPClient

    /// `connectionsPerHost`: the configuration's `defaults.per_host`. The refresh's host gate already keeps that
    /// many requests per host in flight; the pool must not open more connections either. At AsyncHTTPClient's
    /// default of 8, a request starting before the previous one's connection was back in the pool opened another:
    /// a soak of 2,000 sources on 250 hosts with `per_host: 2` found a host with three.
    public init(connectionsPerHost: Int = DefaultsConfig.standardPerHost) {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,  // followed by hand: permanent moves are recorded, other schemes refused
            timeout: .init(connect: .seconds(10), read: .seconds(30)),
            decompression: .enabled(limit: .ratio(50)))
        configuration.httpVersion = .automatic
        // A refused or unresolvable host should fail now with its real reason, not be retried until the
        // deadline and reported as a timeout; the scheduler retries the source later anyway.
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = max(1, connectionsPerHost)
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public func shutdown() async {
        try? await client.shutdown()
    }

    public func fetch(_ request: FetchRequest) async throws(FetchError) -> FetchResponse {
        if request.url.isFileURL { return try FileFetcher.fetch(request) }
        let url = request.url.absoluteString
        do {
            return try await withThrowingTaskGroup(of: FetchResponse?.self) { group in
                group.addTask { try await self.performHTTP(request) }
                group.addTask {
                    try await Task.sleep(nanoseconds: UInt64(max(request.timeout, 0.1) * 1e9))
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let response = first else {
                    throw FetchError(
                        url: url, reason: "no complete answer within \(Int(request.timeout))s",
                        hint: "the server is slow or stalled; raise `timeout` for this source if it is just slow")
                }
                return response
            }
        } catch let error as FetchError {
            throw error
        } catch {
            throw Self.describe(error, url: url)
        }
    }

    /// POSTs a form (`application/x-www-form-urlencoded`): WebSub publish pings. Returns the HTTP status.
    public func postForm(_ url: URL, fields: [(String, String)], timeout: TimeInterval = 10) async throws(FetchError) -> Int {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = fields.map { key, value in
            (key.addingPercentEncoding(withAllowedCharacters: allowed) ?? key) + "=" + (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)
        }.joined(separator: "&")
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        request.headers.add(name: "User-Agent", value: FeedsmithCore.Feedsmith.userAgent)
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(ByteBuffer(string: body))
        do {
            let response = try await client.execute(request, timeout: .seconds(Int64(max(timeout, 1))))
            _ = try await response.body.collect(upTo: 1 << 20)
            return Int(response.status.code)
        } catch {
            throw Self.describe(error, url: url.absoluteString)
        }
    }

    private func performHTTP(_ request: FetchRequest) async throws -> FetchResponse {
        var current = request.url
        var visited: Set<String> = [current.absoluteString]
        var allPermanent = true
        for _ in 0...Self.maximumRedirects {
            var http = HTTPClientRequest(url: current.absoluteString)
            http.headers.add(name: "User-Agent", value: FeedsmithCore.Feedsmith.userAgent)
            http.headers.add(
                name: "Accept",
                value: "application/atom+xml, application/rss+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5")
            http.headers.add(name: "Accept-Encoding", value: "gzip, deflate")
            if let etag = request.etag { http.headers.add(name: "If-None-Match", value: etag) }
            if let lastModified = request.lastModified { http.headers.add(name: "If-Modified-Since", value: lastModified) }
            let response = try await client.execute(http, timeout: .seconds(Int64(max(request.timeout, 1))))
            let status = Int(response.status.code)
            let header = { (name: String) in response.headers.first(name: name) }
            if [301, 302, 303, 307, 308].contains(status) {
                guard let location = header("Location"), let next = URL(string: location, relativeTo: current)?.absoluteURL else {
                    throw FetchError(url: current.absoluteString, status: status, reason: "redirect without a usable Location", hint: "the server is misconfigured; tell its operator")
                }
                guard let scheme = next.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
                    throw FetchError(url: current.absoluteString, status: status, reason: "redirect to unsupported URL \(next.absoluteString)", hint: "only http and https redirects are followed")
                }
                guard visited.insert(next.absoluteString).inserted else {
                    throw FetchError(url: current.absoluteString, status: status, reason: "redirect loop via \(next.absoluteString)", hint: "the server redirects in a circle; check the URL in a browser")
                }
                allPermanent = allPermanent && (status == 301 || status == 308)
                current = next
                continue
            }
            if status == 304 {
                return FetchResponse(
                    body: nil, status: status, finalURL: current,
                    movedPermanentlyTo: current != request.url && allPermanent ? current : nil, contentType: nil,
                    etag: header("ETag") ?? request.etag, lastModified: header("Last-Modified") ?? request.lastModified,
                    retryAfter: nil, cacheControl: header("Cache-Control"), expires: header("Expires"))
            }
            guard (200...299).contains(status) else {
                throw FetchError(
                    url: current.absoluteString, status: status, reason: "HTTP \(status) \(response.status.reasonPhrase)",
                    hint: Self.hint(forStatus: status), retryAfter: header("Retry-After"))
            }
            if let length = header("Content-Length").flatMap(Int.init), length > request.maxBodySize {
                throw Self.tooLarge(current, request.maxBodySize)
            }
            var body: [UInt8] = []
            for try await chunk in response.body {
                guard body.count + chunk.readableBytes <= request.maxBodySize else { throw Self.tooLarge(current, request.maxBodySize) }
                body.append(contentsOf: chunk.readableBytesView)
            }
            return FetchResponse(
                body: body, status: status, finalURL: current,
                movedPermanentlyTo: current != request.url && allPermanent ? current : nil,
                contentType: header("Content-Type"), etag: header("ETag"), lastModified: header("Last-Modified"),
                retryAfter: header("Retry-After"), cacheControl: header("Cache-Control"), expires: header("Expires"))
        }
        throw FetchError(
            url: current.absoluteString, reason: "more than \(Self.maximumRedirects) redirects",
            hint: "point the source at the final URL")
    }

    static func tooLarge(_ url: URL, _ limit: Int) -> FetchError {
        FetchError(
            url: url.absoluteString, reason: "the body exceeds the limit of \(limit) bytes",
            hint: "raise `defaults.max_body_size` if this source is really that large")
    }

    static func hint(forStatus status: Int) -> String {
        switch status {
        case 404, 410: return "the page is gone; check the URL"
        case 401, 403: return "the site refuses Feedsmith; check whether it needs access or blocks crawlers"
        case 429: return "rate limited; Feedsmith will retry later (honouring Retry-After)"
        case 500...599: return "the server failed; Feedsmith will retry with backoff"
        default: return "unexpected answer; check the URL in a browser"
        }
    }

    static func describe(_ error: any Error, url: String) -> FetchError {
        if let error = error as? FetchError { return error }
        let text = String(describing: error)
        if error is CancellationError {
            return FetchError(url: url, reason: "cancelled", hint: "the refresh was stopped")
        }
        if let http = error as? HTTPClientError {
            switch http {
            case .connectTimeout: return FetchError(url: url, reason: "connection timed out", hint: "the host does not answer; check the URL or the network")
            case .readTimeout, .deadlineExceeded: return FetchError(url: url, reason: "the server stopped sending", hint: "the server is slow or stalled; Feedsmith will retry")
            case .remoteConnectionClosed: return FetchError(url: url, reason: "the server closed the connection", hint: "Feedsmith will retry")
            default: break
            }
        }
        if text.contains("Decompression") || text.contains("decompression") || String(reflecting: type(of: error)).contains("DecompressionError") {
            return FetchError(url: url, reason: "the compressed body expands beyond the limit", hint: "the server sent a compression bomb or a huge body")
        }
        if text.contains("connectionRefused") || text.contains("Connection refused") {
            return FetchError(url: url, reason: "connection refused", hint: "nothing listens at that address; check the URL")
        }
        if text.contains("NXDOMAIN") || text.contains("getaddrinfo") || text.contains("resolution") {
            return FetchError(url: url, reason: "the host name does not resolve", hint: "check the host name in feeds.yml and the machine's DNS")
        }
        return FetchError(url: url, reason: text, hint: "check the URL in a browser; Feedsmith will retry")
    }
}
