import WWInterpreter
import WWREPL

/// Collects what a session writes, split as a terminal would see it.
final class RecordingConsole: ReplConsole {
    var output = ""
    var errors = ""
    let colorsErrors = false
    func write(_ text: String) { output += text }
    func writeError(_ text: String) { errors += text }
}

/// A session whose program output and REPL output land in the same string, in order.
final class SessionHarness {
    let console = RecordingConsole()
    let interpreter: Interpreter
    let session: ReplSession

    init(readsStream: Bool = false) {
        let sink = ConsoleSink()
        interpreter = Interpreter(registry: .sharedCore, output: sink)
        session = ReplSession(interpreter: interpreter, console: console, isInteractive: false, readsStream: readsStream)
        sink.console = console
    }

    /// Programs' `print` and displayed values go to the recording console's output.
    final class ConsoleSink: OutputSink {
        weak var console: RecordingConsole?
        func write(_ text: String) { console?.output += text }
        func display(_ value: Value) { console?.output += ValueFormatter.display(value) + "\n" }
    }
}
