import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A real HTTP/1.1 server on 127.0.0.1 serving fixture responses, with ETag / Last-Modified
/// validation, redirects, gzip, delays, and a log of every request's headers.
final class FixtureServer: Sendable {
    struct Route: Sendable {
        var status: HTTPResponseStatus = .ok
        var body: [UInt8] = []
        var contentType: String? = "application/xml"
        var etag: String?
        var lastModified: String?
        var headers: [(String, String)] = []
        /// Served with Content-Encoding: gzip when the client accepts it.
        var gzipped: [UInt8]?
        /// Seconds before the response is sent.
        var delay: Double = 0
        /// Bytes sent one at a time, this many seconds apart (a server that trickles).
        var trickle: Double?
        /// After `body`, this chunk sent again and again, this many times, without Content-Length
        /// (a huge response that is never held in memory).
        var repeating: (chunk: [UInt8], times: Int)?

        static func feed(_ text: String, etag: String? = nil, lastModified: String? = nil, contentType: String = "application/xml") -> Route {
            Route(body: Array(text.utf8), contentType: contentType, etag: etag, lastModified: lastModified)
        }

        static func redirect(_ status: HTTPResponseStatus, to location: String) -> Route {
            Route(status: status, body: [], contentType: nil, headers: [("Location", location)])
        }
    }

    struct RecordedRequest: Sendable {
        var path: String
        var headers: [(String, String)]
        var method = "GET"
        var body = ""

        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    }

    fileprivate struct State {
        var routes: [String: Route] = [:]
        var requests: [RecordedRequest] = []
        var active = 0
        var maxActive = 0
        var connections = 0
    }

    private let state = NIOLockedValueBox(State())
    private let channel: any Channel
    let port: Int

    /// `keepAlive`: connections stay open between requests (HTTP/1.1's default) instead of being closed after each.
    init(keepAlive: Bool = false) throws {
        let box = state
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                box.withLockedValue { $0.connections += 1 }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(FixtureHandler(state: box, keepAlive: keepAlive))
                }
            }
        channel = try bootstrap.bind(host: "127.0.0.1", port: 0).wait()
        port = channel.localAddress?.port ?? 0
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    func set(_ path: String, _ route: Route) { state.withLockedValue { $0.routes[path] = route } }

    func route(_ path: String) -> Route? { state.withLockedValue { $0.routes[path] } }

    func requests(_ path: String) -> [RecordedRequest] { state.withLockedValue { $0.requests.filter { $0.path == path } } }

    func shutdown() { try? channel.close().wait() }

    /// The most requests this server was answering at the same moment.
    var maxConcurrentRequests: Int { state.withLockedValue { $0.maxActive } }

    /// Connections accepted so far.
    var connectionsAccepted: Int { state.withLockedValue { $0.connections } }

    fileprivate static func finished(_ state: NIOLockedValueBox<State>) { state.withLockedValue { $0.active -= 1 } }

    fileprivate static func route(_ state: NIOLockedValueBox<State>, for head: HTTPRequestHead, body: String) -> Route? {
        state.withLockedValue { state in
            state.requests.append(RecordedRequest(path: head.uri, headers: head.headers.map { ($0.name, $0.value) }, method: head.method.rawValue, body: body))
            state.active += 1
            state.maxActive = max(state.maxActive, state.active)
            return state.routes[head.uri]
        }
    }

    fileprivate typealias StateBox = NIOLockedValueBox<State>

    private final class FixtureHandler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let state: StateBox
        let keepAlive: Bool
        var head: HTTPRequestHead?
        var body = ""

        init(state: StateBox, keepAlive: Bool) {
            self.state = state
            self.keepAlive = keepAlive
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case let .head(requestHead):
                head = requestHead
                body = ""
            case let .body(buffer): body += String(buffer: buffer)
            case .end:
                guard let head else { return }
                respond(context: context, head: head)
            }
        }

        func respond(context: ChannelHandlerContext, head: HTTPRequestHead) {
            var headers = HTTPHeaders()
            if !keepAlive { headers.add(name: "Connection", value: "close") }
            guard let route = FixtureServer.route(state, for: head, body: body) else {
                headers.add(name: "Content-Length", value: "0")
                send(context, status: .notFound, headers: headers, body: [], trickle: nil)
                return
            }
            let notModified = (route.etag != nil && head.headers.first(name: "If-None-Match") == route.etag)
                || (route.etag == nil && route.lastModified != nil && head.headers.first(name: "If-Modified-Since") == route.lastModified)
            if let etag = route.etag { headers.add(name: "ETag", value: etag) }
            if let lastModified = route.lastModified { headers.add(name: "Last-Modified", value: lastModified) }
            for (name, value) in route.headers { headers.add(name: name, value: value) }
            var body = route.body
            var status = route.status
            if notModified {
                status = .notModified
                body = []
            } else {
                if let type = route.contentType { headers.add(name: "Content-Type", value: type) }
                if let gzipped = route.gzipped, head.headers.first(name: "Accept-Encoding")?.contains("gzip") == true {
                    body = gzipped
                    headers.add(name: "Content-Encoding", value: "gzip")
                }
            }
            if route.trickle == nil && route.repeating == nil { headers.add(name: "Content-Length", value: String(body.count)) }
            let repeating = notModified ? nil : route.repeating
            let send = { self.send(context, status: status, headers: headers, body: body, trickle: route.trickle, repeating: repeating) }
            if route.delay > 0 {
                context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(route.delay * 1000))) { send() }
            } else {
                send()
            }
        }

        func send(_ context: ChannelHandlerContext, status: HTTPResponseStatus, headers: HTTPHeaders, body: [UInt8], trickle: Double?,
                  repeating: (chunk: [UInt8], times: Int)? = nil) {
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
            if let repeating {
                if !body.isEmpty { context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil) }
                pour(context, chunk: ByteBuffer(bytes: repeating.chunk), remaining: repeating.times)
                return
            }
            if let trickle {
                context.flush()
                drip(context, body: body, index: 0, interval: trickle)
                return
            }
            if !body.isEmpty { context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil) }
            finish(context)
        }

        func finish(_ context: ChannelHandlerContext) {
            let state = self.state
            let keepAlive = self.keepAlive
            context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
                FixtureServer.finished(state)
                if !keepAlive { context.close(promise: nil) }
            }
        }

        /// Writes the next chunk once the previous one is flushed, until done or the client hangs up.
        func pour(_ context: ChannelHandlerContext, chunk: ByteBuffer, remaining: Int) {
            guard remaining > 0, context.channel.isActive else {
                finish(context)
                return
            }
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(chunk)))).assumeIsolated().whenComplete { result in
                if case .success = result {
                    self.pour(context, chunk: chunk, remaining: remaining - 1)
                } else {
                    self.finish(context)
                }
            }
        }

        func drip(_ context: ChannelHandlerContext, body: [UInt8], index: Int, interval: Double) {
            guard index < body.count, context.channel.isActive else {
                finish(context)
                return
            }
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: [body[index]])))), promise: nil)
            context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(interval * 1000))) {
                self.drip(context, body: body, index: index + 1, interval: interval)
            }
        }
    }
}
