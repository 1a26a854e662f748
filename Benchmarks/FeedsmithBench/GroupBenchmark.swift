import ArgumentParser
import FeedsmithCore
import Foundation

/// Grouping a new batch against a large stored index, on a synthetic corpus with planted near-duplicates.
struct GroupBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "group",
        abstract: "Group a batch of new items against N stored items; print time, memory, and precision/recall on planted near-duplicates.")

    @Option(help: "Stored items in the index.")
    var stored = 1_000_000

    @Option(help: "New items in the batch; half are planted near-duplicates of stored items.")
    var batch = 1000

    @Option(help: "Random seed: the same seed gives the same corpus.")
    var seed: UInt64 = 42

    func run() throws {
        var generator = SyntheticNews(seed: seed)
        let start = Date(timeIntervalSince1970: 1_780_000_000)
        print("building \(stored) stored items (fingerprinted through the same code as new ones)…")
        let clock = ContinuousClock()
        let residentBefore = residentMegabytes()
        var index = StoryIndex()
        // Planted copies target a sample of stored stories spread over the whole index (keeping every text
        // would dominate the memory being measured).
        var storedTexts: [(ordinal: Int, title: String, body: String)] = []
        let sampleEvery = max(1, stored / 10_000)
        let buildTime = clock.measure {
            var roots: [UUID: UInt32] = [:]
            // Fingerprints are computed on both cores; the index is filled in order.
            let chunk = 20_000
            var base = 0
            while base < stored {
                let count = min(chunk, stored - base)
                let stories = (0..<count).map { _ in generator.story() }
                for (offset, story) in stories.enumerated() where (base + offset) % sampleEvery == 0 {
                    storedTexts.append((base + offset, story.title, story.body))
                }
                var prints = [StoryFingerprint?](repeating: nil, count: count)
                let first = base
                prints.withUnsafeMutableBufferPointer { buffer in
                    let out = UnsafeMutableSendableBuffer(buffer)
                    DispatchQueue.concurrentPerform(iterations: 2) { half in
                        for offset in stride(from: half, to: count, by: 2) {
                            let story = stories[offset]
                            out.buffer[offset] = StoryFingerprint.make(
                                title: story.title, text: story.body, date: start.addingTimeInterval(Double(first + offset) * 2),
                                canonicalURL: "https://site\((first + offset) % 500).example/a/\(first + offset).html", guid: nil)
                        }
                    }
                }
                for (offset, fingerprint) in prints.enumerated() {
                    guard let fingerprint else { continue }
                    let id = SyntheticNews.uuid(base + offset)
                    index.load(itemID: id, groupID: id, source: "site\((base + offset) % 500)", fingerprint: fingerprint, groupOrdinals: &roots)
                }
                base += count
            }
            roots = [:]
            index.commit()
        }
        // Measured: resident memory after building minus before (the index plus a 10,000-story text sample),
        // beside the layout's own count.
        let grown = residentMegabytes() - residentBefore
        print(String(
            format: "  built in %.1f s; resident memory grew %.0f MB = %.0f bytes/item (layout: %d bytes/item); peak RSS so far %.0f MB",
            buildTime.seconds, grown, grown * 1_048_576 / Double(max(1, stored)), index.bytesPerItem, peakRSSMegabytes()))

        // The batch: half planted copies of stored stories (Traditional script, reprint tags, a cut paragraph,
        // small edits), half new stories.
        var planted: [Int: Int] = [:]  // batch position → stored ordinal it copies
        var items: [(title: String, body: String, date: Date)] = []
        for position in 0..<batch {
            let date = start.addingTimeInterval(Double(stored) * 2 + Double(position))
            if position % 2 == 0, !storedTexts.isEmpty {
                let sample = storedTexts[Int(generator.next() % UInt64(storedTexts.count))]
                let target = sample.ordinal
                planted[position] = target
                let copy = generator.nearDuplicate((sample.title, sample.body), variant: position / 2)
                items.append((copy.title, copy.body, start.addingTimeInterval(Double(target) * 2 + 3600)))
            } else {
                let story = generator.story()
                items.append((story.title, story.body, date))
            }
        }
        var assignments: [StoryIndex.Assignment] = []
        let groupTime = clock.measure {
            for (position, item) in items.enumerated() {
                let fingerprint = StoryFingerprint.make(
                    title: item.title, text: item.body, date: item.date, canonicalURL: "https://new.example/\(position)", guid: nil)
                assignments.append(index.assign(itemID: SyntheticNews.uuid(stored + position), source: "new\(position)", fingerprint: fingerprint))
            }
            index.commit()
        }
        var truePositives = 0
        var falsePositives = 0
        for (position, assignment) in assignments.enumerated() {
            let joined = assignment.groupID != SyntheticNews.uuid(stored + position)
            if let target = planted[position] {
                if assignment.groupID == SyntheticNews.uuid(target) { truePositives += 1 } else if joined { falsePositives += 1 }
            } else if joined {
                falsePositives += 1
            }
        }
        let precision = truePositives + falsePositives == 0 ? 1 : Double(truePositives) / Double(truePositives + falsePositives)
        let recall = planted.isEmpty ? 1 : Double(truePositives) / Double(planted.count)
        print(String(
            format: "group: %d new items against %d stored in %.3f s (%.0f items/s, fingerprinting included); peak RSS %.0f MB",
            batch, stored, groupTime.seconds, Double(batch) / groupTime.seconds, peakRSSMegabytes()))
        print(String(
            format: "  planted near-duplicates: precision %.1f%% (%d/%d joins correct), recall %.1f%% (%d/%d found)",
            precision * 100, truePositives, truePositives + falsePositives, recall * 100, truePositives, planted.count))
    }
}

/// Lets two threads fill disjoint slots of one buffer.
struct UnsafeMutableSendableBuffer<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>
    init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
}
