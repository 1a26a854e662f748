/// One LSH band's inverted index: band key → item ordinals, as two parallel arrays sorted by key.
///
/// Eight bytes per item and band, searched by binary search; a batch of new entries is merged in one pass,
/// which keeps memory compact where a dictionary of arrays would cost several times as much per item.
struct BandTable: Sendable {
    private(set) var keys: [UInt32] = []
    private(set) var ordinals: [UInt32] = []

    /// Ordinals stored under `key`, at most `limit` of them (a key shared by thousands of items is boilerplate).
    func lookup(_ key: UInt32, limit: Int, into result: inout [UInt32]) {
        var low = 0
        var high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if keys[middle] < key { low = middle + 1 } else { high = middle }
        }
        var index = low
        while index < keys.count, keys[index] == key, index - low < limit {
            result.append(ordinals[index])
            index += 1
        }
    }

    /// Merges entries (in any order) into the table.
    mutating func merge(_ entries: [(key: UInt32, ordinal: UInt32)]) {
        guard !entries.isEmpty else { return }
        var sorted = entries
        sorted.sort { $0.key != $1.key ? $0.key < $1.key : $0.ordinal < $1.ordinal }
        var newKeys = [UInt32]()
        var newOrdinals = [UInt32]()
        newKeys.reserveCapacity(keys.count + sorted.count)
        newOrdinals.reserveCapacity(keys.count + sorted.count)
        var i = 0
        var j = 0
        while i < keys.count || j < sorted.count {
            if j == sorted.count || (i < keys.count && keys[i] <= sorted[j].key) {
                newKeys.append(keys[i])
                newOrdinals.append(ordinals[i])
                i += 1
            } else {
                newKeys.append(sorted[j].key)
                newOrdinals.append(sorted[j].ordinal)
                j += 1
            }
        }
        keys = newKeys
        ordinals = newOrdinals
    }

    var count: Int { keys.count }
}
