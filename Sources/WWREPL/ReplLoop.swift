import Foundation
import WWBase
import WWSyntax

/// Reads entries line by line, continues incomplete ones, and decides when to stop.
final class ReplLoop {
    private let session: ReplSession
    private let reader: LineReader
    private let isInteractive: Bool

    /// The lines of the entry being typed.
    private var lines: [String] = []
    /// Why the entry is not complete yet (what to show if the user gives up on it).
    private var unfinished: Diagnostic?
    /// The entry is a complete `if` held back at a terminal, because an `else` may still start
    /// the next line (see ``mayContinueWithElse(_:)``).
    private var awaitingElse = false
    private var linesRead = 0
    private var entryFirstLine = 1

    init(session: ReplSession, reader: LineReader, isInteractive: Bool) {
        self.session = session
        self.reader = reader
        self.isInteractive = isInteractive
    }

    func run() -> Int32 {
        defer { reader.saveHistory() }
        while true {
            let prompt = lines.isEmpty ? REPL.primaryPrompt : REPL.continuationPrompt
            switch reader.readLine(prompt: prompt) {
            case .end:
                if awaitingElse, let status = submitEntry() { return status }
                if let unfinished {
                    session.report(unfinished)
                    if !isInteractive { return unfinished.exitCode }
                }
                return ExitCode.success
            case .interrupted:
                lines = []
                unfinished = nil
                awaitingElse = false
                guard isInteractive else { return ExitCode.interrupted }
            case .line(let line):
                if let status = handle(line) { return status }
            }
        }
    }

    /// Adds a line to the entry and runs the entry once it is complete; returns the status to
    /// end with, or nil to read on.
    private func handle(_ line: String) -> Int32? {
        let firstLineOfInput = linesRead + 1
        linesRead += line.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
        let isBlank = line.allSatisfy(\.isWhitespace)
        if awaitingElse {
            awaitingElse = false
            if !Self.startsWithElse(line) {
                // The `if` was whole: it runs now, and the line is an entry of its own (a blank
                // line only says that no `else` follows).
                if let status = submitEntry() { return status }
                if isBlank { return nil }
            }
        }
        if lines.isEmpty {
            if isBlank { return nil }
            entryFirstLine = firstLineOfInput
        } else if isBlank, isInteractive, let pending = unfinished {
            // An empty line is the way out of an entry that never completes.
            reader.addHistory(lines.joined(separator: "\n"))
            session.report(pending)
            lines = []
            unfinished = nil
            return nil
        } else if isBlank, Self.isDocumentation(lines) {
            lines = []  // `##` lines that no function followed
            return nil
        }
        lines.append(line)
        let entry = lines.joined(separator: "\n")
        if continuesWithElse(entry) { return nil }
        // `##` documents the function on the next line, as in a file: keep it for that entry.
        if Self.isDocumentation(lines) { return nil }
        if isInteractive, Self.mayContinueWithElse(entry) {
            awaitingElse = true
            return nil
        }
        return submitEntry()
    }

    /// Runs the entry typed so far; returns the status to end with, or nil to read on.
    private func submitEntry() -> Int32? {
        let entry = lines.joined(separator: "\n")
        let outcome = session.submit(entry, firstLine: entryFirstLine)
        if case .needsMoreInput(let diagnostic) = outcome {
            unfinished = diagnostic
            return nil
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
            return nil
        }
    }

    /// A script may put `else` on the line after `}` (the grammar allows it), but the entry
    /// before it is already complete. From a pipe the next line can be read ahead, so such an
    /// entry waits for it, exactly as a file is parsed.
    private func continuesWithElse(_ entry: String) -> Bool {
        guard entry.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("}"),
              let next = reader.peekLine(), Self.startsWithElse(next) else {
            return false
        }
        return true
    }

    /// At a terminal the next line cannot be read ahead: an entry that is a complete `if`
    /// without a final `else` is held (a `...>` prompt) until the next line shows whether an
    /// `else` follows. True when the entry parses, and still parses with an `else` after it.
    static func mayContinueWithElse(_ entry: String) -> Bool {
        guard entry.contains("if"), (try? Parser.parse(SourceFile(name: "<entry>", text: entry))) != nil else { return false }
        return (try? Parser.parse(SourceFile(name: "<entry>", text: entry + "\nelse {\n}"))) != nil
    }

    static func startsWithElse(_ line: String) -> Bool {
        let text = line.drop(while: { $0 == " " || $0 == "\t" })
        guard text.hasPrefix("else") else { return false }
        let after = text.dropFirst(4).first
        return after == nil || after == "{" || after == " " || after == "\t"
    }

    /// Lines that are all `##` documentation comments.
    static func isDocumentation(_ lines: [String]) -> Bool {
        lines.allSatisfy { $0.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("##") }
    }
}
