import CLibXML2
@testable import FeedsmithCore
import Testing

/// Which elements a text walk drops or breaks lines at decides the plain text behind content hashes (so item
/// ids): the in-place name match must answer as the `Set<String>` it replaced, for any bytes a name can hold.
@Suite struct ElementNameSetTests {
    @Test func answersAsTheStringSetDoes() {
        let sets = [HTMLElements.dropped, HTMLElements.block, HTMLElements.void, Set(["a"]), Set<String>()]
        var names = Set(sets.flatMap { $0 })
        // Prefixes, extensions, case changes and bytes that are not ASCII or not UTF-8 at all.
        for name in Array(names) {
            names.insert(String(name.dropLast()))
            names.insert(name + "x")
            names.insert(name.uppercased())
            names.insert("x" + name)
        }
        var probes: [[UInt8]] = names.map { Array($0.utf8) } + [[], [0xE7, 0x8E, 0xB0], [0xFF, 0x70], [0x70, 0xFF], Array("pre\u{301}".utf8)]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            probes.append((0..<Int.random(in: 1...12, using: &generator)).map { _ in
                [UInt8(ascii: "p"), UInt8(ascii: "r"), UInt8(ascii: "e"), UInt8(ascii: "d"), UInt8(ascii: "t"), 0x31, 0xC3, 0xA9, UInt8.random(in: 1...255, using: &generator)]
                    .randomElement(using: &generator) ?? 0x61
            })
        }
        for set in sets {
            let fast = ElementNameSet(set)
            for probe in probes {
                let terminated = probe + [0]
                let expected = set.contains(String(decoding: probe, as: UTF8.self)) && String(validating: probe, as: UTF8.self) != nil
                let answer = terminated.withUnsafeBufferPointer { buffer in buffer.baseAddress.map(fast.contains) ?? false }
                #expect(answer == expected, "\(probe) in \(set.sorted())")
            }
        }
    }
}
