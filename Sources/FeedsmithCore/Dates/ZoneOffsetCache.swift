import Foundation
import Synchronization

/// A zone's UTC offset by UTC day, for days with no transition in them. Each output writes two or three
/// dates per entry, and asking ICU for the offset of each was a fifth of rendering; entries of a feed fall
/// on a few hundred days at most. A day is cached only when its offset is the same at its first and last
/// second, so a transition (daylight saving, or a historical change at an odd second) is never
/// smoothed over: those days are asked of the zone every time.
final class ZoneOffsetCache: Sendable {
    static let shared = ZoneOffsetCache()

    private struct Key: Hashable {
        var zone: String
        var day: Int
    }

    private let days = Mutex<[Key: Int]>([:])
    /// Bounds memory; a feed's dates span far fewer days.
    private let capacity = 16_384

    /// The zone's offset at `date`, and the UTC day (days since 1970-01-01) it holds throughout, or nil for a day
    /// with a transition in it and for dates too far out to cache. `zoneID` is `zone.identifier`, which a caller
    /// formatting many dates reads once.
    func lookup(_ zone: TimeZone, zoneID: String, _ date: Date) -> (offset: Int, wholeDay: Int?) {
        guard let day = Self.day(of: date) else { return (zone.secondsFromGMT(for: date), nil) }
        let key = Key(zone: zoneID, day: day)
        if let cached = days.withLock({ $0[key] }) { return (cached, day) }
        let start = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(day) * 86_400))
        let end = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(day) * 86_400 + 86_399))
        guard start == end else { return (zone.secondsFromGMT(for: date), nil) }
        days.withLock { cache in
            if cache.count >= capacity { cache.removeAll(keepingCapacity: true) }
            cache[key] = start
        }
        return (start, day)
    }

    /// The UTC day a date falls on (days since 1970-01-01), or nil for dates too far out to cache.
    static func day(of date: Date) -> Int? {
        let seconds = date.timeIntervalSince1970
        guard seconds.isFinite, abs(seconds) < 1e12 else { return nil }
        return Int((seconds / 86_400).rounded(.down))
    }
}
