import Foundation
import Testing
@testable import FeedsmithCore

@Suite struct PageExtractorTests {
    let now = utc(2026, 3, 13, 6)  // 14:00 in Shanghai

    struct Expected: Decodable {
        var title: String
        var published: String?
        var author: String?
        var text: String
        var url: String?
    }

    func article(_ name: String, url: String, listDate: Date? = nil, rules: ExtractionRules = .none) throws -> ExtractedArticle {
        let decoded = DocumentDecoder.decode(try Fixture.bytes("extract/\(name)"))
        #expect(decoded.replacedBytes == 0)
        // Sources extract from the decoded bytes; the String entry point must read the page the same way.
        let page = try PageExtractor.extract(decoded, url: url, rules: rules, timeZone: shanghai, now: now, listDate: listDate, expect: .article)
        let fromText = try PageExtractor.extract(html: decoded.text, url: url, rules: rules, timeZone: shanghai, now: now, listDate: listDate, expect: .article)
        guard case let .article(article) = page, case let .article(same) = fromText else { throw ExtractionError(message: "not an article") }
        #expect(article == same)
        return article
    }

    func expected(_ name: String) throws -> Expected {
        try JSONDecoder().decode(Expected.self, from: Data(try Fixture.bytes("extract/\(name)")))
    }

    /// Exact title, date with zone and author; text at least 95% the same, character by character.
    func check(_ article: ExtractedArticle, against expected: Expected, listDate: Date? = nil) {
        #expect(article.title == expected.title)
        let published = article.published.map { DateFormatting.rfc3339($0, in: shanghai) }
        #expect(published == expected.published)
        #expect(article.author == expected.author)
        let similarity = EditDistance.similarity(article.text, expected.text)
        #expect(similarity >= 0.95, "similarity \(similarity)\n\(article.text)")
        for text in [article.text, article.contentHTML, article.title] {
            #expect(!text.contains("\u{FFFD}"))
            #expect(!text.contains("xiàn") && !text.contains("(qū)") && !text.contains("jiān"), "no pinyin annotation")
        }
    }

    @Test func gbkPageLabelledGB2312() throws {
        let article = try article("gbk-gb2312-label-article.html", url: "https://news.example.cn/ycxw/202603/t20260312_100.html")
        check(article, against: try expected("gbk-gb2312-label-article.expected.json"))
        #expect(article.text.contains("朱镕基"))
        #expect(article.dateSource == "dateline")
        for boilerplate in ["责任编辑", "分享到", "版权所有", "网友评论", "热门文章", "首页", "搜索"] {
            #expect(!article.text.contains(boilerplate), "\(boilerplate)")
        }
        #expect(article.related.map(\.title) == ["我市进一步加大创业贷款扶持力度", "宁夏出台稳就业十条措施"])
        #expect(article.related.first?.date == utc(2026, 3, 10, 16))
    }

    @Test func utf8TraditionalWithRuby() throws {
        let article = try article("utf8-traditional-ruby-article.html", url: "https://news.example.cn/news/2026-03/13/x.html")
        check(article, against: try expected("utf8-traditional-ruby-article.expected.json"))
        #expect(article.dateSource == "json-ld")
        #expect(article.text.contains("現在好多了"))
        #expect(article.contentHTML.hasPrefix("<p>“小周"))
        #expect(article.notes.contains("removed 4 flattened ruby annotation(s)"), "社區 twice, 堅, 調")
        #expect(article.related.count == 3)
        #expect(article.related[2].title == "錨定現代化 改革再深化")
        #expect(!article.text.contains("相關新聞"))
    }

