/// Which URLs an output may carry. Sources can be local files (`file://`, the bundled samples, feeds a script
/// writes), and their own URLs, site links and relative item links resolved against them are paths on the
/// operator's machine: meaningless to a reader, a leak of the machine's layout, and refused by JSON Feed
/// validation, which took the whole file down with it.
public enum PublishedURL {
    /// `url` when it is an absolute http(s) URL, as the validators check it; nil otherwise.
    public static func http(_ url: String?) -> String? {
        guard let url, FeedValidator.isHTTPURL(url) else { return nil }
        return url
    }
}
