import Foundation

/// Reads author names from bylines: `记者 张晓慧`, `（記者 張曉慧）`, `記者李娜／報導`, `文/王磊`, `作者：Jane Doe`.
/// Returns the name, never the label.
public enum BylineParser {
    private static let pattern = try? NSRegularExpression(pattern:
        #"(?:记者|記者|通讯员|通訊員|作者|撰文|撰稿|文\s*[/／]|By|by)\s*[:：]?\s*([\p{Han}·]{2,4}(?:[\s、，,]+[\p{Han}·]{2,4})*|[A-Z][\p{L}.'-]+(?: [A-Z][\p{L}.'-]+){0,3})"#)

    public static func author(in text: String) -> String? {
        guard let pattern else { return nil }
        let range = NSRange(text.startIndex..., in: text)
        for match in pattern.matches(in: text, range: range) {
            guard let nameRange = Range(match.range(at: 1), in: text) else { continue }
            var name = String(text[nameRange])
            // `記者李娜／報導`, `记者 张晓慧 报道`: drop the trailing verb that follows the name.
            for suffix in ["报道", "報導", "報道", "摄影", "攝影", "摄", "攝"] where name.hasSuffix(suffix) && name.count > suffix.count + 1 {
                name = String(name.dropLast(suffix.count))
            }
            let isLatin = name.unicodeScalars.contains { $0.isASCII && CharacterSet.letters.contains($0) }
            let separators = isLatin ? "、，," : " 、，,"
            let names = name.split(whereSeparator: { separators.contains($0) }).map(String.init).filter { !$0.isEmpty }
            guard !names.isEmpty else { continue }
            return names.joined(separator: "、")
        }
        return nil
    }
}
