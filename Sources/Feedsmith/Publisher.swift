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
    /// Files of outputs the configuration no longer publishes, removed (see ``RetiredOutputs``).
    public var removed: [String] = []
    /// Every output's outcome, stored for `feedctl sources`.
    public var statuses: [OutputStatus] = []
    /// Time spent in each stage, summed over outputs (they overlap, so the sum exceeds the wall time): reading
    /// items from the store; rendering and validating; writing files.
    public var stageSeconds: (reading: Double, rendering: Double, writing: Double) = (0, 0, 0)
    /// Wall time of making every written file durable and renaming it into place, once at the end.
    public var commitSeconds: Double = 0
}

/// Renders every output, validates it, and replaces the file atomically only when its bytes changed.
public struct Publisher: Sendable {
    public let config: FeedsmithConfig
    public let store: any FeedStore
    /// Rewrites rendered bytes before validation: a fault-injection point that lets tests prove an invalid
    /// render never replaces the last good file. nil in normal operation.
    public var renderHook: (@Sendable (_ file: String, _ bytes: [UInt8]) -> [UInt8])?
    /// Whether outputs that show the same sources share one read of each (``SharedItemReads``); tests turn it
    /// off to compare.
    var sharesReads = true
    /// The output folder and its `sources` subfolder as paths, to which file names are joined: thousands of files
    /// per refresh, where a URL built and read back for each cost 2–3% of a refresh's CPU.
    let outputFolder: String
    let sourcesFolder: String

    public init(config: FeedsmithConfig, store: any FeedStore) {
        self.config = config
        self.store = store
        outputFolder = Self.folderPath(config.output.directory)
        sourcesFolder = Self.join(outputFolder, "sources")
    }

