import Foundation
import XCTest

/// Runs a program on a pseudo-terminal, as a user at a terminal would, and waits for text in
/// its output (an `expect` in miniature). Every wait has a deadline, so a broken REPL fails
/// the test instead of hanging CI; the process is killed when the object goes away.
final class PseudoTerminal {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Long enough for a debug build to start (BLAS re-exec, standard library) on a busy machine.
    static let defaultTimeout: TimeInterval = 30
    /// How long one poll of the terminal waits, so deadlines are checked this often.
    private static let pollMilliseconds: Int32 = 20
    /// glibc's value; Swift does not see the GNU-only macro. A new session makes the terminal the
    /// child's controlling terminal, so Ctrl-C sent through it raises SIGINT in the child.
    private static let spawnSetSession: Int32 = 0x80

    private let master: Int32
    let pid: pid_t
    private var output: [UInt8] = []
    /// Where the next `expect` starts looking: text already matched is not matched again.
    private var searchStart = 0
    private var status: Int32?

    init(executable: URL, arguments: [String] = [], environment: [String: String]) throws {
        var master: Int32 = -1, slave: Int32 = -1
        var size = winsize(ws_row: 24, ws_col: 100, ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&master, &slave, nil, nil, &size) == 0, let name = ttyname(slave) else {
            throw Failure(description: "cannot open a pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        let slavePath = String(cString: name)
        defer { close(slave) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addclose(&actions, master)
        posix_spawn_file_actions_addclose(&actions, slave)
        posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), defaults = sigset_t()
        sigemptyset(&noSignals)
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(Self.spawnSetSession | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable.path, &actions, &attributes, argv, envp)
        guard result == 0 else {
            close(master)
            throw Failure(description: "cannot start \(executable.path): \(String(cString: strerror(result)))")
        }
        self.master = master
        self.pid = pid
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        if status == nil {
            kill(pid, SIGKILL)
            var raw: Int32 = 0
            waitpid(pid, &raw, 0)
        }
        close(master)
    }

    /// Everything the program wrote so far, escape sequences included.
    var transcript: String { String(decoding: output, as: UTF8.self) }

    /// Types `text` (use "\r" for Enter, "\u{03}" for Ctrl-C).
    func send(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            if written > 0 { bytes = bytes.dropFirst(written) } else if errno != EAGAIN && errno != EINTR { return }
        }
    }

    /// Waits for `needle` to appear after the previous match and returns the text up to it.
    @discardableResult
    func expect(_ needle: String, timeout: TimeInterval = defaultTimeout) throws -> String {
        let target = Array(needle.utf8)
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let range = find(target) {
                let text = String(decoding: output[searchStart..<range.upperBound], as: UTF8.self)
                searchStart = range.upperBound
                return text
            }
            guard Date() < deadline else {
                throw Failure(description: "no \(needle.debugDescription) within \(timeout) s; the terminal showed:\n\(transcript.debugDescription)")
            }
            pump()
        }
    }

    /// Reads output for `interval` seconds without waiting for anything in particular.
    func settle(for interval: TimeInterval) {
        let deadline = Date().addingTimeInterval(interval)
        while Date() < deadline { pump() }
    }

    /// Waits for the program to end and returns its exit code (128 + n if signal n killed it).
    func waitForExit(timeout: TimeInterval = defaultTimeout) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while status == nil {
            var raw: Int32 = 0
            if waitpid(pid, &raw, WNOHANG) == pid {
                status = (raw & 0x7F) == 0 ? (raw >> 8) & 0xFF : 128 + (raw & 0x7F)
                break
            }
            guard Date() < deadline else {
                throw Failure(description: "still running after \(timeout) s; the terminal showed:\n\(transcript.debugDescription)")
            }
            pump()
        }
        settle(for: 0.05)
        return status ?? -1
    }

    private func pump() {
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, Self.pollMilliseconds) > 0 else { return }
        var chunk = [UInt8](repeating: 0, count: 4096)
        let count = chunk.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
        if count > 0 {
            output += chunk[..<count]
        } else {
            // EIO once the program has closed the terminal: nothing more will come.
            usleep(useconds_t(Self.pollMilliseconds) * 1000)
        }
    }

    private func find(_ target: [UInt8]) -> Range<Int>? {
        guard !target.isEmpty, output.count - searchStart >= target.count else { return nil }
        for start in searchStart...(output.count - target.count) where output[start] == target[0] {
            if Array(output[start..<start + target.count]) == target { return start..<start + target.count }
        }
        return nil
    }
}
