import Feedsmith
import FeedsmithServe
import Foundation

/// The human-readable forms of reports.
enum ReportFormatter {
    static func lines(_ report: RefreshReport) -> [String] {
        var rows: [[String]] = []
        for source in report.sources {
            rows.append([
                source.sourceID, source.outcome.rawValue, "new=\(source.new)", "updated=\(source.updated)",
                String(format: "%.2fs", source.duration),
            ])
        }
        var lines = table(rows).split(separator: "\n").map(String.init)
        for source in report.sources {
            if let error = source.error { lines.append("  error: \(error)") }
            if source.outcome == .recovered { lines.append("  \(source.sourceID): \(source.notes.joined(separator: "; "))") }
        }
        for failure in report.publish.failures { lines.append("  publish error: \(failure)") }
        for path in report.publish.removed { lines.append("  removed \(path): no longer published") }
        if let grouping = report.grouping, grouping.grouped > 0 {
            lines.append("grouping: \(grouping.grouped) item(s) grouped, \(grouping.joined) joined coverage of the same story, \(grouping.merged) group(s) merged")
        }
        let ok = report.sources.count - report.failedCount
        let new = report.sources.reduce(0) { $0 + $1.new }
        let updated = report.sources.reduce(0) { $0 + $1.updated }
        lines.append(String(
            format: "total: %d sources, %d ok, %d failed, %d new, %d updated; %d files written, %d unchanged; %.2fs",
            report.sources.count, ok, report.failedCount, new, updated, report.publish.written.count, report.publish.unchanged,
            report.duration))
        return lines
    }

    /// The same summary for a refresh the daemon ran.
    static func lines(_ report: ControlReport) -> [String] {
        var rows: [[String]] = []
        for source in report.sources {
            rows.append([source.id, source.outcome, "new=\(source.new)", "updated=\(source.updated)", String(format: "%.2fs", source.duration)])
        }
        var lines = table(rows).split(separator: "\n").map(String.init)
        for source in report.sources { if let error = source.error { lines.append("  error: \(error)") } }
        for failure in report.publishFailures { lines.append("  publish error: \(failure)") }
        for path in report.removed ?? [] { lines.append("  removed \(path): no longer published") }
        let failed = report.sources.filter { $0.outcome == "failed" }.count
        lines.append(String(
            format: "total: %d sources, %d ok, %d failed, %d new, %d updated; %d files written, %d unchanged; %.2fs (by the daemon)",
            report.sources.count, report.sources.count - failed, failed, report.sources.reduce(0) { $0 + $1.new },
            report.sources.reduce(0) { $0 + $1.updated }, report.written, report.unchanged, report.duration))
        return lines
    }

    /// Left-aligned columns separated by two spaces, aligned by terminal width (CJK characters take two columns).
    static func table(_ rows: [[String]]) -> String {
        guard let columns = rows.map(\.count).max() else { return "" }
        var widths = Array(repeating: 0, count: columns)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], displayWidth(cell)) } }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - displayWidth(cell))
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// Columns a terminal gives the text: East Asian wide and full-width characters take two.
    static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { width, scalar in
            switch scalar.value {
            case 0x0300...0x036F, 0x200B...0x200F: return width
            case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
                 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
                return width + 2
            default: return width + 1
            }
        }
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone.current
        return formatter.string(from: date)
    }
}
