/// Precision and recall of a grouping over pairs of items: a pair is positive when both items are in one group.
public struct PairwiseScore: Sendable, Equatable, CustomStringConvertible {
    public var truePairs: Int
    public var predictedPairs: Int
    public var correctPairs: Int

    public var precision: Double { predictedPairs == 0 ? 1 : Double(correctPairs) / Double(predictedPairs) }
    public var recall: Double { truePairs == 0 ? 1 : Double(correctPairs) / Double(truePairs) }

    /// `groupOf` maps each item to its predicted group, `storyOf` to its true story.
    public init<Key: Hashable>(groupOf: [Key: String], storyOf: [Key: String]) {
        func pairs(_ labels: [Key: String]) -> Set<[Key]> {
            var members: [String: [Key]] = [:]
            for (key, label) in labels { members[label, default: []].append(key) }
            var result: Set<[Key]> = []
            for group in members.values where group.count > 1 {
                for i in group.indices { for j in group.indices where i < j { result.insert([group[i], group[j]].sorted { "\($0)" < "\($1)" }) } }
            }
            return result
        }
        let predicted = pairs(groupOf)
        let truth = pairs(storyOf)
        truePairs = truth.count
        predictedPairs = predicted.count
        correctPairs = predicted.intersection(truth).count
    }

    public var description: String {
        "precision \(Self.percent(precision)) (\(correctPairs)/\(predictedPairs) pairs), recall \(Self.percent(recall)) (\(correctPairs)/\(truePairs) pairs)"
    }

    static func percent(_ value: Double) -> String { "\((value * 1000).rounded() / 10)%" }
}
