import Foundation
import Testing

/// The unit file as systemd would judge it (the build machines do not boot systemd, but systemd-analyze runs).
@Suite struct SystemdUnitTests {
    static let unit = Fixtures.folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("systemd/feedsmith.service")

    @Test func hardeningExposureIsAtMostTwo() throws {
        let result = try ProcessRunner.run("/usr/bin/systemd-analyze", ["security", "--offline=true", Self.unit.path])
        let line = try #require(result.stdout.split(separator: "\n").first { $0.contains("Overall exposure level") }, "\(result.stdout)\(result.stderr)")
        let number = line.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) }
        let exposure = try #require(number, "\(line)")
        #expect(exposure <= 2.0, "\(line)")
    }

    @Test func verifyIsClean() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        // ExecStart names the installed path; point it at the built binary so verify can check it exists.
        let text = try String(contentsOf: Self.unit, encoding: .utf8).replacingOccurrences(of: "/usr/local/bin/feedctl", with: ProcessRunner.feedctl)
        let copy = workspace.folder.appendingPathComponent("feedsmith.service")
        try text.write(to: copy, atomically: true, encoding: .utf8)
        let result = try ProcessRunner.run("/usr/bin/systemd-analyze", ["verify", copy.path])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty && result.stderr.isEmpty, "\(result.stdout)\(result.stderr)")
        for directive in ["Type=notify", "ExecReload=/bin/kill -HUP $MAINPID", "Restart=on-failure", "WatchdogSec=", "StateDirectory=feedsmith",
                          "DynamicUser=yes", "ConfigurationDirectory=feedsmith", "CacheDirectory=feedsmith"] {
            #expect(text.contains(directive), "\(directive)")
        }
    }
}