    @Test func big5PageDatedOnlyByItsURL() throws {
        let expected = try expected("big5-article.expected.json")
        let article = try article("big5-article.html", url: try #require(expected.url))
        check(article, against: expected)
        #expect(article.dateSource == "url")
        #expect(article.text.contains("邨") && article.text.contains("着"))
    }

    @Test func resavedUTF8PageDatedOnlyByTheListPage() throws {
        let listDate = utc(2026, 3, 10, 16)
        let page = try article("utf8-resaved-gb2312-meta-article.html", url: "https://fabu.example.cn/notice/55.html", listDate: listDate)
        var expected = try expected("utf8-resaved-gb2312-meta-article.expected.json")
        expected.published = "2026-03-11T00:00:00+08:00"
        check(page, against: expected)
        #expect(page.dateSource == "list")
        #expect(DocumentDecoder.decode(try Fixture.bytes("extract/utf8-resaved-gb2312-meta-article.html")).encoding == "UTF-8")
    }

    @Test func boilerplateHeavyPage() throws {
        let article = try article("boilerplate-heavy-article.html", url: "https://qx.example.cn/qx/2.html")
        check(article, against: try expected("boilerplate-heavy-article.expected.json"))
        for boilerplate in ["广告", "标签", "上一篇", "下一篇", "推荐阅读", "编辑：王芳", "首页", "网友评论"] {
            #expect(!article.text.contains(boilerplate), "\(boilerplate)")
        }
    }

    @Test func autoDetectionTellsArticlesFromLists() throws {
        for (name, isList) in [("gbk-gb2312-label-article.html", false), ("utf8-traditional-ruby-article.html", false), ("big5-article.html", false),
                               ("boilerplate-heavy-article.html", false), ("list-ul.html", true), ("list-table.html", true)] {
            let decoded = DocumentDecoder.decode(try Fixture.bytes("extract/\(name)"))
            let page = try PageExtractor.extract(html: decoded.text, url: "https://news.example.cn/ycxw/index.html", timeZone: shanghai, now: now)
            if case .list = page { #expect(isList, "\(name)") } else { #expect(!isList, "\(name)") }
        }
    }

    /// `titleCharacterBound` lets an article page skip building its best list's links; it must never be below the
    /// titles those links get, whatever the anchors hold: spaced-out letters (a space per character), text split
    /// across inline elements, and cut titles replaced by a longer title attribute.
    @Test func listTitleBoundIsNeverBelowTheTitles() throws {
        let spaced = (1...6).map { "<li><a href=\"/n/2026/10\($0)0.html\">N e w s i t e m \($0)</a> 2026-03-0\($0)</li>" }
        let split = (1...3).map { "<li><a href=\"/n/2026/20\($0)0.html\"><span>分</span><b>开</b> 的 <i>标题</i> \($0)</a></li>" }
        let cut = (1...3).map { "<li><a href=\"/n/2026/30\($0)0.html\" title=\"一个很长很长很长很长很长的完整标题，第\($0)条\">很长的标题…</a></li>" }
        let synthetic = "<html><body><ul>\((spaced + split + cut).joined())</ul></body></html>"
        var pages = [("synthetic", synthetic)]
        for name in ["gbk-gb2312-label-article.html", "utf8-traditional-ruby-article.html", "big5-article.html",
                     "boilerplate-heavy-article.html", "list-ul.html", "list-table.html"] {
            pages.append((name, DocumentDecoder.decode(try Fixture.bytes("extract/\(name)")).text))
        }
        var groups = 0
        for (name, html) in pages {
            let page = try #require(HTMLPage(html: html, url: "https://news.example.cn/ycxw/index.html"))
            let extractor = ListExtractor(page: page, rules: nil, timeZone: shanghai, now: now)
            guard let group = extractor.bestGroup() else { continue }
            groups += 1
            let titles = extractor.candidate(from: group)?.links.reduce(0) { $0 + $1.title.count } ?? 0
            #expect(extractor.titleCharacterBound(group) >= titles, "\(name): bound \(extractor.titleCharacterBound(group)), titles \(titles)")
            if name == "synthetic" { #expect(titles > 150, "the synthetic list is read whole: \(titles)") }
        }
        #expect(groups >= 5)
    }

    /// A page with a long paragraph is still a list when its list's titles outweigh it; the shortcut that skips
    /// building links applies only when they cannot.
    @Test func longTextBesideALongerListIsAList() throws {
        let paragraph = "<p>" + String(repeating: "本市今日召开新闻发布会，介绍了城市更新工作的最新进展情况。", count: 16) + "</p>"
        let items = (1...12).map { "<li><a href=\"/n/2026/4\($0)00.html\">第\($0)条：城市更新项目稳步推进，社区食堂与养老服务站相继建成投入使用</a></li>" }
        let html = "<html><body><div class=\"intro\">\(paragraph)</div><ul class=\"news-list\">\(items.joined())</ul></body></html>"
        guard case let .list(list) = try PageExtractor.extract(html: html, url: "https://news.example.cn/ycxw/index.html", timeZone: shanghai, now: now) else {
            Issue.record("not a list")
            return
        }
        #expect(list.links.count == 12)
    }

    @Test func listFromUL() throws {
        struct Link: Decodable { var url: String; var title: String; var date: String }
        let expected = try JSONDecoder().decode([Link].self, from: Data(try Fixture.bytes("extract/list-ul.expected.json")))
        let page = try PageExtractor.extract(html: try Fixture.text("extract/list-ul.html"), url: "https://news.example.cn/ycxw/index.html", timeZone: shanghai, now: now)
        guard case let .list(list) = page else { Issue.record("not a list"); return }
        #expect(list.links.map(\.url) == expected.map(\.url), "not nav, ranking, pagination or footer links")
        #expect(list.links.map(\.title) == expected.map(\.title))
        #expect(list.links.map { $0.date.map { DateFormatting.rfc3339($0, in: shanghai) } } == expected.map(\.date))
    }

    /// A source of kind auto looks for an advertised feed in the page it then extracts, parsed once: the search
    /// must leave the page as it found it, and see what a search over the text sees.
    @Test func searchingAParsedPageForFeedsLeavesItToExtract() throws {
        let html = try Fixture.text("extract/list-ul.html").replacingOccurrences(
            of: "</head>", with: "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/ycxw/rss.xml\"></head>")
        let url = "https://news.example.cn/ycxw/index.html"
        let page = try #require(HTMLPage(document: DocumentDecoder.decode(Array(html.utf8)), url: url))
        let advertised = FeedAutodiscovery.feedLinks(in: page)
        #expect(advertised == ["https://news.example.cn/ycxw/rss.xml"])
        #expect(advertised == FeedAutodiscovery.feedLinks(inHTML: html, baseURL: url))
        let searched = try PageExtractor.extract(page, timeZone: shanghai, now: now)
        let fresh = try PageExtractor.extract(html: html, url: url, timeZone: shanghai, now: now)
        guard case let .list(list) = searched, case let .list(same) = fresh else { Issue.record("not a list"); return }
        #expect(list.links.count == 6)
        #expect(list == same)
    }

    /// An English list page writes its dates in words; none has digits around a separator but one.
    @Test func listWithEnglishDates() throws {
        let page = try PageExtractor.extract(html: try Fixture.text("extract/list-en.html"), url: "https://times.example/news/", timeZone: shanghai, now: now)
        guard case let .list(list) = page else { Issue.record("not a list"); return }
        #expect(list.links.count == 6)
        let dates = list.links.map { $0.date.map { DateFormatting.rfc3339($0, in: shanghai) } ?? "-" }
        #expect(dates == ["2026-03-12T00:00:00+08:00", "2026-03-12T16:40:00+08:00", "2026-03-11T00:00:00+08:00",
                          "2026-03-11T00:00:00+08:00", "2026-03-13T12:00:00+08:00", "2026-03-12T00:00:00+08:00"])
    }

    @Test func listFromTableWithPartialAndRelativeDates() throws {
        let page = try PageExtractor.extract(html: try Fixture.text("extract/list-table.html"), url: "https://fabu.example.cn/tzgg/index.html", timeZone: shanghai, now: now)
        guard case let .list(list) = page else { Issue.record("not a list"); return }
        #expect(list.links.map(\.url) == (501...505).map { "https://fabu.example.cn/tzgg/show.php?id=\($0)" })
        let dates = list.links.map { $0.date.map { DateFormatting.rfc3339($0, in: shanghai) } ?? "-" }
        #expect(dates == ["2026-03-12T00:00:00+08:00", "2026-03-11T00:00:00+08:00", "2026-03-10T00:00:00+08:00",
                          "2026-03-13T11:00:00+08:00", "2026-03-12T15:20:00+08:00"])
    }

    @Test func pinnedSelectors() throws {
        let rules = ExtractionRules(
            list: .init(item: try Selector("ul.newslist li"), link: try Selector("a"), date: try Selector("span.date")))
        let page = try PageExtractor.extract(html: try Fixture.text("extract/list-ul.html"), url: "https://news.example.cn/ycxw/index.html", rules: rules, timeZone: shanghai, now: now)
        guard case let .list(list) = page else { Issue.record("not a list"); return }
        #expect(list.links.count == 6)
        #expect(list.links[0].date == utc(2026, 3, 12, 16))

        let articleRules = ExtractionRules(article: .init(title: try Selector("h1.arttitle"), content: try Selector(".TRS_Editor"), date: try Selector(".artinfo"), author: try Selector(".artinfo")))
        let article = try article("gbk-gb2312-label-article.html", url: "https://news.example.cn/a.html", rules: articleRules)
        #expect(article.title == "银川市发放创业担保贷款2.3亿元")
        #expect(article.published == utc(2026, 3, 12, 8, 40))
        #expect(article.author == "张晓慧")
        #expect(!article.text.contains("责任编辑"))
    }

    @Test func aSelectorThatMatchesNothingIsAClearError() throws {
        let rules = ExtractionRules(list: .init(item: try Selector("ul.articles li")))
        #expect(throws: ExtractionError(message: "list.item `ul.articles li` matched 0 nodes on https://news.example.cn/ycxw/index.html; the site's layout may have changed: check the selector")) {
            _ = try PageExtractor.extract(html: try Fixture.text("extract/list-ul.html"), url: "https://news.example.cn/ycxw/index.html", rules: rules, timeZone: shanghai)
        }
    }
}
