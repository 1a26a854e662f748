import FeedsmithCore
import FeedsmithStore
import Foundation

/// Stores generated items for the tests of reading the newest items back: `sources` sources (`s0`, `s1`, …) of
/// `perSource` items, publication dates drawn from `dateSteps` hourly values before a fixed instant (so items
/// tie within and across sources), every `undatedEvery`-th item without a date and every `relatedEvery`-th
/// listing a related link (0: none).
enum GeneratedItems {
    static let base = Date(timeIntervalSince1970: 1_780_000_000)

    static func store(into store: SQLiteStore, sources: Int, perSource: Int, dateSteps: Int, undatedEvery: Int = 0, relatedEvery: Int = 0) async throws {
        var random = SystemRandomNumberGenerator()
        for source in 0..<sources {
            let items = (0..<perSource).map { number in
                Item(guid: "g-\(source)-\(number)", url: "https://s\(source).example/\(number)", title: "Item \(number) of \(source)",
                     published: undatedEvery > 0 && number % undatedEvery == 0
                        ? nil : base.addingTimeInterval(-Double(Int.random(in: 0..<dateSteps, using: &random)) * 3600),
                     contentHTML: "<p>Text \(number) of source \(source)</p>",
                     related: relatedEvery > 0 && number % relatedEvery == 0
                        ? [ListedLink(url: "https://r.example/\(source)/\(number)", title: "Related \(number)", date: nil)] : [])
            }
            _ = try await store.storeItems(items, state: SourceState(id: "s\(source)", url: "https://s\(source).example/feed"), now: base)
        }
    }
}
