import Foundation

/// Merges the items of several sources into one list: newest first, one entry per article.
public enum Timeline {
    /// `candidates` need not be sorted. Items sharing a canonical URL or an IRI GUID across sources are
    /// one article; the earliest-published copy (the original rather than a reprint) is kept, ties going
    /// to the earliest seen, so the choice does not move between refreshes. Within one source they stay apart:
    /// the store already told them apart (a live blog's updates, a feed that links every item to its home page).
    public static func merge(_ candidates: [StoredItem], limit: Int) -> [StoredItem] {
        // Indices are sorted, not the items: moving whole stored items (a dozen strings each) in the sort
        // cost more than the comparisons.
        // As seconds: comparing `Date`s went through its protocol witnesses on every comparison of both sorts.
        let keys = candidates.map { ($0.sortDate.timeIntervalSinceReferenceDate, $0.firstSeen.timeIntervalSinceReferenceDate) }
        let byFirstSeen = candidates.indices.sorted { a, b in
            keys[a] != keys[b] ? keys[a] < keys[b] : candidates[a].id < candidates[b].id
        }
        // Each URL and GUID kept, with the source that kept it.
        var urlSources: [String: String] = [:]
        var guidSources: [String: String] = [:]
        var keptIndices: [Int] = []
        for index in byFirstSeen {
            // The keys are read in place: a copy of the item retained and released each of its dozen strings.
            let url = candidates[index].canonicalURL
            // Only GUIDs that are IRIs are global: two sources may both number their items 1, 2, 3.
            let guid = ItemIdentity.globalGUID(candidates[index].item.guid)
            let source = candidates[index].sourceID
            if let url, let owner = urlSources[url], owner != source { continue }
            if let guid, let owner = guidSources[guid], owner != source { continue }
            if let url, urlSources[url] == nil { urlSources[url] = source }
            if let guid, guidSources[guid] == nil { guidSources[guid] = source }
            keptIndices.append(index)
        }
        keptIndices.sort { a, b in
            keys[a].0 != keys[b].0 ? keys[a].0 > keys[b].0 : candidates[a].id < candidates[b].id
        }
        return keptIndices.prefix(limit).map { candidates[$0] }
    }

    /// At most this many other reports are listed under a group's entry, the earliest first.
    public static let maximumOthers = 20

    /// One entry per story group, newest first by the group's first publication. Each group is represented by
    /// its earliest-published member (ties: earliest seen, then id), so the representative is the original and
    /// does not move between refreshes; copies with the representative's URL are not listed again, and only the
    /// first ``maximumOthers`` others are (so a report arriving after them does not change the entry).
    public static func grouped(_ candidates: [StoredItem], limit: Int) -> [TimelineEntry] {
        var members: [String: [StoredItem]] = [:]
        var seen: Set<String> = []
        for item in candidates where seen.insert(item.id).inserted {
            members[item.groupID ?? item.id, default: []].append(item)
        }
        var entries: [TimelineEntry] = []
        entries.reserveCapacity(members.count)
        for (groupID, group) in members {
            let ordered = group.sorted { ($0.sortDate, $0.firstSeen, $0.id) < ($1.sortDate, $1.firstSeen, $1.id) }
            guard let representative = ordered.first else { continue }
            var links: Set<String> = [representative.canonicalURL ?? representative.id]
            let others = ordered.dropFirst().filter { links.insert($0.canonicalURL ?? $0.id).inserted }
            entries.append(TimelineEntry(id: groupID, representative: representative, others: Array(others.prefix(maximumOthers))))
        }
        entries.sort { lhs, rhs in
            lhs.representative.sortDate != rhs.representative.sortDate
                ? lhs.representative.sortDate > rhs.representative.sortDate : lhs.id < rhs.id
        }
        return Array(entries.prefix(limit))
    }
}
