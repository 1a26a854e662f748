import Foundation

/// Finds a date inside running text, as list pages and datelines write them: `[2026-03-13]`,
/// `2026年03月12日 16:40`, `2026/03/11`, `03-12` and `3月12日` (year inferred), `3小时前`, `昨天 15:20`, and in
/// English `March 12, 2026 4:40 PM`, `12 Mar 2026`, `2 hours ago`, `Yesterday at 9:15`.
/// Relative forms are read against `now` in the source's zone.
public enum DateFinder {
    private struct Patterns: @unchecked Sendable {  // NSRegularExpression is immutable and thread-safe once built
        let full: NSRegularExpression
        let monthDay: NSRegularExpression
        let relative: NSRegularExpression
        let dayWord: NSRegularExpression
        let englishMonthFirst: NSRegularExpression
        let englishDayFirst: NSRegularExpression
        let englishRelative: NSRegularExpression
        let englishDayWord: NSRegularExpression
    }

    private static let patterns: Patterns? = {
        // Five groups: a half-day word before the hour (下午), hour, minute, second, AM/PM after the time.
        let halfDay = Meridiem.words.map(\.word).joined(separator: "|")
        let clock = #"(\d{1,2})[:：时時點点](\d{2})(?:[:：分](\d{2}))?(?:\s*([AaPp]\.?[Mm]\.?)(?![A-Za-z]))?"#
        let time = #"(?:[ T\u3000]*("# + halfDay + #")?\s*"# + clock + ")?"
        // English puts a comma or "at" between date and time: `March 12, 2026, 4:40 PM`, `Yesterday at 9:15`.
        let englishTime = #"(?:,?[ \t]*(?:at[ \t]+)?("# + halfDay + #")?\s*"# + clock + ")?"
        let month = #"(?i:(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?)"#
        do {
            return Patterns(
                full: try NSRegularExpression(pattern: #"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*[日号號]?"# + time),
                monthDay: try NSRegularExpression(pattern: #"(?<![\d/.-])(\d{1,2})(?:\s*[-/]\s*|\s*月\s*)(\d{1,2})(?![\d/.:%-])\s*[日号號]?"# + time),
                relative: try NSRegularExpression(pattern: #"(\d{1,3})\s*(秒|分钟|分鐘|分|小时|小時|个小时|個小時|天|日|周|週|星期)\s*前"#),
                dayWord: try NSRegularExpression(pattern: #"(刚刚|剛剛|今天|今日|昨天|昨日|前天)"# + time),
                englishMonthFirst: try NSRegularExpression(
                    pattern: #"(?<![A-Za-z])"# + month + #"\s*(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{2})(?!\d)"# + englishTime),
                englishDayFirst: try NSRegularExpression(
                    pattern: #"(?<![\dA-Za-z])(\d{1,2})(?:st|nd|rd|th)?\s+"# + month + #",?\s+((?:19|20)\d{2})(?!\d)"# + englishTime),
                englishRelative: try NSRegularExpression(
                    pattern: #"(?i)(?<![A-Za-z\d])(\d{1,3}|an?|one)\s+(second|sec|minute|min|hour|hr|day|week)s?\s+ago(?![A-Za-z])"#),
                englishDayWord: try NSRegularExpression(pattern: #"(?i)(?<![A-Za-z])(just now|today|yesterday)(?![A-Za-z'’])"# + englishTime))
        } catch {
            return nil
        }
    }()

    public static func find(in text: String, now: Date, timeZone: TimeZone) -> Date? {
        guard let patterns, !text.isEmpty else { return nil }
        // Text of at most 400 bytes has at most 400 characters: only longer text is walked to cut it.
        let sample = text.utf8.count <= 400 ? text : String(text.prefix(400))
        let range = NSRange(sample.startIndex..., in: sample)
        func matched(_ match: NSTextCheckingResult, _ index: Int) -> Substring? {
            Range(match.range(at: index), in: sample).map { sample[$0] }
        }
        func group(_ match: NSTextCheckingResult, _ index: Int) -> Int? {
            matched(match, index).flatMap { Int($0) }
        }
        func withTime(_ day: CivilTime, _ match: NSTextCheckingResult, from first: Int) -> CivilTime {
            var time = day
            if let hour = group(match, first + 1), let minute = group(match, first + 2) {
                let meridiem = (matched(match, first) ?? matched(match, first + 4)).flatMap(Meridiem.init(word:))
                time.hour = meridiem?.hour(hour) ?? hour
                time.minute = minute
                time.second = group(match, first + 3) ?? 0
            }
            return time
        }
        if let match = patterns.full.firstMatch(in: sample, range: range),
           let year = group(match, 1), let month = group(match, 2), let day = group(match, 3) {
            let time = withTime(CivilTime(year: year, month: month, day: day), match, from: 4)
            if time.isValid { return time.date(in: timeZone) }
        }
        // English dates carry their year: the month is a word, so these cost nothing on pages without one.
        for (pattern, monthGroup, dayGroup) in [(patterns.englishMonthFirst, 1, 2), (patterns.englishDayFirst, 2, 1)] {
            if let match = pattern.firstMatch(in: sample, range: range),
               let name = matched(match, monthGroup), let month = DateParser.months[String(name.lowercased().prefix(3))],
               let day = group(match, dayGroup), let year = group(match, 3) {
                let time = withTime(CivilTime(year: year, month: month, day: day), match, from: 4)
                if time.isValid { return time.date(in: timeZone) }
            }
        }
        let today = CivilTime.from(now, offset: timeZone.secondsFromGMT(for: now))
        func daysBack(_ back: Int, _ match: NSTextCheckingResult, timeFrom first: Int) -> Date? {
            let days = CivilTime.daysSinceEpoch(year: today.year, month: today.month, day: today.day) - back
            let (y, m, d) = CivilTime.civil(fromDays: days)
            let time = withTime(CivilTime(year: y, month: m, day: d), match, from: first)
            return time.isValid ? time.date(in: timeZone) : nil
        }
        if let match = patterns.dayWord.firstMatch(in: sample, range: range), let word = matched(match, 1) {
            if word == "刚刚" || word == "剛剛" { return now }
            if let date = daysBack(word == "昨天" || word == "昨日" ? 1 : word == "前天" ? 2 : 0, match, timeFrom: 2) { return date }
        }
        if let match = patterns.relative.firstMatch(in: sample, range: range), let amount = group(match, 1), let unit = matched(match, 2) {
            let seconds: Double
            switch unit {
            case "秒": seconds = 1
            case "分钟", "分鐘", "分": seconds = 60
            case "小时", "小時", "个小时", "個小時": seconds = 3600
            case "天", "日": seconds = 86400
            default: seconds = 7 * 86400
            }
            return now.addingTimeInterval(-Double(amount) * seconds)
        }
        if let match = patterns.englishRelative.firstMatch(in: sample, range: range),
           let amountText = matched(match, 1), let unit = matched(match, 2)?.lowercased() {
            let amount = Int(amountText) ?? 1  // "a", "an", "one"
            let seconds: Double = unit.hasPrefix("s") ? 1 : unit.hasPrefix("m") ? 60 : unit.hasPrefix("h") ? 3600 : unit == "day" ? 86400 : 7 * 86400
            return now.addingTimeInterval(-Double(amount) * seconds)
        }
        // A day word counts before a time or at the end of the text: "Yesterday's vote" or "what happened
        // today" in a title dates nothing, while list pages write "Yesterday 9:15" or end an item with "Today".
        for match in patterns.englishDayWord.matches(in: sample, range: range) {
            guard let word = matched(match, 1)?.lowercased(),
                  match.range(at: 3).location != NSNotFound
                    || Range(match.range, in: sample).map({ sample[$0.upperBound...].allSatisfy(\.isWhitespace) }) == true
            else { continue }
            if word == "just now" { return now }
            if let date = daysBack(word == "yesterday" ? 1 : 0, match, timeFrom: 2) { return date }
        }
        if let match = patterns.monthDay.firstMatch(in: sample, range: range),
           let month = group(match, 1), let day = group(match, 2) {
            // The year is this year, unless that puts the date more than a day ahead: then last year.
            var time = withTime(CivilTime(year: today.year, month: month, day: day), match, from: 3)
            guard time.isValid || CivilTime(year: today.year - 1, month: month, day: day).isValid else { return nil }
            if !time.isValid || time.date(in: timeZone) > now.addingTimeInterval(86400) { time.year -= 1 }
            if time.isValid { return time.date(in: timeZone) }
        }
        return nil
    }

    /// Whether `text` may hold a date ``find(in:now:timeZone:)`` reads in English: a year from 1900 to 2099
    /// standing alone, `ago`, `today`, `yesterday` or `just now`. A cheap look before running the patterns.
    public static func mayHoldEnglishDate(_ text: String) -> Bool {
        var folded: [UInt8] = []  // ASCII letters lower-cased
        folded.reserveCapacity(text.utf8.count)
        var digits = 0
        // Four digits just read, starting 19 or 20, with no digit before them.
        func yearEnds() -> Bool {
            guard digits == 4 else { return false }
            let (first, second) = (folded[folded.count - 4], folded[folded.count - 3])
            return (first == UInt8(ascii: "1") && second == UInt8(ascii: "9")) || (first == UInt8(ascii: "2") && second == UInt8(ascii: "0"))
        }
        for byte in text.utf8 {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digits += 1
                folded.append(byte)
                continue
            }
            if yearEnds() { return true }
            digits = 0
            folded.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte)
        }
        if yearEnds() { return true }
        return ["ago", "today", "yesterday", "just now"].contains { word in
            let needle = Array(word.utf8)
            guard folded.count >= needle.count else { return false }
            return (0...(folded.count - needle.count)).contains { folded[$0..<$0 + needle.count].elementsEqual(needle) }
        }
    }

    /// A date in an article URL: `/20260311/`, `/2026-03/11/`, `/2026/03/11/`, `/202603/11/`, `t20260311_123.html`.
    public static func fromURL(_ url: String, timeZone: TimeZone) -> Date? {
        guard let path = URLComponents(string: url)?.path else { return nil }
        let digits = path.split(whereSeparator: { !$0.isNumber }).map(String.init)
        for (index, run) in digits.enumerated() {
            var candidate: (Int, Int, Int)?
            if run.count == 8, let y = Int(run.prefix(4)), let m = Int(run.dropFirst(4).prefix(2)), let d = Int(run.suffix(2)) {
                candidate = (y, m, d)
            } else if run.count == 6, index + 1 < digits.count, digits[index + 1].count <= 2,
                      let y = Int(run.prefix(4)), let m = Int(run.suffix(2)), let d = Int(digits[index + 1]) {
                candidate = (y, m, d)
            } else if run.count == 4, index + 2 < digits.count, digits[index + 1].count <= 2, digits[index + 2].count <= 2,
                      let y = Int(run), let m = Int(digits[index + 1]), let d = Int(digits[index + 2]) {
                candidate = (y, m, d)
            }
            if let (y, m, d) = candidate, (1995...2100).contains(y) {
                let day = CivilTime(year: y, month: m, day: d)
                if day.isValid { return day.date(in: timeZone) }
            }
        }
        return nil
    }
}
