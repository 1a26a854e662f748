import Foundation
import Testing
@testable import FeedsmithCore

/// The fixture corpus: one story in Simplified, Traditional with flattened ruby and a cut reprint; same-topic
/// different stories; English near-duplicates; a GUID shared by two sources; a bridging report.
struct GroupCorpus: Decodable {
    struct Entry: Decodable {
        var id: String
        var story: String
        var source: String
        var title: String
        var text: String
        var published: String
        var url: String?
        var guid: String?
    }
    var items: [Entry]
    var expected_groups: [[String]]

    static func load() throws -> GroupCorpus {
        try JSONDecoder().decode(GroupCorpus.self, from: Data(try Fixture.bytes("group/corpus.json")))
    }
}

extension GroupCorpus.Entry {
    var date: Date { ISO8601DateFormatter().date(from: published) ?? Date(timeIntervalSince1970: 0) }
    var fingerprint: StoryFingerprint {
        StoryFingerprint.make(title: title, text: text, date: date, canonicalURL: url, guid: guid)
    }
    var uuid: UUID { UUID(uuidString: ItemIdentity.stableID(sourceID: source, key: id)) ?? UUID() }
}

@Suite struct GroupingTests {
    /// Groups the corpus in publication order and returns the groups as sorted lists of fixture ids.
    func group(_ entries: [GroupCorpus.Entry], options: GroupingOptions = GroupingOptions()) -> (groups: [[String]], index: StoryIndex) {
        var index = StoryIndex(options: options)
        var groupOf: [String: UUID] = [:]
        for entry in entries.sorted(by: { $0.date < $1.date }) {
            let assignment = index.assign(itemID: entry.uuid, source: entry.source, fingerprint: entry.fingerprint)
            groupOf[entry.id] = assignment.groupID
            for merged in assignment.merged {
                for (id, group) in groupOf where group == merged { groupOf[id] = assignment.groupID }
            }
        }
        var members: [UUID: [String]] = [:]
        for (id, group) in groupOf { members[group, default: []].append(id) }
        return (members.values.map { $0.sorted() }.sorted { $0[0] < $1[0] }, index)
    }

    @Test func corpusGroupsExactlyAsLabelled() throws {
        let corpus = try GroupCorpus.load()
        let expected = corpus.expected_groups.map { $0.sorted() }.sorted { $0[0] < $1[0] }
        #expect(group(corpus.items).groups == expected)
    }

    @Test func precisionAndRecallOnTheCorpus() throws {
        let corpus = try GroupCorpus.load()
        var index = StoryIndex()
        var groupOf: [String: String] = [:]
        var ordinals: [String: Int] = [:]
        for entry in corpus.items.sorted(by: { $0.date < $1.date }) {
            _ = index.assign(itemID: entry.uuid, source: entry.source, fingerprint: entry.fingerprint)
            ordinals[entry.id] = index.count - 1
        }
        for (id, ordinal) in ordinals { groupOf[id] = index.groupID(ofOrdinal: ordinal).uuidString }
        let score = PairwiseScore(groupOf: groupOf, storyOf: Dictionary(uniqueKeysWithValues: corpus.items.map { ($0.id, $0.story) }))
        #expect(score.precision == 1)
        #expect(score.recall == 1)
        #expect(score.truePairs == 3 + 1 + 1 + 1 + 3)
    }

    /// The drought story's three reports, oldest first: two sharing too little, and the one bridging them.
    static func drought() throws -> [GroupCorpus.Entry] {
        try GroupCorpus.load().items.filter { $0.story == "drought" }.sorted { $0.date < $1.date }
    }

