import Foundation

/// What a source said about when to ask again.
public struct ScheduleHints: Sendable, Equatable {
    /// `Retry-After` (seconds or an HTTP date), sent with 429 and 503.
    public var retryAfter: String?
    public var cacheControl: String?
    public var expires: String?
    /// RSS `<ttl>`.
    public var ttlMinutes: Int?
    /// RSS `<skipHours>`: hours (0–23, GMT) not to poll.
    public var skipHours: Set<Int> = []
    /// RSS `<skipDays>`: weekdays not to poll, 0 = Sunday.
    public var skipDays: Set<Int> = []

    public init(retryAfter: String? = nil, cacheControl: String? = nil, expires: String? = nil, ttlMinutes: Int? = nil,
                skipHours: Set<Int> = [], skipDays: Set<Int> = []) {
        self.retryAfter = retryAfter
        self.cacheControl = cacheControl
        self.expires = expires
        self.ttlMinutes = ttlMinutes
        self.skipHours = skipHours
        self.skipDays = skipDays
    }
}

/// When a source is next due. Pure: the caller supplies the clock and the random jitter.
///
/// The interval gets ±10% jitter so sources configured alike drift apart; after failures it doubles per
/// consecutive error up to `maxBackoff` (a source is never abandoned); the source's own hints (Retry-After,
/// Cache-Control max-age, Expires, RSS ttl) only lengthen the wait, and never beyond `maxInterval`.
public struct SchedulePolicy: Sendable, Equatable {
    public var jitter: Double = 0.1
    public var maxBackoff: TimeInterval = 24 * 3600
    /// The longest a source's hints may push its next poll out.
    public var maxInterval: TimeInterval = 24 * 3600

    public init(jitter: Double = 0.1, maxBackoff: TimeInterval = 24 * 3600, maxInterval: TimeInterval = 24 * 3600) {
        self.jitter = jitter
        self.maxBackoff = maxBackoff
        self.maxInterval = maxInterval
    }

    /// - Parameter random: a value in −1…1 choosing where in the jitter band this poll falls.
    public func nextDue(after now: Date, interval: TimeInterval, errorCount: Int, hints: ScheduleHints, random: Double) -> Date {
        var base = interval
        if errorCount > 0 {
            let factor = pow(2.0, Double(min(errorCount, 30)))
            base = min(interval * factor, max(maxBackoff, interval))
        }
        let jittered = base * (1 + jitter * max(-1, min(1, random)))
        let lowerBound = min(hintDelay(hints, now: now), maxInterval)
        var due = now.addingTimeInterval(max(jittered, lowerBound))
        due = skipping(due, hints: hints)
        return due
    }

    /// The longest wait the source's own hints ask for.
    func hintDelay(_ hints: ScheduleHints, now: Date) -> TimeInterval {
        var delay = 0.0
        if let retryAfter = hints.retryAfter?.trimmedWhitespace() {
            if let seconds = Double(retryAfter), seconds >= 0 {
                delay = max(delay, seconds)
            } else if let date = DateParser.parse(retryAfter, timeZone: TimeZone(identifier: "GMT") ?? .current) {
                delay = max(delay, date.timeIntervalSince(now))
            }
        }
        if let cacheControl = hints.cacheControl?.lowercased() {
            for directive in cacheControl.split(separator: ",") {
                let parts = directive.split(separator: "=", maxSplits: 1).map { $0.trimmedWhitespace() }
                if parts.count == 2, parts[0] == "max-age" || parts[0] == "s-maxage", let seconds = Double(parts[1]) {
                    delay = max(delay, seconds)
                }
            }
        }
        if let expires = hints.expires, let date = DateParser.parse(expires, timeZone: TimeZone(identifier: "GMT") ?? .current) {
            delay = max(delay, date.timeIntervalSince(now))
        }
        if let ttl = hints.ttlMinutes, ttl > 0 { delay = max(delay, Double(ttl) * 60) }
        return delay
    }

    /// Moves a due time out of the hours and days the feed asked not to be polled (GMT, as RSS 2.0 says).
    func skipping(_ due: Date, hints: ScheduleHints) -> Date {
        guard !hints.skipHours.isEmpty || !hints.skipDays.isEmpty else { return due }
        var candidate = due
        for _ in 0..<(24 * 8) {
            let time = CivilTime.from(candidate, offset: 0)
            let weekday = CivilTime.weekday(ofDays: CivilTime.daysSinceEpoch(year: time.year, month: time.month, day: time.day))
            guard hints.skipHours.contains(time.hour) || hints.skipDays.contains(weekday) else { return candidate }
            let startOfHour = candidate.timeIntervalSince1970 - Double(time.minute * 60 + time.second)
            candidate = Date(timeIntervalSince1970: startOfHour + 3600)
        }
        return due  // every hour skipped: the feed's hints are contradictory, poll anyway
    }
}
