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
    /// Validator warnings on our own outputs: each one is a bug in Feedsmith's generator.
    public var warnings: [String] = []
    /// Every output's outcome, stored for `feedctl sources`.
    public var statuses: [OutputStatus] = []
}

/// Renders every output, validates it, and replaces the file atomically only when its bytes changed.
public struct Publisher: Sendable {
    public let config: FeedsmithConfig
    public let store: any FeedStore
    /// Rewrites rendered bytes before validation: a fault-injection point that lets tests prove an invalid
    /// render never replaces the last good file. nil in normal operation.
    public var renderHook: (@Sendable (_ file: String, _ bytes: [UInt8]) -> [UInt8])?

    public init(config: FeedsmithConfig, store: any FeedStore) {
        self.config = config
        self.store = store
    }

    /// Renders and writes outputs. With `changedSources`, only the feeds fed by those sources (and those
    /// sources' own feeds) are rendered, plus any output that is missing or failed last time; `groupsChanged`
    /// adds every feed that groups related coverage, since a new item of another source can join its entries.
    public func publishAll(changedSources: Set<String>? = nil, groupsChanged: Bool = false) async throws -> PublishReport {
        let states = Dictionary(try await store.allSourceStates().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let builder = OutputBuilder(config: config, states: states)
        let failing = Set(try await store.failingOutputs().map(\.path))
        func needed(_ sourceIDs: [String], name: String, in directory: URL, grouped: Bool = false) -> Bool {
            guard let changedSources else { return true }
            if grouped, groupsChanged { return true }
            if sourceIDs.contains(where: changedSources.contains) { return true }
            return OutputFormat.allCases.contains { format in
                let path = directory.appendingPathComponent("\(name).\(format.fileExtension)").path
                return failing.contains(path) || !FileManager.default.fileExists(atPath: path)
            }
        }
        var report = PublishReport()
        for feed in config.feeds where needed(feed.sourceIDs, name: feed.id, in: config.output.directory, grouped: feed.groupRelated) {
            let candidates = try await store.recentItems(sourceIDs: feed.sourceIDs, limit: feed.limit * 2 + 50)
            let entries: [TimelineEntry]
            if feed.groupRelated {
                // Members of the shown groups that are older than the window still belong to their entries.
                let groupIDs = Array(Set(candidates.compactMap(\.groupID))).sorted()
                let members = try await store.groupMembers(groupIDs: groupIDs, sourceIDs: feed.sourceIDs)
                entries = Timeline.grouped(candidates + members, limit: feed.limit)
            } else {
                entries = Timeline.merge(candidates, limit: feed.limit).map(TimelineEntry.init(item:))
            }
            let document = builder.document(
                title: feed.title, subtitle: feed.description, idKey: "feed:\(feed.id)", path: feed.id, homeURL: nil, entries: entries)
            write(document, name: feed.id, into: config.output.directory, report: &report)
        }
        let sourcesDirectory = config.output.directory.appendingPathComponent("sources")
        for source in config.sources where needed([source.id], name: source.id, in: sourcesDirectory) {
            let items = try await store.recentItems(sourceIDs: [source.id], limit: FeedConfig.standardLimit)
            let state = states[source.id]
            let title = source.title ?? state?.title ?? source.id
            let document = builder.document(
                title: title, subtitle: "\(title), as collected by Feedsmith", idKey: "source:\(source.id)",
                path: "sources/\(source.id)", homeURL: state?.siteURL.flatMap { $0.hasPrefix("http") ? $0 : nil },
                entries: items.map(TimelineEntry.init(item:)))
            write(document, name: source.id, into: sourcesDirectory, report: &report)
        }
        try await store.saveOutputStatuses(report.statuses)
        return report
    }

    private func write(_ document: FeedDocument, name: String, into directory: URL, report: inout PublishReport) {
        for format in OutputFormat.allCases {
            let file = directory.appendingPathComponent("\(name).\(format.fileExtension)")
            do {
                var bytes: [UInt8]
                switch format {
                case .atom: bytes = try AtomRenderer.render(document)
                case .rss: bytes = try RSSRenderer.render(document)
                case .json: bytes = try JSONFeedRenderer.render(document)
                }
                if let renderHook { bytes = renderHook(file.path, bytes) }
                let validation = FeedValidator.validate(bytes, options: .init(expectedSelfURL: document.selfURLs[format]))
                report.warnings += validation.warnings.map { "\(file.path):\($0)" }
                guard validation.errors.isEmpty else {
                    let message = "not published, the last good file stays: " + validation.errors.map(\.description).joined(separator: "; ")
                    report.failures.append("\(file.path): \(message)")
                    report.statuses.append(OutputStatus(path: file.path, error: message))
                    continue
                }
                if try AtomicFile.write(bytes, to: file) {
                    report.written.append(file.path)
                } else {
                    report.unchanged += 1
                }
                report.statuses.append(OutputStatus(path: file.path, error: nil))
            } catch {
                report.failures.append("\(file.path): \(error)")
                report.statuses.append(OutputStatus(path: file.path, error: "\(error)"))
            }
        }
    }
}
