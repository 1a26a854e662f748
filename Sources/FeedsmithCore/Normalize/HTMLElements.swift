/// Element classes shared by the sanitizer and the plain-text walk.
enum HTMLElements {
    /// Removed with everything inside them: active content, forms, metadata, and ruby annotations
    /// (`<rt>`/`<rp>` hold pinyin and brackets, not article text).
    static let dropped: Set<String> = [
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input", "button",
        "select", "option", "textarea", "noscript", "template", "svg", "math", "link", "meta", "base", "head",
        "title", "rt", "rp", "canvas", "dialog", "portal", "param", "nav",
    ]

    /// Kept with the attributes listed (global ones come from ``globalAttributes``).
    static let allowed: [String: Set<String>] = [
        "a": ["href"], "abbr": [], "address": [], "article": [], "aside": [], "b": [], "bdi": [], "bdo": [],
        "blockquote": ["cite"], "br": [], "caption": [], "cite": [], "code": [], "col": ["span"], "colgroup": ["span"],
        "dd": [], "del": ["cite", "datetime"], "details": [], "dfn": [], "div": [], "dl": [], "dt": [], "em": [],
        "figcaption": [], "figure": [], "h1": [], "h2": [], "h3": [], "h4": [], "h5": [], "h6": [], "hr": [], "i": [],
        "img": ["src", "alt", "width", "height"], "ins": ["cite", "datetime"], "kbd": [], "li": ["value"], "mark": [],
        "ol": ["start", "reversed", "type"], "p": [], "pre": [], "q": ["cite"], "s": [], "samp": [], "section": [],
        "small": [], "span": [], "strike": [], "strong": [], "sub": [], "summary": [], "sup": [], "table": [],
        "tbody": [], "td": ["colspan", "rowspan", "headers"], "tfoot": [], "th": ["colspan", "rowspan", "headers", "scope"],
        "thead": [], "time": ["datetime"], "tr": [], "tt": [], "u": [], "ul": [], "var": [], "wbr": [],
    ]

    static let globalAttributes: Set<String> = ["title", "lang", "dir"]
    static let void: Set<String> = ["br", "hr", "img", "col", "wbr"]
    static let urlAttributes: Set<String> = ["href", "src", "cite"]

    /// Elements after which plain text starts a new line.
    static let block: Set<String> = [
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "blockquote", "pre",
        "section", "article", "figure", "figcaption", "dl", "dt", "dd", "hr", "header", "footer", "aside", "address",
        "caption", "details", "summary", "main", "center",
    ]

    /// Deeper content is dropped: a bound on recursion for hostile documents.
    static let maximumDepth = 200
}
