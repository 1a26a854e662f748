import FeedsmithCore
import FeedsmithStore
import Synchronization

/// The newest items of sources that several outputs of one publication show, each source read once.
///
/// A feed over a few sources shows the newest items of their union, and the newest `n` of a union are the
/// newest `n` of the union of each source's newest `n` (newest first, then id: a total order, the store's). A
/// source shown in its own feed and ten others was read eleven times, content included; `perf` of the
/// 100-feed publication put 426 of 1,888 samples in those reads. Sources only one output shows, and feeds
/// over more than ``maximumSources`` sources (which the store answers by walking its date index), are read as
/// before. A source's items are dropped once every output that shows it has read them, and a new shared read
/// starts only while fewer than ``budget`` rows are held (reads under way can add at most the outputs running at
/// once times their limit): past it, sources are read for each output again.
final class SharedItemReads: Sendable {
    /// One output's read: its sources and how many of their newest items it asks for.
    struct Use: Sendable {
        var sourceIDs: [String]
        var limit: Int
    }

    /// Feeds over more sources than this read the store directly (its index walk is cheaper than merging).
    static let maximumSources = 64
    /// Rows held before no new shared read starts, whatever the configuration (about 2–3 KB each with content).
    static let budget = 20_000

    private struct Slot {
        var task: Task<[StoredItem], any Error>?
        /// Outputs still to read this source.
        var remaining: Int
        /// The rows read, counted in ``State/heldRows`` from the first output that sees them.
        var rows: Int?
    }

    private struct State {
        var slots: [String: Slot] = [:]
        var heldRows = 0
    }

    private let store: any FeedStore
    /// For each shared source: the most items any of its outputs asks for.
    private let limits: [String: Int]
    private let state: Mutex<State>

    init(store: any FeedStore, uses: [Use]) {
        self.store = store
        var counts: [String: Int] = [:]
        var limits: [String: Int] = [:]
        for use in uses where Self.eligible(use.sourceIDs) {
            for id in Set(use.sourceIDs) {
                counts[id, default: 0] += 1
                limits[id] = max(limits[id] ?? 0, use.limit)
            }
        }
        let shared = counts.filter { $0.value > 1 }
        self.limits = limits.filter { shared[$0.key] != nil }
        state = Mutex(State(slots: shared.mapValues { Slot(task: nil, remaining: $0, rows: nil) }))
    }

    private static func eligible(_ sourceIDs: [String]) -> Bool {
        !sourceIDs.isEmpty && sourceIDs.count <= maximumSources
    }

    /// What `store.recentItems(sourceIDs:limit:)` returns, from the shared reads where every source has one.
    func recentItems(sourceIDs: [String], limit: Int) async throws -> [StoredItem] {
        guard Self.eligible(sourceIDs), limit > 0,
              sourceIDs.allSatisfy({ (limits[$0] ?? 0) >= limit }) else {
            return try await store.recentItems(sourceIDs: sourceIDs, limit: limit)
        }
        var lists: [[StoredItem]] = []
        for id in Set(sourceIDs).sorted() { lists.append(try await newest(of: id)) }
        return Self.newest(lists, limit: limit)
    }

    /// The newest `limit` items of the lists together, in the store's order: newest first by sort date, then by
    /// id as SQLite compares text (bytes). Positions are sorted, not items: concatenating the lists and sorting
    /// whole items (a dozen strings each) copied and moved every row of every source shown.
    static func newest(_ lists: [[StoredItem]], limit: Int) -> [StoredItem] {
        var positions: [(date: Double, list: Int, index: Int)] = []
        positions.reserveCapacity(lists.reduce(0) { $0 + $1.count })
        for (list, items) in lists.enumerated() {
            for (index, item) in items.enumerated() { positions.append((item.sortDate.timeIntervalSinceReferenceDate, list, index)) }
        }
        positions.sort { a, b in
            if a.date != b.date { return a.date > b.date }
            return lists[a.list][a.index].id.utf8.lexicographicallyPrecedes(lists[b.list][b.index].id.utf8)
        }
        return positions.prefix(limit).map { lists[$0.list][$0.index] }
    }

    /// Rows held now (for tests: zero once every output has read).
    var heldRows: Int { state.withLock { $0.heldRows } }

    private func newest(of sourceID: String) async throws -> [StoredItem] {
        let limit = limits[sourceID] ?? 0
        let store = self.store
        let task: Task<[StoredItem], any Error>? = state.withLock { state in
            guard var slot = state.slots[sourceID] else { return nil }
            if let task = slot.task { return task }
            guard state.heldRows < Self.budget else { return nil }
            let task = Task { try await store.recentItems(sourceIDs: [sourceID], limit: limit) }
            slot.task = task
            state.slots[sourceID] = slot
            return task
        }
        guard let task else {
            // Past the budget: this output reads the source on its own.
            return try await store.recentItems(sourceIDs: [sourceID], limit: limit)
        }
        let result = await task.result
        state.withLock { state in
            guard var slot = state.slots[sourceID] else { return }
            let rows = slot.rows ?? ((try? result.get().count) ?? 0)
            if slot.rows == nil {
                slot.rows = rows
                state.heldRows += rows
            }
            slot.remaining -= 1
            if slot.remaining <= 0 {
                state.heldRows -= rows
                state.slots[sourceID] = nil
            } else {
                state.slots[sourceID] = slot
            }
        }
        return try result.get()
    }
}
