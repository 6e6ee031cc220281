import Foundation
import WWBase

/// Where the REPL's own text goes: command output beside the program's output, messages and
/// errors on standard error. A protocol so the session can be tested without a terminal.
public protocol ReplConsole: AnyObject {
    /// Text that belongs with the program's output (help, `:vars`, timings).
    func write(_ text: String)
    /// Errors and notices, which must not mix into output a pipe may be collecting.
    func writeError(_ text: String)
    /// Whether errors may use ANSI colours.
    var colorsErrors: Bool { get }
}

/// The process's standard output and error, written unbuffered through their file handles so
/// the REPL's text and the interpreter's output (also unbuffered) keep their order.
public final class StandardConsole: ReplConsole {
    public let colorsErrors: Bool

    public init(colorsErrors: Bool = StandardConsole.standardErrorTakesColor) {
        self.colorsErrors = colorsErrors
    }

    public func write(_ text: String) {
        StandardStreams.output(text)
    }

    public func writeError(_ text: String) {
        StandardStreams.error(text)
    }

    /// Colours only for a terminal, and never when the user asked for none
    /// (the NO_COLOR convention) or the terminal cannot show them.
    public static var standardErrorTakesColor: Bool {
        let environment = ProcessInfo.processInfo.environment
        if environment["NO_COLOR"].map({ !$0.isEmpty }) == true { return false }
        if environment["TERM"] == "dumb" { return false }
        return isatty(STDERR_FILENO) != 0
    }
}
