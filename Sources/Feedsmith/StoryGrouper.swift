import FeedsmithCore
import FeedsmithStore
import Foundation

/// What one grouping pass did.
public struct GroupingReport: Sendable, Equatable {
    /// Items given a group.
    public var grouped = 0
    /// Of those, items that joined an existing group.
    public var joined = 0
    /// Groups folded into older ones by a bridging item.
    public var merged = 0
    /// Items in the in-memory index after the pass.
    public var indexed = 0
}

/// Groups newly stored items into stories and stores the result.
///
/// Holds a ``StoryIndex`` of the items inside the grouping window between refreshes, so the daemon does not
/// rebuild it every poll; the index is rebuilt when another process (a `feedctl refresh`) grouped items since,
/// which the store's grouping generation reveals, and once a day so items that left the window are dropped.
public actor StoryGrouper {
    let store: any FeedStore
    public nonisolated let options: GroupingOptions
    private var index: StoryIndex
    private var generation: Int64 = -1
    private var builtAt: Date?
    static let batchSize = 1000

    public init(store: any FeedStore, options: GroupingOptions) {
        self.store = store
        self.options = options
        index = StoryIndex(options: options)
    }

    /// Groups every item not yet grouped, in the order they were first seen.
    public func groupNew(now: Date = Date()) async throws -> GroupingReport {
        var report = GroupingReport()
        let current = try await store.groupingGeneration()
        if current != generation || builtAt.map({ now.timeIntervalSince($0) > 86_400 }) ?? true {
            try await rebuild(now: now)
        }
        while true {
            let batch = try await store.ungroupedItems(limit: Self.batchSize)
            if batch.isEmpty { break }
            var rows: [GroupingRow] = []
            var dates: [String: Date] = [:]
            var merges: [(from: String, into: String)] = []
            for stored in batch {
                let fingerprint = Self.fingerprint(stored, shingleSize: options.shingleSize)
                let uuid = Self.uuid(stored.id)
                let assignment = index.assign(itemID: uuid, source: stored.sourceID, fingerprint: fingerprint)
                let groupID = Self.string(assignment.groupID)
                rows.append(GroupingRow(itemID: stored.id, groupID: groupID, sourceID: stored.sourceID, fingerprint: fingerprint.encoded()))
                dates[stored.id] = stored.sortDate
                merges += assignment.merged.map { (from: Self.string($0), into: groupID) }
                if assignment.groupID != uuid { report.joined += 1 }
                report.merged += assignment.merged.count
            }
            index.commit()
            generation = try await store.saveGrouping(rows, storyDates: dates, merges: merges)
            report.grouped += batch.count
            if batch.count < Self.batchSize { break }
        }
        report.indexed = index.count
        return report
    }

    private func rebuild(now: Date) async throws {
        let snapshot = try await store.groupingRows(since: now.addingTimeInterval(-options.window))
        var fresh = StoryIndex(options: options)
        var roots: [UUID: UInt32] = [:]
        for row in snapshot.rows {
            guard let fingerprint = StoryFingerprint(encoded: row.fingerprint) else { continue }
            fresh.load(
                itemID: Self.uuid(row.itemID), groupID: Self.uuid(row.groupID), source: row.sourceID, fingerprint: fingerprint,
                groupOrdinals: &roots)
        }
        fresh.commit()
        index = fresh
        generation = snapshot.generation
        builtAt = now
    }

    /// The text a story is compared on: the title with the content (or the summary when there is no content).
    static func fingerprint(_ stored: StoredItem, shingleSize: Int) -> StoryFingerprint {
        let item = stored.item
        let text = item.contentHTML.map(HTMLText.plain) ?? item.summary ?? ""
        return StoryFingerprint.make(
            title: item.title, text: text, date: stored.sortDate, canonicalURL: stored.canonicalURL, guid: item.guid,
            shingleSize: shingleSize)
    }

    /// Item ids are name-based UUIDs written in lower case; an id that is not one gets a UUID derived from it.
    static func uuid(_ id: String) -> UUID {
        UUID(uuidString: id) ?? UUID(uuidString: ItemIdentity.stableID(sourceID: "feedsmith-group", key: id)) ?? UUID()
    }

    static func string(_ uuid: UUID) -> String { uuid.uuidString.lowercased() }
}
