import Foundation

/// The form of an article URL used to recognise the same article twice: lower-case scheme and host,
/// no default port, no fragment, no tracking parameters.
public enum URLCanonicalizer {
    static let trackingParameters: Set<String> = [
        "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "yclid", "igshid", "_hsenc", "_hsmi", "mkt_tok",
        "spm", "from", "isappinstalled", "share_token", "sharesource", "ref_src", "wt.mc_id", "scm", "vd_source",
    ]

    public static func canonical(_ raw: String) -> String? {
        let trimmed = TextHygiene.trimmed(raw)
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
}
