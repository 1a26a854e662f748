import Foundation

/// Groups items that tell the same story, incrementally: a new item is compared only with the stored items
/// that share an LSH band with it (or its canonical URL or GUID), never with every stored item.
///
/// Items are numbered (ordinals) in the order they were grouped, so a smaller ordinal is an older item. Groups
/// form a union-find forest over ordinals; a group's id is the item id of its first member and survives merges:
/// when a bridging item joins two groups, the younger group is folded into the older one.
///
/// A group holds at most one item per source unless an item shares a canonical URL or GUID with another source's
/// item in it. Without that rule, templated items (release notes, weather warnings, "council approves budget for
/// district N") chained into one ever-growing group: a soak of 2,000 generated feeds put all 42,001 stored items
/// in one group, so the aggregate feed showed a single entry and every publication read all 42,001 members. A new
/// item therefore joins the most similar group that has no item from its source, and a bridging item merges only
/// groups whose sources do not overlap.
public struct StoryIndex: Sendable {
    /// Where one item landed.
    public struct Assignment: Sendable, Equatable {
        public var itemID: UUID
        public var groupID: UUID
        /// Groups folded into `groupID` because this item bridged them.
        public var merged: [UUID]
    }

    public let options: GroupingOptions
    static let textBands = 12
    static let textRows = StoryFingerprint.textBins / textBands
    static let titleBands = 4
    static let titleRows = StoryFingerprint.titleBins / titleBands
    /// Text bands, title bands, then the URL and GUID keys.
    static let bandCount = textBands + titleBands + 2
    /// Candidates read per band key; more means the key is boilerplate shared by unrelated items.
    static let keyLimit = 200

    private(set) var ids: [UUID] = []
    private var textSignatures: [UInt8] = []
    private var titleSignatures: [UInt8] = []
    private var sizes: [(shingles: UInt32, titleLength: UInt16)] = []
    private var minutes: [Int32] = []
    private var proofKeys: [(url: UInt64, guid: UInt64)] = []
    /// Each item's source, as a number given in order of first appearance (``sourceNumbers``).
    private var sources: [UInt32] = []
    private var sourceNumbers: [String: UInt32] = [:]
    /// The sources of each group with more than one member, sorted, by root; a single item's group has its own.
    private var groupSources: [UInt32: [UInt32]] = [:]
    private var parent: [UInt32] = []
    /// Group ids of roots whose own item is not the group's first member (that one fell out of the window).
    private var rootGroupIDs: [UInt32: UUID] = [:]
    private var bands = [BandTable](repeating: BandTable(), count: bandCount)
    /// Entries added since the last ``commit()``, searchable at once so a batch groups with itself.
    private var pending: [UInt64: [UInt32]] = [:]
    private var pendingEntries = [[(key: UInt32, ordinal: UInt32)]](repeating: [], count: bandCount)

    public init(options: GroupingOptions = GroupingOptions()) {
        self.options = options
    }

    public var count: Int { ids.count }

    /// Adds an item already grouped (loading from the store), in grouping order. Loaded items become
    /// candidates at the next ``commit()``, which is called once after loading.
    public mutating func load(
        itemID: UUID, groupID: UUID, source: String, fingerprint: StoryFingerprint, groupOrdinals: inout [UUID: UInt32]
    ) {
        let ordinal = append(itemID, fingerprint, source: source, searchableAtOnce: false)
        if let root = groupOrdinals[groupID] {
            parent[Int(ordinal)] = root
            // Groups stored before the one-item-per-source rule may repeat a source; they are loaded as stored.
            groupSources[root] = Self.union(sourcesOf(root: root), [sources[Int(ordinal)]])
        } else {
            groupOrdinals[groupID] = ordinal
            if groupID != itemID { rootGroupIDs[ordinal] = groupID }
        }
    }

