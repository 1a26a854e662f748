/// The half of the day a 12-hour clock names: `4:40 PM`, `p.m.`, `下午4:40`, `午後4時`. Ignoring it put
/// afternoon items twelve hours early (`March 12, 2026 4:40 PM` read as 04:40).
enum Meridiem: Sendable {
    case am, pm
    /// 中午: around noon, so 11 and 12 stay and 1 or 2 is after noon.
    case noon

    /// Words written before or after the time. Chinese and Japanese write theirs before it.
    static let words: [(word: String, meridiem: Meridiem)] = [
        ("上午", .am), ("凌晨", .am), ("早上", .am), ("午前", .am),
        ("下午", .pm), ("晚上", .pm), ("午後", .pm), ("午后", .pm), ("中午", .noon),
    ]

    /// `am`, `a.m.`, `pm`, `p.m.` in any case, or one of ``words``, as a whole token.
    init?(word: some StringProtocol) {
        // Every word is at most 6 bytes (`a.m.`, `下午`): the date reader asks about each token of a date.
        guard word.utf8.count <= 6 else { return nil }
        let latin = word.lowercased().replacingOccurrences(of: ".", with: "")
        if latin == "am" {
            self = .am
        } else if latin == "pm" {
            self = .pm
        } else if let entry = Self.words.first(where: { $0.word == word }) {
            self = entry.meridiem
        } else {
            return nil
        }
    }

    /// A clock token with its meridiem attached, as in `4:40PM`, `4:40p.m.` or `下午4:40`: the clock and the
    /// meridiem; else the token itself.
    static func split(_ token: String) -> (clock: Substring, meridiem: Meridiem?) {
        if let entry = words.first(where: { token.hasPrefix($0.word) }) {
            return (token.dropFirst(entry.word.count), entry.meridiem)
        }
        let clock = token.prefix { !$0.isLetter }
        guard clock.last?.isNumber == true, clock.endIndex < token.endIndex, let meridiem = Meridiem(word: token[clock.endIndex...])
        else { return (Substring(token), nil) }
        return (clock, meridiem)
    }

    /// The hour on a 24-hour clock. An hour no 12-hour clock shows (`16:40 PM`, `0:30 AM`) is already one.
    func hour(_ hour: Int) -> Int {
        guard (1...12).contains(hour) else { return hour }
        switch self {
        case .am: return hour == 12 ? 0 : hour
        case .pm: return hour == 12 ? 12 : hour + 12
        case .noon: return hour >= 11 ? hour : hour + 12
        }
    }
}
