import Foundation
import Yams

/// Reads and validates `feeds.yml`. Every problem is a ``ConfigError`` with the file, line and column.
public enum ConfigLoader {
    public static let defaultBaseURL = "http://localhost:8080/"

    /// Loads the file at `url`; relative paths inside are relative to its folder.
    public static func load(from url: URL) throws(ConfigError) -> FeedsmithConfig {
        let text: String
        do {
            let data = try Data(contentsOf: url)
            guard let decoded = String(data: data, encoding: .utf8) else {
                throw ConfigError(file: url.path, line: 0, column: 0, message: "the file is not UTF-8 text")
            }
            text = decoded
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError(
                file: url.path, line: 0, column: 0,
                message: "cannot read the configuration (\(error.localizedDescription)); pass --config PATH")
        }
        return try parse(text, file: url)
    }

    /// Parses configuration text as if it were the file at `file`.
    public static func parse(_ text: String, file: URL) throws(ConfigError) -> FeedsmithConfig {
        let reader = YAMLReader(file: file.path)
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw reader.error(nil, "the file is empty; it needs at least `sources:` and `feeds:`")
            }
            root = node
        } catch let error as ConfigError {
            throw error
        } catch let error as YamlError {
            throw reader.syntaxError(error)
        } catch {
            throw reader.error(nil, "cannot parse YAML: \(error)")
        }
        return try ConfigBuilder(reader: reader, folder: file.deletingLastPathComponent()).build(root, file: file)
    }
}

/// The problems found so far. Each section, each key of `defaults` and each source and feed is checked on its own, so
/// one run reports every problem of the file rather than the first (a section that fails stands in with its defaults
/// while the rest is checked).
private final class ProblemLog {
    private(set) var errors: [ConfigError] = []

    /// Runs `body`; a problem is recorded and nil returned.
    func attempt<T>(_ body: () throws(ConfigError) -> T) -> T? {
        do {
            return try body()
        } catch {
            errors.append(error)
            return nil
        }
    }

    func record(_ error: ConfigError) { errors.append(error) }
}

/// Turns the composed YAML tree into a ``FeedsmithConfig``; one function per section.
private struct ConfigBuilder {
    let reader: YAMLReader
    let folder: URL
    let problems = ProblemLog()

    func build(_ root: Node, file: URL) throws(ConfigError) -> FeedsmithConfig {
        let top = try reader.mapping(root, in: "the top level", allowed: ["storage", "output", "defaults", "server", "websub", "grouping", "sources", "feeds"])
        let storage = problems.attempt { () throws(ConfigError) in try buildStorage(top["storage"]?.value) }
        let output = problems.attempt { () throws(ConfigError) in try buildOutput(top["output"]?.value) }
        let defaults = buildDefaults(top["defaults"]?.value)
        var sources: [SourceConfig] = []
        // Ids of sources whose entries have problems still count as known, so feeds naming them add no problem.
        var sourceIDs: [String]?
        if let sourcesNode = top["sources"]?.value {
            (sources, sourceIDs) = buildSources(sourcesNode, defaults: defaults)
        } else {
            problems.record(reader.error(root, "missing `sources:`, the list of sites and feeds to poll"))
        }
        var feeds: [FeedConfig] = []
        if let feedsNode = top["feeds"]?.value {
            feeds = buildFeeds(feedsNode, sources: sources, known: sourceIDs)
        } else {
            problems.record(reader.error(root, "missing `feeds:`, the list of feeds to write"))
        }
        let server = top["server"].flatMap { pair in problems.attempt { () throws(ConfigError) in try buildServer(pair.value) } }
        let hubs = top["websub"].flatMap { pair in
            problems.attempt { () throws(ConfigError) -> [URL] in
                let map = try reader.mapping(pair.value, in: "websub", allowed: ["hubs"])
                guard let hubs = map["hubs"]?.value else { return [] }
                return try reader.sequence(hubs, what: "websub.hubs").map { node throws(ConfigError) in try httpURL(node, what: "a WebSub hub") }
            }
        }
        let grouping = top["grouping"].flatMap { pair in problems.attempt { () throws(ConfigError) in try buildGrouping(pair.value) } }
        let found = problems.errors.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
        if var first = found.first {
            first.more = Array(found.dropFirst())
            throw first
        }
        // Both are set here: a section that failed recorded a problem, thrown above.
        guard let storage, let output else { throw reader.error(root, "the configuration could not be read") }
        var config = FeedsmithConfig(file: file, storage: storage, output: output, defaults: defaults, sources: sources, feeds: feeds)
        if let server { config.server = server }
        if let hubs { config.websubHubs = hubs }
        if let grouping { config.grouping = grouping }
        return config
    }

