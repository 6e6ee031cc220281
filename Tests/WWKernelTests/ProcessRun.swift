import Foundation

/// Runs a program (the built wwn, the clients' python) with its output in a file, under a
/// timeout: a hung kernel or client fails the test instead of hanging it.
enum ProcessRun {
    struct Outcome {
        var status: Int32
        /// Standard output and error, interleaved as written.
        var output: String
        var timedOut: Bool
    }

    /// The built wwn: SwiftPM puts it next to the test bundle.
    static var binary: URL {
        var url = Bundle(for: KernelClientTests.self).bundleURL
        while url.lastPathComponent.hasSuffix(".xctest") { url.deleteLastPathComponent() }
        return url.appendingPathComponent("wwn")
    }

    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("wwn-kernel-test-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(50_000) }
        let timedOut = process.isRunning
        if timedOut {
            process.terminate()
            process.waitUntilExit()
        }
        try handle.close()
        return Outcome(status: process.terminationStatus, output: (try? String(contentsOf: log, encoding: .utf8)) ?? "", timedOut: timedOut)
    }
}
