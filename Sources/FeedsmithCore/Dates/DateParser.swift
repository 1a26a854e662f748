import Foundation

/// Parses the dates feeds and pages carry: RFC 3339 / ISO 8601 / W3CDTF, RFC 822 with its real-world
/// variants, and numeric CJK forms (`2026年03月12日 16:40`). A date without a zone is read in the
/// source's zone, never silently as UTC — the cause of the familiar eight-hour shifts.
public enum DateParser {
    public static func parse(_ raw: String, timeZone: TimeZone) -> Date? {
        guard raw.utf8.count <= 120 else { return nil }
        if let date = canonicalRFC822(raw) { return date }
        let text = TextHygiene.singleLine(raw)
        guard !text.isEmpty, text.utf8.count <= 100 else { return nil }
        if let date = parseNumeric(text, timeZone: timeZone) { return date }
        return parseRFC822(text, timeZone: timeZone)
    }

    // MARK: ISO 8601, W3CDTF and CJK numeric dates

    /// `2026-03-12T16:40:00.5+08:00`, `2026-03-12 16:40`, `2026/3/12`, `2026.03.12`, `2026年3月12日 16时40分`,
    /// `2026-03`, `2026`, `20260312T164000Z`.
    static func parseNumeric(_ text: String, timeZone: TimeZone) -> Date? {
        var scanner = ByteScanner(text)
        guard let year = scanner.digits(min: 4, max: 4) else { return nil }
        var time = CivilTime(year: year, month: 1, day: 1)
        if scanner.atEnd { return time.date(in: timeZone) }
        let compact = scanner.peekDigit
        if compact {  // basic format 20260312[T164000]
            guard let month = scanner.digits(min: 2, max: 2), let day = scanner.digits(min: 2, max: 2) else { return nil }
            time.month = month
            time.day = day
        } else {
            guard scanner.skip(anyOf: ["-", "/", ".", "年"]) else { return nil }
            guard let month = scanner.digits(min: 1, max: 2) else { return nil }
            time.month = month
            if scanner.atEnd || (scanner.skip(anyOf: ["月"]) && scanner.atEnd) {
                return time.isValid ? time.date(in: timeZone) : nil
            }
            _ = scanner.skip(anyOf: ["-", "/", "."])
            guard let day = scanner.digits(min: 1, max: 2) else { return nil }
            time.day = day
            _ = scanner.skip(anyOf: ["日", "号"])
        }
        guard time.isValid else { return nil }
        let afterDate = scanner.position
        scanner.skipSpaces()
        _ = scanner.skip(anyOf: ["T", "t"])
        scanner.skipSpaces()
        if scanner.atEnd { return time.date(in: timeZone) }
        var meridiem = scanner.meridiemWord()
        scanner.skipSpaces()
        guard let hour = scanner.digits(min: 1, max: 2) else {
            // A weekday or other words after the date, as in `2026-03-12 星期四`: the date alone.
            scanner.position = afterDate
            return scanner.restIsNoise ? time.date(in: timeZone) : nil
        }
        time.hour = hour
        guard scanner.skip(anyOf: [":", "时", "時", "點", "点"]) || compact, let minute = scanner.digits(min: 2, max: 2, allowOne: !compact)
        else { return nil }
        time.minute = minute
        _ = scanner.skip(anyOf: ["分"])
        if scanner.skip(anyOf: [":"]) || (compact && scanner.peekDigit) {
            guard let second = scanner.digits(min: 2, max: 2) else { return nil }
            time.second = second
            _ = scanner.skip(anyOf: ["秒"])
            if scanner.skip(anyOf: [".", ","]) {
                let fraction = scanner.digitString(max: 9)
                guard !fraction.isEmpty else { return nil }
                time.nanosecond = Int(fraction.padding(toLength: 9, withPad: "0", startingAt: 0)) ?? 0
                _ = scanner.digitString(max: 100)  // precision beyond nanoseconds
            }
        }
        scanner.skipSpaces()
        if let suffix = scanner.latinMeridiem() {
            meridiem = suffix
            scanner.skipSpaces()
        }
        if let meridiem { time.hour = meridiem.hour(time.hour) }
        guard time.isValid else { return nil }
        if scanner.atEnd { return time.date(in: timeZone) }
        guard let offset = scanner.zoneOffset(sourceZone: timeZone), scanner.atEndAfterSpaces else {
            return nil
        }
        return Date(timeIntervalSince1970: time.epochSeconds(offset: offset))
    }

