import ArgumentParser
import Feedsmith
import FeedsmithCore
import FeedsmithStore
import Foundation
import GRDB

/// Inserting items the way refreshes do (one transaction per source), and the timeline query of a 200-entry
/// feed over a large store.
struct StoreBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Time 100,000 item inserts (20 per source, one transaction each) and a 200-entry timeline query over N items.")

    @Option(help: "Items inserted and timed.")
    var inserts = 100_000

    @Option(help: "Sources stored at once (a refresh stores from defaults.concurrency tasks).")
    var concurrency = 8

    @Option(help: "Items in the store the timeline query runs over.")
    var total = 1_000_000

    func run() async throws {
        let folder = try BenchScratch.folder("store")
        defer { BenchScratch.remove(folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("feedsmith.sqlite").path)
        let now = Date()
        let clock = ContinuousClock()
        var stored = 0
        var sourceNumber = 0
        // Refreshes store from many concurrent source tasks, each source its own transaction; so does this.
        func fill(upTo count: Int) async throws {
            let sources = (count - stored + 19) / 20
            let first = sourceNumber
            try await withThrowingTaskGroup(of: Void.self) { group in
                var next = 0
                func start() {
                    guard next < sources else { return }
                    let number = first + next
                    next += 1
                    group.addTask {
                        let id = "s\(number)"
                        let items = (0..<20).map { RenderBenchmark.item(source: id, number: $0, now: now.addingTimeInterval(-Double(number))) }
                        var state = SourceState(id: id, url: "https://\(id).example/feed.xml")
                        state.status = .ok
                        _ = try await store.storeItems(items, state: state, now: now)
                    }
                }
                for _ in 0..<concurrency { start() }
                while try await group.next() != nil { start() }
            }
            stored += sources * 20
            sourceNumber += sources
        }
        let insertTime = try await clock.measure { try await fill(upTo: inserts) }
        print("store: sqlite \(store.sqliteMode)")
        print(String(format: "store: %d item inserts (%d sources x 20, one transaction each, %d at once) in %.2f s = %.0f items/s",
                     inserts, inserts / 20, concurrency, insertTime.seconds, Double(inserts) / insertTime.seconds))
        print("filling the store to \(total) items (rows written directly; only the query is measured)…")
        // Each source gets 20 items, as the timed inserts did, with dates spread over a year.
        let fillStart = sourceNumber
        let already = stored
        let database = try DatabaseQueue(path: folder.appendingPathComponent("feedsmith.sqlite").path)
        try await database.write { db in
            let statement = try db.makeStatement(sql: """
                INSERT INTO items (id, source_id, canonical_url, guid, url, title, published, first_seen, sort_at, content_html, summary, content_hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let html = String(repeating: "<p>The council voted on Tuesday to approve the budget for roads, schools and parks.</p>", count: 6)
            var number = already
            while number < total {
                let source = fillStart + (number - already) / 20
                let url = "https://s\(source).example/news/\(number).html"
                let at = now.timeIntervalSince1970 - Double(number % 525_600) * 60
                try statement.execute(arguments: [
                    UUID().uuidString.lowercased(), "s\(source)", url, url, url, "Item \(number)", at, at, at, html,
                    "The council voted on Tuesday.", String(number),
                ])
                number += 1
            }
        }
        sourceNumber = fillStart + (total - stored + 19) / 20
        stored = total
        // A feed over 50 sources, and one over every source, as `sources: all` gives.
        let some = (0..<50).map { "s\($0 * (sourceNumber / 50))" }
        let all = (0..<sourceNumber).map { "s\($0)" }
        for (label, ids) in [("50 sources", some), ("all \(all.count) sources", all)] {
            var count = 0
            let seconds = try await measureAsync(repeat: 5) { count = try await store.recentItems(sourceIDs: ids, limit: 200 * 2 + 50).count }
            print(String(format: "timeline query, 200-entry feed over %@ (%d items stored): %.1f ms (%d candidates)", label, stored, seconds * 1000, count))
        }
    }
}

func measureAsync(repeat count: Int, _ body: () async throws -> Void) async throws -> Double {
    let clock = ContinuousClock()
    var best = Double.infinity
    for _ in 0..<count {
        let elapsed = try await clock.measure { try await body() }
        best = min(best, elapsed.seconds)
    }
    return best
}
