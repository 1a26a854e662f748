/// How a source's URL is to be read.
public enum SourceKind: String, Sendable, CaseIterable, Codable {
    /// Decide from the bytes: a feed, an HTML page that links a feed, or a page to extract.
    case auto
    /// Always a feed (RSS, Atom, JSON Feed).
    case feed
    /// Always an HTML page (a list of articles or an article).
    case page
}
