import Foundation

/// Merges the items of several sources into one list: newest first, one entry per article.
public enum Timeline {
    /// `candidates` need not be sorted. Items sharing a canonical URL or an IRI GUID across sources are
    /// one article; the earliest-published copy (the original rather than a reprint) is kept, ties going
    /// to the earliest seen, so the choice does not move between refreshes.
    public static func merge(_ candidates: [StoredItem], limit: Int) -> [StoredItem] {
        let byFirstSeen = candidates.sorted { ($0.sortDate, $0.firstSeen, $0.id) < ($1.sortDate, $1.firstSeen, $1.id) }
        var seenURLs: Set<String> = []
        var seenGUIDs: Set<String> = []
        var kept: [StoredItem] = []
        for item in byFirstSeen {
            // Only GUIDs that are IRIs are global: two sources may both number their items 1, 2, 3.
            let guid = item.item.guid.flatMap { $0.contains(":") && $0.count >= 8 ? $0 : nil }
            if let url = item.canonicalURL, seenURLs.contains(url) { continue }
            if let guid, seenGUIDs.contains(guid) { continue }
            if let url = item.canonicalURL { seenURLs.insert(url) }
            if let guid { seenGUIDs.insert(guid) }
            kept.append(item)
        }
        kept.sort { lhs, rhs in
            lhs.sortDate != rhs.sortDate ? lhs.sortDate > rhs.sortDate : lhs.id < rhs.id
        }
        return Array(kept.prefix(limit))
    }
}
