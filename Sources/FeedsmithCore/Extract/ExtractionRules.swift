import Foundation

/// Selectors an operator pins for an odd site (`list:` and `article:` in feeds.yml).
public struct ExtractionRules: Sendable, Equatable {
    public struct List: Sendable, Equatable {
        public var item: Selector
        public var link: Selector?
        public var title: Selector?
        public var date: Selector?

        public init(item: Selector, link: Selector? = nil, title: Selector? = nil, date: Selector? = nil) {
            self.item = item
            self.link = link
            self.title = title
            self.date = date
        }
    }

    public struct Article: Sendable, Equatable {
        public var title: Selector?
        public var content: Selector?
        public var date: Selector?
        public var author: Selector?

        public init(title: Selector? = nil, content: Selector? = nil, date: Selector? = nil, author: Selector? = nil) {
            self.title = title
            self.content = content
            self.date = date
            self.author = author
        }
    }

    public var list: List?
    public var article: Article?

    public init(list: List? = nil, article: Article? = nil) {
        self.list = list
        self.article = article
    }

    public static let none = ExtractionRules()
}

/// Why a page yielded nothing usable; the message names the selector and URL, never a silently empty feed.
public struct ExtractionError: Error, Sendable, CustomStringConvertible, Equatable {
    public var message: String
    public var description: String { message }

    public init(message: String) { self.message = message }

    static func matchedNothing(_ name: String, _ selector: Selector, url: String) -> ExtractionError {
        ExtractionError(message: "\(name) `\(selector.source)` matched 0 nodes on \(url); the site's layout may have changed: check the selector")
    }
}
