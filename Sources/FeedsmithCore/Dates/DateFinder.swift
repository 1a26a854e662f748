import Foundation

/// Finds a date inside running text, as list pages and datelines write them: `[2026-03-13]`,
/// `2026年03月12日 16:40`, `2026/03/11`, `03-12` and `3月12日` (year inferred), `3小时前`, `昨天 15:20`.
/// Relative forms are read against `now` in the source's zone.
public enum DateFinder {
    private struct Patterns: @unchecked Sendable {  // NSRegularExpression is immutable and thread-safe once built
        let full: NSRegularExpression
        let monthDay: NSRegularExpression
        let relative: NSRegularExpression
        let dayWord: NSRegularExpression
    }

    private static let patterns: Patterns? = {
        // Five groups: a half-day word before the hour (下午), hour, minute, second, AM/PM after the time.
        let halfDay = Meridiem.words.map(\.word).joined(separator: "|")
        let time = #"(?:[ T\u3000]*("# + halfDay + #")?\s*(\d{1,2})[:：时時點点](\d{2})(?:[:：分](\d{2}))?(?:\s*([AaPp]\.?[Mm]\.?)(?![A-Za-z]))?)?"#
        do {
            return Patterns(
                full: try NSRegularExpression(pattern: #"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*[日号號]?"# + time),
                monthDay: try NSRegularExpression(pattern: #"(?<![\d/.-])(\d{1,2})(?:\s*[-/]\s*|\s*月\s*)(\d{1,2})(?![\d/.:%-])\s*[日号號]?"# + time),
                relative: try NSRegularExpression(pattern: #"(\d{1,3})\s*(秒|分钟|分鐘|分|小时|小時|个小时|個小時|天|日|周|週|星期)\s*前"#),
                dayWord: try NSRegularExpression(pattern: #"(刚刚|剛剛|今天|今日|昨天|昨日|前天)"# + time))
        } catch {
            return nil
        }
    }()

    public static func find(in text: String, now: Date, timeZone: TimeZone) -> Date? {
        guard let patterns, !text.isEmpty else { return nil }
        // Text of at most 400 bytes has at most 400 characters: only longer text is walked to cut it.
        let sample = text.utf8.count <= 400 ? text : String(text.prefix(400))
        let range = NSRange(sample.startIndex..., in: sample)
        func group(_ match: NSTextCheckingResult, _ index: Int) -> Int? {
            guard let r = Range(match.range(at: index), in: sample) else { return nil }
            return Int(sample[r])
        }
        func matched(_ match: NSTextCheckingResult, _ index: Int) -> Substring? {
            Range(match.range(at: index), in: sample).map { sample[$0] }
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
        let today = CivilTime.from(now, offset: timeZone.secondsFromGMT(for: now))
        if let match = patterns.dayWord.firstMatch(in: sample, range: range), let r = Range(match.range(at: 1), in: sample) {
            let word = sample[r]
            if word == "刚刚" || word == "剛剛" { return now }
            let back = word == "昨天" || word == "昨日" ? 1 : word == "前天" ? 2 : 0
            let days = CivilTime.daysSinceEpoch(year: today.year, month: today.month, day: today.day) - back
            let (y, m, d) = CivilTime.civil(fromDays: days)
            let time = withTime(CivilTime(year: y, month: m, day: d), match, from: 2)
            if time.isValid { return time.date(in: timeZone) }
        }
        if let match = patterns.relative.firstMatch(in: sample, range: range), let amount = group(match, 1),
           let r = Range(match.range(at: 2), in: sample) {
            let unit: Double
            switch sample[r] {
            case "秒": unit = 1
            case "分钟", "分鐘", "分": unit = 60
            case "小时", "小時", "个小时", "個小時": unit = 3600
            case "天", "日": unit = 86400
            default: unit = 7 * 86400
            }
            return now.addingTimeInterval(-Double(amount) * unit)
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
