import Feedsmith
import Foundation
import Testing

/// Many outputs are written with one flush: staged beside their destinations, then committed together.
@Suite struct AtomicFileTests {
    func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedsmith-atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sources"), withIntermediateDirectories: true)
        return folder
    }

    func names(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test func stagedFilesAppearOnlyWhenCommittedAndLeaveNothingBehind() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let old = folder.appendingPathComponent("all.atom")
        try Data("old".utf8).write(to: old)
        let staged = try [
            AtomicFile.stage(old, with: Array("new atom".utf8)),
            AtomicFile.stage(folder.appendingPathComponent("all.rss"), with: Array("new rss".utf8)),
            AtomicFile.stage(folder.appendingPathComponent("sources/a.json"), with: Array("{}".utf8)),
        ]
        // Before the commit, readers still see the old file and nothing new under its final name.
        #expect(try String(contentsOf: old, encoding: .utf8) == "old")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("all.rss").path))
        let outcomes = AtomicFile.commit(staged)
        #expect(outcomes.allSatisfy { if case .success = $0 { true } else { false } })
        #expect(try String(contentsOf: old, encoding: .utf8) == "new atom")
        #expect(try String(contentsOf: folder.appendingPathComponent("all.rss"), encoding: .utf8) == "new rss")
        #expect(try String(contentsOf: folder.appendingPathComponent("sources/a.json"), encoding: .utf8) == "{}")
        #expect(try names(folder) == ["all.atom", "all.rss", "sources"], "no temporary file is left")
        #expect(try names(folder.appendingPathComponent("sources")) == ["a.json"])
    }

    @Test func holdsIsTrueOnlyForExactlyTheseBytes() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("all.atom")
        // Larger than one block, with the difference in the last block.
        var bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try Data(bytes).write(to: file)
        #expect(AtomicFile.holds(bytes, at: file))
        var changed = bytes
        changed[changed.count - 1] &+= 1
        #expect(!AtomicFile.holds(changed, at: file))
        changed = bytes
        changed[0] &+= 1
        #expect(!AtomicFile.holds(changed, at: file))
        #expect(!AtomicFile.holds(Array(bytes.dropLast()), at: file))
        bytes.append(7)
        #expect(!AtomicFile.holds(bytes, at: file))
        #expect(!AtomicFile.holds([], at: file))
        let empty = folder.appendingPathComponent("empty.json")
        try Data().write(to: empty)
        #expect(AtomicFile.holds([], at: empty))
        #expect(!AtomicFile.holds([0x7B], at: empty))
        #expect(!AtomicFile.holds([], at: folder.appendingPathComponent("missing.rss")))
        // A folder is not a published file, whatever its size.
        #expect(!AtomicFile.holds([], at: folder.appendingPathComponent("sources")))
    }

    @Test func aFileThatCannotBePutInPlaceFailsAloneAndKeepsNoTemporary() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A folder where the file should go: rename(2) cannot replace it.
        let blocked = folder.appendingPathComponent("blocked.atom")
        try FileManager.default.createDirectory(at: blocked.appendingPathComponent("inside"), withIntermediateDirectories: true)
        let staged = try [
            AtomicFile.stage(folder.appendingPathComponent("first.rss"), with: Array("1".utf8)),
            AtomicFile.stage(blocked, with: Array("2".utf8)),
            AtomicFile.stage(folder.appendingPathComponent("last.rss"), with: Array("3".utf8)),
        ]
        let outcomes = AtomicFile.commit(staged)
        #expect(outcomes.count == 3)
        if case .success = outcomes[0] {} else { Issue.record("first.rss should be written") }
        if case let .failure(error) = outcomes[1] {
            #expect(error.description.contains("blocked.atom"))
        } else {
            Issue.record("blocked.atom cannot be written")
        }
        if case .success = outcomes[2] {} else { Issue.record("last.rss should be written") }
        #expect(try names(folder) == ["blocked.atom", "first.rss", "last.rss", "sources"])
    }

    @Test func discardedStagingLeavesTheFolderAsItWas() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let staged = try AtomicFile.stage(folder.appendingPathComponent("all.json"), with: Array("{}".utf8))
        #expect(try names(folder).count == 2, "the staged file exists, hidden")
        staged.discard()
        #expect(try names(folder) == ["sources"])
    }

    @Test func temporariesOfDeadProcessesAreRemovedOthersKept() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A process that has exited: its pid names no process (the kernel does not hand it out again at once).
        let dead = try ProcessRunner.exitedPID()
        let own = ProcessInfo.processInfo.processIdentifier
        for name in ["all.atom", ".all.atom.tmp-\(dead)-42", ".a.rss.tmp-\(own)-7", ".b.json.tmp-1-9", ".hidden", ".c.tmp-x-1"] {
            try Data("x".utf8).write(to: folder.appendingPathComponent(name))
        }
        #expect(AtomicFile.removeStaleTemporaries(in: folder) == 1)
        #expect(try names(folder) == [".a.rss.tmp-\(own)-7", ".b.json.tmp-1-9", ".c.tmp-x-1", ".hidden", "all.atom", "sources"])
    }
}
