/// A JSON array of strings, as SQLite's `json_each` reads a list bound to one parameter.
public enum JSONStringArray {
    public static func encode(_ values: [String]) -> String {
        var out: [UInt8] = [UInt8(ascii: "[")]
        out.reserveCapacity(values.count * 40 + 2)
        for (index, value) in values.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONString.write(value, to: &out)
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }
}
