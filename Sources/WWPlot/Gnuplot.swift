import Foundation
import WWBase
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A gnuplot executable, and one run of a script piped to it.
///
/// The script goes to gnuplot's standard input; standard error is captured for the error
/// message. gnuplot starts with `-d` (no initialisation files, so a user's ~/.gnuplot cannot
/// change a figure) in a private working directory. A run that exceeds
/// `PlotLimits.renderTimeout` is terminated and reported.
public struct Gnuplot: Sendable {
    /// The environment variable naming the gnuplot executable, for machines where it is not
    /// on the PATH.
    public static let environmentVariable = "WWN_GNUPLOT"

    public let executablePath: String

    public init(executablePath: String) {
        self.executablePath = executablePath
    }

    /// The gnuplot named by `WWN_GNUPLOT`, else the first on the PATH.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Gnuplot {
        if let path = environment[environmentVariable], !path.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw PlotError("\(environmentVariable) names '\(path)', which is not an executable file")
            }
            return Gnuplot(executablePath: path)
        }
        let directories = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        for directory in directories where !directory.isEmpty {
            let candidate = (directory as NSString).appendingPathComponent("gnuplot")
            if FileManager.default.isExecutableFile(atPath: candidate) { return Gnuplot(executablePath: candidate) }
        }
        throw PlotError.gnuplotMissing("PATH and \(environmentVariable)")
    }

    /// Runs `script` in `directory` and returns gnuplot's warnings (standard error of a
    /// successful run). Throws with the offending script line when gnuplot reports an error.
    @discardableResult
    public func run(_ script: String, in directory: URL, timeout: TimeInterval = PlotLimits.renderTimeout) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executablePath)
        process.arguments = ["-d"]
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        // A terminal set from the environment would be ignored (scripts set their own), but
        // keep gnuplot from trying to reach a display.
        environment.removeValue(forKey: "DISPLAY")
        environment.removeValue(forKey: "GNUTERM")
        process.environment = environment
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors

        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            try process.run()
        } catch {
            throw PlotError("cannot start gnuplot at '\(executablePath)': \(error.localizedDescription)")
        }
        // A signal that ends wwn stops gnuplot before removing the folder it writes into.
        let child = TemporaryFiles.registerChild(process.processIdentifier)
        defer { TemporaryFiles.unregisterChild(child) }

        let collector = StandardErrorCollector(errors.fileHandleForReading)
        collector.start()
        let writer = PipeWriter(Data(script.utf8), to: input.fileHandleForWriting)
        writer.start()

        if finished.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            if finished.wait(timeout: .now() + PlotLimits.terminationGrace) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                finished.wait()
            }
            writer.wait()
            collector.wait()
            throw PlotError("gnuplot did not finish within \(Int(timeout)) s and was stopped")
        }
        writer.wait()
        collector.wait()
        let stderr = collector.text
        if process.terminationReason == .uncaughtSignal {
            throw PlotError("gnuplot crashed (signal \(process.terminationStatus))" + (stderr.isEmpty ? "" : ": \(stderr)"))
        }
        if process.terminationStatus != 0 || GnuplotDiagnostics.hasError(stderr) {
            throw PlotError(GnuplotDiagnostics.describeFailure(stderr, script: script, status: process.terminationStatus))
        }
        return stderr
    }
}

/// Writes the script on its own thread, so gnuplot's reading and our collecting of its
/// standard error cannot deadlock on full pipes. SIGPIPE is blocked on that thread only: if
/// gnuplot dies early the write fails with EPIPE instead of killing the whole program, and
/// the thread ends with the signal still pending, which discards it.
private final class PipeWriter: @unchecked Sendable {
    private let data: Data
    private let handle: FileHandle
    private let done = DispatchSemaphore(value: 0)

    init(_ data: Data, to handle: FileHandle) {
        self.data = data
        self.handle = handle
    }

    func start() {
        let thread = Thread { [self] in
            var set = sigset_t()
            sigemptyset(&set)
            sigaddset(&set, SIGPIPE)
            pthread_sigmask(SIG_BLOCK, &set, nil)
            let descriptor = handle.fileDescriptor
            data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
                guard var pointer = buffer.baseAddress else { return }
                var remaining = buffer.count
                while remaining > 0 {
                    let written = write(descriptor, pointer, remaining)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return
                    }
                    remaining -= written
                    pointer += written
                }
            }
            try? handle.close()
            done.signal()
        }
        thread.start()
    }

    func wait() { done.wait() }
}

/// Reads gnuplot's standard error to its end on a background queue, keeping at most
/// `PlotLimits.maxErrorBytes`.
private final class StandardErrorCollector: @unchecked Sendable {
    private let handle: FileHandle
    private let done = DispatchSemaphore(value: 0)
    private var collected = Data()

    init(_ handle: FileHandle) { self.handle = handle }

    func start() {
        DispatchQueue.global().async { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                if collected.count < PlotLimits.maxErrorBytes { collected.append(chunk.prefix(PlotLimits.maxErrorBytes - collected.count)) }
            }
            done.signal()
        }
    }

    func wait() { done.wait() }

    var text: String { String(decoding: collected, as: UTF8.self) }
}
