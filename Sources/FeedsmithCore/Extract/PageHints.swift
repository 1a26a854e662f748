import CLibXML2
import Foundation

/// Class and id words that say what a block is, as Readability uses them, with the names Chinese portals use.
enum PageHints {
    static let positive = try? NSRegularExpression(
        pattern: "article|body|content|entry|main|post|text|story|detail|trs_editor|artibody|zoom|news_?txt|zw|cont|正文|内容",
        options: [.caseInsensitive])
    static let negative = try? NSRegularExpression(
        pattern: "comment|footer|foot|nav|menu|sidebar|side|related|relate|xgxw|share|hot|rank|banner|\\bad\\b|ads|advert|copyright|recommend|breadcrumb|crumb|pagination|pager|page-?nav|tags?\\b|friend|link|login|search|header|masthead|widget|popup|qrcode|erweima|editor|bianji|source-?bar|toolbar|print|tuijian|paihang|dianji|footer",
        options: [.caseInsensitive])

    static func classAndID(_ node: xmlNodePtr) -> String {
        [HTMLTree.attribute(node, "class"), HTMLTree.attribute(node, "id")].compactMap { $0 }.joined(separator: " ")
    }

    static func matches(_ regex: NSRegularExpression?, _ text: String) -> Bool {
        guard let regex, !text.isEmpty else { return false }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// +25 for content-like names, -25 for boilerplate-like names.
    static func weight(_ node: xmlNodePtr) -> Double {
        let verdict = verdict(node)
        return (verdict.positive ? 25 : 0) - (verdict.negative ? 25 : 0)
    }

    /// Whether a node's class and id look like content and/or boilerplate. Nodes without either are common
    /// and answered without building a string.
    static func verdict(_ node: xmlNodePtr) -> Verdict {
        guard node.pointee.properties != nil else { return Verdict() }
        let names = classAndID(node)
        guard !names.isEmpty else { return Verdict() }
        return cache.verdict(names)
    }

    struct Verdict {
        var positive = false
        var negative = false
        /// The name says it is a list (`newslist`, `list-box`): a bonus for list detection.
        var list = false
    }

    /// Regular expressions are slow on Linux; pages repeat the same class names hundreds of times.
    private static let cache = VerdictCache()

    final class VerdictCache: @unchecked Sendable {
        private var verdicts: [String: Verdict] = [:]
        private let lock = NSLock()

        func verdict(_ names: String) -> Verdict {
            lock.lock()
            if let known = verdicts[names] {
                lock.unlock()
                return known
            }
            lock.unlock()
            let verdict = Verdict(
                positive: PageHints.matches(PageHints.positive, names), negative: PageHints.matches(PageHints.negative, names),
                list: names.lowercased().contains("list"))
            lock.lock()
            if verdicts.count > 50_000 { verdicts.removeAll() }  // bounded: class names come from untrusted pages
            verdicts[names] = verdict
            lock.unlock()
            return verdict
        }
    }

    /// Headings of boxes that list other stories rather than tell this one.
    static let boilerplateHeadings = ["相关新闻", "相關新聞", "相关阅读", "相關閱讀", "相关链接", "相關鏈接", "推荐阅读", "推薦閱讀",
                                      "热点新闻", "熱點新聞", "热门", "熱門", "延伸阅读", "延伸閱讀", "猜你喜欢", "Related", "Read more"]
    /// How lines that are not article text begin: editors, copyright, share prompts.
    static let boilerplateLineWords = ["责任编辑", "責任編輯", "编辑", "編輯", "责编", "責編", "审核", "審核", "校对", "校對", "来源", "來源",
                                       "稿源", "版权所有", "版權所有", "copyright", "©", "分享到", "扫一扫", "掃一掃", "打印", "关闭窗口",
                                       "關閉窗口", "上一篇", "下一篇"]
    static let boilerplateLines = try? NSRegularExpression(
        pattern: "^\\s*[【\\[（(]?\\s*(" + boilerplateLineWords.map(NSRegularExpression.escapedPattern(for:)).joined(separator: "|") + ")",
        options: [.caseInsensitive])
    /// The words' first letters, lower-cased.
    private static let boilerplateLineInitials = Set(boilerplateLineWords.compactMap { $0.unicodeScalars.first.map { String($0).lowercased() } })

    /// Whether a line reads as boilerplate (`boilerplateLines`). Most short lines of an article are ruled
    /// out by their first letter without running the regex over a bridged string (1% of extraction).
    static func isBoilerplateLine(_ text: String) -> Bool {
        var scalars = Substring(text).unicodeScalars
        func skipSpaces() { while let scalar = scalars.first, scalar.properties.isWhitespace { scalars = scalars.dropFirst() } }
        skipSpaces()
        // Swift's whitespace includes all of ICU's `\s`: skipping it never skips less than the regex does.
        if let scalar = scalars.first, "【[（(".unicodeScalars.contains(scalar) {
            scalars = scalars.dropFirst()
            skipSpaces()
        }
        guard let first = scalars.first, boilerplateLineInitials.contains(String(first).lowercased()) else { return false }
        return matches(boilerplateLines, text)
    }
}
