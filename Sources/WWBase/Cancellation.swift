/// Whether the user asked a long operation to stop (Ctrl-C in the language). Domain modules
/// poll it between units of work (layers, batches, rows) and never look at signals themselves,
/// so a Swift caller decides what cancels, and by default nothing does.
///
/// Two ways to stop, as the operation suits: ``isCancelled`` for work that ends cleanly with
/// what it has (training returns the network trained so far), ``checkCancelled()`` for work that
/// has nothing to return, which throws the cancellation's own error (the interpreter's
/// "interrupted" error, so it reaches the program exactly as a Ctrl-C between statements does).
///
/// The check may be called from worker threads (the spectral analysis polls it from each
/// worker), so it must be safe to call from any thread: reading an atomic flag or a value fixed
/// in advance. The closures are stored unchecked so tests can count polls through captures.
public struct Cancellation: @unchecked Sendable {
    private let check: () -> Bool
    private let makeError: () -> Error
    /// False only for ``never``: work that nothing can cancel runs inline.
    let canCancel: Bool

    /// A cancellation that asks `isCancelled` each time it is polled and, when
    /// ``checkCancelled()`` finds it cancelled, throws `error()`.
    public init(_ isCancelled: @escaping () -> Bool, error: @escaping () -> Error = { OperationCancelled() }) {
        self.init(isCancelled, error: error, canCancel: true)
    }

    private init(_ isCancelled: @escaping () -> Bool, error: @escaping () -> Error, canCancel: Bool) {
        check = isCancelled
        makeError = error
        self.canCancel = canCancel
    }

    /// True once the operation should stop. Polling does not consume the request: the caller
    /// (e.g. the interpreter) still sees it afterwards and stops its own work too.
    public var isCancelled: Bool { check() }

    /// Throws the cancellation's error if it is cancelled.
    public func checkCancelled() throws {
        if check() { throw makeError() }
    }

    /// Never cancelled: the default for every domain operation.
    public static let never = Cancellation({ false }, error: { OperationCancelled() }, canCancel: false)
}

/// The error of a ``Cancellation`` made without one of its own.
public struct OperationCancelled: Error, CustomStringConvertible {
    public init() {}
    public var description: String { "cancelled" }
}
