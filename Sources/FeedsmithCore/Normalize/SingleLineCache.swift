import Foundation
import Synchronization

/// The single lines of the HTML most recently turned into one, by the HTML's exact bytes. Normalizing an item
/// without a summary takes its content's single line for the summary, and storing the item takes the same
/// line again for its content hash, moments later in the same task: each is an HTML parse (libxml2 2.9 reads
/// character data one call per character) and a walk, about 15 µs for a two-paragraph item. The function is
/// pure, so an entry is the answer, never an approximation; HTML longer than `maximumBytes` is not kept, and
/// the cache is emptied when full, so it holds at most `capacity` entries of at most that size.
final class SingleLineCache: Sendable {
    static let shared = SingleLineCache()

    /// The HTML's bytes, hashed once; equal only when the bytes are (not merely canonically equivalent, which
    /// `String`'s own equality and hashing would also accept, at the cost of normalizing CJK text).
    private struct Key: Hashable {
        let html: String
        let hash: Int

        init(_ html: String) {
            var html = html
            hash = html.withUTF8 { bytes in
                var hasher = Hasher()
                hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
                return hasher.finalize()
            }
            self.html = html
        }

        func hash(into hasher: inout Hasher) { hasher.combine(hash) }

        static func == (lhs: Key, rhs: Key) -> Bool {
            guard lhs.hash == rhs.hash else { return false }
            var (left, right) = (lhs.html, rhs.html)
            return left.withUTF8 { a in right.withUTF8 { b in a.elementsEqual(b) } }
        }
    }

    private let lines = Mutex<[Key: String]>([:])
    let capacity: Int
    let maximumBytes: Int

    init(capacity: Int = 256, maximumBytes: Int = 16_384) {
        self.capacity = capacity
        self.maximumBytes = maximumBytes
    }

    /// `compute(html)`, from the cache when these bytes were asked about recently.
    func line(_ html: String, _ compute: (String) -> String) -> String {
        guard html.utf8.count <= maximumBytes else { return compute(html) }
        let key = Key(html)
        if let known = lines.withLock({ $0[key] }) { return known }
        let line = compute(html)
        lines.withLock { cache in
            if cache.count >= capacity { cache.removeAll(keepingCapacity: true) }
            cache[key] = line
        }
        return line
    }

    var count: Int { lines.withLock { $0.count } }
}