    // MARK: RFC 822 and friends

    static let months: [String: Int] = [
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
    ]

    /// `Sat, 07 Sep 2002 00:00:01 GMT`, `7 Sep 02 0:00 +0800`, `Tue Mar 10 2026 16:40:00 GMT+0800 (China Standard Time)`,
    /// `Sep 7, 2002 16:40 EST`. Weekdays are ignored (they are often wrong).
    /// The form nearly every RSS feed writes — `Sun, 29 Nov 2026 12:50:05 +0000`, weekday optional, `GMT`,
    /// `UT`, `UTC` or `Z` for UTC — read straight from the bytes. Anything else (other zone names, missing
    /// seconds, extra words, odd spacing) returns nil and takes the general path, which gives the same
    /// answer for these forms; this one only skips its allocations, a third of the cost of parsing a feed.
    static func canonicalRFC822(_ raw: String) -> Date? {
        var raw = raw
        return raw.withUTF8 { all -> Date? in
            var start = 0, end = all.count
            while start < end, isSpace(all[start]) { start += 1 }
            while end > start, isSpace(all[end - 1]) { end -= 1 }
            let bytes = UnsafeBufferPointer(rebasing: all[start..<end])
            var index = 0
            func letter(_ offset: Int) -> UInt8? {
                guard index + offset < bytes.count else { return nil }
                let byte = bytes[index + offset] | 0x20
                return byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte : nil
            }
            func number(_ count: Int) -> Int? {
                guard index + count <= bytes.count else { return nil }
                var value = 0
                for offset in 0..<count {
                    let byte = bytes[index + offset]
                    guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                    value = value * 10 + Int(byte - UInt8(ascii: "0"))
                }
                index += count
                return value
            }
            func expect(_ byte: UInt8) -> Bool {
                guard index < bytes.count, bytes[index] == byte else { return false }
                index += 1
                return true
            }
            // Optional weekday: three letters, a comma, a space.
            if letter(0) != nil {
                guard letter(1) != nil, letter(2) != nil, index + 4 < bytes.count, bytes[index + 3] == UInt8(ascii: ","),
                      bytes[index + 4] == UInt8(ascii: " ") else { return nil }
                index += 5
            }
            let twoDigitDay = index + 1 < bytes.count && bytes[index + 1] != UInt8(ascii: " ")
            guard let day = number(twoDigitDay ? 2 : 1), expect(UInt8(ascii: " ")),
                  let m1 = letter(0), let m2 = letter(1), let m3 = letter(2) else { return nil }
            index += 3
            guard let month = monthNumber(m1, m2, m3), expect(UInt8(ascii: " ")), let year = number(4), expect(UInt8(ascii: " ")),
                  let hour = number(2), expect(UInt8(ascii: ":")), let minute = number(2), expect(UInt8(ascii: ":")),
                  let second = number(2), expect(UInt8(ascii: " ")), index < bytes.count else { return nil }
            var offset = 0
            let sign = bytes[index]
            if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                index += 1
                guard bytes.count - index == 4, let hours = number(2), let minutes = number(2), hours <= 14, minutes < 60 else { return nil }
                offset = (hours * 3600 + minutes * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
            } else {
                let zone = bytes[index...].map { $0 | 0x20 }
                guard zone == Array("gmt".utf8) || zone == Array("ut".utf8) || zone == Array("utc".utf8) || zone == [UInt8(ascii: "z")]
                else { return nil }
            }
            let time = CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
            guard time.isValid else { return nil }
            return Date(timeIntervalSince1970: time.epochSeconds(offset: offset))
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// Lower-case month abbreviations.
    private static func monthNumber(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int? {
        switch (a, b, c) {
        case (0x6A, 0x61, 0x6E): 1  // jan
        case (0x66, 0x65, 0x62): 2  // feb
        case (0x6D, 0x61, 0x72): 3  // mar
        case (0x61, 0x70, 0x72): 4  // apr
        case (0x6D, 0x61, 0x79): 5  // may
        case (0x6A, 0x75, 0x6E): 6  // jun
        case (0x6A, 0x75, 0x6C): 7  // jul
        case (0x61, 0x75, 0x67): 8  // aug
        case (0x73, 0x65, 0x70): 9  // sep
        case (0x6F, 0x63, 0x74): 10  // oct
        case (0x6E, 0x6F, 0x76): 11  // nov
        case (0x64, 0x65, 0x63): 12  // dec
        default: nil
        }
    }

    static func parseRFC822(_ text: String, timeZone: TimeZone) -> Date? {
        var cleaned = text
        if let paren = cleaned.firstIndex(of: "(") { cleaned = String(cleaned[..<paren]) }
        let tokens = cleaned.split { $0 == " " || $0 == "," || $0 == "\t" || $0 == "\n" || $0 == "\r" }.map(String.init)
        var month: Int?
        var numbers: [Int] = []
        var numberTexts: [String] = []
        var clock: (Int, Int, Int)?
        var offset: Int?
        var meridiem: Meridiem?
        for token in tokens {
            let lower = token.lowercased()
            if meridiem == nil, let word = Meridiem(word: token) {
                meridiem = word
            } else if month == nil, lower.count >= 3, lower.allSatisfy(\.isLetter), let m = months[String(lower.prefix(3))] {
                month = m
            } else if clock == nil, token.contains(":"), case let (clockText, attached) = Meridiem.split(token), clockText.first?.isNumber == true {
                if let attached { meridiem = attached }
                let parts = clockText.split(separator: ":", omittingEmptySubsequences: false)
                guard parts.count == 2 || parts.count == 3,
                      let h = Int(parts[0]), let m = Int(parts[1]), parts[1].count == 2
                else { return nil }
                var s = 0
                if parts.count == 3 {
                    guard let value = Int(parts[2].prefix { $0.isNumber }) else { return nil }
                    s = value
                }
                clock = (h, m, s)
            } else if let value = Int(token), token.allSatisfy(\.isNumber) {
                numbers.append(value)
                numberTexts.append(token)
            } else if offset == nil, let zone = ZoneNames.offset(for: token, sourceZone: timeZone) {
                offset = zone
            } else if lower.allSatisfy(\.isLetter) || lower.hasSuffix(".") {
                continue  // weekday names, "at", and other words
            } else {
                return nil
            }
        }
        guard let month, !numbers.isEmpty else { return nil }
        var year: Int?
        var day: Int?
        for (index, value) in numbers.enumerated() {
            if numberTexts[index].count == 4 && year == nil {
                year = value
            } else if day == nil && (1...31).contains(value) && numberTexts[index].count <= 2 {
                day = value
            } else if year == nil && numberTexts[index].count == 2 {
                year = value < 50 ? 2000 + value : 1900 + value
            } else {
                return nil
            }
        }
        guard let year, let day else { return nil }
        var time = CivilTime(year: year, month: month, day: day)
        if let clock { (time.hour, time.minute, time.second) = (meridiem?.hour(clock.0) ?? clock.0, clock.1, clock.2) }
        guard time.isValid else { return nil }
        if let offset { return Date(timeIntervalSince1970: time.epochSeconds(offset: offset)) }
        return time.date(in: timeZone)
    }
}

/// A cursor over ASCII-and-CJK date text.
private struct ByteScanner {
    let scalars: [Unicode.Scalar]
    var position = 0

    init(_ text: String) { scalars = Array(text.unicodeScalars) }

    var atEnd: Bool { position >= scalars.count }
    var peekDigit: Bool { !atEnd && ("0"..."9").contains(scalars[position]) }

    var atEndAfterSpaces: Bool {
        var copy = self
        copy.skipSpaces()
        return copy.atEnd
    }

    /// Only words and spaces remain (a weekday after a date).
    var restIsNoise: Bool {
        scalars[position...].allSatisfy { !("0"..."9").contains($0) && $0 != ":" }
    }

    mutating func skipSpaces() {
        while !atEnd, scalars[position] == " " || scalars[position] == "\u{3000}" || scalars[position] == "\t" { position += 1 }
    }

    mutating func skip(anyOf options: [Unicode.Scalar]) -> Bool {
        guard !atEnd, options.contains(scalars[position]) else { return false }
        position += 1
        return true
    }

    mutating func digitString(max: Int) -> String {
        var result = ""
        while !atEnd, result.count < max, ("0"..."9").contains(scalars[position]) {
            result.unicodeScalars.append(scalars[position])
            position += 1
        }
        return result
    }

    mutating func digits(min: Int, max: Int, allowOne: Bool = false) -> Int? {
        let start = position
        let text = digitString(max: max)
        guard text.count >= (allowOne ? 1 : min) else {
            position = start
            return nil
        }
        return Int(text)
    }

    /// A half-day word written before the time (`下午`), consumed.
    mutating func meridiemWord() -> Meridiem? {
        for (word, meridiem) in Meridiem.words {
            let wordScalars = Array(word.unicodeScalars)
            guard position + wordScalars.count <= scalars.count, Array(scalars[position..<position + wordScalars.count]) == wordScalars
            else { continue }
            position += wordScalars.count
            return meridiem
        }
        return nil
    }

    /// `AM`, `pm`, `a.m.` or `P.M.` at the cursor and not followed by a letter (`PMT` is no meridiem), consumed.
    mutating func latinMeridiem() -> Meridiem? {
        var end = position
        while end < scalars.count, end - position < 4, scalars[end].isASCII, scalars[end].properties.isAlphabetic || scalars[end] == "." {
            end += 1
        }
        guard end == scalars.count || !scalars[end].properties.isAlphabetic,
              let meridiem = Meridiem(word: String(String.UnicodeScalarView(scalars[position..<end])))
        else { return nil }
        position = end
        return meridiem
    }

    /// `Z`, `+08:00`, `+0800`, `+08`, `UTC`, `GMT+8`, `CST` and other names.
    mutating func zoneOffset(sourceZone: TimeZone) -> Int? {
        let rest = String(String.UnicodeScalarView(scalars[position...])).trimmedWhitespace()
        let token = rest.split(separator: " ").first.map(String.init) ?? rest
        guard let offset = ZoneNames.offset(for: token, sourceZone: sourceZone) else { return nil }
        position += rest.unicodeScalars.count == token.unicodeScalars.count ? scalars.count - position : token.unicodeScalars.count + (scalars.count - position - rest.unicodeScalars.count)
        return offset
    }
}

/// Zone designators as written in dates.
enum ZoneNames {
    static let named: [String: Int] = [
        "z": 0, "ut": 0, "utc": 0, "gmt": 0, "wet": 0, "est": -5, "edt": -4, "cdt": -5, "mst": -7, "mdt": -6,
        "pst": -8, "pdt": -7, "akst": -9, "akdt": -8, "hst": -10, "cet": 1, "cest": 2, "met": 1, "mest": 2, "bst": 1,
        "eet": 2, "eest": 3, "msk": 3, "ist": 5 * 60 + 30, "hkt": 8, "sgt": 8, "awst": 8, "jst": 9, "kst": 9,
        "aest": 10, "aedt": 11, "nzst": 12, "nzdt": 13,
    ]

    /// Seconds east of UTC, or nil when `token` is not a zone.
    static func offset(for token: String, sourceZone: TimeZone) -> Int? {
        let lower = token.lowercased()
        if lower == "cst" {
            // "CST" is US Central in RFC 822, but Chinese servers write it for China Standard Time.
            return sourceZone.secondsFromGMT() == 8 * 3600 ? 8 * 3600 : -6 * 3600
        }
        if let hours = named[lower] { return hours > 24 ? hours * 60 : hours * 3600 }
        var numeric = Substring(lower)
        for prefix in ["gmt", "utc", "ut"] where numeric.hasPrefix(prefix) {
            numeric = numeric.dropFirst(prefix.count)
            break
        }
        guard let sign = numeric.first, sign == "+" || sign == "-" || sign == "\u{2212}" else { return nil }
        let digits = numeric.dropFirst().filter { $0 != ":" }
        guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy(\.isNumber), let value = Int(digits) else { return nil }
        let (hours, minutes) = digits.count <= 2 ? (value, 0) : (value / 100, value % 100)
        guard hours <= 14, minutes < 60 else { return nil }
        let seconds = hours * 3600 + minutes * 60
        return sign == "+" ? seconds : -seconds
    }
}