    /// Renders and writes outputs. With `changedSources`, only the feeds fed by those sources (and those
    /// sources' own feeds) are rendered, plus any output that is missing or failed last time; `groupsChanged`
    /// adds every feed that groups related coverage, since a new item of another source can join its entries.
    public func publishAll(changedSources: Set<String>? = nil, groupsChanged: Bool = false) async throws -> PublishReport {
        let states = Dictionary(try await store.allSourceStates().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let builder = OutputBuilder(config: config, states: states)
        let failing = Set(try await store.failingOutputs().map(\.path))
        func needed(_ sourceIDs: [String], name: String, in folder: String, grouped: Bool = false) -> Bool {
            guard let changedSources else { return true }
            if grouped, groupsChanged { return true }
            if sourceIDs.contains(where: changedSources.contains) { return true }
            // A missing or failing file (a feed's timeline page included) is rendered again.
            return files(of: name, in: folder).contains { path in failing.contains(path) || !FileManager.default.fileExists(atPath: path) }
        }
        // Each output is one job: read its items, render and validate the formats, write the changed files.
        // Jobs run as a bounded pipeline, so queries, rendering on every core and the (blocking, on a thread
        // pool) file writes overlap, and memory stays bounded when there are thousands of per-source outputs.
        var jobs: [OutputJob] = []
        for feed in config.feeds where needed(feed.sourceIDs, name: feed.id, in: outputFolder, grouped: feed.groupRelated) {
            jobs.append(.feed(feed))
        }
        // Files are staged for the whole publish, so a process killed meanwhile leaves them behind: the first
        // publish of each process clears what dead processes left.
        let firstVisit = StaleTemporaries.firstVisit(outputFolder)
        if firstVisit {
            let folders = [outputFolder, sourcesFolder]
            _ = try? await BlockingIO.run {
                for folder in folders { AtomicFile.removeStaleTemporaries(in: URL(fileURLWithPath: folder, isDirectory: true)) }
            }
        }
        for source in publishedSources(states: states) where needed([source.id], name: source.id, in: sourcesFolder) {
            jobs.append(.source(source))
        }
        let now = Date()
        let reads = SharedItemReads(store: store, uses: sharesReads ? jobs.map { readUse($0, builder: builder) } : [])
        let width = max(4, ProcessInfo.processInfo.activeProcessorCount * 4)
        // Every job is awaited even after one fails, so no staged file is left behind unaccounted. (Children
        // returning `Result<JobResult, any Error>` in a tuple came back corrupted in release builds with Swift
        // 6.3: the index read as a pointer. Thrown errors are collected from `next()` instead.)
        var (results, failure) = await withThrowingTaskGroup(
            of: (Int, JobResult).self, returning: ([JobResult?], (any Error)?).self
        ) { group in
            var results = [JobResult?](repeating: nil, count: jobs.count)
            var failure: (any Error)?
            var next = 0
            var running = 0
            while true {
                while next < jobs.count, running < width, failure == nil {
                    let index = next, job = jobs[index]
                    next += 1
                    running += 1
                    group.addTask { (index, try await self.run(job, builder: builder, now: now, reads: reads)) }
                }
                do {
                    guard let (index, result) = try await group.next() else { break }
                    results[index] = result
                } catch {
                    failure = failure ?? error
                }
                running -= 1
            }
            return (results, failure)
        }
        let staged = results.compactMap { $0 }.flatMap(\.files).compactMap(\.staged)
        if let failure {
            for file in staged { file.discard() }
            throw failure
        }
        // Written files become durable and visible together: one file-system flush, then the renames, then
        // each folder synced (a flush per file cost more than everything else publishing does).
        let clock = ContinuousClock()
        let commitStarted = clock.now
        let outcomes: [Result<Void, AtomicFile.WriteError>]
        do {
            outcomes = staged.isEmpty ? [] : try await BlockingIO.run { AtomicFile.commit(staged) }
        } catch {
            for file in staged { file.discard() }
            throw error
        }
        // Outcomes come back in the order the staged files were listed: results, then each result's files.
        var nextOutcome = 0
        for index in results.indices {
            guard var result = results[index] else { continue }
            for fileIndex in result.files.indices where result.files[fileIndex].staged != nil {
                switch outcomes[nextOutcome] {
                case .success: result.files[fileIndex].outcome = .written
                case let .failure(error): result.files[fileIndex].outcome = .failed("\(error)")
                }
                nextOutcome += 1
            }
            results[index] = result
        }
        // Reported in configuration order, whatever order the jobs finished in.
        var report = PublishReport()
        var filterCounts: [String: [FilterCount]] = [:]
        report.commitSeconds = (clock.now - commitStarted).seconds
        report.stageSeconds.writing += report.commitSeconds
        for result in results.compactMap({ $0 }) {
            report.stageSeconds.reading += result.seconds.reading
            report.stageSeconds.rendering += result.seconds.rendering
            report.stageSeconds.writing += result.seconds.writing
            filterCounts.merge(result.filterCounts) { _, new in new }
            for file in result.files {
                report.warnings += file.warnings
                switch file.outcome {
                case .unchanged:
                    report.unchanged += 1
                    report.statuses.append(OutputStatus(path: file.path, error: nil))
                case let .failed(message):
                    report.failures.append("\(file.path): \(message)")
                    report.statuses.append(OutputStatus(path: file.path, error: message))
                case .staged:
                    // Every staged file was committed above; one that was not is reported, never counted written.
                    let message = "not published: staged but not committed"
                    report.failures.append("\(file.path): \(message)")
                    report.statuses.append(OutputStatus(path: file.path, error: message))
                case .written:
                    report.written.append(file.path)
                    report.statuses.append(OutputStatus(path: file.path, error: nil))
                }
            }
        }
        // The configured outputs change with the configuration, which a process reads at its start and a reload or a
        // `feedctl refresh` publishes in full: files it no longer names are retired then. Their records go too, a
        // failure included, which `feedctl sources` would otherwise list for ever. Under `source_feeds: pages` a
        // `kind: auto` source read as a page that now serves a feed stops getting its own files with no change to the
        // configuration: every publish retires those, which are only ever the few files of sources read as pages.
        var forgotten: [String] = []
        var retired: Set<String> = []
        if changedSources == nil || firstVisit {
            retired = Set(try await store.recordedOutputPaths()).subtracting(outputPaths(states: states))
        } else if config.output.sourceFeeds == .pages {
            let prefix = sourcesFolder + "/"
            let published = Set(publishedSources(states: states).flatMap { files(of: $0.id, in: sourcesFolder) })
            retired = Set(try await store.recordedOutputPaths().filter { $0.hasPrefix(prefix) }).subtracting(published)
        }
        if !retired.isEmpty {
            let (folder, paths) = (outputFolder, retired)
            let outcome = try await BlockingIO.run { RetiredOutputs.remove(paths, inside: folder) }
            report.removed = outcome.removed
            forgotten = outcome.forgotten
            report.statuses += outcome.failed
            report.failures += outcome.failed.map { "\($0.path): \($0.error ?? "")" }
        }
        try await store.saveOutputStatuses(report.statuses, forgetting: forgotten)
        try await store.saveFilterCounts(filterCounts)
        return report
    }

    /// The files this configuration publishes, whether or not this refresh rendered them.
    func outputPaths(states: [String: SourceState]) -> Set<String> {
        Set(config.feeds.flatMap { files(of: $0.id, in: outputFolder) }
            + publishedSources(states: states).flatMap { files(of: $0.id, in: sourcesFolder) })
    }

    /// The sources that get a feed of their own (`output.source_feeds`), given what their last refresh read them as.
    private func publishedSources(states: [String: SourceState]) -> [SourceConfig] {
        config.sources.filter { config.output.sourceFeeds.publishes($0, readAsPage: states[$0.id]?.readAsPage ?? false) }
    }

    /// The files of the output `name` in `folder`: the three formats, and a configured feed's timeline page.
    private func files(of name: String, in folder: String) -> [String] {
        let extensions = OutputFormat.allCases.map(\.fileExtension) + (folder == outputFolder ? ["html"] : [])
        return extensions.map { Self.join(folder, "\(name).\($0)") }
    }

    /// One output to publish: a configured feed (with its timeline page) or a source's own feed.
    enum OutputJob: Sendable {
        case feed(FeedConfig)
        case source(SourceConfig)
    }

    /// What one job did: each file's outcome, the filter counts of its scope, and how long each stage took.
    struct JobResult: Sendable {
        var files: [Published]
        var filterCounts: [String: [FilterCount]]
        var seconds: (reading: Double, rendering: Double, writing: Double)
    }

    /// One output file after publishing. A file to be written is first staged (written beside its destination,
    /// not yet in place); publishing commits every staged file at the end and records the outcome.
    struct Published: Sendable {
        enum Outcome: Sendable {
            /// Written beside its destination; publishing commits it and replaces this outcome.
            case staged(AtomicFile.StagedFile)
            case written, unchanged
            case failed(String)
        }
        var path: String
        var outcome: Outcome
        var warnings: [String]
        /// The staged file while it waits to be committed.
        var staged: AtomicFile.StagedFile? {
            if case let .staged(file) = outcome { file } else { nil }
        }
    }

    private func run(_ job: OutputJob, builder: OutputBuilder, now: Date, reads: SharedItemReads) async throws -> JobResult {
        let clock = ContinuousClock()
        let started = clock.now
        let (document, name, page, counts) = try await document(for: job, builder: builder, now: now, reads: reads)
        let read = clock.now
        let files = Self.prepare(document, name: name, into: folder(of: job), page: page, hook: renderHook)
        let prepared = clock.now
        var published: [Published] = []
        for file in files {
            let outcome: Published.Outcome
            switch file.outcome {
            case .unchanged: outcome = .unchanged
            case let .failed(message): outcome = .failed(message)
            case let .write(bytes):
                do {
                    // prepare() already found these bytes differ from the published file.
                    let staged = try await BlockingIO.run { try AtomicFile.stage(atPath: file.path, with: bytes) }
                    outcome = .staged(staged)
                } catch {
                    outcome = .failed("\(error)")
                }
            }
            published.append(Published(path: file.path, outcome: outcome, warnings: file.warnings))
        }
        let written = clock.now
        return JobResult(
            files: published, filterCounts: counts,
            seconds: ((read - started).seconds, (prepared - read).seconds, (written - prepared).seconds))
    }

    /// Configured feeds are published in the output folder, sources' own feeds in its `sources` subfolder.
    private func folder(of job: OutputJob) -> String {
        switch job {
        case .feed: outputFolder
        case .source: sourcesFolder
        }
    }

    /// Whether a feed's items pass filters: its own, or those of any of its sources.
    private static func isFiltered(_ feed: FeedConfig, _ builder: OutputBuilder) -> Bool {
        !feed.filters.isEmpty || feed.sourceIDs.contains { builder.sourceFilters[$0]?.isEmpty == false }
    }

    /// The items a job reads: a feed reads more than it shows, since merging, grouping and filters drop some.
    private func readUse(_ job: OutputJob, builder: OutputBuilder) -> SharedItemReads.Use {
        switch job {
        case let .feed(feed):
            return SharedItemReads.Use(sourceIDs: feed.sourceIDs, limit: feed.limit * (Self.isFiltered(feed, builder) ? 4 : 2) + 50)
        case let .source(source):
            return SharedItemReads.Use(sourceIDs: [source.id], limit: FeedConfig.standardLimit * (source.filters.isEmpty ? 1 : 4))
        }
    }

    private func document(
        for job: OutputJob, builder: OutputBuilder, now: Date, reads: SharedItemReads
    ) async throws -> (FeedDocument, name: String, page: Bool, counts: [String: [FilterCount]]) {
        var filterCounts: [String: [FilterCount]] = [:]
        let use = readUse(job, builder: builder)
        switch job {
        case let .feed(feed):
            let sourceFilters = builder.sourceFilters
            let filtered = Self.isFiltered(feed, builder)
            var candidates = try await reads.recentItems(sourceIDs: use.sourceIDs, limit: use.limit)
            if filtered {
                // Each item passes its source's filters, then the feed's; what a feed drops is counted for it.
                var counter = FilterCounter(scope: "feed:\(feed.id)", filters: feed.filters)
                candidates = candidates.filter { item in
                    sourceFilters[item.sourceID]?.dropReason(item, now: now) == nil && counter.keep(item, feed.filters, now: now)
                }
                if !feed.filters.isEmpty { filterCounts[counter.scope] = counter.counts }
            }
            let entries: [TimelineEntry]
            if feed.groupRelated {
                // Members of the shown groups that are older than the window still belong to their entries. An
                // entry lists its representative and the next `Timeline.maximumOthers`, so only those are read,
                // unless filters may drop some of them.
                let groupIDs = Array(Set(candidates.compactMap(\.groupID))).sorted()
                var members = try await store.groupMembers(
                    groupIDs: groupIDs, sourceIDs: feed.sourceIDs, earliest: filtered ? nil : 1 + Timeline.maximumOthers)
                if filtered {
                    members = members.filter {
                        sourceFilters[$0.sourceID]?.dropReason($0, now: now) == nil && feed.filters.dropReason($0, now: now) == nil
                    }
                }
                entries = Timeline.grouped(candidates + members, limit: feed.limit)
            } else {
                entries = Timeline.merge(candidates, limit: feed.limit).map(TimelineEntry.init(item:))
            }
            let document = builder.document(
                title: feed.title, subtitle: feed.description, idKey: "feed:\(feed.id)", path: feed.id,
                // The alternate link readers open as the feed's site: its timeline page, not the bare base URL
                // (which the daemon answers 404 and a static host may not serve at all).
                homeURL: builder.pageURL(path: feed.id), entries: entries)
            return (document, feed.id, true, filterCounts)
        case let .source(source):
            var items = try await reads.recentItems(sourceIDs: use.sourceIDs, limit: use.limit)
            if !source.filters.isEmpty {
                var counter = FilterCounter(scope: "source:\(source.id)", filters: source.filters)
                items = Array(items.filter { counter.keep($0, source.filters, now: now) }.prefix(FeedConfig.standardLimit))
                filterCounts[counter.scope] = counter.counts
            }
            let state = builder.states[source.id]
            let title = source.title ?? state?.title ?? source.id
            let document = builder.document(
                title: title, subtitle: "\(title), as collected by Feedsmith", idKey: "source:\(source.id)",
                path: "sources/\(source.id)", homeURL: PublishedURL.http(state?.siteURL),
                entries: items.map(TimelineEntry.init(item:)))
            return (document, source.id, false, filterCounts)
        }
    }

    /// One output file rendered and checked, ready to be written.
    struct Prepared: Sendable {
        enum Outcome: Sendable {
            case write([UInt8])
            case unchanged
            case failed(String)
        }
        var path: String
        var outcome: Outcome
        var warnings: [String] = []
    }

    /// A directory URL's path with no trailing slash (but `/` itself), to which file names are joined.
    static func folderPath(_ directory: URL) -> String {
        let path = directory.path
        return path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// Renders the three formats. A file whose bytes equal what is already published was validated when it
    /// was written and is not validated again; anything else must validate with no errors to be written.
    static func prepare(
        _ document: FeedDocument, name: String, into folder: String, page: Bool, hook: (@Sendable (_ file: String, _ bytes: [UInt8]) -> [UInt8])?
    ) -> [Prepared] {
        let feeds = OutputFormat.allCases.map { format in
            let file = join(folder, "\(name).\(format.fileExtension)")
            do {
                var bytes: [UInt8]
                switch format {
                case .atom: bytes = try AtomRenderer.render(document)
                case .rss: bytes = try RSSRenderer.render(document)
                case .json: bytes = try JSONFeedRenderer.render(document)
                }
                if let hook { bytes = hook(file, bytes) }
                if AtomicFile.holds(bytes, atPath: file) { return Prepared(path: file, outcome: .unchanged) }
                let validation = FeedValidator.validate(bytes, options: .init(expectedSelfURL: document.selfURLs[format]))
                let warnings = validation.warnings.map { "\(file):\($0)" }
                guard validation.errors.isEmpty else {
                    let message = "not published, the last good file stays: " + validation.errors.map(\.description).joined(separator: "; ")
                    return Prepared(path: file, outcome: .failed(message), warnings: warnings)
                }
                return Prepared(path: file, outcome: .write(bytes), warnings: warnings)
            } catch {
                return Prepared(path: file, outcome: .failed("\(error)"))
            }
        }
        guard page else { return feeds }
        // The timeline page: polyglot HTML5, so an XML parser can vouch for it before it is published.
        let file = join(folder, "\(name).html")
        let bytes = TimelinePageRenderer.render(document)
        if AtomicFile.holds(bytes, atPath: file) { return feeds + [Prepared(path: file, outcome: .unchanged)] }
        let problems = OutputValidator.wellFormed(bytes)
        guard problems.isEmpty else {
            return feeds + [Prepared(path: file, outcome: .failed("not published, the last good page stays: \(problems.map(\.description).joined(separator: "; "))"))]
        }
        return feeds + [Prepared(path: file, outcome: .write(bytes))]
    }
}

/// Counts, per rule, the items one scope's filters dropped.
struct FilterCounter {
    let scope: String
    private var dropped: [String: Int] = [:]
    private var checked = 0

    init(scope: String, filters: FilterSet) {
        self.scope = scope
        for name in filters.ruleNames { dropped[name] = 0 }
    }

    mutating func keep(_ item: StoredItem, _ filters: FilterSet, now: Date) -> Bool {
        guard !filters.isEmpty else { return true }
        checked += 1
        guard let reason = filters.dropReason(item, now: now) else { return true }
        dropped[reason, default: 0] += 1
        return false
    }

    /// Every rule of the set, including those that dropped nothing.
    var counts: [FilterCount] {
        dropped.map { FilterCount(scope: scope, rule: $0.key, dropped: $0.value, checked: checked) }.sorted { $0.rule < $1.rule }
    }
}
