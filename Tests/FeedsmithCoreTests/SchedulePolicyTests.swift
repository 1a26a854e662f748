import Foundation
import Testing
@testable import FeedsmithCore

@Suite struct SchedulePolicyTests {
    let policy = SchedulePolicy()
    let now = utc(2026, 3, 12, 8)

    func delay(_ interval: TimeInterval, errors: Int = 0, hints: ScheduleHints = .init(), random: Double = 0) -> TimeInterval {
        policy.nextDue(after: now, interval: interval, errorCount: errors, hints: hints, random: random).timeIntervalSince(now)
    }

    @Test func intervalWithTenPercentJitter() {
        #expect(delay(900) == 900)
        #expect(delay(900, random: 1) == 990)
        #expect(delay(900, random: -1) == 810)
        #expect(delay(900, random: 7) == 990, "random is clamped")
    }

    @Test func exponentialBackoffCappedAndNeverAbandoned() {
        #expect(delay(900, errors: 1) == 1800)
        #expect(delay(900, errors: 3) == 7200)
        #expect(delay(900, errors: 10) == 86400)
        #expect(delay(900, errors: 1000) == 86400, "still polled daily after any number of failures")
        #expect(delay(900, errors: 0) == 900, "success resets")
    }

    @Test func hintsAreLowerBoundsCappedByTheMaximum() {
        #expect(delay(60, hints: .init(retryAfter: "120")) == 120)
        #expect(delay(600, hints: .init(retryAfter: "120")) == 600, "a short Retry-After does not shorten the interval")
        #expect(delay(60, hints: .init(retryAfter: "Thu, 12 Mar 2026 09:00:00 GMT")) == 3600)
        #expect(delay(60, hints: .init(cacheControl: "public, max-age=300")) == 300)
        #expect(delay(60, hints: .init(expires: "Thu, 12 Mar 2026 08:30:00 GMT")) == 1800)
        #expect(delay(60, hints: .init(ttlMinutes: 30)) == 1800)
        #expect(delay(60, hints: .init(retryAfter: "99999999")) == 86400, "capped by maxInterval")
    }

    @Test func skipHoursAndDays() {
        // 08:00 GMT Thursday; hours 8 and 9 skipped → 10:00.
        #expect(delay(60, hints: .init(skipHours: [8, 9])) == 2 * 3600 - 0)
        // Thursday (4) skipped → Friday 00:00.
        #expect(delay(60, hints: .init(skipDays: [4])) == 16 * 3600)
    }

    @Test func rssSkipHoursAndDaysAreParsed() throws {
        let rss = """
            <rss version="2.0"><channel><title>t</title><link>https://x.example/</link><description>d</description><ttl>45</ttl>
            <skipHours><hour>0</hour><hour>23</hour></skipHours><skipDays><day>Saturday</day><day>Sunday</day></skipDays></channel></rss>
            """
        let feed = try FeedParser.parse(rss, context: ParseContext(baseURL: nil, timeZone: utcZone))
        #expect(feed.ttlMinutes == 45)
        #expect(feed.skipHours == [0, 23])
        #expect(feed.skipDays == [0, 6])
    }
}