    /// Groups a new item from `source` with the stored items that tell the same story and adds it.
    ///
    /// The item joins the group of its best match among groups without an item from its source (a shared URL
    /// or GUID with another source's item joins regardless); every other matched group whose sources overlap
    /// neither is merged in, the older group surviving.
    public mutating func assign(itemID: UUID, source: String, fingerprint: StoryFingerprint) -> Assignment {
        let number = sourceNumber(source)
        var best: [UInt32: Double] = [:]  // each matched group's best score, by root
        for candidate in candidates(fingerprint) {
            guard let score = proves(fingerprint, Int(candidate), source: number) ? Self.proofScore : storyScore(fingerprint, Int(candidate))
            else { continue }
            let root = find(candidate)
            best[root] = max(best[root] ?? 0, score)
        }
        // Best first; among equals the older group, so the outcome does not depend on candidate order.
        let matches = best.map { (root: $0.key, score: $0.value) }.sorted { $0.score != $1.score ? $0.score > $1.score : $0.root < $1.root }
        var joined: [UInt32] = []
        var members: [UInt32] = [number]
        for match in matches {
            let theirs = sourcesOf(root: match.root)
            // Proof joins one group whatever its sources; merging more takes sources that do not overlap, or one
            // source's updates sharing a URL would be merged by another source's copy of it.
            guard (match.score >= Self.proofScore && joined.isEmpty) || Self.disjoint(members, theirs) else { continue }
            joined.append(match.root)
            members = Self.union(members, theirs)
        }
        let ordinal = append(itemID, fingerprint, source: source, searchableAtOnce: true)
        guard let survivor = joined.min() else { return Assignment(itemID: itemID, groupID: itemID, merged: []) }
        parent[Int(ordinal)] = survivor
        var merged: [UUID] = []
        for root in joined.sorted() where root != survivor {
            merged.append(groupID(ofRoot: root))
            parent[Int(root)] = survivor
            rootGroupIDs[root] = nil
            groupSources[root] = nil
        }
        groupSources[survivor] = members
        return Assignment(itemID: itemID, groupID: groupID(ofRoot: survivor), merged: merged)
    }

    /// Moves the entries added since the last commit into the sorted band tables.
    public mutating func commit() {
        for band in 0..<Self.bandCount where !pendingEntries[band].isEmpty {
            bands[band].merge(pendingEntries[band])
            pendingEntries[band] = []
        }
        pending = [:]
    }

    /// The group id of an item by ordinal.
    public mutating func groupID(ofOrdinal ordinal: Int) -> UUID {
        groupID(ofRoot: find(UInt32(ordinal)))
    }

    private func groupID(ofRoot root: UInt32) -> UUID {
        rootGroupIDs[root] ?? ids[Int(root)]
    }

    private mutating func find(_ ordinal: UInt32) -> UInt32 {
        var node = ordinal
        while parent[Int(node)] != node {
            let grandparent = parent[Int(parent[Int(node)])]
            parent[Int(node)] = grandparent
            node = grandparent
        }
        return node
    }

    // MARK: Candidates and the decision

    private func candidates(_ fingerprint: StoryFingerprint) -> [UInt32] {
        var found: [UInt32] = []
        for (band, key) in Self.bandKeys(fingerprint) {
            bands[band].lookup(key, limit: Self.keyLimit, into: &found)
            if let recent = pending[UInt64(band) << 32 | UInt64(key)] { found += recent.prefix(Self.keyLimit) }
        }
        found.sort()
        var unique: [UInt32] = []
        unique.reserveCapacity(found.count)
        for ordinal in found where unique.last != ordinal { unique.append(ordinal) }
        return unique
    }

    /// Above any similarity: the score of a match by shared canonical URL or global GUID.
    static let proofScore = 2.0

    /// A shared canonical URL or global GUID, from another source: items of one source that share them were told
    /// apart by the store (a live blog's updates, a feed that links every item to its home page), and as proof they
    /// put all of them in one group, shown as one entry.
    func proves(_ fingerprint: StoryFingerprint, _ other: Int, source: UInt32) -> Bool {
        guard sources[other] != source else { return false }
        let keys = proofKeys[other]
        return (fingerprint.urlKey != 0 && fingerprint.urlKey == keys.url) || (fingerprint.guidKey != 0 && fingerprint.guidKey == keys.guid)
    }

    /// How alike two items are when their texts say they are one story: the text similarity when the texts
    /// are near-identical, else the title similarity when the titles are close, the texts shared and the dates
    /// within the window. Nil when they are not one story.
    func storyScore(_ fingerprint: StoryFingerprint, _ other: Int) -> Double? {
        let size = sizes[other]
        guard fingerprint.textShingles > 0, size.shingles > 0 else { return nil }
        let text = similarity(fingerprint.text, textSignatures, at: other, width: StoryFingerprint.textBins)
        let enoughText = min(fingerprint.textShingles, size.shingles) >= UInt32(options.minimumShingles)
        if enoughText, text >= options.textSimilarity { return text }
        guard fingerprint.titleLength >= 4, size.titleLength >= 4,
              abs(Int(fingerprint.minute) - Int(minutes[other])) <= Int(options.dateWindow / 60) else { return nil }
        let title = similarity(fingerprint.title, titleSignatures, at: other, width: StoryFingerprint.titleBins)
        guard title >= options.titleSimilarity else { return nil }
        // Containment of the shorter text in the longer, from the Jaccard estimate and the set sizes.
        let a = Double(fingerprint.textShingles)
        let b = Double(size.shingles)
        let containment = min(1, text * (a + b) / ((1 + text) * min(a, b)))
        return containment >= options.minimumContainment ? title : nil
    }

