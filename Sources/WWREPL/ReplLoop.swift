import Foundation
import WWBase
import WWSyntax

/// Reads entries line by line, continues incomplete ones, and decides when to stop.
final class ReplLoop {
    private let session: ReplSession
    private let reader: LineReader
    private let isInteractive: Bool

    init(session: ReplSession, reader: LineReader, isInteractive: Bool) {
        self.session = session
        self.reader = reader
        self.isInteractive = isInteractive
    }

    func run() -> Int32 {
        var lines: [String] = []
        var unfinished: Diagnostic?
        var linesRead = 0
        var entryFirstLine = 1
        defer { reader.saveHistory() }
        while true {
            let prompt = lines.isEmpty ? REPL.primaryPrompt : REPL.continuationPrompt
            switch reader.readLine(prompt: prompt) {
            case .end:
                if let unfinished {
                    session.report(unfinished)
                    if !isInteractive { return unfinished.exitCode }
                }
                return ExitCode.success
            case .interrupted:
                lines = []
                unfinished = nil
                guard isInteractive else { return ExitCode.interrupted }
            case .line(let line):
                let firstLineOfInput = linesRead + 1
                linesRead += line.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
                let isBlank = line.allSatisfy(\.isWhitespace)
                if lines.isEmpty {
                    if isBlank { continue }
                    entryFirstLine = firstLineOfInput
                } else if isBlank, isInteractive, let pending = unfinished {
                    // An empty line is the way out of an entry that never completes.
                    reader.addHistory(lines.joined(separator: "\n"))
                    session.report(pending)
                    lines = []
                    unfinished = nil
                    continue
                }
                lines.append(line)
                let entry = lines.joined(separator: "\n")
                if continuesWithElse(entry) { continue }
                let outcome = session.submit(entry, firstLine: entryFirstLine)
                if case .needsMoreInput(let diagnostic) = outcome {
                    unfinished = diagnostic
                    continue
                }
                reader.addHistory(entry)
                reader.saveHistory()
                lines = []
                unfinished = nil
                switch outcome {
                case .quit(let status):
                    return status
                case .failed(let status) where !isInteractive:
                    return status
                case .interrupted where !isInteractive:
                    return ExitCode.interrupted
                default:
                    break
                }
            }
        }
    }

    /// A script may put `else` on the line after `}` (the grammar allows it), but the entry
    /// before it is already complete. From a pipe the next line can be read ahead, so such an
    /// entry waits for it; at a terminal it cannot, and `else` belongs on the `}` line.
    private func continuesWithElse(_ entry: String) -> Bool {
        guard entry.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("}"),
              let next = reader.peekLine()?.drop(while: { $0 == " " || $0 == "\t" }), next.hasPrefix("else") else {
            return false
        }
        let after = next.dropFirst(4).first
        return after == nil || after == "{" || after == " " || after == "\t"
    }
}
