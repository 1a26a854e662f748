import FeedsmithCore
import FeedsmithStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What publishing wrote.
public struct PublishReport: Sendable {
    public var written: [String] = []
    public var unchanged: Int = 0
    /// Outputs that failed validation or could not be written; the previous file stays in place.
    public var failures: [String] = []
}

/// Renders every output, validates it, and replaces the file atomically only when its bytes changed.
public struct Publisher: Sendable {
    public let config: FeedsmithConfig
    public let store: any FeedStore

    public init(config: FeedsmithConfig, store: any FeedStore) {
        self.config = config
        self.store = store
    }

    public func publishAll() async throws -> PublishReport {
        let states = Dictionary(try await store.allSourceStates().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let builder = OutputBuilder(config: config, states: states)
        var report = PublishReport()
        for feed in config.feeds {
            let candidates = try await store.recentItems(sourceIDs: feed.sourceIDs, limit: feed.limit * 2 + 50)
            let items = Timeline.merge(candidates, limit: feed.limit)
            let document = builder.document(
                title: feed.title, subtitle: feed.description, idKey: "feed:\(feed.id)", path: feed.id, homeURL: nil, items: items)
            write(document, name: feed.id, into: config.output.directory, report: &report)
        }
        let sourcesDirectory = config.output.directory.appendingPathComponent("sources")
        for source in config.sources {
            let items = try await store.recentItems(sourceIDs: [source.id], limit: FeedConfig.standardLimit)
            let state = states[source.id]
            let title = source.title ?? state?.title ?? source.id
            let document = builder.document(
                title: title, subtitle: "\(title), as collected by Feedsmith", idKey: "source:\(source.id)",
                path: "sources/\(source.id)", homeURL: state?.siteURL.flatMap { $0.hasPrefix("http") ? $0 : nil }, items: items)
            write(document, name: source.id, into: sourcesDirectory, report: &report)
        }
        return report
    }

    private func write(_ document: FeedDocument, name: String, into directory: URL, report: inout PublishReport) {
        for format in OutputFormat.allCases {
            let file = directory.appendingPathComponent("\(name).\(format.fileExtension)")
            do {
                let bytes: [UInt8]
                switch format {
                case .atom: bytes = try AtomRenderer.render(document)
                case .rss: bytes = try RSSRenderer.render(document)
                case .json: bytes = try JSONFeedRenderer.render(document)
                }
                let findings = OutputValidator.validate(bytes, format: format).filter { $0.severity == .error }
                guard findings.isEmpty else {
                    report.failures.append("\(file.path): not published, \(findings.map(\.description).joined(separator: "; "))")
                    continue
                }
                if try AtomicFile.write(bytes, to: file) {
                    report.written.append(file.path)
                } else {
                    report.unchanged += 1
                }
            } catch {
                report.failures.append("\(file.path): \(error)")
            }
        }
    }
}
