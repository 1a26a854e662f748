import CLibXML2
import Foundation
import Testing

@testable import FeedsmithCore

/// Item bodies are parsed inside `<html><body>`; they used to be parsed inside
/// `<html><head><meta charset="utf-8"></head><body>`. Content hashes (so some item ids) are read from that body,
/// so it must come out the same whatever the fragment holds.
@Suite struct HTMLFragmentTests {
    static let oldPrefix = "<html><head><meta charset=\"utf-8\"></head><body>"

    /// The body element serialized, or nil when there is none.
    static func body(_ document: xmlDocPtr?) -> String? {
        guard let document else { return nil }
        defer { xmlFreeDoc(document) }
        guard let body = HTMLTree.body(of: document), let buffer = xmlBufferCreate() else { return nil }
        defer { xmlBufferFree(buffer) }
        htmlNodeDump(buffer, document, body)
        return xmlBufferContent(buffer).map { String(cString: $0) }
    }

    static let pieces = [
        "", " ", "text", "<p>x</p>", "<title>t</title>", "<head><meta charset=\"gbk\"></head>", "<meta charset=\"big5\">",
        "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\">", "中文 &nbsp;&amp;&lt;&copy;", "<html lang=\"zh\">",
        "<body class=\"a\">", "</body>", "</html>", "</head>", "<head>", "<!DOCTYPE html>", "<script>var x = '<p>';</script>",
        "<style>p { color: red }</style>", "<base href=\"/x/\">", "<a href=\"y\">y</a>", "<link rel=\"stylesheet\" href=\"s.css\">",
        "<frameset><frame src=\"f\"></frameset>", "<noscript>n</noscript>", "<![CDATA[x]]>", "<!-- c -->", "<p>a<div>b</div>c</p>",
        "<table><td>x", "<li>1<li>2", "<ruby>現<rt>xiàn</rt></ruby>", "<pre>  a\n  b</pre>", "\n\n", "<br>", "<img src=x onerror=y>",
        "<object data=\"o\"></object>", "<textarea><p></textarea>", "<svg><script>s</script></svg>", "<math><mi>x</mi></math>",
        "<template><p>t</p></template>", "<select><option>o</select>", "<iframe src=\"i\"></iframe>", "<h1>h</h1>", "<?php x ?>",
    ]

    @Test func bodiesAreTheSameAsInsideTheOldWrapper() throws {
        var fragments = Self.pieces + XSSVectorTests.vectors
        for folder in ["extract", "parse", "fuzz"] {
            let path = Fixture.folder.appendingPathComponent(folder).path
            for name in try FileManager.default.contentsOfDirectory(atPath: path).sorted() {
                fragments.append(String(decoding: try Fixture.bytes("\(folder)/\(name)"), as: UTF8.self))
            }
        }
        var random = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            fragments.append((0..<Int.random(in: 1...6, using: &random)).map { _ in Self.pieces.randomElement(using: &random) ?? "" }.joined())
        }
        var compared = 0
        for fragment in fragments {
            let old = Self.body(LibXML.parseHTML(Self.oldPrefix + fragment + LibXML.fragmentSuffix, url: "https://e.example/a/"))
            let new = Self.body(LibXML.parseHTMLFragment(fragment, url: "https://e.example/a/"))
            #expect(old == new, "\(fragment.prefix(300))")
            if old != nil { compared += 1 }
        }
        #expect(compared == fragments.count)
    }
}
