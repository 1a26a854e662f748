// Debug builds (fuzz.sh's among them) compile with testing enabled: the `line` target compares with an
// internal reference there. A release build of every product leaves that comparison out.
#if DEBUG
@testable import FeedsmithCore
#else
import FeedsmithCore
#endif
import Foundation

/// libFuzzer entry point. Built with `-sanitize=fuzzer,address` by scripts/fuzz.sh; the target is chosen by
/// FEEDSMITH_FUZZ_TARGET so one binary serves every stage. Each target must never crash, hang or leak,
/// whatever the bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    switch FuzzTarget.current {
    case .feed: FuzzTarget.feed(bytes)
    case .extract: FuzzTarget.extract(bytes)
    case .charset: FuzzTarget.charset(bytes)
    case .date: FuzzTarget.date(bytes)
    case .config: FuzzTarget.config(bytes)
    case .selector: FuzzTarget.selector(bytes)
    case .line: FuzzTarget.line(bytes)
    }
    return 0
}

enum FuzzTarget: String, CaseIterable {
    case feed, extract, charset, date, config, selector, line

    static var current: FuzzTarget { FuzzTarget(rawValue: ProcessInfo.processInfo.environment["FEEDSMITH_FUZZ_TARGET"] ?? "") ?? .feed }
    static let zone = TimeZone(identifier: "Asia/Shanghai") ?? .current

    static func feed(_ bytes: [UInt8]) {
        let decoded = DocumentDecoder.decode(bytes)
        if let feed = try? FeedParser.parse(decoded.text, context: ParseContext(baseURL: "https://fuzz.example/feed", timeZone: zone, maxItems: 200)) {
            _ = feed.items.map(\.title)
        }
        _ = FeedValidator.validate(bytes)
    }

    static func extract(_ bytes: [UInt8]) {
        let decoded = DocumentDecoder.decode(bytes)
        _ = try? PageExtractor.extract(html: decoded.text, url: "https://fuzz.example/a/1.html", timeZone: zone)
        _ = HTMLSanitizer.sanitize(decoded.text, baseURL: "https://fuzz.example/")
    }

    static func charset(_ bytes: [UInt8]) {
        let decoded = DocumentDecoder.decode(bytes, contentType: "text/html; charset=gb2312")
        _ = DocumentDecoder.decode(bytes)
        _ = MojibakeRepair.repair(decoded.text)
        _ = RubyAnnotation.strip(decoded.text)
    }

    static func date(_ bytes: [UInt8]) {
        let text = String(decoding: bytes.prefix(200), as: UTF8.self)
        if let date = DateParser.parse(text, timeZone: zone) {
            _ = DateFormatting.rfc3339(date, in: zone)
            _ = DateFormatting.rfc822(date, in: zone)
        }
        _ = DateFinder.find(in: text, now: Date(timeIntervalSince1970: 1_773_300_000), timeZone: zone)
        _ = DateFinder.mayHoldEnglishDate(text)
        _ = DateFinder.fromURL("https://fuzz.example/" + text, timeZone: zone)
    }

    /// Besides not crashing: HTML in the sanitizer's shape is read without libxml2, and what comes of it must be
    /// what comes of libxml2's tree: the single line (content hashes, so item ids, are built on it), for the bytes
    /// and their sanitized form, and the sanitized output itself.
    static func line(_ bytes: [UInt8]) {
        let html = String(decoding: bytes.prefix(65_536), as: UTF8.self)
        let sanitized = HTMLSanitizer.sanitize(html, baseURL: "https://fuzz.example/")
        #if DEBUG
        let parsed = HTMLSanitizer.sanitizeParsed(html, baseURL: "https://fuzz.example/")
        if sanitized != parsed { preconditionFailure("sanitized \(sanitized.debugDescription) differs from libxml2's tree's \(parsed.debugDescription)") }
        #endif
        for text in [html, sanitized] {
            let line = HTMLText.singleLine(text)
            let parsed = TextHygiene.singleLine(HTMLText.plain(text))
            if line != parsed { preconditionFailure("single line \(line.debugDescription) differs from the parse's \(parsed.debugDescription)") }
        }
    }

    static func config(_ bytes: [UInt8]) {
        _ = try? ConfigLoader.parse(String(decoding: bytes, as: UTF8.self), file: URL(fileURLWithPath: "/fuzz/feeds.yml"))
    }

    static func selector(_ bytes: [UInt8]) {
        _ = try? Selector(String(decoding: bytes.prefix(500), as: UTF8.self))
    }
}

#if !FUZZING
/// Without libFuzzer: replays inputs (saved crashers, corpus files) through a target, so a crash found by
/// fuzzing can be reproduced in an ordinary build: `feedsmith-fuzz TARGET FILE...`.
@main
struct FuzzReplay {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let name = arguments.first, FuzzTarget(rawValue: name) != nil else {
            print("usage: feedsmith-fuzz \(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")) FILE...")
            return
        }
        setenv("FEEDSMITH_FUZZ_TARGET", name, 1)
        for path in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            let bytes = [UInt8](data)
            var padded = bytes
            padded.append(0)  // a valid pointer even for an empty file; the count excludes it
            _ = padded.withUnsafeBufferPointer { buffer in buffer.baseAddress.map { fuzz($0, bytes.count) } }
            print("ok \(path)")
        }
    }
}
#endif

#if FUZZING
/// libFuzzer's driver, called from the entry point SwiftPM links executables with (it aliases `main` to
/// `<target>_main`), so libFuzzer's own `main` is not needed.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("feedsmith_fuzz_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in fuzz(data, size) }
}
#endif
