import Foundation

/// Writes the dates of one document in one zone straight into its bytes.
///
/// Every entry of every output carries two or three dates. Formatting each into a `String` of its own asked the
/// shared ``ZoneOffsetCache`` under its lock (hashing the zone's name each time), built a byte array and a string,
/// and copied that into the output: 5.4% of publishing's samples (`perf` of `feedsmith-bench render
/// --publish-only`). A document's entries fall on a few days, mostly in order, so the writer keeps the offset of
/// the last day it asked about and appends the digits where the caller writes.
struct ZonedDateWriter {
    let zone: TimeZone
    private let zoneID: String
    /// The last UTC day asked about whose offset holds all day, and that offset.
    private var knownDay = Int.min
    private var knownOffset = 0

    init(zone: TimeZone) {
        self.zone = zone
        zoneID = zone.identifier
    }

    /// `2026-03-12T16:40:00+08:00` (RFC 3339; `Z` for UTC).
    mutating func appendRFC3339(_ date: Date, to out: inout [UInt8]) {
        let offset = writableOffset(date)
        let t = CivilTime.from(date, offset: offset)
        DateFormatting.digits(t.year, 4, &out); out.append(0x2D); DateFormatting.digits(t.month, 2, &out); out.append(0x2D)
        DateFormatting.digits(t.day, 2, &out); out.append(0x54); DateFormatting.digits(t.hour, 2, &out); out.append(0x3A)
        DateFormatting.digits(t.minute, 2, &out); out.append(0x3A); DateFormatting.digits(t.second, 2, &out)
        if offset == 0 { out.append(0x5A) } else { DateFormatting.appendOffset(offset, colon: true, &out) }
    }

    /// `Thu, 12 Mar 2026 16:40:00 +0800` (RFC 822 with a four-digit year and a numeric zone).
    mutating func appendRFC822(_ date: Date, to out: inout [UInt8]) {
        let offset = writableOffset(date)
        let t = CivilTime.from(date, offset: offset)
        let days = CivilTime.daysSinceEpoch(year: t.year, month: t.month, day: t.day)
        out.append(contentsOf: DateFormatting.weekdays[CivilTime.weekday(ofDays: days)].utf8)
        out.append(0x2C); out.append(0x20); DateFormatting.digits(t.day, 2, &out); out.append(0x20)
        out.append(contentsOf: DateFormatting.monthNames[t.month - 1].utf8); out.append(0x20); DateFormatting.digits(t.year, 4, &out)
        out.append(0x20); DateFormatting.digits(t.hour, 2, &out); out.append(0x3A); DateFormatting.digits(t.minute, 2, &out)
        out.append(0x3A); DateFormatting.digits(t.second, 2, &out); out.append(0x20)
        DateFormatting.appendOffset(offset, colon: false, &out)
    }

    /// `2026-03-12`: the calendar day in the zone.
    mutating func appendDay(_ date: Date, to out: inout [UInt8]) {
        let t = CivilTime.from(date, offset: writableOffset(date))
        DateFormatting.digits(t.year, 4, &out); out.append(0x2D); DateFormatting.digits(t.month, 2, &out); out.append(0x2D)
        DateFormatting.digits(t.day, 2, &out)
    }

    /// ``appendRFC3339(_:to:)`` as a string.
    mutating func rfc3339(_ date: Date) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(25)
        appendRFC3339(date, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// ``appendDay(_:to:)`` as a string.
    mutating func day(_ date: Date) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(10)
        appendDay(date, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Date formats carry offsets in whole minutes; historical local mean times (Shanghai was +08:05:43 before
    /// 1901) are written in UTC rather than shifted.
    private mutating func writableOffset(_ date: Date) -> Int {
        let offset = secondsFromGMT(date)
        return offset % 60 == 0 ? offset : 0
    }

    /// A day whose offset changes within it (a transition) is never remembered: the zone is asked for each date.
    private mutating func secondsFromGMT(_ date: Date) -> Int {
        if let day = ZoneOffsetCache.day(of: date), day == knownDay { return knownOffset }
        let (offset, wholeDay) = ZoneOffsetCache.shared.lookup(zone, zoneID: zoneID, date)
        if let wholeDay { (knownDay, knownOffset) = (wholeDay, offset) }
        return offset
    }
}
