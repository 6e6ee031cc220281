import CSignals
import Foundation
import WWInterpreter
import WWREPL
import WWSyntax

/// The wwn session behind a kernel: one interpreter whose globals live from request to
/// request, as in the REPL (redeclaring a name replaces it, `_` holds the last result, `?name`
/// and `:commands` work). It knows nothing of sockets: requests come in as Swift values and
/// output goes to a `KernelOutput`, so tests drive it directly.
public final class KernelSession {
    /// How an execute request ended.
    public enum Outcome: Equatable {
        case ok
        /// The request failed: the `error` message's fields (traceback: the wwn diagnostic, line
        /// by line, as the terminal shows it).
        case error(name: String, value: String, traceback: [String])
    }

    public let interpreter: Interpreter
    let output: KernelOutput
    private let commands: ReplSession
    /// Incremented by every request that stores history, as the protocol's `execution_count`.
    public private(set) var executionCount = 0

    /// `publish` sends one IOPub message (type, content) on behalf of the request being run.
    public init(registry: Registry, publish: @escaping (String, KernelMessage.JSON) -> Void) {
        output = KernelOutput(publish: publish)
        interpreter = Interpreter(registry: registry, output: output)
        commands = ReplSession(interpreter: interpreter, console: StreamConsole(output: output), isInteractive: false, readsStream: false)
    }

    /// Runs one cell. `storesHistory`: the request counts (Jupyter's `store_history`).
    public func execute(_ code: String, storesHistory: Bool = true) -> Outcome {
        if storesHistory { executionCount += 1 }
        output.reset(executionCount: executionCount)
        // An interrupt that arrived while nothing ran was meant for nothing.
        wwn_clear_interrupt()
        defer { output.finish() }
        if ReplCommand.parse(code) != nil { return runCommand(code) }
        do {
            let value = try interpreter.run(SourceFile(name: "In[\(executionCount)]", text: code))
            if !value.isNil { interpreter.setGlobal(ReplSession.lastResultName, to: value) }
            return .ok
        } catch let diagnostic as Diagnostic {
            return outcome(of: diagnostic)
        } catch {
            return .error(name: "internal error", value: "\(error)", traceback: ["internal error: \(error)"])
        }
    }

    /// Evaluates one of an execute request's `user_expressions` after the cell, as the protocol
    /// asks: its value as `text/plain`, or the error. Its output goes nowhere and it does not
    /// count as an execution or change `_`.
    public func evaluateUserExpression(_ code: String) -> KernelMessage.JSON {
        do {
            let value = try interpreter.run(SourceFile(name: "<user expression>", text: code))
            return ["status": "ok", "data": ["text/plain": ValueFormatter.display(value)], "metadata": [String: Any]()]
        } catch let diagnostic as Diagnostic {
            guard case .error(let name, let value, let traceback) = outcome(of: diagnostic) else {
                return ["status": "ok", "data": ["text/plain": "nil"], "metadata": [String: Any]()]
            }
            return ["status": "error", "ename": name, "evalue": value, "traceback": traceback]
        } catch {
            return ["status": "error", "ename": "internal error", "evalue": "\(error)", "traceback": [String]()]
        }
    }

    /// `?name`, `:help`, `:vars`, `:time`, `:load` as the REPL runs them; their text is the
    /// cell's output, their errors the cell's error.
    private func runCommand(_ code: String) -> Outcome {
        switch commands.submit(code) {
        case .done:
            return .ok
        case .interrupted:
            return .error(name: "interrupted", value: "interrupted", traceback: ["interrupted"])
        case .failed(let exitCode):
            return .error(name: "error", value: "the command failed (exit status \(exitCode))", traceback: [])
        case .quit(let exitCode):
            output.writeStream("the kernel keeps running: shut it down from the client (or restart it)\n", name: "stderr")
            return exitCode == 0 ? .ok : .error(name: "exit", value: "the program called exit(\(exitCode))", traceback: [])
        case .needsMoreInput(let diagnostic):
            return outcome(of: diagnostic)
        }
    }

    private func outcome(of diagnostic: Diagnostic) -> Outcome {
        switch diagnostic.kind {
        case .exit:
            // exit() ends a script; a kernel is ended by its client, so the cell just stops.
            let code = diagnostic.requestedExitCode
            if code == 0 { return .ok }
            return .error(name: "exit", value: diagnostic.message, traceback: [diagnostic.message])
        case .interrupt:
            var text = "interrupted"
            if let innermost = diagnostic.stack.first { text += " \(innermost)" }
            return .error(name: "interrupted", value: diagnostic.message, traceback: [text])
        case .syntax, .resolution, .runtime:
            let lines = diagnostic.rendered(color: false).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            return .error(name: diagnostic.title, value: diagnostic.message, traceback: lines.last == "" ? Array(lines.dropLast()) : lines)
        }
    }

    // MARK: completion, help, completeness

    /// The REPL's completions for the word before `cursor` (a count of Unicode scalars, as the
    /// protocol counts): the matches and the scalar range they replace.
    public func complete(_ code: String, cursor: Int) -> (matches: [String], start: Int, end: Int) {
        let scalars = Array(code.unicodeScalars)
        let end = min(max(cursor, 0), scalars.count)
        var line = String(String.UnicodeScalarView(scalars[..<end]))
        if let newline = line.lastIndex(of: "\n") { line = String(line[line.index(after: newline)...]) }
        let result = Completer(interpreter: interpreter).complete(before: line)
        return (result.candidates.map(\.text), end - result.word.unicodeScalars.count, end)
    }

    /// The REPL's `?name` help for the name under the cursor, or nil when there is none.
    public func inspect(_ code: String, cursor: Int) -> String? {
        let scalars = Array(code.unicodeScalars)
        let position = min(max(cursor, 0), scalars.count)
        func isNamePart(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "_" || scalar == "." || scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
        }
        var start = position, end = position
        while start > 0, isNamePart(scalars[start - 1]) { start -= 1 }
        while end < scalars.count, isNamePart(scalars[end]) { end += 1 }
        let name = String(String.UnicodeScalarView(scalars[start..<end])).trimmingCharacters(in: CharacterSet(charactersIn: "."))
        guard !name.isEmpty else { return nil }
        return HelpCatalog(interpreter: interpreter).text(for: name)
    }

    /// Jupyter's is_complete: "incomplete" when the parser stopped at the end of the code
    /// inside an open construct (what makes the REPL read another line), "invalid" for any
    /// other syntax error, else "complete".
    public static func completeness(of code: String) -> String {
        if ReplCommand.parse(code) != nil { return "complete" }
        do {
            _ = try Parser.parse(SourceFile(name: "<cell>", text: code))
            return "complete"
        } catch let diagnostic as Diagnostic {
            return diagnostic.isIncomplete ? "incomplete" : "invalid"
        } catch {
            return "invalid"
        }
    }
}

/// The REPL's console inside a kernel: a command's text is the cell's stdout, its messages
/// the cell's stderr.
final class StreamConsole: ReplConsole {
    private let output: KernelOutput
    init(output: KernelOutput) { self.output = output }
    func write(_ text: String) { output.writeStream(text, name: "stdout") }
    func writeError(_ text: String) { output.writeStream(text, name: "stderr") }
    var colorsErrors: Bool { false }
}
