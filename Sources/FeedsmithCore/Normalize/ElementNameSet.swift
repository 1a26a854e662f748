import CLibXML2
import Foundation

/// A fixed set of element names, matched against libxml2's NUL-terminated names in place. Building a
/// `String` for every element to look it up in a `Set<String>` was most of the cost of walking a tree for
/// its text; names are grouped by length and compared byte for byte instead (the same exact match).
struct ElementNameSet: Sendable {
    /// `byLength[n]`: the names of n bytes.
    private let byLength: [[[UInt8]]]

    init(_ names: Set<String>) {
        let longest = names.map(\.utf8.count).max() ?? 0
        var groups = [[[UInt8]]](repeating: [], count: longest + 1)
        for name in names.sorted() { groups[name.utf8.count].append(Array(name.utf8)) }
        byLength = groups
    }

    func contains(_ name: UnsafePointer<xmlChar>) -> Bool {
        var length = 0
        while name[length] != 0 {
            length += 1
            if length >= byLength.count { return false }
        }
        for candidate in byLength[length] where candidate.elementsEqual(UnsafeBufferPointer(start: name, count: length)) {
            return true
        }
        return false
    }
}