    func buildGrouping(_ node: Node) throws(ConfigError) -> GroupingOptions {
        let map = try reader.mapping(
            node, in: "grouping",
            allowed: ["text_similarity", "title_similarity", "min_containment", "date_window", "window", "shingle_size", "min_shingles"])
        var options = GroupingOptions()
        if let value = map["text_similarity"]?.value { options.textSimilarity = try fraction(value, what: "grouping.text_similarity") }
        if let value = map["title_similarity"]?.value { options.titleSimilarity = try fraction(value, what: "grouping.title_similarity") }
        if let value = map["min_containment"]?.value { options.minimumContainment = try fraction(value, what: "grouping.min_containment") }
        if let value = map["date_window"]?.value { options.dateWindow = try duration(value, what: "grouping.date_window", minimum: 0) }
        if let value = map["window"]?.value { options.window = try duration(value, what: "grouping.window", minimum: 3600) }
        if let value = map["shingle_size"]?.value { options.shingleSize = try integer(value, what: "grouping.shingle_size", range: 2...4) }
        if let value = map["min_shingles"]?.value { options.minimumShingles = try integer(value, what: "grouping.min_shingles", range: 1...10_000) }
        return options
    }

    /// `include` / `exclude` lists of one-key rules (`title: words` or `content: "/regex/"`), `max_age`, `min_length`.
    func buildFilters(_ node: Node, what: String) throws(ConfigError) -> FilterSet {
        let map = try reader.mapping(node, in: what, allowed: ["include", "exclude", "max_age", "min_length"])
        var filters = FilterSet()
        func rules(_ key: String) throws(ConfigError) -> [FilterRule] {
            guard let list = map[key]?.value else { return [] }
            var result: [FilterRule] = []
            for entry in try reader.sequence(list, what: "\(what).\(key)") {
                let fields = FilterRule.Field.allCases.map(\.rawValue)
                let rule = try reader.mapping(entry, in: "a \(key) rule", allowed: fields)
                guard rule.count == 1, let (name, pair) = rule.first, let field = FilterRule.Field(rawValue: name) else {
                    throw reader.error(entry, "\(what).\(key): each rule names one field (\(fields.joined(separator: ", "))) and its words or /regex/")
                }
                let text = try reader.scalar(pair.value, what: "\(what).\(key).\(name)")
                guard !text.isEmpty else { throw reader.error(pair.value, "\(what).\(key).\(name): empty pattern") }
                do {
                    result.append(FilterRule(field: field, pattern: try FilterRule.pattern(text)))
                } catch {
                    throw reader.error(pair.value, "\(what).\(key).\(name): \(error.message)")
                }
            }
            return result
        }
        filters.include = try rules("include")
        filters.exclude = try rules("exclude")
        if let value = map["max_age"]?.value { filters.maxAge = try duration(value, what: "\(what).max_age", minimum: 60) }
        if let value = map["min_length"]?.value { filters.minLength = try integer(value, what: "\(what).min_length", range: 1...1_000_000) }
        return filters
    }

    func fraction(_ node: Node, what: String) throws(ConfigError) -> Double {
        let text = try reader.scalar(node, what: what)
        guard let value = Double(text), value > 0, value <= 1 else {
            throw reader.error(node, "\(what): expected a number above 0 and at most 1 (such as 0.5), found `\(text)`")
        }
        return value
    }

