import Foundation
import Testing
@testable import FeedsmithCore

@Suite struct CharsetTests {
    /// A page labelled gb2312 that contains 镕 (GBK only): strict gb2312 decoders stop there.
    @Test func gb2312LabelIsReadAsGB18030() throws {
        let decoded = DocumentDecoder.decode(try Fixture.bytes("decode/gb2312-label-gbk-bytes.html"))
        #expect(decoded.encoding == "GB18030")
        #expect(decoded.origin == .metaTag)
        #expect(decoded.replacedBytes == 0)
        #expect(decoded.text.contains("朱镕基考察宁夏_银川新闻网"))
        #expect(decoded.text.contains("“我家就在这个小区里。”徐静坦言。"))
        #expect(!decoded.text.contains("\u{FFFD}"))
    }

    @Test func utf8PageKeepingItsOldGB2312MetaIsReadAsUTF8() throws {
        let decoded = DocumentDecoder.decode(try Fixture.bytes("decode/utf8-with-gb2312-meta.html"))
        #expect(decoded.encoding == "UTF-8")
        #expect(decoded.origin == .utf8OverDeclared)
        #expect(decoded.text.contains("朱镕基考察宁夏"))
    }

    @Test func big5IsReadAsBig5HKSCS() throws {
        let decoded = DocumentDecoder.decode(try Fixture.bytes("decode/big5-hkscs.html"))
        #expect(decoded.encoding == "BIG5-HKSCS")
        #expect(decoded.replacedBytes == 0)
        #expect(decoded.text.contains("香港特區的「邨」字與「着」字。"))
    }

    @Test func undeclaredGBKIsSniffed() throws {
        let decoded = DocumentDecoder.decode(try Fixture.bytes("decode/no-declaration-gbk.html"))
        #expect(decoded.encoding == "GB18030")
        #expect(decoded.origin == .sniffed)
        #expect(decoded.text.contains("全市新建了十二所社区食堂"))
    }

    @Test func precedenceBOMThenOverrideThenHTTPThenDeclarations() throws {
        let gbk = try Fixture.bytes("decode/gb2312-label-gbk-bytes.html")
        #expect(CharsetSniffer.detect([0xEF, 0xBB, 0xBF] + Array("<p>x</p>".utf8), contentType: "text/html; charset=gbk").origin == .byteOrderMark)
        #expect(CharsetSniffer.detect(gbk, contentType: "text/html; charset=big5", override: "gbk") == ("GB18030", .override))
        #expect(CharsetSniffer.detect(gbk, contentType: "text/html; charset=\"GBK\"") == ("GB18030", .httpHeader))
        #expect(CharsetSniffer.detect(Array("<?xml version='1.0' encoding='ISO-8859-1'?><rss/>".utf8)) == ("WINDOWS-1252", .xmlDeclaration))
        #expect(CharsetSniffer.detect(Array("<meta charset=\"Shift_JIS\">".utf8)) == ("CP932", .metaTag))
        #expect(CharsetSniffer.detect(Array("<meta http-equiv=Content-Type content=\"text/html;charset=euc-kr\">".utf8)) == ("CP949", .metaTag))
    }

