import Foundation

/// An item as the store keeps it: the parsed ``Item`` plus its identity and bookkeeping.
public struct StoredItem: Sendable, Equatable {
    /// A UUID assigned when the item was first stored; never changes.
    public var id: String
    public var sourceID: String
    public var canonicalURL: String?
    public var firstSeen: Date
    public var contentHash: String
    public var item: Item
    /// The story group the item belongs to (the id of the group's first member); nil until grouped.
    public var groupID: String?

    public init(id: String, sourceID: String, canonicalURL: String?, firstSeen: Date, contentHash: String, item: Item, groupID: String? = nil) {
        self.id = id
        self.sourceID = sourceID
        self.canonicalURL = canonicalURL
        self.firstSeen = firstSeen
        self.contentHash = contentHash
        self.item = item
        self.groupID = groupID
    }

    /// The date a timeline orders by: publication, else when Feedsmith first saw the item.
    public var sortDate: Date { item.published ?? firstSeen }
}