    func buildServer(_ node: Node) throws(ConfigError) -> ServerConfig {
        let map = try reader.mapping(node, in: "server", allowed: ["listen"])
        guard let listen = map["listen"]?.value else { return ServerConfig() }
        let text = try reader.scalar(listen, what: "server.listen")
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port) else {
            throw reader.error(listen, "server.listen: expected HOST:PORT such as 127.0.0.1:8080, found `\(text)`")
        }
        let host = String(text[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        guard !host.isEmpty else { throw reader.error(listen, "server.listen: the host is missing in `\(text)`") }
        return ServerConfig(host: host, port: port)
    }

    func buildStorage(_ node: Node?) throws(ConfigError) -> StorageConfig {
        guard let node else { return StorageConfig(sqlitePath: folder.appendingPathComponent("var/feedsmith.sqlite")) }
        let map = try reader.mapping(node, in: "storage", allowed: ["sqlite"])
        guard let pathNode = map["sqlite"]?.value else {
            throw reader.error(node, "storage needs `sqlite: PATH`, the database file")
        }
        return StorageConfig(sqlitePath: try path(pathNode, what: "storage.sqlite"))
    }

    func buildOutput(_ node: Node?) throws(ConfigError) -> OutputConfig {
        var directory = folder.appendingPathComponent("public")
        var baseURL = URL(string: ConfigLoader.defaultBaseURL)!  // a literal that parses
        guard let node else { return OutputConfig(directory: directory, baseURL: baseURL) }
        let map = try reader.mapping(node, in: "output", allowed: ["dir", "base_url", "source_feeds"])
        if let dir = map["dir"]?.value { directory = try path(dir, what: "output.dir") }
        if let base = map["base_url"]?.value {
            var url = try httpURL(base, what: "output.base_url")
            if !url.absoluteString.hasSuffix("/"), let slashed = URL(string: url.absoluteString + "/") { url = slashed }
            baseURL = url
        }
        var output = OutputConfig(directory: directory, baseURL: baseURL)
        if let node = map["source_feeds"]?.value { output.sourceFeeds = try sourceFeeds(node) }
        return output
    }

    /// Each key is checked on its own; one with a problem keeps its standard value while the rest is checked.
    func buildDefaults(_ node: Node?) -> DefaultsConfig {
        var defaults = DefaultsConfig(
            timeZone: TimeZone(identifier: "UTC") ?? .current, interval: DefaultsConfig.standardInterval,
            timeout: DefaultsConfig.standardTimeout, maxBodySize: DefaultsConfig.standardMaxBodySize,
            maxItemsPerSource: DefaultsConfig.standardMaxItemsPerSource)
        guard let node, let map = problems.attempt({ () throws(ConfigError) in
            try reader.mapping(
                node, in: "defaults",
                allowed: ["timezone", "interval", "timeout", "max_body_size", "max_items_per_source", "concurrency", "per_host", "host_gap"])
        }) else { return defaults }
        func key(_ name: String, _ apply: (Node) throws(ConfigError) -> Void) {
            guard let value = map[name]?.value else { return }
            _ = problems.attempt { () throws(ConfigError) in try apply(value) }
        }
        key("timezone") { value throws(ConfigError) in defaults.timeZone = try timeZone(value, what: "defaults.timezone") }
        key("interval") { value throws(ConfigError) in defaults.interval = try duration(value, what: "defaults.interval", minimum: 1) }
        key("timeout") { value throws(ConfigError) in defaults.timeout = try duration(value, what: "defaults.timeout", minimum: 1) }
        key("max_body_size") { value throws(ConfigError) in
            let text = try reader.scalar(value, what: "defaults.max_body_size")
            guard let bytes = DurationParser.bytes(text), bytes >= 1024 else {
                throw reader.error(value, "defaults.max_body_size: expected a size of at least 1KiB such as 10MiB or 512KiB, found `\(text)`")
            }
            defaults.maxBodySize = bytes
        }
        key("concurrency") { value throws(ConfigError) in defaults.concurrency = try integer(value, what: "defaults.concurrency", range: 1...1000) }
        key("per_host") { value throws(ConfigError) in defaults.perHost = try integer(value, what: "defaults.per_host", range: 1...100) }
        key("host_gap") { value throws(ConfigError) in
            let text = try reader.scalar(value, what: "defaults.host_gap")
            guard let seconds = DurationParser.seconds(text) ?? (text == "0" ? 0 : nil), seconds <= 60 else {
                throw reader.error(value, "defaults.host_gap: expected a duration up to 60s such as 100ms or 0, found `\(text)`")
            }
            defaults.hostGap = seconds
        }
        key("max_items_per_source") { value throws(ConfigError) in
            defaults.maxItemsPerSource = try integer(value, what: "defaults.max_items_per_source", range: 1...100_000)
        }
        return defaults
    }

    /// The sources without problems, and the ids of every source entry in file order, those with problems included
    /// (nil when the list itself is unreadable: then feeds' source names are not checked).
    func buildSources(_ node: Node, defaults: DefaultsConfig) -> ([SourceConfig], [String]?) {
        guard let list = problems.attempt({ () throws(ConfigError) in try reader.sequence(node, what: "sources") }) else { return ([], nil) }
        var seen: [String: Node] = [:]
        var ids: [String] = []
        var sources: [SourceConfig] = []
        for entry in list {
            guard let (map, id, idNode) = problems.attempt({ () throws(ConfigError) in
                let map = try reader.mapping(
                    entry, in: "a source",
                    allowed: ["id", "url", "kind", "title", "group", "interval", "timezone", "encoding", "list", "article", "max_articles", "filters"])
                let (id, idNode) = try identifier(map, entry, what: "source")
                return (map, id, idNode)
            }) else { continue }
            if let first = seen[id] {
                problems.record(reader.error(idNode, "duplicate source id `\(id)` (first defined at line \(first.mark?.line ?? 0))"))
                continue
            }
            seen[id] = idNode
            ids.append(id)
            if let source = problems.attempt({ () throws(ConfigError) in try buildSource(map, entry, id: id, idNode: idNode, defaults: defaults) }) {
                sources.append(source)
            }
        }
        return (sources, ids)
    }

    func buildSource(
        _ map: [String: (key: Node, value: Node)], _ entry: Node, id: String, idNode: Node, defaults: DefaultsConfig
    ) throws(ConfigError) -> SourceConfig {
        guard let urlNode = map["url"]?.value else { throw reader.error(entry, "source `\(id)` needs `url:`") }
        let url = try sourceURL(urlNode, what: "source `\(id)` url")
        var kind = SourceKind.auto
        if let kindNode = map["kind"]?.value {
            let text = try reader.scalar(kindNode, what: "kind")
            guard let parsed = SourceKind(rawValue: text) else {
                throw reader.error(kindNode, "source `\(id)`: unknown kind `\(text)`; expected auto, feed or page")
            }
            kind = parsed
        }
        var source = SourceConfig(
            id: id, url: url, kind: kind, title: nil, interval: defaults.interval, timeZone: defaults.timeZone,
            encoding: nil)
        if let title = map["title"]?.value { source.title = try reader.scalar(title, what: "title") }
        if let group = map["group"]?.value { source.group = try reader.scalar(group, what: "group") }
        if let value = map["interval"]?.value {
            source.interval = try duration(value, what: "source `\(id)` interval", minimum: 1)
        }
        if let tz = map["timezone"]?.value { source.timeZone = try timeZone(tz, what: "source `\(id)` timezone") }
        if let enc = map["encoding"]?.value {
            let label = try reader.scalar(enc, what: "encoding")
            guard EncodingLabel.resolve(label) != nil else {
                throw reader.error(enc, "source `\(id)`: unknown encoding `\(label)`; expected a WHATWG label such as utf-8, gbk, gb18030, big5, shift_jis, windows-1252")
            }
            source.encoding = label
        }
        if let value = map["max_articles"]?.value {
            source.maxArticles = try integer(value, what: "source `\(id)` max_articles", range: 0...1000)
        }
        if let listNode = map["list"]?.value {
            let list = try reader.mapping(listNode, in: "source `\(id)` list", allowed: ["item", "link", "title", "date"])
            guard let item = list["item"]?.value else {
                throw reader.error(listNode, "source `\(id)` list needs `item:`, the selector of one entry of the list")
            }
            source.rules.list = ExtractionRules.List(
                item: try selector(item, what: "list.item"), link: try list["link"].map { p throws(ConfigError) in try selector(p.value, what: "list.link") },
                title: try list["title"].map { p throws(ConfigError) in try selector(p.value, what: "list.title") },
                date: try list["date"].map { p throws(ConfigError) in try selector(p.value, what: "list.date") })
        }
        if let articleNode = map["article"]?.value {
            let article = try reader.mapping(articleNode, in: "source `\(id)` article", allowed: ["title", "content", "date", "author"])
            var rules = ExtractionRules.Article()
            if let node = article["title"]?.value { rules.title = try selector(node, what: "article.title") }
            if let node = article["content"]?.value { rules.content = try selector(node, what: "article.content") }
            if let node = article["date"]?.value { rules.date = try selector(node, what: "article.date") }
            if let node = article["author"]?.value { rules.author = try selector(node, what: "article.author") }
            source.rules.article = rules
        }
        if let node = map["filters"]?.value { source.filters = try buildFilters(node, what: "source `\(id)` filters") }
        if source.rules != .none, source.kind == .feed {
            throw reader.error(idNode, "source `\(id)` has `kind: feed` but also page selectors; use `kind: page` or `auto`")
        }
        return source
    }

    /// `known`: the ids feeds may name, in file order; nil when the sources could not be read.
    func buildFeeds(_ node: Node, sources: [SourceConfig], known: [String]?) -> [FeedConfig] {
        let knownSet = known.map(Set.init)
        guard let list = problems.attempt({ () throws(ConfigError) in try reader.sequence(node, what: "feeds") }) else { return [] }
        var seen: [String: Node] = [:]
        var feeds: [FeedConfig] = []
        for entry in list {
            guard let (map, id, idNode) = problems.attempt({ () throws(ConfigError) in
                let map = try reader.mapping(
                    entry, in: "a feed", allowed: ["id", "title", "description", "sources", "group_related", "limit", "filters"])
                let (id, idNode) = try identifier(map, entry, what: "feed")
                return (map, id, idNode)
            }) else { continue }
            if let first = seen[id] {
                problems.record(reader.error(idNode, "duplicate feed id `\(id)` (first defined at line \(first.mark?.line ?? 0))"))
                continue
            }
            seen[id] = idNode
            if let feed = problems.attempt({ () throws(ConfigError) in try buildFeed(map, id: id, sources: sources, known: known, knownSet: knownSet) }) {
                feeds.append(feed)
            }
        }
        return feeds
    }

    func buildFeed(
        _ map: [String: (key: Node, value: Node)], id: String, sources: [SourceConfig], known: [String]?, knownSet: Set<String>?
    ) throws(ConfigError) -> FeedConfig {
        let title = try map["title"].map { pair throws(ConfigError) in try reader.scalar(pair.value, what: "title") } ?? id
        var feed = FeedConfig(
            id: id, title: title, description: nil, sourceIDs: sources.map(\.id), groupRelated: false,
            limit: FeedConfig.standardLimit)
        if let value = map["description"]?.value { feed.description = try reader.scalar(value, what: "description") }
        if let node = map["filters"]?.value { feed.filters = try buildFilters(node, what: "feed `\(id)` filters") }
        if let value = map["sources"]?.value {
            if case .scalar = value {
                let text = try reader.scalar(value, what: "sources")
                guard text == "all" else {
                    throw reader.error(value, "feed `\(id)`: `sources` is `all` or a list of source ids, found `\(text)`")
                }
            } else {
                var ids: [String] = []
                for item in try reader.sequence(value, what: "feed `\(id)` sources") {
                    let sid = try reader.scalar(item, what: "a source id")
                    guard knownSet?.contains(sid) ?? true else {
                        throw reader.error(item, "feed `\(id)` names unknown source `\(sid)`; known sources: \((known ?? sources.map(\.id)).joined(separator: ", "))")
                    }
                    if !ids.contains(sid) { ids.append(sid) }
                }
                feed.sourceIDs = ids
            }
        }
        if let value = map["group_related"]?.value { feed.groupRelated = try boolean(value, what: "group_related") }
        if let value = map["limit"]?.value { feed.limit = try integer(value, what: "feed `\(id)` limit", range: 1...100_000) }
        return feed
    }

    // MARK: Typed values

    func identifier(_ map: [String: (key: Node, value: Node)], _ entry: Node, what: String) throws(ConfigError) -> (String, Node) {
        guard let node = map["id"]?.value else { throw reader.error(entry, "a \(what) needs `id:`") }
        let id = try reader.scalar(node, what: "id")
        let allowed = id.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" || $0 == ".") }
        guard !id.isEmpty, id.count <= 64, allowed, !id.hasPrefix(".") else {
            throw reader.error(node, "\(what) id `\(id)`: expected 1–64 ASCII letters, digits, `-`, `_` or `.` (it names output files)")
        }
        return (id, node)
    }

    func selector(_ node: Node, what: String) throws(ConfigError) -> Selector {
        let text = try reader.scalar(node, what: what)
        do {
            return try Selector(text)
        } catch {
            throw reader.error(node, "\(what): \(error.message)")
        }
    }

    func path(_ node: Node, what: String) throws(ConfigError) -> URL {
        let text = try reader.scalar(node, what: what)
        guard !text.isEmpty else { throw reader.error(node, "\(what): expected a path, found an empty string") }
        if text.hasPrefix("/") { return URL(fileURLWithPath: text).standardizedFileURL }
        return folder.appendingPathComponent(text).standardizedFileURL
    }

    func httpURL(_ node: Node, what: String) throws(ConfigError) -> URL {
        let text = try reader.scalar(node, what: what)
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              url.host?.isEmpty == false
        else {
            throw reader.error(node, "\(what): expected an absolute http(s) URL, found `\(text)`")
        }
        return url
    }

    /// http(s) URLs, `file://` URLs, and paths relative to the config file for sample sources.
    func sourceURL(_ node: Node, what: String) throws(ConfigError) -> URL {
        let text = try reader.scalar(node, what: what)
        if let url = URL(string: text), let scheme = url.scheme?.lowercased() {
            switch scheme {
            case "http", "https":
                guard url.host?.isEmpty == false else { break }
                return url
            case "file":
                guard !url.path.isEmpty else { break }
                return url.path.hasPrefix("/") ? url : folder.appendingPathComponent(url.path)
            default:
                throw reader.error(node, "\(what): unsupported scheme `\(scheme)`; expected http, https or file")
            }
            throw reader.error(node, "\(what): `\(text)` is not a complete URL")
        }
        guard !text.isEmpty, !text.contains("://") else {
            throw reader.error(node, "\(what): expected an http(s) URL, a file:// URL or a path, found `\(text)`")
        }
        return try path(node, what: what)
    }

    func duration(_ node: Node, what: String, minimum: TimeInterval) throws(ConfigError) -> TimeInterval {
        let text = try reader.scalar(node, what: what)
        guard let seconds = DurationParser.seconds(text) else {
            throw reader.error(node, "\(what): expected a duration such as 90s, 15m, 1h30m or 1d, found `\(text)`")
        }
        guard seconds >= minimum else {
            throw reader.error(node, "\(what): `\(text)` is too short; the least is \(Int(minimum))s")
        }
        return seconds
    }

    func timeZone(_ node: Node, what: String) throws(ConfigError) -> TimeZone {
        let text = try reader.scalar(node, what: what)
        guard let zone = TimeZone(identifier: text) else {
            throw reader.error(node, "\(what): unknown time zone `\(text)`; expected an IANA name such as Asia/Shanghai, Europe/Berlin or UTC")
        }
        return zone
    }

    func integer(_ node: Node, what: String, range: ClosedRange<Int>) throws(ConfigError) -> Int {
        let text = try reader.scalar(node, what: what)
        guard let value = Int(text), range.contains(value) else {
            throw reader.error(node, "\(what): expected a whole number from \(range.lowerBound) to \(range.upperBound), found `\(text)`")
        }
        return value
    }

    /// `all`, `pages` or `none`; the booleans earlier versions took still mean all and none.
    func sourceFeeds(_ node: Node) throws(ConfigError) -> SourceFeeds {
        let text = try reader.scalar(node, what: "output.source_feeds")
        if let value = SourceFeeds(rawValue: text.lowercased()) { return value }
        guard let flag = Self.booleanValue(text) else {
            throw reader.error(node, "output.source_feeds: expected all, pages or none, found `\(text)`")
        }
        return flag ? .all : .none
    }

    func boolean(_ node: Node, what: String) throws(ConfigError) -> Bool {
        let text = try reader.scalar(node, what: what)
        guard let value = Self.booleanValue(text) else { throw reader.error(node, "\(what): expected true or false, found `\(text)`") }
        return value
    }

    /// The spellings of a YAML boolean this file accepts, in any case.
    static func booleanValue(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "on": true
        case "false", "no", "off": false
        default: nil
        }
    }
}
