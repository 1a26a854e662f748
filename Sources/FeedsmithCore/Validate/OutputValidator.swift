import CLibXML2
import Foundation

/// One problem found in a feed document.
public struct ValidationFinding: Sendable, CustomStringConvertible, Equatable {
    public enum Severity: String, Sendable { case error, warning }
    public var severity: Severity
    public var rule: String
    public var message: String
    public var line: Int?
    public var column: Int?

    public init(severity: Severity, rule: String, message: String, line: Int? = nil, column: Int? = nil) {
        self.severity = severity
        self.rule = rule
        self.message = message
        self.line = line
        self.column = column
    }

    public var description: String {
        let place = line.map { "\($0):\(column ?? 0): " } ?? ""
        return "\(place)\(severity.rawValue): [\(rule)] \(message)"
    }
}

/// The checks run on every output before it is published: a strict (non-recovering) XML parse, and for
/// JSON Feed the required members.
public enum OutputValidator {
    public static func validate(_ bytes: [UInt8], format: OutputFormat) -> [ValidationFinding] {
        switch format {
        case .atom, .rss: return wellFormed(bytes)
        case .json: return jsonFeed(bytes)
        }
    }

    /// Parses without recover mode; any error is a finding with its line and column.
    public static func wellFormed(_ bytes: [UInt8]) -> [ValidationFinding] {
        _ = LibXML.initialized
        feedsmith_silence_libxml_errors()
        guard let context = xmlNewParserCtxt() else { return [ValidationFinding(severity: .error, rule: "xml", message: "out of memory")] }
        defer { xmlFreeParserCtxt(context) }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let document = bytes.withUnsafeBufferPointer { buffer -> xmlDocPtr? in
            guard let base = buffer.baseAddress else { return nil }
            return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlCtxtReadMemory(context, $0, Int32(clamping: buffer.count), nil, nil, options)
            }
        }
        if let document { xmlFreeDoc(document) }
        guard document == nil || context.pointee.wellFormed == 0 else { return [] }
        let error = xmlCtxtGetLastError(context)
        let message = error?.pointee.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "not well-formed"
        return [ValidationFinding(
            severity: .error, rule: "xml-well-formed", message: message,
            line: error.map { Int($0.pointee.line) }, column: error.map { Int($0.pointee.int2) })]
    }

    static func jsonFeed(_ bytes: [UInt8]) -> [ValidationFinding] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            return [ValidationFinding(severity: .error, rule: "json", message: "not a JSON object")]
        }
        var findings: [ValidationFinding] = []
        if (object["version"] as? String)?.hasPrefix("https://jsonfeed.org/version/") != true {
            findings.append(.init(severity: .error, rule: "jsonfeed-version", message: "`version` must be a jsonfeed.org version URL"))
        }
        if (object["title"] as? String)?.isEmpty != false {
            findings.append(.init(severity: .error, rule: "jsonfeed-title", message: "`title` is required"))
        }
        guard let items = object["items"] as? [[String: Any]] else {
            return findings + [.init(severity: .error, rule: "jsonfeed-items", message: "`items` must be an array of objects")]
        }
        var ids: Set<String> = []
        for (index, item) in items.enumerated() {
            guard let id = item["id"] as? String, !id.isEmpty else {
                findings.append(.init(severity: .error, rule: "jsonfeed-item-id", message: "item \(index) has no string `id`"))
                continue
            }
            if !ids.insert(id).inserted {
                findings.append(.init(severity: .error, rule: "jsonfeed-unique-id", message: "item \(index) repeats id \(id)"))
            }
            if item["content_html"] == nil && item["content_text"] == nil {
                findings.append(.init(severity: .error, rule: "jsonfeed-item-content", message: "item \(index) has neither content_html nor content_text"))
            }
        }
        return findings
    }
}