    // MARK: Sources

    private mutating func sourceNumber(_ source: String) -> UInt32 {
        if let number = sourceNumbers[source] { return number }
        let number = UInt32(sourceNumbers.count)
        sourceNumbers[source] = number
        return number
    }

    private func sourcesOf(root: UInt32) -> [UInt32] {
        groupSources[root] ?? [sources[Int(root)]]
    }

    /// Whether two sorted lists share no element.
    static func disjoint(_ a: [UInt32], _ b: [UInt32]) -> Bool {
        var i = 0
        var j = 0
        while i < a.count, j < b.count {
            if a[i] == b[j] { return false }
            if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return true
    }

    /// The sorted union of two sorted lists, each element once.
    static func union(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(a.count + b.count)
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            let next: UInt32
            if j == b.count || (i < a.count && a[i] <= b[j]) { next = a[i]; i += 1 } else { next = b[j]; j += 1 }
            if result.last != next { result.append(next) }
        }
        return result
    }

    private func similarity(_ signature: [UInt8], _ table: [UInt8], at ordinal: Int, width: Int) -> Double {
        guard signature.count == width else { return 0 }
        var equal = 0
        let base = ordinal * width
        for index in 0..<width where signature[index] == table[base + index] { equal += 1 }
        return StoryFingerprint.estimate(equal: equal, of: width)
    }

    // MARK: Storage

    /// `searchableAtOnce` also files the item's band keys in a dictionary, so the rest of a batch finds it
    /// before the next commit; loading skips that, since the dictionary costs far more per entry than the tables.
    private mutating func append(_ itemID: UUID, _ fingerprint: StoryFingerprint, source: String, searchableAtOnce: Bool) -> UInt32 {
        let ordinal = UInt32(ids.count)
        ids.append(itemID)
        sources.append(sourceNumber(source))
        textSignatures += fingerprint.text.count == StoryFingerprint.textBins ? fingerprint.text : [UInt8](repeating: 0, count: StoryFingerprint.textBins)
        titleSignatures += fingerprint.title.count == StoryFingerprint.titleBins ? fingerprint.title : [UInt8](repeating: 0, count: StoryFingerprint.titleBins)
        sizes.append((fingerprint.text.isEmpty ? 0 : fingerprint.textShingles, fingerprint.title.isEmpty ? 0 : fingerprint.titleLength))
        minutes.append(fingerprint.minute)
        proofKeys.append((fingerprint.urlKey, fingerprint.guidKey))
        parent.append(ordinal)
        for (band, key) in Self.bandKeys(fingerprint) {
            pendingEntries[band].append((key, ordinal))
            if searchableAtOnce { pending[UInt64(band) << 32 | UInt64(key), default: []].append(ordinal) }
        }
        return ordinal
    }

    /// The LSH band keys of a fingerprint: rows of each signature hashed together, plus the proof keys.
    static func bandKeys(_ fingerprint: StoryFingerprint) -> [(Int, UInt32)] {
        var keys: [(Int, UInt32)] = []
        keys.reserveCapacity(bandCount)
        func add(_ signature: [UInt8], bands count: Int, rows: Int, offset: Int) {
            guard signature.count == count * rows else { return }
            for band in 0..<count {
                var h = UInt64(offset + band) << 56
                for row in 0..<rows { h = (h ^ UInt64(signature[band * rows + row])) &* 0x0000_0100_0000_01B3 }
                keys.append((offset + band, UInt32(truncatingIfNeeded: StoryFingerprint.mix(h))))
            }
        }
        if fingerprint.textShingles > 0 { add(fingerprint.text, bands: textBands, rows: textRows, offset: 0) }
        if fingerprint.titleLength >= 4 { add(fingerprint.title, bands: titleBands, rows: titleRows, offset: textBands) }
        if fingerprint.urlKey != 0 { keys.append((textBands + titleBands, UInt32(truncatingIfNeeded: fingerprint.urlKey))) }
        if fingerprint.guidKey != 0 { keys.append((textBands + titleBands + 1, UInt32(truncatingIfNeeded: fingerprint.guidKey))) }
        return keys
    }

    /// Approximate bytes held per item, for the benchmark's report.
    public var bytesPerItem: Int {
        16 + StoryFingerprint.textBins + StoryFingerprint.titleBins + 8 + 4 + 16 + 4 + 4 + Self.bandCount * 8
    }
}
