import Foundation

/// Calendar arithmetic on the proleptic Gregorian calendar without Foundation's Calendar, which is slow
/// and not needed for the fixed-offset conversions feeds use.
public struct CivilTime: Equatable, Sendable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int = 0
    public var minute: Int = 0
    public var second: Int = 0
    public var nanosecond: Int = 0

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, nanosecond: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.nanosecond = nanosecond
    }

    public var isValid: Bool {
        (1...12).contains(month) && day >= 1 && day <= Self.daysIn(month: month, year: year)
            && (0...24).contains(hour) && (0...59).contains(minute) && (0...60).contains(second)
            && (hour < 24 || (minute == 0 && second == 0))
    }

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of ``daysSinceEpoch(year:month:day:)``.
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Seconds since the epoch of this wall-clock time read at a fixed UTC offset.
    func epochSeconds(offset: Int) -> Double {
        let days = Self.daysSinceEpoch(year: year, month: month, day: day)
        let seconds = days * 86400 + hour * 3600 + minute * 60 + min(second, 59) - offset
        return Double(seconds) + Double(nanosecond) / 1e9
    }

    /// The instant of this wall-clock time in `zone`, daylight saving included.
    func date(in zone: TimeZone) -> Date {
        let guess = Date(timeIntervalSince1970: epochSeconds(offset: 0))
        let first = zone.secondsFromGMT(for: guess)
        let adjusted = Date(timeIntervalSince1970: epochSeconds(offset: first))
        let second = zone.secondsFromGMT(for: adjusted)
        return second == first ? adjusted : Date(timeIntervalSince1970: epochSeconds(offset: second))
    }

    /// The wall-clock time of `date` at `offset` seconds east of UTC.
    static func from(_ date: Date, offset: Int) -> CivilTime {
        let total = Int(date.timeIntervalSince1970.rounded(.down)) + offset
        let days = total >= 0 ? total / 86400 : (total - 86399) / 86400
        let secondsOfDay = total - days * 86400
        let (y, m, d) = civil(fromDays: days)
        return CivilTime(year: y, month: m, day: d, hour: secondsOfDay / 3600, minute: secondsOfDay % 3600 / 60, second: secondsOfDay % 60)
    }

    /// 0 = Sunday.
    static func weekday(ofDays days: Int) -> Int { ((days % 7) + 11) % 7 }
}
