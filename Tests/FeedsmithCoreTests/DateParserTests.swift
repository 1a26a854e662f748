import Foundation
import Testing
@testable import FeedsmithCore

@Suite struct DateParserTests {
    /// Each form real feeds and pages use, with the instant it means (UTC).
    @Test(arguments: [
        ("Sat, 07 Sep 2002 00:00:01 GMT", utc(2002, 9, 7, 0, 0, 1)),
        ("Sat, 07 Sep 2002 00:00:01 +0800", utc(2002, 9, 6, 16, 0, 1)),
        ("Sat, 7 Sep 2002 0:00:01 +08:00", utc(2002, 9, 6, 16, 0, 1)),
        ("7 Sep 02 00:00 EST", utc(2002, 9, 7, 5)),
        ("Tue, 10 Jun 2003 04:00:00 -0400", utc(2003, 6, 10, 8)),
        ("Mon, 10 June 2003 04:00 PDT", utc(2003, 6, 10, 11)),
        ("Wed, 02 Oct 2002 08:00:00 UT", utc(2002, 10, 2, 8)),
        ("Sun, 07 Sept 2002 00:00:01 Z", utc(2002, 9, 7, 0, 0, 1)),
        ("Tue Mar 10 2026 16:40:00 GMT+0800 (China Standard Time)", utc(2026, 3, 10, 8, 40)),
        ("Mar 12, 2026 4:40:00", utc(2026, 3, 11, 20, 40)),  // zone-less: Shanghai
        ("2026-03-12T16:40:00+08:00", utc(2026, 3, 12, 8, 40)),
        ("2026-03-12T08:40:00Z", utc(2026, 3, 12, 8, 40)),
        ("2026-03-12T08:40:00.123456Z", Date(timeIntervalSince1970: utc(2026, 3, 12, 8, 40).timeIntervalSince1970 + 0.123456)),
        ("2026-03-12t08:40:00z", utc(2026, 3, 12, 8, 40)),
        ("2026-03-12T16:40+08:00", utc(2026, 3, 12, 8, 40)),
        ("2026-03-12 16:40", utc(2026, 3, 12, 8, 40)),
        ("2026-03-12 16:40:05", utc(2026, 3, 12, 8, 40, 5)),
        ("2026-03-12", utc(2026, 3, 11, 16)),
        ("2026-03", utc(2026, 2, 28, 16)),
        ("2026", utc(2025, 12, 31, 16)),
        ("20260312T164000Z", utc(2026, 3, 12, 16, 40)),
        ("2026/03/12 16:40", utc(2026, 3, 12, 8, 40)),
        ("2026/3/2", utc(2026, 3, 1, 16)),
        ("2026.03.12", utc(2026, 3, 11, 16)),
        ("2026年03月12日 16:40", utc(2026, 3, 12, 8, 40)),
        ("2026年3月12日", utc(2026, 3, 11, 16)),
        ("2026年3月12日16时40分", utc(2026, 3, 12, 8, 40)),
        ("2026-03-12 星期四", utc(2026, 3, 11, 16)),
        ("2026-03-12T16:40:00 CST", utc(2026, 3, 12, 8, 40)),  // China Standard Time for a Shanghai source
        ("Thu, 12 Mar 2026 16:40:00 CST", utc(2026, 3, 12, 8, 40)),
        // 12-hour clocks: the half of the day counts (it was dropped: 4:40 PM read as 04:40).
        ("Thursday, March 12, 2026 4:40 PM", utc(2026, 3, 12, 8, 40)),
        ("Mar 12, 2026 4:40:00 pm", utc(2026, 3, 12, 8, 40)),
        ("Mar 12, 2026 12:05 AM", utc(2026, 3, 11, 16, 5)),
        ("Mar 12, 2026 12:05 P.M.", utc(2026, 3, 12, 4, 5)),
        ("12 Mar 2026 4:40PM EST", utc(2026, 3, 12, 21, 40)),
        ("Mar 12, 2026 下午4:40", utc(2026, 3, 12, 8, 40)),
        ("2026-03-12 4:40 PM", utc(2026, 3, 12, 8, 40)),
        ("2026-03-12 04:40:30 p.m.", utc(2026, 3, 12, 8, 40, 30)),
        ("2026-03-12 4:40 PM +0000", utc(2026, 3, 12, 16, 40)),
        ("2026-03-12 16:40 PM", utc(2026, 3, 12, 8, 40)),  // already a 24-hour time
        ("2026-03-12 下午4:40", utc(2026, 3, 12, 8, 40)),
        ("2026年3月12日 下午 4:40", utc(2026, 3, 12, 8, 40)),
        ("2026年3月12日 上午10时30分", utc(2026, 3, 12, 2, 30)),
        ("2026年3月12日 凌晨12:30", utc(2026, 3, 11, 16, 30)),
        ("2026/3/12 中午12:30", utc(2026, 3, 12, 4, 30)),
        ("2026/3/12 中午1:10", utc(2026, 3, 12, 5, 10)),
        ("2026年3月12日 午後4時40分", utc(2026, 3, 12, 8, 40)),
    ])
    func parsesInShanghaiSource(text: String, expected: Date) throws {
        let parsed = try #require(DateParser.parse(text, timeZone: shanghai), "\(text)")
        #expect(abs(parsed.timeIntervalSince(expected)) < 0.001, "\(text) → \(parsed), expected \(expected)")
    }

