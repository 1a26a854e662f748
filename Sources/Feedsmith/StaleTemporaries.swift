import Synchronization

/// The output folders this process has already cleared of dead processes' temporary files.
enum StaleTemporaries {
    private static let visited = Mutex<Set<String>>([])

    static func firstVisit(_ folder: String) -> Bool {
        visited.withLock { $0.insert(folder).inserted }
    }
}
