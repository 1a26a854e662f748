import Foundation

/// Writes dates for the outputs, in a stated zone so readers see the source's wall-clock time with its offset.
public enum DateFormatting {
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `2026-03-12T16:40:00+08:00` (RFC 3339; `Z` for UTC).
    public static func rfc3339(_ date: Date, in zone: TimeZone) -> String {
        let offset = writableOffset(zone, date)
        let t = CivilTime.from(date, offset: offset)
        // Bytes, not interpolation: every entry of every output writes two or three dates.
        var out: [UInt8] = []
        out.reserveCapacity(25)
        digits(t.year, 4, &out); out.append(0x2D); digits(t.month, 2, &out); out.append(0x2D); digits(t.day, 2, &out)
        out.append(0x54); digits(t.hour, 2, &out); out.append(0x3A); digits(t.minute, 2, &out); out.append(0x3A); digits(t.second, 2, &out)
        if offset == 0 { out.append(0x5A) } else { appendOffset(offset, colon: true, &out) }
        return String(decoding: out, as: UTF8.self)
    }

    private static func digits(_ value: Int, _ width: Int, _ out: inout [UInt8]) {
        switch width {
        case 2 where value >= 0 && value < 100:
            out.append(0x30 + UInt8(value / 10))
            out.append(0x30 + UInt8(value % 10))
        case 4 where value >= 0 && value < 10_000:
            out.append(0x30 + UInt8(value / 1000))
            out.append(0x30 + UInt8(value / 100 % 10))
            out.append(0x30 + UInt8(value / 10 % 10))
            out.append(0x30 + UInt8(value % 10))
        default:
            out.append(contentsOf: pad(value, width).utf8)  // years past 9999 and the like: the general path
        }
    }

    private static func appendOffset(_ offset: Int, colon: Bool, _ out: inout [UInt8]) {
        out.append(offset < 0 ? 0x2D : 0x2B)
        let magnitude = abs(offset) / 60
        digits(magnitude / 60, 2, &out)
        if colon { out.append(0x3A) }
        digits(magnitude % 60, 2, &out)
    }

    /// `Thu, 12 Mar 2026 16:40:00 +0800` (RFC 822 with a four-digit year and a numeric zone).
    public static func rfc822(_ date: Date, in zone: TimeZone) -> String {
        let offset = writableOffset(zone, date)
        let t = CivilTime.from(date, offset: offset)
        let days = CivilTime.daysSinceEpoch(year: t.year, month: t.month, day: t.day)
        var out: [UInt8] = []
        out.reserveCapacity(31)
        out.append(contentsOf: weekdays[CivilTime.weekday(ofDays: days)].utf8)
        out.append(contentsOf: [0x2C, 0x20]); digits(t.day, 2, &out); out.append(0x20)
        out.append(contentsOf: monthNames[t.month - 1].utf8); out.append(0x20); digits(t.year, 4, &out); out.append(0x20)
        digits(t.hour, 2, &out); out.append(0x3A); digits(t.minute, 2, &out); out.append(0x3A); digits(t.second, 2, &out)
        out.append(0x20); appendOffset(offset, colon: false, &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `2026-03-12`: the calendar day in `zone`, for lists in entry HTML and timeline pages.
    public static func day(_ date: Date, in zone: TimeZone) -> String {
        let t = CivilTime.from(date, offset: writableOffset(zone, date))
        var out: [UInt8] = []
        out.reserveCapacity(10)
        digits(t.year, 4, &out); out.append(0x2D); digits(t.month, 2, &out); out.append(0x2D); digits(t.day, 2, &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Date formats carry offsets in whole minutes; historical local mean times (Shanghai was +08:05:43 before
    /// 1901) are written in UTC rather than shifted.
    static func writableOffset(_ zone: TimeZone, _ date: Date) -> Int {
        let offset = ZoneOffsetCache.shared.secondsFromGMT(zone, date)
        return offset % 60 == 0 ? offset : 0
    }

    private static func pad(_ value: Int, _ width: Int = 2) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
