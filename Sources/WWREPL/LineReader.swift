import CSignals
import Foundation
import WWBase

/// What the user (or the pipe) gave for one prompt.
enum LineInput: Equatable {
    /// A line without its newline; a recalled multi-line history entry holds several.
    case line(String)
    /// Ctrl-C while reading: the REPL drops the line and prompts again.
    case interrupted
    /// Ctrl-D on an empty line, or the end of piped input.
    case end
}

/// Where the REPL's lines come from: libedit on a terminal, plain reads otherwise.
protocol LineReader: AnyObject {
    func readLine(prompt: String) -> LineInput
    /// Records a whole entry (all its lines) as one history item.
    func addHistory(_ entry: String)
    /// Writes the history file; called after every entry and on exit.
    func saveHistory()
    /// The next line without consuming it, or nil when unknown (a terminal cannot look ahead).
    func peekLine() -> String?
}

/// Reads standard input without line editing: for pipes and files, and for a terminal whose
/// output is redirected (then prompts go to standard error so the output stays clean).
final class PlainLineReader: LineReader {
    private let showsPrompts: Bool
    private var buffer: [UInt8] = []
    private var reachedEnd = false

    init(showsPrompts: Bool) {
        self.showsPrompts = showsPrompts
    }

    func readLine(prompt: String) -> LineInput {
        if showsPrompts { StandardStreams.error(prompt) }
        return nextLine(consuming: true)
    }

    /// Waits for the next whole line (or the end of the input), without consuming it.
    func peekLine() -> String? {
        if case .line(let line) = nextLine(consuming: false) { return line }
        return nil
    }

    private func nextLine(consuming: Bool) -> LineInput {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                var line = Array(buffer[..<newline])
                if consuming { buffer.removeSubrange(...newline) }
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                return .line(String(decoding: line, as: UTF8.self))
            }
            if reachedEnd {
                guard !buffer.isEmpty else {
                    if showsPrompts, consuming { StandardStreams.error("\n") }
                    return .end
                }
                let line = String(decoding: buffer, as: UTF8.self)
                if consuming { buffer.removeAll() }
                return .line(line)
            }
            switch InputPolling.waitForInput() {
            case .interrupted:
                wwn_clear_interrupt()
                // The terminal echoed ^C itself; the next prompt starts on a new line.
                if showsPrompts { StandardStreams.error("\n") }
                return .interrupted
            case .failed:
                reachedEnd = true
            case .ready:
                var chunk = [UInt8](repeating: 0, count: ReplLimits.readChunkSize)
                let count = chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
                if count > 0 {
                    buffer.append(contentsOf: chunk[..<count])
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    reachedEnd = true
                }
            }
        }
    }

    func addHistory(_ entry: String) {}
    func saveHistory() {}
}

/// Waiting for standard input while watching the interrupt flag. SIGINT may be delivered to
/// any thread of the process (the main thread, an OpenBLAS worker), so a blocked `read` on
/// the REPL's thread is not reliably interrupted; polling with a short timeout is.
enum InputPolling {
    enum Readiness { case ready, interrupted, failed }

    static func waitForInput() -> Readiness {
        while true {
            if wwn_interrupt_pending() != 0 { return .interrupted }
            var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, ReplLimits.interruptPollMilliseconds)
            if ready > 0 { return .ready }
            if ready < 0, errno != EINTR, errno != EAGAIN { return .failed }
        }
    }
}
