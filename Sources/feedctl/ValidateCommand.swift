import ArgumentParser
import Feedsmith
import FeedsmithCore
import FeedsmithFetch
import Foundation

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate feeds (RSS 2.0, Atom 1.0, JSON Feed 1.1), ours or anyone's.",
        discussion: """
            Prints one line per finding: INPUT:LINE:COLUMN: severity: [rule] message. Exits 1 when any input has an \
            error, 0 when there are only warnings or nothing.

            Examples:
              feedctl validate public/all.atom public/all.rss public/all.json
              feedctl validate --format json https://example.org/feed.xml
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(help: "Output format: text or json (one JSON object per finding per line).")
    var format: Format = .text

    @Option(name: .long, help: ArgumentHelp("The URL the feed's self link must name.", valueName: "url"))
    var selfURL: String?

    @Argument(help: "Files or URLs.")
    var inputs: [String]

    func run() async throws {
        let fetcher = Fetcher()
        var failed = false
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for input in inputs {
            let isURL = input.hasPrefix("http://") || input.hasPrefix("https://") || input.hasPrefix("file://")
            guard let url = isURL ? URL(string: input) : URL(fileURLWithPath: input) else { continue }
            let bytes: [UInt8]
            do {
                bytes = try await fetcher.fetch(FetchRequest(url: url, timeout: 30)).body ?? []
            } catch {
                failed = true
                emit(input: input, finding: ValidationFinding(severity: .error, rule: "fetch", message: "\(error)"), encoder: encoder)
                continue
            }
            let report = FeedValidator.validate(bytes, options: .init(expectedSelfURL: selfURL))
            failed = failed || !report.errors.isEmpty
            for finding in report.findings { emit(input: input, finding: finding, encoder: encoder) }
            if format == .text {
                print("\(input): \(report.format?.rawValue ?? "unknown format"), \(report.errors.count) error(s), \(report.warnings.count) warning(s)")
            }
        }
        await fetcher.shutdown()
        if failed { throw ExitCode(1) }
    }

    private func emit(input: String, finding: ValidationFinding, encoder: JSONEncoder) {
        switch format {
        case .text:
            let place = finding.line.map { ":\($0):\(finding.column ?? 1)" } ?? ""
            print("\(input)\(place): \(finding.severity.rawValue): [\(finding.rule)] \(finding.message)")
        case .json:
            struct Line: Encodable {
                var input: String, severity: String, rule: String, message: String, line: Int?, column: Int?
            }
            let line = Line(input: input, severity: finding.severity.rawValue, rule: finding.rule, message: finding.message, line: finding.line, column: finding.column)
            print(String(decoding: (try? encoder.encode(line)) ?? Data(), as: UTF8.self))
        }
    }
}
