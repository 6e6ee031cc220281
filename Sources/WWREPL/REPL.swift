import CSignals
import Foundation
import WWInterpreter

/// The interactive wwn REPL (`wwn` with no arguments).
///
/// On a terminal: libedit line editing, history, completion, multi-line entries, commands.
/// With piped input (`echo '1 + 2' | wwn`) the same entries run without prompts, banner or
/// colours; like `python3 < script`, the first error stops it and its exit code (65 syntax,
/// 70 runtime, 64 bad command, 130 interrupted) becomes the process's.
public enum REPL {
    public static let primaryPrompt = "wwn> "
    public static let continuationPrompt = "...> "

    /// Runs the REPL on standard input until `:quit`, Ctrl-D or the end of the input; returns
    /// the exit code. The interpreter needs the large-stack thread, and so does everything that
    /// touches it, line reading and completion included. `registry` holds the built-ins of the
    /// session.
    public static func run(version: String, registry: Registry) -> Int32 {
        let inputIsTerminal = isatty(STDIN_FILENO) != 0
        let outputIsTerminal = isatty(STDOUT_FILENO) != 0
        return runWithLargeStack {
            // The flag handler stays installed for the whole session; libedit swaps in its own
            // while it reads a line and passes the signal on to this one.
            wwn_install_interrupt_handler()
            let interpreter = Interpreter(registry: registry)
            let console = StandardConsole()
            let session = ReplSession(interpreter: interpreter, console: console,
                                      isInteractive: inputIsTerminal, readsStream: !inputIsTerminal)
            let reader: LineReader
            if inputIsTerminal, outputIsTerminal {
                reader = EditLineReader(completer: Completer(interpreter: interpreter), historyPath: HistoryLocation.path())
            } else {
                reader = PlainLineReader(showsPrompts: inputIsTerminal)
            }
            if inputIsTerminal {
                let banner = "wwn \(version) · :help for help, exit() or Ctrl-D to leave\n"
                if outputIsTerminal { console.write(banner) } else { console.writeError(banner) }
            }
            let loop = ReplLoop(session: session, reader: reader, isInteractive: inputIsTerminal)
            let status = loop.run()
            wwn_restore_interrupt_handler()
            return status
        }
    }
}
