import Foundation
import WWBase
import WWInterpreter
import WWSyntax

/// What became of one entry.
public enum EntryOutcome {
    case done
    /// The code stops inside an open bracket, string or statement: read another line. The
    /// diagnostic is what to show if the user gives up (an empty line, or the end of a pipe).
    case needsMoreInput(Diagnostic)
    /// An error was reported; a pipe stops with this exit code.
    case failed(exitCode: Int32)
    /// Ctrl-C stopped the evaluation; the session's variables are as the code left them.
    case interrupted
    /// `:quit`, or the program called `exit(code)`: the REPL ends with this status.
    case quit(exitCode: Int32)
}

/// One REPL session over an interpreter: runs entries (code or commands), keeps `_`, and
/// reports errors. It knows nothing of terminals, so tests drive it directly.
public final class ReplSession {
    /// The variable holding the last displayed result (IPython and Python use the same name).
    public static let lastResultName = "_"

    public let interpreter: Interpreter
    private let console: ReplConsole
    private let naming: EntryNaming
    /// At a terminal the echoed ^C precedes the interrupt message, which then starts a new line.
    private let isInteractive: Bool
    private var completedEntries = 0

    /// `readsStream`: the entries are consecutive pieces of piped input (errors then give
    /// `<stdin>` line numbers).
    public init(interpreter: Interpreter, console: ReplConsole, isInteractive: Bool, readsStream: Bool) {
        self.interpreter = interpreter
        self.console = console
        self.isInteractive = isInteractive
        naming = EntryNaming(isStream: readsStream)
        interpreter.allowsRedeclaration = true
    }

    /// Runs an entry: all lines typed for it so far. `firstLine` is where it starts in the
    /// input, for piped error positions.
    public func submit(_ entry: String, firstLine: Int = 1) -> EntryOutcome {
        guard let command = ReplCommand.parse(entry) else {
            if let hint = leavingHint(entry) {
                console.writeError(hint)
                return .done
            }
            return evaluate(entry, firstLine: firstLine, timed: false)
        }
        switch command {
        case .help(let topic):
            return help(topic)
        case .load(let path):
            return load(path)
        case .vars:
            console.write(VariableSummary.listing(of: interpreter))
            return .done
        case .time(let code):
            return evaluate(code, firstLine: firstLine, timed: true)
        case .quit:
            return .quit(exitCode: ExitCode.success)
        case .invalid(let message):
            console.writeError("wwn: \(message)\n")
            return .failed(exitCode: ExitCode.usage)
        }
    }

    /// `exit`, `quit` and `quit()` typed by habit (Python's ways out) say how to leave instead
    /// of showing the built-in `exit` or an unknown name; a variable of the session with that
    /// name is shown as usual.
    private func leavingHint(_ entry: String) -> String? {
        let text = entry.trimmingCharacters(in: .whitespacesAndNewlines)
        guard ["exit", "quit", "quit()"].contains(text), !interpreter.globalNames.contains(String(text.prefix(4))) else { return nil }
        return "type exit() or press Ctrl-D to leave\n"
    }

    /// Shows an error (for an entry abandoned while incomplete, or any other diagnostic).
    public func report(_ diagnostic: Diagnostic) {
        console.writeError(naming.relocated(diagnostic).rendered(color: console.colorsErrors))
    }

    // MARK: code

    private func evaluate(_ code: String, firstLine: Int, timed: Bool) -> EntryOutcome {
        let name = naming.name(forEntry: completedEntries + 1, firstLine: firstLine)
        let outcome = run(SourceFile(name: name, text: code), keepsResult: true, timed: timed)
        if case .needsMoreInput = outcome { return outcome }
        completedEntries += 1
        return outcome
    }

    private func run(_ file: SourceFile, keepsResult: Bool, timed: Bool) -> EntryOutcome {
        // The flag is not cleared here: the reader clears it before each prompt, so a Ctrl-C
        // pressed just after Enter still stops the evaluation it was meant for.
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let value = try interpreter.run(file)
            let elapsed = clock.now - start
            if keepsResult, !value.isNil { interpreter.setGlobal(Self.lastResultName, to: value) }
            if timed { console.write("time: \(Self.format(elapsed))\n") }
            return .done
        } catch let diagnostic as Diagnostic {
            if diagnostic.isIncomplete { return .needsMoreInput(diagnostic) }
            if diagnostic.kind == .exit { return .quit(exitCode: diagnostic.requestedExitCode) }
            if diagnostic.kind == .interrupt {
                reportInterrupt(diagnostic)
                return .interrupted
            }
            report(diagnostic)
            return .failed(exitCode: diagnostic.exitCode)
        } catch {
            console.writeError("wwn: \(error)\n")
            return .failed(exitCode: ExitCode.software)
        }
    }

    private func reportInterrupt(_ diagnostic: Diagnostic) {
        var text = isInteractive ? "\n" : ""
        text += "interrupted"
        if let innermost = naming.relocated(diagnostic).stack.first { text += " \(innermost)" }
        console.writeError(text + "\n")
    }

    /// `1.23 s`, `45.6 ms` or `789 µs`: three significant digits are all a timing can claim.
    static func format(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        if seconds >= 1 { return String(format: "%.3g s", seconds) }
        if seconds >= 1e-3 { return String(format: "%.3g ms", seconds * 1e3) }
        return String(format: "%.3g µs", seconds * 1e6)
    }

    // MARK: commands

    private func help(_ topic: String?) -> EntryOutcome {
        let catalog = HelpCatalog(interpreter: interpreter)
        guard let topic else {
            console.write(catalog.overview())
            return .done
        }
        if let text = catalog.text(for: topic) {
            console.write(text)
            return .done
        }
        var message = "wwn: no help for '\(topic)'"
        if let guess = closestName(to: topic, in: catalog.topics + interpreter.globalNames) { message += "; did you mean '\(guess)'?" }
        console.writeError(message + " (:help lists the topics)\n")
        return .failed(exitCode: ExitCode.usage)
    }

    /// Runs a file in the session, its top-level values displayed as if typed; errors point
    /// into the file. `_` is left alone: a file is not one result.
    private func load(_ path: String) -> EntryOutcome {
        // The kind is checked before opening: a FIFO would block the session, /dev/zero would
        // never end.
        let file: SourceFile
        do throws(SourceReadError) { file = try SourceFile.read(path: path) } catch {
            console.writeError("wwn: \(error)\n")
            return .failed(exitCode: error.exitCode)
        }
        let outcome = run(file, keepsResult: false, timed: false)
        if case .needsMoreInput(let diagnostic) = outcome {
            report(diagnostic)  // a file that ends inside a bracket is simply wrong
            return .failed(exitCode: diagnostic.exitCode)
        }
        return outcome
    }
}
