import FeedsmithStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Output files an earlier publish wrote that the configuration no longer publishes: a feed or source removed from
/// feeds.yml, or a source no longer given a feed of its own (`output.source_feeds`). Left in place, such a file is
/// served for ever as a feed that never changes; removed, readers and web servers answer that the feed is gone.
///
/// Only files the store records as published are candidates, and only inside the current output folder: after
/// `output.dir` moves, the old folder is the operator's to clear.
enum RetiredOutputs {
    struct Outcome: Sendable {
        /// Files removed.
        var removed: [String] = []
        /// Recorded paths to forget: removed, already gone, or outside the output folder.
        var forgotten: [String] = []
        /// Files that could not be removed; their record stays, so the next full publish tries again.
        var failed: [OutputStatus] = []
    }

    /// Removes each of `paths` inside `folder`, then syncs the folders they were in, so a crash cannot bring back
    /// a file whose record the store is about to forget.
    static func remove(_ paths: Set<String>, inside folder: String) -> Outcome {
        var outcome = Outcome()
        var folders: Set<String> = []
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        for path in paths.sorted() {
            guard path.hasPrefix(prefix), !path.contains("/../") else {
                outcome.forgotten.append(path)
                continue
            }
            if unlink(path) == 0 {
                outcome.removed.append(path)
                outcome.forgotten.append(path)
                folders.insert(AtomicFile.folder(ofPath: path))
            } else if errno == ENOENT {
                outcome.forgotten.append(path)
            } else {
                let reason = String(cString: strerror(errno))
                outcome.failed.append(OutputStatus(
                    path: path,
                    error: "no longer published, but could not be removed (\(reason)); check the folder's permissions or remove it by hand"))
            }
        }
        for folder in folders.sorted() { AtomicFile.syncDirectory(folder) }
        return outcome
    }
}