    @Test func bridgingItemMergesTwoGroupsKeepingTheOlderId() throws {
        let drought = try Self.drought()
        var index = StoryIndex()
        let first = index.assign(itemID: drought[0].uuid, source: drought[0].source, fingerprint: drought[0].fingerprint)
        let second = index.assign(itemID: drought[1].uuid, source: drought[1].source, fingerprint: drought[1].fingerprint)
        #expect(first.groupID == drought[0].uuid)
        #expect(second.groupID == drought[1].uuid, "two reports sharing two of six paragraphs stay apart")
        index.commit()
        let bridge = index.assign(itemID: drought[2].uuid, source: drought[2].source, fingerprint: drought[2].fingerprint)
        #expect(bridge.groupID == drought[0].uuid)
        #expect(bridge.merged == [drought[1].uuid])
        #expect(index.groupID(ofOrdinal: 1) == drought[0].uuid)
    }

    /// An item of a templated feed like the soak's generated ones: every text alike but for its numbers.
    static func templated(source: Int, item: Int) -> StoryFingerprint {
        StoryFingerprint.make(
            title: "Source \(source) reports item \(item): council approves budget for district \(item * 7 % 31)",
            text: """
                The council of district \(item * 7 % 31) voted on Tuesday to approve a budget of \(item + 3) million for roads, \
                schools and parks, after a debate that lasted four hours. Residents from source \(source)'s area spoke for and \
                against. The plan now goes to the mayor, who is expected to sign it next week.
                """,
            date: Date(timeIntervalSince1970: 1_790_000_000 + Double(item) * 60),
            canonicalURL: "https://source\(source).example/news/\(item).html", guid: nil)
    }

    @Test func aSourcesTemplatedItemsStayApart() {
        var index = StoryIndex()
        for item in 0..<30 {
            let id = UUID()
            let assignment = index.assign(itemID: id, source: "s0", fingerprint: Self.templated(source: 0, item: item))
            #expect(assignment.groupID == id, "item \(item) joined \(assignment.groupID)")
        }
        // The same texts from different sources would all have been one story.
        let a = Self.templated(source: 0, item: 1)
        let b = Self.templated(source: 0, item: 2)
        #expect(StoryFingerprint.similarity(a.text, b.text) >= GroupingOptions().textSimilarity)
    }

    @Test func templatedFeedsFormGroupsOfOneItemPerSource() {
        // Three sources carrying the same twenty templated reports, grouped a source at a time as a first
        // refresh does: however alike the reports are, no group takes two items of one source.
        var index = StoryIndex()
        var groupOf: [String: UUID] = [:]
        for source in 0..<3 {
            for item in source == 0 ? Array(0..<20) : (0..<20).reversed() {
                let assignment = index.assign(itemID: UUID(), source: "s\(source)", fingerprint: Self.templated(source: source, item: item))
                #expect(assignment.merged.isEmpty)
                groupOf["\(source)-\(item)"] = assignment.groupID
            }
            index.commit()
        }
        var sizes: [UUID: Int] = [:]
        for group in groupOf.values { sizes[group, default: 0] += 1 }
        #expect(sizes.count == 20)
        #expect(sizes.values.allSatisfy { $0 == 3 })
    }

