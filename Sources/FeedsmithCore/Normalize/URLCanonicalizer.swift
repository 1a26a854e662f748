import Foundation

/// The form of an article URL used to recognise the same article twice: lower-case scheme and host,
/// no default port, no fragment, no tracking parameters.
public enum URLCanonicalizer {
    static let trackingParameters: Set<String> = [
        "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "yclid", "igshid", "_hsenc", "_hsmi", "mkt_tok",
        "spm", "from", "isappinstalled", "share_token", "sharesource", "ref_src", "wt.mc_id", "scm", "vd_source",
    ]

    /// What recognises the same URL twice (an OPML entry already configured, a link already stored): its
    /// canonical form, or the text itself when it is not an http(s) or file URL.
    public static func key(_ raw: String) -> String { canonical(raw) ?? raw }

    public static func canonical(_ raw: String) -> String? {
        let trimmed = TextHygiene.trimmed(raw)
        if isAlreadyCanonical(trimmed) { return trimmed }
        return canonicalThroughComponents(trimmed)
    }

    static func canonicalThroughComponents(_ trimmed: String) -> String? {
        guard var components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased() else { return nil }
        if scheme == "file", !components.path.isEmpty {  // offline sample sites
            components.fragment = nil
            return components.string
        }
        guard scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty else { return nil }
        components.scheme = scheme
        components.host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        if (scheme == "http" && components.port == 80) || (scheme == "https" && components.port == 443) { components.port = nil }
        components.fragment = nil
        if components.path.isEmpty { components.path = "/" }
        if let items = components.queryItems {
            let kept = items.filter { item in
                let name = item.name.lowercased()
                return !name.hasPrefix("utm_") && !trackingParameters.contains(name)
            }
            components.queryItems = kept.isEmpty ? nil : kept
        }
        return components.string
    }

    /// True for the common URL that canonicalizing leaves as it is: `http(s)://` in lower case, a lower-case
    /// host (letters, digits, `-`, `.`, not ending in a dot), no user, port, query, fragment or percent sign,
    /// and a path of unreserved characters. Foundation's URLComponents is then skipped: it was most of the
    /// cost of deriving an item's identity keys. Tested to agree with the full path.
    static func isAlreadyCanonical(_ url: String) -> Bool {
        var url = url
        return url.withUTF8 { bytes in
            let prefixLength: Int
            if bytes.starts(with: "https://".utf8) { prefixLength = 8 } else if bytes.starts(with: "http://".utf8) { prefixLength = 7 } else { return false }
            var index = prefixLength
            while index < bytes.count, bytes[index] != UInt8(ascii: "/") {
                let byte = bytes[index]
                guard (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                        || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") else { return false }
                index += 1
            }
            guard index > prefixLength, index < bytes.count, bytes[index - 1] != UInt8(ascii: "."),
                  bytes[prefixLength] != UInt8(ascii: ".") else { return false }
            for byte in bytes[index...] {
                guard (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                        || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                        || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
                        || byte == UInt8(ascii: "~") else { return false }
            }
            return true
        }
    }
}