    /// The byte-level reader of canonical RFC 822 dates answers exactly as the general reader does, and
    /// declines (nil) everything it does not fully understand.
    @Test func canonicalRFC822AgreesWithTheGeneralReader() {
        var inputs = [
            "Sun, 29 Nov 2026 12:50:05 +0000", "29 Nov 2026 12:50:05 GMT", "Mon, 1 Dec 2025 00:00:00 -0930",
            "  Sat, 29 Feb 2020 23:59:59 UTC\n", "Thu, 01 Jan 1970 00:00:00 Z", "Fri, 31 Dec 1999 23:59:59 +1400",
            "Sat, 07 Sep 2002 00:00:01 ut", "SUN, 29 NOV 2026 12:50:05 +0800",
            "Sun, 29 Nov 2026 24:00:00 +0000",  // ISO 8601's end of day, accepted by both readers
        ]
        // Forms it must leave to the general reader, valid or not.
        let declined = [
            "Sun, 29 Nov 2026 12:50 +0000", "Sun, 29 November 2026 12:50:05 +0000", "Thur, 29 Nov 2026 12:50:05 +0000",
            "Sun, 29 Nov 2026 12:50:05 EST", "Sun, 29 Nov 2026 12:50:05 +08:00", "Sun,29 Nov 2026 12:50:05 +0000",
            "Sun, 29 Nov 2026 12:50:05 +0000 (UTC)", "Sun, 29 Nov 26 12:50:05 +0000", "Sun, 29 Nov 2026 2:50:05 +0000",
            "Sun, 30 Feb 2026 12:50:05 +0000", "Sun, 29 Nov 2026 12:50:05 +1500",
            "Sun, 29 Nov 2026 12:50:05 +0060", "Sun, 29 Xyz 2026 12:50:05 +0000", "Sun, 29 Nov 2026 12:50:05 ",
            "Sun, 29 Nov 2026 12:50:05 +000", "Sun, 29 Nov 2026 12:50:05 CST", "",
        ]
        inputs += declined
        for input in inputs {
            let fast = DateParser.canonicalRFC822(input)
            if declined.contains(input) { #expect(fast == nil, "\(input)") }
            else { #expect(fast != nil, "\(input)") }
            guard let fast else { continue }
            #expect(fast == DateParser.parseRFC822(TextHygiene.singleLine(input), timeZone: shanghai), "\(input)")
            #expect(fast == DateParser.parse(input, timeZone: shanghai))
        }
        // Every instant a year apart by an odd step, formatted the way our RSS renderer writes them.
        var instant = utc(1990, 1, 1).timeIntervalSince1970
        while instant < utc(2040, 1, 1).timeIntervalSince1970 {
            let date = Date(timeIntervalSince1970: instant)
            for zone in [TimeZone(secondsFromGMT: 0), TimeZone(secondsFromGMT: 8 * 3600), TimeZone(secondsFromGMT: -(9 * 3600 + 1800))] {
                guard let zone else { continue }
                let text = DateFormatting.rfc822(date, in: zone)
                #expect(DateParser.canonicalRFC822(text) == date, "\(text)")
            }
            instant += 86_400 * 37 + 3_607
        }
    }

    /// Cached offsets equal the zone's own answer at every instant, across daylight-saving changes and
    /// Shanghai's 1901 change from local mean time, to the second around each transition.
    @Test func cachedZoneOffsetsMatchTheZone() throws {
        let zones = try ["America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Shanghai", "Asia/Kathmandu"].map {
            try #require(TimeZone(identifier: $0))
        }
        for zone in zones {
            var instant = utc(1900, 6, 1).timeIntervalSince1970
            // An odd step over 130 years, then every second for an hour around each transition found.
            while instant < utc(2030, 1, 1).timeIntervalSince1970 {
                let date = Date(timeIntervalSince1970: instant)
                #expect(ZoneOffsetCache.shared.lookup(zone, zoneID: zone.identifier, date).offset == zone.secondsFromGMT(for: date), "\(zone.identifier) \(date)")
                instant += 86_400 * 3 + 3_601 * 5 + 17
            }
            var probe = utc(2024, 1, 1)
            for _ in 0..<4 {
                guard let transition = zone.nextDaylightSavingTimeTransition(after: probe) else { break }
                for second in stride(from: -1800.0, through: 1800, by: 1) {
                    let date = transition.addingTimeInterval(second)
                    #expect(ZoneOffsetCache.shared.lookup(zone, zoneID: zone.identifier, date).offset == zone.secondsFromGMT(for: date))
                }
                probe = transition.addingTimeInterval(60)
            }
        }
        let shanghai = try #require(TimeZone(identifier: "Asia/Shanghai"))
        for second in stride(from: utc(1900, 12, 31).timeIntervalSince1970, through: utc(1901, 1, 2).timeIntervalSince1970, by: 61) {
            let date = Date(timeIntervalSince1970: second)
            #expect(ZoneOffsetCache.shared.lookup(shanghai, zoneID: shanghai.identifier, date).offset == shanghai.secondsFromGMT(for: date))
        }
    }

    @Test func zoneLessDateUsesTheSourceZoneNotUTC() throws {
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        #expect(DateParser.parse("2026-07-01 12:00", timeZone: berlin) == utc(2026, 7, 1, 10))  // summer time
        #expect(DateParser.parse("2026-01-01 12:00", timeZone: berlin) == utc(2026, 1, 1, 11))
        #expect(DateParser.parse("2026-01-01 12:00", timeZone: utcZone) == utc(2026, 1, 1, 12))
    }

    @Test func cstIsUSCentralOutsideChina() {
        #expect(DateParser.parse("Thu, 12 Mar 2026 16:40:00 CST", timeZone: utcZone) == utc(2026, 3, 12, 22, 40))
    }

    @Test(arguments: ["", "yesterday", "2026-13-01", "2026-02-30", "Feb 30 2026", "32 Jan 2026", "2026-03-12T25:00:00Z",
                      "2026-03-12T10:00:00+99:00", "12:00", "Sat, 07 Sep", "2026-03-12T16:40:00 garbage 12",
                      "2026-03-12 4:40 PX", "2026-03-12 4:40 PMT"])
    func rejects(text: String) {
        #expect(DateParser.parse(text, timeZone: shanghai) == nil, "\(text)")
    }

    @Test func formatsRFC3339AndRFC822WithTheZone() {
        let date = utc(2026, 3, 12, 8, 40, 5)
        #expect(DateFormatting.rfc3339(date, in: shanghai) == "2026-03-12T16:40:05+08:00")
        #expect(DateFormatting.rfc3339(date, in: utcZone) == "2026-03-12T08:40:05Z")
        #expect(DateFormatting.rfc822(date, in: shanghai) == "Thu, 12 Mar 2026 16:40:05 +0800")
        #expect(DateFormatting.rfc822(utc(2000, 2, 29, 23, 59, 59), in: utcZone) == "Tue, 29 Feb 2000 23:59:59 +0000")
        let newYork = TimeZone(identifier: "America/New_York")!
        #expect(DateFormatting.rfc822(utc(1969, 12, 31, 12), in: newYork) == "Wed, 31 Dec 1969 07:00:00 -0500")
    }

    /// Round trip over many instants, including ones before 1970, checks the civil-calendar arithmetic.
    @Test func roundTripsThroughFormatting() throws {
        var instant = -2_000_000_000.0
        while instant < 4_000_000_000 {
            let date = Date(timeIntervalSince1970: instant)
            for zone in [shanghai, utcZone, TimeZone(identifier: "America/Los_Angeles")!] {
                let text = DateFormatting.rfc3339(date, in: zone)
                #expect(DateParser.parse(text, timeZone: utcZone) == date, "\(text)")
                #expect(DateParser.parse(DateFormatting.rfc822(date, in: zone), timeZone: utcZone) == date)
            }
            instant += 86_400 * 37.3 + 3_607
            instant = instant.rounded()
        }
    }

    /// A renderer formats all of a document's dates with one ``ZonedDateWriter``, which remembers the last
    /// day's offset. Across daylight-saving transitions (a day each side, every ten minutes, newest first as
    /// outputs list entries and then oldest first) every date must carry the zone's own offset at that instant.
    @Test func oneWriterForManyDatesKeepsEachInstantsOffset() throws {
        for identifier in ["America/New_York", "Australia/Lord_Howe", "Europe/London"] {
            let zone = try #require(TimeZone(identifier: identifier))
            var writer = ZonedDateWriter(zone: zone)
            var probe = utc(2026, 1, 1)
            for _ in 0..<2 {
                let transition = try #require(zone.nextDaylightSavingTimeTransition(after: probe))
                let offsets = Array(stride(from: -86_400.0, through: 86_400, by: 599))
                for seconds in offsets.reversed() + offsets {
                    let date = transition.addingTimeInterval(seconds)
                    let offset = zone.secondsFromGMT(for: date)
                    let sign = offset < 0 ? "-" : "+"
                    let hours = abs(offset) / 3600, minutes = abs(offset) / 60 % 60
                    let suffix = offset == 0 ? "Z" : String(format: "%@%02d:%02d", sign, hours, minutes)
                    var bytes: [UInt8] = []
                    writer.appendRFC3339(date, to: &bytes)
                    let text = String(decoding: bytes, as: UTF8.self)
                    #expect(text.hasSuffix(suffix), "\(identifier) \(date): \(text)")
                    #expect(DateParser.parse(text, timeZone: utcZone) == date, "\(text)")
                    bytes = []
                    writer.appendRFC822(date, to: &bytes)
                    #expect(String(decoding: bytes, as: UTF8.self) == DateFormatting.rfc822(date, in: zone))
                }
                probe = transition.addingTimeInterval(60)
            }
        }
    }
}

@Suite struct HistoricalOffsetTests {
    @Test func localMeanTimeOffsetsDoNotShiftTheInstant() throws {
        // 1850: Shanghai still kept local mean time (+08:05:43), and Foundation's calendar is Gregorian
        // (before 1582 it switches to Julian, which RFC 3339's proleptic Gregorian dates do not).
        let date = utc(1850, 1, 1)
        let text = DateFormatting.rfc3339(date, in: shanghai)
        #expect(text == "1850-01-01T00:00:00Z")
        #expect(DateParser.parse(text, timeZone: utcZone) == date)
        #expect(DateParser.parse(DateFormatting.rfc822(date, in: shanghai), timeZone: utcZone) == date)
    }
}
