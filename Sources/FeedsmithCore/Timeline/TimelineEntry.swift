import Foundation

/// One entry of an output: an item, or a story group represented by one of its members.
public struct TimelineEntry: Sendable, Equatable {
    /// The member the entry shows: the earliest published (the original rather than a reprint).
    public var representative: StoredItem
    /// The other members, earliest first: the same story as reported elsewhere.
    public var others: [StoredItem]

    /// The entry's id: the item's own, or for a group the group's (its first member's), which survives new
    /// members and a new representative.
    public var id: String

    /// An entry for one item, ungrouped.
    public init(item: StoredItem) {
        representative = item
        others = []
        id = item.id
    }

    public init(id: String, representative: StoredItem, others: [StoredItem]) {
        self.id = id
        self.representative = representative
        self.others = others
    }

    /// When the entry last changed: the representative's own update, or a later member's arrival.
    public var updated: Date {
        let own = representative.item.updated ?? representative.item.published ?? representative.firstSeen
        return others.map(\.firstSeen).reduce(own, max)
    }
}