    @Test func utf16WithBOMAndWithout() {
        let text = "<?xml version=\"1.0\"?><rss>银川</rss>"
        let le: [UInt8] = [0xFF, 0xFE] + Array(text.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(DocumentDecoder.decode(le).text == text)
        let be: [UInt8] = Array(text.utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let decoded = DocumentDecoder.decode(be)
        #expect(decoded.encoding == "UTF-16BE")
        #expect(decoded.text == text)
    }

    /// UTF-16 without a BOM that says so in its own declaration: the label is found with the NULs dropped, and is true.
    @Test func utf16DeclaredWithoutBOMIsUTF16() {
        let page = "<html><head><meta charset=\"utf-16\"><title>銀川新聞</title></head><body><p>今年以來，銀川市累計發放貸款。</p></body></html>"
        let be = Array(page.utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let le = Array(page.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        for (bytes, order) in [(be, "UTF-16BE"), (le, "UTF-16LE")] {
            let decoded = DocumentDecoder.decode(bytes)
            #expect(decoded.encoding == order)
            #expect(decoded.origin == .metaTag)
            #expect(decoded.replacedBytes == 0)
            #expect(decoded.text == page)
        }
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss version=\"2.0\"><channel><title>銀川</title></channel></rss>"
        #expect(DocumentDecoder.decode(Array(xml.utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }).text == xml)
        // The same label in bytes that are plainly 8-bit is still read as UTF-8.
        #expect(DocumentDecoder.decode(Array(page.utf8)).encoding == "UTF-8")
    }

    @Test func invalidBytesAreCountedNotHidden() {
        let bytes = Array("<p>好".utf8) + [0xFF, 0xFE, 0xFD] + Array("坏</p>".utf8)
        let decoded = DocumentDecoder.decode(bytes, contentType: "text/html; charset=utf-8")
        #expect(decoded.replacedBytes == 3)
        #expect(decoded.text.hasPrefix("<p>好"))
        #expect(decoded.text.hasSuffix("坏</p>"), "nothing after the bad bytes is lost")
    }

    /// Converted documents are kept as iconv's bytes; they must be exactly the text's UTF-8.
    @Test func convertedBytesAreTheTextsUTF8() throws {
        for name in ["decode/gb2312-label-gbk-bytes.html", "decode/big5-hkscs.html", "decode/no-declaration-gbk.html"] {
            let decoded = DocumentDecoder.decode(try Fixture.bytes(name))
            #expect(decoded.encoding != "UTF-8")
            let bytes = decoded.withUTF8 { Array($0) }
            #expect(String(validating: bytes, as: UTF8.self) == decoded.text, "\(name)")
        }
    }

    /// TSCII writes up to four characters (12 bytes) for one input byte, more than the three bytes per input byte
    /// the output buffer starts with: the conversion must start over with room rather than cut the text.
    @Test func convertersThatExpandMoreThanThreefoldAreNotCut() throws {
        let input = [UInt8](repeating: 0x82, count: 100)
        let expected = try #require(IconvDecoder.decode([0x82], from: "TSCII")).text
        #expect(expected.utf8.count == 12)
        let decoded = try #require(IconvDecoder.decodeToUTF8(input, from: "TSCII"))
        #expect(decoded.replacedBytes == 0)
        #expect(String(decoding: decoded.utf8, as: UTF8.self) == String(repeating: expected, count: 100))
    }

    @Test func windows1252ForLatin1Labels() {
        let decoded = DocumentDecoder.decode([0x93, 0x63, 0x61, 0x66, 0xE9, 0x94], contentType: "text/plain; charset=iso-8859-1")
        #expect(decoded.text == "\u{201C}café\u{201D}")
    }

    @Test func labelsMapAsWHATWGSays() {
        #expect(EncodingLabel.resolve("GB2312") == "GB18030")
        #expect(EncodingLabel.resolve(" x-gbk ") == "GB18030")
        #expect(EncodingLabel.resolve("big5") == "BIG5-HKSCS")
        #expect(EncodingLabel.resolve("us-ascii") == "WINDOWS-1252")
        #expect(EncodingLabel.resolve("utf8") == "UTF-8")
        #expect(EncodingLabel.resolve("nonsense") == nil)
    }

    /// Labels and header parameters are trimmed by bytes; Foundation's character-set trimming is the reference.
    @Test func asciiTrimmingAgreesWithFoundation() {
        let pieces = [" ", "\t", "\r", "\n", "\"", "'", "a", "GB2312", "é", "长", "\u{301}", "\u{3000}", "\u{A0}", "🙂", "=", ";", "x"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
            let reference = text.trimmingCharacters(in: CharacterSet(charactersIn: " \t\r\n\"'"))
            #expect(TextHygiene.trimming(text, ascii: " \t\r\n\"'") == reference, "\(text.debugDescription)")
            let slice = text.dropFirst()
            #expect(TextHygiene.trimming(slice, ascii: " \t\"'") == slice.trimmingCharacters(in: CharacterSet(charactersIn: " \t\"'")))
        }
        #expect(CharsetSniffer.parameter("charset", in: "text/html; Charset = \"gbk\" ; x=1") == "gbk")
        #expect(CharsetSniffer.parameter("charset", in: "text/html; charset=\"\"") == nil)
    }
}
