import Foundation

/// Runs a real child process (feedctl, gzip, python3) and collects what it printed.
struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum ProcessRunner {
    /// The built `feedctl`, beside the test bundle in the build folder.
    static var feedctl: String {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return executable.deletingLastPathComponent().appendingPathComponent("feedctl").path
    }

    /// `environment`: variables set on top of this process's own.
    static func run(
        _ path: String, _ arguments: [String], input: [UInt8]? = nil, currentDirectory: URL? = nil, environment: [String: String] = [:]
    ) throws -> ProcessResult {
        let process = try start(path, arguments, currentDirectory: currentDirectory, input: input, environment: environment)
        let out = process.standardOutputPipe.fileHandleForReading.readDataToEndOfFile()
        let err = process.standardErrorPipe.fileHandleForReading.readDataToEndOfFile()
        process.process.waitUntilExit()
        return ProcessResult(status: process.process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }

    struct Running {
        let process: Process
        let standardOutputPipe: Pipe
        let standardErrorPipe: Pipe
    }

    static func start(
        _ path: String, _ arguments: [String], currentDirectory: URL? = nil, input: [UInt8]? = nil, environment: [String: String] = [:]
    ) throws -> Running {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let inputPipe = Pipe()
        process.standardInput = inputPipe
        try process.run()
        if let input { inputPipe.fileHandleForWriting.write(Data(input)) }
        try? inputPipe.fileHandleForWriting.close()
        return Running(process: process, standardOutputPipe: out, standardErrorPipe: err)
    }

    /// Waits for `process` to end without holding a thread of the cooperative pool. The pool has one thread per
    /// core, and every test shares it: while two tests slept or waited for processes on it, a 2 s fetch deadline in a
    /// third measured 44 s, and a 0.04 s test finished 32 s in (test run of 23:40 UTC, 2026-12-01).
    static func exit(of process: Process) async {
        while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        process.waitUntilExit()
    }

    /// The PID of a process that has exited: what a file left by a killed writer names.
    static func exitedPID() throws -> Int32 {
        let exited = Process()
        exited.executableURL = URL(fileURLWithPath: "/bin/true")
        try exited.run()
        exited.waitUntilExit()
        return exited.processIdentifier
    }

    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-c", "-n"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(bytes))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return [UInt8](data)
    }
}
