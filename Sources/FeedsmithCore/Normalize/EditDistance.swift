/// Levenshtein distance over characters: config-key suggestions, and text comparisons in tests.
public enum EditDistance {
    public static func between(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        guard !x.isEmpty else { return y.count }
        guard !y.isEmpty else { return x.count }
        var row = Array(0...y.count)
        for i in 1...x.count {
            var previous = row[0]
            row[0] = i
            for j in 1...y.count {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (x[i - 1] == y[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[y.count]
    }

    /// 1 − distance / longer length: 1 for equal texts, 0 for nothing in common.
    public static func similarity(_ a: String, _ b: String) -> Double {
        let longer = max(a.count, b.count)
        return longer == 0 ? 1 : 1 - Double(between(a, b)) / Double(longer)
    }
}
