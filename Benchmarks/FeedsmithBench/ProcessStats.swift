import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Peak resident set size of this process (VmHWM), in MB.
func peakRSSMegabytes() -> Double { statusMegabytes("VmHWM:") }

/// Current resident set size of this process (VmRSS), in MB.
func residentMegabytes() -> Double { statusMegabytes("VmRSS:") }

private func statusMegabytes(_ field: String) -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix(field) {
        let kilobytes = line.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? 0
        return kilobytes / 1024
    }
    return 0
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// CPU time this process has used on all its threads, user and system, in seconds: beside a wall time it
/// shows whether a phase kept both cores busy.
func processCPUSeconds() -> Double {
    var time = timespec()
    guard clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time) == 0 else { return 0 }
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}
