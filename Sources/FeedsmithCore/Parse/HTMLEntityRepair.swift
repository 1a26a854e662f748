import CLibXML2
import Foundation

/// RSS in the wild uses HTML entities (`&nbsp;`, `&eacute;`, `&mdash;`) that XML does not define; an
/// XML parser drops them or stops. Feed readers accept them, so they are rewritten as numeric references
/// from libxml2's own HTML entity table before parsing.
enum HTMLEntityRepair {
    /// Returns the repaired text and how many references were rewritten.
    static func repair(_ text: String) -> (text: String, repaired: Int) {
        var copy = text
        // Byte scanning: every feed passes through here, and Character iteration cost a tenth of parsing.
        let repairedText = copy.withUTF8 { bytes -> (String, Int)? in
            guard bytes.contains(UInt8(ascii: "&")) else { return nil }
            // Read only when a reference names something XML does not predefine: most feeds escape with `&lt;`
            // and `&amp;` alone, and searching the whole document for declarations was most of this pass.
            var declared: Set<String>?
            var result: [UInt8] = []
            var repaired = 0
            var runStart = 0
            var index = 0
            let count = bytes.count
            while index < count {
                guard bytes[index] == UInt8(ascii: "&") else { index += 1; continue }
                var end = index + 1
                while end < count, end - index <= 32, isASCIIAlphanumeric(bytes[end]) { end += 1 }
                let nameLength = end - index - 1
                if nameLength > 0, nameLength <= 32, end < count, bytes[end] == UInt8(ascii: ";"), isASCIILetter(bytes[index + 1]),
                   !isPredefined(UnsafeBufferPointer(rebasing: bytes[(index + 1)..<end])) {
                    let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[(index + 1)..<end]), as: UTF8.self)
                    let names = declared ?? declaredEntities(bytes)
                    declared = names
                    if !names.contains(name), let value = lookup(name) {
                        if result.isEmpty { result.reserveCapacity(count + 64) }
                        result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                        result.append(contentsOf: "&#\(value);".utf8)
                        repaired += 1
                        index = end + 1
                        runStart = index
                        continue
                    }
                }
                index += 1
            }
            guard repaired > 0 else { return nil }
            result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<count]))
            return (String(decoding: result, as: UTF8.self), repaired)
        }
        return repairedText ?? (text, 0)
    }

    /// Whether the name is one of the five entities XML predefines (`amp`, `lt`, `gt`, `quot`, `apos`), read from
    /// its bytes; those are left to the parser.
    static func isPredefined(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        switch name.count {
        case 2: return name[1] == UInt8(ascii: "t") && (name[0] == UInt8(ascii: "l") || name[0] == UInt8(ascii: "g"))
        case 3: return name.elementsEqual("amp".utf8)
        case 4: return name.elementsEqual("quot".utf8) || name.elementsEqual("apos".utf8)
        default: return false
        }
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    private static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        isASCIILetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    private static func lookup(_ name: String) -> UInt32? {
        name.withCString { pointer in
            pointer.withMemoryRebound(to: xmlChar.self, capacity: name.utf8.count + 1) { htmlEntityLookup($0)?.pointee.value }
        }
    }

    private static let entityMarker = Array("<!ENTITY".utf8)

    /// Entities the document declares itself in an internal subset are left to the parser.
    private static func declaredEntities(_ bytes: UnsafeBufferPointer<UInt8>) -> Set<String> {
        var names: Set<String> = []
        var index = 0
        let marker = entityMarker
        while index + marker.count <= bytes.count {
            guard bytes[index] == UInt8(ascii: "<"), bytes[index + 1] == UInt8(ascii: "!"),
                  marker.indices.allSatisfy({ bytes[index + $0] == marker[$0] }) else { index += 1; continue }
            var start = index + marker.count
            while start < bytes.count, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "%") { start += 1 }
            var end = start
            while end < bytes.count, ![UInt8(ascii: " "), 0x09, 0x0A, 0x0D].contains(bytes[end]) { end += 1 }
            names.insert(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
            index = start
        }
        return names
    }
}
