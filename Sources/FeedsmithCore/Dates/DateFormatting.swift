import Foundation

/// Writes dates for the outputs, in a stated zone so readers see the source's wall-clock time with its offset.
public enum DateFormatting {
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `2026-03-12T16:40:00+08:00` (RFC 3339; `Z` for UTC).
    public static func rfc3339(_ date: Date, in zone: TimeZone) -> String {
        let offset = writableOffset(zone, date)
        let t = CivilTime.from(date, offset: offset)
        let zoneText = offset == 0 ? "Z" : offsetText(offset, colon: true)
        return "\(pad(t.year, 4))-\(pad(t.month))-\(pad(t.day))T\(pad(t.hour)):\(pad(t.minute)):\(pad(t.second))\(zoneText)"
    }

    /// `Thu, 12 Mar 2026 16:40:00 +0800` (RFC 822 with a four-digit year and a numeric zone).
    public static func rfc822(_ date: Date, in zone: TimeZone) -> String {
        let offset = writableOffset(zone, date)
        let t = CivilTime.from(date, offset: offset)
        let days = CivilTime.daysSinceEpoch(year: t.year, month: t.month, day: t.day)
        let weekday = weekdays[CivilTime.weekday(ofDays: days)]
        return "\(weekday), \(pad(t.day)) \(monthNames[t.month - 1]) \(pad(t.year, 4)) \(pad(t.hour)):\(pad(t.minute)):\(pad(t.second)) \(offsetText(offset, colon: false))"
    }

    /// `2026-03-12`: the calendar day in `zone`, for lists in entry HTML and timeline pages.
    public static func day(_ date: Date, in zone: TimeZone) -> String {
        let t = CivilTime.from(date, offset: writableOffset(zone, date))
        return "\(pad(t.year, 4))-\(pad(t.month))-\(pad(t.day))"
    }

    /// Date formats carry offsets in whole minutes; historical local mean times (Shanghai was +08:05:43 before
    /// 1901) are written in UTC rather than shifted.
    static func writableOffset(_ zone: TimeZone, _ date: Date) -> Int {
        let offset = zone.secondsFromGMT(for: date)
        return offset % 60 == 0 ? offset : 0
    }

    static func offsetText(_ offset: Int, colon: Bool) -> String {
        let sign = offset < 0 ? "-" : "+"
        let magnitude = abs(offset) / 60
        return "\(sign)\(pad(magnitude / 60))\(colon ? ":" : "")\(pad(magnitude % 60))"
    }

    private static func pad(_ value: Int, _ width: Int = 2) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
