import FeedsmithCore
import FeedsmithStore
import Foundation

/// The configured sources as an OPML 2.0 subscription list (`feedctl export-opml`, the daemon's /sources.opml).
public enum SourcesOPML {
    public static func render(config: FeedsmithConfig, store: any FeedStore, now: Date = Date()) async throws -> [UInt8] {
        let states = Dictionary(try await store.allSourceStates().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let subscriptions = config.sources.map { source in
            let state = states[source.id]
            return OPMLSubscription(
                title: source.title ?? state?.title ?? source.id, url: source.url.absoluteString,
                siteURL: state?.siteURL.flatMap { $0.hasPrefix("http") ? $0 : nil }, group: source.group)
        }
        return OPMLDocument.render(title: "Feedsmith sources (\(config.file.lastPathComponent))", subscriptions: subscriptions, created: now)
    }

    /// What importing these subscriptions into a configuration would add and skip.
    public struct ImportPlan: Sendable {
        public var added: [NewSource] = []
        /// Subscriptions not added, with the reason.
        public var skipped: [(url: String, reason: String)] = []
    }

    public static func plan(_ subscriptions: [OPMLSubscription], into config: FeedsmithConfig) -> ImportPlan {
        var plan = ImportPlan()
        var taken = Set(config.sources.map(\.id))
        var known: [String: String] = [:]
        for source in config.sources { known[URLCanonicalizer.key(source.url.absoluteString)] = source.id }
        for subscription in subscriptions {
            guard let url = URL(string: subscription.url), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
                plan.skipped.append((subscription.url, "not an http(s) URL"))
                continue
            }
            let key = URLCanonicalizer.key(subscription.url)
            if let existing = known[key] {
                plan.skipped.append((subscription.url, "already configured as source `\(existing)`"))
                continue
            }
            let id = ConfigEditor.makeID(title: subscription.title, url: subscription.url, taken: taken)
            taken.insert(id)
            known[key] = id
            plan.added.append(NewSource(id: id, url: subscription.url, title: subscription.title, group: subscription.group))
        }
        return plan
    }
}
