import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Maps the charset labels pages declare to the converter names that decode them the way browsers do.
///
/// The WHATWG Encoding Standard reads gb2312 and gbk as GB18030 (pages labelled gb2312 contain
/// GBK-only characters such as 镕), big5 as Big5-HKSCS, and iso-8859-1/us-ascii as windows-1252.
public enum EncodingLabel {
    private static let aliases: [String: String] = {
        var table: [String: String] = [:]
        func add(_ target: String, _ labels: [String]) { for label in labels { table[label] = target } }
        add("UTF-8", ["utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8"])
        add("GB18030", ["gb18030", "gb2312", "gbk", "x-gbk", "cp936", "ms936", "windows-936", "chinese", "csgb2312",
                        "csiso58gb231280", "gb_2312", "gb_2312-80", "iso-ir-58", "euc-cn", "hz-gb-2312"])
        add("BIG5-HKSCS", ["big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5", "cp950", "ms950", "windows-950"])
        add("WINDOWS-1252", ["iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "l1", "us-ascii", "ascii", "ansi_x3.4-1968",
                             "cp1252", "windows-1252", "x-cp1252", "cp819", "ibm819", "iso-ir-100", "csisolatin1"])
        add("CP932", ["shift_jis", "shift-jis", "sjis", "ms_kanji", "x-sjis", "windows-31j", "csshiftjis", "ms932", "cp932"])
        add("EUC-JP", ["euc-jp", "cseucpkdfmtjapanese", "x-euc-jp"])
        add("ISO-2022-JP", ["iso-2022-jp", "csiso2022jp"])
        add("CP949", ["euc-kr", "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601", "ksc_5601", "korean", "windows-949", "cp949", "csksc56011987"])
        add("UTF-16LE", ["utf-16", "utf-16le", "unicode", "ucs-2", "csunicode", "unicodefeff"])
        add("UTF-16BE", ["utf-16be", "unicodefffe"])
        add("KOI8-R", ["koi8-r", "koi8_r", "koi", "koi8", "cskoi8r"])
        add("KOI8-U", ["koi8-u", "koi8-ru"])
        for n in [2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16] { add("ISO-8859-\(n)", ["iso-8859-\(n)", "iso8859-\(n)", "iso_8859-\(n)"]) }
        for n in 1250...1258 where n != 1252 { add("WINDOWS-\(n)", ["windows-\(n)", "cp\(n)", "x-cp\(n)"]) }
        add("CP866", ["ibm866", "cp866", "866"])
        add("TIS-620", ["tis-620", "windows-874", "iso-8859-11"])
        return table
    }()

    /// The converter name for a declared label, or nil when the label names nothing we can decode.
    public static func resolve(_ label: String) -> String? {
        let key = TextHygiene.trimming(label, ascii: " \t\r\n\"'").lowercased()
        guard !key.isEmpty, key.count <= 40 else { return nil }
        return aliases[key]
    }

    /// True for the labels whose decoding is UTF-8.
    public static func isUTF8(_ name: String) -> Bool { name == "UTF-8" }
}
