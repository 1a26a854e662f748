import Crypto
import FeedsmithCore
import Foundation
import Testing

/// Item ids are derived once and stored; every reader's entry ids depend on them never changing.
@Suite struct ItemIdentityTests {
    /// The id as first defined: SHA-256 of the name, version and variant bits set, formatted through Strings.
    static func referenceID(sourceID: String, key: String) -> String {
        var digest = Array(SHA256.hash(data: Data("feedsmith\u{0}\(sourceID)\u{0}\(key)".utf8)).prefix(16))
        digest[6] = (digest[6] & 0x0F) | 0x80
        digest[8] = (digest[8] & 0x3F) | 0x80
        let h = digest.map { String(format: "%02x", $0) }.joined()
        return "\(h.prefix(8))-\(h.dropFirst(8).prefix(4))-\(h.dropFirst(12).prefix(4))-\(h.dropFirst(16).prefix(4))-\(h.dropFirst(20))"
    }

    @Test func stableIDsKeepTheirValues() {
        // Computed outside Swift (Python's hashlib): a change here changes every stored item's id.
        for (source, key, id) in [
            ("s", "guid:1", "09f665b4-a23b-8de5-8975-8bc343ddf3ae"),
            ("新闻", "url:https://例子.cn/a?b=1", "f09395a0-99b1-823d-b8b8-822e005a1415"),
            ("feedsmith-output", "source:s0", "43e97274-9663-8473-89f9-790d38c2b044"),
            ("", "", "5a0265c6-8c66-8504-b76b-d1dd1d6559ee"),
        ] {
            #expect(ItemIdentity.stableID(sourceID: source, key: key) == id, "\(source) \(key)")
            #expect(Self.referenceID(sourceID: source, key: key) == id, "\(source) \(key)")
        }
    }

    @Test func stableIDsMatchTheirDefinition() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["guid:", "url:https://", "hash:", "新闻", "é", "\u{0}", " ", "a", "/", "😀", "tag:example.org,2026:"]
        for _ in 0..<2000 {
            let source = (0..<Int.random(in: 0...3, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
            let key = (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
            let id = ItemIdentity.stableID(sourceID: source, key: key)
            #expect(id == Self.referenceID(sourceID: source, key: key), "\(source) \(key)")
            #expect(UUID(uuidString: id) != nil)
        }
    }
}
