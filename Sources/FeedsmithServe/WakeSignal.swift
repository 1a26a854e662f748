import Foundation

/// Lets the scheduler sleep until a deadline or until something (a reload, a control request) wakes it.
actor WakeSignal {
    private var waiter: CheckedContinuation<Void, Never>?
    private var pending = false
    private var generation = 0

    /// Returns after `seconds`, or earlier when ``signal()`` is called; a signal sent while awake is kept.
    func sleep(upTo seconds: TimeInterval) async {
        if pending {
            pending = false
            return
        }
        generation += 1
        let current = generation
        let timer = Task { [weak self] in
            try? await Task.sleep(nanoseconds: UInt64(max(seconds, 0) * 1e9))
            await self?.fire(current)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in waiter = continuation }
        } onCancel: {
            Task { await self.fire(current) }
        }
        timer.cancel()
    }

    func signal() {
        if waiter == nil { pending = true }
        fire(generation)
    }

    private func fire(_ expected: Int) {
        guard expected == generation, let waiter else { return }
        self.waiter = nil
        waiter.resume()
    }
}
