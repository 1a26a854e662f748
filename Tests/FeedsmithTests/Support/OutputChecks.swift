import FeedsmithCore
import Foundation
import Testing

/// Checks every file a refresh wrote, as the validator issue asks: zero errors and zero warnings,
/// self links matching base_url. A warning on our own output is a bug in our generator.
enum OutputChecks {
    static let baseURL = "https://feeds.example.net/"

    static func allOutputs(_ workspace: Workspace) throws -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: workspace.output.path)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".atom") || path.hasSuffix(".rss") || path.hasSuffix(".json") { files.append(path) }
        }
        return files.sorted()
    }

    static func expectAllValid(_ workspace: Workspace, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let files = try allOutputs(workspace)
        #expect(!files.isEmpty, sourceLocation: sourceLocation)
        for file in files {
            let report = FeedValidator.validate(try workspace.bytes(file), options: .init(expectedSelfURL: baseURL + file))
            #expect(report.findings.isEmpty, "\(file): \(report.findings)", sourceLocation: sourceLocation)
        }
    }
}