    @Test func anItemJoinsItsBestMatchNotTheOldest() {
        var index = StoryIndex()
        let older = UUID()
        let closer = UUID()
        // Two reports of one source, both alike enough to a third source's item; it joins the closer one.
        #expect(index.assign(itemID: older, source: "x", fingerprint: Self.templated(source: 0, item: 5)).groupID == older)
        #expect(index.assign(itemID: closer, source: "x", fingerprint: Self.templated(source: 0, item: 12)).groupID == closer)
        let copy = Self.templated(source: 1, item: 12)
        #expect(StoryFingerprint.similarity(copy.text, Self.templated(source: 0, item: 5).text) >= GroupingOptions().textSimilarity)
        #expect(index.assign(itemID: UUID(), source: "z", fingerprint: copy).groupID == closer)
        // A shared GUID outranks any likeness.
        let guid = "tag:wire.example,2026:budget-5"
        let proven = UUID()
        let withGUID = StoryFingerprint.make(title: "Budget passes", text: "A different text altogether, about the budget.", date: Date(), canonicalURL: nil, guid: guid)
        #expect(index.assign(itemID: proven, source: "y", fingerprint: withGUID).groupID == proven)
        let both = Self.templated(source: 2, item: 5)
        let bothWithGUID = StoryFingerprint.make(
            title: "Source 2 reports item 5: council approves budget for district 4",
            text: """
                The council of district 4 voted on Tuesday to approve a budget of 8 million for roads, \
                schools and parks, after a debate that lasted four hours. Residents from source 2's area spoke for and \
                against. The plan now goes to the mayor, who is expected to sign it next week.
                """,
            date: Date(timeIntervalSince1970: 1_790_000_300), canonicalURL: nil, guid: guid)
        #expect(StoryFingerprint.similarity(both.text, bothWithGUID.text) > 0.9)
        let assignment = index.assign(itemID: UUID(), source: "z2", fingerprint: bothWithGUID)
        #expect(assignment.groupID == older, "the proven group is merged into the older one it also matches")
        #expect(assignment.merged == [proven])
    }

    @Test func aBridgeDoesNotMergeGroupsSharingASource() throws {
        let drought = try Self.drought()
        var index = StoryIndex()
        // The second report comes from the first one's source: the bridge joins one group, never both.
        let first = index.assign(itemID: drought[0].uuid, source: drought[0].source, fingerprint: drought[0].fingerprint)
        let second = index.assign(itemID: drought[1].uuid, source: drought[0].source, fingerprint: drought[1].fingerprint)
        index.commit()
        let bridge = index.assign(itemID: drought[2].uuid, source: drought[2].source, fingerprint: drought[2].fingerprint)
        #expect(bridge.merged.isEmpty)
        #expect([first.groupID, second.groupID].contains(bridge.groupID))
        #expect(index.groupID(ofOrdinal: 0) != index.groupID(ofOrdinal: 1))
    }

    @Test func sameTopicDifferentFactsStayApart() throws {
        let corpus = try GroupCorpus.load()
        let loans = corpus.items.filter { $0.story.hasPrefix("loans") }
        let yinchuan = try #require(loans.first { $0.id == "s2-loans-yinchuan" }).fingerprint
        let shizuishan = try #require(loans.first { $0.id == "s3-loans-shizuishan" }).fingerprint
        #expect(StoryFingerprint.similarity(yinchuan.text, shizuishan.text) < 0.2)
        #expect(StoryFingerprint.similarity(yinchuan.title, shizuishan.title) < 0.7)
    }

    @Test func traditionalWithRubyFoldsToTheSimplifiedText() throws {
        #expect(!HanFolding.table.isEmpty, "ICU maps the Han blocks one to one")
        #expect(StoryText.normalize("銀川萬名黨員，現(xiàn)在（市、區(qū)）") == "银川万名党员现在市区")
        #expect(StoryText.normalizeTitle("【转载】銀川萬名黨員") == "银川万名党员")
        #expect(StoryText.normalize("正文第一段。\n转自：宁夏新闻网\n来源：银川日报\n（记者 张晓慧）") == "正文第一段")
        #expect(StoryText.normalize("Hello, World! ＡＢＣ １２３\nSource: Wire") == "helloworldabc123")
        #expect(StoryText.normalize("　　正文。\n來源：寧夏日報\n（記者 張曉慧）") == "正文")
        let corpus = try GroupCorpus.load()
        let simplified = try #require(corpus.items.first { $0.id == "s1-simplified" }).fingerprint
        let traditional = try #require(corpus.items.first { $0.id == "s1-traditional" }).fingerprint
        #expect(StoryFingerprint.similarity(simplified.text, traditional.text) > 0.8)
    }

