import Foundation

/// Test data kept beside the tests of each stage: `Fixtures/<stage>/<name>`.
enum Fixture {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
    }

    static func text(_ name: String) throws -> String {
        String(decoding: try bytes(name), as: UTF8.self)
    }

    /// The bytes of every file of this suite's extract, parse and fuzz fixtures, of the other suite's fixture
    /// sites and of the sample sources the default config reads: the markup at hand, for equivalence tests.
    static func markupSamples() throws -> [[UInt8]] {
        let repository = folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folders = ["extract", "parse", "fuzz"].map { folder.appendingPathComponent($0) }
            + ["Tests/FeedsmithTests/Fixtures/sites", "samples/feeds", "samples/sites/ycsite"].map { repository.appendingPathComponent($0) }
        var samples: [[UInt8]] = []
        for folder in folders {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
                var isFolder: ObjCBool = false
                let file = folder.appendingPathComponent(name)
                guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
                samples.append([UInt8](try Data(contentsOf: file)))
            }
        }
        return samples
    }

    /// Up to `maximum` of `pieces` in random order, after `shift % 8` filler bytes, so that what the pieces hold
    /// falls at every offset of an eight-byte word across rounds (for the writers' and readers' word-at-a-time scans).
    static func randomText(from pieces: [String], upTo maximum: Int, shiftedBy shift: Int, using generator: inout some RandomNumberGenerator) -> String {
        String(repeating: "y", count: shift % 8)
            + (0..<Int.random(in: 0...maximum, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
    }
}

/// Seconds since 1970 of a UTC wall-clock time, for asserting instants without a date library.
func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Date {
    var components = DateComponents()
    (components.year, components.month, components.day) = (year, month, day)
    (components.hour, components.minute, components.second) = (hour, minute, second)
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    return calendar.date(from: components)!
}

let shanghai = TimeZone(identifier: "Asia/Shanghai")!
let utcZone = TimeZone(identifier: "UTC")!
