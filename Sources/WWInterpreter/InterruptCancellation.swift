import CSignals
import WWBase
import WWSyntax

extension Cancellation {
    /// Cancelled while a Ctrl-C is pending (the CSignals flag the interpreter polls). Polling
    /// (``Cancellation/isCancelled``) does not take the interrupt: after training stops, the
    /// program that called it stops at its next step too (a notebook must not compute verdicts
    /// from half a result). ``Cancellation/checkCancelled()`` takes it and throws the
    /// interpreter's "interrupted" error, as ``Interpreter/checkInterrupt()`` does. Reading the
    /// flag is one aligned load, safe from any thread. Only the language layer and the CLI wire
    /// SIGINT; domain modules default to ``Cancellation/never``.
    public static let interrupt = Cancellation({ wwn_interrupt_pending() != 0 }, error: {
        wwn_clear_interrupt()
        return Interpreter.interruptError
    })
}