    @Test func sharedGUIDOrURLIsProof() {
        let a = StoryFingerprint.make(title: "A", text: "one text entirely", date: Date(), canonicalURL: nil, guid: "tag:x.example,2026:1")
        let b = StoryFingerprint.make(title: "B", text: "something else said", date: Date(), canonicalURL: nil, guid: "tag:x.example,2026:1")
        let c = StoryFingerprint.make(title: "C", text: "third", date: Date(), canonicalURL: nil, guid: "1")
        let d = StoryFingerprint.make(title: "D", text: "fourth", date: Date(), canonicalURL: nil, guid: "1")
        var index = StoryIndex()
        let ids = (0..<4).map { _ in UUID() }
        #expect(index.assign(itemID: ids[0], source: "x", fingerprint: a).groupID == ids[0])
        #expect(index.assign(itemID: ids[1], source: "y", fingerprint: b).groupID == ids[0])
        #expect(index.assign(itemID: ids[2], source: "x", fingerprint: c).groupID == ids[2])
        #expect(index.assign(itemID: ids[3], source: "y", fingerprint: d).groupID == ids[3], "per-source numbers are not global ids")
    }

    /// A shared URL proves one story across sources, not within one: a live blog's updates (or a feed that links
    /// every item to its home page) stay separate stories, and another source's item at that URL joins one of them.
    @Test func aSharedURLWithinOneSourceIsNotProof() {
        func update(_ text: String) -> StoryFingerprint {
            StoryFingerprint.make(title: text, text: text, date: Date(), canonicalURL: "https://live.example/", guid: nil)
        }
        var index = StoryIndex()
        let ids = (0..<4).map { _ in UUID() }
        #expect(index.assign(itemID: ids[0], source: "live", fingerprint: update("The council opened its session")).groupID == ids[0])
        #expect(index.assign(itemID: ids[1], source: "live", fingerprint: update("Rain delays the harvest in the north")).groupID == ids[1])
        #expect(index.assign(itemID: ids[2], source: "live", fingerprint: update("A new bridge opens to traffic")).groupID == ids[2])
        let copy = index.assign(itemID: ids[3], source: "other", fingerprint: update("Reprint of the live page"))
        #expect(copy.groupID == ids[0], "the oldest of the groups its URL proves")
        #expect(copy.merged.isEmpty, "one source's updates are not merged by another's copy")
    }

    @Test func fingerprintsRoundTripThroughTheirEncoding() throws {
        let corpus = try GroupCorpus.load()
        for entry in corpus.items {
            let fingerprint = entry.fingerprint
            let encoded = fingerprint.encoded()
            #expect(encoded.count == StoryFingerprint.encodedSize)
            #expect(StoryFingerprint(encoded: encoded) == fingerprint)
        }
        #expect(StoryFingerprint(encoded: [1, 2, 3]) == nil)
    }

    @Test func loadedIndexKeepsGroupsAndGroupsNewItems() throws {
        let corpus = try GroupCorpus.load()
        let ordered = corpus.items.sorted { $0.date < $1.date }
        var first = StoryIndex()
        var assignments: [(GroupCorpus.Entry, UUID)] = []
        for entry in ordered.prefix(10) { assignments.append((entry, first.assign(itemID: entry.uuid, source: entry.source, fingerprint: entry.fingerprint).groupID)) }
        // Reload as a restart would, from (item, group, fingerprint) rows in grouping order, then continue.
        var reloaded = StoryIndex()
        var roots: [UUID: UInt32] = [:]
        for (entry, group) in assignments { reloaded.load(itemID: entry.uuid, groupID: group, source: entry.source, fingerprint: entry.fingerprint, groupOrdinals: &roots) }
        reloaded.commit()
        var continued = first
        for entry in ordered.dropFirst(10) {
            #expect(
                reloaded.assign(itemID: entry.uuid, source: entry.source, fingerprint: entry.fingerprint)
                    == continued.assign(itemID: entry.uuid, source: entry.source, fingerprint: entry.fingerprint))
        }
    }
}
