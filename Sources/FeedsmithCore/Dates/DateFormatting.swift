import Foundation

/// Writes dates for the outputs, in a stated zone so readers see the source's wall-clock time with its offset.
public enum DateFormatting {
    static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `2026-03-12T16:40:00+08:00` (RFC 3339; `Z` for UTC).
    public static func rfc3339(_ date: Date, in zone: TimeZone) -> String {
        var writer = ZonedDateWriter(zone: zone)
        return writer.rfc3339(date)
    }

    /// `Thu, 12 Mar 2026 16:40:00 +0800` (RFC 822 with a four-digit year and a numeric zone).
    public static func rfc822(_ date: Date, in zone: TimeZone) -> String {
        var writer = ZonedDateWriter(zone: zone)
        var out: [UInt8] = []
        out.reserveCapacity(31)
        writer.appendRFC822(date, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `2026-03-12`: the calendar day in `zone`, for lists in entry HTML and timeline pages.
    public static func day(_ date: Date, in zone: TimeZone) -> String {
        var writer = ZonedDateWriter(zone: zone)
        return writer.day(date)
    }

    static func digits(_ value: Int, _ width: Int, _ out: inout [UInt8]) {
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

    static func appendOffset(_ offset: Int, colon: Bool, _ out: inout [UInt8]) {
        out.append(offset < 0 ? 0x2D : 0x2B)
        let magnitude = abs(offset) / 60
        digits(magnitude / 60, 2, &out)
        if colon { out.append(0x3A) }
        digits(magnitude % 60, 2, &out)
    }

    private static func pad(_ value: Int, _ width: Int = 2) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
