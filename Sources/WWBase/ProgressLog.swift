import Foundation

/// A progress reporter that keeps every report, for a Swift caller that wants to log or check
/// what a long operation told it (the tests of each long operation use it). Safe to call from
/// several threads, as ``ProgressReporter`` requires.
public final class ProgressLog: ProgressReporter, @unchecked Sendable {
    /// One report: `done` of `total`, on the unit `label` names.
    public struct Entry: Equatable, Sendable {
        public let done: Int
        public let total: Int
        public let label: String
    }

    private let lock = NSLock()
    private var recorded: [Entry] = []
    private var finished = false

    public init() {}

    /// Every report so far, in the order they arrived.
    public var entries: [Entry] { lock.lock(); defer { lock.unlock() }; return recorded }

    /// Whether the operation said it is over.
    public var isFinished: Bool { lock.lock(); defer { lock.unlock() }; return finished }

    public func progress(done: Int, total: Int, label: String) {
        lock.lock(); defer { lock.unlock() }
        recorded.append(Entry(done: done, total: total, label: label))
    }

    public func finish() {
        lock.lock(); defer { lock.unlock() }
        finished = true
    }
}
